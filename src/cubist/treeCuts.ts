/**
 * The thresholds of a tree's continuous tests, per attribute, and where a value lies among them.
 * Threshold adjustment (§8) and rule formation (§9) both work with a value's interval among the
 * sorted cuts instead of comparing it with each cut.
 */
import { TestType, type TreeNode } from "./treeNode";

/** Per attribute, the sorted distinct cuts of the tree's threshold tests (null when none). */
export function treeCuts(root: TreeNode, nAtt: number): (Float64Array | null)[] {
  const lists: number[][] = Array.from({ length: nAtt }, () => []);
  const visit = (node: TreeNode): void => {
    if (node.isLeaf) return;
    if (node.testType === TestType.Threshold && !lists[node.att].includes(node.cut)) lists[node.att].push(node.cut);
    for (const b of node.branches) visit(b);
  };
  visit(root);
  return lists.map((l) => (l.length ? Float64Array.from(l).sort() : null));
}

/**
 * Interval of v among sorted cuts: the index of the first cut with v <= cut, cuts.length when
 * there is none (so NaN, for which `v <= cut` never holds, lies above every cut, as in the tree's
 * test). Values in interval g satisfy `v <= cuts[j]` exactly when g <= j.
 *
 * @example cutInterval(2, Float64Array.of(1, 2, 5)) // 1
 */
export function cutInterval(v: number, cuts: Float64Array): number {
  let lo = 0, hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= cuts[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
