import type { LatLonGrid } from "../grid/latLonGrid";

/** What {@link subCellAnomalies} measured. */
export interface SubCellAnomalies {
  /** Pixels used (all four layers finite, in cells with at least `minPixels` such pixels) and their cells. */
  pixels: number;
  cells: number;
  /** Pearson r of the within-cell anomalies of LST, NDVI and DEM against those of the truth. */
  rLst: number;
  rNdvi: number;
  rDem: number;
  /** R² of the ordinary least-squares fit of the truth anomaly on the LST, NDVI and DEM anomalies (with intercept). */
  r2LstNdviDem: number;
}

/** Options of {@link subCellAnomalies}: layers on `fine`, whose pixels nest in the cells of `coarse`. */
export interface SubCellAnomaliesOptions {
  fine: LatLonGrid;
  coarse: LatLonGrid;
  truth: Float32Array; lst: Float32Array; ndvi: Float32Array; dem: Float32Array;
  /** Cells with fewer valid pixels are skipped. Default 20. */
  minPixels?: number;
  /** Only cells (indices on `coarse`) for which this returns true are used, e.g. a vegetation or aridity class. Default: all. */
  includeCell?: (coarseIndex: number) => boolean;
}

/**
 * What downscaling can use: the part of a 1 km field that varies INSIDE its 0.25° cells. Each layer's value
 * minus its cell's mean (over the pixels where all four are valid) — the anomaly — then Pearson r of the LST,
 * NDVI and DEM anomalies with the truth anomaly, and the R² of the truth anomaly regressed on all three.
 *
 * @example const a = subCellAnomalies({ fine, coarse, truth, lst, ndvi, dem }); a.rLst; // e.g. −0.3
 * @throws RangeError naming the layer whose length is not fine.size, or minPixels when it is not a positive integer.
 */
export function subCellAnomalies(o: SubCellAnomaliesOptions): SubCellAnomalies {
  const { fine, coarse } = o;
  const minPixels = o.minPixels ?? 20;
  if (!(Number.isInteger(minPixels) && minPixels >= 1)) throw new RangeError(`subCellAnomalies: minPixels must be a positive integer, got ${minPixels}`);
  const layers = [o.truth, o.lst, o.ndvi, o.dem];
  (["truth", "lst", "ndvi", "dem"] as const).forEach((name, j) => {
    if (layers[j].length !== fine.size) throw new RangeError(`subCellAnomalies: ${name} has ${layers[j].length} values, expected the fine grid's ${fine.size}`);
  });
  const cellOf = new Int32Array(fine.size).fill(-1);
  const sums = new Map<number, Float64Array>(); // per cell: n, Σtruth, Σlst, Σndvi, Σdem
  for (let r = 0; r < fine.height; r++) {
    const lat = fine.latOf(r);
    for (let c = 0; c < fine.width; c++) {
      const i = r * fine.width + c;
      if (!layers.every((a) => Number.isFinite(a[i]))) continue;
      const ci = coarse.indexOf(fine.lonOf(c), lat);
      if (ci < 0 || (o.includeCell && !o.includeCell(ci))) continue;
      cellOf[i] = ci;
      let s = sums.get(ci);
      if (!s) { s = new Float64Array(5); sums.set(ci, s); }
      s[0]++;
      for (let j = 0; j < 4; j++) s[j + 1] += layers[j][i];
    }
  }
  // normal equations of y = b0 + b1 x1 + b2 x2 + b3 x3 on anomalies, and the pairwise sums for r
  const A = new Float64Array(16), bv = new Float64Array(4);
  let n = 0, syy = 0;
  const sxx = new Float64Array(3), sxy = new Float64Array(3);
  let cells = 0;
  for (const s of sums.values()) if (s[0] >= minPixels) cells++;
  for (let i = 0; i < fine.size; i++) {
    const ci = cellOf[i];
    if (ci < 0) continue;
    const s = sums.get(ci)!;
    if (s[0] < minPixels) continue;
    const y = o.truth[i] - s[1] / s[0];
    const x = [1, o.lst[i] - s[2] / s[0], o.ndvi[i] - s[3] / s[0], o.dem[i] - s[4] / s[0]];
    for (let a = 0; a < 4; a++) { bv[a] += x[a] * y; for (let b = 0; b < 4; b++) A[a * 4 + b] += x[a] * x[b]; }
    n++; syy += y * y;
    for (let j = 0; j < 3; j++) { sxx[j] += x[j + 1] ** 2; sxy[j] += x[j + 1] * y; }
  }
  const coef = solve4(A, bv);
  // R² = 1 − SSE/SST with SST about the mean of y (which is 0 for anomalies): β·Xᵀy − n ȳ² … computed as explained / total
  const ybar = bv[0] / n;
  let explained = 0;
  for (let a = 0; a < 4; a++) explained += coef[a] * bv[a];
  const sst = syy - n * ybar * ybar;
  const r2 = (explained - n * ybar * ybar) / sst;
  const r = (j: number) => sxy[j] / Math.sqrt(sxx[j] * syy);
  return { pixels: n, cells, rLst: r(0), rNdvi: r(1), rDem: r(2), r2LstNdviDem: r2 };
}

/** Solves a 4 × 4 system by Gaussian elimination with partial pivoting (NaN when singular). */
function solve4(A0: Float64Array, b0: Float64Array): Float64Array {
  const A = Float64Array.from(A0), b = Float64Array.from(b0);
  for (let c = 0; c < 4; c++) {
    let p = c;
    for (let r = c + 1; r < 4; r++) if (Math.abs(A[r * 4 + c]) > Math.abs(A[p * 4 + c])) p = r;
    if (A[p * 4 + c] === 0) return new Float64Array(4).fill(NaN);
    if (p !== c) { for (let k = 0; k < 4; k++) { const t = A[c * 4 + k]; A[c * 4 + k] = A[p * 4 + k]; A[p * 4 + k] = t; } const t = b[c]; b[c] = b[p]; b[p] = t; }
    for (let r = c + 1; r < 4; r++) {
      const f = A[r * 4 + c] / A[c * 4 + c];
      for (let k = c; k < 4; k++) A[r * 4 + k] -= f * A[c * 4 + k];
      b[r] -= f * b[c];
    }
  }
  const x = new Float64Array(4);
  for (let r = 3; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < 4; k++) s -= A[r * 4 + k] * x[k];
    x[r] = s / A[r * 4 + r];
  }
  return x;
}

/**
 * Share of the finite values of a series that lie at or above `ceiling − tolerance`: how often a soil
 * moisture record sits at saturation.
 * @example shareAtCeiling(Float32Array.of(0.2, 0.46, 0.46, NaN), 0.46); // 2/3
 * @throws RangeError when tolerance is negative.
 */
export function shareAtCeiling(series: ArrayLike<number>, ceiling: number, tolerance = 0.005): number {
  if (!(tolerance >= 0)) throw new RangeError(`shareAtCeiling: tolerance must be ≥ 0, got ${tolerance}`);
  let n = 0, at = 0;
  for (let i = 0; i < series.length; i++) {
    const v = series[i];
    if (!Number.isFinite(v)) continue;
    n++;
    if (v >= ceiling - tolerance) at++;
  }
  return n === 0 ? NaN : at / n;
}
