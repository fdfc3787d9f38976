import { runFitTask, runFitTasks } from "../cubist/fitPool";
import type { FitData, FitTask, FitTaskResult, RunFitTasksOptions, FitPoolOptions } from "../cubist/fitPool";
import { selectTableRows, type ColumnTable } from "../cubist/table";
import { compareSeries } from "../metrics/compareSeries";
import { maskUnknownPredictors } from "./maskUnknownPredictors";

/** Which predictor sets {@link variableSelection} fits. */
export type SelectionDesign = "drop-one" | "add-one" | "all-subsets";

/** Options of {@link variableSelection}. */
export interface VariableSelectionOptions {
  /** Target column. Required. */
  target: string;
  /** The candidate predictor columns (the workbook passes the six of the study, `predictorVariables(PAPER_STUDY)`). Required. */
  candidates: readonly string[];
  /**
   * Sets to fit, besides all candidates together (always first): `drop-one` (all but one, per candidate),
   * `add-one` (`base` plus one more, per candidate not in `base`), `all-subsets` (every non-empty subset, 2ᵏ − 1,
   * at most 12 candidates). Default `["drop-one", "add-one"]`.
   */
  designs?: readonly SelectionDesign[];
  /** Starting set of the add-one design (candidate names). Default [] (each candidate alone). */
  base?: readonly string[];
  /** Cubist settings per fit. Default `{ rules: 59, committees: 1, neighbors: 0 }` (the paper's model). */
  cubist?: { rules?: number; committees?: number; neighbors?: number };
  /**
   * Fold (0…k−1) of each calibration row for grouped cross-validation (e.g. `groupFolds(points, { folds: 3 })` of the
   * workbook, so a point's days stay in one fold); absent: no cross-validation (cvRmse NaN).
   */
  folds?: Int32Array;
  /** Called after each set with its row (progress). */
  onSet?: (row: VariableSelectionRow, index: number, total: number) => void;
  /** Called with each fitted set's full model as JSON (without instances), in set order; e.g. to apply it at 1 km. Default none. */
  onModel?: (label: string, json: string) => void;
}

/** One predictor set's result (plain values: `new dfd.DataFrame(rows)` works). */
export interface VariableSelectionRow {
  /** The set's predictors joined by "+". */
  label: string;
  /** `all`, `drop-one`, `add-one` or `subset` (all-subsets design). */
  design: "all" | SelectionDesign | "subset";
  /** The candidate left out (drop-one) or added (add-one); "" otherwise. */
  changed: string;
  predictors: number;
  /** `ok`, or `failed` (metrics NaN, `error` says why): one failed fit does not stop the batch. */
  status: "ok" | "failed";
  error: string;
  /** Rules in the fitted model (all committee members). */
  rules: number;
  calibrationR: number;
  calibrationRmse: number;
  calibrationSlope: number;
  validationN: number;
  validationR: number;
  validationRmse: number;
  validationBias: number;
  validationSlope: number;
  /** Share of validation rows that get a prediction (a row needs every chosen predictor known). */
  validationCoverage: number;
  /** Mean held-out RMSE over the folds, and its standard error (sd / √k); NaN without `folds`. */
  cvRmse: number;
  cvRmseSe: number;
  fitSeconds: number;
}

/** The predictor sets of a design, all candidates first (candidate order kept inside each set). */
export function selectionSets(candidates: readonly string[], designs: readonly SelectionDesign[], base: readonly string[] = []): { set: string[]; design: VariableSelectionRow["design"]; changed: string }[] {
  const out: { set: string[]; design: VariableSelectionRow["design"]; changed: string }[] = [{ set: [...candidates], design: "all", changed: "" }];
  const seen = new Set([candidates.join("+")]);
  const push = (set: string[], design: VariableSelectionRow["design"], changed: string) => {
    const key = set.join("+");
    if (set.length && !seen.has(key)) { seen.add(key); out.push({ set, design, changed }); }
  };
  for (const d of designs) {
    if (d === "drop-one") for (const c of candidates) push(candidates.filter((x) => x !== c), d, c);
    else if (d === "add-one") for (const c of candidates) { if (!base.includes(c)) push(candidates.filter((x) => x === c || base.includes(x)), d, c); }
    else for (let mask = (1 << candidates.length) - 1; mask >= 1; mask--) push(candidates.filter((_, j) => mask & (1 << j)), "subset", "");
  }
  return out;
}

/** The fits of a selection: sets, shared data and tasks (per set: its full fit, then one per non-empty fold). */
interface SelectionPlan {
  target: string;
  sets: { set: string[]; design: VariableSelectionRow["design"]; changed: string }[];
  data: FitData;
  tasks: FitTask[];
  perSet: number;
}

function selectionPlan(calibration: ColumnTable, validation: ColumnTable, options: VariableSelectionOptions, who: string): SelectionPlan {
  const designs = options.designs ?? ["drop-one", "add-one"];
  const base = options.base ?? [];
  if (!options || typeof options.target !== "string" || options.target === "") throw new RangeError(`${who}: target must name a column, got ${JSON.stringify(options?.target)}`);
  const target: string = options.target;
  const candidates: readonly string[] = options.candidates;
  if (!Array.isArray(candidates) || candidates.length === 0) throw new RangeError(`${who}: candidates must list at least one column, got ${JSON.stringify(candidates)}`);
  if (new Set(candidates).size !== candidates.length) throw new RangeError(`${who}: candidates names a column twice: ${JSON.stringify(candidates)}`);
  const needed: string[] = [...candidates, target];
  for (const [name, t] of [["calibration", calibration], ["validation", validation]] as [string, ColumnTable][]) {
    for (const col of needed) if (!(col in t.columns)) throw new RangeError(`${who}: the ${name} table has no column '${col}' (candidates/target)`);
  }

  for (const d of designs) if (!["drop-one", "add-one", "all-subsets"].includes(d)) throw new RangeError(`${who}: designs has '${d}', not drop-one, add-one or all-subsets`);
  if (designs.includes("all-subsets") && candidates.length > 12) throw new RangeError(`${who}: all-subsets takes at most 12 candidates, got ${candidates.length}`);
  for (const b of base) if (!candidates.includes(b)) throw new RangeError(`${who}: base has '${b}', not one of the candidates`);
  const folds = options.folds;
  let k = 0;
  if (folds !== undefined) {
    if (!(folds instanceof Int32Array) || folds.length !== calibration.nRows) throw new RangeError(`${who}: folds must be an Int32Array with one fold per calibration row (${calibration.nRows}), got ${folds instanceof Int32Array ? folds.length : typeof folds}`);
    for (const f of folds) { if (f < 0) throw new RangeError(`${who}: folds must be whole numbers ≥ 0, got ${f}`); k = Math.max(k, f + 1); }
  }
  const cubist = { rules: 59, committees: 1, neighbors: 0, ...options.cubist };
  const sets = selectionSets(candidates, designs, base);
  // data: table 0 = calibration, 1 = validation; row sets 2f / 2f+1 = fold f's fit rows / held-out rows
  const rowSets: Int32Array[] = [];
  const foldIds: number[] = [];
  if (folds && k >= 2) {
    for (let f = 0; f < k; f++) {
      const inFold: number[] = [], outFold: number[] = [];
      for (let i = 0; i < folds.length; i++) (folds[i] === f ? inFold : outFold).push(i);
      if (!inFold.length || !outFold.length) continue;
      foldIds.push(rowSets.length);
      rowSets.push(Int32Array.from(outFold), Int32Array.from(inFold));
    }
  }
  const withModel = options.onModel !== undefined;
  const tasks: FitTask[] = [];
  for (const { set } of sets) {
    tasks.push({ fit: { table: 0 }, target, predictors: set, cubist, predict: [{ table: 0 }, { table: 1 }], withModel });
    for (const r of foldIds) tasks.push({ fit: { table: 0, rows: r }, target, predictors: set, cubist, predict: [{ table: 0, rows: r + 1 }] });
  }
  return { target, sets, data: { tables: [calibration, validation], rowSets }, tasks, perSet: 1 + foldIds.length };
}

/** One set's row from its task results (`results[0]` the full fit, then the folds'); a thrown error → `failed`. */
function assembleRow(p: SelectionPlan, index: number, results: (FitTaskResult | Error)[]): VariableSelectionRow {
  const { set, design, changed } = p.sets[index];
  const row: VariableSelectionRow = {
    label: set.join("+"), design, changed, predictors: set.length, status: "ok", error: "", rules: NaN,
    calibrationR: NaN, calibrationRmse: NaN, calibrationSlope: NaN, validationN: 0, validationR: NaN, validationRmse: NaN,
    validationBias: NaN, validationSlope: NaN, validationCoverage: NaN, cvRmse: NaN, cvRmseSe: NaN, fitSeconds: NaN,
  };
  const failed = results.find((r) => r instanceof Error || r.error !== undefined);
  if (failed) {
    row.status = "failed";
    row.error = failed instanceof Error ? failed.message : (failed.error as string);
    return row;
  }
  try {
    scoreRow(p, index, results as FitTaskResult[], row);
  } catch (e) {
    row.status = "failed";
    row.error = e instanceof Error ? e.message : String(e);
  }
  return row;
}

function scoreRow(p: SelectionPlan, index: number, results: FitTaskResult[], row: VariableSelectionRow): void {
  const { set } = p.sets[index];
  const [main, ...foldResults] = results;
  const [calibration, validation] = p.data.tables;
  row.fitSeconds = main.fitSeconds;
  row.rules = main.rules;
  const [pc, pv] = main.predictions;
  maskUnknownPredictors(pc, calibration, set);
  const c = compareSeries(pc, calibration.columns[p.target] as Float64Array);
  Object.assign(row, { calibrationR: c.r, calibrationRmse: c.rmse, calibrationSlope: c.slope });
  const predicted = maskUnknownPredictors(pv, validation, set);
  const v = compareSeries(pv, validation.columns[p.target] as Float64Array);
  Object.assign(row, { validationN: v.n, validationR: v.r, validationRmse: v.rmse, validationBias: v.bias, validationSlope: v.slope, validationCoverage: validation.nRows ? predicted / validation.nRows : NaN });
  if (foldResults.length) {
    const yCal = calibration.columns[p.target] as Float64Array;
    const scores = foldResults.map((r, j) => {
      const rows = p.data.rowSets[(p.tasks[index * p.perSet + 1 + j].predict[0].rows as number)];
      const held = selectTableRows(calibration, set, rows, "variableSelection");
      const ph = r.predictions[0];
      maskUnknownPredictors(ph, held, set);
      return compareSeries(ph, Float64Array.from(rows, (i) => yCal[i])).rmse;
    });
    const mean = scores.reduce((s, x) => s + x, 0) / scores.length;
    const sd = Math.sqrt(scores.reduce((s, x) => s + (x - mean) ** 2, 0) / (scores.length - 1));
    row.cvRmse = mean;
    row.cvRmseSe = sd / Math.sqrt(scores.length);
  }
}

/**
 * The students' variable-selection experiment: Cubist refitted on each predictor set (all candidates, then the
 * designs' sets: drop-one, add-one, or all subsets) on the calibration table, with calibration and validation r,
 * RMSE, bias and slope (pairs masked jointly; no prediction where a chosen predictor is unknown, as on the maps), the rule count, the validation coverage and, given `folds`, the
 * grouped cross-validation RMSE with its standard error. Each set has its own status, so a failing fit gives one
 * `failed` row and the batch goes on. Runs in this thread; {@link variableSelectionParallel} gives the same rows on worker threads.
 * @throws RangeError naming the option and value: no target, no or repeated candidates, a candidate or target that is
 *   not a column, an unknown design, more than 12 candidates for all-subsets, a base name not among the candidates,
 *   folds of the wrong length or not whole numbers ≥ 0.
 * @example
 * const rows = variableSelection(train, validation, { target: "gldas_sm", candidates: ["ascat_sm", "amsr2_sm", "lst", "ndvi", "landcover", "dem"] });
 * rows.find((r) => r.changed === "lst" && r.design === "drop-one")?.validationRmse;
 */
export function variableSelection(calibration: ColumnTable, validation: ColumnTable, options: VariableSelectionOptions): VariableSelectionRow[] {
  const p = selectionPlan(calibration, validation, options, "variableSelection");
  const rows: VariableSelectionRow[] = [];
  p.sets.forEach((s, index) => {
    const results: (FitTaskResult | Error)[] = [];
    for (let j = 0; j < p.perSet; j++) {
      try {
        results.push(runFitTask(p.data, p.tasks[index * p.perSet + j]));
      } catch (e) {
        results.push(e instanceof Error ? e : new Error(String(e)));
        break;
      }
    }
    const row = assembleRow(p, index, results);
    if (row.status === "ok") options.onModel?.(row.label, results[0] instanceof Error ? "" : (results[0].model as string));
    rows.push(row);
    options.onSet?.(row, index, p.sets.length);
  });
  return rows;
}

/** Options of {@link variableSelectionParallel}: those of {@link variableSelection} and the pool's (`workers`, `projectRoot`). */
export interface VariableSelectionParallelOptions extends VariableSelectionOptions, FitPoolOptions {}

/**
 * {@link variableSelection} with its independent fits (each set's full fit and fold fits) on a pool of worker
 * threads ({@link runFitTasks}): the rows are the in-thread ones, field for field (fitSeconds aside; tested with 2
 * workers). A fit that fails in a worker gives its set a `failed` row, as in-thread. `onSet` is called in set order
 * once all fits are done.
 * @throws RangeError as {@link variableSelection}, and for bad workers or projectRoot
 * @example const rows = await variableSelectionParallel(train, validation, { target: "gldas_sm", candidates, designs: ["all-subsets"], folds, workers: 2 });
 */
export async function variableSelectionParallel(calibration: ColumnTable, validation: ColumnTable, options: VariableSelectionParallelOptions): Promise<VariableSelectionRow[]> {
  const who = "variableSelectionParallel";
  const p = selectionPlan(calibration, validation, options, who);
  const results = await runFitTasks(p.data, p.tasks, { workers: options.workers, projectRoot: options.projectRoot, who, keepErrors: true });
  const rows = p.sets.map((_, index) => assembleRow(p, index, results.slice(index * p.perSet, (index + 1) * p.perSet)));
  rows.forEach((row, index) => {
    if (row.status === "ok") options.onModel?.(row.label, results[index * p.perSet].model as string);
    options.onSet?.(row, index, p.sets.length);
  });
  return rows;
}
