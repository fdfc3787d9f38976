import type { LatLonGrid } from "../grid/latLonGrid";
import type { ClearSkyCapable } from "./sampleSet";

/** Options of {@link cloudGapMask}. */
export interface CloudGapMaskOptions {
  /** Grid of the mask, e.g. `data.coarse`. */
  grid: LatLonGrid;
  /** ISO dates, at least one (the mask is day-major in this order). */
  dates: readonly string[];
  /** A cell-day is cloudy (a gap) when its clear-sky fraction is below this, 0 < minClear ≤ 1. Default 0.5. */
  minClear?: number;
}

/** Result of {@link cloudGapMask}. */
export interface CloudGapMask {
  /** Day-major, 1 = cloudy (clear fraction < minClear), 0 = clear or no fraction (sea: NaN fraction). */
  gap: Uint8Array;
  /** Cell-days with a clear-sky fraction; of which cloudy. */
  withFraction: number;
  cloudy: number;
}

/**
 * A cloud-gap mask from a source's daily clear-sky fraction (the twin's `clearSky(grid, date)`, what MOD11A2's
 * Clear_sky_days give): for grids whose LST/NDVI layers are composites with few gaps (the 0.25° grid), this says
 * which cell-days a daily optical retrieval would have missed.
 *
 * @param source anything with `clearSky(grid, date)` (e.g. `data.raw` on the twin)
 * @param options `grid`, `dates`, `minClear` (default 0.5)
 * @throws RangeError naming the option for empty dates, minClear outside (0, 1], or a layer of the wrong size
 * @example
 * const m = await cloudGapMask(data.raw as ClearSkyCapable, { grid: data.coarse, dates });
 * m.cloudy / m.withFraction; // share of cloudy land cell-days
 */
export async function cloudGapMask(source: ClearSkyCapable, options: CloudGapMaskOptions): Promise<CloudGapMask> {
  const { grid, minClear = 0.5 } = options ?? ({} as CloudGapMaskOptions);
  if (!source || typeof source.clearSky !== "function") throw new TypeError("cloudGapMask: source must have clearSky(grid, date)");
  if (!grid || typeof grid.size !== "number") throw new RangeError(`cloudGapMask: options.grid must be a LatLonGrid, got ${String(grid)}`);
  const dates = Array.from(options.dates ?? []);
  if (dates.length === 0) throw new RangeError("cloudGapMask: options.dates must not be empty");
  if (!(minClear > 0 && minClear <= 1)) throw new RangeError(`cloudGapMask: options.minClear must be in (0, 1], got ${minClear}`);
  const N = grid.size;
  const gap = new Uint8Array(dates.length * N);
  let withFraction = 0, cloudy = 0;
  for (let t = 0; t < dates.length; t++) {
    const v = (await source.clearSky(grid, dates[t])).values;
    if (v.length !== N) throw new RangeError(`cloudGapMask: clearSky of ${dates[t]} has ${v.length} values for a grid of ${N}`);
    for (let i = 0; i < N; i++) {
      const c = v[i];
      if (c !== c) continue;
      withFraction++;
      if (c < minClear) { gap[t * N + i] = 1; cloudy++; }
    }
  }
  return { gap, withFraction, cloudy };
}
