/** Statistics of a NaN-masked array, as `raster-info` prints them. */
export interface RasterStatistics {
  /** Smallest finite value, or null when there is none. */
  min: number | null;
  max: number | null;
  /** Mean of the finite values (summed in float64), or null. */
  mean: number | null;
  /** Number of finite values. */
  validCount: number;
}

/**
 * min, max, mean and count of the finite values (NaN and ±Infinity are skipped).
 * @example
 * rasterStatistics(new Float32Array([1, NaN, 3])); // { min: 1, max: 3, mean: 2, validCount: 2 }
 */
export function rasterStatistics(values: ArrayLike<number>): RasterStatistics {
  let min = Infinity, max = -Infinity, sum = 0, n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v || v === Infinity || v === -Infinity) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    n++;
  }
  return n === 0 ? { min: null, max: null, mean: null, validCount: 0 } : { min, max, mean: sum / n, validCount: n };
}
