import { compareSeries, SeriesComparison } from "../metrics/compareSeries";
import { histogram2d } from "./histogram2d";
import type { PlotFigure, PlotTrace } from "./figureTypes";
import { toPlotValues } from "./figureTypes";
import { FONT_SIZES, JOURNAL_FONT, SERIES_COLORS, SM_UNITS, journalAxis, journalLayout, panelLetter, panelLetterAnnotation } from "./journalStyle";
import { subplotGrid } from "./subplotGrid";

/** One scatter panel: prediction (y) against reference (x). */
export interface ScatterPanel {
  /** y values (e.g. the 59-rule model's prediction or the downscaled 1 km value), m³ m⁻³. */
  pred: ArrayLike<number>;
  /** x values (e.g. GLDAS or in situ), m³ m⁻³. */
  ref: ArrayLike<number>;
  /** Panel title, e.g. "Calibration (2013–2014)". */
  title?: string;
}

/** A statistic printed in each panel's annotation. */
export type ScatterStat = "n" | "r" | "p" | "rmse" | "rmsd" | "slope" | "bias" | "ubrmsd";

/** Options of {@link scatterFigure}. */
export interface ScatterFigureOptions {
  /** x-axis title. Default `GLDAS soil moisture (m³ m⁻³)`. */
  xTitle?: string;
  /** y-axis title. Default `Downscaled soil moisture (m³ m⁻³)`. */
  yTitle?: string;
  /** Common axis range [min, max]; default: all finite values of all panels ± 0.01, widened to multiples of 0.05. */
  range?: [number, number];
  /** Panels with more valid pairs than this are drawn as a 2-D density (log-coloured counts). Default 2000. */
  densityThreshold?: number;
  /** Bins per axis of the density. Default 100. */
  bins?: number;
  /** Grid columns. Default min(panels, 2). */
  columns?: number;
  /** Statistics in the annotation. Default ["n", "r", "rmse", "slope"]. */
  stats?: readonly ScatterStat[];
  /** Panel letters (a), (b), … Default true when there is more than one panel. */
  panelLetters?: boolean;
  /** Width and height of the figure in CSS px. Defaults: 380 px per column, square panels. */
  width?: number;
  height?: number;
  /** `minPairs` of the metrics. Default 3. */
  minPairs?: number;
  /** Marker size of plain scatter panels. Default 5. */
  markerSize?: number;
  /** Corner of the statistics box: "top-left" (default) or "bottom-right" (below the 1:1 line, where a cloud of points close to it leaves room). */
  statsCorner?: "top-left" | "bottom-right";
}

const STAT_LABEL: Record<ScatterStat, string> = { n: "n", r: "r", p: "p", rmse: "RMSE", rmsd: "RMSD", slope: "slope", bias: "bias", ubrmsd: "ubRMSD" };

/** Annotation text of one panel's statistics. */
export function formatStats(m: SeriesComparison, stats: readonly ScatterStat[]): string {
  const lines: string[] = [];
  for (const s of stats) {
    switch (s) {
      case "n": lines.push(`n = ${m.n.toLocaleString("en-US")}`); break;
      case "r": lines.push(`r = ${fmt(m.r, 2)}`); break;
      case "p": lines.push(Number.isNaN(m.pValue) ? "p = –" : m.pValue < 0.001 ? "p < 0.001" : m.pValue < 0.01 ? "p < 0.01" : `p = ${fmt(m.pValue, 2)}`); break;
      case "rmse": case "rmsd": lines.push(`${STAT_LABEL[s]} = ${fmt(m.rmse, 3)} ${SM_UNITS}`); break;
      case "ubrmsd": lines.push(`ubRMSD = ${fmt(m.ubrmsd, 3)} ${SM_UNITS}`); break;
      case "bias": lines.push(`bias = ${fmt(m.bias, 3)} ${SM_UNITS}`); break;
      case "slope": lines.push(`slope = ${fmt(m.slope, 2)}`); break;
    }
  }
  return lines.join("<br>");
}

function fmt(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : "–";
}

/**
 * Scatterplots of prediction vs reference with the 1:1 line, the least-squares line and an annotation
 * of n, r, RMSE and slope — the paper's Figure 4 (calibration and validation against GLDAS) and, with
 * other titles and statistics, Figure 6 (per-station panels). Panels with many points are drawn as a
 * 2-D histogram (log-scaled counts per bin, one shared colour bar) instead of markers.
 * The metrics ({@link compareSeries}) are in `layout.meta.metrics`, one per panel.
 *
 * @param panels the panels, in reading order
 * @param options axis titles, range, density threshold, bins, columns, stats, size
 * @throws RangeError when there is no panel, a panel's arrays differ in length, or an option is invalid
 * @example
 * const fig = scatterFigure([{ pred: cal.pred, ref: cal.gldas, title: "Calibration" },
 *                            { pred: val.pred, ref: val.gldas, title: "Validation" }], {});
 * fig.layout.meta.metrics[0].r; // r of the calibration panel
 */
export function scatterFigure(panels: readonly ScatterPanel[], options: ScatterFigureOptions = {}): PlotFigure {
  if (!Array.isArray(panels) || panels.length === 0) throw new RangeError("scatterFigure: panels must be a non-empty array");
  const densityThreshold = options.densityThreshold ?? 2000;
  const bins = options.bins ?? 100;
  const stats = options.stats ?? ["n", "r", "rmse", "slope"];
  const columns = options.columns ?? Math.min(panels.length, 2);
  const markerSize = options.markerSize ?? 5;
  const statsCorner = options.statsCorner ?? "top-left";
  if (statsCorner !== "top-left" && statsCorner !== "bottom-right") throw new RangeError(`scatterFigure: statsCorner must be "top-left" or "bottom-right", got ${String(statsCorner)}`);
  if (!(densityThreshold >= 0)) throw new RangeError(`scatterFigure: densityThreshold must be >= 0, got ${densityThreshold}`);
  if (!Number.isInteger(bins) || bins < 2) throw new RangeError(`scatterFigure: bins must be an integer >= 2, got ${bins}`);
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`scatterFigure: columns must be a positive integer, got ${columns}`);
  for (const s of stats) if (!(s in STAT_LABEL)) throw new RangeError(`scatterFigure: unknown stat ${String(s)} (use ${Object.keys(STAT_LABEL).join(", ")})`);
  panels.forEach((p, i) => {
    if (p.pred.length !== p.ref.length) throw new RangeError(`scatterFigure: panel ${i} has ${p.pred.length} pred and ${p.ref.length} ref values`);
  });
  const metrics = panels.map((p) => compareSeries(p.pred, p.ref, { minPairs: options.minPairs ?? 3 }));
  let range = options.range;
  if (range) {
    if (!(range[1] > range[0])) throw new RangeError(`scatterFigure: range must be [min, max] with max > min, got ${JSON.stringify(range)}`);
  } else {
    let lo = Infinity, hi = -Infinity;
    for (const p of panels) for (const arr of [p.pred, p.ref]) for (let i = 0; i < arr.length; i++) {
      const v = arr[i];
      if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
    }
    if (!Number.isFinite(lo)) { lo = 0; hi = 0.5; }
    // pad by 0.01 so points on a round value are not cut by the frame
    lo = Math.floor((lo - 0.01) / 0.05) * 0.05;
    hi = Math.ceil((hi + 0.01) / 0.05) * 0.05;
    if (hi <= lo) hi = lo + 0.05;
    range = [round6(lo), round6(hi)];
  }
  const rows = Math.ceil(panels.length / columns);
  const many = panels.length > 2;
  const letters = options.panelLetters ?? panels.length > 1;
  const width = options.width ?? Math.max(420, 330 * columns + 120);
  const height = options.height ?? Math.round(300 * rows + 90);
  const anyDensity = metrics.some((m) => m.n > densityThreshold);
  const layout = journalLayout({ width, height, showLegend: false, margin: { l: 70, r: anyDensity ? 90 : 20, t: 40, b: 60 } });
  const cells = subplotGrid(panels.length, rows, columns, { gapX: many ? 0.05 : 0.12, gapY: many ? 0.1 : 0.12, right: 0 });
  const data: PlotTrace[] = [];
  const annotations: Record<string, unknown>[] = [];
  const line = [range[0], range[1]];
  let maxLogCount = 0;
  panels.forEach((p, k) => {
    const c = cells[k];
    const m = metrics[k];
    const bottom = c.row === rows - 1 || k + columns >= panels.length;
    const left = c.col === 0;
    layout[c.xaxisKey] = journalAxis({
      title: bottom && (!many || c.col === Math.floor((columns - 1) / 2) || columns <= 2) ? options.xTitle ?? `GLDAS soil moisture (${SM_UNITS})` : undefined,
      range: [range![0], range![1]], extra: { domain: c.x, anchor: c.yaxis, dtick: tickStep(range!) },
    });
    layout[c.yaxisKey] = journalAxis({
      title: left && (!many || c.row === Math.floor((rows - 1) / 2) || rows <= 1) ? options.yTitle ?? `Downscaled soil moisture (${SM_UNITS})` : undefined,
      range: [range![0], range![1]], extra: { domain: c.y, anchor: c.xaxis, dtick: tickStep(range!), scaleanchor: c.xaxis, scaleratio: 1, constrain: "domain" },
    });
    if (m.n > densityThreshold) {
      const h = histogram2d(p.ref, p.pred, { range: [range![0], range![1]], bins });
      const z: (number | null)[][] = [];
      for (let j = 0; j < bins; j++) {
        const rowZ: (number | null)[] = new Array(bins);
        for (let i = 0; i < bins; i++) {
          const n = h.counts[j * bins + i];
          rowZ[i] = n > 0 ? round6(Math.log10(n)) : null;
          if (n > 0 && Math.log10(n) > maxLogCount) maxLogCount = Math.log10(n);
        }
        z.push(rowZ);
      }
      const centers = Array.from(h.centers, round6);
      data.push({ type: "heatmap", name: p.title ?? `panel ${k + 1}`, x: centers, y: centers, z, coloraxis: "coloraxis", xaxis: c.xaxis, yaxis: c.yaxis, hoverongaps: false });
    } else {
      data.push({
        type: "scatter", mode: "markers", name: p.title ?? `panel ${k + 1}`, x: toPlotValues(p.ref), y: toPlotValues(p.pred), xaxis: c.xaxis, yaxis: c.yaxis,
        marker: { size: markerSize, color: "rgba(0,0,0,0.55)", line: { width: 0 } },
      });
    }
    data.push({ type: "scatter", mode: "lines", name: "1:1", x: line, y: line, xaxis: c.xaxis, yaxis: c.yaxis, line: { color: SERIES_COLORS.identity, width: 1, dash: "dash" }, hoverinfo: "skip" });
    if (Number.isFinite(m.slope)) {
      data.push({
        type: "scatter", mode: "lines", name: "least-squares fit", x: line, y: line.map((v) => round6(m.slope * v + m.intercept)),
        xaxis: c.xaxis, yaxis: c.yaxis, line: { color: SERIES_COLORS.fit, width: 1.5 }, hoverinfo: "skip",
      });
    }
    annotations.push({
      text: formatStats(m, stats), xref: `${c.xaxis} domain`, yref: `${c.yaxis} domain`,
      ...(statsCorner === "top-left" ? { x: 0.03, y: 0.97, xanchor: "left", yanchor: "top", align: "left" } : { x: 0.97, y: 0.03, xanchor: "right", yanchor: "bottom", align: "right" }), showarrow: false, font: { size: many ? 10 : FONT_SIZES.annotation, family: JOURNAL_FONT, color: "#000000" }, bgcolor: "rgba(255,255,255,0.7)",
    });
    if (p.title) {
      annotations.push({
        text: p.title, xref: `${c.xaxis} domain`, yref: `${c.yaxis} domain`, x: 0.5, y: 1, xanchor: "center", yanchor: "bottom", yshift: 3,
        showarrow: false, font: { size: many ? 11 : FONT_SIZES.title, family: JOURNAL_FONT, color: "#000000" },
      });
    }
    if (letters) annotations.push(panelLetterAnnotation(panelLetter(k), { x: c.x, y: c.y }));
  });
  if (anyDensity) {
    const top = Math.max(1, Math.ceil(maxLogCount));
    const tickvals = Array.from({ length: top + 1 }, (_, i) => i);
    layout.coloraxis = {
      colorscale: "Viridis", cmin: 0, cmax: top,
      colorbar: { title: { text: "Points per bin", side: "right", font: { size: FONT_SIZES.tick } }, tickvals, ticktext: tickvals.map((i) => String(10 ** i)), thickness: 14, len: 0.8, outlinewidth: 1 },
    };
  }
  layout.annotations = annotations;
  layout.meta = { figure: "scatter", range, metrics };
  return { data, layout };
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function tickStep(range: [number, number]): number {
  const span = range[1] - range[0];
  return span > 0.6 ? 0.2 : span > 0.3 ? 0.1 : 0.05;
}
