/**
 * Training a Cubist model (RuleQuest Cubist 2.07 as bundled in the R package `Cubist`),
 * re-implemented from the algorithm description: tree growing on local-model residuals, node
 * models with backward elimination, smoothing, pruning with the rules cap, rule formation,
 * committees and Cubist's own sampler.
 */
import { trainCommittees } from "./committees";
import { computeGlobalStatistics } from "./globalStatistics";
import { DEFAULT_CUBIST_OPTIONS, type CubistModel, type CubistOptions } from "./model";
import { neighbourRadius } from "./neighbourRadius";
import { CubistRandom } from "./randomGenerator";
import { sampleRows } from "./sampleRows";
import { isContinuousColumn, validateTable, type ColumnTable } from "./table";
import { toCubistModel } from "./toCubistModel";
import { buildTrainingData } from "./trainingData";

/** Options of {@link fit} (R `cubist()` / `cubistControl()` semantics and defaults). */
export interface FitOptions {
  /** Name of the (numeric) target column. Required. */
  target: string;
  /** Predictor columns in order (default: every other column of the table, in table order). */
  predictors?: string[];
  /** Number of committee members, integer 1..100 (default 1). */
  committees?: number;
  /** Maximum number of rules per member, integer 1..1,000,000 (default 100). */
  rules?: number;
  /** Extrapolation in percent, 0..100 (default 100). */
  extrapolation?: number;
  /** "Unbiased rules" option (default false). */
  unbiased?: boolean;
  /** Percentage of rows to sample, 0 ≤ sample < 100; 0 = all rows (default 0). */
  sample?: number;
  /** Seed of Cubist's sampler, integer ≥ 0 (default 0; used only when sample > 0). */
  seed?: number;
  /** Default number of neighbours recorded in the model for prediction, integer 0..9 (default 0). */
  neighbors?: number;
  /**
   * Case weights: a numeric column name or one value per table row. Non-finite or non-positive
   * weights count as 1; the others are divided by their mean (Cubist's `case weight`, §2.5).
   */
  weights?: string | Float64Array;
  /**
   * Value lists of discrete columns in value-number order (decides tie-breaks and printed subset
   * order). Default: the distinct training values sorted byte-wise (C locale), as the reference
   * datasets were prepared. Values missing from a supplied list are an error.
   */
  discreteValues?: Record<string, string[]>;
  /** Optional sink for a verbose trace (node evaluations, model simplification, pruning, rule pruning). */
  trace?: (line: string) => void;
}

/** Counts of what {@link fit} did with the input rows (NaN policy: nothing is dropped silently). */
export interface FitSummary {
  /** Rows in the table. */
  rows: number;
  /** Rows selected by `sample` (all rows when sample = 0). */
  sampledRows: number;
  /** Selected rows dropped because their target is missing (NaN), as Cubist does. */
  droppedMissingTarget: number;
  /** Training cases used. */
  trainingCases: number;
  /** Unknown predictor values replaced by the training mean / mode, per predictor. */
  replacedUnknowns: Record<string, number>;
}

function checkInt(name: string, v: number, lo: number, hi: number): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(`${name} must be an integer in ${lo}..${hi}, got ${String(v)}`);
  }
}

/**
 * Resolves and validates fit options (no data touched).
 * @throws RangeError / TypeError naming the option and the bad value.
 */
export function resolveFitOptions(options: FitOptions): CubistOptions {
  if (!options || typeof options !== "object") throw new TypeError(`fit: options must be an object, got ${String(options)}`);
  if (typeof options.target !== "string" || options.target === "") {
    throw new TypeError(`target must be a column name, got ${String(options.target)}`);
  }
  const o: CubistOptions = {
    committees: options.committees ?? DEFAULT_CUBIST_OPTIONS.committees,
    rules: options.rules ?? DEFAULT_CUBIST_OPTIONS.rules,
    extrapolation: options.extrapolation ?? DEFAULT_CUBIST_OPTIONS.extrapolation,
    unbiased: options.unbiased ?? DEFAULT_CUBIST_OPTIONS.unbiased,
    sample: options.sample ?? DEFAULT_CUBIST_OPTIONS.sample,
    seed: options.seed ?? DEFAULT_CUBIST_OPTIONS.seed,
    neighbors: options.neighbors ?? DEFAULT_CUBIST_OPTIONS.neighbors,
  };
  checkInt("committees", o.committees, 1, 100);
  checkInt("rules", o.rules, 1, 1000000);
  if (typeof o.extrapolation !== "number" || !(o.extrapolation >= 0 && o.extrapolation <= 100)) {
    throw new RangeError(`extrapolation must be a percentage in 0..100, got ${String(o.extrapolation)}`);
  }
  if (typeof o.unbiased !== "boolean") throw new TypeError(`unbiased must be a boolean, got ${String(o.unbiased)}`);
  if (typeof o.sample !== "number" || !(o.sample >= 0 && o.sample < 100)) {
    throw new RangeError(`sample must be a percentage with 0 <= sample < 100, got ${String(o.sample)}`);
  }
  checkInt("seed", o.seed, 0, 2147483647 - 1000);
  checkInt("neighbors", o.neighbors, 0, 9);
  if (options.predictors !== undefined && (!Array.isArray(options.predictors) || options.predictors.some((p) => typeof p !== "string"))) {
    throw new TypeError(`predictors must be an array of column names, got ${String(options.predictors)}`);
  }
  if (options.weights !== undefined && typeof options.weights !== "string" && !(options.weights instanceof Float64Array)) {
    throw new TypeError(`weights must be a column name or a Float64Array, got ${String(options.weights)}`);
  }
  return o;
}

/**
 * Fits a Cubist model to a column table.
 *
 * Rows whose target is missing (NaN) are dropped and counted (Cubist's behaviour); see
 * {@link fitWithSummary} for the counts. Missing predictor values are replaced by the training
 * mean (continuous) or mode (discrete), as Cubist does.
 *
 * @param table training data by column (numeric columns are continuous, string columns discrete)
 * @param options see {@link FitOptions}; defaults are the R package's
 * @returns the model (rules per committee member, attribute statistics, resolved options, MAXD)
 * @throws RangeError for an option out of range (the message names it and the value), an infinite
 *   target or predictor value, or fewer than 2 usable training cases; TypeError for a missing or
 *   non-numeric target column or an unknown predictor.
 * @example
 * const { table } = readCsvTable("x,y\n1,2\n2,4.1\n3,5.9\n4,8.2\n5,9.9\n6,12.1\n");
 * const model = fit(table, { target: "y" });
 * model.committees[0].rules.length; // 1
 */
export function fit(table: ColumnTable, options: FitOptions): CubistModel {
  return fitWithSummary(table, options).model;
}

/** {@link fit}, also returning what happened to the input rows. */
export function fitWithSummary(table: ColumnTable, options: FitOptions): { model: CubistModel; summary: FitSummary } {
  const resolved = resolveFitOptions(options);
  validateTable(table, "fit: table");
  const target = options.target;
  const targetCol = table.columns[target];
  if (targetCol === undefined) throw new TypeError(`target column '${target}' is not in the table`);
  if (!isContinuousColumn(targetCol)) throw new TypeError(`target column '${target}' must be numeric`);
  const predictors = options.predictors ?? Object.keys(table.columns).filter((c) => c !== target && c !== options.weights);
  for (const p of predictors) {
    if (table.columns[p] === undefined) throw new TypeError(`predictor column '${p}' is not in the table`);
    if (p === target) throw new RangeError(`predictors must not include the target '${target}'`);
  }
  let weights: Float64Array | null = null;
  if (typeof options.weights === "string") {
    const wc = table.columns[options.weights];
    if (!wc || !isContinuousColumn(wc)) throw new TypeError(`weights column '${options.weights}' must be a numeric column of the table`);
    weights = wc;
  } else if (options.weights) {
    if (options.weights.length !== table.nRows) {
      throw new RangeError(`weights must have one value per row (${table.nRows}), got ${options.weights.length}`);
    }
    weights = options.weights;
  }

  const rng = new CubistRandom();
  let selected: Int32Array;
  if (resolved.sample > 0) selected = sampleRows(table.nRows, resolved.sample, resolved.seed, rng);
  else {
    selected = new Int32Array(table.nRows);
    for (let i = 0; i < table.nRows; i++) selected[i] = i;
  }
  const keep = new Int32Array(selected.length);
  let nKeep = 0;
  let dropped = 0;
  for (let k = 0; k < selected.length; k++) {
    const r = selected[k];
    const v = targetCol[r];
    if (Number.isNaN(v)) { dropped++; continue; }
    if (!Number.isFinite(v)) throw new RangeError(`target '${target}' has an infinite value at row ${r + 1}`);
    keep[nKeep++] = r;
  }
  if (nKeep < 2) {
    throw new RangeError(`fit: need at least 2 training cases with a known target, got ${nKeep} (table rows ${table.nRows}, missing target ${dropped})`);
  }
  const rows = keep.subarray(0, nKeep);
  const data = buildTrainingData(table, {
    target, predictors, rows, weights, discreteValues: options.discreteValues ?? {},
  });
  const gs = computeGlobalStatistics(data, resolved.rules, resolved.extrapolation);
  const { members, redn } = trainCommittees(data, gs, {
    committees: resolved.committees, maxRules: resolved.rules, unbiased: resolved.unbiased, trace: options.trace,
  });
  const maxd = Math.round(neighbourRadius(data, rng) * 10) / 10;

  // instances for the neighbour correction: all rows with a known target (R uses the full data,
  // not the sample); the table's own columns are shared when no row was dropped
  let nKnown = 0;
  for (let r = 0; r < table.nRows; r++) if (!Number.isNaN(targetCol[r])) nKnown++;
  const instColumns: ColumnTable["columns"] = {};
  let instTarget: Float64Array;
  if (nKnown === table.nRows) {
    for (const p of predictors) instColumns[p] = table.columns[p];
    instTarget = targetCol;
  } else {
    const allRows = new Int32Array(nKnown);
    for (let r = 0, k = 0; r < table.nRows; r++) if (!Number.isNaN(targetCol[r])) allRows[k++] = r;
    for (const p of predictors) {
      const col = table.columns[p];
      if (isContinuousColumn(col)) {
        const out = new Float64Array(nKnown);
        for (let k = 0; k < nKnown; k++) out[k] = col[allRows[k]];
        instColumns[p] = out;
      } else {
        const out: (string | null)[] = new Array(nKnown);
        for (let k = 0; k < nKnown; k++) out[k] = col[allRows[k]];
        instColumns[p] = out;
      }
    }
    instTarget = new Float64Array(nKnown);
    for (let k = 0; k < nKnown; k++) instTarget[k] = targetCol[allRows[k]];
  }
  const instances = { table: { columns: instColumns, nRows: nKnown }, target: instTarget };

  const model = toCubistModel({ data, gs, members, options: resolved, maxd, redn, instances });
  const replacedUnknowns: Record<string, number> = {};
  predictors.forEach((p, k) => { replacedUnknowns[p] = data.unknownCounts[k + 1]; });
  return {
    model,
    summary: {
      rows: table.nRows,
      sampledRows: selected.length,
      droppedMissingTarget: dropped,
      trainingCases: data.n,
      replacedUnknowns,
    },
  };
}
