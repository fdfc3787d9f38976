/**
 * From the pruned tree to rules (algorithm description §9, §10): every leaf's path becomes a rule
 * whose conditions are greedily dropped while that helps the ensemble of rules formed so far;
 * duplicates are merged; rule statistics and limits are computed on the original target; the
 * optional "unbiased" intercept shift; final ordering by mean.
 */
import { rint, type GlobalStatistics } from "./globalStatistics";
import { activeAttributes, clamp, modelValue, modelValueDouble } from "./linearModel";
import { estErr } from "./pruneTree";
import { TestType, TreeNode } from "./treeNode";
import { cutInterval, treeCuts } from "./treeCuts";
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

// Per-case passes of rule formation, one loop each (V8 re-enters cached on-stack-replacement code
// per loop; see splitSums in growTree.ts). Failure masks: bit d of word (d >> 5) of case i is set
// when case i fails path condition d.
//
// A path tests few attributes many times (at 2M rows, ~17 conditions on 6 attributes), and all
// paths test the pruned tree's few cuts. Each case's interval among its attribute's sorted tree
// cuts is computed once per member; a rule's masks are then built one pass per tested attribute
// from a table of the failure bits of every interval (discrete attributes: of every value).

/** Interval ({@link cutInterval}) of every case's value among the sorted cuts. */
function intervalRanks(x: Float32Array, cuts: Float64Array, n: number, rank: Uint8Array | Uint16Array | Int32Array): void {
  for (let i = 0; i < n; i++) rank[i] = cutInterval(x[i], cuts);
}

/** ORs table[key[i]] into every case's mask (key: an interval rank or a discrete value number). */
function orTableMasks(key: Uint8Array | Uint16Array | Int32Array, table: Uint32Array, masks: Uint32Array, words: number, n: number): void {
  if (words === 1) {
    for (let i = 0; i < n; i++) masks[i] |= table[key[i]];
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = key[i];
    for (let q = 0; q < words; q++) masks[i * words + q] |= table[v * words + q];
  }
}

/**
 * Cases failing at most one present condition, in case order: case into candCase, the failed
 * condition (−1 for none) into candFail; returns their count.
 */
function collectCandidates(
  masks: Uint32Array, words: number, present: Uint32Array, n: number, candCase: Int32Array, candFail: Int32Array,
): number {
  let nCand = 0;
  if (words === 1) {
    const pr = present[0];
    for (let i = 0; i < n; i++) {
      const m = (masks[i] & pr) >>> 0;
      if ((m & (m - 1)) !== 0) continue;
      candCase[nCand] = i;
      candFail[nCand] = m === 0 ? -1 : 31 - Math.clz32(m);
      nCand++;
    }
    return nCand;
  }
  for (let i = 0; i < n; i++) {
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
  return nCand;
}

/** Candidates whose raw model value is not cached for this epoch: into need (value = intercept); returns their count. */
function collectUncached(candCase: Int32Array, nCand: number, rawEpoch: Int32Array, epoch: number, raw: Float64Array, c0: number, need: Int32Array): number {
  let nNeed = 0;
  for (let c = 0; c < nCand; c++) {
    const i = candCase[c];
    if (rawEpoch[i] !== epoch) { need[nNeed++] = i; rawEpoch[i] = epoch; raw[i] = c0; }
  }
  return nNeed;
}

/** raw[i] += coef·x[i] for the listed cases. */
function addScaledAt(raw: Float64Array, need: Int32Array, nNeed: number, coef: number, x: Float32Array): void {
  for (let c = 0; c < nNeed; c++) { const i = need[c]; raw[i] += coef * x[i]; }
}

/** raw[i] = fround(raw[i]) for the listed cases. */
function roundAt(raw: Float64Array, need: Int32Array, nNeed: number): void {
  for (let c = 0; c < nNeed; c++) { const i = need[c]; raw[i] = Math.fround(raw[i]); }
}

/** Error of the covered cases under the current rule, left by scoreCandidates. */
let coveredError = 0;

/**
 * Pass over the candidates: covered cases (no present condition failed) go to coveredList and add
 * to coveredError; near misses add to their condition's deletion benefit, weight and count.
 * Returns the number covered.
 */
function scoreCandidates(
  candCase: Int32Array, candFail: Int32Array, nCand: number, raw: Float64Array, y: Float32Array, w: Float32Array | null,
  predSum: Float32Array, predCount: Int32Array, floor: number, ceiling: number,
  coveredList: Int32Array, benefit: Float64Array, nearMissWeight: Float64Array, used: Int32Array,
): number {
  let coveredCount = 0;
  let baseErr = 0;
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
      const old = Math.fround(predSum[i] / predCount[i]);
      const nw = Math.fround((predSum[i] + fci) / (predCount[i] + 1));
      benefit[d] += wi * (Math.abs(y[i] - old) - Math.abs(y[i] - nw));
      nearMissWeight[d] += wi;
      used[d]++;
    }
  }
  coveredError = baseErr;
  return coveredCount;
}

/** Statistics of the covered cases, left by coverStatistics: Σw, Σw·y, Σw·|y − value|, min and max y. */
let coverW = 0, coverWY = 0, coverErr = 0, coverLo = 0, coverHi = 0;
function coverStatistics(
  coveredList: Int32Array, coveredCount: number, raw: Float64Array, y: Float32Array, w: Float32Array | null, floor: number, ceiling: number,
): void {
  let sw = 0, swy = 0, sErr = 0;
  let lo = Infinity, hi = -Infinity;
  for (let c = 0; c < coveredCount; c++) {
    const i = coveredList[c];
    const wi = w ? w[i] : 1;
    const v = raw[i];
    const fci = v < floor ? floor : v > ceiling ? ceiling : v;
    sw += wi;
    swy += wi * y[i];
    sErr += wi * Math.abs(y[i] - fci);
    if (y[i] < lo) lo = y[i];
    if (y[i] > hi) hi = y[i];
  }
  coverW = sw; coverWY = swy; coverErr = sErr; coverLo = lo; coverHi = hi;
}

/** §9.6: adds the new rule's value (clamped to [lo, hi]) to covered cases that are not cases of its leaf. */
function addToEnsemble(
  coveredList: Int32Array, coveredCount: number, masks: Uint32Array, words: number, raw: Float64Array,
  lo: number, hi: number, predSum: Float32Array, predCount: Int32Array,
): void {
  for (let c = 0; c < coveredCount; c++) {
    const i = coveredList[c];
    let inLeaf = true;
    for (let q = 0; q < words; q++) if (masks[i * words + q] !== 0) { inLeaf = false; break; }
    if (inLeaf) continue;
    const v = raw[i];
    predSum[i] = Math.fround(predSum[i] + (v < lo ? lo : v > hi ? hi : v));
    predCount[i]++;
  }
}

/**
 * Forms the rules of one committee member from its pruned tree (thresholds already adjusted).
 */
export function formRules(data: TrainingData, gs: GlobalStatistics, root: TreeNode, opts: FormRulesOptions): BuiltRule[] {
  const former = new RuleFormer(data, gs, root, opts);
  former.walk(root, []);
  const rules = former.rules;
  // §9.7 selection sort by mean (swapping)
  for (let r = 0; r < rules.length; r++) {
    let best = r;
    for (let s = r + 1; s < rules.length; s++) if (rules[s].mean < rules[best].mean) best = s;
    if (best !== r) { const t = rules[r]; rules[r] = rules[best]; rules[best] = t; }
  }
  return rules;
}

/** Leaf reached by case i in the pruned tree (descent stops at a missing or empty binary branch). */
function leafOf(root: TreeNode, data: TrainingData, i: number): TreeNode {
  let node = root;
  while (!node.isLeaf) {
    let b: number;
    if (node.testType === TestType.Threshold) b = (data.cont[node.att] as Float32Array)[i] <= node.cut ? 2 : 3;
    else if (node.testType === TestType.Binary) b = (data.disc[node.att] as Int32Array)[i];
    else b = (node.subset as Int8Array)[(data.disc[node.att] as Int32Array)[i]];
    const child = node.branches[b - 1];
    if (!child || (node.testType === TestType.Binary && child.cases <= 0)) break;
    node = child;
  }
  return node;
}

/**
 * The state of rule formation for one member and its steps (a class, not closures re-created per
 * call: see TreeGrower in growTree.ts).
 */
class RuleFormer {
  readonly rules: BuiltRule[] = [];
  private readonly n: number;
  private readonly y: Float32Array;
  private readonly w: Float32Array | null;
  private readonly predSum: Float32Array;
  private readonly predCount: Int32Array;
  // per-case cache of the current rule's raw model value (valid when rawEpoch[i] === epoch)
  private readonly raw: Float64Array;
  private readonly rawEpoch: Int32Array;
  private epoch = 0;
  private masks = new Uint32Array(0);
  private readonly candCase: Int32Array;
  private readonly candFail: Int32Array;
  private readonly need: Int32Array;
  // per continuous attribute: the pruned tree's sorted distinct cuts and every case's interval
  private readonly cuts: (Float64Array | null)[];
  private readonly ranks: (Uint8Array | Uint16Array | Int32Array | null)[];
  private readonly coveredList: Int32Array;
  private coveredCount = 0;

  constructor(
    private readonly data: TrainingData,
    private readonly gs: GlobalStatistics,
    root: TreeNode,
    private readonly opts: FormRulesOptions,
  ) {
    const n = data.n;
    this.n = n;
    this.y = opts.y;
    this.w = opts.w;
    this.predSum = new Float32Array(n);
    this.predCount = new Int32Array(n);
    this.raw = new Float64Array(n);
    this.rawEpoch = new Int32Array(n).fill(-1);
    this.candCase = new Int32Array(n);
    this.candFail = new Int32Array(n);
    this.need = new Int32Array(n);
    this.cuts = treeCuts(root, data.nAtt);
    this.ranks = this.cuts.map((c, a) => {
      if (!c) return null;
      // intervals 0..c.length: bytes for the usual few cuts, wider only for very large trees
      const rank = c.length < 255 ? new Uint8Array(n) : c.length < 65535 ? new Uint16Array(n) : new Int32Array(n);
      intervalRanks(data.cont[a] as Float32Array, c, n, rank);
      return rank;
    });
    this.coveredList = new Int32Array(n);
    // §9.1 initial ensemble state: the pruned tree's value
    const active = new Map<TreeNode, Int32Array>();
    for (let i = 0; i < n; i++) {
      const node = leafOf(root, data, i);
      let act = active.get(node);
      if (!act) { act = activeAttributes(node.model); active.set(node, act); }
      this.predSum[i] = clamp(modelValue(node.model, act, data.cont, i), gs.floor, gs.ceiling);
      this.predCount[i] = 1;
    }
  }

  walk(node: TreeNode, path: RuleCondition[]): void {
    if (node.isLeaf) {
      if (node.cases > 0) this.newRule(path, node);
      return;
    }
    for (let b = 1; b <= 3; b++) {
      const child = node.branches[b - 1];
      if (!child) continue;
      const c: RuleCondition = { testType: node.testType, att: node.att, cut: node.cut, subset: node.subset, branch: b };
      this.walk(child, [...path, c]);
    }
  }

  /** Failure masks of every case for the path's conditions (one pass per tested attribute). */
  private computeMasks(path: RuleCondition[], words: number): void {
    const { n, data } = this;
    if (this.masks.length < n * words) this.masks = new Uint32Array(n * words);
    const masks = this.masks;
    masks.fill(0, 0, n * words);
    const atts: number[] = [];
    for (const c of path) if (!atts.includes(c.att)) atts.push(c.att);
    for (const a of atts) {
      if (!data.discrete[a]) {
        const cuts = this.cuts[a] as Float64Array;
        const m = cuts.length;
        const table = new Uint32Array((m + 1) * words);
        for (let d = 0; d < path.length; d++) {
          const c = path[d];
          if (c.att !== a) continue;
          const word = d >> 5, bit = (1 << (d & 31)) >>> 0;
          const j = cuts.indexOf(c.cut);
          // interval g holds x with cuts[g − 1] < x <= cuts[g]: x <= c.cut exactly when g <= j
          for (let g = 0; g <= m; g++) {
            const fails = c.branch === 2 ? g > j : c.branch === 3 ? g <= j : true;
            if (fails) table[g * words + word] |= bit;
          }
        }
        orTableMasks(this.ranks[a] as Uint8Array, table, masks, words, n);
      } else {
        const nv = (data.values[a] as string[]).length + 2;
        const table = new Uint32Array(nv * words);
        for (let d = 0; d < path.length; d++) {
          const c = path[d];
          if (c.att !== a) continue;
          const word = d >> 5, bit = (1 << (d & 31)) >>> 0;
          for (let v = 0; v < nv; v++) {
            const value = c.testType === TestType.Binary ? v : (c.subset as Int8Array)[v];
            if (value !== c.branch) table[v * words + word] |= bit;
          }
        }
        orTableMasks(data.disc[a] as Int32Array, table, masks, words, n);
      }
    }
  }

  private newRule(path: RuleCondition[], leaf: TreeNode): void {
    const { data, gs, n, y, w, raw, rawEpoch, candCase, candFail, need, coveredList, predSum, predCount } = this;
    const trace = this.opts.trace;
    const cont = data.cont;
    const model = leaf.model;
    const epoch = ++this.epoch;
    const curAct = activeAttributes(model);
    const k = path.length;
    const words = Math.max(1, (k + 31) >> 5);
    this.computeMasks(path, words);
    const masks = this.masks;
    const present = new Uint32Array(words);
    for (let d = 0; d < k; d++) present[d >> 5] |= (1 << (d & 31)) >>> 0;
    let nPresent = k;
    const floor = gs.floor, ceiling = gs.ceiling;
    const nearMissWeight = new Float64Array(k);
    const benefit = new Float64Array(k);
    const used = new Int32Array(k);
    let coveredCount = 0;
    for (;;) {
      benefit.fill(0);
      nearMissWeight.fill(0);
      used.fill(0);
      // pass 1: cases failing at most one present condition (d = that condition, −1 = none)
      const nCand = collectCandidates(masks, words, present, n, candCase, candFail);
      // model values of those cases not evaluated yet, column-wise
      const nNeed = collectUncached(candCase, nCand, rawEpoch, epoch, raw, model[0], need);
      for (let q = 0; q < curAct.length; q++) addScaledAt(raw, need, nNeed, model[curAct[q]], cont[curAct[q]] as Float32Array);
      roundAt(raw, need, nNeed);
      // pass 2: base error and deletion benefits
      coveredCount = scoreCandidates(candCase, candFail, nCand, raw, y, w, predSum, predCount, floor, ceiling, coveredList, benefit, nearMissWeight, used);
      const baseErr = coveredError;
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
    }
    this.coveredCount = coveredCount;

    // rule statistics over covered cases (all were candidates of the last pass: values cached)
    coverStatistics(coveredList, coveredCount, raw, y, w, floor, ceiling);
    const sw = coverW, lo = coverLo, hi = coverHi;
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
      mean: f32(coverWY / sw),
      loVal: lo,
      hiVal: hi,
      loLim,
      hiLim,
      estErr: f32(estErr(coverErr / sw, cover, leaf.coeffs)),
      coeffsLeaf: leaf.coeffs,
    };
    // duplicates
    for (const r of this.rules) {
      if (sameConditions(r.conds, conds)) {
        if (rule.estErr < r.estErr) {
          r.model = rule.model;
          r.estErr = rule.estErr;
        }
        return;
      }
    }
    this.rules.push(rule);
    addToEnsemble(coveredList, coveredCount, masks, words, raw, lo, hi, predSum, predCount);
    if (this.opts.unbiased) this.removeBias(rule);
  }

  private removeBias(rule: BuiltRule): void {
    const { data, gs, y, w } = this;
    const cont = data.cont;
    const model = rule.model;
    const act = activeAttributes(model);
    const idx = Array.from(this.coveredList.subarray(0, this.coveredCount));
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
  }
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
 * rules' model values (double, unrounded) clamped to their limits, the mean rounded to float32;
 * `globalMean` when no rule matches.
 */
export function ruleSetValue(rules: BuiltRule[], data: TrainingData, globalMean: number, i: number): number {
  let sum = 0, count = 0;
  for (const r of rules) {
    let ok = true;
    for (const c of r.conds) if (!satisfies(c, data, i)) { ok = false; break; }
    if (!ok) continue;
    // the rule value in double (not float32-rounded like the tree's model values): the C program's
    // committee targets agree only so (issue 16, test/fixtures/cubist-wide c10 and cubist-cttee)
    sum += clamp(modelValueDouble(r.model, activeAttributes(r.model), data.cont, i), r.loLim, r.hiLim);
    count++;
  }
  return count > 0 ? f32(sum / count) : globalMean;
}
