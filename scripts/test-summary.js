#!/usr/bin/env node
// The last step of `npm test`: lists what the run skipped — jest tests (outputs/test-run/jest-skips.json,
// written by scripts/jestSkipReporter.js) and workbook figures whose export was skipped (the executed
// notebooks in outputs/test-run) — and, under CI (CI=true), fails when anything was skipped.
"use strict";
require("./checkNodeVersion");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const outDir = path.resolve(root, process.argv[2] || "outputs/test-run");

function main() {
  const lines = [];
  let skipped = 0;
  const skipsFile = path.join(outDir, "jest-skips.json");
  if (fs.existsSync(skipsFile)) {
    const { skips, missing } = JSON.parse(fs.readFileSync(skipsFile, "utf8"));
    skipped += skips.length;
    const { skipReport } = require("./jestSkipReporter");
    lines.push(...skipReport(skips, missing));
  } else {
    lines.push(`skipped tests: unknown (${path.relative(root, skipsFile)} not written: did jest run with scripts/jestSkipReporter.js?)`);
  }
  require("./ts-register");
  const { collectWorkbookOutputs } = require("../src/workbook/workbookReport.ts");
  const figures = collectWorkbookOutputs({ outDir }).figures;
  const notExported = figures.filter((f) => f.status === "skipped");
  skipped += notExported.length;
  if (notExported.length) lines.push(`SKIPPED ${notExported.length} figure export(s) in the workbook run (${notExported.map((f) => f.name).join(", ")}): ${notExported[0].message}`);
  else lines.push(`workbook figures: ${figures.length} exported, none skipped`);
  process.stderr.write(`\n== npm test: what was skipped\n${lines.join("\n")}\n`);
  if (skipped && process.env.CI === "true") {
    process.stderr.write(`test-summary: CI=true and ${skipped} check(s) were skipped: CI installs everything, so nothing may be skipped\n`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
