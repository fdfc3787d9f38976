import { fitRandomForest } from "../baselines/randomForest";
import type { RandomForestOptions } from "../baselines/randomForest";
import { fitRegressionTree } from "../baselines/regressionTree";
import type { RegressionTreeOptions } from "../baselines/regressionTree";
import { fitLinearRegression } from "../baselines/linearRegression";
import { predictBaseline } from "../baselines/predictBaseline";
import { fit } from "../cubist/fit";
import { predict } from "../cubist/predict";
import type { ColumnTable } from "../cubist/table";
import { compareSeries } from "../metrics/compareSeries";
import { maskUnknownPredictors } from "./maskUnknownPredictors";

/** The methods {@link baselineComparison} can fit. */
export const COMPARISON_METHODS = ["cubist", "linear-regression", "regression-tree", "random-forest"] as const;
export type ComparisonMethod = (typeof COMPARISON_METHODS)[number];

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
}

/** One row of the comparison table: one method on one data set (plain values: `new dfd.DataFrame(rows)` works). */
export interface BaselineComparisonRow {
  method: ComparisonMethod;
  set: "calibration" | "validation";
  /** `ok`, or `failed` when the method's fit failed (metrics NaN, `error` says why). */
  status: "ok" | "failed";
  /** Jointly valid prediction/target pairs. */
  n: number;
  r: number;
  /** m³ m⁻³ for soil moisture (the target's unit). */
  rmse: number;
  /** mean(prediction − target). */
  bias: number;
  /** OLS slope of the prediction on the target. */
  slope: number;
  /** Wall seconds of the fit (the same on both rows of a method). */
  fitSeconds: number;
  /** Wall seconds to predict this set. */
  applySeconds: number;
  error: string;
}

/**
 * Fits Cubist and the baselines (multiple linear regression, a CART tree, a random forest) on the same calibration
 * table and evaluates each on the calibration and validation tables with the project's metrics (r, RMSE, bias,
 * slope; pairs masked jointly; like the baselines, Cubist gives no prediction where a predictor is unknown). A failing method gives `failed` rows and the others go on.
 * @throws RangeError naming the option and value: no target, no predictors, an unknown method; or when a table
 *   lacks the target.
 * @example
 * const rows = baselineComparison(train, validation, { target: "gldas_sm", predictors: ["ascat_sm", "amsr2_sm", "lst", "ndvi", "landcover", "dem"] });
 * new dfd.DataFrame(rows);
 */
export function baselineComparison(calibration: ColumnTable, validation: ColumnTable, options: BaselineComparisonOptions): BaselineComparisonRow[] {
  const methods = options.methods ?? COMPARISON_METHODS;
  if (!options || typeof options.target !== "string" || options.target === "") throw new RangeError(`baselineComparison: target must name a column, got ${JSON.stringify(options?.target)}`);
  if (!Array.isArray(options.predictors) || options.predictors.length === 0) throw new RangeError(`baselineComparison: predictors must list at least one column, got ${JSON.stringify(options.predictors)}`);
  for (const m of methods) if (!(COMPARISON_METHODS as readonly string[]).includes(m)) throw new RangeError(`baselineComparison: methods has '${m}', not one of ${COMPARISON_METHODS.join(", ")}`);
  for (const [name, t] of [["calibration", calibration], ["validation", validation]] as const) {
    if (!(t.columns[options.target] instanceof Float64Array)) throw new RangeError(`baselineComparison: the ${name} table has no numeric target column '${options.target}'`);
  }
  const cubist = { rules: 59, committees: 1, neighbors: 0, ...options.cubist };
  const predictors = [...options.predictors];
  const rows: BaselineComparisonRow[] = [];
  for (const method of methods) {
    let predictOn: (t: ColumnTable) => Float64Array;
    const started = performance.now();
    let fitSeconds = NaN;
    try {
      const base = { target: options.target, predictors };
      if (method === "cubist") {
        const model = fit(calibration, { ...base, rules: cubist.rules, committees: cubist.committees, neighbors: cubist.neighbors });
        predictOn = (t) => {
          const p = predict(model, t, { unseenDiscrete: "nan", coverage: "none" }).predictions;
          maskUnknownPredictors(p, t, predictors);
          return p;
        };
      } else {
        const model = method === "linear-regression" ? fitLinearRegression(calibration, base)
          : method === "regression-tree" ? fitRegressionTree(calibration, { ...options.tree, ...base })
          : fitRandomForest(calibration, { ...options.forest, ...base });
        predictOn = (t) => predictBaseline(model, t);
      }
      fitSeconds = (performance.now() - started) / 1000;
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      for (const set of ["calibration", "validation"] as const) rows.push({ method, set, status: "failed", n: 0, r: NaN, rmse: NaN, bias: NaN, slope: NaN, fitSeconds: NaN, applySeconds: NaN, error });
      continue;
    }
    for (const [set, t] of [["calibration", calibration], ["validation", validation]] as const) {
      const t0 = performance.now();
      const pred = predictOn(t);
      const applySeconds = (performance.now() - t0) / 1000;
      const c = compareSeries(pred, t.columns[options.target] as Float64Array);
      rows.push({ method, set, status: "ok", n: c.n, r: c.r, rmse: c.rmse, bias: c.bias, slope: c.slope, fitSeconds, applySeconds, error: "" });
    }
  }
  return rows;
}
