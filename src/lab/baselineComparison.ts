import { fitRandomForest } from "../baselines/randomForest";
import type { RandomForestOptions } from "../baselines/randomForest";
import { fitRegressionTree } from "../baselines/regressionTree";
import type { RegressionTreeOptions } from "../baselines/regressionTree";
import { fitLinearRegression } from "../baselines/linearRegression";
import { predictBaseline } from "../baselines/predictBaseline";
import { fit } from "../cubist/fit";
import { predict } from "../cubist/predict";
import { selectTableRows, type ColumnTable } from "../cubist/table";
import { compareSeries } from "../metrics/compareSeries";
import { maskUnknownPredictors } from "./maskUnknownPredictors";

/** The methods {@link baselineComparison} can fit. */
export const COMPARISON_METHODS = ["cubist", "linear-regression", "regression-tree", "random-forest"] as const;
export type ComparisonMethod = (typeof COMPARISON_METHODS)[number];

/**
 * The 1 km skill sample of {@link BaselineComparisonOptions.fine}: pixel-days with the predictors (the columns of
 * `table`, NaN / null when missing), the 1 km truth and optionally a reference product on the same pixel-days
 * (e.g. GLDAS at its cell). The workbook builds it with `fineSkillSample` (src/workbook).
 */
export interface FineSkillTable {
  table: ColumnTable;
  /** The truth (m³ m⁻³) per row; NaN where unknown. */
  truth: Float64Array;
  /** The reference product per row (NaN where unknown), scored as the method `gldas-at-cell`; null for none. */
  reference?: Float64Array | null;
}

/** Options of {@link baselineComparison}. */
export interface BaselineComparisonOptions {
  /** Target column (GLDAS soil moisture in the workbook). Required. */
  target: string;
  /** Predictor columns, the same for every method. Required. */
  predictors: readonly string[];
  /** Methods to fit, in table order. Default all four ({@link COMPARISON_METHODS}). */
  methods?: readonly ComparisonMethod[];
  /** Cubist settings. Default `{ rules: 59, committees: 1, neighbors: 0 }` (the paper's model). */
  cubist?: { rules?: number; committees?: number; neighbors?: number };
  /** Regression tree settings (minLeaf, maxDepth). Default the tree's own (5, 12). */
  tree?: Omit<RegressionTreeOptions, "target" | "predictors">;
  /** Random forest settings (trees, featuresPerSplit, minLeaf, maxDepth, sampleFraction, seed). Default the forest's own. */
  forest?: Omit<RandomForestOptions, "target" | "predictors">;
  /**
   * Grouped cross-validation: the fold (0…k−1) of each calibration row, e.g. `groupFolds(points, { folds: 5 })`.
   * Adds one `grouped CV` row per method: each fold refitted without its rows and predicting them; RMSE is the mean
   * of the k held-out RMSEs with its standard error (as notebook 08's variable selection), r, bias and slope come
   * from the pooled held-out predictions. Default none.
   */
  folds?: Int32Array;
  /**
   * The 1 km skill sample (pixel-days with predictors and truth). Adds one `1 km truth` row per method, scored on the
   * pixel-days where the truth, every predictor and the reference (when given) are known and every discrete value was
   * seen in calibration — the same pairs for every method — and, with a reference, the row `gldas-at-cell` (the
   * reference itself against the truth). Default none.
   */
  fine?: FineSkillTable;
}

/** The data sets of a {@link BaselineComparisonRow}. */
export type ComparisonSet = "calibration" | "validation" | "grouped CV" | "1 km truth";

/** One row of the comparison table: one method on one data set (plain values: `new dfd.DataFrame(rows)` works). */
export interface BaselineComparisonRow {
  /** The method; `gldas-at-cell` is the reference product of `fine` (only on the `1 km truth` set). */
  method: ComparisonMethod | "gldas-at-cell";
  set: ComparisonSet;
  /** `ok`, or `failed` when the method's fit failed (metrics NaN, `error` says why). */
  status: "ok" | "failed";
  /** Jointly valid prediction/target pairs. */
  n: number;
  r: number;
  /** m³ m⁻³ for soil moisture (the target's unit); on `grouped CV` the mean of the folds' RMSEs. */
  rmse: number;
  /** Standard error of the folds' RMSE (sd / √k) on `grouped CV`; NaN on the other sets. */
  rmseSe: number;
  /** mean(prediction − target). */
  bias: number;
  /** OLS slope of the prediction on the target. */
  slope: number;
  /** Wall seconds of the fit on the whole calibration table (the same on every row of a method); on `grouped CV` all k fold fits. */
  fitSeconds: number;
  /** Wall seconds to predict this set (on `grouped CV`: all folds). */
  applySeconds: number;
  error: string;
}

/**
 * Fits Cubist and the baselines (multiple linear regression, a CART tree, a random forest) on the same calibration
 * table and evaluates each on the calibration and validation tables with the project's metrics (r, RMSE, bias,
 * slope; pairs masked jointly; like the baselines, Cubist gives no prediction where a predictor is unknown); with
 * `folds`, by grouped cross-validation too; with `fine`, against the 1 km truth on the same pixel-days for every
 * method, next to the reference product (GLDAS at its cell). A failing method gives `failed` rows and the others go on.
 * @throws RangeError naming the option and value: no target, no predictors, an unknown method; a table without the
 *   target; folds of the wrong length or not whole numbers ≥ 0; a fine sample without a predictor column or with
 *   truth/reference of the wrong length.
 * @example
 * const rows = baselineComparison(train, validation, { target: "gldas_sm", predictors: ["ascat_sm", "amsr2_sm", "lst", "ndvi", "landcover", "dem"] });
 * new dfd.DataFrame(rows);
 */
export function baselineComparison(calibration: ColumnTable, validation: ColumnTable, options: BaselineComparisonOptions): BaselineComparisonRow[] {
  const who = "baselineComparison";
  if (!options || typeof options.target !== "string" || options.target === "") throw new RangeError(`${who}: target must name a column, got ${JSON.stringify(options?.target)}`);
  const methods = options.methods ?? COMPARISON_METHODS;
  if (!Array.isArray(options.predictors) || options.predictors.length === 0) throw new RangeError(`${who}: predictors must list at least one column, got ${JSON.stringify(options.predictors)}`);
  for (const m of methods) if (!(COMPARISON_METHODS as readonly string[]).includes(m)) throw new RangeError(`${who}: methods has '${m}', not one of ${COMPARISON_METHODS.join(", ")}`);
  for (const [name, t] of [["calibration", calibration], ["validation", validation]] as const) {
    if (!(t.columns[options.target] instanceof Float64Array)) throw new RangeError(`${who}: the ${name} table has no numeric target column '${options.target}'`);
  }
  const predictors = [...options.predictors];
  const foldRows = options.folds === undefined ? null : foldRowSets(options.folds, calibration.nRows);
  const fine = options.fine === undefined ? null : finePairs(options.fine, predictors, calibration);
  const cubist = { rules: 59, committees: 1, neighbors: 0, ...options.cubist };
  const yCal = calibration.columns[options.target] as Float64Array;
  const empty = { n: 0, r: NaN, rmse: NaN, rmseSe: NaN, bias: NaN, slope: NaN };
  const rows: BaselineComparisonRow[] = [];
  const sets: ComparisonSet[] = ["calibration", "validation", ...(foldRows ? ["grouped CV" as const] : []), ...(fine ? ["1 km truth" as const] : [])];
  for (const method of methods) {
    /** Fits the method on `table`; returns its predictor (Cubist masked where a predictor is unknown). */
    const train = (table: ColumnTable): ((t: ColumnTable) => Float64Array) => {
      const base = { target: options.target, predictors };
      if (method === "cubist") {
        const model = fit(table, { ...base, rules: cubist.rules, committees: cubist.committees, neighbors: cubist.neighbors });
        return (t) => {
          const p = predict(model, t, { unseenDiscrete: "nan", coverage: "none" }).predictions;
          maskUnknownPredictors(p, t, predictors);
          return p;
        };
      }
      const model = method === "linear-regression" ? fitLinearRegression(table, base)
        : method === "regression-tree" ? fitRegressionTree(table, { ...options.tree, ...base })
        : fitRandomForest(table, { ...options.forest, ...base });
      return (t) => predictBaseline(model, t);
    };
    let predictOn: (t: ColumnTable) => Float64Array;
    let fitSeconds = NaN;
    try {
      const started = performance.now();
      predictOn = train(calibration);
      fitSeconds = (performance.now() - started) / 1000;
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      for (const set of sets) rows.push({ method, set, status: "failed", ...empty, fitSeconds: NaN, applySeconds: NaN, error });
      continue;
    }
    for (const [set, t] of [["calibration", calibration], ["validation", validation]] as const) {
      const t0 = performance.now();
      const pred = predictOn(t);
      const applySeconds = (performance.now() - t0) / 1000;
      const c = compareSeries(pred, t.columns[options.target] as Float64Array);
      rows.push({ method, set, status: "ok", n: c.n, r: c.r, rmse: c.rmse, rmseSe: NaN, bias: c.bias, slope: c.slope, fitSeconds, applySeconds, error: "" });
    }
    if (foldRows) {
      try {
        const pooled = new Float64Array(calibration.nRows).fill(NaN);
        const scores: number[] = [];
        let foldFit = 0, foldApply = 0;
        for (const { fitRows, heldRows } of foldRows) {
          const t0 = performance.now();
          const p = train(selectTableRows(calibration, [...predictors, options.target], fitRows, who));
          const t1 = performance.now();
          const held = p(selectTableRows(calibration, predictors, heldRows, who));
          foldApply += performance.now() - t1; foldFit += t1 - t0;
          heldRows.forEach((i, j) => { pooled[i] = held[j]; });
          scores.push(compareSeries(held, Float64Array.from(heldRows, (i) => yCal[i])).rmse);
        }
        const mean = scores.reduce((a, x) => a + x, 0) / scores.length;
        const sd = Math.sqrt(scores.reduce((a, x) => a + (x - mean) ** 2, 0) / (scores.length - 1));
        const c = compareSeries(pooled, yCal);
        rows.push({ method, set: "grouped CV", status: "ok", n: c.n, r: c.r, rmse: mean, rmseSe: sd / Math.sqrt(scores.length), bias: c.bias, slope: c.slope, fitSeconds: foldFit / 1000, applySeconds: foldApply / 1000, error: "" });
      } catch (e) {
        rows.push({ method, set: "grouped CV", status: "failed", ...empty, fitSeconds: NaN, applySeconds: NaN, error: e instanceof Error ? e.message : String(e) });
      }
    }
    if (fine) {
      const t0 = performance.now();
      const pred = predictOn(fine.table);
      const applySeconds = (performance.now() - t0) / 1000;
      const c = compareSeries(pred, fine.truth);
      rows.push({ method, set: "1 km truth", status: "ok", n: c.n, r: c.r, rmse: c.rmse, rmseSe: NaN, bias: c.bias, slope: c.slope, fitSeconds, applySeconds, error: "" });
    }
  }
  if (fine?.reference) {
    const c = compareSeries(fine.reference, fine.truth);
    rows.push({ method: "gldas-at-cell", set: "1 km truth", status: "ok", n: c.n, r: c.r, rmse: c.rmse, rmseSe: NaN, bias: c.bias, slope: c.slope, fitSeconds: 0, applySeconds: 0, error: "" });
  }
  return rows;
}

/** Fit and held-out rows of each non-empty fold (a fold that holds every row or none is skipped). */
function foldRowSets(folds: Int32Array, nRows: number): { fitRows: Int32Array; heldRows: Int32Array }[] {
  if (!(folds instanceof Int32Array) || folds.length !== nRows) throw new RangeError(`baselineComparison: folds must be an Int32Array with one fold per calibration row (${nRows}), got ${folds instanceof Int32Array ? folds.length : typeof folds}`);
  let k = 0;
  for (const f of folds) { if (f < 0) throw new RangeError(`baselineComparison: folds must be whole numbers ≥ 0, got ${f}`); k = Math.max(k, f + 1); }
  const out: { fitRows: Int32Array; heldRows: Int32Array }[] = [];
  for (let f = 0; f < k; f++) {
    const held: number[] = [], rest: number[] = [];
    for (let i = 0; i < folds.length; i++) (folds[i] === f ? held : rest).push(i);
    if (held.length && rest.length) out.push({ fitRows: Int32Array.from(rest), heldRows: Int32Array.from(held) });
  }
  if (out.length < 2) throw new RangeError(`baselineComparison: folds must give at least 2 non-empty folds, got ${out.length}`);
  return out;
}

/**
 * The fine sample restricted to the pairs every method is scored on: truth, every predictor and the reference known,
 * and every discrete value seen in calibration (no method predicts an unseen land-cover class).
 */
function finePairs(fine: FineSkillTable, predictors: readonly string[], calibration: ColumnTable): { table: ColumnTable; truth: Float64Array; reference: Float64Array | null } {
  const who = "baselineComparison";
  const n = fine?.table?.nRows;
  if (!Number.isInteger(n)) throw new RangeError(`${who}: fine.table must be a column table, got ${String(fine?.table)}`);
  for (const p of predictors) if (!(p in fine.table.columns)) throw new RangeError(`${who}: fine.table has no predictor column '${p}'`);
  if (!(fine.truth instanceof Float64Array) || fine.truth.length !== n) throw new RangeError(`${who}: fine.truth must be a Float64Array of ${n} values, got ${fine.truth instanceof Float64Array ? fine.truth.length : typeof fine.truth}`);
  const ref = fine.reference ?? null;
  if (ref !== null && (!(ref instanceof Float64Array) || ref.length !== n)) throw new RangeError(`${who}: fine.reference must be a Float64Array of ${n} values, got ${ref instanceof Float64Array ? ref.length : typeof ref}`);
  const seen = new Map<string, Set<string | null>>();
  for (const p of predictors) { const c = calibration.columns[p]; if (Array.isArray(c)) seen.set(p, new Set(c)); }
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!(fine.truth[i] === fine.truth[i]) || (ref !== null && !(ref[i] === ref[i]))) continue;
    let all = true;
    for (const p of predictors) {
      const v = fine.table.columns[p][i];
      if (v === null || (typeof v === "number" && v !== v) || (typeof v === "string" && seen.get(p)?.has(v) === false)) { all = false; break; }
    }
    if (all) keep.push(i);
  }
  return {
    table: selectTableRows(fine.table, predictors, keep, who), truth: Float64Array.from(keep, (i) => fine.truth[i]),
    reference: ref === null ? null : Float64Array.from(keep, (i) => ref[i]),
  };
}
