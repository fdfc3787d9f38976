/**
 * Growing Cubist's model tree (algorithm description §4): at every node a local linear model on
 * the ancestors' continuous attributes gives residuals; continuous attributes are split where the
 * two sides leave the least residual scatter after a straight-line fit (§4.3), discrete ones by
 * value or value subset (§4.4); the best attribute wins with Cubist's preference tie rule (§4.5);
 * cases are grouped per branch by Cubist's swap-to-front pass (§4.6).
 *
 * Speed: each continuous attribute is sorted once; every node keeps, per attribute, its cases in
 * value order in the positions of its block, and passes them to its branches by a
 * stable partition, so no node sorts (O(n · attributes) per tree level). Growing works in block
 * order: the target, weights and attribute columns are copies permuted along with the cases at
 * every split, the residuals and branch labels are kept by position, and the sorted lists hold
 * positions. A node's cases are then one contiguous slice of every array, so the passes over a
 * node read memory near each other instead of jumping across columns of millions of cases; the
 * passes see the same values in the same order, so every sum is as in the case-order formulation.
 */
import { cubistSd, MINSPLIT, type GlobalStatistics } from "./globalStatistics";
import { clamp, fitLinearModel, modelValuesBlock, scratch, type ModelContext } from "./linearModel";
import { TestType, TreeNode } from "./treeNode";
import { f32, type TrainingData } from "./trainingData";

/** What a tree-growing run needs (the cases are all of `data`, in file order). */
export interface GrowContext extends ModelContext {
  gs: GlobalStatistics;
  /** Optional trace sink (verbose log similar to the reference's). */
  trace?: (line: string) => void;
  /**
   * The continuous attributes' case lists sorted by value (ties in case order), from
   * {@link presortAttributes} (committee members share them); sorted here when absent.
   */
  presorted?: (Int32Array | null)[];
}

/**
 * Case lists of every usable continuous attribute sorted by value, ties in case order; null for
 * other attributes.
 */
export function presortAttributes(data: TrainingData): (Int32Array | null)[] {
  const n = data.n;
  const sorted: (Int32Array | null)[] = new Array(data.nAtt).fill(null);
  // the sort's scratch, shared by the attributes (new memory is slow to touch)
  const scratch: RadixScratch = { keysA: new Uint32Array(n), keysB: new Uint32Array(n), casesB: new Int32Array(n), count: new Int32Array(2049) };
  for (let a = 1; a < data.nAtt; a++) {
    if (data.skip[a] || data.discrete[a]) continue;
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    sortByValue(data.cont[a] as Float32Array, idx, scratch);
    sorted[a] = idx;
  }
  return sorted;
}

const SIG_Z = 1.96;

/** Work arrays of {@link sortByValue} (length ≥ the number of cases sorted). */
interface RadixScratch {
  keysA: Uint32Array;
  keysB: Uint32Array;
  casesB: Int32Array;
  count: Int32Array;
}

/**
 * Sorts the case indices `idx` by x[idx] (ties: by position in idx) with a stable least-significant-
 * digit radix sort (three 11-bit digits) of order-preserving unsigned keys of the float32 bits:
 * negative values before positive, −0 before +0, NaN by its bits (positive NaN after +Infinity).
 * O(n), where a comparison sort took most of the presort time at 2M rows.
 */
function sortByValue(x: Float32Array, idx: Int32Array, scratch: RadixScratch): void {
  const n = idx.length;
  const bits = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const { keysA, keysB, casesB, count } = scratch;
  for (let k = 0; k < n; k++) {
    const u = bits[idx[k]];
    keysA[k] = (u & 0x80000000 ? ~u : u | 0x80000000) >>> 0;
  }
  radixPass(keysA, idx, keysB, casesB, count, 0, n);
  radixPass(keysB, casesB, keysA, idx, count, 11, n);
  radixPass(keysA, idx, keysB, casesB, count, 22, n);
  idx.set(casesB.subarray(0, n));
}

/** One stable counting pass of the radix sort on the 11-bit digit at `shift`. */
function radixPass(
  keys: Uint32Array, cases: Int32Array, keysOut: Uint32Array, casesOut: Int32Array, count: Int32Array, shift: number, n: number,
): void {
  count.fill(0);
  for (let k = 0; k < n; k++) count[((keys[k] >>> shift) & 2047) + 1]++;
  for (let d = 1; d <= 2048; d++) count[d] += count[d - 1];
  for (let k = 0; k < n; k++) {
    const key = keys[k];
    const at = count[(key >>> shift) & 2047]++;
    keysOut[at] = key;
    casesOut[at] = cases[k];
  }
}

/**
 * |R| below which a side's correlation counts as zero, per side size K (§4.3): the 95 % bound of
 * Fisher's z, tanh(1.96 / √(K − 3)), and 1 (effectively) below 6 cases. Tabulated once per tree
 * so the split scan does no exp per candidate; the values are computed by the same expression.
 */
function significanceThresholds(n: number): Float64Array {
  const thr = new Float64Array(n + 1);
  for (let K = 0; K <= n; K++) {
    if (K < 6) thr[K] = (1e38 - 1) / (1e38 + 1);
    else {
      const z = SIG_Z * Math.sqrt(1 / (K - 3));
      const e = Math.exp(2 * z);
      thr[K] = (e - 1) / (e + 1);
    }
  }
  return thr;
}

// Totals of the node's cases for the split scan, written by splitSums. The scan loops live in
// small module-level functions whose code after the loop needs no type feedback: V8 (Node 20)
// caches on-stack-replacement code per loop and re-enters it on every call, so a loop compiled
// during the root's first call, before the code after it ever ran, deoptimised on every later
// call (about 2,000 times per tree at paper size).
let totW = 0, totX = 0, totXX = 0, totR = 0, totRR = 0, totXR = 0;
/**
 * Runs the split scan once on a tiny synthetic block that takes every path of its loop (skipped
 * edges, tied values, candidates, the early exit; unit and explicit weights), so V8 has complete
 * type feedback before it optimises the scan. Without it, Node 20 sometimes optimised the scan
 * during the first (root) call with part of the loop unseen, deoptimised it later and then left it
 * unoptimised for the rest of the fit: measured 1.3 GB of boxed numbers and ~15 % of the growing
 * time in a 10-member fit. The result is discarded; it costs microseconds once per process.
 */
let splitScanPrimed = false;
function primeSplitScan(): void {
  if (splitScanPrimed) return;
  splitScanPrimed = true;
  const n = 40;
  const x = new Float32Array(n), r = new Float32Array(n), s = new Int32Array(n), w = new Float32Array(n);
  for (let i = 0; i < n; i++) { x[i] = Math.floor(i / 2); r[i] = 0.1 * Math.sin(i) + 0.01 * i; s[i] = i; w[i] = 1; }
  const thr = significanceThresholds(n);
  for (const weights of [null, w]) {
    splitSums(s, x, r, weights, 0, n - 1);
    scanThresholds(s, x, r, weights, 0, n - 1, 3, 0.2, 0.1, thr);
  }
}

/** Best gain found by the last {@link scanThresholds} call. */
let scanBestGain = 0;

function splitSums(s: Int32Array, x: Float32Array, resid: Float32Array, w: Float32Array | null, fp: number, lp: number): void {
  let hW = 0, hX = 0, hXX = 0, hR = 0, hRR = 0, hXR = 0;
  for (let p = fp; p <= lp; p++) {
    const i = s[p];
    const wi = w ? w[i] : 1;
    const v = x[i], r = resid[i];
    hW += wi; hX += wi * v; hXX += wi * v * v; hR += wi * r; hRR += wi * r * r; hXR += wi * v * r;
  }
  totW = hW; totX = hX; totXX = hXX; totR = hR; totRR = hRR; totXR = hXR;
}

/**
 * Scans the thresholds between distinct values of the node's cases in attribute order (§4.3) and
 * returns the position of the best one (−1 for none), leaving its gain in scanBestGain.
 */
function scanThresholds(
  s: Int32Array, x: Float32Array, resid: Float32Array, w: Float32Array | null, fp: number, lp: number,
  edge: number, sdNode: number, globalSd: number, thr: Float64Array,
): number {
  const K = lp - fp + 1;
  let hW = totW, hX = totX, hXX = totXX, hR = totR, hRR = totRR, hXR = totXR;
  let lW = 0, lX = 0, lXX = 0, lR = 0, lRR = 0, lXR = 0;
  let bestGain = 0;
  let bestP = -1;
  for (let p = fp; p < lp; p++) {
    const i = s[p];
    const wi = w ? w[i] : 1;
    const v = x[i], r = resid[i];
    const wv = wi * v, wr = wi * r;
    lW += wi; lX += wv; lXX += wv * v; lR += wr; lRR += wr * r; lXR += wv * r;
    hW -= wi; hX -= wv; hXX -= wv * v; hR -= wr; hRR -= wr * r; hXR -= wv * r;
    const kLow = p - fp + 1;
    if (kLow < edge) continue;
    if (K - kLow < edge) break;
    if (!(x[s[p + 1]] > v)) continue;
    // SD of each side after a straight-line fit of r on x (§4.3), written out: a call per side
    // boxed its eight double arguments (gigabytes of garbage per fit when V8 did not inline it)
    let sdL: number, sdH: number;
    {
      const mx = lX / lW;
      const vx = lXX / lW - mx * mx;
      const mr = lR / lW;
      const vr = lRR / lW - mr * mr;
      let R = (lXR - (lX * lR) / lW) / (lW * Math.sqrt(vx * vr + 1e-10));
      if (Math.abs(R) < thr[kLow]) R = 0;
      const ss = (1 - R * R) * lW * vr;
      sdL = lW < 2 ? globalSd : Math.sqrt((ss + 0.001) / (lW - 1)); // cubistSd(lW, 0, ss)
    }
    {
      const mx = hX / hW;
      const vx = hXX / hW - mx * mx;
      const mr = hR / hW;
      const vr = hRR / hW - mr * mr;
      let R = (hXR - (hX * hR) / hW) / (hW * Math.sqrt(vx * vr + 1e-10));
      if (Math.abs(R) < thr[K - kLow]) R = 0;
      const ss = (1 - R * R) * hW * vr;
      sdH = hW < 2 ? globalSd : Math.sqrt((ss + 0.001) / (hW - 1)); // cubistSd(hW, 0, ss)
    }
    const gain = sdNode - (lW * sdL + hW * sdH) / (lW + hW);
    if (gain > bestGain) { bestGain = gain; bestP = p; }
  }
  scanBestGain = bestGain;
  return bestP;
}

// Per-node passes over a block of cases, each its own small function (see the note above
// splitSums on V8's cached OSR code): a loop and a trivial tail.

/** Σ w over positions fp..lp (w null ⇒ unit weights). */
function blockWeight(w: Float32Array | null, fp: number, lp: number): number {
  let s = 0;
  for (let p = fp; p <= lp; p++) s += w ? w[p] : 1;
  return s;
}

/** Σ w·v over positions fp..lp. */
function blockWeightedSum(w: Float32Array | null, v: Float32Array, fp: number, lp: number): number {
  let s = 0;
  for (let p = fp; p <= lp; p++) s += (w ? w[p] : 1) * v[p];
  return s;
}

/** Σ w·v² over positions fp..lp. */
function blockWeightedSquares(w: Float32Array | null, v: Float32Array, fp: number, lp: number): number {
  let s = 0;
  for (let p = fp; p <= lp; p++) {
    const r = v[p];
    s += (w ? w[p] : 1) * r * r;
  }
  return s;
}

/** max |v| over positions fp..lp. */
function blockMaxAbs(v: Float32Array, fp: number, lp: number): number {
  let m = 0;
  for (let p = fp; p <= lp; p++) {
    const a = Math.abs(v[p]);
    if (a > m) m = a;
  }
  return m;
}

/** resid = y − clamp(model value) (float32) over the block; vals[k] is position fp + k's value. */
function storeResiduals(y: Float32Array, vals: Float64Array, resid: Float32Array, fp: number, lp: number, lo: number, hi: number): void {
  for (let p = fp; p <= lp; p++) {
    const v = vals[p - fp];
    resid[p] = Math.fround(y[p] - (v < lo ? lo : v > hi ? hi : v));
  }
}

/** Branch (2 `<=`, 3 `>`) of every position of the block for a threshold test; counts per branch. */
function labelThreshold(x: Float32Array, cut: number, branchOf: Uint8Array, counts: Int32Array, fp: number, lp: number): void {
  for (let p = fp; p <= lp; p++) {
    const b = x[p] <= cut ? 2 : 3;
    branchOf[p] = b;
    counts[b]++;
  }
}

/** Branch of every position of the block for a discrete test (value number, or subset[value]). */
function labelDiscrete(d: Int32Array, subset: Int8Array | null, branchOf: Uint8Array, counts: Int32Array, fp: number, lp: number): void {
  for (let p = fp; p <= lp; p++) {
    const b = subset ? subset[d[p]] : d[p];
    branchOf[p] = b;
    counts[b]++;
  }
}

/**
 * Cubist's swap-to-front on block positions: moves branch b's positions of perm[start..lp] to its
 * front (branchOf by position); returns the new start.
 */
function moveBranchToFront(perm: Int32Array, branchOf: Uint8Array, b: number, start: number, lp: number): number {
  for (let p = start; p <= lp; p++) {
    const i = perm[p];
    if (branchOf[i] === b) {
      perm[p] = perm[start];
      perm[start] = i;
      start++;
    }
  }
  return start;
}

/** perm[fp..lp] = fp..lp. */
function identityBlock(perm: Int32Array, fp: number, lp: number): void {
  for (let p = fp; p <= lp; p++) perm[p] = p;
}

/** newPos[perm[q]] = q over the block (the inverse permutation). */
function invertBlock(perm: Int32Array, newPos: Int32Array, fp: number, lp: number): void {
  for (let q = fp; q <= lp; q++) newPos[perm[q]] = q;
}

/** col[q] = old col[perm[q]] over the block (tmp: scratch of the same type). */
function permuteFloatBlock(col: Float32Array, perm: Int32Array, tmp: Float32Array, fp: number, lp: number): void {
  for (let q = fp; q <= lp; q++) tmp[q] = col[perm[q]];
  col.set(tmp.subarray(fp, lp + 1), fp);
}

function permuteIntBlock(col: Int32Array, perm: Int32Array, tmp: Int32Array, fp: number, lp: number): void {
  for (let q = fp; q <= lp; q++) tmp[q] = col[perm[q]];
  col.set(tmp.subarray(fp, lp + 1), fp);
}

/**
 * Stable partition of a presorted list's block by branch (branches start at s1, s2, s3), its
 * old positions renamed to the new ones.
 */
function stablePartition(
  s: Int32Array, branchOf: Uint8Array, newPos: Int32Array, tmp: Int32Array, fp: number, lp: number, s1: number, s2: number, s3: number,
): void {
  let p1 = s1, p2 = s2, p3 = s3;
  for (let p = fp; p <= lp; p++) {
    const i = s[p];
    const b = branchOf[i];
    const q = newPos[i];
    if (b === 2) tmp[p2++] = q;
    else if (b === 3) tmp[p3++] = q;
    else tmp[p1++] = q;
  }
  s.set(tmp.subarray(fp, lp + 1), fp);
}

/** A grown tree and the training arrays in its final block order. */
export interface GrownTree {
  root: TreeNode;
  /**
   * The context with its target, weights and data columns permuted to the final block order: each
   * node's cases are positions fp..lp, read front to back by the node models (§6), smoothing and
   * pruning (§7). Attribute statistics and value lists are shared, not copied.
   */
  blocks: GrowContext;
}

/**
 * Grows the unpruned model tree on all cases of `ctx.data` (in file order). Node models are not
 * kept (§6 refits them).
 */
export function growTree(ctx: GrowContext): GrownTree {
  primeSplitScan();
  const { data } = ctx;
  const n = data.n;
  const nAtt = data.nAtt;
  const contAtts: number[] = [];
  for (let a = 1; a < nAtt; a++) if (!data.skip[a] && !data.discrete[a]) contAtts.push(a);
  // presorted case lists, aligned with node blocks (copies: growing permutes them); at the start
  // position = case number, so they are position lists too
  const sorted: (Int32Array | null)[] = ctx.presorted ? ctx.presorted.map((s) => (s ? s.slice() : null)) : presortAttributes(data);
  const blockData: TrainingData = {
    ...data,
    cont: data.cont.map((c) => (c ? c.slice() : null)),
    disc: data.disc.map((d) => (d ? d.slice() : null)),
    weight: data.weight ? data.weight.slice() : null,
  };
  const w = ctx.w === data.weight ? blockData.weight : ctx.w ? ctx.w.slice() : null;
  const y = ctx.y === data.cont[0] ? (blockData.cont[0] as Float32Array) : ctx.y.slice();
  const blocks: GrowContext = { ...ctx, data: blockData, y, w, presorted: undefined };
  const grower = new TreeGrower(blocks, sorted, contAtts, significanceThresholds(n));
  const root = new TreeNode(null, 0, n - 1, nAtt);
  grower.grow(root, 0);
  return { root, blocks };
}

/** Per-value weight, Σw·r and Σw·r² of a discrete attribute over a block (into vW, vS, vSS). */
function discreteValueSums(
  d: Int32Array, w: Float32Array | null, resid: Float32Array, fp: number, lp: number,
  vW: Float64Array, vS: Float64Array, vSS: Float64Array,
): void {
  for (let p = fp; p <= lp; p++) {
    const v = d[p];
    const wi = w ? w[p] : 1;
    const r = resid[p];
    vW[v] += wi; vS[v] += wi * r; vSS[v] += wi * r * r;
  }
}

/**
 * The state of one tree-growing run and its steps. A class rather than closures inside growTree:
 * V8 keeps optimised code per function literal, and closures re-created by every call (one per
 * committee member, one per fit) made that code fail its call-target checks and deoptimise.
 */
class TreeGrower {
  private readonly ctx: GrowContext;
  private readonly data: TrainingData;
  private readonly gs: GlobalStatistics;
  private readonly y: Float32Array;
  private readonly w: Float32Array | null;
  private readonly nAtt: number;
  /** Residuals by position. */
  private readonly resid: Float32Array;
  /** Per continuous attribute, the positions of the block's cases in value order. */
  private readonly sorted: (Int32Array | null)[];
  private readonly contAtts: number[];
  private readonly corrThreshold: Float64Array;
  /** Branch of each position at the current split. */
  private readonly branchOf: Uint8Array;
  /** Every distinct array permuted along with the blocks. */
  private readonly floatCols: Float32Array[];
  private readonly intCols: Int32Array[];
  private readonly perm: Int32Array;
  private readonly newPos: Int32Array;
  private readonly tmp: Int32Array;
  private readonly tmpF: Float32Array;
  private readonly allowed: Uint8Array;
  private readonly allowedCount: Int32Array;
  private readonly testedCount: Int32Array;
  private readonly trace: ((line: string) => void) | undefined;

  /** `blockCtx`: the copies to grow in block order. */
  constructor(blockCtx: GrowContext, sorted: (Int32Array | null)[], contAtts: number[], corrThreshold: Float64Array) {
    this.ctx = blockCtx;
    this.data = blockCtx.data;
    this.gs = blockCtx.gs;
    this.y = blockCtx.y;
    this.w = blockCtx.w;
    this.nAtt = blockCtx.data.nAtt;
    const n = blockCtx.data.n;
    this.resid = new Float32Array(n);
    this.sorted = sorted;
    this.contAtts = contAtts;
    this.corrThreshold = corrThreshold;
    this.branchOf = new Uint8Array(n);
    const floats = new Set<Float32Array>([this.y]);
    if (this.w) floats.add(this.w);
    if (this.data.weight) floats.add(this.data.weight);
    for (const c of this.data.cont) if (c) floats.add(c);
    const ints = new Set<Int32Array>();
    for (const d of this.data.disc) if (d) ints.add(d);
    this.floatCols = [...floats];
    this.intCols = [...ints];
    this.perm = new Int32Array(n);
    this.newPos = new Int32Array(n);
    this.tmp = new Int32Array(n);
    this.tmpF = new Float32Array(this.tmp.buffer); // one buffer: the permutations use them in turn
    this.allowed = new Uint8Array(this.nAtt);
    this.allowedCount = new Int32Array(this.nAtt);
    this.testedCount = new Int32Array(this.nAtt);
    this.trace = blockCtx.trace;
  }

  grow(node: TreeNode, depth: number): void {
    const { data, gs, w, y, resid, nAtt, trace, allowed, allowedCount, testedCount } = this;
    const fp = node.fp, lp = node.lp;
    const sw = blockWeight(w, fp, lp);
    const swy = blockWeightedSum(w, y, fp, lp);
    node.weight = sw;
    node.mean = f32(swy / sw);
    if (trace) trace(`<${depth}> ${node.cases} cases`);
    // local model and residuals
    if (node.parent === null) resid.set(y.subarray(fp, lp + 1), fp);
    else {
      for (let a = 1; a < nAtt; a++) allowed[a] = allowedCount[a] > 0 ? 1 : 0;
      const model = fitLinearModel(this.ctx, fp, lp, allowed, trace);
      const vals = modelValuesBlock(model, data.cont, fp, lp, scratch(lp - fp + 1));
      storeResiduals(y, vals, resid, fp, lp, gs.floor, gs.ceiling);
    }
    const sr = blockWeightedSum(w, resid, fp, lp);
    const srr = blockWeightedSquares(w, resid, fp, lp);
    const maxAbs = blockMaxAbs(resid, fp, lp);
    const sdNode = f32(cubistSd(sw, sr, srr, gs.globalSd));
    if (maxAbs < 0.5 * gs.attUnit[0]) {
      if (trace) trace("negligible residuals");
      return;
    }

    // evaluate attributes
    let bestAtt = -1;
    let bestGain = f32(-0.0001);
    let bestCut = 0;
    let bestSubset: Int8Array | null = null;
    for (let a = 1; a < nAtt; a++) {
      if (data.skip[a]) continue;
      let gain = NaN;
      let cut = 0;
      let subset: Int8Array | null = null;
      if (!data.discrete[a]) {
        if (this.evalContinuous(a, node, sdNode)) { gain = this.evalGain; cut = this.evalCut; }
      } else {
        const k = (data.values[a] as string[]).length;
        if (node.parent === null || k > 2 || testedCount[a] === 0) {
          if (k === 2) gain = this.evalBinary(a, node, sdNode);
          else {
            subset = this.evalSubset(a, node, sdNode);
            if (subset) gain = this.evalGain;
          }
        }
      }
      if (trace) {
        if (Number.isNaN(gain)) trace(`Att ${data.names[a]}\tno gain`);
        else if (!data.discrete[a]) trace(`Att ${data.names[a]}\tcut=${cut.toFixed(3)}, gain ${gain.toFixed(3)}`);
        else trace(`Att ${data.names[a]}: gain ${gain.toFixed(3)}`);
      }
      if (Number.isNaN(gain) || !(gain > -0.0001)) continue;
      if (gain > bestGain || (bestAtt >= 0 && gain > 0.999 * bestGain && gs.attPref[a] > gs.attPref[bestAtt])) {
        bestAtt = a;
        bestGain = gain;
        bestCut = cut;
        bestSubset = subset;
      }
    }
    if (bestAtt < 0) {
      if (trace) trace("no sensible splits");
      return;
    }
    node.att = bestAtt;
    if (!data.discrete[bestAtt]) {
      node.testType = TestType.Threshold;
      node.cut = bestCut;
    } else if ((data.values[bestAtt] as string[]).length === 2) {
      node.testType = TestType.Binary;
    } else {
      node.testType = TestType.Subset;
      node.subset = bestSubset;
    }
    if (trace) {
      trace(`best attribute ${data.names[bestAtt]}${node.testType === TestType.Threshold ? ` cut ${bestCut.toFixed(3)}` : ""} gain ${bestGain.toFixed(3)}`);
    }

    // partition: branch labels, swap-to-front per branch, stable partition of presorted lists
    const branchOf = this.branchOf;
    const counts = new Int32Array(4);
    if (node.testType === TestType.Threshold) labelThreshold(data.cont[bestAtt] as Float32Array, node.cut, branchOf, counts, fp, lp);
    else labelDiscrete(data.disc[bestAtt] as Int32Array, node.subset, branchOf, counts, fp, lp);
    const { perm, newPos, tmp, tmpF } = this;
    identityBlock(perm, fp, lp);
    const starts = [0, 0, 0, 0];
    let start = fp;
    for (let b = 1; b <= 3; b++) {
      starts[b] = start;
      start = moveBranchToFront(perm, branchOf, b, start, lp);
    }
    invertBlock(perm, newPos, fp, lp);
    for (const col of this.floatCols) permuteFloatBlock(col, perm, tmpF, fp, lp);
    for (const col of this.intCols) permuteIntBlock(col, perm, tmp, fp, lp);
    for (const a of this.contAtts) stablePartition(this.sorted[a] as Int32Array, branchOf, newPos, tmp, fp, lp, starts[1], starts[2], starts[3]);
    if (!data.discrete[bestAtt]) allowedCount[bestAtt]++;
    testedCount[bestAtt]++;
    for (let b = 1; b <= 3; b++) {
      const child = new TreeNode(node, starts[b], starts[b] + counts[b] - 1, nAtt);
      node.branches.push(child);
      if (counts[b] > 0) this.grow(child, depth + 1);
      else {
        child.mean = node.mean;
        child.model[0] = node.mean;
      }
    }
    if (!data.discrete[bestAtt]) allowedCount[bestAtt]--;
    testedCount[bestAtt]--;
  }

  /** Gain and cut of the last successful evaluation (fields, so evaluations allocate nothing). */
  private evalGain = 0;
  private evalCut = 0;

  /*
   * Split evaluation uses raw power sums (high side = totals minus the cases moved low), as the
   * reference does. With many equal values on one side the side variance can come out slightly
   * negative by cancellation; sqrt then yields NaN and that cut can never win (C semantics),
   * which is what keeps e.g. Boston's b = 396.9 block from faking a perfect fit.
   */
  /** Best threshold of continuous attribute a at node (§4.3); false when there is none. */
  private evalContinuous(a: number, node: TreeNode, sdNode: number): boolean {
    const K = node.cases;
    if (K < 2 * MINSPLIT) return false;
    const s = this.sorted[a] as Int32Array;
    const x = this.data.cont[a] as Float32Array;
    const edge = K >= 3 * this.gs.minItems ? this.gs.minItems : MINSPLIT;
    splitSums(s, x, this.resid, this.w, node.fp, node.lp);
    const bestP = scanThresholds(s, x, this.resid, this.w, node.fp, node.lp, edge, sdNode, this.gs.globalSd, this.corrThreshold);
    if (bestP < 0) return false;
    const v1 = x[s[bestP]], v2 = x[s[bestP + 1]];
    let cut = f32(0.5 * (v1 + v2));
    if (cut >= v2) cut = v1;
    this.evalGain = f32(scanBestGain);
    this.evalCut = cut;
    return true;
  }

  private branchGain(W: Float64Array, S: Float64Array, SS: Float64Array, sdNode: number): number {
    let tot = 0, acc = 0;
    for (let b = 1; b <= 3; b++) {
      if (W[b] <= 0) continue;
      tot += W[b];
      acc += W[b] * cubistSd(W[b], S[b], SS[b], this.gs.globalSd);
    }
    return sdNode - acc / tot;
  }

  /** Gain of a two-valued discrete attribute (§4.4); NaN when fewer than two branches have MINSPLIT weight. */
  private evalBinary(a: number, node: TreeNode, sdNode: number): number {
    const W = new Float64Array(4), S = new Float64Array(4), SS = new Float64Array(4);
    discreteValueSums(this.data.disc[a] as Int32Array, this.w, this.resid, node.fp, node.lp, W, S, SS);
    let ok = 0;
    for (let b = 1; b <= 3; b++) if (W[b] >= MINSPLIT) ok++;
    if (ok < 2) return NaN;
    return f32(this.branchGain(W, S, SS, sdNode));
  }

  /** Best value subset of a many-valued discrete attribute (§4.4), gain in evalGain; null for none. */
  private evalSubset(a: number, node: TreeNode, sdNode: number): Int8Array | null {
    const nv = (this.data.values[a] as string[]).length + 2;
    const vW = new Float64Array(nv), vS = new Float64Array(nv), vSS = new Float64Array(nv);
    discreteValueSums(this.data.disc[a] as Int32Array, this.w, this.resid, node.fp, node.lp, vW, vS, vSS);
    const W = new Float64Array(4), S = new Float64Array(4), SS = new Float64Array(4);
    W[1] = vW[1]; S[1] = vS[1]; SS[1] = vSS[1];
    const side = new Int8Array(nv);
    for (let v = 2; v < nv; v++) {
      if (vW[v] > 0) {
        side[v] = 2;
        W[2] += vW[v]; S[2] += vS[v]; SS[2] += vSS[v];
      }
    }
    let best = -1;
    let bestSide: Int8Array | null = null;
    for (;;) {
      let mv = -1;
      let mvMean = -Infinity;
      for (let v = 2; v < nv; v++) {
        if (side[v] !== 2) continue;
        const m = vS[v] / vW[v];
        if (mv < 0 || m > mvMean) { mv = v; mvMean = m; }
      }
      if (mv < 0) break;
      side[mv] = 3;
      W[2] -= vW[mv]; S[2] -= vS[mv]; SS[2] -= vSS[mv];
      W[3] += vW[mv]; S[3] += vS[mv]; SS[3] += vSS[mv];
      let ok = 0;
      for (let b = 1; b <= 3; b++) if (W[b] >= MINSPLIT) ok++;
      if (ok >= 2) {
        const g = this.branchGain(W, S, SS, sdNode);
        if (g > best) { best = g; bestSide = side.slice(); }
      }
    }
    if (!bestSide) return null;
    this.evalGain = f32(best);
    return bestSide;
  }
}
