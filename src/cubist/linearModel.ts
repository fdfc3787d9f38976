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
 * Raw model values (float32, bit-identical to {@link modelValue}) of the cases `order[fp..lp]`,
 * written to out[0..lp−fp]; evaluated column by column for speed. Returns `out`.
 */
export function modelValuesBlock(
  model: Float64Array, cont: (Float32Array | null)[], order: Int32Array, fp: number, lp: number, out: Float64Array,
): Float64Array {
  const nb = lp - fp + 1;
  const c0 = model[0];
  for (let k = 0; k < nb; k++) out[k] = c0;
  for (let a = 1; a < model.length; a++) {
    const c = model[a];
    if (c === 0) continue;
    const x = cont[a] as Float32Array;
    for (let k = 0; k < nb; k++) out[k] += c * x[order[fp + k]];
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

/**
 * Solves the normal equations restricted to `cols` (column 0 = intercept must be first).
 * Singular columns are dropped and the solve repeated (§5.2). Returns the coefficients per
 * column position (0 for dropped ones) and marks dropped positions in `dropped`.
 */
function solve(xtx: Float64Array, xty: Float64Array, m: number, colsIn: number[], dropped: Uint8Array): Float64Array {
  const coef = new Float64Array(m);
  let cols = colsIn.filter((c) => !dropped[c]);
  for (;;) {
    const k = cols.length;
    const A = new Float64Array(k * k);
    const b = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) A[i * k + j] = xtx[cols[i] * m + cols[j]];
      b[i] = xty[cols[i]];
    }
    // A column whose pivot is negligible is marked singular and skipped; elimination goes on with
    // the next column and the next row, so the unused row can make a later column look singular
    // too (as in the reference). All marked columns are removed and the solve is repeated.
    const singular: number[] = [];
    for (let j = 0; j < k; j++) {
      let p = j;
      let best = Math.abs(A[j * k + j]);
      for (let i = j + 1; i < k; i++) {
        const v = Math.abs(A[i * k + j]);
        if (v > best) { best = v; p = i; }
      }
      if (best < k * Math.abs(xtx[cols[j] * m + cols[j]]) * 1e-12) { singular.push(j); continue; }
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
    if (singular.length > 0) {
      for (const j of singular) dropped[cols[j]] = 1;
      cols = cols.filter((_, idx) => !singular.includes(idx));
      if (cols.length === 0) return coef;
      continue;
    }
    const x = new Float64Array(k);
    for (let i = k - 1; i >= 0; i--) {
      let s = b[i];
      for (let c = i + 1; c < k; c++) s -= A[i * k + c] * x[c];
      x[i] = s / A[i * k + i];
    }
    for (let i = 0; i < k; i++) coef[cols[i]] = x[i];
    return coef;
  }
}

/** Optional trace hook (used by tests/debugging). */
export interface LinearModelTrace {
  (line: string): void;
}

/** Reusable column buffers of fitLinearModel (it is not re-entrant). */
const pool: Float64Array[] = [];
const auxPool: Float64Array[] = [];
let excludedPool = new Uint8Array(1024);
function auxBuffer(k: number, n: number): Float64Array {
  if (!auxPool[k] || auxPool[k].length < n) auxPool[k] = new Float64Array(Math.max(n, auxPool[k] ? 2 * auxPool[k].length : 1024));
  return auxPool[k];
}
function poolBuffer(k: number, n: number): Float64Array {
  if (!pool[k] || pool[k].length < n) pool[k] = new Float64Array(Math.max(n, pool[k] ? 2 * pool[k].length : 1024));
  return pool[k];
}

/**
 * Fits the full Cubist linear model (§5) on cases `order[fp..lp]` using the continuous attributes
 * flagged in `allowed`. Returns the model coefficients (length nAtt).
 *
 * The block's target, weights and candidate columns are first gathered into contiguous buffers;
 * every sum keeps the case order and the association of the case-by-case formulation.
 */
export function fitLinearModel(
  ctx: ModelContext,
  order: Int32Array,
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
  const gy = poolBuffer(0, nb);
  const gw = w ? poolBuffer(1, nb) : null;
  // weighted count, target mean
  let sw = 0, swy = 0;
  for (let k = 0; k < nb; k++) {
    const i = order[fp + k];
    const yi = y[i];
    gy[k] = yi;
    if (gw) {
      const wi = (w as Float32Array)[i];
      gw[k] = wi;
      sw += wi;
      swy += wi * yi;
    } else {
      sw += 1;
      swy += yi;
    }
  }
  if (sw <= 0) return model;
  const yMean = swy / sw;

  // candidate attributes (gathered columns)
  const cand: number[] = [];
  const cols: Float64Array[] = [];
  const avDev = new Float64Array(nAtt);
  for (let a = 1; a < nAtt; a++) {
    if (!allowed[a] || data.discrete[a] || data.skip[a]) continue;
    const x = cont[a] as Float32Array;
    const gx = poolBuffer(2 + cand.length, nb);
    let s = 0, ss = 0;
    for (let k = 0; k < nb; k++) {
      const v = x[order[fp + k]];
      gx[k] = v;
      const wi = gw ? gw[k] : 1;
      s += wi * v;
      ss += wi * v * v;
    }
    const mean = s / sw;
    const variance = (ss - sw * mean * mean) / (sw - 1);
    if (!(variance >= 1e-6)) continue;
    let dev = 0;
    for (let k = 0; k < nb; k++) dev += (gw ? gw[k] : 1) * Math.abs(gx[k] - mean);
    avDev[a] = dev / sw;
    cand.push(a);
    cols.push(gx);
  }
  let devY = 0;
  for (let k = 0; k < nb; k++) devY += (gw ? gw[k] : 1) * Math.abs(gy[k] - yMean);
  const avDevY = devY / sw;

  if (cand.length === 0 || sw < 2 * cand.length) {
    model[0] = yMean;
    return model;
  }

  // normal-equation tables over [1, cand...]: entry (r, c) = Σ (w·x_r)·x_c in case order
  const m = cand.length + 1;
  const xtx = new Float64Array(m * m);
  const xty = new Float64Array(m);
  const wx = poolBuffer(2 + cand.length, nb);
  for (let r = 0; r < m; r++) {
    if (r === 0) { for (let k = 0; k < nb; k++) wx[k] = gw ? gw[k] : 1; }
    else { const xr = cols[r - 1]; for (let k = 0; k < nb; k++) wx[k] = (gw ? gw[k] : 1) * xr[k]; }
    let sy = 0;
    for (let k = 0; k < nb; k++) sy += wx[k] * gy[k];
    xty[r] = sy;
    for (let c = 0; c <= r; c++) {
      let sum = 0;
      if (c === 0) for (let k = 0; k < nb; k++) sum += wx[k];
      else { const xc = cols[c - 1]; for (let k = 0; k < nb; k++) sum += wx[k] * xc[k]; }
      xtx[r * m + c] = sum;
    }
  }
  const row = new Float64Array(m);
  const removeCase = (k: number): void => {
    const wi = -(gw ? gw[k] : 1);
    row[0] = 1;
    for (let q = 1; q < m; q++) row[q] = cols[q - 1][k];
    const yi = gy[k];
    for (let r = 0; r < m; r++) {
      const wr = wi * row[r];
      xty[r] += wr * yi;
      for (let c = 0; c <= r; c++) xtx[r * m + c] += wr * row[c];
    }
  };
  const symmetrise = (): void => {
    for (let r = 0; r < m; r++) for (let c = r + 1; c < m; c++) xtx[r * m + c] = xtx[c * m + r];
  };
  symmetrise();

  if (excludedPool.length < nb) excludedPool = new Uint8Array(Math.max(nb, 2 * excludedPool.length));
  const excluded = excludedPool; // outliers (by block position)
  excluded.fill(0, 0, nb);
  const vals = auxBuffer(0, nb);
  /** Model values of the block (float32), column-wise from the gathered columns. */
  const evalBlock = (coef: Float64Array): void => {
    const c0 = coef[0];
    for (let k = 0; k < nb; k++) vals[k] = c0;
    for (let q = 0; q < cand.length; q++) {
      const c = coef[cand[q]];
      if (c === 0) continue;
      const x = cols[q];
      for (let k = 0; k < nb; k++) vals[k] += c * x[k];
    }
    for (let k = 0; k < nb; k++) vals[k] = Math.fround(vals[k]);
  };
  const lo = ctx.floor, hi = ctx.ceiling;
  const simplify = (nW: number): Float64Array => {
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
        evalBlock(cur);
        let e = 0;
        for (let k = 0; k < nb; k++) {
          if (excluded[k]) continue;
          const v = vals[k];
          const val = v < lo ? lo : v > hi ? hi : v;
          e += (gw ? gw[k] : 1) * Math.abs(gy[k] - val);
        }
        e /= nW;
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
      bestModel[0] = nW > 0 ? xty[0] / xtx[0] : yMean;
    }
    return bestModel;
  };

  let result = simplify(sw);
  if (activeAttributes(result).length > 0) {
    const res = auxBuffer(1, nb);
    let sAbs = 0, sRes = 0;
    evalBlock(result);
    for (let k = 0; k < nb; k++) {
      const r = gy[k] - clamp(vals[k], lo, hi);
      res[k] = r;
      const wi = gw ? gw[k] : 1;
      sAbs += wi * Math.abs(r);
      sRes += wi * r;
    }
    const meanAbs = sAbs / sw;
    result[0] += sRes / sw;
    let nOut = 0;
    let wOut = 0;
    for (let k = 0; k < nb; k++) {
      if (Math.abs(res[k]) > 5 * meanAbs) {
        excluded[k] = 1;
        nOut++;
        wOut += gw ? gw[k] : 1;
        removeCase(k);
      }
    }
    if (nOut > 0) {
      if (trace) trace(`(Exclude ${nOut} outliers)`);
      symmetrise();
      result = simplify(sw - wOut);
    }
  }
  return result;
}

function fmtModel(model: Float64Array, data: TrainingData): string {
  const parts = [model[0].toFixed(3)];
  for (let a = 1; a < data.nAtt; a++) parts.push(model[a] !== 0 ? model[a].toFixed(3) : "*");
  return parts.join(" ");
}
