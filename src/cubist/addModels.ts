/**
 * Models for every node of the grown tree (algorithm description §6): children first, each node
 * with cases gets the full §5 model on its cases, allowing the continuous attributes tested on its
 * ancestors or anywhere in its own subtree. Empty nodes keep their parent's mean.
 */
import { fitLinearModel, type ModelContext } from "./linearModel";
import { TreeNode } from "./treeNode";

/** Fits the unsmoothed model of every node in place; `order` is the case order after growing. */
export function addModels(ctx: ModelContext, order: Int32Array, root: TreeNode): void {
  const { data } = ctx;
  const nAtt = data.nAtt;
  const ancestors = new Int32Array(nAtt);
  const visit = (node: TreeNode): Uint8Array => {
    const sub = new Uint8Array(nAtt);
    if (node.cases <= 0) return sub;
    const a = node.att;
    const cont = a > 0 && !data.discrete[a];
    if (!node.isLeaf) {
      if (cont) ancestors[a]++;
      for (const child of node.branches) {
        const s = visit(child);
        for (let k = 1; k < nAtt; k++) sub[k] |= s[k];
      }
      if (cont) { ancestors[a]--; sub[a] = 1; }
    }
    const allowed = new Uint8Array(nAtt);
    for (let k = 1; k < nAtt; k++) allowed[k] = ancestors[k] > 0 || sub[k] ? 1 : 0;
    node.model = fitLinearModel(ctx, order, node.fp, node.lp, allowed);
    return sub;
  };
  visit(root);
}
