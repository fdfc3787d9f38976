import type { PlotFigure, PlotTrace } from "./figureTypes";
import { toPlotValues } from "./figureTypes";
import { FONT_SIZES, SERIES_COLORS, SM_UNITS, journalAxis, journalLayout } from "./journalStyle";

/** One predictor set of {@link variableSelectionFigure}. */
export interface VariableSelectionPoint {
  /** Short label drawn next to the point (e.g. "−lst" or "ascat+amsr2"). */
  label: string;
  /** Number of predictors in the set (x axis). */
  predictors: number;
  /** Validation RMSE, m³ m⁻³ (y axis); NaN points (failed fits) are left out. */
  validationRmse: number;
  /** Grouped-CV RMSE, m³ m⁻³, drawn as a second series when finite. */
  cvRmse?: number;
}

/**
 * The variable-selection figure: validation RMSE (circles, labelled) and grouped-CV RMSE (diamonds, drawn 0.12 to
 * the left so they do not hide the labels) of each predictor set against its number of predictors; the set named `marked` (the paper's six) is drawn as a star.
 * @param points one per predictor set
 * @param options `marked` (label of the highlighted set; default none), `markedLegend` (its legend entry; default the
 *   label), `width` (900), `height` (460)
 * @throws RangeError when `points` is empty or `marked` is not one of the labels
 * @example variableSelectionFigure([{ label: "all six", predictors: 6, validationRmse: 0.05 }], { marked: "all six" });
 */
export function variableSelectionFigure(points: readonly VariableSelectionPoint[], options: { marked?: string; markedLegend?: string; width?: number; height?: number } = {}): PlotFigure {
  if (!points.length) throw new RangeError("variableSelectionFigure: points must not be empty");
  if (options.marked !== undefined && !points.some((p) => p.label === options.marked)) throw new RangeError(`variableSelectionFigure: marked '${options.marked}' is not one of the labels`);
  const ok = points.filter((p) => Number.isFinite(p.validationRmse));
  const data: PlotTrace[] = [{
    type: "scatter", mode: "text+markers", name: "Validation RMSE", x: ok.map((p) => p.predictors), y: toPlotValues(ok.map((p) => p.validationRmse)),
    text: ok.map((p) => p.label), textposition: "middle right", textfont: { size: FONT_SIZES.annotation - 2 },
    marker: { color: SERIES_COLORS.validation, size: 7, symbol: "circle" },
  }];
  const cv = points.filter((p) => Number.isFinite(p.cvRmse ?? NaN));
  if (cv.length) data.push({ type: "scatter", mode: "markers", name: "Grouped-CV RMSE", x: cv.map((p) => p.predictors - 0.12), y: toPlotValues(cv.map((p) => p.cvRmse as number)), marker: { color: SERIES_COLORS.cv, size: 7, symbol: "diamond" } });
  const m = ok.find((p) => p.label === options.marked);
  if (m) data.push({ type: "scatter", mode: "markers", name: options.markedLegend ?? m.label, x: [m.predictors], y: toPlotValues([m.validationRmse]), marker: { color: "#000000", size: 14, symbol: "star-open" } });
  const layout = journalLayout({ width: options.width ?? 900, height: options.height ?? 460, margin: { l: 70, r: 20, t: 30, b: 90 } });
  layout.xaxis = journalAxis({ title: "Number of predictors", extra: { dtick: 1, range: [0.5, Math.max(...points.map((p) => p.predictors)) + 1.2] } });
  layout.yaxis = journalAxis({ title: `RMSE (${SM_UNITS})` });
  layout.legend = { orientation: "h", x: 0.5, xanchor: "center", y: -0.18, yanchor: "top", font: { size: FONT_SIZES.annotation } };
  layout.meta = { figure: "variableSelection", marked: options.marked ?? null, sets: points.length };
  return { data, layout };
}
