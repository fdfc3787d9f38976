import type { LatLonGrid } from "../grid/latLonGrid";

/**
 * Counts every reader reports (the project's NaN policy). `masked`: fill or out-of-range values turned
 * into NaN; `filled`: NaN cells given a value by gap filling; `dropped`: observations or steps left out
 * (other day, outside the grid, bad quality flag). Readers add more specific keys (fill, outOfRange, …).
 */
export interface ProductCounts {
  /** Cells (or observations) in the output. */
  total: number;
  /** Finite values in the output. */
  valid: number;
  masked: number;
  filled: number;
  dropped: number;
  [detail: string]: number;
}

/**
 * A product read onto the project's grid: easy to wrap into a `Layer` of `src/sources/layerSource.ts`.
 * Values are row-major, rows north → south, NaN = missing.
 */
export interface ProductLayer {
  /** Product variable name as in the file (e.g. `SoilMoi0_10cm_inst`). */
  variable: string;
  grid: LatLonGrid;
  values: Float32Array;
  /** UTC day `YYYY-MM-DD`, or null for static layers. */
  date: string | null;
  /** Units of `values` after the reader's conversion (e.g. `m3 m-3`, `1` for fractions, `K`, `m`). */
  units: string;
  counts: ProductCounts;
  /** Files the layer was made from. */
  sources: string[];
}

/** A fresh counts object. */
export function emptyCounts(total = 0): ProductCounts {
  return { total, valid: 0, masked: 0, filled: 0, dropped: 0 };
}

/** Number of finite values. */
export function countValid(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) n++;
  return n;
}

/** `YYYY-MM-DD` of a Date (UTC). */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Milliseconds of 00:00 UTC of an ISO day; throws RangeError naming `what` on a malformed date. */
export function dayStartMs(day: string, what = "date"): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || !Number.isFinite(ms) || isoDay(new Date(ms)) !== day) throw new RangeError(`${what} must be an ISO day YYYY-MM-DD, got ${JSON.stringify(day)}`);
  return ms;
}
