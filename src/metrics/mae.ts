import { pairedMoments } from "./pairedMoments";
import { MetricOptions, resolveMinPairs } from "./metricOptions";

/**
 * Mean absolute error: MAE = (1/n) Σ |pᵢ − oᵢ|.
 *
 * Pairs where either value is NaN/±Infinity are dropped first (joint masking).
 *
 * @param pred prediction series (e.g. downscaled soil moisture, m³ m⁻³)
 * @param ref reference series (e.g. GLDAS or in situ, m³ m⁻³), same length
 * @param options `minPairs` (default 3): fewer valid pairs give NaN
 * @returns MAE in the units of the inputs
 * @throws RangeError when the lengths differ or `minPairs` is invalid
 * @example
 * mae([1, 2, 3, NaN], [1, 3, 2, 7]); // 0.6666666666666666
 */
export function mae(pred: ArrayLike<number>, ref: ArrayLike<number>, options: MetricOptions = {}): number {
  const minPairs = resolveMinPairs(options, "mae");
  const m = pairedMoments(pred, ref);
  if (m.n < minPairs) return NaN;
  return m.sumAbsDiff / m.n;
}
