/** How {@link cdfMatch} maps source values onto the reference distribution. */
export type CdfMatchMethod = "quantile" | "meanStd";

/** Options of {@link cdfMatch}. */
export interface CdfMatchOptions {
  /**
   * `"quantile"` (default): piecewise-linear percentile matching (pytesmo `cdf_match` style): the source's and
   * the reference's percentiles at 0, 100/B, …, 100 % (numpy `percentile`, linear method) are the knots of a
   * piecewise-linear map. `"meanStd"`: rescaling to the reference's mean and standard deviation (ddof 0),
   * y = (x − μs)·σr/σs + μr.
   */
  method?: CdfMatchMethod;
  /** Number of percentile bins B (knots B + 1), 1–1000. Default 20. Only for `"quantile"`. */
  bins?: number;
  /**
   * Minimum fitting pairs per bin, ≥ 1: the bins used are min(bins, ⌊n / minPerBin⌋) (at least 1), so small
   * samples are not overfitted (pytesmo's `minobs`). Default 10. Only for `"quantile"`.
   */
  minPerBin?: number;
  /**
   * Beyond the outer knots: `"linear"` (default) extrapolates with the slope of the first / last segment (pytesmo,
   * a linear spline); `"clamp"` holds the outer reference percentile (numpy `interp`).
   */
  tails?: "linear" | "clamp";
  /**
   * Which values fit the map: `"joint"` (default) only indices where both source and reference are finite (so
   * both distributions cover the same days; the series must then have the same length); `"separate"` every
   * finite value of each series.
   */
  pairing?: "joint" | "separate";
  /** Minimum number of fitting values per series, ≥ 2. Default 10. */
  minCount?: number;
}

/** Result of {@link cdfMatch}. */
export interface CdfMatchResult {
  /** The source matched to the reference, one value per source value (NaN where the source is not finite). */
  matched: Float64Array;
  /**
   * Applies the fitted map to other values of the source's kind (NaN stays NaN), e.g. the same predictor on
   * other days or pixels.
   */
  transform: (values: ArrayLike<number>) => Float64Array;
  /** Quantile method: strictly increasing source knots (ties merged), else the empty array. */
  sourceKnots: Float64Array;
  /** Quantile method: the reference value of each source knot (mean over merged ties), else empty. */
  referenceKnots: Float64Array;
  /** Bins actually used (after `minPerBin`; 0 for meanStd). */
  bins: number;
  /** Mean / std (ddof 0) of the fitting values: source, reference. */
  stats: { sourceMean: number; sourceStd: number; referenceMean: number; referenceStd: number };
  counts: {
    /** Source / reference values given. */
    source: number;
    reference: number;
    /** Fitting values of the source / reference (equal with `"joint"` pairing). */
    fittedSource: number;
    fittedReference: number;
    /** Source values that were not finite (NaN in `matched`). */
    sourceMissing: number;
    /** Source values outside [first, last] source knot (extrapolated or clamped; quantile method only). */
    outsideKnots: number;
  };
}

/** Percentile p (0–100) of sorted values by numpy's default "linear" method (h = (n − 1)·p / 100). */
function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  const t = h - lo;
  const a = sorted[lo], b = sorted[lo + 1];
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

function meanStd(x: Float64Array): [number, number] {
  let s = 0;
  for (const v of x) s += v;
  const m = s / x.length;
  let q = 0;
  for (const v of x) q += (v - m) * (v - m);
  return [m, Math.sqrt(q / x.length)];
}

/**
 * CDF matching of a predictor series (e.g. AMSR2 or ASCAT soil moisture) to a reference climatology (e.g. GLDAS
 * at the same cell), as in the soil-moisture literature (Reichle & Koster 2004; Brocca et al. 2011; pytesmo
 * `cdf_match`): either piecewise-linear percentile matching or mean/std rescaling. Fits on finite values only
 * (jointly by default) and reports the counts; applies to every source value.
 *
 * Quantile method: knots xₖ = P(source, 100k/B), yₖ = P(reference, 100k/B), k = 0..B (B = bins used); runs of
 * equal xₖ merge into one knot whose y is their mean; y = linear interpolation between knots, and beyond them the
 * first / last segment's line (or the outer y with `tails: "clamp"`). With a single distinct source knot the map
 * is the constant mean of its y.
 *
 * @param source values to rescale (units of the source, e.g. m³ m⁻³); NaN = missing
 * @param reference the climatology to match (e.g. GLDAS, m³ m⁻³); NaN = missing
 * @throws RangeError naming the option for a bad method, bins, minPerBin, tails, pairing or minCount; for series
 *   of different lengths with joint pairing; for fewer than minCount fitting values; for a zero source standard
 *   deviation with meanStd.
 * @example
 * const r = cdfMatch(amsr2Series, gldasSeries, { bins: 10 });
 * r.matched;          // AMSR2 with the GLDAS distribution
 * r.counts.fittedSource;
 */
export function cdfMatch(source: ArrayLike<number>, reference: ArrayLike<number>, options: CdfMatchOptions = {}): CdfMatchResult {
  const method = options.method ?? "quantile";
  const binsAsked = options.bins ?? 20;
  const minPerBin = options.minPerBin ?? 10;
  const tails = options.tails ?? "linear";
  const pairing = options.pairing ?? "joint";
  const minCount = options.minCount ?? 10;
  if (method !== "quantile" && method !== "meanStd") throw new RangeError(`cdfMatch: method must be "quantile" or "meanStd", got ${JSON.stringify(method)}`);
  if (!Number.isInteger(binsAsked) || binsAsked < 1 || binsAsked > 1000) throw new RangeError(`cdfMatch: bins must be an integer in 1..1000, got ${binsAsked}`);
  if (!Number.isInteger(minPerBin) || minPerBin < 1) throw new RangeError(`cdfMatch: minPerBin must be an integer ≥ 1, got ${minPerBin}`);
  if (tails !== "linear" && tails !== "clamp") throw new RangeError(`cdfMatch: tails must be "linear" or "clamp", got ${JSON.stringify(tails)}`);
  if (pairing !== "joint" && pairing !== "separate") throw new RangeError(`cdfMatch: pairing must be "joint" or "separate", got ${JSON.stringify(pairing)}`);
  if (!Number.isInteger(minCount) || minCount < 2) throw new RangeError(`cdfMatch: minCount must be an integer ≥ 2, got ${minCount}`);
  if (pairing === "joint" && source.length !== reference.length) {
    throw new RangeError(`cdfMatch: joint pairing needs series of the same length, got source ${source.length} and reference ${reference.length}`);
  }

  const fs: number[] = [], fr: number[] = [];
  if (pairing === "joint") {
    for (let i = 0; i < source.length; i++) {
      const s = source[i], r = reference[i];
      if (Number.isFinite(s) && Number.isFinite(r)) { fs.push(s); fr.push(r); }
    }
  } else {
    for (let i = 0; i < source.length; i++) if (Number.isFinite(source[i])) fs.push(source[i]);
    for (let i = 0; i < reference.length; i++) if (Number.isFinite(reference[i])) fr.push(reference[i]);
  }
  if (fs.length < minCount || fr.length < minCount) {
    throw new RangeError(`cdfMatch: needs at least minCount = ${minCount} fitting values, got source ${fs.length} and reference ${fr.length} (${pairing} pairing)`);
  }
  const xs = Float64Array.from(fs).sort();
  const xr = Float64Array.from(fr).sort();
  const [sm, ss] = meanStd(xs);
  const [rm, rs] = meanStd(xr);
  const stats = { sourceMean: sm, sourceStd: ss, referenceMean: rm, referenceStd: rs };

  let bins = 0;
  let sourceKnots = new Float64Array(0), referenceKnots = new Float64Array(0);
  let map: (v: number) => number;
  if (method === "meanStd") {
    if (!(ss > 0)) throw new RangeError(`cdfMatch: meanStd needs a source with non-zero standard deviation, got ${ss}`);
    const k = rs / ss;
    map = (v) => (v - sm) * k + rm;
  } else {
    bins = Math.max(1, Math.min(binsAsked, Math.floor(Math.min(xs.length, xr.length) / minPerBin)));
    const kx: number[] = [], ky: number[] = [], kn: number[] = [];
    for (let k = 0; k <= bins; k++) {
      const p = (100 * k) / bins;
      const x = percentileSorted(xs, p), y = percentileSorted(xr, p);
      if (kx.length > 0 && x === kx[kx.length - 1]) { ky[ky.length - 1] += y; kn[kn.length - 1]++; }
      else { kx.push(x); ky.push(y); kn.push(1); }
    }
    sourceKnots = Float64Array.from(kx);
    referenceKnots = Float64Array.from(ky.map((y, i) => y / kn[i]));
    map = piecewiseLinear(sourceKnots, referenceKnots, tails);
  }

  let outsideKnots = 0;
  const lo = sourceKnots.length ? sourceKnots[0] : -Infinity;
  const hi = sourceKnots.length ? sourceKnots[sourceKnots.length - 1] : Infinity;
  const transform = (values: ArrayLike<number>): Float64Array => {
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      out[i] = Number.isFinite(v) ? map(v) : NaN;
    }
    return out;
  };
  const matched = transform(source);
  let sourceMissing = 0;
  for (let i = 0; i < source.length; i++) {
    const v = source[i];
    if (!Number.isFinite(v)) sourceMissing++;
    else if (v < lo || v > hi) outsideKnots++;
  }
  return {
    matched, transform, sourceKnots, referenceKnots, bins, stats,
    counts: {
      source: source.length, reference: reference.length, fittedSource: xs.length, fittedReference: xr.length,
      sourceMissing, outsideKnots,
    },
  };
}

/** The piecewise-linear map through strictly increasing knots x (values y), with linear or clamped tails. */
function piecewiseLinear(x: Float64Array, y: Float64Array, tails: "linear" | "clamp"): (v: number) => number {
  const m = x.length;
  if (m === 1) return () => y[0];
  const seg = (j: number, v: number) => y[j] + ((v - x[j]) * (y[j + 1] - y[j])) / (x[j + 1] - x[j]);
  return (v) => {
    if (v <= x[0]) return tails === "clamp" || v === x[0] ? y[0] : seg(0, v);
    if (v >= x[m - 1]) return tails === "clamp" || v === x[m - 1] ? y[m - 1] : seg(m - 2, v);
    let a = 0, b = m - 1; // x[a] < v < x[b]
    while (b - a > 1) {
      const c = (a + b) >> 1;
      if (x[c] <= v) a = c; else b = c;
    }
    return seg(a, v);
  };
}
