import type { PlotFigure } from "./figureTypes";
import { SERIES_COLORS, SM_UNITS, journalAxis, journalLayout } from "./journalStyle";

/** One spread bin: its mean spread and the mean |error| of its cases (e.g. a row of spreadErrorBins). */
export interface SpreadErrorPoint {
  spreadMean: number;
  meanAbsError: number;
  /** Cases in the bin (shown in the hover text). */
  n: number;
}

/** Options of {@link spreadErrorFigure}. */
export interface SpreadErrorFigureOptions {
  /** Figure title. Default none. */
  title?: string;
  /** Pixel size. Default 520 × 420. */
  width?: number;
  height?: number;
}

/**
 * Spread–skill plot of a committee's uncertainty: per spread bin (e.g. deciles) the mean |error| against the mean
 * spread (markers joined by a line), with the 1:1 line for reference (a calibrated Gaussian spread would give a
 * mean |error| of ≈ 0.8 × spread, so rising points matter more than the 1:1 line). Both axes in m³ m⁻³ from 0.
 *
 * @param bins the bins, in rising spread
 * @param options `title` (none), `width` (520), `height` (420)
 * @throws RangeError when `bins` is empty or a bin's spreadMean / meanAbsError is not finite
 * @example
 * spreadErrorFigure(spreadErrorBins(spread, error).bins, { title: "Committee spread vs |error|" });
 */
export function spreadErrorFigure(bins: readonly SpreadErrorPoint[], options: SpreadErrorFigureOptions = {}): PlotFigure {
  if (!bins || bins.length === 0) throw new RangeError("spreadErrorFigure: bins must not be empty");
  bins.forEach((b, k) => {
    if (!Number.isFinite(b.spreadMean) || !Number.isFinite(b.meanAbsError)) throw new RangeError(`spreadErrorFigure: bins[${k}] needs finite spreadMean and meanAbsError, got ${b.spreadMean}, ${b.meanAbsError}`);
  });
  const top = 1.05 * Math.max(...bins.map((b) => Math.max(b.spreadMean, b.meanAbsError)));
  const layout = journalLayout({ width: options.width ?? 520, height: options.height ?? 420, title: options.title });
  layout.xaxis = journalAxis({ title: `Committee spread, bin mean (${SM_UNITS})`, range: [0, top] });
  layout.yaxis = journalAxis({ title: `Mean |error| (${SM_UNITS})`, range: [0, top] });
  layout.meta = { figure: "spreadError", bins: bins.length };
  return {
    data: [
      {
        type: "scatter", mode: "lines+markers", name: "spread bins", x: bins.map((b) => b.spreadMean), y: bins.map((b) => b.meanAbsError),
        text: bins.map((b) => `${b.n} cases`), line: { color: SERIES_COLORS.validation, width: 1.5 }, marker: { color: SERIES_COLORS.validation, size: 7 },
      },
      { type: "scatter", mode: "lines", name: "1:1", x: [0, top], y: [0, top], line: { color: "#000000", width: 1, dash: "dot" } },
    ],
    layout,
  };
}
