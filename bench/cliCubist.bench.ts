// `npm run bench -- cli`: the `sm-downscale cubist` command timed as a whole process (start-up,
// reading the CSV files, training, the report's training evaluation, predicting the test table,
// writing the model and the predictions), as users meet it. Each row spawns
// `node bin/sm-downscale.js …` once; time is wall-clock, peak memory the child's maximum resident
// set (GNU time; without it only the time is printed). The tables are generated deterministically
// (paperLikeTable) into outputs/bench/cli/ on first use. Baselines: RuleQuest's C program (Cubist
// 2.07, `-i -n 1` as the R package trains, then `-p` to predict) on the same files and this 2-core
// machine, medians of runs alternating with ours — see DESIGN.md "Cubist as a command".
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import type { Benchmark } from "./benchmark";
import { paperLikeTable, tableToCsv } from "./cubistTables";
import { fit } from "../src/cubist/fit";
import { writeModelFile } from "../src/cubist/modelFile";

const DIR = path.join(process.cwd(), "outputs", "bench", "cli");
const BIN = path.join(process.cwd(), "bin", "sm-downscale.js");

/** A paper-like CSV of n rows with this seed (written once, atomically). */
function table(n: number, seed: number): string {
  const file = path.join(DIR, `paper-${n}-seed${seed}.csv`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(DIR, { recursive: true });
    fs.writeFileSync(`${file}.tmp-${process.pid}`, tableToCsv(paperLikeTable(n, seed)));
    fs.renameSync(`${file}.tmp-${process.pid}`, file);
  }
  return file;
}

// which code the binary runs: dist/ (current build) or the sources through the in-memory transpile
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CODE = (require("../bin/loadCli.js") as { codeBase(): { built: boolean } }).codeBase().built ? "code=dist" : "code=src (dist/ missing or stale: npm run build)";

const hasGnuTime = spawnSync("/usr/bin/time", ["-f", "%M", "true"], { encoding: "utf8" }).status === 0;

/** Runs the CLI once; returns the child's peak memory and its key: value lines of interest. */
function runCli(args: string[]): string {
  const out = path.join(DIR, `time-${process.pid}.txt`);
  const cmd = hasGnuTime ? "/usr/bin/time" : process.execPath;
  const argv = hasGnuTime ? ["-o", out, "-f", "%M", process.execPath, BIN, ...args] : [BIN, ...args];
  const r = spawnSync(cmd, argv, { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`sm-downscale ${args.join(" ")} exited ${r.status}: ${(r.stderr || "").trim().split("\n").slice(-2).join(" | ")}`);
  const peak = hasGnuTime ? `child peak ${(Number(fs.readFileSync(out, "utf8").trim().split("\n").pop()) / 1024).toFixed(0)} MB` : "child peak n/a (no /usr/bin/time)";
  if (hasGnuTime) fs.unlinkSync(out);
  const kv = Object.fromEntries(r.stdout.split("\n").filter((l) => /^[a-z_]+: /.test(l)).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]));
  const facts = ["total_rules", "test_rows", "train_time_s", "predict_time_s"].filter((k) => k in kv).map((k) => `${k}=${kv[k]}`);
  return [peak, ...facts, CODE].join("; ");
}

const PAPER = 20787, TEST = 15625;

function trainRow(name: string, size: string, rows: number, extra: string[], cSeconds: number): Benchmark {
  return {
    name,
    size,
    setup: () => ({ train: table(rows, 1), test: table(TEST, 2) }),
    run: (input) => {
      const { train, test } = input as { train: string; test: string };
      return runCli(["cubist", "--train", train, "--test", test, "--target", "sm", ...extra,
        "--model-out", path.join(DIR, `${name}.model`), "--pred-out", path.join(DIR, `${name}.pred.csv`)]);
    },
    baseline: { label: "C program", seconds: cSeconds },
  };
}

export const benchmarks: Benchmark[] = [
  trainRow("cli.cubist.paper", "20,787 train + 15,625 test rows, c1", PAPER, [], 0.26),
  trainRow("cli.cubist.paper.rules59", "20,787 + 15,625, rules cap 59", PAPER, ["--rules", "59"], 0.26),
  trainRow("cli.cubist.paper.c10", "20,787 + 15,625, committees 10", PAPER, ["--committees", "10"], 2.2),
  trainRow("cli.cubist.200k", "200,000 train + 15,625 test rows, c1", 200000, [], 3.35),
  trainRow("cli.cubist.2M", "2,000,000 train + 15,625 test rows, c1", 2000000, [], 270),
  {
    name: "cli.cubist.predict2M",
    size: "predict 2,000,000 rows, saved paper model",
    setup: () => {
      const model = path.join(DIR, "paper-seed1.model");
      if (!fs.existsSync(model)) {
        const t = paperLikeTable(PAPER, 1);
        writeModelFile(model, fit(t, { target: "sm" }));
      }
      return { model, test: table(2000000, 3) };
    },
    run: (input) => {
      const { model, test } = input as { model: string; test: string };
      return runCli(["cubist", "--model-in", model, "--test", test, "--target", "sm", "--pred-out", path.join(DIR, "predict2M.pred.csv")]);
    },
    baseline: { label: "C program", seconds: 1.57 },
  },
  {
    name: "cli.cubist.help",
    size: "sm-downscale cubist --help",
    run: () => runCli(["cubist", "--help"]),
  },
];
