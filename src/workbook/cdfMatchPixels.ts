import { cdfMatch, type CdfMatchMethod } from "../lab/cdfMatch";

/** Options of {@link cdfMatchPixels}. */
export interface CdfMatchPixelsOptions {
  /** Pixels per day (the cubes are day-major). Required. */
  pixels: number;
  /** `"quantile"` (default) or `"meanStd"` (see cdfMatch). */
  method?: CdfMatchMethod;
  /** Percentile bins per pixel (cdfMatch `bins`). Default 10. */
  bins?: number;
  /** Minimum pairs per bin (cdfMatch `minPerBin`). Default 5. */
  minPerBin?: number;
  /** Minimum days with both values for a pixel to be matched; pixels below are left as they are. Default 10. */
  minPairs?: number;
  /**
   * Pixels with fewer than minPairs pairs: `"none"` (default) leaves them as they are; `"pooled"` applies one map
   * fitted on every pair of the cube pooled over its pixels and days (the region as a whole: for a window, the
   * window's map), so short series are matched without being overfitted.
   */
  fallback?: "none" | "pooled";
}

/** Result of {@link cdfMatchPixels}. */
export interface CdfMatchedPixels {
  /** The matched day-major cube (float32; NaN where the input is NaN). */
  cube: Float32Array;
  /** Pixels matched on their own series; pixels left as they are (fewer than minPairs pairs without the pooled
   * fallback, or no spread for meanStd); pixels matched with the pooled map (fallback "pooled"). */
  matched: number;
  skipped: number;
  pooled: number;
  /** Bins of the pooled map (0 when it was not needed or not fitted). */
  pooledBins: number;
}

/**
 * Per-pixel CDF matching of a day-major cube (e.g. the 1 km product) to a reference cube on the same grid and days
 * (e.g. GLDAS shown on the 1 km grid): each pixel's series is matched to the reference's series by
 * {@link cdfMatch} (joint pairing, linear tails), the paper's remedy for the product's narrower range.
 *
 * @throws RangeError naming the option when pixels is not a positive integer dividing both cube lengths, the cubes
 *   differ in length, or minPairs < 2, or fallback is not "none"/"pooled"; cdfMatch's errors for method / bins / minPerBin.
 * With `fallback: "pooled"`, pixels with too few pairs take the map fitted on all pairs of the cube (cdfMatch's
 * errors when even the pooled pairs are fewer than minPairs).
 * @example
 * const m = cdfMatchPixels(app.cube, gldas1km.cube, { pixels: app.pixels, fallback: "pooled" });
 */
export function cdfMatchPixels(cube: Float32Array, reference: Float32Array, options: CdfMatchPixelsOptions): CdfMatchedPixels {
  const { pixels, method = "quantile", bins = 10, minPerBin = 5, minPairs = 10, fallback = "none" } = options ?? ({} as CdfMatchPixelsOptions);
  if (fallback !== "none" && fallback !== "pooled") throw new RangeError(`cdfMatchPixels: options.fallback must be "none" or "pooled", got ${JSON.stringify(fallback)}`);
  if (!Number.isInteger(pixels) || pixels < 1) throw new RangeError(`cdfMatchPixels: options.pixels must be a positive integer, got ${pixels}`);
  if (!cube || cube.length === 0 || cube.length % pixels !== 0) throw new RangeError(`cdfMatchPixels: cube length ${cube ? cube.length : 0} is not a positive multiple of options.pixels = ${pixels}`);
  if (!reference || reference.length !== cube.length) throw new RangeError(`cdfMatchPixels: reference must have the cube's ${cube.length} values, got ${reference ? reference.length : 0}`);
  if (!Number.isInteger(minPairs) || minPairs < 2) throw new RangeError(`cdfMatchPixels: options.minPairs must be an integer ≥ 2, got ${minPairs}`);
  const D = cube.length / pixels;
  const out = Float32Array.from(cube);
  const s = new Float64Array(D), r = new Float64Array(D);
  let matched = 0, skipped = 0, pooled = 0, pooledBins = 0;
  const short: number[] = [];
  for (let p = 0; p < pixels; p++) {
    let n = 0;
    for (let t = 0; t < D; t++) {
      s[t] = cube[t * pixels + p];
      r[t] = reference[t * pixels + p];
      if (s[t] === s[t] && r[t] === r[t]) n++;
    }
    if (n < minPairs) { short.push(p); continue; }
    let res;
    try {
      res = cdfMatch(s, r, { method, bins, minPerBin, minCount: minPairs });
    } catch (e) {
      if (e instanceof RangeError && /non-zero standard deviation/.test(e.message)) { skipped++; continue; }
      throw e;
    }
    for (let t = 0; t < D; t++) out[t * pixels + p] = res.matched[t];
    matched++;
  }
  if (short.length > 0 && fallback === "pooled") {
    const all = cdfMatch(cube, reference, { method, bins, minPerBin, minCount: minPairs });
    pooledBins = all.bins;
    const one = new Float64Array(1);
    for (const p of short) {
      for (let t = 0; t < D; t++) {
        one[0] = cube[t * pixels + p];
        out[t * pixels + p] = all.transform(one)[0];
      }
      pooled++;
    }
  } else skipped += short.length;
  return { cube: out, matched, skipped, pooled, pooledBins };
}
