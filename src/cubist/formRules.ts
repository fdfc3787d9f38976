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
  const fc = new Float32Array(n);
  const fails = new Int32Array(n);
  const lastFail = new Int32Array(n);

  const newRule = (path: RuleCondition[], leaf: TreeNode): void => {
    const model = leaf.model;
    const act = activeAttributes(model);
    for (let i = 0; i < n; i++) fc[i] = clamp(modelValue(model, act, cont, i), gs.floor, gs.ceiling);
    const k = path.length;
    const present = new Uint8Array(k).fill(1);
    let nPresent = k;
    // per-condition failure flags for every case (original path)
    const failFlags: Uint8Array[] = path.map((c) => {
      const f = new Uint8Array(n);
      for (let i = 0; i < n; i++) f[i] = satisfies(c, data, i) ? 0 : 1;
      return f;
    });
    const countFails = (): void => {
      fails.fill(0);
      for (let d = 0; d < k; d++) {
        if (!present[d]) continue;
        const f = failFlags[d];
        for (let i = 0; i < n; i++) if (f[i]) { fails[i]++; lastFail[i] = d; }
      }
    };
    const nearMissWeight = new Float64Array(k);
    for (;;) {
      countFails();
      const benefit = new Float64Array(k);
      nearMissWeight.fill(0);
      const used = new Int32Array(k);
      let baseErr = 0, baseUsed = 0;
      for (let i = 0; i < n; i++) {
        if (fails[i] === 0) {
          baseUsed++;
          baseErr += (w ? w[i] : 1) * Math.abs(y[i] - fc[i]);
        } else if (fails[i] === 1) {
          const d = lastFail[i];
          const wi = w ? w[i] : 1;
          const old = f32(predSum[i] / predCount[i]);
          const nw = f32((predSum[i] + fc[i]) / (predCount[i] + 1));
          benefit[d] += wi * (Math.abs(y[i] - old) - Math.abs(y[i] - nw));
          nearMissWeight[d] += wi;
          used[d]++;
        }
      }
      if (trace && k > 0) {
        trace("  Pruning rule");
        trace("      Used   Err \tAbsent condition");
        trace(`${String(baseUsed).padStart(10)}${baseErr.toFixed(1).padStart(7)}\t<base rule>`);
        for (let d = 0; d < k; d++) {
          if (present[d]) trace(`${String(baseUsed + used[d]).padStart(10)}${benefit[d].toFixed(1).padStart(7)}\t${data.names[path[d].att]} (branch ${path[d].branch})`);
        }
      }
      if (nPresent <= 1) break;
      let del = -1;
      let bestB = 0;
      for (let d = 0; d < k; d++) {
        if (!present[d]) continue;
        const b = f32(benefit[d]);
        if (b >= 0 && (del < 0 || b > bestB)) { del = d; bestB = b; }
      }
      if (del < 0) break;
      if (trace) trace(`\teliminate test ${del}`);
      present[del] = 0;
      nPresent--;
    }

    // rule statistics over covered cases
    let cover = 0, sw = 0, swy = 0, sErr = 0;
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      if (fails[i] !== 0) continue;
      const wi = w ? w[i] : 1;
      cover++;
      sw += wi;
      swy += wi * y[i];
      sErr += wi * Math.abs(y[i] - fc[i]);
      if (y[i] < lo) lo = y[i];
      if (y[i] > hi) hi = y[i];
    }
    const keptIdx: number[] = [];
    for (let d = 0; d < k; d++) if (present[d]) keptIdx.push(d);
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
    for (let i = 0; i < n; i++) {
      if (fails[i] !== 0) continue;
      let inLeaf = true;
      for (let d = 0; d < k; d++) if (failFlags[d][i]) { inLeaf = false; break; }
      if (inLeaf) continue;
      predSum[i] = f32(predSum[i] + clamp(modelValue(model, act, cont, i), lo, hi));
      predCount[i]++;
    }
    if (opts.unbiased) removeBias(rule);
  };

  const removeBias = (rule: BuiltRule): void => {
    const model = rule.model;
    const act = activeAttributes(model);
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (fails[i] === 0) idx.push(i);
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
