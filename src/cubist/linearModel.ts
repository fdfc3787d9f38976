/**
 * Linear models of Cubist (algorithm description §5): weighted least squares by Gaussian
 * elimination with Cubist's singularity test, backward elimination with the (n+v)/(n−v) penalty,
 * bias correction and one outlier pass.
 *
 * A model is a Float64Array of length nAtt: index 0 is the intercept, index a the coefficient of
 * attribute a (0 for unused and discrete attributes).
 */
import type { TrainingData } from "./trainingData";
import { f32 } from "./trainingData";

/** What a linear-model fit needs to know about the data. */
export interface ModelContext {
  data: TrainingData;
  /** The target being modelled (float32 values; the adjusted target for committee members > 0). */
  y: Float32Array;
  /** Case weights or null. */
  w: Float32Array | null;
  /** Global bounds used to clamp model values. */
  floor: number;
  ceiling: number;
}

/** Indices of the non-zero coefficients of `model` (attributes only), ascending. */
export function activeAttributes(model: Float64Array): Int32Array {
  let k = 0;
  for (let a = 1; a < model.length; a++) if (model[a] !== 0) k++;
  const out = new Int32Array(k);
  k = 0;
  for (let a = 1; a < model.length; a++) if (model[a] !== 0) out[k++] = a;
  return out;
}

/** Raw model value for case i (float32, as Cubist's LinModel). */
export function modelValue(model: Float64Array, active: Int32Array, cont: (Float32Array | null)[], i: number): number {
  let s = model[0];
  for (let k = 0; k < active.length; k++) {
    const a = active[k];
    s += model[a] * (cont[a] as Float32Array)[i];
  }
  return f32(s);
}

/**
 * The raw (unclamped) value of a linear model for case i in double precision, without the
 * float32 rounding of {@link modelValue}: intercept plus Σ coef·x over the active attributes, in
 * attribute order. This is the value a rule contributes to a rule-set prediction (§12.1), which
 * committee training uses for the next member's target (issue 16: rounding it to float32 made
 * intercepts of members 2+ differ in the last printed digit on large-magnitude targets).
 *
 * @param model coefficients by attribute index (index 0 the intercept), target units
 * @param active indices of the non-zero coefficients, ascending (from {@link activeAttributes})
 * @param cont the continuous columns (float32; a missing value must already be replaced)
 * @param i case position
 * @returns the model value (double, target units)
 * @example modelValueDouble(Float64Array.of(1, 2), Int32Array.of(1), [null, Float32Array.of(3)], 0); // 7
 */
export function modelValueDouble(model: Float64Array, active: Int32Array, cont: (Float32Array | null)[], i: number): number {
  let s = model[0];
  for (let k = 0; k < active.length; k++) {
    const a = active[k];
    s += model[a] * (cont[a] as Float32Array)[i];
  }
  return s;
}

/**
 * Raw model values (float32, bit-identical to {@link modelValue}) of positions fp..lp of
 * block-ordered columns, written to out[0..lp−fp]; evaluated column by column for speed. Returns
 * `out`.
 */
export function modelValuesBlock(model: Float64Array, cont: (Float32Array | null)[], fp: number, lp: number, out: Float64Array): Float64Array {
  const nb = lp - fp + 1;
  const c0 = model[0];
  for (let k = 0; k < nb; k++) out[k] = c0;
  for (let a = 1; a < model.length; a++) {
    const c = model[a];
    if (c === 0) continue;
    const x = cont[a] as Float32Array;
    for (let k = 0; k < nb; k++) out[k] += c * x[fp + k];
  }
  for (let k = 0; k < nb; k++) out[k] = Math.fround(out[k]);
  return out;
}

/** A reusable Float64Array of at least `n` entries. */
export function scratch(n: number): Float64Array {
  if (scratchBuf.length < n) scratchBuf = new Float64Array(Math.max(n, 2 * scratchBuf.length));
  return scratchBuf;
}
let scratchBuf = new Float64Array(1024);

/** Clamps v to [lo, hi]. */
export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

// Scratch space of solve (systems have at most nAtt unknowns; grown on demand).
let solveA = new Float64Array(64);
let solveB = new Float64Array(8);
let solveX = new Float64Array(8);
let solveCols = new Int32Array(8);
let solveSingular = new Int32Array(8);
let solveCoef = new Float64Array(8);

/**
 * Solves the normal equations restricted to `colsIn` (column 0 = intercept must be first).
 * Singular columns are dropped and the solve repeated (§5.2). Returns the coefficients per
 * column position (0 for dropped ones; a scratch array valid until the next call) and marks
 * dropped positions in `dropped`.
 */
function solve(xtx: Float64Array, xty: Float64Array, m: number, colsIn: number[], dropped: Uint8Array): Float64Array {
  if (solveCoef.length < m) {
    solveA = new Float64Array(m * m); solveB = new Float64Array(m); solveX = new Float64Array(m);
    solveCols = new Int32Array(m); solveSingular = new Int32Array(m); solveCoef = new Float64Array(m);
  }
  const coef = solveCoef, A = solveA, b = solveB, x = solveX, cols = solveCols, singular = solveSingular;
  coef.fill(0, 0, m);
  let k = 0;
  for (let q = 0; q < colsIn.length; q++) if (!dropped[colsIn[q]]) cols[k++] = colsIn[q];
  for (;;) {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) A[i * k + j] = xtx[cols[i] * m + cols[j]];
      b[i] = xty[cols[i]];
    }
    // A column whose pivot is negligible is marked singular and skipped; elimination goes on with
    // the next column and the next row, so the unused row can make a later column look singular
    // too (as in the reference). All marked columns are removed and the solve is repeated.
    let nSingular = 0;
    for (let j = 0; j < k; j++) {
      let p = j;
      let best = Math.abs(A[j * k + j]);
      for (let i = j + 1; i < k; i++) {
        const v = Math.abs(A[i * k + j]);
        if (v > best) { best = v; p = i; }
      }
      if (best < k * Math.abs(xtx[cols[j] * m + cols[j]]) * 1e-12) { singular[nSingular++] = j; continue; }
      if (p !== j) {
        for (let c = 0; c < k; c++) { const t = A[j * k + c]; A[j * k + c] = A[p * k + c]; A[p * k + c] = t; }
        const t = b[j]; b[j] = b[p]; b[p] = t;
      }
      const piv = A[j * k + j];
      for (let i = j + 1; i < k; i++) {
        const f = A[i * k + j] / piv;
        if (f === 0) continue;
        for (let c = j; c < k; c++) A[i * k + c] -= f * A[j * k + c];
        b[i] -= f * b[j];
      }
    }
    if (nSingular > 0) {
      // drop the singular positions (ascending in `singular`), keep the others in order
      let kept = 0, s = 0;
      for (let idx = 0; idx < k; idx++) {
        if (s < nSingular && singular[s] === idx) { dropped[cols[idx]] = 1; s++; continue; }
        cols[kept++] = cols[idx];
      }
      k = kept;
      if (k === 0) return coef;
      continue;
    }
    for (let i = k - 1; i >= 0; i--) {
      let sum = b[i];
      for (let c = i + 1; c < k; c++) sum -= A[i * k + c] * x[c];
      x[i] = sum / A[i * k + i];
    }
    for (let i = 0; i < k; i++) coef[cols[i]] = x[i];
    return coef;
  }
}

/** Optional trace hook (used by tests/debugging). */
export interface LinearModelTrace {
  (line: string): void;
}

/** Reusable buffers of fitLinearModel (it is not re-entrant). */
const auxPool: Float64Array[] = [];
let excludedPool = new Uint8Array(1024);
function auxBuffer(k: number, n: number): Float64Array {
  if (!auxPool[k] || auxPool[k].length < n) auxPool[k] = new Float64Array(Math.max(n, auxPool[k] ? 2 * auxPool[k].length : 1024));
  return auxPool[k];
}

// Block passes of fitLinearModel, one loop each (V8 re-enters cached on-stack-replacement code per
// loop; see splitSums in growTree.ts). `g` arrays are a block's slices of the block-ordered columns
// (float32 values, read as doubles), `gw` the weights or null for unit weights; every sum runs
// over k = 0..nb−1 in block order.

/** Σ gw[k] (nb for unit weights). */
function weightTotal(gw: Float32Array | null, nb: number): number {
  if (!gw) return nb;
  let s = 0;
  for (let k = 0; k < nb; k++) s += gw[k];
  return s;
}

/** Σ gw[k]·a[k]. */
function weightedTotal(gw: Float32Array | null, a: Float32Array, nb: number): number {
  let s = 0;
  if (gw) for (let k = 0; k < nb; k++) s += gw[k] * a[k];
  else for (let k = 0; k < nb; k++) s += a[k];
  return s;
}

/** Σ gw[k]·a[k]·a[k]. */
function weightedSquares(gw: Float32Array | null, a: Float32Array, nb: number): number {
  let s = 0;
  if (gw) for (let k = 0; k < nb; k++) s += gw[k] * a[k] * a[k];
  else for (let k = 0; k < nb; k++) s += a[k] * a[k];
  return s;
}

/** Σ gw[k]·|a[k] − mean|. */
function weightedAbsDeviation(gw: Float32Array | null, a: Float32Array, mean: number, nb: number): number {
  let s = 0;
  if (gw) for (let k = 0; k < nb; k++) s += gw[k] * Math.abs(a[k] - mean);
  else for (let k = 0; k < nb; k++) s += Math.abs(a[k] - mean);
  return s;
}

/** Σ (gw[k]·a[k])·b[k], the association of the case-by-case normal equations. */
function weightedDot(gw: Float32Array | null, a: Float32Array, b: Float32Array, nb: number): number {
  let s = 0;
  if (gw) for (let k = 0; k < nb; k++) s += gw[k] * a[k] * b[k];
  else for (let k = 0; k < nb; k++) s += a[k] * b[k];
  return s;
}

/** vals[k] += c·x[k]. */
function addScaled(vals: Float64Array, c: number, x: Float32Array, nb: number): void {
  for (let k = 0; k < nb; k++) vals[k] += c * x[k];
}

/** vals[k] = fround(vals[k]). */
function roundToFloat32(vals: Float64Array, nb: number): void {
  for (let k = 0; k < nb; k++) vals[k] = Math.fround(vals[k]);
}

/** Σ gw[k]·|gy[k] − clamp(vals[k])| over the cases not excluded. */
function absErrorKept(
  vals: Float64Array, gy: Float32Array, gw: Float32Array | null, excluded: Uint8Array, nb: number, lo: number, hi: number,
): number {
  let e = 0;
  for (let k = 0; k < nb; k++) {
    if (excluded[k]) continue;
    const v = vals[k];
    const val = v < lo ? lo : v > hi ? hi : v;
    e += (gw ? gw[k] : 1) * Math.abs(gy[k] - val);
  }
  return e;
}

/** res[k] = gy[k] − clamp(vals[k]); returns Σ gw·|res| and leaves Σ gw·res in residualSum. */
let residualSum = 0;
function residualsAndAbsSum(
  vals: Float64Array, gy: Float32Array, gw: Float32Array | null, res: Float64Array, nb: number, lo: number, hi: number,
): number {
  let sAbs = 0, sRes = 0;
  for (let k = 0; k < nb; k++) {
    const r = gy[k] - clamp(vals[k], lo, hi);
    res[k] = r;
    const wi = gw ? gw[k] : 1;
    sAbs += wi * Math.abs(r);
    sRes += wi * r;
  }
  residualSum = sRes;
  return sAbs;
}

/**
 * One block's least-squares problem (§5): gathered columns, normal equations, and the steps of
 * the fit as methods (a class, not closures re-created per call).
 */
class BlockLinearFit {
  /** Model values of the block (float32), written by evalBlock. */
  readonly vals: Float64Array;
  /** Outliers by block position. */
  readonly excluded: Uint8Array;
  /** Normal-equation tables over [1, cand...]. */
  readonly xtx: Float64Array;
  readonly xty: Float64Array;
  readonly m: number;
  private readonly row: Float64Array;

  constructor(
    readonly data: TrainingData,
    readonly nb: number,
    readonly cand: number[],
    readonly cols: Float32Array[],
    readonly gy: Float32Array,
    readonly gw: Float32Array | null,
    readonly avDev: Float64Array,
    readonly avDevY: number,
    readonly yMean: number,
    readonly lo: number,
    readonly hi: number,
  ) {
    this.m = cand.length + 1;
    this.vals = auxBuffer(0, nb);
    if (excludedPool.length < nb) excludedPool = new Uint8Array(Math.max(nb, 2 * excludedPool.length));
    this.excluded = excludedPool;
    this.excluded.fill(0, 0, nb);
    this.xtx = new Float64Array(this.m * this.m);
    this.xty = new Float64Array(this.m);
    this.row = new Float64Array(this.m);
  }

  /** Fills the normal-equation tables: entry (r, c) = Σ (w·x_r)·x_c in case order. */
  buildNormalEquations(): void {
    const { m, nb, gw, gy, cols, xtx, xty } = this;
    for (let r = 0; r < m; r++) {
      if (r === 0) {
        xty[0] = weightedTotal(gw, gy, nb);
        xtx[0] = weightTotal(gw, nb);
        continue;
      }
      const xr = cols[r - 1];
      xty[r] = weightedDot(gw, xr, gy, nb);
      for (let c = 0; c <= r; c++) xtx[r * m + c] = c === 0 ? weightedTotal(gw, xr, nb) : weightedDot(gw, xr, cols[c - 1], nb);
    }
    this.symmetrise();
  }

  symmetrise(): void {
    const { m, xtx } = this;
    for (let r = 0; r < m; r++) for (let c = r + 1; c < m; c++) xtx[r * m + c] = xtx[c * m + r];
  }

  /** Takes case k out of the (lower-triangle) normal equations. */
  removeCase(k: number): void {
    const { m, gw, cols, row, xtx, xty } = this;
    const wi = -(gw ? gw[k] : 1);
    row[0] = 1;
    for (let q = 1; q < m; q++) row[q] = cols[q - 1][k];
    const yi = this.gy[k];
    for (let r = 0; r < m; r++) {
      const wr = wi * row[r];
      xty[r] += wr * yi;
      for (let c = 0; c <= r; c++) xtx[r * m + c] += wr * row[c];
    }
  }

  /** Model values of the block (float32), column-wise from the gathered columns, into vals. */
  evalBlock(coef: Float64Array): void {
    const { nb, vals, cand, cols } = this;
    vals.fill(coef[0], 0, nb);
    for (let q = 0; q < cand.length; q++) {
      const c = coef[cand[q]];
      if (c !== 0) addScaled(vals, c, cols[q], nb);
    }
    roundToFloat32(vals, nb);
  }

  /** Backward elimination with the (n+v)/(n−v) penalty (§5.3) on total weight nW. */
  simplify(nW: number, trace?: LinearModelTrace): Float64Array {
    const { m, cand, avDev, avDevY, xtx, xty, data } = this;
    const nAtt = data.nAtt;
    const dropped = new Uint8Array(m);
    const active: number[] = [];
    for (let k = 0; k < m; k++) active.push(k);
    let best = 1e10;
    let bestModel: Float64Array | null = null;
    for (;;) {
      const coefCols = solve(xtx, xty, m, active, dropped);
      for (let k = active.length - 1; k >= 1; k--) if (dropped[active[k]]) active.splice(k, 1);
      const cur = new Float64Array(nAtt);
      cur[0] = coefCols[0];
      for (let k = 1; k < active.length; k++) cur[cand[active[k] - 1]] = coefCols[active[k]];
      // contributions
      let drop = -1;
      let minContrib = Infinity;
      let stable = true;
      for (let k = 1; k < active.length; k++) {
        const a = cand[active[k] - 1];
        const contrib = Math.abs(cur[a] * avDev[a]);
        if (contrib > 1000 * avDevY) stable = false;
        if (contrib < minContrib) { minContrib = contrib; drop = k; }
      }
      const v0 = active.length - 1;
      if (trace) trace(`Model ${fmtModel(cur, data)}`);
      if (stable && nW >= 2 * v0) {
        this.evalBlock(cur);
        const e = absErrorKept(this.vals, this.gy, this.gw, this.excluded, this.nb, this.lo, this.hi) / nW;
        let v = v0;
        if (v >= nW) v = nW - 1;
        const adj = (e * (nW + v)) / (nW - v);
        if (trace) trace(`mod err=${e.toFixed(2)}/${adj.toFixed(2)}${adj <= best ? " **" : ""}`);
        if (adj <= best) { best = adj; bestModel = cur; }
      }
      if (drop < 0) break;
      if (trace) trace(`Drop ${data.names[cand[active[drop] - 1]]}`);
      active.splice(drop, 1);
    }
    if (!bestModel) {
      bestModel = new Float64Array(nAtt);
      bestModel[0] = nW > 0 ? xty[0] / xtx[0] : this.yMean;
    }
    return bestModel;
  }
}

/**
 * Fits the full Cubist linear model (§5) on the cases at positions fp..lp of `ctx`, whose target,
 * weights and columns are in block order (as growTree leaves them), using the continuous
 * attributes flagged in `allowed`. Returns the model coefficients (length nAtt).
 *
 * Every sum keeps the block order and the association of the case-by-case formulation.
 */
export function fitLinearModel(
  ctx: ModelContext,
  fp: number,
  lp: number,
  allowed: Uint8Array,
  trace?: LinearModelTrace,
): Float64Array {
  const { data, y, w } = ctx;
  const nAtt = data.nAtt;
  const cont = data.cont;
  const model = new Float64Array(nAtt);
  const nb = lp - fp + 1;
  const gy = y.subarray(fp, lp + 1);
  const gw = w ? w.subarray(fp, lp + 1) : null;
  // weighted count, target mean
  const sw = weightTotal(gw, nb);
  const swy = weightedTotal(gw, gy, nb);
  if (sw <= 0) return model;
  const yMean = swy / sw;

  // candidate attributes (gathered columns)
  const cand: number[] = [];
  const cols: Float32Array[] = [];
  const avDev = new Float64Array(nAtt);
  for (let a = 1; a < nAtt; a++) {
    if (!allowed[a] || data.discrete[a] || data.skip[a]) continue;
    const gx = (cont[a] as Float32Array).subarray(fp, lp + 1);
    const mean = weightedTotal(gw, gx, nb) / sw;
    const ss = weightedSquares(gw, gx, nb);
    const variance = (ss - sw * mean * mean) / (sw - 1);
    if (!(variance >= 1e-6)) continue;
    avDev[a] = weightedAbsDeviation(gw, gx, mean, nb) / sw;
    cand.push(a);
    cols.push(gx);
  }
  const avDevY = weightedAbsDeviation(gw, gy, yMean, nb) / sw;

  if (cand.length === 0 || sw < 2 * cand.length) {
    model[0] = yMean;
    return model;
  }

  const fitState = new BlockLinearFit(data, nb, cand, cols, gy, gw, avDev, avDevY, yMean, ctx.floor, ctx.ceiling);
  fitState.buildNormalEquations();
  let result = fitState.simplify(sw, trace);
  if (activeAttributes(result).length > 0) {
    const res = auxBuffer(1, nb);
    fitState.evalBlock(result);
    const sAbs = residualsAndAbsSum(fitState.vals, gy, gw, res, nb, ctx.floor, ctx.ceiling);
    const meanAbs = sAbs / sw;
    result[0] += residualSum / sw;
    let nOut = 0;
    let wOut = 0;
    for (let k = 0; k < nb; k++) {
      if (Math.abs(res[k]) > 5 * meanAbs) {
        fitState.excluded[k] = 1;
        nOut++;
        wOut += gw ? gw[k] : 1;
        fitState.removeCase(k);
      }
    }
    if (nOut > 0) {
      if (trace) trace(`(Exclude ${nOut} outliers)`);
      fitState.symmetrise();
      result = fitState.simplify(sw - wOut, trace);
    }
  }
  return result;
}

function fmtModel(model: Float64Array, data: TrainingData): string {
  const parts = [model[0].toFixed(3)];
  for (let a = 1; a < data.nAtt; a++) parts.push(model[a] !== 0 ? model[a].toFixed(3) : "*");
  return parts.join(" ");
}
