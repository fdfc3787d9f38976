import type { CaseColumns } from "./caseColumns";
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
 * conditions are evaluated column-wise into a mask, its linear model is accumulated term by term
 * (same summation order as Cubist: intercept, then terms in attribute order), evaluated as float32,
 * clamped to [LoLim, HiLim]; overlapping rules are averaged (float32), no covering rule gives the
 * global mean; members are averaged (sum in double, float32 result).
 */
export function ruleCommitteePredict(
  model: CubistModel, rules: CompiledRule[][], cases: CaseColumns, coverage: CoverageMode,
): RulePredictions {
  const n = cases.nRows;
  const cols = cases.columns;
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
  const totalRules = rules.reduce((s, rs) => s + rs.length, 0);
  const keepMasks = coverage !== "none";
  const masks = keepMasks ? new Uint8Array(totalRules * BLOCK) : null;
  const mask = new Uint8Array(BLOCK);
  const acc = new Float64Array(BLOCK);
  const sum = new Float64Array(BLOCK);
  const cnt = new Int32Array(BLOCK);
  const csum = new Float64Array(BLOCK);

  for (let start = 0; start < n; start += BLOCK) {
    const len = Math.min(BLOCK, n - start);
    csum.fill(0, 0, len);
    for (let m = 0; m < nMembers; m++) {
      sum.fill(0, 0, len);
      cnt.fill(0, 0, len);
      const rs = rules[m];
      for (let ri = 0; ri < rs.length; ri++) {
        const r = rs[ri];
        mask.fill(1, 0, len);
        for (let k = 0; k < r.contAttr.length; k++) {
          const col = cols[r.contAttr[k]] as Float32Array;
          const cut = r.contCut[k];
          const op = r.contOp[k];
          if (op === 0) { for (let i = 0; i < len; i++) if (!(col[start + i] <= cut)) mask[i] = 0; }
          else if (op === 1) { for (let i = 0; i < len; i++) if (!(col[start + i] > cut)) mask[i] = 0; }
          else mask.fill(0, 0, len); // N/A never occurs: missing values were replaced by the mean
        }
        for (let k = 0; k < r.discAttr.length; k++) {
          const col = cols[r.discAttr[k]] as Int32Array;
          const mem = member[m][ri][k];
          for (let i = 0; i < len; i++) { const c = col[start + i]; if (c < 0 || mem[c] === 0) mask[i] = 0; }
        }
        // linear model on covered rows, term by term
        for (let i = 0; i < len; i++) acc[i] = r.intercept;
        for (let t = 0; t < r.termAttr.length; t++) {
          const col = cols[r.termAttr[t]] as Float32Array;
          const c = r.termCoef[t];
          for (let i = 0; i < len; i++) acc[i] += c * col[start + i];
        }
        const lo = r.loLim, hi = r.hiLim;
        for (let i = 0; i < len; i++) {
          if (mask[i] === 0) continue;
          let v = f(acc[i]);
          if (v < lo) v = lo; else if (v > hi) v = hi;
          sum[i] += v;
          cnt[i]++;
        }
        if (masks) masks.set(mask.subarray(0, len), r.global * BLOCK);
      }
      for (let i = 0; i < len; i++) csum[i] += cnt[i] > 0 ? f(sum[i] / cnt[i]) : globalMean;
    }
    for (let i = 0; i < len; i++) predictions[start + i] = f(csum[i] / nMembers);
    if (masks && ruleCount && firstRule) {
      for (let i = 0; i < len; i++) {
        let c = 0;
        let first = -1;
        if (coverOffsets) coverOffsets[start + i] = coverLen;
        for (let g = 0; g < totalRules; g++) {
          if (masks[g * BLOCK + i] === 0) continue;
          if (first < 0) first = g;
          c++;
          if (coverRules) {
            if (coverLen === coverRules.length) {
              const bigger = new Int32Array(coverRules.length * 2);
              bigger.set(coverRules);
              coverRules = bigger;
            }
            coverRules[coverLen++] = g;
          }
        }
        ruleCount[start + i] = c;
        firstRule[start + i] = first;
      }
    }
  }
  if (coverOffsets) coverOffsets[n] = coverLen;
  return {
    predictions, ruleCount, firstRule, coverOffsets,
    coverRules: coverRules ? coverRules.slice(0, coverLen) : null,
  };
}
