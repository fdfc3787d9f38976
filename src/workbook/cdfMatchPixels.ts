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
}

/** Result of {@link cdfMatchPixels}. */
export interface CdfMatchedPixels {
  /** The matched day-major cube (float32; NaN where the input is NaN). */
  cube: Float32Array;
  /** Pixels matched; pixels left as they are (fewer than minPairs pairs, or no spread for meanStd). */
  matched: number;
  skipped: number;
}

/**
 * Per-pixel CDF matching of a day-major cube (e.g. the 1 km product) to a reference cube on the same grid and days
 * (e.g. GLDAS shown on the 1 km grid): each pixel's series is matched to the reference's series by
 * {@link cdfMatch} (joint pairing, linear tails), the paper's remedy for the product's narrower range.
 *
 * @throws RangeError naming the option when pixels is not a positive integer dividing both cube lengths, the cubes
 *   differ in length, or minPairs < 2; cdfMatch's errors for method / bins / minPerBin.
 * @example
 * const m = cdfMatchPixels(app.cube, gldas1km.cube, { pixels: app.pixels });
 */
export function cdfMatchPixels(cube: Float32Array, reference: Float32Array, options: CdfMatchPixelsOptions): CdfMatchedPixels {
  const { pixels, method = "quantile", bins = 10, minPerBin = 5, minPairs = 10 } = options ?? ({} as CdfMatchPixelsOptions);
  if (!Number.isInteger(pixels) || pixels < 1) throw new RangeError(`cdfMatchPixels: options.pixels must be a positive integer, got ${pixels}`);
  if (!cube || cube.length === 0 || cube.length % pixels !== 0) throw new RangeError(`cdfMatchPixels: cube length ${cube ? cube.length : 0} is not a positive multiple of options.pixels = ${pixels}`);
  if (!reference || reference.length !== cube.length) throw new RangeError(`cdfMatchPixels: reference must have the cube's ${cube.length} values, got ${reference ? reference.length : 0}`);
  if (!Number.isInteger(minPairs) || minPairs < 2) throw new RangeError(`cdfMatchPixels: options.minPairs must be an integer ≥ 2, got ${minPairs}`);
  const D = cube.length / pixels;
  const out = Float32Array.from(cube);
  const s = new Float64Array(D), r = new Float64Array(D);
  let matched = 0, skipped = 0;
  for (let p = 0; p < pixels; p++) {
    let n = 0;
    for (let t = 0; t < D; t++) {
      s[t] = cube[t * pixels + p];
      r[t] = reference[t * pixels + p];
      if (s[t] === s[t] && r[t] === r[t]) n++;
    }
    if (n < minPairs) { skipped++; continue; }
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
  return { cube: out, matched, skipped };
}
