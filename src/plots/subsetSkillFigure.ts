import type { PlotFigure, PlotTrace } from "./figureTypes";
import { toPlotValues } from "./figureTypes";
import { FONT_SIZES, SERIES_COLORS, SM_UNITS, journalAxis, journalLayout } from "./journalStyle";

/** One predictor subset of {@link subsetSkillFigure}. */
export interface SubsetSkillPoint {
  /** Short label drawn next to the marker (e.g. "ascat+lst+dem"). */
  label: string;
  /** Share of 1 km land pixel-days that get a prediction, 0–1 (x axis, drawn in %). */
  coverage: number;
  /** Error of the subset, m³ m⁻³ (y axis: grouped-CV RMSE, validation RMSE or RMSE against the 1 km truth); NaN points are left out. */
  rmse: number;
  /** Number of predictors (marker size grows with it). */
  predictors: number;
}

/** Indices of the points on the Pareto front (no other point has at least the coverage and at most the RMSE, one strictly), by coverage descending. */
function paretoFront(points: readonly SubsetSkillPoint[]): number[] {
  const order = points.map((_, i) => i).sort((a, b) => points[b].coverage - points[a].coverage || points[a].rmse - points[b].rmse);
  const front: number[] = [];
  let best = Infinity;
  for (const i of order) if (points[i].rmse < best) { front.push(i); best = points[i].rmse; }
  return front;
}

/**
 * The all-subsets figure a student reads at a glance: each predictor subset's error (y, m³ m⁻³) against its 1 km
 * coverage (x, % of land pixel-days with a prediction), one labelled marker per subset (bigger = more predictors),
 * the Pareto front (subsets no other beats on both coverage and error) joined by a line, and the set named
 * `marked` (the paper's six) drawn as a star. Moving right gains coverage (fewer cloud-limited inputs), moving down
 * gains skill.
 * @param points one per subset; NaN rmse or coverage (failed fits) are left out
 * @param options `marked` (label of the highlighted set; default none), `markedLegend` (its legend entry; default
 *   the label), `yTitle` (default "grouped-CV RMSE"), `labelAll` (draw every subset's label; default false: only the
 *   front's and the marked set's, so 63 labels do not overprint), `width` (900), `height` (560)
 * @throws RangeError when `points` is empty, a coverage is outside 0–1, or `marked` is not one of the labels
 * @example subsetSkillFigure([{ label: "ascat", coverage: 0.9, rmse: 0.05, predictors: 1 }, { label: "all six", coverage: 0.4, rmse: 0.04, predictors: 6 }], { marked: "all six" });
 */
export function subsetSkillFigure(points: readonly SubsetSkillPoint[], options: { marked?: string; markedLegend?: string; yTitle?: string; labelAll?: boolean; width?: number; height?: number } = {}): PlotFigure {
  if (!points.length) throw new RangeError("subsetSkillFigure: points must not be empty");
  for (const p of points) if (p.coverage < 0 || p.coverage > 1) throw new RangeError(`subsetSkillFigure: coverage of '${p.label}' must be within 0–1, got ${p.coverage}`);
  if (options.marked !== undefined && !points.some((p) => p.label === options.marked)) throw new RangeError(`subsetSkillFigure: marked '${options.marked}' is not one of the labels`);
  const ok = points.filter((p) => Number.isFinite(p.rmse) && Number.isFinite(p.coverage));
  const front = paretoFront(ok).map((i) => ok[i]);
  const pct = (p: SubsetSkillPoint) => 100 * p.coverage;
  const data: PlotTrace[] = [
    {
      type: "scatter", mode: options.labelAll ? "text+markers" : "markers", name: "predictor subset", x: ok.map(pct), y: toPlotValues(ok.map((p) => p.rmse)),
      text: ok.map((p) => p.label), hovertext: ok.map((p) => p.label), textposition: "top center", textfont: { size: FONT_SIZES.annotation - 3 },
      marker: { color: SERIES_COLORS.calibration, size: ok.map((p) => 4 + 1.5 * p.predictors), symbol: "circle", opacity: 0.7 },
    },
    {
      type: "scatter", mode: "text+lines+markers", name: "Pareto front (coverage vs error)", x: front.map(pct), y: toPlotValues(front.map((p) => p.rmse)),
      text: front.map((p) => p.label), textposition: "middle left", textfont: { size: FONT_SIZES.annotation - 1, color: SERIES_COLORS.validation },
      line: { color: SERIES_COLORS.validation, width: 1.5, dash: "dot" }, marker: { color: SERIES_COLORS.validation, size: 9, symbol: "circle-open" },
    },
  ];
  const m = ok.find((p) => p.label === options.marked);
  if (m) data.push({ type: "scatter", mode: "text+markers", name: options.markedLegend ?? m.label, x: [pct(m)], y: toPlotValues([m.rmse]), text: [m.label], textposition: "bottom center", textfont: { size: FONT_SIZES.annotation - 1 }, marker: { color: "#000000", size: 16, symbol: "star-open" } });
  const layout = journalLayout({ width: options.width ?? 900, height: options.height ?? 560, margin: { l: 70, r: 20, t: 30, b: 100 } });
  const xs = ok.map(pct);
  const lo = xs.length ? Math.min(...xs) : 0, hi = xs.length ? Math.max(...xs) : 100, pad = Math.max(1, 0.12 * (hi - lo));
  layout.xaxis = journalAxis({ title: "1 km coverage (% of land pixel-days with a prediction)", extra: { range: [lo - 2 * pad, hi + pad] } });
  layout.yaxis = journalAxis({ title: `${options.yTitle ?? "grouped-CV RMSE"} (${SM_UNITS})` });
  layout.legend = { orientation: "h", x: 0.5, xanchor: "center", y: -0.16, yanchor: "top", font: { size: FONT_SIZES.annotation } };
  layout.meta = { figure: "subsetSkill", marked: options.marked ?? null, subsets: points.length, front: front.map((p) => p.label) };
  return { data, layout };
}
