import { pairedMoments } from "./pairedMoments";
import { MetricOptions, resolveMinPairs } from "./metricOptions";

/**
 * Root-mean-square error (also called RMSD when neither series is truth): RMSE = √( (1/n) Σ (pᵢ − oᵢ)² ).
 *
 * Pairs where either value is NaN/±Infinity are dropped first (joint masking).
 *
 * @param pred prediction series (e.g. downscaled soil moisture, m³ m⁻³)
 * @param ref reference series (e.g. GLDAS or in situ, m³ m⁻³), same length
 * @param options `minPairs` (default 3): fewer valid pairs give NaN
 * @returns RMSE in the units of the inputs
 * @throws RangeError when the lengths differ or `minPairs` is invalid
 * @example
 * rmse([1, 2, 3, NaN], [1, 3, 2, 7]); // 0.816496580927726 (√(2/3))
 */
export function rmse(pred: ArrayLike<number>, ref: ArrayLike<number>, options: MetricOptions = {}): number {
  const minPairs = resolveMinPairs(options, "rmse");
  const m = pairedMoments(pred, ref);
  if (m.n < minPairs) return NaN;
  return Math.sqrt(m.sumSqDiff / m.n);
}
