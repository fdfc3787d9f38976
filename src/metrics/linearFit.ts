import { pairedMoments } from "./pairedMoments";
import { MetricOptions, resolveMinPairs } from "./metricOptions";

/** Result of {@link linearFit}. */
export interface LinearFit {
  /** OLS slope of the prediction regressed on the reference (dimensionless). */
  slope: number;
  /** OLS intercept, in the units of the prediction. */
  intercept: number;
  /** Number of jointly valid pairs. */
  n: number;
}

/**
 * Ordinary least-squares line of the prediction on the reference, p ≈ slope · o + intercept
 * (scipy.stats.linregress(x = ref, y = pred)); "slope" in the paper's Figures 4 and 6 (docs/paper.md §13).
 * slope = Σ(oᵢ − ō)(pᵢ − p̄) / Σ(oᵢ − ō)², intercept = p̄ − slope · ō.
 *
 * @param pred prediction series (y)
 * @param ref reference series (x), same length
 * @param options `minPairs` (default 3)
 * @returns `{slope, intercept, n}`; NaN slope/intercept when n < minPairs or the reference is constant
 * @throws RangeError when the lengths differ or `minPairs` is invalid
 * @example
 * linearFit([2, 4, 7], [1, 2, 3]); // { slope: 2.5, intercept: -0.666..., n: 3 }
 */
export function linearFit(pred: ArrayLike<number>, ref: ArrayLike<number>, options: MetricOptions = {}): LinearFit {
  const minPairs = resolveMinPairs(options, "linearFit");
  const m = pairedMoments(pred, ref);
  if (m.n < minPairs || m.refConstant || m.n < 2) return { slope: NaN, intercept: NaN, n: m.n };
  const slope = m.sxy / m.sxx;
  return { slope, intercept: m.meanPred - slope * m.meanRef, n: m.n };
}
