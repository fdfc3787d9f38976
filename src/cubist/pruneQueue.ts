/**
 * Candidate subtrees for error-based pruning (algorithm description §7.3), organised so that each
 * step finds "the internal node with the smallest extra error (first in pre-order on ties) whose
 * pruning keeps the penalised error within a limit" without re-walking the tree.
 *
 * Feasibility depends on a node's extra error x and its parameter change dP only through
 * f(E + x, P + dP) ≤ limit, with f increasing in x. Nodes are therefore grouped by dP; inside a
 * group a heap ordered by (x, pre-order rank) gives the only candidate that can be the group's
 * answer (if the group's minimum is infeasible, so is every other member). The step's answer is
 * the smallest feasible group minimum — exactly the exhaustive scan's choice. Entries of nodes
 * whose values changed are superseded (version numbers) rather than removed.
 */
import { TreeNode } from "./treeNode";

interface Entry {
  extra: number;
  rank: number;
  node: TreeNode;
  version: number;
}

class EntryHeap {
  readonly items: Entry[] = [];
  private less(a: Entry, b: Entry): boolean {
    return a.extra < b.extra || (a.extra === b.extra && a.rank < b.rank);
  }
  push(e: Entry): void {
    const h = this.items;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      const t = h[i]; h[i] = h[p]; h[p] = t;
      i = p;
    }
  }
  pop(): void {
    const h = this.items;
    const last = h.pop() as Entry;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) break;
      const t = h[i]; h[i] = h[m]; h[m] = t;
      i = m;
    }
  }
}

/** Priority structure over the internal nodes of a tree. */
export class PruneQueue {
  private readonly groups = new Map<number, EntryHeap>();
  private readonly rank = new Map<TreeNode, number>();
  private readonly version = new Map<TreeNode, number>();

  /** Builds the queue from every internal node of `root`; `extraOf` gives a node's extra error. */
  constructor(root: TreeNode, private readonly extraOf: (node: TreeNode) => number) {
    let r = 0;
    const visit = (node: TreeNode): void => {
      if (node.isLeaf) return;
      this.rank.set(node, r++);
      this.update(node);
      for (const b of node.branches) visit(b);
    };
    visit(root);
  }

  /** (Re-)inserts an internal node with its current extra error and parameter change. */
  update(node: TreeNode): void {
    const v = (this.version.get(node) ?? 0) + 1;
    this.version.set(node, v);
    if (node.isLeaf) return;
    const dp = node.coeffs - node.params;
    let g = this.groups.get(dp);
    if (!g) { g = new EntryHeap(); this.groups.set(dp, g); }
    g.push({ extra: this.extraOf(node), rank: this.rank.get(node) as number, node, version: v });
  }

  /** Marks a node as no longer a candidate (pruned, or inside a pruned subtree). */
  remove(node: TreeNode): void {
    this.version.set(node, (this.version.get(node) ?? 0) + 1);
  }

  /**
   * The node with the smallest (extra error, pre-order rank) among those for which
   * `feasible(extra, dP)` holds, or null.
   */
  best(feasible: (extra: number, dp: number) => boolean): TreeNode | null {
    let best: Entry | null = null;
    for (const [dp, g] of this.groups) {
      const h = g.items;
      while (h.length > 0 && (h[0].version !== this.version.get(h[0].node) || h[0].node.isLeaf)) g.pop();
      if (h.length === 0) {
        // drop emptied groups: every parameter change ever seen makes a group, most soon hold
        // only superseded entries, and visiting them all made each step O(groups ever made)
        this.groups.delete(dp);
        continue;
      }
      const e = h[0];
      if (best && (e.extra > best.extra || (e.extra === best.extra && e.rank > best.rank))) continue;
      if (feasible(e.extra, dp)) best = e;
    }
    return best ? best.node : null;
  }
}
