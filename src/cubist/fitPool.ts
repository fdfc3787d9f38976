import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { fit } from "./fit";
import { modelToJson } from "./modelJson";
import { predict } from "./predict";
import { selectTableRows, type ColumnTable } from "./table";

/** The data every fit task of a batch refers to: whole tables and row sets (sent to each worker once). */
export interface FitData {
  tables: ColumnTable[];
  /** Row selections (indices into a table), referred to by {@link TableRef.rows}. */
  rowSets: Int32Array[];
}

/** A table of {@link FitData}: `tables[table]`, restricted to `rowSets[rows]` when `rows` is given. */
export interface TableRef {
  table: number;
  rows?: number;
}

/** One independent Cubist fit: fit on `fit` (columns `predictors` + `target`), then predict every table of `predict`. */
export interface FitTask {
  fit: TableRef;
  target: string;
  predictors: readonly string[];
  /** Cubist settings (absent ones take fit's defaults). */
  cubist: { rules?: number; committees?: number; neighbors?: number };
  predict: TableRef[];
  /** Also return the model as JSON (without instances). Default false. */
  withModel?: boolean;
}

/** What a fit task gives back. */
export interface FitTaskResult {
  /** Rules in the model, all committee members. */
  rules: number;
  /** Wall time of the fit alone, s. */
  fitSeconds: number;
  /** Predictions on each table of `predict` (NaN for an unseen discrete value; training-mean substitution otherwise, as predict does). */
  predictions: Float64Array[];
  model?: string;
  /** With {@link RunFitTasksOptions.keepErrors}: the failed task's error message (the other fields NaN / empty). */
  error?: string;
}

function columnsOf(data: FitData, ref: TableRef, names: readonly string[]): ColumnTable {
  const table = data.tables[ref.table];
  if (!table) throw new RangeError(`fitPool: no table ${ref.table}`);
  const rows = ref.rows === undefined ? null : data.rowSets[ref.rows];
  if (ref.rows !== undefined && !rows) throw new RangeError(`fitPool: no row set ${ref.rows}`);
  return selectTableRows(table, names, rows, "fitPool");
}

/**
 * Runs one fit task in this thread; the workers of {@link runFitTasks} call this same function, so results are
 * identical whichever thread runs the task (Cubist's fit is deterministic).
 * @throws RangeError for a table, row set or column that does not exist; fit's and predict's errors otherwise
 * @example runFitTask({ tables: [train, validation], rowSets: [] }, { fit: { table: 0 }, target: "sm", predictors: ["a"], cubist: { rules: 5 }, predict: [{ table: 1 }] }).predictions[0];
 */
export function runFitTask(data: FitData, task: FitTask): FitTaskResult {
  const t0 = performance.now();
  const cubist: Record<string, number> = {};
  for (const [k, v] of Object.entries(task.cubist)) if (v !== undefined) cubist[k] = v;
  const model = fit(columnsOf(data, task.fit, [...task.predictors, task.target]), { target: task.target, predictors: [...task.predictors], ...cubist });
  const fitSeconds = (performance.now() - t0) / 1000;
  return {
    rules: model.committees.reduce((s, c) => s + c.rules.length, 0),
    fitSeconds,
    predictions: task.predict.map((ref) => predict(model, columnsOf(data, ref, task.predictors), { unseenDiscrete: "nan", coverage: "none" }).predictions),
    model: task.withModel ? modelToJson(model, { includeInstances: false }) : undefined,
  };
}

/** Options of {@link runFitTasks}. */
/** The pool settings a parallel public call passes through (`workers`, `projectRoot`; see {@link RunFitTasksOptions}). */
export type FitPoolOptions = Pick<RunFitTasksOptions, "workers" | "projectRoot">;

export interface RunFitTasksOptions {
  /** Worker threads, 1..64. Default min(available cores, number of tasks). */
  workers?: number;
  /**
   * The project folder whose code the workers load (`bin/loadCli.js` picks `dist/` when it is current, else the
   * TypeScript sources). Default: the nearest folder at or above the working directory holding `bin/loadCli.js`
   * and `src/cubist/fitPool.ts`.
   */
  projectRoot?: string;
  /** Name used in error messages (the public function). Default "runFitTasks". */
  who?: string;
  /** Called when task `index` is handed to a worker (progress). */
  onStart?: (index: number) => void;
  /** Describes task `index` in the error message when its fit fails (default `task <index>`). */
  describe?: (index: number) => string;
  /** A failing task gives a result with `error` (its message) instead of rejecting the batch. Default false. */
  keepErrors?: boolean;
}

// The worker: an ES module given as a data: URL (src/ cannot name its own files). It loads the project's code the
// way the command does (bin/loadCli.js: dist/ when current, else the sources through the in-memory transpile) and
// runs the tasks it is sent with runFitTask.
const WORKER_SOURCE = `
import { parentPort, workerData } from "node:worker_threads";
import { createRequire } from "node:module";
import * as path from "node:path";
const load = createRequire(path.join(workerData.root, "package.json"));
const base = load("./bin/loadCli.js").codeBase();
const { runFitTask } = load(path.join(base.dir, "cubist/fitPool" + base.ext));
parentPort.on("message", (m) => {
  try {
    parentPort.postMessage({ id: m.id, result: runFitTask(workerData.data, m.task) });
  } catch (e) {
    if (m.keepErrors) parentPort.postMessage({ id: m.id, result: { rules: NaN, fitSeconds: NaN, predictions: [], error: e instanceof Error ? e.message : String(e) } });
    else parentPort.postMessage({ id: m.id, error: String(e && e.stack ? e.stack : e) });
  }
});
`;

/** The project folder the workers load code from (see {@link RunFitTasksOptions.projectRoot}). */
function findProjectRoot(given: string | undefined, who: string): string {
  const ok = (dir: string) => fs.existsSync(path.join(dir, "bin", "loadCli.js")) && fs.existsSync(path.join(dir, "src", "cubist", "fitPool.ts"));
  if (given !== undefined) {
    if (!ok(given)) throw new RangeError(`${who}: options.projectRoot '${given}' holds no bin/loadCli.js and src/cubist/fitPool.ts`);
    return given;
  }
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (ok(dir)) return dir;
    if (path.dirname(dir) === dir) throw new RangeError(`${who}: no project folder (bin/loadCli.js) at or above '${process.cwd()}'; set options.projectRoot`);
  }
}

/** Validates {@link RunFitTasksOptions.workers} (default min(cores, tasks)); throws RangeError naming it. */
export function fitWorkers(workers: number | undefined, tasks: number, who: string): number {
  const w = workers ?? Math.max(1, Math.min(os.availableParallelism ? os.availableParallelism() : os.cpus().length, tasks));
  if (!Number.isInteger(w) || w < 1 || w > 64) throw new RangeError(`${who}: options.workers must be an integer in 1..64, got ${w}`);
  return w;
}

/**
 * Runs independent fit tasks on a small pool of worker threads (each worker gets `data` once, then tasks one at a
 * time); results come back in task order and equal {@link runFitTask}'s in this thread (same code, deterministic
 * fits; tested through ruleCountSweepParallel and variableSelectionParallel).
 * @throws RangeError naming the option for bad workers or projectRoot; rejects with the worker's error when a task fails
 * @example const results = await runFitTasks({ tables: [train, validation], rowSets: [] }, tasks, { workers: 2 });
 */
export async function runFitTasks(data: FitData, tasks: readonly FitTask[], options: RunFitTasksOptions = {}): Promise<FitTaskResult[]> {
  const who = options.who ?? "runFitTasks";
  const workers = fitWorkers(options.workers, tasks.length, who);
  const root = findProjectRoot(options.projectRoot, who);
  const url = new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`);
  const results: FitTaskResult[] = new Array(tasks.length);
  const threads: Worker[] = [];
  if (!tasks.length) return results;
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0, done = 0, failed = false;
      const give = (w: Worker): void => {
        if (failed || next >= tasks.length) return;
        const id = next++;
        options.onStart?.(id);
        w.postMessage({ id, task: tasks[id], keepErrors: options.keepErrors === true });
      };
      for (let k = 0; k < Math.min(workers, tasks.length); k++) {
        const w = new Worker(url, { workerData: { root, data } });
        threads.push(w);
        w.on("message", (m: { id: number; result?: FitTaskResult; error?: string }) => {
          if (m.error !== undefined) {
            failed = true;
            reject(new Error(`${who}: the fit of ${options.describe ? options.describe(m.id) : `task ${m.id}`} failed in a worker: ${m.error.split("\n")[0]}`));
            return;
          }
          results[m.id] = m.result as FitTaskResult;
          if (++done === tasks.length) resolve(); else give(w);
        });
        w.on("error", (e) => { failed = true; reject(new Error(`${who}: a worker failed: ${e.message}`)); });
        give(w);
      }
    });
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return results;
}
