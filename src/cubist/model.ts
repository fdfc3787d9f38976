/**
 * The in-memory Cubist model: what training produces and what prediction, reports, `.model`
 * files and JSON read. Field meanings follow RuleQuest Cubist 2.07 (see DESIGN.md and the
 * algorithm description §2, §3, §9, §12, §13, §16.3). All numbers are plain JS numbers: a model
 * read from a `.model` file keeps the printed values exactly (e.g. cut 0.66799998), and prediction
 * rounds the values Cubist holds as float32 (cuts, ranges, means, inputs) with Math.fround, so a
 * model predicts identically whether it came from training, a `.model` file or JSON.
 *
 * Producers: `fit` (src/cubist/fit), `parseModelFile`, `modelFromJson`. Consumers: `predict`,
 * `formatReport`, `attributeUsage`, `rulesTable`, `formatModelCard`, `formatModelFile`, `modelToJson`.
 */
import type { ColumnTable } from "./table";

/** A continuous (numeric) attribute with the training statistics prediction needs (§2.3). */
export interface ContinuousAttribute {
  kind: "continuous";
  /** Column name (as in the training table). */
  name: string;
  /**
   * Training mean rounded as Cubist does (`floor(mean·AttPrec + 0.1)/AttPrec`); replaces missing
   * values at prediction time (`.model`: `mean=`).
   */
  mean: number;
  /** Training standard deviation (+1e-6); the unit of neighbour distances (5·sd) and of coefficient importance. */
  sd: number;
  /** Smallest training value. */
  min: number;
  /** Largest training value. */
  max: number;
}

/** A discrete attribute (string values). */
export interface DiscreteAttribute {
  kind: "discrete";
  /** Column name (as in the training table). */
  name: string;
  /**
   * Known values in value-number order (Cubist numbers them 2, 3, ... in this order). For a model
   * read from a `.model` file this is the union of the values the file mentions (mode and
   * conditions) plus any supplied by the reader's `discreteValues` option, so it may be
   * incomplete; {@link DiscreteAttribute.valuesComplete} says so.
   */
  values: string[];
  /** Modal training value; replaces missing values at prediction time (`.model`: `mode=`). */
  mode: string;
  /** Whether the attribute was declared `[ordered]` (affects only neighbour distance: it never contributes). */
  ordered: boolean;
  /**
   * True when {@link values} lists every value the attribute can take (models from training, or
   * `.model` files read with `discreteValues`). When false, prediction cannot tell an unseen value
   * from a legal one absent from the file and treats any value as known (it matches no subset
   * that does not list it).
   */
  valuesComplete: boolean;
}

/** A predictor attribute. */
export type CubistAttribute = ContinuousAttribute | DiscreteAttribute;

/** The target (always continuous). Its `.model` name is `outcome`. */
export interface TargetSummary {
  /** Name of the target column in the user's table (e.g. `medv`); `.model` files call it `outcome`. */
  name: string;
  /** Training mean, rounded like every attribute mean (`.model` `att="outcome" mean=`). */
  mean: number;
  /** Training SD (+1e-6). */
  sd: number;
  /** Smallest training target. */
  min: number;
  /** Largest training target. */
  max: number;
  /** Number of decimals in the target data (0..6); printed means/est errs use `precision + 1` decimals. */
  precision: number;
}

/**
 * One condition of a rule (§12.1 says how a case satisfies it).
 * - `threshold`: continuous `x <= cut` or `x > cut` (missing values were replaced by the mean first);
 * - `notApplicable`: continuous `x = N/A` (never produced from R data; kept for file fidelity);
 * - `equals`: discrete `x = value` (Cubist's binary test, type 1);
 * - `subset`: discrete `x in {values}` (type 3; a one-value subset prints as `x = value`).
 */
export type CubistCondition =
  | { type: "threshold"; attribute: string; cut: number; op: "<=" | ">" }
  | { type: "notApplicable"; attribute: string }
  | { type: "equals"; attribute: string; value: string }
  | { type: "subset"; attribute: string; values: string[] };

/** One term of a rule's linear model. */
export interface CubistTerm {
  /** A continuous attribute name. */
  attribute: string;
  /** Its coefficient (`%.14g` in `.model` files). */
  coefficient: number;
}

/** One rule: conditions → linear model, with its training statistics (§9.4, §16.2). */
export interface CubistRule {
  /** Conditions in stored order (§9.5); the report prints them sorted by attribute then cut. */
  conditions: CubistCondition[];
  /** Number of training cases satisfying the conditions (unweighted). */
  cover: number;
  /** Mean target of the covered cases. */
  mean: number;
  /** Smallest target of the covered cases (LoVal). */
  loVal: number;
  /** Largest target of the covered cases (HiVal). */
  hiVal: number;
  /** Estimated error (penalised mean absolute error of the rule's model on its cases). */
  estErr: number;
  /** Intercept of the linear model. */
  intercept: number;
  /** Non-zero terms in attribute order (as stored in `.model` files). */
  terms: CubistTerm[];
}

/** The rules of one committee member. */
export interface CubistRuleSet {
  rules: CubistRule[];
}

/**
 * Resolved training options (R `cubist()` / `cubistControl()` semantics), printed on the model card.
 */
export interface CubistOptions {
  /** Number of committee members, 1..100 (default 1). */
  committees: number;
  /** Maximum number of rules per member (default 100). */
  rules: number;
  /** Extrapolation in percent, 0..100 (default 100); `.model` stores `extrap` as a fraction. */
  extrapolation: number;
  /** The "unbiased rules" option (default false). */
  unbiased: boolean;
  /** Percentage of training rows sampled, 0 = off (default 0). */
  sample: number;
  /** Seed of the sampler (used only when sample > 0; default 0). */
  seed: number;
  /** Default number of neighbours for prediction, 0..9 (default 0). */
  neighbors: number;
}

/** Default option values (the R package's). */
export const DEFAULT_CUBIST_OPTIONS: Readonly<CubistOptions> = Object.freeze({
  committees: 1, rules: 100, extrapolation: 100, unbiased: false, sample: 0, seed: 0, neighbors: 0,
});

/**
 * The training cases used by the instance-based correction (§13): the training table (raw values;
 * missing values are replaced by attribute means/modes when the instances are prepared) and its targets.
 */
export interface CubistInstances {
  /** Training predictors by attribute name. */
  table: ColumnTable;
  /** Training targets (same length as `table.nRows`). */
  target: Float64Array;
}

/** A complete Cubist model. */
export interface CubistModel {
  /** The `.model` `id=` text (e.g. `Cubist 2.07 GPL Edition 2026-11-23`), or our own. */
  id: string;
  /** Target summary. */
  target: TargetSummary;
  /** Predictor attributes in training-column order. */
  attributes: CubistAttribute[];
  /** Prediction when no rule covers a case (weighted training mean, float32). */
  globalMean: number;
  /** Lowest allowed prediction (Floor, §2.3). */
  floor: number;
  /** Highest allowed prediction (Ceiling, §2.3). */
  ceiling: number;
  /** Committee members (length = options.committees, or fewer if a file says so). */
  committees: CubistRuleSet[];
  /** Resolved options. */
  options: CubistOptions;
  /**
   * Neighbourhood radius MAXD (§13.2) in distance units, or null when unknown. R stores it with one
   * decimal; predictions with neighbours use it.
   */
  maxd: number | null;
  /** `redn` of committee models (training error reduction), or null. Informational only. */
  redn: number | null;
  /** Number of training cases (after sampling), or null when unknown (a `.model` file does not say). */
  nTrainingCases: number | null;
  /** Training cases for the neighbour correction, or undefined when not attached. */
  instances?: CubistInstances;
}

/** Number of rules per committee member. */
export function rulesPerCommittee(model: CubistModel): number[] {
  return model.committees.map((c) => c.rules.length);
}

/**
 * A rule's prediction limits [LoLim, HiLim] (§9.4): its data range widened by the extrapolation
 * fraction on both sides, clipped to 0 when crossing zero from a non-negative (non-positive) range.
 * Values are float32 as in Cubist.
 */
export function ruleLimits(rule: CubistRule, extrapolationPercent: number): [number, number] {
  const e = extrapolationPercent / 100;
  const f = Math.fround;
  const lo = f(rule.loVal), hi = f(rule.hiVal);
  const range = f(hi - lo);
  let loLim = f(lo - e * range);
  if (loLim < 0 && lo >= 0) loLim = 0;
  let hiLim = f(hi + e * range);
  if (hiLim > 0 && hi <= 0) hiLim = 0;
  return [loLim, hiLim];
}
