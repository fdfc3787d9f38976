/**
 * Models for every node of the grown tree (algorithm description §6): children first, each node
 * with cases gets the full §5 model on its cases, allowing the continuous attributes tested on its
 * ancestors or anywhere in its own subtree. Empty nodes keep their parent's mean.
 */
import { fitLinearModel, type ModelContext } from "./linearModel";
import { TreeNode } from "./treeNode";

/**
 * Fits the unsmoothed model of every node in place; `ctx` holds the block-ordered arrays left by
 * growTree (a node's cases are positions fp..lp).
 */
export function addModels(ctx: ModelContext, root: TreeNode): void {
  fitSubtreeModels(ctx, root, new Int32Array(ctx.data.nAtt));
}

/**
 * Fits the models of `node`'s subtree; `ancestors[a]` counts the continuous tests on attribute a
 * above it. Returns the continuous attributes tested in the subtree (a module-level recursion, not
 * a closure: see TreeGrower in growTree.ts for why).
 */
function fitSubtreeModels(ctx: ModelContext, node: TreeNode, ancestors: Int32Array): Uint8Array {
  const data = ctx.data;
  const nAtt = data.nAtt;
  const sub = new Uint8Array(nAtt);
  if (node.cases <= 0) return sub;
  const a = node.att;
  const cont = a > 0 && !data.discrete[a];
  if (!node.isLeaf) {
    if (cont) ancestors[a]++;
    for (const child of node.branches) {
      const s = fitSubtreeModels(ctx, child, ancestors);
      for (let k = 1; k < nAtt; k++) sub[k] |= s[k];
    }
    if (cont) { ancestors[a]--; sub[a] = 1; }
  }
  const allowed = new Uint8Array(nAtt);
  for (let k = 1; k < nAtt; k++) allowed[k] = ancestors[k] > 0 || sub[k] ? 1 : 0;
  node.model = fitLinearModel(ctx, node.fp, node.lp, allowed);
  return sub;
}
