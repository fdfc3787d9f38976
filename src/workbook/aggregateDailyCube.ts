import type { LatLonGrid } from "../grid/latLonGrid";
import { meanAggregate } from "../grid/meanAggregate";

/** Options of {@link aggregateDailyCube}. */
export interface AggregateDailyCubeOptions {
  /** Grid of the cube's pixels (e.g. the 1 km window). */
  from: LatLonGrid;
  /** Coarser output grid (e.g. GLDAS 0.25°). */
  to: LatLonGrid;
  /** Minimum fraction of a coarse cell's fine pixels that must be valid for a mean (see meanAggregate). Default 0.5. */
  minValidFraction?: number;
}

/** Result of {@link aggregateDailyCube}. */
export interface AggregatedDailyCube {
  /** Cells per day (`to.size`). */
  pixels: number;
  /** Day-major coarse values; NaN where a cell had too few valid pixels or lies outside `from`. */
  cube: Float32Array;
  /** Per day: coarse cells with a mean. */
  aggregated: Int32Array;
  /** Per day: coarse cells with some valid pixels but fewer than minValidFraction (e.g. mostly cloudy). */
  droppedTooFewValid: Int32Array;
}

/**
 * Each day of a fine [day][pixel] cube aggregated to a coarser grid by {@link meanAggregate} (NaN-aware mean of
 * the pixels whose centres fall in the cell, kept when at least `minValidFraction` of them are valid): the
 * 1 km product brought back to 0.25° to compare with GLDAS.
 *
 * @param cube day-major fine values, a multiple of `from.size` long
 * @param options `from`, `to`, `minValidFraction` (default 0.5)
 * @throws RangeError when the cube length is not a multiple of `from.size`; meanAggregate's errors for the grids and fraction
 * @example
 * const back = aggregateDailyCube(app.cube, { from: data.fine, to: data.coarse, minValidFraction: 0.5 });
 */
export function aggregateDailyCube(cube: Float32Array, options: AggregateDailyCubeOptions): AggregatedDailyCube {
  const { from, to, minValidFraction = 0.5 } = options ?? ({} as AggregateDailyCubeOptions);
  if (!from || typeof from.size !== "number") throw new RangeError(`aggregateDailyCube: options.from must be a LatLonGrid, got ${String(from)}`);
  if (!to || typeof to.size !== "number") throw new RangeError(`aggregateDailyCube: options.to must be a LatLonGrid, got ${String(to)}`);
  if (!cube || cube.length === 0 || cube.length % from.size !== 0) throw new RangeError(`aggregateDailyCube: cube length ${cube ? cube.length : 0} is not a positive multiple of from.size = ${from.size}`);
  const D = cube.length / from.size;
  const out = new Float32Array(D * to.size);
  const aggregated = new Int32Array(D), dropped = new Int32Array(D);
  for (let t = 0; t < D; t++) {
    const r = meanAggregate(cube.subarray(t * from.size, (t + 1) * from.size), { from, to, minValidFraction });
    out.set(r.values, t * to.size);
    aggregated[t] = r.counts.aggregated;
    dropped[t] = r.counts.droppedTooFewValid;
  }
  return { pixels: to.size, cube: out, aggregated, droppedTooFewValid: dropped };
}
