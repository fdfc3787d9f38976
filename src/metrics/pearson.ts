import { pairedMoments } from "./pairedMoments";
import { pearsonPValue } from "./pearsonPValue";
import { MetricOptions, resolveMinPairs } from "./metricOptions";

/** Result of {@link pearson}. */
export interface PearsonResult {
  /** Pearson correlation coefficient. */
  r: number;
  /** Two-sided p-value of the t-test on r with n − 2 degrees of freedom. */
  pValue: number;
  /** Number of jointly valid pairs. */
  n: number;
}

/**
 * Pearson correlation r = Σ(oᵢ − ō)(pᵢ − p̄) / √(Σ(oᵢ − ō)² Σ(pᵢ − p̄)²) with its two-sided p-value
 * ({@link pearsonPValue}), after joint NaN masking.
 *
 * @param pred prediction series
 * @param ref reference series, same length
 * @param options `minPairs` (default 3)
 * @returns `{r, pValue, n}`; r and pValue are NaN when n < minPairs or either series is constant
 * @throws RangeError when the lengths differ or `minPairs` is invalid
 * @example
 * pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]); // { r: 0.8, pValue: 0.10408803866182788, n: 5 }
 */
export function pearson(pred: ArrayLike<number>, ref: ArrayLike<number>, options: MetricOptions = {}): PearsonResult {
  const minPairs = resolveMinPairs(options, "pearson");
  const m = pairedMoments(pred, ref);
  if (m.n < minPairs || m.predConstant || m.refConstant || m.n < 2) return { r: NaN, pValue: NaN, n: m.n };
  const r = Math.max(-1, Math.min(1, m.sxy / Math.sqrt(m.sxx * m.syy)));
  return { r, pValue: pearsonPValue(r, m.n), n: m.n };
}
