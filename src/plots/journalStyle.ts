/** Unit of volumetric soil moisture as printed on axes and colour bars. */
export const SM_UNITS = "m³ m⁻³";

/** Font stack: Arial where installed, else the metric-compatible Liberation Sans (Debian). */
export const JOURNAL_FONT = "Arial, 'Liberation Sans', Helvetica, sans-serif";

/** Font sizes, pt-like CSS px at the figure's nominal size. */
export const FONT_SIZES = { base: 13, axisTitle: 13, tick: 12, panelLetter: 14, annotation: 12, title: 14 } as const;

/** Colours of the series used across figures (colour-blind safe, Okabe–Ito). */
export const SERIES_COLORS = {
  insitu: "#000000",
  gldas: "#0072B2",
  downscaled: "#D55E00",
  precipitation: "#56B4E9",
  calibration: "#0072B2",
  validation: "#D55E00",
  cv: "#009E73",
  fit: "#D55E00",
  identity: "#555555",
  coast: "#333333",
} as const;

/** Options of {@link journalAxis}. */
export interface JournalAxisOptions {
  /** Axis title (with units in parentheses, e.g. `GLDAS (m³ m⁻³)`). */
  title?: string;
  /** Fixed range [min, max]. */
  range?: [number, number];
  /** Extra plotly axis attributes, merged last. */
  extra?: Record<string, unknown>;
}

/**
 * A plotly axis in journal style: black axis lines on all sides (mirror), outside ticks, no grid,
 * 12 px tick labels, 13 px title.
 *
 * @param options `title`, `range`, `extra`
 * @example
 * journalAxis({ title: `GLDAS (${SM_UNITS})`, range: [0, 0.5] }).title; // { text: "GLDAS (m³ m⁻³)", ... }
 */
export function journalAxis(options: JournalAxisOptions = {}): Record<string, unknown> {
  const axis: Record<string, unknown> = {
    showline: true, linecolor: "#000000", linewidth: 1, mirror: true, ticks: "outside", ticklen: 4,
    tickcolor: "#000000", showgrid: false, zeroline: false, tickfont: { size: FONT_SIZES.tick, family: JOURNAL_FONT, color: "#000000" },
  };
  if (options.title !== undefined) axis.title = { text: options.title, font: { size: FONT_SIZES.axisTitle, family: JOURNAL_FONT, color: "#000000" }, standoff: 6 };
  if (options.range) {
    axis.range = options.range.slice();
    axis.autorange = false;
  }
  return { ...axis, ...(options.extra ?? {}) };
}

/** Options of {@link journalLayout}. */
export interface JournalLayoutOptions {
  width?: number;
  height?: number;
  /** Figure title (journals usually put it in the caption: default none). */
  title?: string;
  showLegend?: boolean;
  margin?: { l?: number; r?: number; t?: number; b?: number };
}

/**
 * Base layout in journal style: white paper and plot background, Arial/Liberation Sans 13 px, black text,
 * legend without frame.
 *
 * @param options `width` (800), `height` (500), `title`, `showLegend` (true), `margin`
 * @throws RangeError when width/height are not positive
 * @example
 * journalLayout({ width: 700, height: 350 }).paper_bgcolor; // "#ffffff"
 */
export function journalLayout(options: JournalLayoutOptions = {}): Record<string, unknown> & { width: number; height: number } {
  const width = options.width ?? 800;
  const height = options.height ?? 500;
  if (!(width > 0) || !(height > 0)) throw new RangeError(`journalLayout: width and height must be > 0, got ${width} × ${height}`);
  const layout: Record<string, unknown> & { width: number; height: number } = {
    width, height,
    paper_bgcolor: "#ffffff", plot_bgcolor: "#ffffff",
    font: { family: JOURNAL_FONT, size: FONT_SIZES.base, color: "#000000" },
    showlegend: options.showLegend ?? true,
    legend: { bgcolor: "rgba(255,255,255,0.8)", borderwidth: 0, font: { size: FONT_SIZES.annotation } },
    margin: { l: 70, r: 20, t: options.title ? 50 : 30, b: 60, ...(options.margin ?? {}) },
  };
  if (options.title) layout.title = { text: options.title, font: { size: FONT_SIZES.title } };
  return layout;
}

/**
 * The panel letter of index i: (a), (b), … (z), (aa) …
 * @example
 * panelLetter(13, {}); // "(n)"
 */
export function panelLetter(i: number, options: Record<string, never> = {}): string {
  void options;
  if (!Number.isInteger(i) || i < 0) throw new RangeError(`panelLetter: i must be a non-negative integer, got ${i}`);
  let s = "";
  let k = i;
  do {
    s = String.fromCharCode(97 + (k % 26)) + s;
    k = Math.floor(k / 26) - 1;
  } while (k >= 0);
  return `(${s})`;
}

/**
 * A panel-letter annotation in the top-left corner of a subplot, just outside the plot area.
 * @param letter e.g. "(a)"
 * @param domain `{x: [x0, x1], y: [y0, y1]}` of the subplot in paper coordinates
 * @example
 * panelLetterAnnotation("(a)", { x: [0, 0.45], y: [0, 1] }).text; // "<b>(a)</b>"
 */
export function panelLetterAnnotation(letter: string, domain: { x: readonly number[]; y: readonly number[] }): Record<string, unknown> {
  return {
    text: `<b>${letter}</b>`, xref: "paper", yref: "paper", x: domain.x[0], y: domain.y[1], xanchor: "right", yanchor: "bottom",
    xshift: -4, yshift: 2, showarrow: false, font: { size: FONT_SIZES.panelLetter, family: JOURNAL_FONT, color: "#000000" },
  };
}
