/** A plotly trace (any type); kept loose so the specs stay plain JSON. */
export interface PlotTrace {
  type: string;
  [key: string]: unknown;
}

/** A plotly layout; `width`/`height` (CSS px at 96 px per inch) also size the static export. */
export interface PlotLayout {
  width?: number;
  height?: number;
  [key: string]: unknown;
}

/** A plotly figure spec `{data, layout}`: pure JSON, usable by Plotly.newPlot, the notebook display and the exporter. */
export interface PlotFigure {
  data: PlotTrace[];
  layout: PlotLayout;
}

/**
 * Plotly draws a gap for `null`; NaN and ±Infinity become null here (JSON cannot hold NaN either).
 *
 * @param values numbers (typed array or plain)
 * @param options `digits`: round to this many significant digits to keep specs small (default: no rounding)
 * @example
 * toPlotValues([0.1, NaN, 0.3], {}); // [0.1, null, 0.3]
 */
export function toPlotValues(values: ArrayLike<number>, options: { digits?: number } = {}): (number | null)[] {
  const digits = options.digits;
  if (digits !== undefined && (!Number.isInteger(digits) || digits < 1 || digits > 17)) {
    throw new RangeError(`toPlotValues: digits must be an integer in 1…17, got ${digits}`);
  }
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isFinite(v) ? (digits ? Number(v.toPrecision(digits)) : v) : null;
  }
  return out;
}
