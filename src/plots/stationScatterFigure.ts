import type { PlotFigure } from "./figureTypes";
import { SM_UNITS } from "./journalStyle";
import { scatterFigure, ScatterStat } from "./scatterFigure";

/** One station of Figure 6. */
export interface StationScatterInput {
  /** Station name, e.g. "Andong". */
  name: string;
  /** Panel letter as in the paper's Table 2 (a–n); default by order. */
  id?: string;
  /** Daily in situ soil moisture, m³ m⁻³ (x). */
  insitu: ArrayLike<number>;
  /** Daily 1 km downscaled soil moisture at the station's pixel, m³ m⁻³ (y), same days. */
  downscaled: ArrayLike<number>;
}

/** Options of {@link stationScatterFigure}. */
export interface StationScatterOptions {
  /** Grid columns. Default 5 (14 stations → 3 rows). */
  columns?: number;
  /** Common range. Default from the data. */
  range?: [number, number];
  /** Statistics printed. Default ["n", "r", "rmsd", "slope", "p"] (Figure 6: slope, RMSD, r; p < 0.01). */
  stats?: readonly ScatterStat[];
  width?: number;
  height?: number;
  /** Corner of the statistics box. Default "bottom-right" (below the 1:1 line: station clouds sit near it, the box does not hide them). */
  statsCorner?: "top-left" | "bottom-right";
}

/**
 * Figure 6: per-station scatterplots of the 1 km downscaled soil moisture (y) against in situ (x),
 * May–September 2015, small multiples titled "(a) Andong" …, each with the 1:1 line, the least-squares
 * line and n, r, RMSD, slope, p. Built on {@link scatterFigure} (plain markers: a station has ≤ 153 days).
 *
 * @param stations the stations, in the paper's order (a–n)
 * @param options `columns` (5), `range`, `stats`, `width`, `height`, `statsCorner` ("bottom-right")
 * @throws RangeError when no station is given (and as {@link scatterFigure})
 * @example
 * const fig = stationScatterFigure([{ name: "Andong", insitu, downscaled }], {});
 */
export function stationScatterFigure(stations: readonly StationScatterInput[], options: StationScatterOptions = {}): PlotFigure {
  if (!Array.isArray(stations) || stations.length === 0) throw new RangeError("stationScatterFigure: stations must be a non-empty array");
  const columns = options.columns ?? Math.min(5, stations.length);
  const rows = Math.ceil(stations.length / columns);
  const fig = scatterFigure(
    stations.map((s, k) => ({ pred: s.downscaled, ref: s.insitu, title: `(${s.id ?? String.fromCharCode(97 + k)}) ${s.name}` })),
    {
      xTitle: `In situ (${SM_UNITS})`, yTitle: `Downscaled (${SM_UNITS})`, range: options.range, columns,
      stats: options.stats ?? ["n", "r", "rmsd", "slope", "p"], panelLetters: false, densityThreshold: Infinity, markerSize: 4,
      width: options.width ?? 210 * columns + 100, height: options.height ?? 215 * rows + 80, statsCorner: options.statsCorner ?? "bottom-right",
    },
  );
  (fig.layout.meta as Record<string, unknown>).figure = "stationScatter";
  return fig;
}
