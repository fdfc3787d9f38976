import { pairedMoments } from "./pairedMoments";
import { MetricOptions, resolveMinPairs } from "./metricOptions";

/**
 * Unbiased RMSD (centred RMSD): ubRMSD = √( (1/n) Σ ((pᵢ − p̄) − (oᵢ − ō))² ) = √(RMSE² − bias²).
 *
 * Pairs where either value is NaN/±Infinity are dropped first (joint masking).
 *
 * @param pred prediction series (e.g. downscaled soil moisture, m³ m⁻³)
 * @param ref reference series (e.g. GLDAS or in situ, m³ m⁻³), same length
 * @param options `minPairs` (default 3): fewer valid pairs give NaN
 * @returns ubRMSD in the units of the inputs
 * @throws RangeError when the lengths differ or `minPairs` is invalid
 * @example
 * ubrmsd([1, 2, 3, NaN], [1, 3, 2, 7]); // 0.816496580927726
 */
export function ubrmsd(pred: ArrayLike<number>, ref: ArrayLike<number>, options: MetricOptions = {}): number {
  const minPairs = resolveMinPairs(options, "ubrmsd");
  const m = pairedMoments(pred, ref);
  if (m.n < minPairs) return NaN;
  return Math.sqrt(Math.max(0, m.syy + m.sxx - 2 * m.sxy) / m.n);
}
