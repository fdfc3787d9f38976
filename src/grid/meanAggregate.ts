import type { LatLonGrid } from "./latLonGrid";
import { nestedCellMap } from "./nestedCellMap";

/** Options of {@link meanAggregate}. */
export interface MeanAggregateOptions {
  /** The grid of the input values (finer). */
  from: LatLonGrid;
  /** The output grid (coarser), e.g. the 0.25° GLDAS grid. */
  to: LatLonGrid;
  /**
   * Minimum fraction (0–1) of a coarse cell's fine cells that must be valid (finite) for it to get a mean;
   * otherwise it is NaN and counted in `droppedTooFewValid`. The denominator is the number of fine cells whose
   * centres fall in the coarse cell on an unbounded fine grid, so parts outside `from` count as missing. Default 0.5.
   */
  minValidFraction?: number;
}

/** Result of {@link meanAggregate}. */
export interface MeanAggregateResult {
  /** Mean of the valid fine values per coarse cell (NaN where dropped), row-major on `to`. */
  values: Float32Array;
  /** Valid fine cells / expected fine cells per coarse cell. */
  validFraction: Float32Array;
  counts: {
    /** Coarse cells with a mean. */
    aggregated: number;
    /** Coarse cells with at least one valid fine value but fewer than minValidFraction. */
    droppedTooFewValid: number;
    /** Coarse cells with no valid fine value at all (inside or outside `from`). */
    noValid: number;
  };
}

/**
 * Mean aggregation of a fine LatLonGrid layer to a coarser LatLonGrid, ignoring NaN: each fine cell goes to
 * the coarse cell containing its centre; coarse value = Σ valid / n valid when n valid / n expected ≥
 * minValidFraction. Used for 1 km → 0.25° (twin truth, LST/NDVI inputs at 0.25°) and 90 m → 1 km (SRTM).
 * Sums in float64.
 *
 * @param values fine values, row-major on `options.from` (NaN = missing)
 * @throws RangeError naming the option when `from`/`to` are missing, `to` is not coarser than `from`,
 *   minValidFraction is outside [0, 1], or `values` has the wrong length.
 * @example
 * const from = new LatLonGrid({ west: 0, north: 1, cellSize: 0.5, width: 2, height: 2 });
 * const to = new LatLonGrid({ west: 0, north: 1, cellSize: 1, width: 1, height: 1 });
 * meanAggregate([1, 2, NaN, 3], { from, to }).values[0]; // 2 (3 of 4 valid ≥ 0.5)
 * meanAggregate([1, NaN, NaN, NaN], { from, to }).counts.droppedTooFewValid; // 1
 */
export function meanAggregate(values: ArrayLike<number>, options: MeanAggregateOptions): MeanAggregateResult {
  const { from, to, minValidFraction = 0.5 } = options ?? ({} as MeanAggregateOptions);
  checkAggregation("meanAggregate", values, from, to, minValidFraction);
  const map = nestedCellMap(from, to);
  const tw = to.width;
  const sum = new Float64Array(to.width * to.height);
  const n = new Int32Array(to.width * to.height);
  const fw = from.width;
  for (let r = 0; r < from.height; r++) {
    const cr = map.rows[r];
    if (cr < 0) continue;
    const base = r * fw;
    const cbase = cr * tw;
    for (let c = 0; c < fw; c++) {
      const cc = map.cols[c];
      if (cc < 0) continue;
      const v = values[base + c];
      if (v === v) { sum[cbase + cc] += v; n[cbase + cc]++; }
    }
  }
  const out = new Float32Array(sum.length);
  const frac = new Float32Array(sum.length);
  let aggregated = 0, dropped = 0, noValid = 0;
  for (let cr = 0; cr < to.height; cr++) {
    for (let cc = 0; cc < tw; cc++) {
      const i = cr * tw + cc;
      const expected = map.expectedRows[cr] * map.expectedCols[cc];
      const f = expected > 0 ? n[i] / expected : 0;
      frac[i] = f;
      if (n[i] === 0) { out[i] = NaN; noValid++; } else if (f + 1e-12 < minValidFraction) { out[i] = NaN; dropped++; } else { out[i] = sum[i] / n[i]; aggregated++; }
    }
  }
  return { values: out, validFraction: frac, counts: { aggregated, droppedTooFewValid: dropped, noValid } };
}

/** Shared validation of the aggregation functions. */
export function checkAggregation(fn: string, values: ArrayLike<number>, from: LatLonGrid | undefined, to: LatLonGrid | undefined, minValidFraction: number): void {
  if (!from || typeof from.colOf !== "function") throw new RangeError(`${fn}: from must be a LatLonGrid, got ${String(from)}`);
  if (!to || typeof to.colOf !== "function") throw new RangeError(`${fn}: to must be a LatLonGrid, got ${String(to)}`);
  if (!(to.cellSize >= from.cellSize * (1 - 1e-9))) throw new RangeError(`${fn}: to.cellSize (${to.cellSize}) must be >= from.cellSize (${from.cellSize})`);
  if (!(minValidFraction >= 0 && minValidFraction <= 1)) throw new RangeError(`${fn}: minValidFraction must be in [0, 1], got ${minValidFraction}`);
  if (!values || values.length !== from.width * from.height) throw new RangeError(`${fn}: values must hold from.width*from.height = ${from.width * from.height} numbers, got ${values ? values.length : 0}`);
}
