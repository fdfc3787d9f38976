/**
 * Statistics computed once before learning and shared by every committee member (algorithm
 * description §2.3 bounds and §3): global mean and SD of the target, attribute preferences,
 * coefficient units, MINITEMS and the global prediction bounds [Floor, Ceiling].
 */
import { f32, type TrainingData } from "./trainingData";

/** Global learning state (all float32 values are stored as float32-representable numbers). */
export interface GlobalStatistics {
  /** Weighted mean of the target (float32). */
  globalMean: number;
  /** SD(N, Σwy, Σwy²) of the target (float32). */
  globalSd: number;
  /** Attribute preference for near-tie split choices (float32; 0 for discrete). */
  attPref: Float64Array;
  /** Coefficient unit per attribute; index 0 = intercept unit 1/AttPrec(target). */
  attUnit: Float64Array;
  /** Smallest non-zero coefficient per continuous attribute: 0.01·GlobalSD/AttSD. */
  minCoeff: Float64Array;
  /** Minimum rule coverage / branch size. */
  minItems: number;
  /** Lowest allowed prediction. */
  floor: number;
  /** Highest allowed prediction. */
  ceiling: number;
  /** Extrapolation as a fraction (extrapolation% / 100). */
  extrap: number;
}

/** MINSPLIT constant (Appendix A). */
export const MINSPLIT = 3;

/**
 * Cubist's SD(n, s, ss) = sqrt((ss − s²/n + 0.001)/(n − 1)) for n ≥ 2, else `fallback`.
 */
export function cubistSd(n: number, s: number, ss: number, fallback: number): number {
  if (n < 2) return fallback;
  const v = (ss - (s * s) / n + 0.001) / (n - 1);
  return Math.sqrt(v); // NaN for a negative argument, as in C: such a split never wins
}

/** Round half to even (C `rint`). */
export function rint(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x - Math.trunc(x)) === 0.5) return 2 * Math.round(x / 2);
  return r;
}

/**
 * Computes the global statistics of §3 from the (original-target) training data.
 * `maxRules` is the rules cap; `extrapolation` is in percent.
 */
export function computeGlobalStatistics(data: TrainingData, maxRules: number, extrapolation: number): GlobalStatistics {
  const n = data.n;
  const y = data.cont[0] as Float32Array;
  const w = data.weight;
  let sw = 0, swy = 0, swyy = 0;
  for (let i = 0; i < n; i++) {
    const wi = w ? w[i] : 1;
    sw += wi;
    swy += wi * y[i];
    swyy += wi * y[i] * y[i];
  }
  const globalMean = f32(swy / sw);
  const globalSd = f32(cubistSd(n, swy, swyy, 0));

  const attPref = new Float64Array(data.nAtt);
  const yMean = data.attMean[0];
  for (let a = 1; a < data.nAtt; a++) {
    if (data.discrete[a] || data.skip[a]) continue;
    const x = data.cont[a] as Float32Array;
    const m = data.attMean[a];
    let na = 0, sa = 0;
    for (let i = 0; i < n; i++) {
      if (x[i] === m) continue;
      na++;
      if ((x[i] > m) === (y[i] > yMean)) sa++;
    }
    attPref[a] = f32((2 * Math.max(sa, na - sa) - na) / n);
  }

  const attUnit = new Float64Array(data.nAtt);
  const minCoeff = new Float64Array(data.nAtt);
  attUnit[0] = 1 / data.attPrec[0];
  for (let a = 1; a < data.nAtt; a++) {
    if (data.discrete[a]) continue;
    minCoeff[a] = (0.01 * globalSd) / data.attSd[a];
    let u = 1;
    while (u > minCoeff[a]) u /= 10;
    attUnit[a] = u;
  }

  let minItems = Math.min(20, rint(n / 100));
  if (minItems > n / maxRules) minItems = Math.trunc(n / maxRules);
  if (minItems < MINSPLIT) minItems = MINSPLIT;

  const extrap = extrapolation / 100;
  const yMin = data.attMin[0], yMax = data.attMax[0];
  const range = f32(yMax - yMin);
  let ceiling = f32(yMax + extrap * range);
  if (yMax <= 0 && ceiling > 0) ceiling = 0;
  let floor = f32(yMin - extrap * range);
  if (yMin >= 0 && floor < 0) floor = 0;

  return { globalMean, globalSd, attPref, attUnit, minCoeff, minItems, floor, ceiling, extrap };
}
