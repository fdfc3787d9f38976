import { resolveCaseColumns, type UnseenDiscretePolicy } from "./caseColumns";
import { compileRules } from "./compiledRules";
import { instanceCorrection } from "./instanceCorrection";
import type { CubistInstances, CubistModel } from "./model";
import { ruleCommitteePredict, type CoverageMode } from "./ruleCommitteePredict";
import type { ColumnTable } from "./table";
import { validateTable } from "./table";

/** Options of {@link predict}. */
export interface PredictOptions {
  /** Nearest neighbours for the instance-based correction, 0..9. Default: model.options.neighbors. */
  neighbors?: number;
  /** Use only the first K committee members, 1..model.committees.length. Default: all. */
  committees?: number;
  /**
   * Neighbourhood radius MAXD (the neighbour distance scale, in Cubist distance units: each
   * continuous attribute contributes at most 1 = a difference of 5 SD). Default: model.maxd.
   * Required when neighbors > 0 and the model has no maxd.
   */
  maxd?: number;
  /** Training instances for neighbours. Default: model.instances. Required when neighbors > 0. */
  instances?: CubistInstances;
  /**
   * Discrete values the model does not know (only detectable when the attribute's value list is
   * complete): "error" (default) throws naming the column and value; "nan" predicts NaN for
   * those rows and counts them; "missing" treats them as missing (→ the mode) and counts them;
   * "nomatch" lets them fail every condition on the attribute (RuleQuest's behaviour for declared
   * but untrained values) and counts them. (R's Cubist silently predicts 0 here; we never do.)
   */
  unseenDiscrete?: UnseenDiscretePolicy;
  /** Which covering rules to return: "none", "first" (count + first rule; default) or "all" (CSR lists). */
  coverage?: CoverageMode;
  /**
   * Also return each committee member's own rule prediction (before any neighbour correction) in
   * `memberPredictions`, e.g. for the committee spread. Default false. The combined prediction is unchanged.
   */
  members?: boolean;
}

/** Result of {@link predict}. */
export interface CubistPredictResult {
  /** Predictions (float32 values in a Float64Array); NaN only for unseen discrete values with policy "nan". */
  predictions: Float64Array;
  /** Number of covering rules per case over the members used (null with coverage "none"). */
  ruleCount: Int32Array | null;
  /** Flattened (member-major, as in {@link rulesTable}) index of the first covering rule, -1 = none. */
  firstRule: Int32Array | null;
  /** CSR offsets (nRows + 1) into coverRules (coverage "all"). */
  coverOffsets: Int32Array | null;
  /** Flattened indices of all covering rules, per case in rule order (coverage "all"). */
  coverRules: Int32Array | null;
  /**
   * With `members`: per member used, its rule prediction per case (float32 values, no neighbour correction;
   * NaN for rows with an unseen discrete value under policy "nan"); else null.
   */
  memberPredictions: Float64Array[] | null;
  /** Missing predictor cells replaced by the training mean / mode, per column. */
  missingReplaced: Record<string, number>;
  /** Unseen discrete values per column (policies "nan", "missing" and "nomatch"). */
  unseenCounts: Record<string, number>;
  /** Rows whose prediction is NaN because of an unseen discrete value. */
  nanRows: number;
  /** The neighbours, members and MAXD actually used. */
  used: { neighbors: number; committees: number; maxd: number | null };
}

/**
 * Predicts a table with a Cubist model (algorithm description §12 and §13): rules of every
 * committee member (overlapping rules averaged, each clamped to its extrapolation limits), the
 * members averaged, then optionally the nearest-neighbour correction. Missing values are replaced
 * by the training mean (continuous) or mode (discrete), as Cubist does, and counted. Columns not
 * used by the model are ignored (the target may be present).
 *
 * @example
 * const model = readModelFile("concrete/c1_n0.model");
 * const { table } = readCsvFile("concrete/test.csv");
 * const { predictions, firstRule } = predict(model, table);
 * @throws RangeError naming the option for neighbors outside 0..9, committees outside
 *   1..(members), a non-positive maxd, a bad coverage/unseenDiscrete value, or neighbors > 0
 *   without instances or maxd.
 * @throws Error naming the column for a predictor absent from the table, or an unseen discrete
 *   value (policy "error"); TypeError for strings in a continuous column.
 */
export function predict(model: CubistModel, table: ColumnTable, options: PredictOptions = {}): CubistPredictResult {
  const nMembersAll = model.committees.length;
  const neighbors = options.neighbors ?? model.options.neighbors;
  const committees = options.committees ?? nMembersAll;
  const maxd = options.maxd ?? model.maxd;
  const instances = options.instances ?? model.instances;
  const unseen = options.unseenDiscrete ?? "error";
  const coverage = options.coverage ?? "first";
  const members = options.members ?? false;
  if (!Number.isInteger(neighbors) || neighbors < 0 || neighbors > 9) {
    throw new RangeError(`predict: neighbors must be an integer in 0..9, got ${neighbors}`);
  }
  if (nMembersAll < 1) throw new RangeError("predict: the model has no committee members");
  if (!Number.isInteger(committees) || committees < 1 || committees > nMembersAll) {
    throw new RangeError(`predict: committees must be an integer in 1..${nMembersAll} (the model's members), got ${committees}`);
  }
  if (maxd !== null && maxd !== undefined && !(Number.isFinite(maxd) && maxd > 0)) {
    throw new RangeError(`predict: maxd must be a positive finite number, got ${maxd}`);
  }
  if (unseen !== "error" && unseen !== "nan" && unseen !== "missing" && unseen !== "nomatch") {
    throw new RangeError(`predict: unseenDiscrete must be "error", "nan", "missing" or "nomatch", got ${String(unseen)}`);
  }
  if (coverage !== "none" && coverage !== "first" && coverage !== "all") {
    throw new RangeError(`predict: coverage must be "none", "first" or "all", got ${String(coverage)}`);
  }
  if (typeof members !== "boolean") throw new RangeError(`predict: members must be true or false, got ${String(members)}`);
  if (neighbors > 0) {
    if (!instances) throw new RangeError(`predict: neighbors = ${neighbors} needs training instances (options.instances or model.instances)`);
    if (maxd === null || maxd === undefined) throw new RangeError(`predict: neighbors = ${neighbors} needs maxd (options.maxd or model.maxd)`);
    validateTable(instances.table, "predict: instances");
    if (instances.target.length !== instances.table.nRows) {
      throw new RangeError(`predict: instances.target has ${instances.target.length} values, expected ${instances.table.nRows}`);
    }
  }
  validateTable(table, "predict: table");

  const rules = compileRules(model, committees);
  // without neighbours the continuous columns are converted block by block (no float32 copy)
  const cases = resolveCaseColumns(model, table, unseen, "predict: table", undefined, neighbors === 0);
  const res = ruleCommitteePredict(model, rules, cases, coverage, members);
  const predictions = res.predictions;
  let nanRows = 0;
  if (cases.unseenRows) {
    for (let i = 0; i < predictions.length; i++) {
      if (!cases.unseenRows[i]) continue;
      predictions[i] = NaN;
      nanRows++;
      if (res.memberPredictions) for (const mp of res.memberPredictions) mp[i] = NaN;
    }
  }
  if (neighbors > 0 && instances) {
    const inst = resolveCaseColumns(model, instances.table, "missing", "predict: instances", cases.valueLists);
    // values first seen among the instances extend the lists; the cases' codes stay valid
    const instPred = ruleCommitteePredict(model, rules, inst, "none").predictions;
    const targets = new Float64Array(instances.target.length);
    for (let j = 0; j < targets.length; j++) targets[j] = Math.fround(instances.target[j]);
    instanceCorrection({
      model, cases, casePredictions: predictions, instances: inst, instanceTargets: targets,
      instancePredictions: instPred, neighbors, maxd: maxd as number,
    });
  }
  return {
    predictions, ruleCount: res.ruleCount, firstRule: res.firstRule, coverOffsets: res.coverOffsets,
    coverRules: res.coverRules, memberPredictions: res.memberPredictions, missingReplaced: cases.missingReplaced, unseenCounts: cases.unseenCounts,
    nanRows, used: { neighbors, committees, maxd: maxd ?? null },
  };
}
