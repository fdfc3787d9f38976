import { pearsonPValue } from "../metrics/pearsonPValue";

/** Per-pixel agreement of a product with a reference over a period (Figure 8), from {@link PairAccumulator}. */
export interface PairStatistics {
  /** Days with both values. */
  n: Int32Array;
  /** Pearson r (NaN: fewer than minPairs days, or a constant series). */
  r: Float32Array;
  /** Two-sided p-value of r (t-test, n − 2 degrees of freedom). */
  pValue: Float32Array;
  /** √mean((product − reference)²). */
  rmse: Float32Array;
  /** rmse / mean(reference) (a fraction). */
  rrmse: Float32Array;
}

/**
 * Streaming per-pixel accumulators of (product, reference) pairs for one tile: counts, sums and cross-products
 * of the values shifted by each pixel's first pair (so the sums do not cancel), updated one day at a time; no
 * cube is kept. Memory: 8 numbers per pixel, whatever the number of days. The same definitions as the
 * workbook's `pixelMetrics` (Figure 8): r, its p-value, RMSE, rRMSE = RMSE / mean(reference), over the days
 * both values are finite, NaN below `minPairs`.
 *
 * @example
 * const acc = new PairAccumulator(tile.size);
 * for (const day of days) acc.add(product[day], gldas[day]);
 * const { r, rmse } = acc.result(10);
 */
export class PairAccumulator {
  readonly pixels: number;
  private readonly n: Int32Array;
  private readonly p0: Float64Array;
  private readonly o0: Float64Array;
  private readonly sp: Float64Array;
  private readonly so: Float64Array;
  private readonly spp: Float64Array;
  private readonly soo: Float64Array;
  private readonly spo: Float64Array;
  private readonly pVaries: Uint8Array;
  private readonly oVaries: Uint8Array;

  /** @throws RangeError when pixels is not a positive integer */
  constructor(pixels: number) {
    if (!Number.isInteger(pixels) || pixels < 1) throw new RangeError(`PairAccumulator: pixels must be a positive integer, got ${pixels}`);
    this.pixels = pixels;
    this.n = new Int32Array(pixels);
    this.p0 = new Float64Array(pixels); this.o0 = new Float64Array(pixels);
    this.sp = new Float64Array(pixels); this.so = new Float64Array(pixels);
    this.spp = new Float64Array(pixels); this.soo = new Float64Array(pixels); this.spo = new Float64Array(pixels);
    this.pVaries = new Uint8Array(pixels); this.oVaries = new Uint8Array(pixels);
  }

  /** Adds one day (NaN in either = no pair). @throws RangeError on a length mismatch */
  add(product: ArrayLike<number>, reference: ArrayLike<number>): void {
    const N = this.pixels;
    if (product.length !== N || reference.length !== N) throw new RangeError(`PairAccumulator.add: expected ${N} values, got ${product.length} and ${reference.length}`);
    const { n, p0, o0, sp, so, spp, soo, spo, pVaries, oVaries } = this;
    for (let i = 0; i < N; i++) {
      const p = product[i], o = reference[i];
      if (p !== p || o !== o) continue;
      if (n[i] === 0) { p0[i] = p; o0[i] = o; n[i] = 1; continue; }
      const dp = p - p0[i], d = o - o0[i];
      if (dp !== 0) pVaries[i] = 1;
      if (d !== 0) oVaries[i] = 1;
      n[i]++; sp[i] += dp; so[i] += d; spp[i] += dp * dp; soo[i] += d * d; spo[i] += dp * d;
    }
  }

  /** The statistics; NaN where a pixel has fewer than `minPairs` (≥ 2) pairs. */
  result(minPairs = 3): PairStatistics {
    if (!Number.isInteger(minPairs) || minPairs < 1) throw new RangeError(`PairAccumulator.result: minPairs must be an integer >= 1, got ${minPairs}`);
    const N = this.pixels;
    const r = new Float32Array(N).fill(NaN), pValue = new Float32Array(N).fill(NaN), rmse = new Float32Array(N).fill(NaN), rrmse = new Float32Array(N).fill(NaN);
    for (let i = 0; i < N; i++) {
      const k = this.n[i];
      if (k < minPairs || k < 2) continue;
      const mp = this.sp[i] / k, mo = this.so[i] / k; // means of the shifted values
      const syy = this.spp[i] - k * mp * mp, sxx = this.soo[i] - k * mo * mo, sxy = this.spo[i] - k * mp * mo;
      // Σ(p − o)² from the shifted sums: p − o = (dp − d) + (p0 − o0)
      const c = this.p0[i] - this.o0[i];
      const sse = this.spp[i] - 2 * this.spo[i] + this.soo[i] + 2 * c * (this.sp[i] - this.so[i]) + k * c * c;
      const e = Math.sqrt(Math.max(0, sse) / k);
      rmse[i] = e;
      const meanRef = this.o0[i] + mo;
      rrmse[i] = meanRef === 0 ? NaN : e / meanRef;
      if (!this.pVaries[i] || !this.oVaries[i]) continue;
      const rr = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
      r[i] = rr;
      pValue[i] = pearsonPValue(rr, k);
    }
    return { n: Int32Array.from(this.n), r, pValue, rmse, rrmse };
  }
}
