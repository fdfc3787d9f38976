/**
 * Smoothing of node models with their ancestors' models, coefficient rounding and the median
 * intercept shift (algorithm description §7.2).
 */
import { rint, type GlobalStatistics } from "./globalStatistics";
import { kthSmallest } from "./kthSmallest";
import { clamp, modelValuesBlock, type ModelContext } from "./linearModel";
import { TreeNode } from "./treeNode";
import { f32 } from "./trainingData";

// Scratch buffers shared by all nodes (a node is processed after all of its descendants).
let vBuf = new Float64Array(1024);
let dBuf = new Float64Array(1024);
// Raw ancestor values before clamping into the cache (reused: a fresh array per ancestor was
// n × depth doubles of new memory per tree, and new memory is slow to touch).
let aBuf = new Float64Array(1024);

// Sums left by smoothingSums (module variables: the pass is a loop with a trivial tail).
let sumE = 0, sumEE = 0, sumP = 0, sumPP = 0, sumEP = 0;

/**
 * The errors e = y − clamp(vals[k]) of a node's current model over its block (`vals` from
 * modelValuesBlock) and, when `av` is given, the ancestor's errors p = y − av[off + k] with the
 * sums the smoothing weight needs, in one pass (fusing them halves the passes of the per-ancestor
 * loop). Every sum keeps the block order.
 */
function smoothingSums(
  vals: Float64Array, y: Float32Array, w: Float32Array | null, fp: number, nb: number,
  lo: number, hi: number, av: Float32Array | null, off: number,
): void {
  let s = 0, ss = 0, sp = 0, spp = 0, sep = 0;
  for (let k = 0; k < nb; k++) {
    const i = fp + k;
    const v = vals[k];
    const e = y[i] - (v < lo ? lo : v > hi ? hi : v);
    const wi = w ? w[i] : 1;
    s += wi * e;
    ss += wi * e * e;
    if (av) {
      const p = y[i] - av[off + k];
      sp += wi * p;
      spp += wi * p * p;
      sep += wi * e * p;
    }
  }
  sumE = s; sumEE = ss; sumP = sp; sumPP = spp; sumEP = sep;
}

/**
 * Smooths every non-empty node of the tree (children first), then rounds its coefficients to
 * their units and shifts its intercept by the weighted median residual. Ancestors' unsmoothed
 * copies (`node.unsmoothed`) must be set.
 */
export function smoothModels(ctx: ModelContext, gs: GlobalStatistics, root: TreeNode): void {
  new Smoother(ctx, gs).visit(root);
}

/** Clamped model values of a block into a new float32 array. */
function clampedValues(vals: Float64Array, nb: number, lo: number, hi: number): Float32Array {
  const c = new Float32Array(nb);
  for (let k = 0; k < nb; k++) c[k] = clamp(vals[k], lo, hi);
  return c;
}

/** Block differences d[k] = vals[k] − y[fp + k]. */
function valueMinusTarget(vals: Float64Array, y: Float32Array, fp: number, d: Float64Array): void {
  const nb = d.length;
  for (let k = 0; k < nb; k++) d[k] = vals[k] - y[fp + k];
}

/**
 * One smoothing run (a class rather than closures re-created per call: see TreeGrower in
 * growTree.ts for why).
 */
class Smoother {
  private readonly ctx: ModelContext;
  private readonly gs: GlobalStatistics;
  // Clamped unsmoothed-model values of the ancestors on the current path, over each ancestor's
  // whole block (a descendant's cases are a sub-block): computed once per ancestor instead of once
  // per (descendant, ancestor) pair. Values are float32, so the cache is exact.
  private readonly cache = new Map<TreeNode, Float32Array>();

  constructor(ctx: ModelContext, gs: GlobalStatistics) {
    this.ctx = ctx;
    this.gs = gs;
  }

  private ancestorValues(anc: TreeNode): Float32Array {
    let c = this.cache.get(anc);
    if (!c) {
      const nbA = anc.lp - anc.fp + 1;
      if (aBuf.length < nbA) aBuf = new Float64Array(Math.max(nbA, 2 * aBuf.length));
      const buf = modelValuesBlock(anc.unsmoothed as Float64Array, this.ctx.data.cont, anc.fp, anc.lp, aBuf);
      c = clampedValues(buf, nbA, this.gs.floor, this.gs.ceiling);
      this.cache.set(anc, c);
    }
    return c;
  }

  visit(node: TreeNode): void {
    for (const child of node.branches) if (child.cases > 0) this.visit(child);
    this.cache.delete(node);
    if (node.cases <= 0) return;
    const { ctx, gs } = this;
    const { y, w } = ctx;
    const cont = ctx.data.cont;
    const nAtt = ctx.data.nAtt;
    const fp = node.fp, lp = node.lp;
    const nb = lp - fp + 1;
    const W = node.weight;
    // scratch buffers (safe to share: a node is processed after all its descendants)
    if (vBuf.length < nb) { vBuf = new Float64Array(Math.max(nb, 2 * vBuf.length)); dBuf = new Float64Array(vBuf.length); }
    const model = node.model;
    const vals = vBuf;
    const lo = gs.floor, hi = gs.ceiling;
    if (W > 2) {
      // errors of the node's own model, fused with the sums for the parent
      let anc = node.parent;
      modelValuesBlock(model, cont, fp, lp, vals);
      smoothingSums(vals, y, w, fp, nb, lo, hi, anc ? this.ancestorValues(anc) : null, anc ? fp - anc.fp : 0);
      let varE = variance(sumE, sumEE, W);
      if (varE > 1e-10) {
        for (; anc !== null; anc = anc.parent) {
          const am = anc.unsmoothed as Float64Array;
          const varP = variance(sumP, sumPP, W);
          const cov = (sumEP - (sumE * sumP) / W) / (W - 1);
          const denom = varE + varP - 2 * cov;
          const q = denom <= 1e-12 ? 1 : (varP - cov) / denom;
          const next = anc.parent;
          const av = next ? this.ancestorValues(next) : null;
          const off = next ? fp - next.fp : 0;
          if (q > 0 && q < 1) {
            for (let a = 0; a < nAtt; a++) model[a] = q * model[a] + (1 - q) * am[a];
            // new errors, fused with the sums for the next ancestor
            modelValuesBlock(model, cont, fp, lp, vals);
            smoothingSums(vals, y, w, fp, nb, lo, hi, av, off);
            varE = variance(sumE, sumEE, W);
          } else if (next) {
            // same model and values: only the next ancestor's sums change (e's are recomputed identically)
            smoothingSums(vals, y, w, fp, nb, lo, hi, av, off);
          }
        }
      }
    }
    // coefficient rounding
    for (let a = 1; a < nAtt; a++) {
      const c = model[a];
      if (c === 0) continue;
      model[a] = Math.abs(c) < gs.minCoeff[a] ? 0 : rint(c / gs.attUnit[a]) * gs.attUnit[a];
    }
    // median intercept shift
    modelValuesBlock(model, cont, fp, lp, vals);
    const d = dBuf.subarray(0, nb);
    valueMinusTarget(vals, y, fp, d);
    const median = w ? weightedMedian(d, w, fp, W) : kthSmallest(d, Math.ceil(nb / 2) - 1);
    model[0] -= median;
    model[0] = rint(model[0] / gs.attUnit[0]) * gs.attUnit[0];
  }
}

/** Sample variance from weighted sums, floored at 1e-38. */
function variance(s: number, ss: number, W: number): number {
  return Math.max(1e-38, (ss - (s * s) / W) / (W - 1));
}

/** The weighted median of d (position fp + k's weight for d[k]): first value whose cumulative weight reaches W/2. */
function weightedMedian(d: Float64Array, w: Float32Array, fp: number, W: number): number {
  const nb = d.length;
  const idx = new Int32Array(nb);
  for (let k = 0; k < nb; k++) idx[k] = k;
  idx.sort((p, q) => d[p] - d[q] || p - q);
  let cum = 0;
  for (let k = 0; k < nb; k++) {
    cum += w[fp + idx[k]];
    if (cum >= W / 2) return d[idx[k]];
  }
  return d[idx[nb - 1]];
}
