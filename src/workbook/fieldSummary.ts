/** Options of {@link fieldSummary}. */
export interface FieldSummaryOptions {
  /** Also give the share of finite values strictly below this threshold (e.g. RMSE < 0.06). Default none. */
  below?: number;
}

/** Result of {@link fieldSummary}. */
export interface FieldSummary {
  /** Finite values. */
  n: number;
  /** Non-finite values (NaN: no metric, sea, gaps). */
  nan: number;
  mean: number;
  median: number;
  min: number;
  max: number;
  /** Share (0–1) of the finite values < options.below; NaN without a threshold. */
  shareBelow: number;
}

/**
 * Summary of a map's finite values — what the paper says about its Figure 8 ("average r = 0.353",
 * "RMSE below 0.06 m³ m⁻³ in most areas"): count, mean (float64 sum), median (mean of the two middle values
 * for an even count), min, max and the share below a threshold. All NaN when no value is finite.
 *
 * @param values a map (e.g. pixelMetrics(...).r)
 * @param options `below` (default none)
 * @throws RangeError when `below` is given but not a finite number
 * @example
 * const s = fieldSummary([0.1, 0.3, NaN, 0.05], { below: 0.06 });
 * s.n; // 3; s.mean; // 0.15; s.median; // 0.1; s.shareBelow; // 1/3
 */
export function fieldSummary(values: ArrayLike<number>, options: FieldSummaryOptions = {}): FieldSummary {
  const { below } = options;
  if (below !== undefined && !Number.isFinite(below)) throw new RangeError(`fieldSummary: options.below must be a finite number, got ${below}`);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] - values[i] === 0) n++;
  const v = new Float64Array(n);
  let sum = 0, nBelow = 0;
  for (let i = 0, j = 0; i < values.length; i++) {
    const x = values[i];
    if (x - x !== 0) continue;
    v[j++] = x;
    sum += x;
    if (below !== undefined && x < below) nBelow++;
  }
  v.sort();
  const median = n === 0 ? NaN : n % 2 === 1 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  return {
    n, nan: values.length - n, mean: n ? sum / n : NaN, median, min: n ? v[0] : NaN, max: n ? v[n - 1] : NaN,
    shareBelow: below === undefined || n === 0 ? NaN : nBelow / n,
  };
}
