#!/usr/bin/env node
// `node scripts/compare-workbook-runs.js RUN REFERENCE [--stage data|model]`: compares the tables of two workbook
// output folders (a `--data replica` run against the `--data twin` run) with the per-table tolerances of
// src/workbook/replicaTolerances.ts — `data` (default): the tables up to the samples, REPLICA_TOLERANCES; `model`:
// the tables computed with one model (the twin run's, given to the replica run), SAME_MODEL_TOLERANCES — prints
// each table's largest differences and exits 1 when a compared table is beyond its tolerance, differs in shape or
// exists in one run only (2: usage). Tables without an entry are listed as not compared.
"use strict";
require("./checkNodeVersion");
const fs = require("fs");
const path = require("path");

function main(argv) {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log("usage: node scripts/compare-workbook-runs.js RUN REFERENCE [--stage data|model]   (workbook output folders holding tables/)");
    return 0;
  }
  let stage = "data";
  const i = argv.indexOf("--stage");
  if (i >= 0) {
    stage = argv[i + 1];
    argv = argv.slice(0, i).concat(argv.slice(i + 2));
    if (stage !== "data" && stage !== "model") { console.error(`compare-workbook-runs: --stage must be data or model, got '${stage}'`); return 2; }
  }
  if (argv.length !== 2) { console.error("compare-workbook-runs: give two workbook output folders: RUN REFERENCE"); return 2; }
  for (const d of argv) if (!fs.existsSync(path.join(d, "tables"))) { console.error(`compare-workbook-runs: ${d} has no tables/ folder (not a workbook output folder)`); return 2; }
  require("./ts-register");
  const { compareRuns } = require("../src/workbook/compareRuns.ts");
  const { REPLICA_TOLERANCES, SAME_MODEL_TOLERANCES } = require("../src/workbook/replicaTolerances.ts");
  const results = compareRuns(argv[0], argv[1], stage === "model" ? SAME_MODEL_TOLERANCES : REPLICA_TOLERANCES, { listedOnly: true });
  const fmt = (x) => (x === 0 ? "0" : x.toPrecision(2));
  let bad = 0, skipped = 0;
  for (const r of results) {
    if (r.status === "not compared") { skipped++; console.log(`--   ${r.table.padEnd(24)} not compared at stage ${stage}`); continue; }
    if (r.status !== "ok") bad++;
    const cols = Object.entries(r.maxAbs).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
    const diffs = cols.length ? cols.slice(0, 4).map(([c, v]) => `${c} ${fmt(v)}`).join(", ") + (cols.length > 4 ? `, … (${cols.length} columns differ)` : "") : "identical";
    console.log(`${r.status === "ok" ? "ok  " : "FAIL"} ${r.table.padEnd(24)} ${String(r.rows).padStart(4)} rows  tol ${r.tolerance.abs}${r.tolerance.rel ? ` + ${r.tolerance.rel}·|b|` : ""}  max |d|: ${diffs}`);
    for (const p of r.problems) console.log(`       ${r.status}: ${p}`);
  }
  console.log(`stage ${stage}: ${results.length - skipped - bad} of ${results.length - skipped} compared tables within tolerance, ${skipped} not compared (${argv[0]} vs ${argv[1]})`);
  return bad ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
