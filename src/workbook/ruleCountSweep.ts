import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { fit } from "../cubist/fit";
import { modelToJson } from "../cubist/modelJson";
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

/** One independent fit of the sweep: the table to fit (index into the sweep's tables), its rules cap and the tables it is scored on. */
interface FitTask {
  cap: number;
  fit: number;
  score: number[];
}

/** What a fit task gives back. */
interface FitResult {
  rules: number;
  scores: { rmse: number; r: number }[];
  /** The model as JSON (without instances), when asked for. */
  model?: string;
}

/** The sweep's tables and tasks, in the order the sequential sweep fits them. */
interface SweepPlan {
  target: string;
  /** Cubist settings of every fit besides the rules cap. */
  cubist: { committees: number; neighbors: number };
  caps: readonly number[];
  folds: number;
  /** [train, validation, fold 0 fit, fold 0 test, fold 1 fit, …]. */
  tables: ColumnTable[];
  tasks: FitTask[];
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
  const foldOf = folds ? groupFolds(train.columns[group], { folds, seed: options.seed }) : null;
  for (let k = 0; foldOf && k < folds; k++) {
    const inFold: number[] = [], outFold: number[] = [];
    for (let i = 0; i < foldOf.length; i++) (foldOf[i] === k ? inFold : outFold).push(i);
    tables.push(subset(train, names, Int32Array.from(outFold)), subset(train, names, Int32Array.from(inFold)));
  }
  const tasks: FitTask[] = [];
  for (const cap of caps) {
    tasks.push({ cap, fit: 0, score: [0, 1] });
    for (let k = 0; foldOf && k < folds; k++) tasks.push({ cap, fit: 2 + 2 * k, score: [3 + 2 * k] });
  }
  return { target, cubist: { committees, neighbors }, caps, folds: foldOf ? folds : 0, tables, tasks };
}

/** Runs one fit task in this thread (the workers run the same steps). */
function runTask(p: SweepPlan, task: FitTask, withModel: boolean): FitResult {
  const model = fit(p.tables[task.fit], { target: p.target, rules: task.cap, ...p.cubist });
  return {
    rules: model.committees[0].rules.length,
    scores: task.score.map((t) => score(model, p.tables[t], p.target)),
    model: withModel ? modelToJson(model, { includeInstances: false }) : undefined,
  };
}

/** The sweep's points from the task results (in task order). */
function assemble(p: SweepPlan, results: FitResult[]): RuleCountPoint[] {
  const out: RuleCountPoint[] = [];
  const per = 1 + p.folds;
  p.caps.forEach((cap, c) => {
    const main = results[c * per];
    const cvR: number[] = [], cvE: number[] = [];
    for (let k = 0; k < p.folds; k++) {
      const s = results[c * per + 1 + k].scores[0];
      cvE.push(s.rmse);
      cvR.push(s.r);
    }
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    const cvRmse = cvE.length ? mean(cvE) : NaN;
    const se = cvE.length > 1 ? Math.sqrt(cvE.reduce((s, e) => s + (e - cvRmse) ** 2, 0) / (cvE.length - 1) / cvE.length) : NaN;
    const [tr, va] = main.scores;
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
  const results: FitResult[] = [];
  let lastCap = -1;
  const per = 1 + p.folds;
  p.tasks.forEach((task, i) => {
    if (task.cap !== lastCap) { options.onProgress?.(`rules cap ${task.cap}`); lastCap = task.cap; }
    const r = runTask(p, task, options.onModel !== undefined);
    results.push(r);
    options.onModel?.(task.cap, i % per, r.model as string);
  });
  return assemble(p, results);
}

/** Options of {@link ruleCountSweepParallel}: those of {@link ruleCountSweep} and the pool's. */
export interface RuleCountSweepParallelOptions extends RuleCountSweepOptions {
  /** Worker threads, 1..64. Default min(available cores, number of fits). */
  workers?: number;
  /**
   * The project folder whose code the workers load (`bin/loadCli.js` picks `dist/` when it is current,
   * else the TypeScript sources). Default: the nearest folder at or above the working directory holding
   * `bin/loadCli.js` and `src/workbook/ruleCountSweep.ts`.
   */
  projectRoot?: string;
}

// The worker: an ES module given as a data: URL (src/ cannot name its own files). It loads the
// project's code the way the command does (bin/loadCli.js: dist/ when current, else the sources through
// the in-memory transpile) and runs the fit tasks it is sent, with the same steps as runTask.
const WORKER_SOURCE = `
import { parentPort, workerData } from "node:worker_threads";
import { createRequire } from "node:module";
import * as path from "node:path";
const load = createRequire(path.join(workerData.root, "package.json"));
const base = load("./bin/loadCli.js").codeBase();
const mod = (p) => load(path.join(base.dir, p + base.ext));
const { fit } = mod("cubist/fit");
const { predict } = mod("cubist/predict");
const { modelToJson } = mod("cubist/modelJson");
const { compareSeries } = mod("metrics/compareSeries");
const { tables, target, cubist } = workerData;
const score = (model, t) => {
  const m = compareSeries(predict(model, t, { unseenDiscrete: "nan" }).predictions, t.columns[target]);
  return { rmse: m.rmse, r: m.r };
};
parentPort.on("message", (m) => {
  try {
    const model = fit(tables[m.task.fit], { target, rules: m.task.cap, ...cubist });
    parentPort.postMessage({ id: m.id, result: {
      rules: model.committees[0].rules.length,
      scores: m.task.score.map((t) => score(model, tables[t])),
      model: m.withModel ? modelToJson(model, { includeInstances: false }) : undefined,
    } });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String(e && e.stack ? e.stack : e) });
  }
});
`;

/** The project folder the workers load code from (see {@link RuleCountSweepParallelOptions.projectRoot}). */
function findProjectRoot(given: string | undefined): string {
  const ok = (dir: string) => fs.existsSync(path.join(dir, "bin", "loadCli.js")) && fs.existsSync(path.join(dir, "src", "workbook", "ruleCountSweep.ts"));
  if (given !== undefined) {
    if (!ok(given)) throw new RangeError(`ruleCountSweepParallel: options.projectRoot '${given}' holds no bin/loadCli.js and src/workbook/ruleCountSweep.ts`);
    return given;
  }
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (ok(dir)) return dir;
    if (path.dirname(dir) === dir) throw new RangeError(`ruleCountSweepParallel: no project folder (bin/loadCli.js) at or above '${process.cwd()}'; set options.projectRoot`);
  }
}

/**
 * {@link ruleCountSweep} with its independent fits (every cap's full fit and fold fits) spread over a
 * small pool of worker threads. Each fit is deterministic and depends only on its own table and cap, so
 * the points — and every model, byte for byte — are those of the sequential sweep whatever the number of
 * workers (tested). Progress is reported per cap when its first fit starts.
 * @example const sweep = await ruleCountSweepParallel(train, validation, { target: "gldas_sm", caps: [1, 5, 20], folds: 5, workers: 2 });
 * @throws RangeError naming the option for bad caps, folds, workers or projectRoot; rejects with the worker's error when a fit fails.
 */
export async function ruleCountSweepParallel(train: ColumnTable, validation: ColumnTable, options: RuleCountSweepParallelOptions): Promise<RuleCountPoint[]> {
  const p = plan(train, validation, options, "ruleCountSweepParallel");
  const workers = options.workers ?? Math.max(1, Math.min(os.availableParallelism ? os.availableParallelism() : os.cpus().length, p.tasks.length));
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new RangeError(`ruleCountSweepParallel: options.workers must be an integer in 1..64, got ${workers}`);
  const root = findProjectRoot(options.projectRoot);
  const withModel = options.onModel !== undefined;
  const url = new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`);
  const results: FitResult[] = new Array(p.tasks.length);
  const started = new Set<number>();
  const threads: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0, done = 0, failed = false;
      const give = (w: Worker): void => {
        if (failed || next >= p.tasks.length) return;
        const id = next++;
        const cap = p.tasks[id].cap;
        if (!started.has(cap)) { started.add(cap); options.onProgress?.(`rules cap ${cap}`); }
        w.postMessage({ id, task: p.tasks[id], withModel });
      };
      for (let k = 0; k < Math.min(workers, p.tasks.length); k++) {
        const w = new Worker(url, { workerData: { root, tables: p.tables, target: p.target, cubist: p.cubist } });
        threads.push(w);
        w.on("message", (m: { id: number; result?: FitResult; error?: string }) => {
          if (m.error !== undefined) { failed = true; reject(new Error(`ruleCountSweepParallel: the fit of rules cap ${p.tasks[m.id].cap} failed in a worker: ${m.error.split("\n")[0]}`)); return; }
          results[m.id] = m.result as FitResult;
          if (++done === p.tasks.length) resolve(); else give(w);
        });
        w.on("error", (e) => { failed = true; reject(new Error(`ruleCountSweepParallel: a worker failed: ${e.message}`)); });
        give(w);
      }
    });
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
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
