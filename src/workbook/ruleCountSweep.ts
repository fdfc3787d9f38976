import { runFitTask, runFitTasks } from "../cubist/fitPool";
import type { FitData, FitTask, FitTaskResult, RunFitTasksOptions, FitPoolOptions } from "../cubist/fitPool";
import { selectTableRows, type ColumnTable } from "../cubist/table";
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
  /** Cubist committees of every fit (1–100). Default 1 (a study's `committees`). */
  committees?: number;
  /** Cubist instance-based correction neighbours of every fit (0–9). Default 0 (a study's `neighbours`). */
  neighbors?: number;
  /** Column whose values keep rows together in one fold (default "point": a point's days never straddle folds). */
  group?: string;
  seed?: number;
  /** Progress callback (cap, fold). */
  onProgress?: (message: string) => void;
  /** Called with each fit's model as JSON (without instances), in task order: per cap its full fit (index 0), then folds 1..k. For checks; default none. */
  onModel?: (cap: number, fitIndex: number, json: string) => void;
}

function subset(table: ColumnTable, names: readonly string[], rows: Int32Array | null): ColumnTable {
  return selectTableRows(table, names, rows, "ruleCountSweep");
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

/** One independent fit of the sweep: its rules cap and the fit task (tables 0 = train, 1 = validation; row sets 2k/2k+1 = fold k's fit/test rows). */
interface SweepTask {
  cap: number;
  task: FitTask;
}

/** The sweep's data and tasks, in the order the sequential sweep fits them. */
interface SweepPlan {
  target: string;
  caps: readonly number[];
  folds: number;
  data: FitData;
  tasks: SweepTask[];
}

function plan(train: ColumnTable, validation: ColumnTable, options: RuleCountSweepOptions, who: string): SweepPlan {
  const { target, caps } = options;
  const folds = options.folds ?? 5;
  const group = options.group ?? "point";
  if (!caps.length || caps.some((c, i) => !Number.isInteger(c) || c < 1 || (i > 0 && c <= caps[i - 1]))) throw new RangeError(`${who}: caps must be ascending positive integers, got [${caps.join(", ")}]`);
  if (!Number.isInteger(folds) || folds === 1 || folds < 0) throw new RangeError(`${who}: folds must be 0 or an integer ≥ 2, got ${folds}`);
  const committees = options.committees ?? 1, neighbors = options.neighbors ?? 0;
  if (!Number.isInteger(committees) || committees < 1 || committees > 100) throw new RangeError(`${who}: committees must be an integer in 1..100, got ${committees}`);
  if (!Number.isInteger(neighbors) || neighbors < 0 || neighbors > 9) throw new RangeError(`${who}: neighbors must be an integer in 0..9, got ${neighbors}`);
  const predictors = options.predictors ?? Object.keys(train.columns).filter((c) => c !== target && c !== group && c !== "date");
  const names = [...predictors, target];
  const tables = [subset(train, names, null), subset(validation, names, null)];
  const rowSets: Int32Array[] = [];
  const foldOf = folds ? groupFolds(train.columns[group], { folds, seed: options.seed }) : null;
  for (let k = 0; foldOf && k < folds; k++) {
    const inFold: number[] = [], outFold: number[] = [];
    for (let i = 0; i < foldOf.length; i++) (foldOf[i] === k ? inFold : outFold).push(i);
    rowSets.push(Int32Array.from(outFold), Int32Array.from(inFold));
  }
  const withModel = options.onModel !== undefined;
  const tasks: SweepTask[] = [];
  const task = (cap: number, fitRef: FitTask["fit"], predictRefs: FitTask["predict"]): SweepTask => ({ cap, task: { fit: fitRef, target, predictors, cubist: { rules: cap, committees, neighbors }, predict: predictRefs, withModel } });
  for (const cap of caps) {
    tasks.push(task(cap, { table: 0 }, [{ table: 0 }, { table: 1 }]));
    for (let k = 0; foldOf && k < folds; k++) tasks.push(task(cap, { table: 0, rows: 2 * k }, [{ table: 0, rows: 2 * k + 1 }]));
  }
  return { target, caps, folds: foldOf ? folds : 0, data: { tables, rowSets }, tasks };
}

/** RMSE and r of each prediction of a task against the target of the table it was made on. */
function scores(p: SweepPlan, t: SweepTask, r: FitTaskResult): { rmse: number; r: number }[] {
  return t.task.predict.map((ref, j) => {
    const y = p.data.tables[ref.table].columns[p.target] as Float64Array;
    const obs = ref.rows === undefined ? y : Float64Array.from(p.data.rowSets[ref.rows], (i) => y[i]);
    const m = compareSeries(r.predictions[j], obs);
    return { rmse: m.rmse, r: m.r };
  });
}

/** The sweep's points from the task results (in task order). */
function assemble(p: SweepPlan, results: FitTaskResult[]): RuleCountPoint[] {
  const out: RuleCountPoint[] = [];
  const per = 1 + p.folds;
  p.caps.forEach((cap, c) => {
    const main = results[c * per];
    const cvR: number[] = [], cvE: number[] = [];
    for (let k = 0; k < p.folds; k++) {
      const s = scores(p, p.tasks[c * per + 1 + k], results[c * per + 1 + k])[0];
      cvE.push(s.rmse);
      cvR.push(s.r);
    }
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    const cvRmse = cvE.length ? mean(cvE) : NaN;
    const se = cvE.length > 1 ? Math.sqrt(cvE.reduce((s, e) => s + (e - cvRmse) ** 2, 0) / (cvE.length - 1) / cvE.length) : NaN;
    const [tr, va] = scores(p, p.tasks[c * per], main);
    out.push({ cap, rules: main.rules, trainRmse: tr.rmse, trainR: tr.r, validationRmse: va.rmse, validationR: va.r, cvRmse, cvR: cvR.length ? mean(cvR) : NaN, cvRmseSe: se });
  });
  return out;
}

/**
 * The rule-count experiment (a reconstruction of the paper's Figure 3, whose procedure is not recovered):
 * for each rules cap, fit Cubist on the calibration data and score it on the calibration data, on the
 * validation data, and by grouped k-fold cross-validation within the calibration data (so that a choice
 * made from the CV curve never looks at the validation year). Runs in this thread; see
 * {@link ruleCountSweepParallel} for the same sweep on worker threads.
 * @example const sweep = ruleCountSweep(train, validation, { target: "gldas_sm", caps: [1, 5, 20, 59, 100], folds: 5 });
 * @throws RangeError naming the option when caps/folds are invalid.
 */
export function ruleCountSweep(train: ColumnTable, validation: ColumnTable, options: RuleCountSweepOptions): RuleCountPoint[] {
  const p = plan(train, validation, options, "ruleCountSweep");
  const results: FitTaskResult[] = [];
  let lastCap = -1;
  const per = 1 + p.folds;
  p.tasks.forEach((t, i) => {
    if (t.cap !== lastCap) { options.onProgress?.(`rules cap ${t.cap}`); lastCap = t.cap; }
    const r = runFitTask(p.data, t.task);
    results.push(r);
    options.onModel?.(t.cap, i % per, r.model as string);
  });
  return assemble(p, results);
}

/** Options of {@link ruleCountSweepParallel}: those of {@link ruleCountSweep} and the pool's (`workers`, `projectRoot`, see {@link RunFitTasksOptions}). */
export interface RuleCountSweepParallelOptions extends RuleCountSweepOptions, FitPoolOptions {}

/**
 * {@link ruleCountSweep} with its independent fits (every cap's full fit and fold fits) spread over a
 * small pool of worker threads ({@link runFitTasks}). Each fit is deterministic and depends only on its own table and cap, so
 * the points — and every model, byte for byte — are those of the sequential sweep whatever the number of
 * workers (tested). Progress is reported per cap when its first fit starts.
 * @example const sweep = await ruleCountSweepParallel(train, validation, { target: "gldas_sm", caps: [1, 5, 20], folds: 5, workers: 2 });
 * @throws RangeError naming the option for bad caps, folds, workers or projectRoot; rejects with the worker's error when a fit fails.
 */
export async function ruleCountSweepParallel(train: ColumnTable, validation: ColumnTable, options: RuleCountSweepParallelOptions): Promise<RuleCountPoint[]> {
  const who = "ruleCountSweepParallel";
  const p = plan(train, validation, options, who);
  const started = new Set<number>();
  const results = await runFitTasks(p.data, p.tasks.map((t) => t.task), {
    workers: options.workers, projectRoot: options.projectRoot, who,
    describe: (i) => `rules cap ${p.tasks[i].cap}`,
    onStart: (i) => { const cap = p.tasks[i].cap; if (!started.has(cap)) { started.add(cap); options.onProgress?.(`rules cap ${cap}`); } },
  });
  if (options.onModel) {
    const per = 1 + p.folds;
    results.forEach((r, i) => options.onModel?.(p.tasks[i].cap, i % per, r.model as string));
  }
  return assemble(p, results);
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
