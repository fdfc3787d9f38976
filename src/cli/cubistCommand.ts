import type { Command, CommandIO } from "./command";
import { numberOption, parseOptions } from "./parseOptions";
import { UsageError } from "./usageError";
import { writeFileAtomic } from "../io/writeFileAtomic";
import { AtomicFileWriter } from "../io/atomicFileWriter";
import {
  discreteValueLists, formatG, formatModelCard, formatReport, predict, readCsvFile, readModelFile,
  trainingEvaluation, writeModelFile, type ColumnTable, type CubistModel,
} from "../cubist/index";
import { readCsvBlocks, readCsvHeader } from "../cubist/readCsvBlocks";
import { fit, type FitOptions } from "../cubist/fit";

/** Options the `cubist` command passes to a training function (a subset of {@link FitOptions}). */
export type CubistTrainRequest = Pick<FitOptions, "target" | "committees" | "rules" | "extrapolation" | "unbiased" | "sample" | "seed" | "neighbors" | "discreteValues">;

/** A training function (the Cubist `fit` of src/cubist): table + options → model. */
export type CubistTrainer = (table: ColumnTable, options: CubistTrainRequest) => CubistModel;

const USAGE = `usage: sm-downscale cubist --train T.csv --test S.csv --target COL [options]
       sm-downscale cubist --model-in M.model --test S.csv --target COL [--train T.csv] [options]

Trains a Cubist model (RuleQuest Cubist 2.07 semantics, R package defaults) on T.csv, or reads
M.model, predicts S.csv, prints the report and a block of key: value lines (model card, test
metrics, timings). Non-numeric CSV columns are discrete (a numeric column with a stray text is
named in a note); empty cells, NA, ? and NaN are missing; Inf, -Inf, Infinity and numbers beyond
the double range are refused (Cubist cannot use them). A CSV record may have at most 16,384
fields of at most 65,536 bytes each.
With --train and --test, a discrete attribute's values are those of both tables (C-locale
order), as the R package and RuleQuest's program take them: a test value no training case has
is a known value that satisfies no condition on it. Without neighbours the test table is read
and predicted in blocks of 65,536 rows (memory independent of its length).

options:
  --train T.csv          training table (with --model-in: optional; the neighbours' instances)
  --test S.csv           table to predict (metrics need COL in it)
  --target COL           target column
  --committees N         committee members, 1..100 (default 1)
  --neighbors K          nearest neighbours at prediction, 0..9 (default 0)
  --rules N              maximum rules per member (default 100)
  --extrapolation PCT    0..100 (default 100)
  --sample PCT --seed N  train on a PCT % sample drawn with seed N (default 0 = off, seed 0)
  --unbiased             unbiased rules
  --model-in M.model     predict with an existing Cubist .model file instead of training
  --use-committees K     predict with only the first K committee members
  --maxd D               neighbour radius (distance scale); default the model's
  --unseen error|nan|missing|nomatch   a discrete test value absent from the value lists
                         (with --train and --test: none is, see above; with --model-in and no
                         --train: not checked): error (default), NaN prediction, treat as missing
                         (→ mode), or a value of its own that fails every condition on it
  --pred-out P.csv       write "actual","predicted" per test row
  --model-out M.model    write the model as a Cubist .model file (readable by R/Python Cubist)
  --report-out R.txt     write the report and the key: value block`;

/** Test metrics accumulated block by block (sums in row order: the same figures as one pass). */
class TestMetrics {
  private n = 0; private se = 0; private ae = 0; private sa = 0; private sp = 0; private saa = 0; private spp = 0; private sap = 0;
  add(actual: Float64Array | null, pred: Float64Array): void {
    if (!actual) return;
    for (let i = 0; i < pred.length; i++) {
      const a = actual[i], p = pred[i];
      if (!Number.isFinite(a) || !Number.isFinite(p)) continue;
      this.n++; this.se += (a - p) ** 2; this.ae += Math.abs(a - p);
      this.sa += a; this.sp += p; this.saa += a * a; this.spp += p * p; this.sap += a * p;
    }
  }
  result(): { rmse: number; mae: number; r: number; n: number } {
    const { n, se, ae, sa, sp, saa, spp, sap } = this;
    if (n === 0) return { rmse: NaN, mae: NaN, r: NaN, n: 0 };
    const va = saa - (sa * sa) / n, vp = spp - (sp * sp) / n;
    return { rmse: Math.sqrt(se / n), mae: ae / n, r: va > 0 && vp > 0 ? (sap - (sa * sp) / n) / Math.sqrt(va * vp) : NaN, n };
  }
}

/** The "actual","predicted" lines of one block. */
function predictionLines(actual: Float64Array | null, pred: Float64Array): string {
  let csv = "";
  for (let i = 0; i < pred.length; i++) {
    csv += `${actual && Number.isFinite(actual[i]) ? formatG(actual[i], 15) : "NA"},${Number.isFinite(pred[i]) ? formatG(pred[i], 15) : "NA"}\n`;
  }
  return csv;
}

/** Distinct values of the named columns of a CSV file (streamed), as a small table for discreteValueLists. */
function distinctValues(file: string, names: string[]): ColumnTable {
  const sets = names.map(() => new Set<string>());
  readCsvBlocks(file, { columns: Object.fromEntries(names.map((n) => [n, "text" as const])) }, (block) => {
    names.forEach((n, k) => { for (const v of block.columns[n] as (string | null)[]) if (v !== null) sets[k].add(v); });
  });
  const nRows = Math.max(0, ...sets.map((s) => s.size));
  const columns: ColumnTable["columns"] = {};
  names.forEach((n, k) => { const vals: (string | null)[] = Array.from(sets[k]); while (vals.length < nRows) vals.push(null); columns[n] = vals; });
  return { nRows, columns };
}


const fmt = (v: number): string => (Number.isFinite(v) ? formatG(v, 10) : "NA");

/**
 * Builds the `cubist` command. `trainer` is the training function; without one, the command can
 * only predict with `--model-in` and says so when asked to train.
 */
export function createCubistCommand(trainer?: CubistTrainer): Command {
  return {
    name: "cubist",
    summary: "train (or load) a Cubist model, predict a table, print the report and metrics",
    usage: USAGE,
    async run(argv: string[], io: CommandIO): Promise<number> {
      const { values: v } = parseOptions("cubist", argv, {
        train: { type: "string" }, test: { type: "string" }, target: { type: "string" },
        committees: { type: "string" }, neighbors: { type: "string" }, rules: { type: "string" },
        extrapolation: { type: "string" }, sample: { type: "string" }, seed: { type: "string" },
        unbiased: { type: "boolean" }, "model-in": { type: "string" }, "use-committees": { type: "string" },
        maxd: { type: "string" }, unseen: { type: "string" },
        "pred-out": { type: "string" }, "model-out": { type: "string" }, "report-out": { type: "string" },
      });
      const committees = numberOption("cubist", "committees", v.committees, { min: 1, max: 100, integer: true });
      const neighbors = numberOption("cubist", "neighbors", v.neighbors, { min: 0, max: 9, integer: true });
      const rules = numberOption("cubist", "rules", v.rules, { min: 1, max: 1000000, integer: true });
      const extrapolation = numberOption("cubist", "extrapolation", v.extrapolation, { min: 0, max: 100 });
      const sample = numberOption("cubist", "sample", v.sample, { min: 0, max: 99.9 });
      const seed = numberOption("cubist", "seed", v.seed, { min: 0, integer: true });
      const useCommittees = numberOption("cubist", "use-committees", v["use-committees"], { min: 1, max: 100, integer: true });
      const maxd = numberOption("cubist", "maxd", v.maxd, { min: 1e-9 });
      const unseen = v.unseen ?? "error";
      if (unseen !== "error" && unseen !== "nan" && unseen !== "missing" && unseen !== "nomatch") {
        throw new UsageError(`cubist: --unseen must be error, nan, missing or nomatch, got '${unseen}'`);
      }
      if (!v.test) throw new UsageError("cubist: --test S.csv is required");
      if (!v.target) throw new UsageError("cubist: --target COL is required");
      const modelIn = v["model-in"];
      if (!modelIn && !v.train) throw new UsageError("cubist: --train T.csv is required (or --model-in M.model)");
      if (modelIn) {
        for (const [name, val] of [["committees", committees], ["rules", rules], ["extrapolation", extrapolation], ["sample", sample], ["seed", seed], ["unbiased", v.unbiased]] as const) {
          if (val !== undefined) throw new UsageError(`cubist: --${name} is a training option and cannot be used with --model-in`);
        }
      }
      if (seed !== undefined && !(sample && sample > 0)) throw new UsageError("cubist: --seed needs --sample PCT > 0");
      if (!modelIn && !trainer) {
        throw new UsageError("cubist: training is not available in this build (the Cubist fit is not installed); use --model-in M.model");
      }
      const target = v.target;

      const train = v.train ? readCsvFile(v.train) : null;
      if (train) {
        const tcol = train.table.columns[target];
        if (tcol === undefined) throw new Error(`${v.train}: target column '${target}' is absent`);
        if (!(tcol instanceof Float64Array)) {
          const mx = train.mixedColumns[target];
          throw new Error(`${v.train}: target column '${target}' is not numeric${mx ? ` (line ${mx.line}: '${mx.text}', after ${mx.numbersBefore} numbers)` : ""}`);
        }
        for (const [c, mx] of Object.entries(train.mixedColumns)) {
          if (c === target) continue;
          io.err(`sm-downscale cubist: note: ${v.train}: column '${c}' is read as discrete: line ${mx.line} holds '${mx.text}' after ${mx.numbersBefore} numbers (a numeric column holds numbers only; missing values are NA, ? or empty)`);
        }
        const predictorNames = Object.keys(train.table.columns).filter((c) => c !== target);
        if (predictorNames.length > 0 && predictorNames.every((c) => isConstantColumn(train.table.columns[c]))) {
          throw new Error(`${v.train}: every predictor is constant (${predictorNames.join(", ")}): there is nothing to split or regress on`);
        }
      }
      // value lists: train ∪ test (C-locale order), as R and the C program take them; with
      // --model-in and no --train the .model file alone does not list them (unseen values undetected)
      let discreteValues: Record<string, string[]> | undefined;
      if (train) {
        const header = readCsvHeader(v.test);
        const discreteNames = Object.keys(train.table.columns).filter((c) => c !== target && !(train.table.columns[c] instanceof Float64Array) && header.includes(c));
        const testValues = discreteNames.length > 0 ? [distinctValues(v.test, discreteNames)] : [];
        discreteValues = discreteValueLists([train.table, ...testValues], { exclude: [target] });
      }

      let model: CubistModel;
      let trainSeconds = 0;
      if (modelIn) {
        model = readModelFile(modelIn, { targetName: target, discreteValues });
      } else {
        const t0 = performance.now();
        model = (trainer as CubistTrainer)(train!.table, {
          target, committees, rules, extrapolation, unbiased: v.unbiased, sample, seed, neighbors, discreteValues,
        });
        trainSeconds = (performance.now() - t0) / 1000;
      }
      if (useCommittees !== undefined && useCommittees > model.committees.length) {
        throw new UsageError(`cubist: --use-committees ${useCommittees} exceeds the model's ${model.committees.length} committee member${model.committees.length === 1 ? "" : "s"}`);
      }
      const k = neighbors ?? model.options.neighbors;
      const instances = train
        ? { table: train.table, target: train.table.columns[target] as Float64Array }
        : model.instances;
      if (k > 0 && !instances) throw new UsageError("cubist: --neighbors > 0 needs --train T.csv (the instances)");
      if (k > 0 && maxd === undefined && model.maxd === null) {
        throw new UsageError("cubist: --neighbors > 0 needs --maxd D (this model does not record its neighbour radius)");
      }
      const t1 = performance.now();
      const predOut = v["pred-out"] ? new AtomicFileWriter(v["pred-out"]) : null;
      const testMetrics = new TestMetrics();
      const unseenCounts: Record<string, number> = {};
      let nanRows = 0, testRows = 0;
      let used: { neighbors: number; committees: number; maxd: number | null } = { neighbors: k, committees: useCommittees ?? model.committees.length, maxd: k > 0 ? (maxd ?? model.maxd) : maxd ?? model.maxd };
      const predictBlock = (table: ColumnTable): void => {
        const res = predict(model, table, {
          neighbors: k, committees: useCommittees, maxd, instances, unseenDiscrete: unseen, coverage: "none",
        });
        used = res.used;
        const actualCol = table.columns[target];
        const actual = actualCol instanceof Float64Array ? actualCol : null;
        testMetrics.add(actual, res.predictions);
        for (const [c, n] of Object.entries(res.unseenCounts)) unseenCounts[c] = (unseenCounts[c] ?? 0) + n;
        nanRows += res.nanRows;
        testRows += table.nRows;
        if (predOut) predOut.write(predictionLines(actual, res.predictions));
      };
      try {
        if (predOut) predOut.write('"actual","predicted"\n');
        // the test table is read as the model's attributes are (a text in a continuous column, or in the
        // target, is an error naming the line, column and text)
        const header = readCsvHeader(v.test);
        const kinds: Record<string, "number" | "text"> = Object.create(null);
        for (const a of model.attributes) if (header.includes(a.name)) kinds[a.name] = a.kind === "continuous" ? "number" : "text";
        if (header.includes(target)) kinds[target] = "number";
        if (k > 0) {
          // neighbours: the whole test table at once (the instance index is built once per call)
          predictBlock(readCsvFile(v.test, { columns: kinds }).table);
        } else {
          // a model attribute absent from the header: predict() names it on the first block
          if (Object.keys(kinds).length === 0) kinds[header[0]] = "text";
          readCsvBlocks(v.test, { columns: kinds }, (block) => predictBlock(block));
        }
        if (predOut) predOut.commit();
      } catch (e) {
        if (predOut) predOut.abort();
        throw e;
      }
      const predictSeconds = (performance.now() - t1) / 1000;
      const m = testMetrics.result();

      const unknown = train ? Object.keys(train.missingCounts).filter((c) => c !== target && train.missingCounts[c] > 0) : [];
      const evalMaxd = maxd ?? model.maxd;
      const evaluation = train && model.options.sample === 0
        ? trainingEvaluation(model, train.table, { target, neighbors: evalMaxd ? 1 : 0, maxd: evalMaxd ?? undefined })
        : undefined;
      const report = formatReport(model, {
        trainingCases: model.nTrainingCases ?? (train && model.options.sample === 0 ? train.table.nRows : undefined),
        unknownReplaced: unknown, evaluation,
      });
      const lines = [
        formatModelCard(model).trimEnd(),
        `prediction_neighbors: ${used.neighbors}`,
        `prediction_committees: ${used.committees}`,
        `prediction_maxd: ${used.maxd === null ? "none" : formatG(used.maxd, 7)}`,
        `test_rows: ${testRows}`,
        `unseen_discrete: ${discreteValues ? `${unseen} (${Object.values(unseenCounts).reduce((a, b) => a + b, 0)} values)` : "not checked (no --train: the .model file does not list the training values)"}`,
        `test_RMSE: ${fmt(m.rmse)}`,
        `test_MAE: ${fmt(m.mae)}`,
        `test_correlation: ${fmt(m.r)}`,
        `train_time_s: ${trainSeconds.toFixed(3)}`,
        `predict_time_s: ${predictSeconds.toFixed(3)}`,
      ];
      if (nanRows > 0) lines.push(`nan_predictions: ${nanRows} (unseen discrete values: ${JSON.stringify(unseenCounts)})`);
      const block = lines.join("\n") + "\n";
      io.out(report);
      io.out(block);
      if (v["model-out"]) writeModelFile(v["model-out"], model);
      if (v["report-out"]) writeFileAtomic(v["report-out"], report + "\n" + block);
      return 0;
    },
  };
}

/** The native Cubist fit as the command's trainer. */
export const fitTrainer: CubistTrainer = (table, o) => fit(table, {
  target: o.target, committees: o.committees, rules: o.rules, extrapolation: o.extrapolation, unbiased: o.unbiased,
  sample: o.sample, seed: o.seed, neighbors: o.neighbors, discreteValues: o.discreteValues,
});

/** The `cubist` command: trains with the native fit (src/cubist/fit) or predicts with --model-in. */
export const cubistCommand: Command = createCubistCommand(fitTrainer);

/** True when a column holds at most one distinct non-missing value (NaN / null = missing). */
function isConstantColumn(column: Float64Array | (string | null)[]): boolean {
  let first: number | string | null = null;
  for (let i = 0; i < column.length; i++) {
    const value = column[i];
    if (value === null || (typeof value === "number" && Number.isNaN(value))) continue;
    if (first === null) first = value;
    else if (value !== first) return false;
  }
  return true;
}
