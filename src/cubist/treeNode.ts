/**
 * A node of Cubist's model tree (algorithm description §4, §6, §7). Cases of a node are the
 * contiguous block of positions fp..lp of the block order growTree leaves the training arrays in.
 */

/** Kind of test at an internal node: 0 leaf, 1 continuous threshold (branch 1 = N/A, 2 `<=`,
 * 3 `>`), 2 binary discrete (branch = value number), 3 discrete subset (branch = subset[value]). */
export const TestType = { None: 0, Threshold: 1, Binary: 2, Subset: 3 } as const;
/** One of {@link TestType}'s values. */
export type TestType = 0 | 1 | 2 | 3;

/** One node of the model tree. */
export class TreeNode {
  /** Parent node (null at the root). */
  parent: TreeNode | null;
  /** First position of the node's block in the block order. */
  fp: number;
  /** Last position (fp − 1 when the node is empty). */
  lp: number;
  /** Number of cases (unweighted). */
  cases: number;
  /** Sum of case weights. */
  weight = 0;
  /** Mean target (float32). */
  mean = 0;
  /** Test type; TestType.None for a leaf. */
  testType: TestType = TestType.None;
  /** Tested attribute (−1 at a leaf). */
  att = -1;
  /** Threshold of a continuous test (float32). */
  cut = 0;
  /** Branch per value number for subset tests. */
  subset: Int8Array | null = null;
  /** Children for branches 1 (N/A), 2 (low/left/first value), 3 (high/right/second value). */
  branches: TreeNode[] = [];
  /** Current model (intercept at index 0). */
  model: Float64Array;
  /** Unsmoothed model copy (after §6). */
  unsmoothed: Float64Array | null = null;
  /** 1 + non-zero coefficients of the unsmoothed model. */
  coeffs = 1;
  /** Tree parameter count (float32 in Cubist). */
  params = 0;
  /** Σw|y − model(x)| over the node's cases with its own model. */
  leafErr = 0;
  /** Error of the subtree below. */
  treeErr = 0;

  constructor(parent: TreeNode | null, fp: number, lp: number, nAtt: number) {
    this.parent = parent;
    this.fp = fp;
    this.lp = lp;
    this.cases = lp - fp + 1;
    this.model = new Float64Array(nAtt);
  }

  /** True when the node has no test. */
  get isLeaf(): boolean {
    return this.testType === TestType.None;
  }

  /** Makes the node a leaf (drops its subtree). */
  makeLeaf(): void {
    this.testType = TestType.None;
    this.branches = [];
    this.subset = null;
    this.att = -1;
  }
}
