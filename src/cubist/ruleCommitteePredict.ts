import { caseBlock, type CaseColumns } from "./caseColumns";
import type { CompiledRule } from "./compiledRules";
import type { CubistModel } from "./model";
import { testedCuts } from "./testedCuts";

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
  /** Each member's own rule prediction per case (float32 values), when asked for; else null. */
  memberPredictions: Float64Array[] | null;
}

const BLOCK = 4096;

/**
 * Where a case's value of a tested attribute lies, as a key into coverage tables: for a continuous
 * attribute the number of the model's sorted cuts below the value (NaN: one past the last), for a
 * discrete one its value code + 1 (0: a value unknown to the model).
 */
interface AttributeKeys {
  /** Position of the attribute among the model's attributes. */
  att: number;
  /** Sorted distinct cuts (continuous) or null (discrete). */
  cuts: Float64Array | null;
  /** The cuts padded with +Infinity to a power-of-two length greater than their number. */
  padded: Float64Array;
  /** Number of keys. */
  size: number;
  /** Keys of the current block's rows. */
  keys: Int32Array;
}

/**
 * One member's rules as flat arrays, and per tested attribute a table of the rules each key
 * admits: bit r of word w of entry key·words + w is set when rule 32w + r has no condition on the
 * attribute or all its conditions on it hold for values with that key.
 */
interface MemberTables {
  words: number;
  /** Rules that can cover anything (a rule with an N/A condition never does). */
  possible: Uint32Array;
  /** The block keys of the attributes this member tests (arrays of the model-wide list), and their tables. */
  keys: Int32Array[];
  tables: Uint32Array[];
  global: Int32Array;
  intercept: Float64Array;
  loLim: Float64Array;
  hiLim: Float64Array;
  termStart: Int32Array;
  termAttr: Int32Array;
  termCoef: Float64Array;
}

/**
 * Keys of a continuous attribute's block values: the number of cuts below each value (NaN →
 * cuts.length + 1), by a bisection without branches over `padded` (the sorted cuts, then +Infinity
 * up to a power of two): one pass over the block per halving step. (A branching bisection per value
 * was mispredicted about half the time.)
 */
function continuousKeys(col: Float32Array, padded: Float64Array, m: number, keys: Int32Array, len: number): void {
  for (let i = 0; i < len; i++) keys[i] = 0;
  for (let half = padded.length >> 1; half >= 1; half >>= 1) {
    for (let i = 0; i < len; i++) {
      const k = keys[i];
      keys[i] = k + half * +(col[i] > padded[k + half - 1]);
    }
  }
  for (let i = 0; i < len; i++) if (col[i] !== col[i]) keys[i] = m + 1;
}

/** Keys of a discrete attribute's block codes: code + 1 (an unseen value, code −1, gives 0). */
function discreteKeys(col: Int32Array, keys: Int32Array, len: number): void {
  for (let i = 0; i < len; i++) keys[i] = col[i] + 1;
}

/** The model-wide keys of every attribute tested by a rule of the members used. */
function attributeKeys(rules: CompiledRule[][], cases: CaseColumns, model: CubistModel): AttributeKeys[] {
  const cutLists = testedCuts(rules);
  const discrete = new Set<number>();
  for (const rs of rules) {
    for (const r of rs) {
      for (const a of r.discAttr) discrete.add(a);
    }
  }
  const out: AttributeKeys[] = [];
  for (const [att, list] of [...cutLists].sort((p, q) => p[0] - q[0])) {
    const cuts = Float64Array.from(list).sort();
    let p = 1;
    while (p <= cuts.length) p *= 2;
    const padded = new Float64Array(p).fill(Infinity);
    padded.set(cuts);
    out.push({ att, cuts, padded, size: cuts.length + 2, keys: new Int32Array(BLOCK) });
  }
  for (const att of [...discrete].sort((p, q) => p - q)) {
    out.push({ att, cuts: null, padded: new Float64Array(0), size: cases.valueLists[model.attributes[att].name].length + 1, keys: new Int32Array(BLOCK) });
  }
  return out;
}

/** Whether values with key `key` of attribute `ak` satisfy a continuous condition (op 0 `<=`, 1 `>`, 2 N/A). */
function continuousHolds(ak: AttributeKeys, key: number, op: number, cut: number): boolean {
  const cuts = ak.cuts as Float64Array;
  if (op === 2 || key > cuts.length) return false; // N/A is never true; NaN fails both comparisons
  const j = cuts.indexOf(cut);
  // key g holds values in (cuts[g − 1], cuts[g]]: x <= cuts[j] exactly when g <= j
  return op === 0 ? key <= j : key > j;
}

/** A member's flat rule arrays and coverage tables. */
function memberTables(model: CubistModel, rs: CompiledRule[], keyList: AttributeKeys[], cases: CaseColumns): MemberTables {
  const n = rs.length;
  const words = Math.max(1, (n + 31) >> 5);
  const possible = new Uint32Array(words);
  const keys: Int32Array[] = [];
  const tables: Uint32Array[] = [];
  keyList.forEach((ak) => {
    if (!rs.some((r) => r.contAttr.includes(ak.att) || r.discAttr.includes(ak.att))) return;
    const table = new Uint32Array(ak.size * words);
    rs.forEach((r, ri) => {
      const w = ri >> 5, bit = (1 << (ri & 31)) >>> 0;
      for (let key = 0; key < ak.size; key++) {
        let ok = true;
        r.contAttr.forEach((a, c) => { if (a === ak.att && !continuousHolds(ak, key, r.contOp[c], r.contCut[c])) ok = false; });
        r.discAttr.forEach((a, c) => {
          if (a !== ak.att) return;
          const list = cases.valueLists[model.attributes[a].name];
          if (key === 0 || !r.discValues[c].includes(list[key - 1])) ok = false;
        });
        if (ok) table[key * words + w] |= bit;
      }
    });
    keys.push(ak.keys);
    tables.push(table);
  });
  const termStart = new Int32Array(n + 1);
  rs.forEach((r, ri) => { termStart[ri + 1] = termStart[ri] + r.termAttr.length; });
  const termAttr = new Int32Array(termStart[n]);
  const termCoef = new Float64Array(termStart[n]);
  rs.forEach((r, ri) => {
    termAttr.set(r.termAttr, termStart[ri]);
    termCoef.set(r.termCoef, termStart[ri]);
    if (!Array.from(r.contOp).includes(2)) possible[ri >> 5] |= (1 << (ri & 31)) >>> 0;
  });
  return {
    words, possible, keys, tables,
    global: Int32Array.from(rs.map((r) => r.global)),
    intercept: Float64Array.from(rs.map((r) => r.intercept)),
    loLim: Float64Array.from(rs.map((r) => r.loLim)),
    hiLim: Float64Array.from(rs.map((r) => r.hiLim)),
    termStart, termAttr, termCoef,
  };
}

/**
 * Rule-based committee prediction (§12.1, §12.2) over resolved columns. The rules covering a case
 * are found from where its values lie among the model's cuts: per tested attribute a table gives
 * the rules that admit the value, and the covering rules are the AND of the tables' words (one
 * lookup per attribute instead of a pass per rule). Each covering rule's linear model is
 * accumulated term by term (same summation order as Cubist: intercept, then terms in attribute
 * order), evaluated as float32, clamped to [LoLim, HiLim]; overlapping rules are averaged
 * (float32, in rule order), no covering rule gives the global mean; members are averaged (sum in
 * double, float32 result). With `withMembers` true, each member's prediction (its covering rules' float32
 * average, or the global mean) is also returned; the committee prediction is the same either way.
 */
export function ruleCommitteePredict(
  model: CubistModel, rules: CompiledRule[][], cases: CaseColumns, coverage: CoverageMode, withMembers = false,
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
  const memberPredictions = withMembers ? rules.map(() => new Float64Array(n)) : null;

  const keyList = attributeKeys(rules, cases, model);
  const members = rules.map((rs) => memberTables(model, rs, keyList, cases));
  for (let start = 0; start < n; start += BLOCK) {
    const len = Math.min(BLOCK, n - start);
    const cols = caseBlock(cases, start, len, buffers);
    for (const ak of keyList) {
      if (ak.cuts) continuousKeys(cols[ak.att] as Float32Array, ak.padded, ak.cuts.length, ak.keys, len);
      else discreteKeys(cols[ak.att] as Int32Array, ak.keys, len);
    }
    for (let i = 0; i < len; i++) {
      const row = start + i;
      if (coverOffsets) coverOffsets[row] = coverLen;
      let csum = 0;
      for (let m = 0; m < nMembers; m++) {
        const t = members[m];
        let sum = 0, cnt = 0;
        for (let w = 0; w < t.words; w++) {
          let bits = t.possible[w];
          for (let k = 0; k < t.tables.length && bits !== 0; k++) bits &= t.tables[k][t.keys[k][i] * t.words + w];
          while (bits !== 0) {
            const low = bits & -bits;
            bits ^= low;
            const r = (w << 5) + 31 - Math.clz32(low);
            let acc = t.intercept[r];
            for (let q = t.termStart[r]; q < t.termStart[r + 1]; q++) acc += t.termCoef[q] * (cols[t.termAttr[q]] as Float32Array)[i];
            let v = f(acc);
            if (v < t.loLim[r]) v = t.loLim[r]; else if (v > t.hiLim[r]) v = t.hiLim[r];
            sum += v;
            cnt++;
            if (ruleCount && firstRule && ruleCount[row]++ === 0) firstRule[row] = t.global[r];
            if (coverRules) {
              if (coverLen === coverRules.length) {
                const bigger = new Int32Array(2 * coverRules.length);
                bigger.set(coverRules);
                coverRules = bigger;
              }
              coverRules[coverLen++] = t.global[r];
            }
          }
        }
        const mp = cnt > 0 ? f(sum / cnt) : globalMean;
        if (memberPredictions) memberPredictions[m][row] = mp;
        csum += mp;
      }
      predictions[row] = f(csum / nMembers);
    }
  }
  if (coverOffsets) coverOffsets[n] = coverLen;
  return {
    predictions, ruleCount, firstRule, coverOffsets,
    coverRules: coverRules ? coverRules.slice(0, coverLen) : null,
    memberPredictions,
  };
}
