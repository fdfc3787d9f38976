import type { ColumnTable } from "../cubist/table";
import { baselineRows, checkTarget } from "./baselineRows";
import { encodeFeatures, featureEncoding } from "./featureEncoding";
import type { FeatureEncoding } from "./featureEncoding";
import { growTree, treeValue } from "./growTree";
import type { TreeArrays } from "./growTree";

/** Options of {@link fitRegressionTree}. */
export interface RegressionTreeOptions {
  /** Target column (numeric). Required. */
  target: string;
  /** Predictor columns (default: every other column, in table order). Discrete ones enter as 0/1 level indicators. */
  predictors?: readonly string[];
  /** Fewest training rows in a leaf, integer ≥ 1. Default 5. */
  minLeaf?: number;
  /** Deepest split level (root = depth 0), integer 0–64. Default 12. */
  maxDepth?: number;
}

/** A fitted CART regression tree. */
export interface RegressionTreeModel {
  kind: "regression-tree";
  target: string;
  encoding: FeatureEncoding;
  tree: TreeArrays;
  nTrain: number;
}

/** Validates the tree settings shared by the tree and the forest; returns them with defaults. */
export function treeSettings(options: { minLeaf?: number; maxDepth?: number }, who: string, defaults: { minLeaf: number; maxDepth: number }): { minLeaf: number; maxDepth: number } {
  const minLeaf = options.minLeaf ?? defaults.minLeaf;
  const maxDepth = options.maxDepth ?? defaults.maxDepth;
  if (!Number.isInteger(minLeaf) || minLeaf < 1) throw new RangeError(`${who}: minLeaf must be a whole number ≥ 1, got ${minLeaf}`);
  if (!Number.isInteger(maxDepth) || maxDepth < 0 || maxDepth > 64) throw new RangeError(`${who}: maxDepth must be a whole number 0–64, got ${maxDepth}`);
  return { minLeaf, maxDepth };
}

/**
 * A CART regression tree (Breiman et al. 1984): greedy binary splits maximising the reduction of the squared error
 * (variance reduction), cut points at midpoints between adjacent distinct training values, leaves predicting the
 * mean target; growth stops at `maxDepth`, below 2·`minLeaf` rows, or when no split reduces the error. Rows with a
 * missing target or predictor are left out of training and get NaN in prediction; discrete predictors become one
 * 0/1 indicator per training level. No pruning.
 * @throws RangeError naming the option and value (target, predictors, minLeaf, maxDepth), or no usable rows.
 * @example
 * const t = fitRegressionTree({ nRows: 4, columns: { x: Float64Array.of(1, 2, 3, 4), y: Float64Array.of(0, 0, 1, 1) } }, { target: "y", minLeaf: 1 });
 * t.tree.threshold[0]; // 2.5
 */
export function fitRegressionTree(table: ColumnTable, options: RegressionTreeOptions): RegressionTreeModel {
  const predictors = checkTarget(table, options, "fitRegressionTree");
  const settings = treeSettings(options, "fitRegressionTree", { minLeaf: 5, maxDepth: 12 });
  const encoding = featureEncoding(table, { predictors });
  const enc = encodeFeatures(table, encoding);
  const { rows } = baselineRows(table, options.target, enc);
  if (rows.length === 0) throw new RangeError(`fitRegressionTree: no usable rows (target '${options.target}' and every predictor known)`);
  const tree = growTree(enc.x, enc.nFeatures, table.columns[options.target] as Float64Array, rows, { ...settings, featuresPerSplit: enc.nFeatures });
  return { kind: "regression-tree", target: options.target, encoding, tree, nTrain: rows.length };
}

/** Predictions of a {@link RegressionTreeModel} (NaN where a predictor is missing or a level unseen in training). */
export function predictRegressionTree(model: RegressionTreeModel, table: ColumnTable): Float64Array {
  const enc = encodeFeatures(table, model.encoding);
  return Float64Array.from({ length: table.nRows }, (_, i) => (enc.valid[i] ? treeValue(model.tree, enc.x, i * enc.nFeatures) : NaN));
}
