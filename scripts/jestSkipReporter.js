// A jest reporter that ends every run with what was skipped and why, so a green run cannot hide a skipped
// cross-check (GDAL, the browser, Jupyter, Python). It also writes the list to
// outputs/test-run/jest-skips.json for scripts/test-summary.js, the last step of `npm test`.
// Reasons come from the tests' own "SKIPPED …" console lines where jest kept them, and from probing the
// tools those tests need.
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");

/** Tools whose absence makes tests skip: what is missing on this machine, one phrase each. */
function missingTools(root) {
  const ok = (cmd, args) => spawnSync(cmd, args, { stdio: "ignore" }).status === 0;
  const out = [];
  if (!ok("gdalinfo", ["--version"])) out.push("GDAL (gdalinfo: apt-get install -y gdal-bin)");
  if (!ok("jupyter", ["nbconvert", "--version"])) out.push("Jupyter (jupyter nbconvert: apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client jupyter-core)");
  if (!ok("python3", ["-c", "import csv"])) out.push("Python 3 (python3)");
  const browser = fs.existsSync("/usr/bin/chromium") || fs.existsSync(path.join(root, "node_modules/@sparticuz/chromium/bin/chromium.br"));
  if (!browser) out.push("a browser (Debian chromium: apt-get install -y chromium; or the packaged one: npm install --include=optional)");
  return out;
}

/** The skipped tests of a jest AggregatedResult: [{ file, test, reasons }]. */
function skippedTests(results, root) {
  const out = [];
  for (const file of results.testResults || []) {
    const rel = path.relative(root, file.testFilePath);
    const reasons = (file.console || []).map((c) => String(c.message)).filter((m) => /SKIPPED/.test(m)).map((m) => m.split("\n")[0]);
    for (const t of file.testResults || []) {
      if (t.status === "pending" || t.status === "skipped" || t.status === "todo") out.push({ file: rel, test: t.fullName, reasons });
    }
  }
  return out;
}

/** The lines printed at the end of the run. */
function skipReport(skips, missing) {
  if (!skips.length) return ["skipped tests: none"];
  const lines = [`SKIPPED ${skips.length} test(s):`];
  for (const s of skips) lines.push(`  - ${s.file} › ${s.test}${s.reasons.length ? ` (${s.reasons.join("; ")})` : ""}`);
  lines.push(missing.length ? `  missing on this machine: ${missing.join("; ")}` : "  (no missing tool found: see the tests' own conditions)");
  return lines;
}

class SkipReporter {
  constructor(globalConfig) {
    this.root = globalConfig.rootDir;
  }
  onRunComplete(_contexts, results) {
    const skips = skippedTests(results, this.root);
    const missing = skips.length ? missingTools(this.root) : [];
    process.stderr.write(`\n${skipReport(skips, missing).join("\n")}\n`);
    try {
      const dir = path.join(this.root, "outputs", "test-run");
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, "jest-skips.json");
      fs.writeFileSync(`${file}.tmp-${process.pid}`, JSON.stringify({ skips, missing }, null, 1) + "\n");
      fs.renameSync(`${file}.tmp-${process.pid}`, file);
    } catch (e) {
      process.stderr.write(`jestSkipReporter: could not write outputs/test-run/jest-skips.json: ${e.message}\n`);
    }
  }
}

module.exports = SkipReporter;
module.exports.skippedTests = skippedTests;
module.exports.skipReport = skipReport;
module.exports.missingTools = missingTools;
