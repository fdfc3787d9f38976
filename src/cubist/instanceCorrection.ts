import type { CaseColumns } from "./caseColumns";
import type { CubistModel } from "./model";

/** Maximum number of neighbours kept per case (Cubist's MAXN). */
export const MAX_NEIGHBOURS_KEPT = 20;

/** Inputs of {@link instanceCorrection}. */
export interface InstanceCorrectionInput {
  model: CubistModel;
  /** Cases to correct (resolved columns) and their committee rule predictions. */
  cases: CaseColumns;
  casePredictions: Float64Array;
  /** Training instances (resolved with the same value lists as `cases`), their targets and rule predictions. */
  instances: CaseColumns;
  instanceTargets: Float64Array;
  instancePredictions: Float64Array;
  /** Number of neighbours K, 1..9. */
  neighbors: number;
  /** Neighbourhood radius MAXD in distance units. */
  maxd: number;
  /** Skip instance i when correcting case i (cases = the instances: leave-one-out training evaluation). Default false. */
  excludeSelf?: boolean;
}

/**
 * Cubist's instance-based correction (algorithm description §13), applied in place to
 * `casePredictions` (rows with a NaN prediction are left alone).
 *
 * Distance (Manhattan, over every predictor, accumulated in double, then float32 and rounded to a
 * multiple of 1/16): continuous `min(1, |x1 − x2| / (5·sd))`; unordered discrete 0 if equal,
 * else `2/k` (k = number of known values of the attribute); ordered discrete 0 (Cubist quirk).
 * Neighbours: instances with distance ≤ MAXD, nearest first, at most 20 (ties at the 20th place
 * keep the instances seen last, in table order). With fewer than ⌈K/2⌉ neighbours the rule
 * prediction stays. Otherwise each neighbour j gives `clamp(y_j + P(x) − P_j, Floor, Ceiling)`
 * with weight `1/(d_j + 0.5)`; neighbours are taken in groups of equal distance while the count
 * stays ≤ K, a group that would overflow has its weights scaled by (K − count)/(group size);
 * the weighted mean, clamped to [Floor, Ceiling] and stored as float32, replaces the prediction.
 *
 * Cost: O(cases × instances × attributes) (brute force; the C code uses a KD-tree).
 */
export function instanceCorrection(input: InstanceCorrectionInput): void {
  const { model, cases, casePredictions, instances, instanceTargets, instancePredictions, neighbors: K, maxd } = input;
  const excludeSelf = input.excludeSelf ?? false;
  const f = Math.fround;
  const nAtt = model.attributes.length;
  const kind = new Uint8Array(nAtt); // 0 continuous, 1 unordered discrete, 2 ordered (ignored)
  const scale = new Float64Array(nAtt); // 5·sd, or 2/k
  for (let a = 0; a < nAtt; a++) {
    const att = model.attributes[a];
    if (att.kind === "continuous") { kind[a] = 0; scale[a] = 5 * f(att.sd); }
    else if (att.ordered) kind[a] = 2;
    else { kind[a] = 1; scale[a] = 2 / att.values.length; }
  }
  const nInst = instances.nRows;
  const floor = f(model.floor), ceiling = f(model.ceiling);
  const bestD = new Float64Array(MAX_NEIGHBOURS_KEPT + 1);
  const bestJ = new Int32Array(MAX_NEIGHBOURS_KEPT + 1);
  const minFound = (K + 1) >> 1;
  // monomorphic column lists: continuous (float32) and unordered discrete (codes)
  const cIdx: number[] = [], dIdx: number[] = [];
  for (let a = 0; a < nAtt; a++) { if (kind[a] === 0) cIdx.push(a); else if (kind[a] === 1) dIdx.push(a); }
  const cx: Float32Array[] = cIdx.map((a) => cases.columns[a] as Float32Array);
  const ci: Float32Array[] = cIdx.map((a) => instances.columns[a] as Float32Array);
  const cs = Float64Array.from(cIdx.map((a) => scale[a]));
  const dx: Int32Array[] = dIdx.map((a) => cases.columns[a] as Int32Array);
  const di: Int32Array[] = dIdx.map((a) => instances.columns[a] as Int32Array);
  const ds = Float64Array.from(dIdx.map((a) => scale[a]));
  const nC = cIdx.length, nD = dIdx.length;
  const limit = maxd + 1;
  for (let i = 0; i < cases.nRows; i++) {
    const px = casePredictions[i];
    if (px !== px) continue;
    let found = 0;
    for (let j = 0; j < nInst; j++) {
      if (excludeSelf && j === i) continue;
      let d = 0;
      for (let k = 0; k < nD; k++) if (dx[k][i] !== di[k][j]) d += ds[k];
      for (let k = 0; k < nC && d <= limit; k++) {
        const diff = f(Math.abs(cx[k][i] - ci[k][j]));
        const t = diff / cs[k];
        d += t < 1 ? t : 1;
      }
      if (d > limit) continue;
      // rint(16·d)/16 with d as float32 (round half to even)
      const r16 = 16 * f(d);
      const fl = Math.floor(r16);
      const dd = (r16 - fl === 0.5 ? (fl % 2 === 0 ? fl : fl + 1) : Math.round(r16)) / 16;
      if (dd > maxd) continue;
      // insert before the first kept neighbour at distance >= dd (ties: the latest seen comes first)
      let p = found;
      while (p > 0 && bestD[p - 1] >= dd) p--;
      if (p >= MAX_NEIGHBOURS_KEPT) continue;
      for (let q = Math.min(found, MAX_NEIGHBOURS_KEPT - 1); q > p; q--) { bestD[q] = bestD[q - 1]; bestJ[q] = bestJ[q - 1]; }
      bestD[p] = dd;
      bestJ[p] = j;
      if (found < MAX_NEIGHBOURS_KEPT) found++;
    }
    if (found < minFound) continue;
    let wsum = 0, vsum = 0, count = 0;
    let g = 0;
    while (g < found && count < K) {
      let h = g;
      while (h < found && bestD[h] === bestD[g]) h++;
      const size = h - g;
      const factor = count + size <= K ? 1 : (K - count) / size;
      for (let q = g; q < h; q++) {
        const j = bestJ[q];
        let adj = instanceTargets[j] + px - instancePredictions[j];
        if (adj < floor) adj = floor; else if (adj > ceiling) adj = ceiling;
        const w = factor / (bestD[q] + 0.5);
        wsum += w;
        vsum += w * adj;
      }
      count += size;
      g = h;
    }
    let est = vsum / wsum;
    if (est < floor) est = floor; else if (est > ceiling) est = ceiling;
    casePredictions[i] = f(est);
  }
}
