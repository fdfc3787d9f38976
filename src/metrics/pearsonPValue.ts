import { regularizedIncompleteBeta } from "./regularizedIncompleteBeta";

/**
 * Two-sided p-value of a Pearson correlation r from n pairs, under H₀: ρ = 0 with bivariate-normal data.
 *
 * t = r √((n − 2) / (1 − r²)) follows Student's t with n − 2 degrees of freedom, and
 * p = 2 (1 − F_t(|t|)) = I_{1−r²}((n − 2)/2, ½) (regularized incomplete beta; the same value as
 * scipy.stats.pearsonr). 1 − r² is formed as (1 − |r|)(1 + |r|) to keep precision near |r| = 1.
 *
 * @param r correlation coefficient in [−1, 1] (values beyond ±1 by rounding are clipped)
 * @param n number of pairs
 * @param options `{}` (reserved)
 * @returns p in [0, 1]; 0 when |r| = 1; NaN when r is NaN or n < 3 (no degrees of freedom)
 * @throws RangeError when n is not a non-negative integer
 * @example
 * pearsonPValue(0.5, 10); // 0.14111328125
 */
export function pearsonPValue(r: number, n: number, options: Record<string, never> = {}): number {
  void options;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`pearsonPValue: n must be a non-negative integer, got ${n}`);
  if (Number.isNaN(r) || n < 3) return NaN;
  const ar = Math.min(1, Math.abs(r));
  if (ar === 1) return 0;
  const x = (1 - ar) * (1 + ar);
  return regularizedIncompleteBeta(x, (n - 2) / 2, 0.5);
}
