/**
 * From the pruned tree to rules (algorithm description §9, §10): every leaf's path becomes a rule
 * whose conditions are greedily dropped while that helps the ensemble of rules formed so far;
 * duplicates are merged; rule statistics and limits are computed on the original target; the
 * optional "unbiased" intercept shift; final ordering by mean.
 */
import { rint, type GlobalStatistics } from "./globalStatistics";
import { activeAttributes, clamp, modelValue } from "./linearModel";
import { estErr } from "./pruneTree";
import { TestType, TreeNode } from "./treeNode";
import { f32, type TrainingData } from "./trainingData";

/** One condition of a built rule: the case must take `branch` at the test. */
export interface RuleCondition {
  testType: TestType;
  att: number;
  cut: number;
  subset: Int8Array | null;
  branch: number;
}

/** A rule in internal form. */
export interface BuiltRule {
  conds: RuleCondition[];
  model: Float64Array;
  cover: number;
  mean: number;
  loVal: number;
  hiVal: number;
  loLim: number;
  hiLim: number;
  estErr: number;
  /** Unsmoothed coefficient count of the leaf the rule came from. */
  coeffsLeaf: number;
}

/** Whether case i satisfies condition c. */
export function satisfies(c: RuleCondition, data: TrainingData, i: number): boolean {
  switch (c.testType) {
    case TestType.Threshold:
      return ((data.cont[c.att] as Float32Array)[i] <= c.cut ? 2 : 3) === c.branch;
    case TestType.Binary:
      return (data.disc[c.att] as Int32Array)[i] === c.branch;
    default:
      return (c.subset as Int8Array)[(data.disc[c.att] as Int32Array)[i]] === c.branch;
  }
}

/** Options of {@link formRules}. */
export interface FormRulesOptions {
  /** Original target (rule statistics and condition pruning use it). */
  y: Float32Array;
  w: Float32Array | null;
  unbiased: boolean;
  trace?: (line: string) => void;
}

/** Rule limits [LoLim, HiLim] from the rule's data range (§9.4). */
export function limitsOf(loVal: number, hiVal: number, extrap: number): [number, number] {
  const range = f32(hiVal - loVal);
  let lo = f32(loVal - extrap * range);
  if (lo < 0 && loVal >= 0) lo = 0;
  let hi = f32(hiVal + extrap * range);
  if (hi > 0 && hiVal <= 0) hi = 0;
  return [lo, hi];
}

/**
 * Forms the rules of one committee member from its pruned tree (thresholds already adjusted).
 */
export function formRules(data: TrainingData, gs: GlobalStatistics, root: TreeNode, opts: FormRulesOptions): BuiltRule[] {
  const n = data.n;
  const { y, w } = opts;
  const cont = data.cont;
  const trace = opts.trace;
  const predSum = new Float32Array(n);
  const predCount = new Int32Array(n);

  // §9.1 initial ensemble state: the pruned tree's value
  const leafOf = (i: number): TreeNode => {
    let node = root;
    while (!node.isLeaf) {
      let b: number;
      if (node.testType === TestType.Threshold) b = (cont[node.att] as Float32Array)[i] <= node.cut ? 2 : 3;
      else if (node.testType === TestType.Binary) b = (data.disc[node.att] as Int32Array)[i];
      else b = (node.subset as Int8Array)[(data.disc[node.att] as Int32Array)[i]];
      const child = node.branches[b - 1];
      if (!child || (node.testType === TestType.Binary && child.cases <= 0)) break;
      node = child;
    }
    return node;
  };
  for (let i = 0; i < n; i++) {
    const node = leafOf(i);
    predSum[i] = clamp(modelValue(node.model, activeAttributes(node.model), cont, i), gs.floor, gs.ceiling);
    predCount[i] = 1;
  }

  const rules: BuiltRule[] = [];
  // per-case caches of the current rule's raw model value (computed on demand)
  const raw = new Float64Array(n);
  const rawEpoch = new Int32Array(n).fill(-1);
  let epoch = 0;
  let curModel: Float64Array = new Float64Array(data.nAtt);
  let curAct: Int32Array = new Int32Array(0);
  const rawValue = (i: number): number => {
    if (rawEpoch[i] !== epoch) {
      let s = curModel[0];
      for (let q = 0; q < curAct.length; q++) s += curModel[curAct[q]] * (cont[curAct[q]] as Float32Array)[i];
      raw[i] = f32(s);
      rawEpoch[i] = epoch;
    }
    return raw[i];
  };
  let masks = new Uint32Array(0);
  const candCase = new Int32Array(n);
  const candFail = new Int32Array(n);
  const need = new Int32Array(n);
  // covered cases of the last rule (fails === 0 among the kept conditions), as a list
  let coveredList = new Int32Array(0);
  let coveredCount = 0;

  /**
   * Failure bits of every case for the path conditions: bit d of word (d >> 5) of case i is set
   * when case i fails condition d. Evaluated column-wise per condition.
   */
  const computeMasks = (path: RuleCondition[], words: number): void => {
    if (masks.length < n * words) masks = new Uint32Array(n * words);
    masks.fill(0, 0, n * words);
    path.forEach((c, d) => {
      const word = d >> 5, bit = (1 << (d & 31)) >>> 0;
      if (c.testType === TestType.Threshold) {
        const x = cont[c.att] as Float32Array;
        const cut = c.cut;
        if (c.branch === 2) { for (let i = 0; i < n; i++) if (!(x[i] <= cut)) masks[i * words + word] |= bit; }
        else if (c.branch === 3) { for (let i = 0; i < n; i++) if (x[i] <= cut) masks[i * words + word] |= bit; }
        else for (let i = 0; i < n; i++) masks[i * words + word] |= bit;
      } else if (c.testType === TestType.Binary) {
        const v = data.disc[c.att] as Int32Array;
        for (let i = 0; i < n; i++) if (v[i] !== c.branch) masks[i * words + word] |= bit;
      } else {
        const v = data.disc[c.att] as Int32Array;
        const sub = c.subset as Int8Array;
        for (let i = 0; i < n; i++) if (sub[v[i]] !== c.branch) masks[i * words + word] |= bit;
      }
    });
  };

  // cases failing at most `limit − 1` path conditions (the others cannot be covered or near
  // misses until more conditions are deleted), in case order
  const live = new Int32Array(n);
  let nLive = 0;
  const collectLive = (words: number, limit: number): void => {
    nLive = 0;
    for (let i = 0; i < n; i++) {
      let c = 0;
      for (let q = 0; q < words && c < limit; q++) {
        let m = masks[i * words + q];
        while (m !== 0 && c < limit) { m &= m - 1; c++; }
      }
      if (c < limit) live[nLive++] = i;
    }
  };

  const newRule = (path: RuleCondition[], leaf: TreeNode): void => {
    const model = leaf.model;
    epoch++;
    curModel = model;
    curAct = activeAttributes(model);
    const k = path.length;
    const words = Math.max(1, (k + 31) >> 5);
    computeMasks(path, words);
    let deleted = 0;
    collectLive(words, 2);
    const present = new Uint32Array(words);
    for (let d = 0; d < k; d++) present[d >> 5] |= (1 << (d & 31)) >>> 0;
    let nPresent = k;
    const floor = gs.floor, ceiling = gs.ceiling;
    const nearMissWeight = new Float64Array(k);
    const benefit = new Float64Array(k);
    const used = new Int32Array(k);
    if (coveredList.length < n) coveredList = new Int32Array(n);
    for (;;) {
      benefit.fill(0);
      nearMissWeight.fill(0);
      used.fill(0);
      coveredCount = 0;
      let baseErr = 0;
      // pass 1: cases failing at most one present condition (d = that condition, −1 = none)
      let nCand = 0;
      for (let li = 0; li < nLive; li++) {
        const i = live[li];
        let d = -1;
        let many = false;
        for (let q = 0; q < words; q++) {
          const m = (masks[i * words + q] & present[q]) >>> 0;
          if (m === 0) continue;
          if (d >= 0 || (m & (m - 1)) !== 0) { many = true; break; }
          d = (q << 5) + 31 - Math.clz32(m);
        }
        if (many) continue;
        candCase[nCand] = i;
        candFail[nCand] = d;
        nCand++;
      }
      // model values of those cases not evaluated yet, column-wise
      let nNeed = 0;
      for (let c = 0; c < nCand; c++) {
        const i = candCase[c];
        if (rawEpoch[i] !== epoch) { need[nNeed++] = i; rawEpoch[i] = epoch; raw[i] = model[0]; }
      }
      for (let q = 0; q < curAct.length; q++) {
        const a = curAct[q], coef = model[a];
        const x = cont[a] as Float32Array;
        for (let c = 0; c < nNeed; c++) { const i = need[c]; raw[i] += coef * x[i]; }
      }
      for (let c = 0; c < nNeed; c++) { const i = need[c]; raw[i] = f32(raw[i]); }
      // pass 2: base error and deletion benefits
      for (let c = 0; c < nCand; c++) {
        const i = candCase[c];
        const d = candFail[c];
        const wi = w ? w[i] : 1;
        const v = raw[i];
        const fci = v < floor ? floor : v > ceiling ? ceiling : v;
        if (d < 0) {
          coveredList[coveredCount++] = i;
          baseErr += wi * Math.abs(y[i] - fci);
        } else {
          const old = f32(predSum[i] / predCount[i]);
          const nw = f32((predSum[i] + fci) / (predCount[i] + 1));
          benefit[d] += wi * (Math.abs(y[i] - old) - Math.abs(y[i] - nw));
          nearMissWeight[d] += wi;
          used[d]++;
        }
      }
      if (trace && k > 0) {
        trace("  Pruning rule");
        trace("      Used   Err \tAbsent condition");
        trace(`${String(coveredCount).padStart(10)}${baseErr.toFixed(1).padStart(7)}\t<base rule>`);
        for (let d = 0; d < k; d++) {
          if (present[d >> 5] & (1 << (d & 31))) trace(`${String(coveredCount + used[d]).padStart(10)}${benefit[d].toFixed(1).padStart(7)}\t${data.names[path[d].att]} (branch ${path[d].branch})`);
        }
      }
      if (nPresent <= 1) break;
      let del = -1;
      let bestB = 0;
      for (let d = 0; d < k; d++) {
        if (!(present[d >> 5] & (1 << (d & 31)))) continue;
        const b = f32(benefit[d]);
        if (b >= 0 && (del < 0 || b > bestB)) { del = d; bestB = b; }
      }
      if (del < 0) break;
      if (trace) trace(`\teliminate test ${del}`);
      present[del >> 5] = (present[del >> 5] & ~(1 << (del & 31))) >>> 0;
      nPresent--;
      deleted++;
      collectLive(words, deleted + 2);
    }

    // rule statistics over covered cases
    let sw = 0, swy = 0, sErr = 0;
    let lo = Infinity, hi = -Infinity;
    for (let c = 0; c < coveredCount; c++) {
      const i = coveredList[c];
      const wi = w ? w[i] : 1;
      const v = rawValue(i);
      const fci = v < floor ? floor : v > ceiling ? ceiling : v;
      sw += wi;
      swy += wi * y[i];
      sErr += wi * Math.abs(y[i] - fci);
      if (y[i] < lo) lo = y[i];
      if (y[i] > hi) hi = y[i];
    }
    const cover = coveredCount;
    const keptIdx: number[] = [];
    for (let d = 0; d < k; d++) if (present[d >> 5] & (1 << (d & 31))) keptIdx.push(d);
    // stored order: decreasing near-miss weight, ties path order (stable sort)
    keptIdx.sort((a, b) => nearMissWeight[b] - nearMissWeight[a] || a - b);
    const conds = keptIdx.map((d) => path[d]);
    const [loLim, hiLim] = limitsOf(lo, hi, gs.extrap);
    const rule: BuiltRule = {
      conds,
      model: model.slice(),
      cover,
      mean: f32(swy / sw),
      loVal: lo,
      hiVal: hi,
      loLim,
      hiLim,
      estErr: f32(estErr(sErr / sw, cover, leaf.coeffs)),
      coeffsLeaf: leaf.coeffs,
    };
    // duplicates
    for (const r of rules) {
      if (sameConditions(r.conds, conds)) {
        if (rule.estErr < r.estErr) {
          r.model = rule.model;
          r.estErr = rule.estErr;
        }
        return;
      }
    }
    rules.push(rule);
    // §9.6 ensemble update: covered cases that are not cases of this leaf
    for (let c = 0; c < coveredCount; c++) {
      const i = coveredList[c];
      let inLeaf = true;
      for (let q = 0; q < words; q++) if (masks[i * words + q] !== 0) { inLeaf = false; break; }
      if (inLeaf) continue;
      const v = rawValue(i);
      predSum[i] = f32(predSum[i] + (v < lo ? lo : v > hi ? hi : v));
      predCount[i]++;
    }
    if (opts.unbiased) removeBias(rule);
  };

  const removeBias = (rule: BuiltRule): void => {
    const model = rule.model;
    const act = activeAttributes(model);
    const idx = Array.from(coveredList.subarray(0, coveredCount));
    const raw = new Float64Array(idx.length);
    for (let k = 0; k < idx.length; k++) raw[k] = modelValue(model, act, cont, idx[k]);
    const stats = (): [number, number] => {
      let sw = 0, sb = 0, sa = 0;
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k];
        const wi = w ? w[i] : 1;
        const p = clamp(raw[k], rule.loLim, rule.hiLim);
        sw += wi;
        sb += wi * (p - y[i]);
        sa += wi * Math.abs(p - y[i]);
      }
      return [sb / sw, sa / sw];
    };
    let [bias] = stats();
    let iterations = 0;
    let mae = 0;
    while (Math.abs(bias) >= 0.5 * gs.attUnit[0]) {
      model[0] -= bias;
      for (let k = 0; k < raw.length; k++) raw[k] = f32(raw[k] - bias);
      const [nb, m] = stats();
      mae = m;
      iterations++;
      if (Math.abs(nb) >= Math.abs(bias)) break;
      bias = nb;
    }
    if (iterations > 0) {
      model[0] = rint(model[0] / gs.attUnit[0]) * gs.attUnit[0];
      rule.estErr = f32(estErr(mae, rule.cover, rule.coeffsLeaf));
    }
  };

  const walk = (node: TreeNode, path: RuleCondition[]): void => {
    if (node.isLeaf) {
      if (node.cases > 0) newRule(path, node);
      return;
    }
    for (let b = 1; b <= 3; b++) {
      const child = node.branches[b - 1];
      if (!child) continue;
      const c: RuleCondition = { testType: node.testType, att: node.att, cut: node.cut, subset: node.subset, branch: b };
      walk(child, [...path, c]);
    }
  };
  walk(root, []);

  // §9.7 selection sort by mean (swapping)
  for (let r = 0; r < rules.length; r++) {
    let best = r;
    for (let s = r + 1; s < rules.length; s++) if (rules[s].mean < rules[best].mean) best = s;
    if (best !== r) { const t = rules[r]; rules[r] = rules[best]; rules[best] = t; }
  }
  return rules;
}

function sameConditions(a: RuleCondition[], b: RuleCondition[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) {
    const x = a[k], y = b[k];
    if (x.testType !== y.testType || x.att !== y.att || x.branch !== y.branch) return false;
    if (x.testType === TestType.Threshold && x.cut !== y.cut) return false;
    if (x.testType === TestType.Subset) {
      const sx = x.subset as Int8Array, sy = y.subset as Int8Array;
      for (let v = 0; v < sx.length; v++) if ((sx[v] === x.branch) !== (sy[v] === y.branch)) return false;
    }
  }
  return true;
}

/**
 * Prediction of one member's rules for case i (§12.1, in-memory values): mean of the matching
 * rules' models clamped to their limits, float32; `globalMean` when no rule matches.
 */
export function ruleSetValue(rules: BuiltRule[], data: TrainingData, globalMean: number, i: number): number {
  let sum = 0, count = 0;
  for (const r of rules) {
    let ok = true;
    for (const c of r.conds) if (!satisfies(c, data, i)) { ok = false; break; }
    if (!ok) continue;
    sum += clamp(modelValue(r.model, activeAttributes(r.model), data.cont, i), r.loLim, r.hiLim);
    count++;
  }
  return count > 0 ? f32(sum / count) : globalMean;
}
