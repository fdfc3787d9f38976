// PruneQueue must choose exactly what an exhaustive pre-order scan chooses (smallest extra error,
// first in pre-order on ties, among nodes whose pruning keeps the penalised error within a limit).
import { describe, expect, test } from "@jest/globals";
import { PruneQueue } from "../../src/cubist/pruneQueue";
import { TestType, TreeNode } from "../../src/cubist/treeNode";

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => { a = (Math.imul(a, 1664525) + 1013904223) >>> 0; return a / 4294967296; };
}

function randomTree(r: () => number, depth: number, parent: TreeNode | null): TreeNode {
  const node = new TreeNode(parent, 0, 0, 2);
  node.coeffs = 1 + Math.floor(r() * 4);
  node.leafErr = Math.fround(Math.floor(r() * 20) / 2); // many ties
  if (depth > 0 && r() < 0.8) {
    node.testType = TestType.Threshold;
    node.att = 1;
    for (let b = 0; b < 3; b++) node.branches.push(randomTree(r, depth - 1, node));
    node.treeErr = node.branches.reduce((s, b) => s + b.treeErr, 0);
    node.params = 4 + node.branches.reduce((s, b) => s + b.params, 0);
  } else {
    node.treeErr = node.leafErr;
    node.params = node.coeffs;
  }
  return node;
}

function scan(root: TreeNode, feasible: (x: number, dp: number) => boolean): TreeNode | null {
  let best: TreeNode | null = null, bestX = Infinity;
  const visit = (n: TreeNode): void => {
    if (n.isLeaf) return;
    const x = Math.fround(n.leafErr - n.treeErr);
    if (x < bestX && feasible(x, n.coeffs - n.params)) { best = n; bestX = x; }
    n.branches.forEach(visit);
  };
  visit(root);
  return best;
}

describe("PruneQueue", () => {
  test("same choices as the exhaustive scan over 30 random trees and pruning sequences", () => {
    const r = rng(42);
    for (let t = 0; t < 30; t++) {
      const root = randomTree(r, 6, null);
      const extraOf = (n: TreeNode): number => Math.fround(n.leafErr - n.treeErr);
      const q = new PruneQueue(root, extraOf);
      for (let step = 0; step < 200; step++) {
        const limit = r() * 3;
        const feasible = (x: number, dp: number): boolean => x + 0.1 * dp <= limit;
        const expected = scan(root, feasible);
        expect(q.best(feasible)).toBe(expected);
        if (!expected) break;
        const extra = extraOf(expected), dp = expected.coeffs - expected.params;
        const rm = (n: TreeNode): void => { if (!n.isLeaf) { q.remove(n); n.branches.forEach(rm); } };
        rm(expected);
        expected.makeLeaf();
        expected.treeErr = expected.leafErr;
        expected.params = expected.coeffs;
        for (let a = expected.parent; a; a = a.parent) { a.treeErr += extra; a.params += dp; q.update(a); }
      }
    }
  });
});
