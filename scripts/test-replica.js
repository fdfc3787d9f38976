#!/usr/bin/env node
// `npm run test:replica [-- --out DIR]`: the end-to-end test of the provider replica on `tiny` (not part of
// `npm test`: 32.5 minutes measured on 2 shared cores).
//   1. the workbook on the twin                         DIR/twin
//   2. the workbook through the replica                 DIR/replica   (--data replica --twin-vars landcover,dem)
//   3. compare the data tables (01, 02, the samples)     scripts/compare-workbook-runs.js --stage data
//   4. notebooks 05, 06, 07, 09 on the replica's files with the twin run's model   DIR/replica-model
//   5. compare the tables computed with that one model   --stage model
// Land cover and elevation stay on the twin: read from files, the twin's window cells get the aggregate of its 1 km
// statics instead of its own 0.25° draw, which moves every sample point (DESIGN.md). A refitted model cannot be
// compared to a tolerance (step 4 gives both runs the same model). Exit 1 at the first failing step.
"use strict";
require("./checkNodeVersion");
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
const outArg = args.indexOf("--out");
const out = path.resolve(root, outArg >= 0 ? args[outArg + 1] : "outputs/test-replica");
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
const dirs = { twin: path.join(out, "twin"), replica: path.join(out, "replica"), model: path.join(out, "replica-model") };

step("1/5 workbook on the twin", workbook("--out", dirs.twin));
step("2/5 workbook through the replica", workbook("--data", "replica", "--twin-vars", "landcover,dem", "--out", dirs.replica));
step("3/5 compare the data tables", compare(dirs.replica, dirs.twin, "data"));
// the same model on the replica's data: the replica's samples and data (hard links), the twin run's model
fs.rmSync(dirs.model, { recursive: true, force: true });
fs.mkdirSync(path.join(dirs.model, "work"), { recursive: true });
spawnSync("cp", ["-al", path.join(dirs.replica, "data"), path.join(dirs.model, "data")], { stdio: "inherit" });
for (const f of ["samples_train.csv", "samples_validation.csv"]) fs.copyFileSync(path.join(dirs.replica, "work", f), path.join(dirs.model, "work", f));
for (const f of ["model_chosen.json", "model_full.json", "rule_count.json"]) fs.copyFileSync(path.join(dirs.twin, "work", f), path.join(dirs.model, "work", f));
step("4/5 notebooks 05, 06, 07, 09 on the replica with the twin run's model", workbook("--data", "replica", "--twin-vars", "landcover,dem", "--only", "05,06,07,09", "--out", dirs.model));
step("5/5 compare the tables of one model", compare(dirs.model, dirs.twin, "model"));
console.error(`test:replica: passed\n${times.join("\n")}`);
