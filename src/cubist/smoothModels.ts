/**
 * Smoothing of node models with their ancestors' models, coefficient rounding and the median
 * intercept shift (algorithm description §7.2).
 */
import { rint, type GlobalStatistics } from "./globalStatistics";
import { clamp, modelValuesBlock, type ModelContext } from "./linearModel";
import { TreeNode } from "./treeNode";
import { f32 } from "./trainingData";

// Scratch buffers shared by all nodes (a node is processed after all of its descendants).
let eBuf = new Float64Array(1024);
let vBuf = new Float64Array(1024);
let dBuf = new Float64Array(1024);

/**
 * Smooths every non-empty node of the tree (children first), then rounds its coefficients to
 * their units and shifts its intercept by the weighted median residual. Ancestors' unsmoothed
 * copies (`node.unsmoothed`) must be set.
 */
export function smoothModels(ctx: ModelContext, gs: GlobalStatistics, order: Int32Array, root: TreeNode): void {
  const { data, y, w } = ctx;
  const cont = data.cont;
  const nAtt = data.nAtt;
  // Clamped unsmoothed-model values of the ancestors on the current path, over each ancestor's
  // whole block (a descendant's cases are a sub-block): computed once per ancestor instead of once
  // per (descendant, ancestor) pair. Values are float32, so the cache is exact.
  const cache = new Map<TreeNode, Float32Array>();
  const ancestorValues = (anc: TreeNode): Float32Array => {
    let c = cache.get(anc);
    if (!c) {
      const nbA = anc.lp - anc.fp + 1;
      const buf = modelValuesBlock(anc.unsmoothed as Float64Array, cont, order, anc.fp, anc.lp, new Float64Array(nbA));
      c = new Float32Array(nbA);
      for (let k = 0; k < nbA; k++) c[k] = clamp(buf[k], gs.floor, gs.ceiling);
      cache.set(anc, c);
    }
    return c;
  };
  const visit = (node: TreeNode): void => {
    for (const child of node.branches) if (child.cases > 0) visit(child);
    cache.delete(node);
    if (node.cases <= 0) return;
    const fp = node.fp, lp = node.lp;
    const nb = lp - fp + 1;
    const W = node.weight;
    // scratch buffers (safe to share: a node is processed after all its descendants)
    if (eBuf.length < nb) { eBuf = new Float64Array(Math.max(nb, 2 * eBuf.length)); vBuf = new Float64Array(eBuf.length); dBuf = new Float64Array(eBuf.length); }
    const e = eBuf;
    const model = node.model;
    const vals = vBuf;
    const errors = (): number => {
      modelValuesBlock(model, cont, order, fp, lp, vals);
      let s = 0, ss = 0;
      for (let k = 0; k < nb; k++) {
        const i = order[fp + k];
        const v = y[i] - clamp(vals[k], gs.floor, gs.ceiling);
        e[k] = v;
        const wi = w ? w[i] : 1;
        s += wi * v;
        ss += wi * v * v;
      }
      return Math.max(1e-38, (ss - (s * s) / W) / (W - 1));
    };
    let varE = W > 2 ? errors() : 0;
    if (W > 2 && varE > 1e-10) {
      for (let anc = node.parent; anc !== null; anc = anc.parent) {
        const am = anc.unsmoothed as Float64Array;
        const av = ancestorValues(anc);
        const off = fp - anc.fp;
        let sp = 0, spp = 0, se = 0, sep = 0;
        for (let k = 0; k < nb; k++) {
          const i = order[fp + k];
          const p = y[i] - av[off + k];
          const wi = w ? w[i] : 1;
          sp += wi * p;
          spp += wi * p * p;
          se += wi * e[k];
          sep += wi * e[k] * p;
        }
        const varP = Math.max(1e-38, (spp - (sp * sp) / W) / (W - 1));
        const cov = (sep - (se * sp) / W) / (W - 1);
        const denom = varE + varP - 2 * cov;
        const q = denom <= 1e-12 ? 1 : (varP - cov) / denom;
        if (q > 0 && q < 1) {
          for (let a = 0; a < nAtt; a++) model[a] = q * model[a] + (1 - q) * am[a];
          varE = errors();
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
    modelValuesBlock(model, cont, order, fp, lp, vals);
    const d = dBuf.subarray(0, nb);
    for (let k = 0; k < nb; k++) d[k] = vals[k] - y[order[fp + k]];
    let median: number;
    if (!w) {
      d.sort();
      median = d[Math.ceil(nb / 2) - 1];
    } else {
      const idx = new Int32Array(nb);
      for (let k = 0; k < nb; k++) idx[k] = k;
      idx.sort((p, q) => d[p] - d[q] || p - q);
      let cum = 0;
      median = d[idx[nb - 1]];
      for (let k = 0; k < nb; k++) {
        cum += w[order[fp + idx[k]]];
        if (cum >= W / 2) { median = d[idx[k]]; break; }
      }
    }
    model[0] -= median;
    model[0] = rint(model[0] / gs.attUnit[0]) * gs.attUnit[0];
  };
  visit(root);
}
