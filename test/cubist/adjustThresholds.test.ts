import { describe, expect, it } from "@jest/globals";
import { adjustThresholds } from "../../src/cubist/pruneTree";
import { TestType, TreeNode } from "../../src/cubist/treeNode";
import type { ModelContext } from "../../src/cubist/linearModel";
import type { TrainingData } from "../../src/cubist/trainingData";
import { seededRandom } from "../../src/sampling/seededRandom";

/** The reference (§8): the last value ≤ cut of the sorted column (typed sort: −0 before +0, NaN last). */
function reference(x: Float32Array, cut: number): number {
  const s = x.slice().sort();
  let found = cut;
  for (const v of s) if (v <= cut) found = v;
  return found;
}

/** A chain of threshold nodes on attributes 1 and 2 with the given cuts. */
function thresholdTree(cuts: [number, number][]): TreeNode[] {
  const nodes: TreeNode[] = [];
  let parent: TreeNode | null = null;
  for (const [att, cut] of cuts) {
    const node: TreeNode = new TreeNode(parent, 0, -1, 3);
    node.testType = TestType.Threshold;
    node.att = att;
    node.cut = cut;
    if (parent) parent.branches = [new TreeNode(parent, 0, -1, 3), node, new TreeNode(parent, 0, -1, 3)];
    nodes.push(node);
    parent = node;
  }
  (parent as TreeNode).branches = [1, 2, 3].map(() => new TreeNode(parent, 0, -1, 3));
  return nodes;
}

describe("adjustThresholds", () => {
  it("moves every cut down to the largest training value at most it, as a full sort would", () => {
    const rnd = seededRandom(7);
    for (let t = 0; t < 40; t++) {
      const n = 1 + Math.floor(rnd() * 300);
      const cols = [1, 2].map(() => {
        const x = new Float32Array(n);
        for (let i = 0; i < n; i++) {
          const u = rnd();
          x[i] = u < 0.05 ? NaN : u < 0.1 ? -0 : u < 0.15 ? 0 : Math.round((rnd() - 0.3) * 40) / 4;
        }
        return x;
      });
      const cuts: [number, number][] = [];
      for (let k = 0; k < 1 + Math.floor(rnd() * 12); k++) {
        const u = rnd();
        cuts.push([1 + (k % 2), u < 0.1 ? -20 : u < 0.2 ? 0 : Math.fround((rnd() - 0.3) * 10)]);
      }
      const data = { nAtt: 3, cont: [null, ...cols] } as unknown as TrainingData;
      const nodes = thresholdTree(cuts);
      adjustThresholds({ data } as ModelContext, nodes[0]);
      nodes.forEach((node, k) => {
        expect(Object.is(node.cut, reference(cols[cuts[k][0] - 1], cuts[k][1]))).toBe(true);
      });
    }
  });
});
