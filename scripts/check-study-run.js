#!/usr/bin/env node
// A step of `npm test`: checks that a workbook run (notebooks 02–08) followed its study's predictor set all the
// way: the sample CSVs, the chosen model, notebook 06's missing-per-predictor table and the 06/07 closing tables
// name exactly the expected predictors (e.g. no LST for `--set predictors=ascat,amsr2,ndvi,landcover,dem`), and
// every notebook left its tables and figures. Exit code 1, with every failed check listed, when one fails.
//   node scripts/check-study-run.js <run folder> --predictors ascat_sm,amsr2_sm,ndvi,landcover,dem
"use strict";
require("./checkNodeVersion");
const fs = require("fs");
const path = require("path");

/** Rows of a CSV file as objects (RFC 4180 quotes). */
function readCsv(file) {
  const text = fs.readFileSync(file, "utf8");
  const rows = [];
  let row = [], cell = "", q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') q = false; else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ",") { row.push(cell); cell = ""; } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell); rows.push(row); row = []; cell = "";
    } else cell += ch;
  }
  if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
  const [head, ...body] = rows.filter((r) => r.length > 1 || r[0] !== "");
  return { head, rows: body.map((r) => Object.fromEntries(head.map((h, j) => [h, r[j]]))) };
}

/** The failed checks of run folder `outDir` for `predictors` (layer variables); `figures` = the run's figure names. */
function checkStudyRun(outDir, predictors, figures) {
  const fails = [];
  const expect = (ok, what) => { if (!ok) fails.push(what); };
  const want = predictors.join(",");
  const file = (...p) => path.join(outDir, ...p);
  for (const name of ["samples_train.csv", "samples_validation.csv"]) {
    const f = file("work", name);
    if (!fs.existsSync(f)) { fails.push(`${name} missing`); continue; }
    const head = fs.readFileSync(f, "utf8").split(/\r?\n/, 1)[0];
    expect(head === [...predictors, "gldas_sm", "date", "point"].join(","), `work/${name} has columns ${head}, expected ${want},gldas_sm,date,point`);
  }
  const modelFile = file("work", "model_chosen.json");
  if (fs.existsSync(modelFile)) {
    const names = JSON.parse(fs.readFileSync(modelFile, "utf8")).model.attributes.map((a) => a.name).join(",");
    expect(names === want, `work/model_chosen.json uses ${names}, expected ${want}`);
  } else fails.push("work/model_chosen.json missing");
  const tables = ["02_counts", "02_clear_sky_filter", "03_paper_vs_run", "04_rule_count", "04_attribute_usage", "04_paper_vs_run",
    "05_paper_vs_run", "05_metrics_by_group", "06_daily_gaps", "06_missing_by_predictor", "06_overall", "06_paper_vs_run",
    "07_stations", "07_paper_vs_run", "08_baselines"];
  for (const t of tables) expect(fs.existsSync(file("tables", `${t}.csv`)), `tables/${t}.csv missing`);
  const exists = (t) => fs.existsSync(file("tables", `${t}.csv`));
  if (exists("02_clear_sky_filter")) {
    const vars = readCsv(file("tables", "02_clear_sky_filter.csv")).rows.map((r) => r.variable).filter((v) => v !== "gldas_sm" && v !== "clear_sky");
    expect(vars.join(",") === want, `tables/02_clear_sky_filter.csv requires ${vars.join(",")}, expected ${want}`);
  }
  if (exists("06_missing_by_predictor")) {
    const got = readCsv(file("tables", "06_missing_by_predictor.csv")).rows.map((r) => r.predictor).sort().join(",");
    const numeric = predictors.filter((p) => p !== "landcover").sort().join(",");
    expect(got === numeric, `tables/06_missing_by_predictor.csv counts gaps of ${got}, expected ${numeric}`);
  }
  if (exists("04_attribute_usage")) {
    const LABELS = { ascat_sm: "ASCAT", amsr2_sm: "AMSR2", lst: "LST", ndvi: "NDVI", landcover: "Land cover", dem: "DEM" };
    const rows = readCsv(file("tables", "04_attribute_usage.csv")).rows;
    for (const [v, lab] of Object.entries(LABELS)) {
      const r = rows.find((x) => x.attribute === lab);
      if (!r || predictors.includes(v)) continue;
      const cell = r["models % (this run)"];
      expect(cell === "" || cell === "null" || cell === "NaN" || cell === undefined, `tables/04_attribute_usage.csv shows usage ${cell} for ${lab}, which the study left out`);
    }
  }
  for (const t of ["06_paper_vs_run", "07_paper_vs_run"]) {
    if (!exists(t)) continue;
    const row = readCsv(file("tables", `${t}.csv`)).rows.find((r) => r.quantity === "predictors of the model");
    expect(row && row["this run"].split(/,\s*/).join(",") === want, `tables/${t}.csv: predictors of the model = ${row ? row["this run"] : "(no row)"}, expected ${want}`);
  }
  for (const f of ["02_sample_points", "fig3_rule_count", "fig4_scatter", "fig7_monthly_maps", "fig8_pixel_metrics", "fig5_station_series", "fig6_station_scatter", "08_variable_selection"]) {
    expect(figures.includes(f), `figure ${f} missing (the run has ${figures.join(", ") || "none"})`);
  }
  return fails;
}

function main(argv) {
  const outDir = argv[0];
  const at = argv.indexOf("--predictors");
  if (!outDir || at < 0 || !argv[at + 1]) {
    process.stderr.write("usage: node scripts/check-study-run.js <run folder> --predictors ascat_sm,amsr2_sm,…\n");
    return 2;
  }
  const predictors = argv[at + 1].split(",").map((s) => s.trim()).filter(Boolean);
  require("./ts-register");
  const { collectWorkbookOutputs } = require("../src/workbook/workbookReport.ts");
  const figures = collectWorkbookOutputs({ outDir: path.resolve(outDir) }).figures.map((f) => f.name);
  const fails = checkStudyRun(path.resolve(outDir), predictors, figures);
  if (fails.length) {
    process.stderr.write(`check-study-run ${outDir}: ${fails.length} check(s) failed\n${fails.map((f) => `  - ${f}`).join("\n")}\n`);
    return 1;
  }
  process.stderr.write(`check-study-run ${outDir}: samples, model, gap counts, closing tables and figures follow predictors ${predictors.join(", ")}\n`);
  return 0;
}

module.exports = { checkStudyRun, readCsv };
if (require.main === module) process.exitCode = main(process.argv.slice(2));
