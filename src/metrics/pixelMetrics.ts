import { pearsonPValue } from "./pearsonPValue";

/**
 * A stack of daily layers: either one Float32Array in day-major order (value of day d, pixel i at
 * `d · pixels + i`; then `options.pixels` is required) or one array per day (all of equal length).
 */
export type PixelCube = Float32Array | Float64Array | readonly ArrayLike<number>[];

/** Options of {@link pixelMetrics}. */
export interface PixelMetricsOptions {
  /** Minimum jointly valid days per pixel; fewer give NaN metrics (status 1). Default 3. */
  minPairs?: number;
  /** Pixels per day; required when the cubes are flat typed arrays, checked against per-day arrays otherwise. */
  pixels?: number;
}

/** Per-pixel metrics (Figure 8). All arrays have one entry per pixel; NaN where not defined. */
export interface PixelMetrics {
  /** Jointly valid days per pixel. */
  n: Int32Array;
  /** 0 ok, 1 too few pairs, 2 constant input (r, p, slope NaN; RMSE kept). */
  status: Uint8Array;
  /** Pearson r. */
  r: Float32Array;
  /** Two-sided p-value of r (t-test, n − 2 df). */
  pValue: Float32Array;
  /** RMSE = √mean((p − o)²). */
  rmse: Float32Array;
  /** RMSE / mean(o), a fraction. */
  rrmse: Float32Array;
  /** mean(p − o). */
  bias: Float32Array;
  /** √(RMSE² − bias²). */
  ubrmsd: Float32Array;
  /** OLS slope of p on o. */
  slope: Float32Array;
  /** Number of days and pixels of the cubes. */
  days: number;
  pixels: number;
}

function toDayViews(cube: PixelCube, name: string, pixels: number | undefined): { views: ArrayLike<number>[]; pixels: number } {
  if (cube instanceof Float32Array || cube instanceof Float64Array) {
    if (pixels === undefined) throw new RangeError(`pixelMetrics: options.pixels is required when ${name} is a flat typed array`);
    if (cube.length % pixels !== 0) {
      throw new RangeError(`pixelMetrics: ${name} length ${cube.length} is not a multiple of pixels=${pixels}`);
    }
    const days = cube.length / pixels;
    const views: ArrayLike<number>[] = [];
    for (let d = 0; d < days; d++) views.push(cube.subarray(d * pixels, (d + 1) * pixels));
    return { views, pixels };
  }
  if (!Array.isArray(cube)) throw new TypeError(`pixelMetrics: ${name} must be a Float32Array/Float64Array or an array of per-day arrays`);
  const p = pixels ?? (cube.length > 0 ? cube[0].length : 0);
  for (let d = 0; d < cube.length; d++) {
    if (cube[d].length !== p) throw new RangeError(`pixelMetrics: ${name}[${d}] has ${cube[d].length} pixels, expected ${p}`);
  }
  return { views: cube as ArrayLike<number>[], pixels: p };
}

const BLOCK = 4096;

// The two passes are separate small functions so V8 optimises each hot loop on its own
// (one monomorphic loop per call), over one block of pixels at a time.
function firstPass(pv: ArrayLike<number>, ov: ArrayLike<number>, i0: number, i1: number, n: Int32Array, sp: Float64Array, so: Float64Array,
  pFirst: Float64Array, oFirst: Float64Array, pVaries: Uint8Array, oVaries: Uint8Array): void {
  for (let i = i0; i < i1; i++) {
    const p = pv[i];
    const o = ov[i];
    // x - x !== 0 catches NaN and ±Infinity in one test
    if (p - p !== 0 || o - o !== 0) continue;
    if (n[i] === 0) {
      pFirst[i] = p;
      oFirst[i] = o;
    } else {
      if (p !== pFirst[i]) pVaries[i] = 1;
      if (o !== oFirst[i]) oVaries[i] = 1;
    }
    n[i]++;
    sp[i] += p;
    so[i] += o;
  }
}

function secondPass(pv: ArrayLike<number>, ov: ArrayLike<number>, i0: number, i1: number, mp: Float64Array, mo: Float64Array,
  sxx: Float64Array, syy: Float64Array, sxy: Float64Array, sse: Float64Array): void {
  for (let i = i0; i < i1; i++) {
    const p = pv[i];
    const o = ov[i];
    if (p - p !== 0 || o - o !== 0) continue;
    const dp = p - mp[i];
    const dob = o - mo[i];
    sxx[i] += dob * dob;
    syy[i] += dp * dp;
    sxy[i] += dob * dp;
    const e = p - o;
    sse[i] += e * e;
  }
}

/**
 * Per-pixel comparison of two [day][pixel] cubes (prediction vs reference), as in the paper's
 * Figure 8: for every pixel, over the days where both values are finite, n, Pearson r, its
 * two-sided p-value, RMSE, rRMSE (RMSE / mean of the reference), bias, ubRMSD and OLS slope.
 * Same formulas and statuses as {@link compareSeries} (constant input keeps RMSE/bias/rRMSE).
 * Two passes over the cubes in float64 accumulators (means, then centred sums).
 *
 * @param pred prediction cube (e.g. downscaled 1 km, m³ m⁻³)
 * @param ref reference cube (e.g. GLDAS on the same grid), same shape
 * @param options `minPairs` (default 3), `pixels` (required for flat cubes)
 * @throws RangeError when the shapes differ or an option is invalid
 * @throws TypeError when a cube is neither a typed array nor an array of days
 * @example
 * const pred = new Float32Array([0.1, 0.2, 0.2, 0.3, 0.3, 0.1]); // 3 days × 2 pixels
 * const ref  = new Float32Array([0.1, 0.2, 0.2, 0.2, 0.3, 0.3]);
 * const m = pixelMetrics(pred, ref, { pixels: 2 });
 * m.r[0]; // 1
 */
export function pixelMetrics(pred: PixelCube, ref: PixelCube, options: PixelMetricsOptions = {}): PixelMetrics {
  const minPairs = options.minPairs ?? 3;
  if (!Number.isInteger(minPairs) || minPairs < 1) throw new RangeError(`pixelMetrics: minPairs must be an integer >= 1, got ${minPairs}`);
  if (options.pixels !== undefined && (!Number.isInteger(options.pixels) || options.pixels < 1)) {
    throw new RangeError(`pixelMetrics: pixels must be a positive integer, got ${options.pixels}`);
  }
  const P = toDayViews(pred, "pred", options.pixels);
  const O = toDayViews(ref, "ref", options.pixels);
  if (P.views.length !== O.views.length) throw new RangeError(`pixelMetrics: pred has ${P.views.length} days but ref has ${O.views.length}`);
  if (P.pixels !== O.pixels) throw new RangeError(`pixelMetrics: pred has ${P.pixels} pixels per day but ref has ${O.pixels}`);
  const days = P.views.length;
  const np = P.pixels;
  const n = new Int32Array(np);
  const sp = new Float64Array(np);
  const so = new Float64Array(np);
  const pFirst = new Float64Array(np).fill(NaN);
  const oFirst = new Float64Array(np).fill(NaN);
  const pVaries = new Uint8Array(np);
  const oVaries = new Uint8Array(np);
  const sxx = new Float64Array(np);
  const syy = new Float64Array(np);
  const sxy = new Float64Array(np);
  const sse = new Float64Array(np);
  // Pixel blocks keep the accumulators of one block in cache while all days stream through.
  for (let i0 = 0; i0 < np; i0 += BLOCK) {
    const i1 = Math.min(np, i0 + BLOCK);
    for (let d = 0; d < days; d++) firstPass(P.views[d], O.views[d], i0, i1, n, sp, so, pFirst, oFirst, pVaries, oVaries);
    for (let i = i0; i < i1; i++) {
      if (n[i] > 0) { sp[i] /= n[i]; so[i] /= n[i]; }
    }
    for (let d = 0; d < days; d++) secondPass(P.views[d], O.views[d], i0, i1, sp, so, sxx, syy, sxy, sse);
  }
  const status = new Uint8Array(np);
  const r = new Float32Array(np).fill(NaN);
  const pValue = new Float32Array(np).fill(NaN);
  const rmse = new Float32Array(np).fill(NaN);
  const rrmse = new Float32Array(np).fill(NaN);
  const bias = new Float32Array(np).fill(NaN);
  const ubrmsd = new Float32Array(np).fill(NaN);
  const slope = new Float32Array(np).fill(NaN);
  for (let i = 0; i < np; i++) {
    const k = n[i];
    if (k < minPairs || k < 2) { status[i] = 1; continue; }
    const e = Math.sqrt(sse[i] / k);
    rmse[i] = e;
    rrmse[i] = so[i] === 0 ? NaN : e / so[i];
    bias[i] = sp[i] - so[i];
    ubrmsd[i] = Math.sqrt(Math.max(0, syy[i] + sxx[i] - 2 * sxy[i]) / k);
    if (oVaries[i]) slope[i] = sxy[i] / sxx[i];
    if (!pVaries[i] || !oVaries[i]) { status[i] = 2; continue; }
    const rr = Math.max(-1, Math.min(1, sxy[i] / Math.sqrt(sxx[i] * syy[i])));
    r[i] = rr;
    pValue[i] = pearsonPValue(rr, k);
  }
  return { n, status, r, pValue, rmse, rrmse, bias, ubrmsd, slope, days, pixels: np };
}
