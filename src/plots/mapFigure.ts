import type { LatLonGrid } from "../grid/latLonGrid";
import { coastlineTrace, CoastResolution } from "./coastlines";
import type { PlotFigure, PlotTrace } from "./figureTypes";
import { FONT_SIZES, JOURNAL_FONT, journalAxis, journalLayout, panelLetter, panelLetterAnnotation } from "./journalStyle";
import { subplotGrid } from "./subplotGrid";

/** One map panel: a field on a LatLonGrid. */
export interface MapPanel {
  grid: LatLonGrid;
  /** Row-major, north to south, `grid.size` values; NaN = no data (drawn blank). */
  values: ArrayLike<number>;
  /** Panel title, e.g. "Downscaled, July 2015". */
  title?: string;
  /** Colour scale of this panel (when scales are not shared): plotly name or [[0, c0], …, [1, c1]]. */
  colorscale?: string | [number, string][];
  /** Colour range of this panel (when not shared). Default: the panel's 2nd–98th percentile. */
  zmin?: number;
  zmax?: number;
  /** Colour-bar title of this panel (when not shared), with units, e.g. "RMSE (m³ m⁻³)". */
  colorbarTitle?: string;
  /** Reverse the colour scale. */
  reverseScale?: boolean;
}

/** Options of {@link mapFigure}. */
export interface MapFigureOptions {
  /** Grid columns. Default min(panels, 2). */
  columns?: number;
  /** One colour scale and colour bar for all panels (Figure 7) or one per panel (Figure 8). Default true. */
  sharedScale?: boolean;
  /** Shared colour scale. Default "YlGnBu" reversed (soil moisture: dry yellow → wet dark blue). */
  colorscale?: string | [number, string][];
  /** Reverse the shared colour scale. Default true with the default scale (plotly's YlGnBu runs dark blue → yellow), else false. */
  reverseScale?: boolean;
  /** Shared colour range. Default: 2nd–98th percentile of all panels. */
  zmin?: number;
  zmax?: number;
  /** Shared colour-bar title (with units), e.g. "Soil moisture (m³ m⁻³)". */
  colorbarTitle?: string;
  /** Draw coastlines. Default true. */
  coastlines?: boolean;
  coastResolution?: CoastResolution;
  /** Largest number of cells drawn per panel; bigger fields are block-averaged (NaN-aware). Default 200,000. */
  maxCells?: number;
  /** Panel letters (a), (b), … Default true when more than one panel. */
  panelLetters?: boolean;
  /** Width of one panel's plot area in px. Default 320. */
  panelWidth?: number;
  width?: number;
  height?: number;
}

/** Block mean (NaN-aware) of a grid field by an integer factor; returns the rows south → north. One sequential pass. */
function blockMean(grid: LatLonGrid, values: ArrayLike<number>, f: number): { z: (number | null)[][]; lon: number[]; lat: number[] } {
  const W = Math.ceil(grid.width / f);
  const H = Math.ceil(grid.height / f);
  const z: (number | null)[][] = new Array(H);
  const lat: number[] = new Array(H);
  const sums = new Float64Array(W);
  const counts = new Int32Array(W);
  for (let R = 0; R < H; R++) {
    sums.fill(0);
    counts.fill(0);
    const r1 = Math.min(grid.height, (R + 1) * f);
    for (let r = R * f; r < r1; r++) {
      const base = r * grid.width;
      for (let C = 0, c = 0; C < W; C++) {
        const cEnd = Math.min(grid.width, c + f);
        let s = 0;
        let n = 0;
        for (; c < cEnd; c++) {
          const v = values[base + c];
          if (v - v === 0) { s += v; n++; }
        }
        sums[C] += s;
        counts[C] += n;
      }
    }
    const row: (number | null)[] = new Array(W);
    for (let C = 0; C < W; C++) row[C] = counts[C] > 0 ? Math.round((sums[C] / counts[C]) * 1e5) / 1e5 : null;
    z[H - 1 - R] = row; // south → north
    lat[H - 1 - R] = round6((grid.latOf(R * f) + grid.latOf(r1 - 1)) / 2);
  }
  const lon: number[] = [];
  for (let C = 0; C < W; C++) {
    const c0 = C * f;
    const c1 = Math.min(grid.width, (C + 1) * f) - 1;
    lon.push(round6((grid.lonOf(c0) + grid.lonOf(c1)) / 2));
  }
  return { z, lon, lat };
}

function percentileRange(arrays: ArrayLike<number>[]): [number, number] {
  const vals: number[] = [];
  for (const a of arrays) {
    const step = Math.max(1, Math.floor(a.length / 200000));
    for (let i = 0; i < a.length; i += step) if (Number.isFinite(a[i])) vals.push(a[i]);
  }
  if (vals.length === 0) return [0, 1];
  vals.sort((x, y) => x - y);
  const lo = vals[Math.floor(0.02 * (vals.length - 1))];
  const hi = vals[Math.ceil(0.98 * (vals.length - 1))];
  return hi > lo ? [round6(lo), round6(hi)] : [round6(lo), round6(lo + 1e-6)];
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/**
 * Maps of LatLonGrid fields as heatmaps with coastlines, colour bars with titles and panel letters —
 * small multiples for the paper's Figure 7 (monthly means, 5 months × 2 products, one shared colour
 * bar) and Figure 8 (r, RMSE, p-value, rRMSE: one colour bar per panel, `sharedScale: false`).
 * Axes are longitude/latitude in degrees with the latitude axis stretched by 1/cos(mid-latitude)
 * (equirectangular view). Large fields are block-averaged to at most `maxCells` cells per panel
 * (the factor is in `layout.meta.decimation`).
 *
 * @param panels the maps, in reading order
 * @param options see {@link MapFigureOptions}
 * @throws RangeError when there is no panel, a field's length differs from its grid, or an option is invalid
 * @example
 * mapFigure([{ grid, values: gldasJuly, title: "GLDAS, July" }, { grid, values: downJuly, title: "Downscaled, July" }],
 *   { colorbarTitle: "Soil moisture (m³ m⁻³)", zmin: 0.05, zmax: 0.45 });
 */
export function mapFigure(panels: readonly MapPanel[], options: MapFigureOptions = {}): PlotFigure {
  if (!Array.isArray(panels) || panels.length === 0) throw new RangeError("mapFigure: panels must be a non-empty array");
  const columns = options.columns ?? Math.min(panels.length, 2);
  const shared = options.sharedScale ?? true;
  const maxCells = options.maxCells ?? 200000;
  const panelWidth = options.panelWidth ?? 320;
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`mapFigure: columns must be a positive integer, got ${columns}`);
  if (!Number.isInteger(maxCells) || maxCells < 1) throw new RangeError(`mapFigure: maxCells must be a positive integer, got ${maxCells}`);
  if (!(panelWidth > 0)) throw new RangeError(`mapFigure: panelWidth must be > 0, got ${panelWidth}`);
  panels.forEach((p, i) => {
    if (p.values.length !== p.grid.size) throw new RangeError(`mapFigure: panel ${i} has ${p.values.length} values for a grid of ${p.grid.size} cells`);
  });
  if (options.zmin !== undefined && options.zmax !== undefined && !(options.zmax > options.zmin)) {
    throw new RangeError(`mapFigure: zmax must be > zmin, got ${options.zmin} … ${options.zmax}`);
  }
  const rows = Math.ceil(panels.length / columns);
  // Size from the first grid's aspect in the equirectangular view.
  const g0 = panels[0].grid;
  const midLat = (g0.north + g0.south) / 2;
  const ratio = 1 / Math.cos((midLat * Math.PI) / 180);
  const aspect = ((g0.north - g0.south) * ratio) / (g0.east - g0.west);
  const barSpace = shared ? 110 : 95 * columns;
  const panelHeight = panelWidth * aspect;
  const width = options.width ?? Math.round(columns * panelWidth + (columns - 1) * 40 + 70 + barSpace);
  const height = options.height ?? Math.round(rows * panelHeight + (rows - 1) * 45 + 80);
  const layout = journalLayout({ width, height, showLegend: false, margin: { l: 55, r: shared ? 100 : 20, t: 35, b: 40 } });
  const perPanelBar = shared ? 0 : 95 / width;
  const cells = subplotGrid(panels.length, rows, columns, { gapX: 40 / width + perPanelBar, gapY: 45 / height, right: perPanelBar });
  const data: PlotTrace[] = [];
  const annotations: Record<string, unknown>[] = [];
  const decimation: number[] = [];
  const sharedRange: [number, number] = [
    options.zmin ?? NaN, options.zmax ?? NaN,
  ];
  if (shared && (Number.isNaN(sharedRange[0]) || Number.isNaN(sharedRange[1]))) {
    const auto = percentileRange(panels.map((p) => p.values));
    if (Number.isNaN(sharedRange[0])) sharedRange[0] = auto[0];
    if (Number.isNaN(sharedRange[1])) sharedRange[1] = auto[1];
  }
  panels.forEach((p, k) => {
    const c = cells[k];
    const f = Math.max(1, Math.ceil(Math.sqrt(p.grid.size / maxCells)));
    decimation.push(f);
    const { z, lon, lat } = blockMean(p.grid, p.values, f);
    const axisKey = shared ? "coloraxis" : `coloraxis${k === 0 ? "" : k + 1}`;
    const axisId = shared ? "coloraxis" : axisKey;
    data.push({ type: "heatmap", name: p.title ?? `panel ${k + 1}`, x: lon, y: lat, z, coloraxis: axisId, xaxis: c.xaxis, yaxis: c.yaxis, hoverongaps: false });
    const bounds = { west: p.grid.west, east: p.grid.east, south: p.grid.south, north: p.grid.north };
    if (options.coastlines ?? true) data.push(coastlineTrace(bounds, { xaxis: c.xaxis, yaxis: c.yaxis, resolution: options.coastResolution }));
    const bottom = c.row === rows - 1 || k + columns >= panels.length;
    layout[c.xaxisKey] = journalAxis({
      range: [bounds.west, bounds.east],
      extra: { domain: c.x, anchor: c.yaxis, ticksuffix: "°E", showticklabels: bottom, nticks: 5 },
    });
    layout[c.yaxisKey] = journalAxis({
      range: [bounds.south, bounds.north],
      extra: { domain: c.y, anchor: c.xaxis, ticksuffix: "°N", showticklabels: c.col === 0 || !shared, nticks: 5, scaleanchor: c.xaxis, scaleratio: round6(ratio), constrain: "domain" },
    });
    if (!shared) {
      const [lo, hi] = p.zmin !== undefined && p.zmax !== undefined ? [p.zmin, p.zmax] : percentileRange([p.values]);
      layout[axisKey] = {
        colorscale: p.colorscale ?? "Viridis", cmin: p.zmin ?? lo, cmax: p.zmax ?? hi, reversescale: p.reverseScale ?? false,
        colorbar: {
          title: { text: p.colorbarTitle ?? "", side: "right", font: { size: FONT_SIZES.tick, family: JOURNAL_FONT } },
          x: c.x[1] + 0.01, xanchor: "left", y: (c.y[0] + c.y[1]) / 2, yanchor: "middle", len: c.y[1] - c.y[0], thickness: 12, outlinewidth: 1,
          tickfont: { size: FONT_SIZES.tick - 1 },
        },
      };
    }
    if (p.title) {
      annotations.push({
        text: p.title, xref: "paper", yref: "paper", x: (c.x[0] + c.x[1]) / 2, y: c.y[1], xanchor: "center", yanchor: "bottom", yshift: 2,
        showarrow: false, font: { size: FONT_SIZES.annotation, family: JOURNAL_FONT, color: "#000000" },
      });
    }
    if (options.panelLetters ?? panels.length > 1) annotations.push(panelLetterAnnotation(panelLetter(k), c));
  });
  if (shared) {
    layout.coloraxis = {
      colorscale: options.colorscale ?? "YlGnBu", cmin: sharedRange[0], cmax: sharedRange[1],
      reversescale: options.reverseScale ?? options.colorscale === undefined,
      colorbar: {
        title: { text: options.colorbarTitle ?? "", side: "right", font: { size: FONT_SIZES.axisTitle, family: JOURNAL_FONT } },
        thickness: 14, len: 0.9, outlinewidth: 1, tickfont: { size: FONT_SIZES.tick },
      },
    };
  }
  layout.annotations = annotations;
  layout.meta = { figure: "map", decimation, sharedScale: shared };
  return { data, layout };
}
