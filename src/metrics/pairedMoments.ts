/**
 * The sums every paired metric is built from, over the pairs where BOTH values are finite
 * (joint NaN masking: a NaN or ±Infinity in either series drops the pair).
 *
 * Two passes in float64 (means first, then centred sums), so constant offsets such as
 * 0.3 m³ m⁻³ do not cost precision.
 */
export interface PairedMoments {
  /** Number of valid pairs. */
  n: number;
  /** Mean of the prediction over valid pairs. */
  meanPred: number;
  /** Mean of the reference over valid pairs. */
  meanRef: number;
  /** Σ (ref − meanRef)². */
  sxx: number;
  /** Σ (pred − meanPred)². */
  syy: number;
  /** Σ (ref − meanRef)(pred − meanPred). */
  sxy: number;
  /** Σ (pred − ref)². */
  sumSqDiff: number;
  /** Σ |pred − ref|. */
  sumAbsDiff: number;
  /** True when the prediction takes a single value over the valid pairs. */
  predConstant: boolean;
  /** True when the reference takes a single value over the valid pairs. */
  refConstant: boolean;
}

/**
 * Computes {@link PairedMoments} of a prediction and a reference series.
 *
 * @param pred prediction (e.g. downscaled soil moisture), any numeric array-like
 * @param ref reference (e.g. GLDAS or in situ), same length as `pred`
 * @param options `{}` (reserved; no options yet)
 * @throws RangeError when the lengths differ
 * @example
 * pairedMoments([1, 2, NaN, 4], [1, 3, 5, NaN], {}).n; // 2
 */
export function pairedMoments(pred: ArrayLike<number>, ref: ArrayLike<number>, options: Record<string, never> = {}): PairedMoments {
  void options;
  if (pred.length !== ref.length) {
    throw new RangeError(`pairedMoments: pred and ref must have the same length, got ${pred.length} and ${ref.length}`);
  }
  const len = pred.length;
  let n = 0;
  let sp = 0;
  let so = 0;
  let pMin = Infinity;
  let pMax = -Infinity;
  let oMin = Infinity;
  let oMax = -Infinity;
  for (let i = 0; i < len; i++) {
    const p = pred[i];
    const o = ref[i];
    if (!Number.isFinite(p) || !Number.isFinite(o)) continue;
    n++;
    sp += p;
    so += o;
    if (p < pMin) pMin = p;
    if (p > pMax) pMax = p;
    if (o < oMin) oMin = o;
    if (o > oMax) oMax = o;
  }
  const meanPred = n > 0 ? sp / n : NaN;
  const meanRef = n > 0 ? so / n : NaN;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  let sumSqDiff = 0;
  let sumAbsDiff = 0;
  if (n > 0) {
    for (let i = 0; i < len; i++) {
      const p = pred[i];
      const o = ref[i];
      if (!Number.isFinite(p) || !Number.isFinite(o)) continue;
      const dp = p - meanPred;
      const dob = o - meanRef;
      sxx += dob * dob;
      syy += dp * dp;
      sxy += dob * dp;
      const d = p - o;
      sumSqDiff += d * d;
      sumAbsDiff += Math.abs(d);
    }
  }
  return {
    n, meanPred, meanRef, sxx, syy, sxy, sumSqDiff, sumAbsDiff,
    predConstant: n > 0 && pMin === pMax,
    refConstant: n > 0 && oMin === oMax,
  };
}
