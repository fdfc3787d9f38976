import { regularizedIncompleteBeta } from "./regularizedIncompleteBeta";

/**
 * Cumulative distribution function of Student's t distribution with `df` degrees of freedom.
 *
 * F(t) = 1 − ½ I_{df/(df+t²)}(df/2, ½) for t ≥ 0, and ½ I_{df/(df+t²)}(df/2, ½) for t < 0
 * (Abramowitz & Stegun 26.7.1 written with the regularized incomplete beta function).
 *
 * @param t the statistic (±Infinity allowed)
 * @param df degrees of freedom, > 0 (need not be an integer)
 * @returns P(T ≤ t); NaN when t is NaN
 * @throws RangeError when df is not > 0
 * @example
 * studentTCdf(2.0, 10); // 0.963305982614...
 */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`studentTCdf: df must be > 0, got ${df}`);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const x = df / (df + t * t);
  const tail = 0.5 * regularizedIncompleteBeta(x, df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}
