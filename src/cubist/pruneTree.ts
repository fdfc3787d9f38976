/**
 * Pruning of the model tree (algorithm description §7): removal of small branches and parameter
 * counts (§7.1), smoothing (§7.2, in smoothModels.ts), then three stages of error-based pruning
 * (§7.3), the last one enforcing the rules cap.
 */
import type { GlobalStatistics } from "./globalStatistics";
import { activeAttributes, modelValuesBlock, scratch, type ModelContext } from "./linearModel";
import { PruneQueue } from "./pruneQueue";
import { smoothModels } from "./smoothModels";
import { cutInterval, treeCuts } from "./treeCuts";
import { TestType, TreeNode } from "./treeNode";
import { f32 } from "./trainingData";

/** EstErr(e, n, v) = e·(n+v)/(n−v) with v capped at n − 1. */
export function estErr(e: number, n: number, v: number): number {
  if (v >= n) v = n - 1;
  return (e * (n + v)) / (n - v);
}

/** Number of leaves with at least one case. */
export function countLeaves(node: TreeNode): number {
  if (node.isLeaf) return node.cases > 0 ? 1 : 0;
  let s = 0;
  for (const b of node.branches) s += countLeaves(b);
  return s;
}

/** §7.1: a node whose branch 2 or 3 has fewer than minItems cases becomes a leaf (top-down). */
function removeSmallBranches(node: TreeNode, minItems: number): void {
  if (node.isLeaf) return;
  if (node.branches[1].cases < minItems || node.branches[2].cases < minItems) {
    node.makeLeaf();
    return;
  }
  for (const b of node.branches) removeSmallBranches(b, minItems);
}

/** Unsmoothed model copies, coefficient counts and tree parameter counts (bottom-up). */
function setPruneProperties(node: TreeNode): void {
  node.unsmoothed = node.model.slice();
  node.coeffs = 1 + activeAttributes(node.model).length;
  if (node.isLeaf) {
    node.params = node.coeffs;
    return;
  }
  let p = node.testType === TestType.Binary ? 3 : 4;
  for (const b of node.branches) {
    setPruneProperties(b);
    if (b.cases > 0) p += b.params;
  }
  node.params = f32(p);
}

/** Σw·|y − v| over positions fp..lp, v[k] being position fp + k's value. */
function blockAbsError(y: Float32Array, w: Float32Array | null, vals: Float64Array, fp: number, lp: number): number {
  let s = 0;
  for (let p = fp; p <= lp; p++) s += (w ? w[p] : 1) * Math.abs(y[p] - vals[p - fp]);
  return s;
}

/** Each node's own-model error (leafErr) and its subtree's error (treeErr), float32. */
function setErrors(ctx: ModelContext, node: TreeNode): void {
  let s = 0;
  if (node.cases > 0) {
    const vals = modelValuesBlock(node.model, ctx.data.cont, node.fp, node.lp, scratch(node.cases));
    s = blockAbsError(ctx.y, ctx.w, vals, node.fp, node.lp);
  }
  node.leafErr = f32(s);
  if (node.isLeaf) {
    node.treeErr = node.leafErr;
    return;
  }
  let t = 0;
  for (const b of node.branches) {
    setErrors(ctx, b);
    t += b.treeErr;
  }
  node.treeErr = f32(t);
}

/** Options of {@link pruneTree}. */
export interface PruneOptions {
  /** Maximum number of rules (leaves). */
  maxRules: number;
  /** Optional trace sink. */
  trace?: (line: string) => void;
}

/**
 * Prunes the tree in place: small branches, smoothing/rounding, then stages 1–3.
 * `ctx` holds the block-ordered arrays left by growTree (a node's cases are positions fp..lp).
 */
export function pruneTree(ctx: ModelContext, gs: GlobalStatistics, root: TreeNode, opts: PruneOptions): void {
  const N = ctx.data.n;
  removeSmallBranches(root, gs.minItems);
  setPruneProperties(root);

  smoothModels(ctx, gs, root);

  // §7.3 errors
  setErrors(ctx, root);

  const adjErr = (treeErr: number, params: number): number => N * estErr(treeErr / N, N, params);
  const trace = opts.trace;
  const report = (): void => {
    if (trace) trace(`(${root.params} params, ${countLeaves(root)} leaves) total actual/est err ${root.treeErr.toFixed(1)}/${adjErr(root.treeErr, root.params).toFixed(1)}`);
  };
  report();

  // find the internal node with the smallest extra error (first in pre-order on ties) whose
  // pruning keeps the penalised error ≤ limit (a priority structure; same choice as a full scan)
  const extraOf = (node: TreeNode): number => f32(node.leafErr - node.treeErr);
  const queue = new PruneQueue(root, extraOf);
  let leaves = countLeaves(root);
  const findWeakest = (limit: number): TreeNode | null => {
    const rootErr = root.treeErr, rootParams = root.params;
    return queue.best((extra, dp) => adjErr(rootErr + extra, rootParams + dp) <= limit);
  };
  const prune = (node: TreeNode): void => {
    const extra = extraOf(node);
    const dp = node.coeffs - node.params;
    const removeBelow = (t: TreeNode): void => {
      if (t.isLeaf) { if (t.cases > 0) leaves--; return; }
      queue.remove(t);
      for (const b of t.branches) removeBelow(b);
    };
    removeBelow(node);
    node.makeLeaf();
    if (node.cases > 0) leaves++;
    node.treeErr = node.leafErr;
    node.params = node.coeffs;
    for (let a = node.parent; a !== null; a = a.parent) {
      a.treeErr = f32(a.treeErr + extra);
      a.params = f32(a.params + dp);
      queue.update(a);
    }
    report();
  };

  // stage 1
  for (;;) {
    const t = findWeakest(adjErr(root.treeErr, root.params));
    if (!t) break;
    prune(t);
  }
  // stage 2
  const limit2 = 1.005 * adjErr(root.treeErr, root.params);
  for (;;) {
    const t = findWeakest(limit2);
    if (!t) break;
    prune(t);
  }
  // stage 3
  while (leaves > opts.maxRules) {
    const t = findWeakest(Infinity);
    if (!t) break;
    prune(t);
  }
}

/**
 * For sorted distinct cuts, the largest value of x at most each cut (−Infinity for none), in one
 * pass: every value goes to the first cut it is ≤ ({@link cutInterval}; NaN to none), each cut keeps its
 * largest, and a running maximum carries them up. +0 counts as larger than −0, as in a sort.
 */
function largestAtMost(x: Float32Array, cuts: Float64Array): Float64Array {
  const m = cuts.length;
  const best = new Float64Array(m).fill(-Infinity);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const lo = cutInterval(v, cuts);
    if (lo < m && (v > best[lo] || (v === 0 && best[lo] === 0 && 1 / v > 0))) best[lo] = v;
  }
  for (let j = 1; j < m; j++) {
    const v = best[j - 1];
    if (v > best[j] || (v === 0 && best[j] === 0 && 1 / v > 0)) best[j] = v;
  }
  return best;
}

/**
 * Replaces every continuous threshold by the largest training value of its attribute that is
 * ≤ the threshold (§8).
 */
export function adjustThresholds(ctx: ModelContext, root: TreeNode): void {
  const { data } = ctx;
  const cuts = treeCuts(root, data.nAtt);
  const best = cuts.map((c, a) => (c ? largestAtMost(data.cont[a] as Float32Array, c) : null));
  const visit = (node: TreeNode): void => {
    if (node.isLeaf) return;
    if (node.testType === TestType.Threshold) {
      const v = (best[node.att] as Float64Array)[(cuts[node.att] as Float64Array).indexOf(node.cut)];
      if (v !== -Infinity) node.cut = v;
    }
    for (const b of node.branches) visit(b);
  };
  visit(root);
}
