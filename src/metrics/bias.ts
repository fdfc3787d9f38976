import { pairedMoments } from "./pairedMoments";
import { MetricOptions, resolveMinPairs } from "./metricOptions";

/**
 * Mean bias (prediction minus reference): bias = (1/n) Σ (pᵢ − oᵢ) = mean(p) − mean(o).
 *
 * Pairs where either value is NaN/±Infinity are dropped first (joint masking).
 *
 * @param pred prediction series (e.g. downscaled soil moisture, m³ m⁻³)
 * @param ref reference series (e.g. GLDAS or in situ, m³ m⁻³), same length
 * @param options `minPairs` (default 3): fewer valid pairs give NaN
 * @returns bias in the units of the inputs; positive when the prediction is too high
 * @throws RangeError when the lengths differ or `minPairs` is invalid
 * @example
 * bias([1, 2, 3, NaN], [1, 3, 2, 7]); // 0
 */
export function bias(pred: ArrayLike<number>, ref: ArrayLike<number>, options: MetricOptions = {}): number {
  const minPairs = resolveMinPairs(options, "bias");
  const m = pairedMoments(pred, ref);
  if (m.n < minPairs) return NaN;
  return m.meanPred - m.meanRef;
}
