#!/usr/bin/env node
// `npm run test:replica [-- --out DIR] [--reference RUN] [--data-stage]`: the end-to-end test of the provider
// replica on `tiny`. `npm test` runs it as `--reference outputs/test-run --data-stage`: the tiny twin run it has
// just made is the reference (no step 1), step 2 runs only notebooks 00-02 (export, serve, fetch, then every product
// read through its reader) and the run stops after step 3 compares their tables. Steps 4-5 (one model applied to the
// replica's files) stay in the full `npm run test:replica`.
//   1. the workbook on the twin                         DIR/twin
//   2. the workbook through the replica                 DIR/replica   (--data replica: every product variable from files)
//   3. compare the data tables (01, 02, the samples)     scripts/compare-workbook-runs.js --stage data
//   4. notebooks 05, 06, 07, 09 on the replica's files with the twin run's model   DIR/replica-model
//   5. compare the tables computed with that one model   --stage model
// Land cover and elevation are read from the replica's files too: the twin's 0.25° statics are the aggregates of its
// 1 km ones (twin-8), so the same sample points are drawn. A refitted model cannot be compared to a tolerance (step 4
// gives both runs the same model). Exit 1 at the first failing step.
"use strict";
require("./checkNodeVersion");
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const outArg = args.indexOf("--out");
const out = path.resolve(root, outArg >= 0 ? args[outArg + 1] : "outputs/test-replica");
const refArg = args.indexOf("--reference");
const reference = refArg >= 0 ? path.resolve(root, args[refArg + 1] ?? "") : undefined;
const dataStageOnly = args.includes("--data-stage");
for (const [i, a] of args.entries()) {
  const isValue = (i > 0 && (args[i - 1] === "--out" || args[i - 1] === "--reference"));
  if (!isValue && !["--out", "--reference", "--data-stage"].includes(a)) { console.error(`test:replica: unknown argument ${JSON.stringify(a)} (usage: [--out DIR] [--reference RUN] [--data-stage])`); process.exit(2); }
}
// the twin run's model, given to step 4
const MODEL_FILES = ["model_chosen.json", "model_full.json", "rule_count.json"];
if (reference) {
  for (const f of [...MODEL_FILES, "samples_train.csv"].map((n) => `work/${n}`)) {
    if (!fs.existsSync(path.join(reference, f))) { console.error(`test:replica: --reference ${reference} is not a complete tiny twin run: ${f} is missing`); process.exit(2); }
  }
}
const node = process.execPath;
const times = [];

function step(label, argv) {
  const t0 = Date.now();
  console.error(`test:replica: ${label}`);
  const r = spawnSync(node, argv, { cwd: root, stdio: "inherit" });
  times.push(`${label}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (r.status !== 0) {
    console.error(`test:replica: FAILED at: ${label}`);
    console.error(times.join("\n"));
    process.exit(1);
  }
}

const workbook = (...a) => [path.join(root, "scripts/run-workbook.js"), "--config", "tiny", ...a];
const compare = (a, b, stage) => [path.join(root, "scripts/compare-workbook-runs.js"), a, b, "--stage", stage];
const dirs = { twin: reference ?? path.join(out, "twin"), replica: path.join(out, "replica"), model: path.join(out, "replica-model") };

if (reference) console.error(`test:replica: 1/5 the twin run: ${path.relative(root, reference)} (--reference)`);
else step("1/5 workbook on the twin", workbook("--out", dirs.twin));
step(`2/5 workbook through the replica${dataStageOnly ? " (notebooks 00-02)" : ""}`, workbook("--data", "replica", ...(dataStageOnly ? ["--only", "00,01,02"] : []), "--out", dirs.replica));
step("3/5 compare the data tables", compare(dirs.replica, dirs.twin, "data"));
if (dataStageOnly) {
  console.error(`test:replica: data stage passed (--data-stage: steps 4-5 are in the full npm run test:replica)\n${times.join("\n")}`);
  process.exit(0);
}
// the same model on the replica's data: the replica's samples and data (hard links), the twin run's model
fs.rmSync(dirs.model, { recursive: true, force: true });
fs.mkdirSync(path.join(dirs.model, "work"), { recursive: true });
spawnSync("cp", ["-al", path.join(dirs.replica, "data"), path.join(dirs.model, "data")], { stdio: "inherit" });
for (const f of ["samples_train.csv", "samples_validation.csv"]) fs.copyFileSync(path.join(dirs.replica, "work", f), path.join(dirs.model, "work", f));
for (const f of MODEL_FILES) fs.copyFileSync(path.join(dirs.twin, "work", f), path.join(dirs.model, "work", f));
step("4/5 notebooks 05, 06, 07, 09 on the replica with the twin run's model", workbook("--data", "replica", "--only", "05,06,07,09", "--out", dirs.model));
step("5/5 compare the tables of one model", compare(dirs.model, dirs.twin, "model"));
console.error(`test:replica: passed\n${times.join("\n")}`);
