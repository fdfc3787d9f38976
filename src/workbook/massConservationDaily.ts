import type { LatLonGrid } from "../grid/latLonGrid";
import { massConservation } from "../lab/massConservation";

/** Options of {@link massConservationDaily}. */
export interface MassConservationDailyOptions {
  /** Grid of the fine cube's pixels (the 1 km window). Required. */
  from: LatLonGrid;
  /** Grid of the coarse cube (GLDAS 0.25°). Required. */
  to: LatLonGrid;
  /** Day-major coarse values (e.g. `dailyCube(…, { variable: "gldas_sm", grid: coarse }).cube`), same days. Required. */
  coarse: Float32Array;
  /** `"additive"` (default) or `"multiplicative"` (see massConservation). */
  mode?: "additive" | "multiplicative";
}

/** One day's row of {@link MassConservationDaily}. */
export interface MassConservationDay {
  /** Cells with valid fine pixels and a coarse value. */
  cells: number;
  /** Mean and RMSE over those cells of (mean of the valid fine pixels − coarse value), before correction (m³ m⁻³). */
  bias: number;
  rmse: number;
  /** Cells corrected; cells with no valid fine pixel (e.g. cloud-covered). */
  corrected: number;
  withoutValid: number;
}

/** Result of {@link massConservationDaily}. */
export interface MassConservationDaily {
  /** The corrected day-major fine cube (float32; NaN where the input is NaN). */
  cube: Float32Array;
  /** Per day. */
  days: MassConservationDay[];
}

/**
 * Each day of the 1 km product made mass-conserving against GLDAS by {@link massConservation}: the valid pixels of
 * every 0.25° cell shifted (or scaled) so their mean equals the cell's GLDAS value that day; the per-day bias and
 * RMSE of the 1 km product aggregated back to 0.25° (every valid pixel counts) are reported from the same pass.
 *
 * @param cube day-major fine values, a multiple of `from.size` long
 * @throws RangeError naming the option when the grids are missing, or the cube / coarse lengths do not give the
 *   same number of days; massConservation's errors.
 * @example
 * const mc = massConservationDaily(app.cube, { from: fine, to: data.coarse, coarse: gldasCoarse.cube });
 */
export function massConservationDaily(cube: Float32Array, options: MassConservationDailyOptions): MassConservationDaily {
  const { from, to, coarse, mode = "additive" } = options ?? ({} as MassConservationDailyOptions);
  if (!from || typeof from.size !== "number") throw new RangeError(`massConservationDaily: options.from must be a LatLonGrid, got ${String(from)}`);
  if (!to || typeof to.size !== "number") throw new RangeError(`massConservationDaily: options.to must be a LatLonGrid, got ${String(to)}`);
  if (!cube || cube.length === 0 || cube.length % from.size !== 0) {
    throw new RangeError(`massConservationDaily: cube length ${cube ? cube.length : 0} is not a positive multiple of from.size = ${from.size}`);
  }
  const D = cube.length / from.size;
  if (!coarse || coarse.length !== D * to.size) {
    throw new RangeError(`massConservationDaily: options.coarse must hold ${D} days × to.size ${to.size} = ${D * to.size} values, got ${coarse ? coarse.length : 0}`);
  }
  const out = new Float32Array(cube.length);
  const days: MassConservationDay[] = [];
  for (let t = 0; t < D; t++) {
    const r = massConservation(cube.subarray(t * from.size, (t + 1) * from.size), coarse.subarray(t * to.size, (t + 1) * to.size), { from, to, mode });
    out.set(r.values, t * from.size);
    days.push({ cells: r.before.cells, bias: r.before.bias, rmse: r.before.rmse, corrected: r.counts.corrected, withoutValid: r.counts.withoutValid });
  }
  return { cube: out, days };
}
