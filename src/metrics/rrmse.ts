import { pairedMoments } from "./pairedMoments";
import { MetricOptions, resolveMinPairs } from "./metricOptions";

/**
 * Relative RMSE: rRMSE = RMSE / ō, the RMSE divided by the mean of the reference (a fraction; ×100 for %). The paper's formula is not recovered; this is the usual definition (docs/paper.md §13).
 *
 * Pairs where either value is NaN/±Infinity are dropped first (joint masking).
 *
 * @param pred prediction series (e.g. downscaled soil moisture, m³ m⁻³)
 * @param ref reference series (e.g. GLDAS or in situ, m³ m⁻³), same length
 * @param options `minPairs` (default 3): fewer valid pairs give NaN
 * @returns rRMSE as a fraction (NaN when the reference mean is 0)
 * @throws RangeError when the lengths differ or `minPairs` is invalid
 * @example
 * rrmse([1, 2, 3, NaN], [1, 3, 2, 7]); // 0.408248290463863
 */
export function rrmse(pred: ArrayLike<number>, ref: ArrayLike<number>, options: MetricOptions = {}): number {
  const minPairs = resolveMinPairs(options, "rrmse");
  const m = pairedMoments(pred, ref);
  if (m.n < minPairs) return NaN;
  return m.meanRef === 0 ? NaN : Math.sqrt(m.sumSqDiff / m.n) / m.meanRef;
}
