import type { ColumnTable } from "../cubist/table";
import { seededRandom } from "../sampling/seededRandom";
import { baselineRows, checkTarget } from "./baselineRows";
import { encodeFeatures, featureEncoding } from "./featureEncoding";
import type { FeatureEncoding } from "./featureEncoding";
import { growTree, treeValue } from "./growTree";
import type { TreeArrays } from "./growTree";
import { treeSettings } from "./regressionTree";

/** Options of {@link fitRandomForest}. */
export interface RandomForestOptions {
  /** Target column (numeric). Required. */
  target: string;
  /** Predictor columns (default: every other column, in table order). Discrete ones enter as 0/1 level indicators. */
  predictors?: readonly string[];
  /** Trees, integer 1–2000. Default 100. */
  trees?: number;
  /** Features tried per split, integer ≥ 1 (capped at the feature count). Default max(1, ⌊features / 3⌋) (Breiman's regression default). */
  featuresPerSplit?: number;
  /** Fewest rows in a leaf. Default 5 (randomForest's regression nodesize). */
  minLeaf?: number;
  /** Deepest split level. Default 30. */
  maxDepth?: number;
  /** Bootstrap sample size as a fraction of the training rows, (0, 1]. Default 1. */
  sampleFraction?: number;
  /** Seed of the bootstrap and feature sampling ({@link seededRandom}). Default 1. */
  seed?: number;
}

/** A fitted random forest: the mean of its trees. */
export interface RandomForestModel {
  kind: "random-forest";
  target: string;
  encoding: FeatureEncoding;
  trees: TreeArrays[];
  featuresPerSplit: number;
  seed: number;
  nTrain: number;
}

/**
 * A random forest for regression (Breiman 2001): each tree grown by {@link growTree} on a bootstrap sample (drawn
 * with replacement) with `featuresPerSplit` features sampled at every split; the prediction is the trees' mean.
 * One seeded generator draws every tree's bootstrap and feature samples in turn, so the same seed gives the same
 * forest, byte for byte.
 * @throws RangeError naming the option and value (target, predictors, trees, featuresPerSplit, minLeaf, maxDepth,
 *   sampleFraction, seed), or no usable rows.
 * @example
 * const f = fitRandomForest(table, { target: "gldas_sm", trees: 50, seed: 3 });
 * predictRandomForest(f, table);
 */
export function fitRandomForest(table: ColumnTable, options: RandomForestOptions): RandomForestModel {
  const who = "fitRandomForest";
  const predictors = checkTarget(table, options, who);
  const settings = treeSettings(options, who, { minLeaf: 5, maxDepth: 30 });
  const nTrees = options.trees ?? 100;
  const sampleFraction = options.sampleFraction ?? 1;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(nTrees) || nTrees < 1 || nTrees > 2000) throw new RangeError(`${who}: trees must be a whole number 1–2000, got ${nTrees}`);
  if (!(typeof sampleFraction === "number" && sampleFraction > 0 && sampleFraction <= 1)) throw new RangeError(`${who}: sampleFraction must be in (0, 1], got ${sampleFraction}`);
  if (!Number.isInteger(seed) || seed < 0) throw new RangeError(`${who}: seed must be a whole number ≥ 0, got ${seed}`);
  if (options.featuresPerSplit !== undefined && (!Number.isInteger(options.featuresPerSplit) || options.featuresPerSplit < 1)) {
    throw new RangeError(`${who}: featuresPerSplit must be a whole number ≥ 1, got ${options.featuresPerSplit}`);
  }
  const encoding = featureEncoding(table, { predictors });
  const enc = encodeFeatures(table, encoding);
  const { rows } = baselineRows(table, options.target, enc);
  if (rows.length === 0) throw new RangeError(`${who}: no usable rows (target '${options.target}' and every predictor known)`);
  const featuresPerSplit = Math.min(options.featuresPerSplit ?? Math.max(1, Math.floor(enc.nFeatures / 3)), enc.nFeatures);
  const random = seededRandom(seed);
  const size = Math.max(1, Math.round(sampleFraction * rows.length));
  const y = table.columns[options.target] as Float64Array;
  const trees: TreeArrays[] = [];
  for (let t = 0; t < nTrees; t++) {
    const sample = Int32Array.from({ length: size }, () => rows[Math.floor(random() * rows.length)]);
    trees.push(growTree(enc.x, enc.nFeatures, y, sample, { ...settings, featuresPerSplit, random }));
  }
  return { kind: "random-forest", target: options.target, encoding, trees, featuresPerSplit, seed, nTrain: rows.length };
}

/** Predictions of a {@link RandomForestModel}: the mean of the trees (NaN where a predictor is missing or a level unseen). */
export function predictRandomForest(model: RandomForestModel, table: ColumnTable): Float64Array {
  const enc = encodeFeatures(table, model.encoding);
  const out = new Float64Array(table.nRows);
  for (let i = 0; i < table.nRows; i++) {
    if (!enc.valid[i]) { out[i] = NaN; continue; }
    let s = 0;
    for (const tree of model.trees) s += treeValue(tree, enc.x, i * enc.nFeatures);
    out[i] = s / model.trees.length;
  }
  return out;
}
