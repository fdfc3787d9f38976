import { logBeta } from "./logBeta";

/** Options of {@link regularizedIncompleteBeta}. */
export interface IncompleteBetaOptions {
  /** Relative tolerance of the continued fraction. Default 1e-15. */
  tolerance?: number;
  /** Maximum number of continued-fraction iterations. Default 100000. */
  maxIterations?: number;
}

/**
 * Regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b).
 *
 * Evaluated with the continued fraction of Numerical Recipes (3rd ed., §6.4, `betacf`) by the
 * modified Lentz method, using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) when
 * x > (a + 1) / (a + b + 2) so the fraction converges fast. Accuracy ≈ 1e-13 relative or better
 * against scipy.special.betainc (checked in the tests).
 *
 * @param x in [0, 1]
 * @param a > 0
 * @param b > 0
 * @returns I_x(a, b); NaN for NaN input
 * @throws RangeError when x is outside [0, 1], a or b is not > 0, or an option is invalid
 * @throws Error when the continued fraction does not converge within `maxIterations`
 * @example
 * regularizedIncompleteBeta(0.5, 2, 3); // 0.6875
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number, options: IncompleteBetaOptions = {}): number {
  const tolerance = options.tolerance ?? 1e-15;
  const maxIterations = options.maxIterations ?? 100000;
  if (!(tolerance > 0 && tolerance < 1)) throw new RangeError(`regularizedIncompleteBeta: tolerance must be in (0, 1), got ${tolerance}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(`regularizedIncompleteBeta: maxIterations must be a positive integer, got ${maxIterations}`);
  }
  if (Number.isNaN(x) || Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (x < 0 || x > 1) throw new RangeError(`regularizedIncompleteBeta: x must be in [0, 1], got ${x}`);
  if (!(a > 0)) throw new RangeError(`regularizedIncompleteBeta: a must be > 0, got ${a}`);
  if (!(b > 0)) throw new RangeError(`regularizedIncompleteBeta: b must be > 0, got ${b}`);
  if (x === 0) return 0;
  if (x === 1) return 1;
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b);
  if (x < (a + 1) / (a + b + 2)) {
    return Math.exp(logFront) * betaContinuedFraction(x, a, b, tolerance, maxIterations) / a;
  }
  const logFrontSym = b * Math.log1p(-x) + a * Math.log(x) - logBeta(b, a);
  return 1 - Math.exp(logFrontSym) * betaContinuedFraction(1 - x, b, a, tolerance, maxIterations) / b;
}

const TINY = 1e-300;

/** Continued fraction for the incomplete beta (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number, eps: number, maxIterations: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - qab * x / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= maxIterations; m++) {
    const m2 = 2 * m;
    let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) <= eps) return h;
  }
  throw new Error(`regularizedIncompleteBeta: continued fraction did not converge in ${maxIterations} iterations (x=${x}, a=${a}, b=${b})`);
}
