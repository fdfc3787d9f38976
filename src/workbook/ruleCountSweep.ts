import { fit } from "../cubist/fit";
import { predict } from "../cubist/predict";
import type { ColumnTable } from "../cubist/table";
import { compareSeries } from "../metrics/compareSeries";
import { seededRandom } from "../sampling/seededRandom";

/** One rules cap of the sweep: the rules Cubist produced under it and the fit on each data set. */
export interface RuleCountPoint {
  cap: number;
  /** Rules actually produced (Cubist may need fewer than the cap). */
  rules: number;
  trainRmse: number;
  trainR: number;
  validationRmse: number;
  validationR: number;
  /** Mean over folds of the held-out RMSE / r (grouped cross-validation within the training period). */
  cvRmse: number;
  cvR: number;
  /** Standard error of cvRmse over the folds. */
  cvRmseSe: number;
}

/** Options of {@link ruleCountSweep}. */
export interface RuleCountSweepOptions {
  target: string;
  /** Predictor columns (default: every column but the target and `group`). */
  predictors?: string[];
  /** Rules caps to try, ascending. */
  caps: readonly number[];
  /** Cross-validation folds (default 5; 0 = no cross-validation). */
  folds?: number;
  /** Column whose values keep rows together in one fold (default "point": a point's days never straddle folds). */
  group?: string;
  seed?: number;
  /** Progress callback (cap, fold). */
  onProgress?: (message: string) => void;
}

function subset(table: ColumnTable, names: readonly string[], rows: Int32Array | null): ColumnTable {
  const columns: ColumnTable["columns"] = {};
  for (const n of names) {
    const col = table.columns[n];
    if (col === undefined) throw new RangeError(`ruleCountSweep: no column '${n}'`);
    if (!rows) columns[n] = col;
    else if (col instanceof Float64Array) columns[n] = Float64Array.from(rows, (i) => col[i]);
    else columns[n] = Array.from(rows, (i) => col[i]);
  }
  return { nRows: rows ? rows.length : table.nRows, columns };
}

/** Fold (0…folds−1) of every row, by a seeded shuffle of the distinct group values dealt round-robin. */
export function groupFolds(groups: Float64Array | (string | null)[], options: { folds: number; seed?: number }): Int32Array {
  const { folds } = options;
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError(`groupFolds: folds must be an integer ≥ 2, got ${folds}`);
  const keys = Array.from(new Set(Array.from(groups as ArrayLike<unknown>, String))).sort();
  if (keys.length < folds) throw new RangeError(`groupFolds: ${keys.length} groups cannot fill ${folds} folds`);
  const rand = seededRandom(options.seed ?? 1);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [keys[i], keys[j]] = [keys[j], keys[i]];
  }
  const foldOf = new Map(keys.map((k, i) => [k, i % folds]));
  return Int32Array.from(groups as ArrayLike<unknown>, (g) => foldOf.get(String(g))!);
}

function score(model: ReturnType<typeof fit>, table: ColumnTable, target: string): { rmse: number; r: number } {
  const p = predict(model, table, { unseenDiscrete: "nan" });
  const m = compareSeries(p.predictions, table.columns[target] as Float64Array);
  return { rmse: m.rmse, r: m.r };
}

/**
 * The rule-count experiment (a reconstruction of the paper's Figure 3, whose procedure is not recovered):
 * for each rules cap, fit Cubist on the calibration data and score it on the calibration data, on the
 * validation data, and by grouped k-fold cross-validation within the calibration data (so that a choice
 * made from the CV curve never looks at the validation year).
 * @example const sweep = ruleCountSweep(train, validation, { target: "gldas_sm", caps: [1, 5, 20, 59, 100], folds: 5 });
 * @throws RangeError naming the option when caps/folds are invalid.
 */
export function ruleCountSweep(train: ColumnTable, validation: ColumnTable, options: RuleCountSweepOptions): RuleCountPoint[] {
  const { target, caps } = options;
  const folds = options.folds ?? 5;
  const group = options.group ?? "point";
  if (!caps.length || caps.some((c, i) => !Number.isInteger(c) || c < 1 || (i > 0 && c <= caps[i - 1]))) throw new RangeError(`ruleCountSweep: caps must be ascending positive integers, got [${caps.join(", ")}]`);
  if (!Number.isInteger(folds) || folds === 1 || folds < 0) throw new RangeError(`ruleCountSweep: folds must be 0 or an integer ≥ 2, got ${folds}`);
  const predictors = options.predictors ?? Object.keys(train.columns).filter((c) => c !== target && c !== group && c !== "date");
  const names = [...predictors, target];
  const trainT = subset(train, names, null);
  const validT = subset(validation, names, null);
  const foldOf = folds ? groupFolds(train.columns[group], { folds, seed: options.seed }) : null;
  const foldTables: { fitT: ColumnTable; testT: ColumnTable }[] = [];
  for (let k = 0; foldOf && k < folds; k++) {
    const inFold: number[] = [], outFold: number[] = [];
    for (let i = 0; i < foldOf.length; i++) (foldOf[i] === k ? inFold : outFold).push(i);
    foldTables.push({ fitT: subset(train, names, Int32Array.from(outFold)), testT: subset(train, names, Int32Array.from(inFold)) });
  }
  const out: RuleCountPoint[] = [];
  for (const cap of caps) {
    options.onProgress?.(`rules cap ${cap}`);
    const model = fit(trainT, { target, rules: cap });
    const tr = score(model, trainT, target);
    const va = score(model, validT, target);
    const cvR: number[] = [], cvE: number[] = [];
    for (const { fitT, testT } of foldTables) {
      const s = score(fit(fitT, { target, rules: cap }), testT, target);
      cvE.push(s.rmse);
      cvR.push(s.r);
    }
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    const cvRmse = cvE.length ? mean(cvE) : NaN;
    const se = cvE.length > 1 ? Math.sqrt(cvE.reduce((s, e) => s + (e - cvRmse) ** 2, 0) / (cvE.length - 1) / cvE.length) : NaN;
    out.push({ cap, rules: model.committees[0].rules.length, trainRmse: tr.rmse, trainR: tr.r, validationRmse: va.rmse, validationR: va.r, cvRmse, cvR: cvR.length ? mean(cvR) : NaN, cvRmseSe: se });
  }
  return out;
}

/**
 * The one-standard-error rule on the cross-validation curve (Breiman et al. 1984): the smallest rules cap
 * whose CV RMSE is within one standard error of the lowest CV RMSE. It uses only the calibration period.
 * @example chooseRuleCount(sweep).cap
 * @throws RangeError when the sweep has no cross-validation results.
 */
export function chooseRuleCount(sweep: readonly RuleCountPoint[]): { cap: number; rules: number; best: RuleCountPoint; threshold: number; criterion: string } {
  const withCv = sweep.filter((p) => Number.isFinite(p.cvRmse));
  if (!withCv.length) throw new RangeError("chooseRuleCount: the sweep has no cross-validation RMSE (run it with folds ≥ 2)");
  const best = withCv.reduce((a, b) => (b.cvRmse < a.cvRmse ? b : a));
  const threshold = best.cvRmse + (Number.isFinite(best.cvRmseSe) ? best.cvRmseSe : 0);
  const chosen = withCv.find((p) => p.cvRmse <= threshold)!;
  return { cap: chosen.cap, rules: chosen.rules, best, threshold, criterion: `smallest rules cap whose ${withCv.length > 0 ? "cross-validated" : ""} RMSE is within one standard error of the minimum (${best.cvRmse.toFixed(4)} + ${(threshold - best.cvRmse).toFixed(4)} m³ m⁻³, at cap ${best.cap})` };
}
