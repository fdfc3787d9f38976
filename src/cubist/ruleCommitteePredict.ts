import { caseBlock, type CaseColumns } from "./caseColumns";
import type { CompiledRule } from "./compiledRules";
import type { CubistModel } from "./model";

/** Which covering rules to report per case. */
export type CoverageMode = "none" | "first" | "all";

/** Result of {@link ruleCommitteePredict}. */
export interface RulePredictions {
  /** Committee rule prediction per case (float32 values; §12). */
  predictions: Float64Array;
  /** Number of covering rules per case, over the members used (when coverage ≠ "none"). */
  ruleCount: Int32Array | null;
  /** Flattened index of the first covering rule (member-major order), -1 if none (coverage ≠ "none"). */
  firstRule: Int32Array | null;
  /** CSR list of covering rules: rules of case i are coverRules[coverOffsets[i] .. coverOffsets[i+1]) (coverage "all"). */
  coverOffsets: Int32Array | null;
  coverRules: Int32Array | null;
}

const BLOCK = 4096;

/**
 * Rule-based committee prediction (§12.1, §12.2) over resolved columns, block by block: each rule's
 * conditions narrow a list of covered rows column by column, its linear model is accumulated term by term
 * (same summation order as Cubist: intercept, then terms in attribute order), evaluated as float32,
 * clamped to [LoLim, HiLim]; overlapping rules are averaged (float32), no covering rule gives the
 * global mean; members are averaged (sum in double, float32 result).
 */
export function ruleCommitteePredict(
  model: CubistModel, rules: CompiledRule[][], cases: CaseColumns, coverage: CoverageMode,
): RulePredictions {
  const n = cases.nRows;
  const buffers = cases.columns.map(() => new Float32Array(BLOCK));
  const f = Math.fround;
  const globalMean = f(model.globalMean);
  const nMembers = rules.length;
  const predictions = new Float64Array(n);
  const ruleCount = coverage === "none" ? null : new Int32Array(n);
  const firstRule = coverage === "none" ? null : new Int32Array(n).fill(-1);
  const coverOffsets = coverage === "all" ? new Int32Array(n + 1) : null;
  let coverRules = coverage === "all" ? new Int32Array(Math.max(16, n)) : null;
  let coverLen = 0;

  // discrete memberships per rule condition, over the (possibly extended) value lists
  const member: Uint8Array[][][] = rules.map((rs) => rs.map((r) => r.discValues.map((vals, k) => {
    const a = model.attributes[r.discAttr[k]];
    const list = cases.valueLists[a.name];
    const mem = new Uint8Array(list.length);
    for (const v of vals) { const c = list.indexOf(v); if (c >= 0) mem[c] = 1; }
    return mem;
  })));
  const idx = new Int32Array(BLOCK);
  const acc = new Float64Array(BLOCK);
  const sum = new Float64Array(BLOCK);
  const cnt = new Int32Array(BLOCK);
  const csum = new Float64Array(BLOCK);
  // (row, rule) pairs of the block in rule order, for the CSR lists
  let pairRow = new Int32Array(coverage === "all" ? BLOCK * 4 : 0);
  let pairRule = new Int32Array(coverage === "all" ? BLOCK * 4 : 0);
  const rowCount = new Int32Array(coverage === "all" ? BLOCK + 1 : 0);

  for (let start = 0; start < n; start += BLOCK) {
    const len = Math.min(BLOCK, n - start);
    const cols = caseBlock(cases, start, len, buffers);
    csum.fill(0, 0, len);
    let nPairs = 0;
    for (let m = 0; m < nMembers; m++) {
      sum.fill(0, 0, len);
      cnt.fill(0, 0, len);
      const rs = rules[m];
      for (let ri = 0; ri < rs.length; ri++) {
        const r = rs[ri];
        // covered rows of the block as an index list, narrowed condition by condition
        let k = len;
        let c0 = 0;
        if (r.contAttr.length > 0 && r.contOp[0] !== 2) {
          // first continuous condition scans the block directly
          const col = cols[r.contAttr[0]] as Float32Array;
          const cut = r.contCut[0];
          let w = 0;
          if (r.contOp[0] === 0) { for (let i = 0; i < len; i++) if (col[i] <= cut) idx[w++] = i; }
          else { for (let i = 0; i < len; i++) if (col[i] > cut) idx[w++] = i; }
          k = w;
          c0 = 1;
        } else {
          for (let i = 0; i < len; i++) idx[i] = i;
        }
        for (let c = c0; c < r.contAttr.length && k > 0; c++) {
          const col = cols[r.contAttr[c]] as Float32Array;
          const cut = r.contCut[c];
          const op = r.contOp[c];
          let w = 0;
          if (op === 0) { for (let q = 0; q < k; q++) { const i = idx[q]; if (col[i] <= cut) idx[w++] = i; } }
          else if (op === 1) { for (let q = 0; q < k; q++) { const i = idx[q]; if (col[i] > cut) idx[w++] = i; } }
          // op 2 (= N/A) is never true: missing values were replaced by the mean
          k = w;
        }
        for (let c = 0; c < r.discAttr.length && k > 0; c++) {
          const col = cols[r.discAttr[c]] as Int32Array;
          const mem = member[m][ri][c];
          let w = 0;
          for (let q = 0; q < k; q++) { const i = idx[q]; const v = col[i]; if (v >= 0 && mem[v] === 1) idx[w++] = i; }
          k = w;
        }
        if (k === 0) continue;
        // linear model on the covered rows, term by term (intercept first, terms in attribute order)
        const b = r.intercept;
        for (let q = 0; q < k; q++) acc[q] = b;
        for (let t = 0; t < r.termAttr.length; t++) {
          const col = cols[r.termAttr[t]] as Float32Array;
          const c = r.termCoef[t];
          for (let q = 0; q < k; q++) acc[q] += c * col[idx[q]];
        }
        const lo = r.loLim, hi = r.hiLim;
        for (let q = 0; q < k; q++) {
          const i = idx[q];
          let v = f(acc[q]);
          if (v < lo) v = lo; else if (v > hi) v = hi;
          sum[i] += v;
          cnt[i]++;
        }
        if (ruleCount && firstRule) {
          const g = r.global;
          for (let q = 0; q < k; q++) {
            const row = start + idx[q];
            if (ruleCount[row]++ === 0) firstRule[row] = g;
          }
        }
        if (coverage === "all") {
          if (nPairs + k > pairRow.length) {
            const size = Math.max(pairRow.length * 2, nPairs + k);
            const a = new Int32Array(size); a.set(pairRow.subarray(0, nPairs)); pairRow = a;
            const bb = new Int32Array(size); bb.set(pairRule.subarray(0, nPairs)); pairRule = bb;
          }
          for (let q = 0; q < k; q++) { pairRow[nPairs] = idx[q]; pairRule[nPairs++] = r.global; }
        }
      }
      for (let i = 0; i < len; i++) csum[i] += cnt[i] > 0 ? f(sum[i] / cnt[i]) : globalMean;
    }
    for (let i = 0; i < len; i++) predictions[start + i] = f(csum[i] / nMembers);
    if (coverOffsets && coverage === "all") {
      // counting sort of the pairs by row (stable: rules stay in increasing order within a row)
      rowCount.fill(0, 0, len + 1);
      for (let p = 0; p < nPairs; p++) rowCount[pairRow[p] + 1]++;
      for (let i = 0; i < len; i++) rowCount[i + 1] += rowCount[i];
      for (let i = 0; i < len; i++) coverOffsets[start + i] = coverLen + rowCount[i];
      if (coverLen + nPairs > coverRules!.length) {
        const bigger = new Int32Array(Math.max(coverRules!.length * 2, coverLen + nPairs));
        bigger.set(coverRules!.subarray(0, coverLen));
        coverRules = bigger;
      }
      const pos = rowCount.slice(0, len);
      for (let p = 0; p < nPairs; p++) coverRules![coverLen + pos[pairRow[p]]++] = pairRule[p];
      coverLen += nPairs;
    }
  }
  if (coverOffsets) coverOffsets[n] = coverLen;
  return {
    predictions, ruleCount, firstRule, coverOffsets,
    coverRules: coverRules ? coverRules.slice(0, coverLen) : null,
  };
}
