/** Options of {@link dynamicRange}. */
export interface DynamicRangeOptions {
  /** Lower quantile (0–1) of the range. Default 0.02. */
  lower?: number;
  /** Upper quantile (0–1), > lower. Default 0.98. */
  upper?: number;
}

/** One field's range over the jointly valid pixels. */
export interface FieldRange { lo: number; hi: number; range: number }

/** Result of {@link dynamicRange}. */
export interface DynamicRangeComparison {
  /** Jointly finite pixels used. */
  n: number;
  pred: FieldRange;
  ref: FieldRange;
  /** ref.range − pred.range: how much narrower the prediction's range is (the paper: ≈ 0.05 m³ m⁻³ for Figure 7). */
  shrinkage: number;
}

function quantile(sorted: Float64Array, q: number): number {
  // linear interpolation between order statistics (numpy's default "linear" method)
  const h = (sorted.length - 1) * q;
  const i = Math.floor(h);
  const f = h - i;
  return i + 1 < sorted.length ? sorted[i] + f * (sorted[i + 1] - sorted[i]) : sorted[i];
}

/**
 * Spatial dynamic range of two maps over their jointly finite pixels: the `lower`–`upper` quantile spread
 * (numpy "linear" quantiles) of each, and how much narrower the prediction's is (Figure 7 text, docs/paper.md §9.3: the
 * downscaled range is about 0.05 m³ m⁻³ smaller than GLDAS). `lower: 0, upper: 1` gives max − min.
 *
 * @param pred e.g. a monthly mean of the downscaled 1 km product
 * @param ref e.g. the same month of GLDAS shown on the 1 km grid; same length
 * @param options `lower` (default 0.02), `upper` (default 0.98)
 * @throws RangeError when the lengths differ, or lower/upper are not 0 ≤ lower < upper ≤ 1
 * @example
 * const r = dynamicRange([0.2, 0.3, 0.4, NaN], [0.1, 0.3, 0.5, 0.9], { lower: 0, upper: 1 });
 * r.pred.range; // 0.2 (≈); r.ref.range; // 0.4; r.shrinkage; // 0.2 (pixel 4 is not jointly valid)
 */
export function dynamicRange(pred: ArrayLike<number>, ref: ArrayLike<number>, options: DynamicRangeOptions = {}): DynamicRangeComparison {
  const { lower = 0.02, upper = 0.98 } = options;
  if (!(lower >= 0 && lower < 1)) throw new RangeError(`dynamicRange: options.lower must be in [0, 1), got ${lower}`);
  if (!(upper > lower && upper <= 1)) throw new RangeError(`dynamicRange: options.upper must be in (lower, 1], got ${upper}`);
  if (!pred || !ref || pred.length !== ref.length) throw new RangeError(`dynamicRange: pred has ${pred ? pred.length : 0} values but ref has ${ref ? ref.length : 0}`);
  let n = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] - pred[i] === 0 && ref[i] - ref[i] === 0) n++;
  const a = new Float64Array(n), b = new Float64Array(n);
  for (let i = 0, j = 0; i < pred.length; i++) if (pred[i] - pred[i] === 0 && ref[i] - ref[i] === 0) { a[j] = pred[i]; b[j] = ref[i]; j++; }
  a.sort();
  b.sort();
  const range = (s: Float64Array): FieldRange => {
    if (s.length === 0) return { lo: NaN, hi: NaN, range: NaN };
    const lo = quantile(s, lower), hi = quantile(s, upper);
    return { lo, hi, range: hi - lo };
  };
  const p = range(a), r = range(b);
  return { n, pred: p, ref: r, shrinkage: r.range - p.range };
}
