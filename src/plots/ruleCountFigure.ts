import type { PlotFigure, PlotTrace } from "./figureTypes";
import { toPlotValues } from "./figureTypes";
import { FONT_SIZES, SERIES_COLORS, SM_UNITS, journalAxis, journalLayout, panelLetter, panelLetterAnnotation } from "./journalStyle";
import { subplotGrid } from "./subplotGrid";

/** RMSE and r of one data set for each rule count. */
export interface RuleCountSeries {
  /** RMSE per rule count, m³ m⁻³. */
  rmse: ArrayLike<number>;
  /** Pearson r per rule count. */
  r: ArrayLike<number>;
}

/** Input of {@link ruleCountFigure}. */
export interface RuleCountData {
  /** The rule caps (or actual rule counts) of the sweep, ascending. */
  rules: ArrayLike<number>;
  /** Training set (2013–2014). */
  calibration: RuleCountSeries;
  /** Validation set (2015). */
  validation?: RuleCountSeries;
  /** Cross-validation within 2013–2014. */
  cv?: RuleCountSeries;
}

/** Options of {@link ruleCountFigure}. */
export interface RuleCountFigureOptions {
  /** The count this run chose (marked with a solid vertical line and a label). */
  chosen?: number;
  /** The paper's count (dotted line). Default 59; `null` for none. */
  paperCount?: number | null;
  width?: number;
  height?: number;
}

/**
 * A reconstruction of the paper's Figure 3 (not recovered): RMSE (panel a) and r (panel b) against the
 * number of rules, for calibration, validation and cross-validation, with vertical markers at the
 * chosen count and at the paper's 59.
 *
 * @param sweep rule counts and the per-set RMSE and r
 * @param options `chosen`, `paperCount` (59), `width` (900), `height` (380)
 * @throws RangeError when the series lengths differ from `rules` or `rules` is empty
 * @example
 * ruleCountFigure({ rules: [1, 2, 5], calibration: { rmse: [0.07, 0.06, 0.05], r: [0.6, 0.7, 0.8] } }, { chosen: 5 });
 */
export function ruleCountFigure(sweep: RuleCountData, options: RuleCountFigureOptions = {}): PlotFigure {
  const n = sweep.rules.length;
  if (n === 0) throw new RangeError("ruleCountFigure: rules must not be empty");
  const sets: [string, string, RuleCountSeries | undefined, string][] = [
    ["calibration", "Calibration (2013–2014)", sweep.calibration, SERIES_COLORS.calibration],
    ["validation", "Validation (2015)", sweep.validation, SERIES_COLORS.validation],
    ["cv", "Cross-validation (2013–2014)", sweep.cv, SERIES_COLORS.cv],
  ];
  for (const [key, , s] of sets) {
    if (!s) continue;
    if (s.rmse.length !== n || s.r.length !== n) throw new RangeError(`ruleCountFigure: ${key} has ${s.rmse.length} RMSE and ${s.r.length} r values for ${n} rule counts`);
  }
  const paperCount = options.paperCount === undefined ? 59 : options.paperCount;
  const chosen = options.chosen;
  if (chosen !== undefined && !Number.isFinite(chosen)) throw new RangeError(`ruleCountFigure: chosen must be a finite number, got ${chosen}`);
  const layout = journalLayout({ width: options.width ?? 900, height: options.height ?? 380, margin: { l: 70, r: 20, t: 40, b: 95 } });
  const cells = subplotGrid(2, 1, 2, { gapX: 0.12 });
  const x = Array.from(sweep.rules);
  const data: PlotTrace[] = [];
  const symbols: Record<string, string> = { calibration: "circle", validation: "square", cv: "diamond" };
  for (const [key, label, s, color] of sets) {
    if (!s) continue;
    for (const [k, values] of [[0, s.rmse], [1, s.r]] as const) {
      data.push({
        type: "scatter", mode: n > 40 ? "lines" : "lines+markers", name: label, legendgroup: key, showlegend: k === 0,
        x, y: toPlotValues(values), xaxis: cells[k].xaxis, yaxis: cells[k].yaxis,
        line: { color, width: 1.5 }, marker: { color, size: 5, symbol: symbols[key] },
      });
    }
  }
  layout[cells[0].xaxisKey] = journalAxis({ title: "Number of rules", extra: { domain: cells[0].x, anchor: cells[0].yaxis } });
  layout[cells[0].yaxisKey] = journalAxis({ title: `RMSE (${SM_UNITS})`, extra: { domain: cells[0].y, anchor: cells[0].xaxis } });
  layout[cells[1].xaxisKey] = journalAxis({ title: "Number of rules", extra: { domain: cells[1].x, anchor: cells[1].yaxis } });
  layout[cells[1].yaxisKey] = journalAxis({ title: "r", extra: { domain: cells[1].y, anchor: cells[1].xaxis } });
  const shapes: Record<string, unknown>[] = [];
  const annotations: Record<string, unknown>[] = [panelLetterAnnotation(panelLetter(0), cells[0]), panelLetterAnnotation(panelLetter(1), cells[1])];
  const marks: [number, string, string][] = [];
  if (chosen !== undefined) marks.push([chosen, `chosen: ${chosen}`, "solid"]);
  if (paperCount !== null && paperCount !== undefined) marks.push([paperCount, `paper: ${paperCount}`, "dot"]);
  cells.forEach((c, panel) => {
    // RMSE falls with the rule count (labels at the top), r rises (labels at the bottom)
    const yTop = panel === 0 ? [0.98, 0.88] : [0.14, 0.04];
    marks.forEach(([v, text, dash], i) => {
      shapes.push({ type: "line", xref: c.xaxis, yref: `${c.yaxis} domain`, x0: v, x1: v, y0: 0, y1: 1, line: { color: "#000000", width: 1, dash } });
      annotations.push({
        text, xref: c.xaxis, yref: `${c.yaxis} domain`, x: v, y: yTop[i], xanchor: "left", yanchor: panel === 0 ? "top" : "bottom", xshift: 3,
        showarrow: false, font: { size: FONT_SIZES.annotation - 1 }, bgcolor: "rgba(255,255,255,0.8)",
      });
    });
  });
  layout.shapes = shapes;
  layout.annotations = annotations;
  layout.legend = { orientation: "h", x: 0.5, xanchor: "center", y: -0.24, yanchor: "top", font: { size: FONT_SIZES.annotation } };
  layout.meta = { figure: "ruleCount", chosen: chosen ?? null, paperCount };
  return { data, layout };
}
