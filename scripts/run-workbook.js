#!/usr/bin/env node
// `npm run workbook [-- options]`: runs every notebook in notebooks/ in file-name order, headless,
// one process per notebook, and writes the executed notebooks to <out>/notebooks/.
"use strict";
require("./checkNodeVersion");
const fs = require("fs");
const path = require("path");
const { spawn, spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");

const USAGE = `usage: npm run workbook [-- [--only 01,03] [--config default|tiny] [--data twin|replica|real [--twin-vars V,V]] [--set KEY=VALUE]… [--study FILE.json] [--out DIR] [--timeout SEC] [--chromium PATH] [--browser auto|system|bundled] [--list]]

  --only P[,P…]   run only the notebooks whose file names start with one of the prefixes
  --config NAME   data configuration passed to the notebooks as SM_CONFIG (default: default)
  --data MODE     where the data come from (SM_DATA): twin (default) the synthetic twin directly; replica the twin
                  exported as the providers distribute it, served on 127.0.0.1, fetched through the real manifests
                  of data-manifests/ and read through the product readers (work files in OUT/data/); real the
                  real files already fetched into SM_DATA_DIR/real/<product id>/ (SM_REAL_DIR). replica and real
                  write a routed study manifest to OUT/data/study.json (data-manifests/study.json is not edited)
  --twin-vars V,V with --data replica|real: keep these product-routed variables on the twin (SM_TWIN_VARS), e.g.
                  ascat_sm without H SAF access, or landcover,dem to compare a replica run on the twin's 0.25° statics
  --set KEY=VALUE study setting (repeatable), e.g. --set predictors=ascat,amsr2,ndvi,dem,landcover
                  --set rules=cv-1se; settings: predictors, rules (paper|cv-1se|N), committees, neighbours,
                  clearSky (all-valid|fraction), calibrationYears, validationYears, resampling
                  (nearest|bilinear). Passed to the notebooks as SM_STUDY (src/workbook/studyOptions.ts)
  --study FILE    JSON object of study settings (SM_STUDY_FILE); --set values override it
  --out DIR       output folder: DIR/notebooks, DIR/figures, DIR/tables (default: outputs)
  --timeout SEC   per-cell limit in seconds (default: 900; 0 = none)
  --chromium PATH browser for figure export, tried first (sets SM_CHROMIUM)
  --browser MODE  auto (default): SM_CHROMIUM, system Chrome/Chromium/Edge, then the packaged Chromium;
                  system: installed browsers only; bundled: the packaged Chromium only (sets SM_BROWSER)
  --list          print the notebooks that would run, and exit`;

/** The data configurations the notebooks know (src/twin/twinConfig.ts `twinConfig`, src/workbook/studyPlan.ts). */
const CONFIGS = ["default", "tiny"];
/** Where the data come from (src/workbook/studyRouting.ts `DATA_MODES`). */
const DATA_MODES = ["twin", "replica", "real"];

function checkData(value, what) {
  if (!DATA_MODES.includes(value)) throw new Error(`${what} must be one of ${DATA_MODES.join(", ")}, got '${value}'`);
  return value;
}

function checkConfig(name, what) {
  if (!CONFIGS.includes(name)) throw new Error(`${what} must be one of ${CONFIGS.join(", ")}, got '${name}'`);
  return name;
}

function parse(argv) {
  const env = process.env.SM_CONFIG;
  const dataEnv = process.env.SM_DATA;
  const opts = { only: [], config: env === undefined || env === "" ? "default" : checkConfig(env, "SM_CONFIG (environment)"), data: dataEnv === undefined || dataEnv === "" ? "twin" : checkData(dataEnv, "SM_DATA (environment)"), out: "outputs", timeout: 900, list: false, chromium: null, browser: null, set: [], study: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) throw new Error(`option ${a} needs a value`);
      return argv[++i];
    };
    if (a === "--only") {
      const v = value();
      opts.only = v.split(",").map((s) => s.trim()).filter(Boolean);
      if (!opts.only.length) throw new Error(`--only needs notebook prefixes such as 01 or 01,05, got '${v}'`);
    } else if (a === "--set") opts.set.push(value());
    else if (a === "--study") opts.study = path.resolve(value());
    else if (a === "--config") opts.config = checkConfig(value(), "--config");
    else if (a === "--data") opts.data = checkData(value(), "--data");
    else if (a === "--twin-vars") opts.twinVars = value();
    else if (a === "--out") {
      opts.out = value();
      if (opts.out.trim() === "") throw new Error("--out needs a folder, got ''");
    } else if (a === "--timeout") {
      const v = value();
      opts.timeout = /^\s*\d+(\.\d*)?\s*$/.test(v) ? Number(v) : NaN;
      if (!Number.isFinite(opts.timeout) || opts.timeout < 0) throw new Error(`--timeout must be a number of seconds >= 0, got '${v}'`);
    } else if (a === "--chromium") opts.chromium = path.resolve(value());
    else if (a === "--browser") {
      opts.browser = value();
      if (!["auto", "system", "bundled"].includes(opts.browser)) throw new Error(`--browser must be auto, system or bundled, got '${opts.browser}'`);
    } else if (a === "--list") opts.list = true;
    else if (a === "--help" || a === "-h") opts.help = true;
    else throw new Error(`unknown option '${a}' (see --help)`);
  }
  return opts;
}

function listNotebooks(dir, only) {
  const all = fs.readdirSync(dir).filter((f) => /^\d\d_.*\.ipynb$/.test(f)).sort();
  if (!only.length) return all;
  const chosen = all.filter((f) => only.some((p) => f.startsWith(p)));
  const unmatched = only.filter((p) => !all.some((f) => f.startsWith(p)));
  if (unmatched.length) throw new Error(`--only: no notebook starts with ${unmatched.map((p) => `'${p}'`).join(", ")} (have: ${all.join(", ")})`);
  return chosen;
}

/** Versions shown in the report: Node, the project, the packages the workbook depends on, the commit. */
function versions() {
  const out = { node: process.version, platform: `${process.platform} ${process.arch}` };
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  out["sm-downscale"] = pkg.version;
  for (const name of ["tslab", "typescript", "plotly.js-dist-min", "playwright-core", "@sparticuz/chromium", "geotiff", "h5wasm"]) {
    try {
      out[name] = JSON.parse(fs.readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")).version;
    } catch {
      out[name] = "not installed";
    }
  }
  const git = spawnSync("git", ["describe", "--always", "--dirty"], { cwd: root, encoding: "utf8" });
  if (git.status === 0) out.commit = git.stdout.trim();
  return out;
}

function runChild(args, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("exit", (code, signal) => resolve(signal ? 1 : code));
  });
}

async function main() {
  let opts;
  try {
    opts = parse(process.argv.slice(2));
  } catch (e) {
    console.error(`workbook: ${e.message}`);
    return 2;
  }
  if (opts.help) { console.log(USAGE); return 0; }
  let twinVariables = [];
  try {
    require("./ts-register");
    const { parseTwinVariables } = require("../src/workbook/studyRouting.ts");
    const given = opts.twinVars !== undefined;
    twinVariables = parseTwinVariables(given ? opts.twinVars : process.env.SM_TWIN_VARS, given ? "--twin-vars" : "SM_TWIN_VARS (environment)");
    if (twinVariables.length && opts.data === "twin") throw new Error(`${given ? "--twin-vars" : "SM_TWIN_VARS (environment)"} needs --data replica or --data real (with --data twin every variable is on the twin)`);
  } catch (e) {
    console.error(`workbook: ${e.message}`);
    return 2;
  }
  // The study settings are validated here, before any notebook runs (the notebooks resolve them again).
  const studyEnv = { SM_STUDY: opts.set.length ? opts.set.join(";") : process.env.SM_STUDY, SM_STUDY_FILE: opts.study ?? process.env.SM_STUDY_FILE };
  for (const k of Object.keys(studyEnv)) if (!studyEnv[k]) delete studyEnv[k];
  let studyLine = "";
  try {
    require("./ts-register");
    const { studyOptionsFromEnv, studyOptionsRows } = require("../src/workbook/studyOptions.ts");
    const rows = studyOptionsRows(studyOptionsFromEnv(studyEnv)).filter((r) => r.differs);
    studyLine = `workbook: study ${rows.length ? rows.map((r) => `${r.setting}=${r.value}`).join(" ") : "= the paper's choices"}`;
  } catch (e) {
    console.error(`workbook: ${e.message}`);
    return 2;
  }
  const nbDir = path.join(root, "notebooks");
  let notebooks;
  try {
    notebooks = listNotebooks(nbDir, opts.only);
  } catch (e) {
    console.error(`workbook: ${e.message}`);
    return 2;
  }
  if (opts.list) { console.error(studyLine); console.log(notebooks.join("\n")); return 0; }
  const outDir = path.resolve(root, opts.out);
  try {
    for (const sub of ["notebooks", "figures", "tables"]) fs.mkdirSync(path.join(outDir, sub), { recursive: true });
  } catch (e) {
    console.error(`workbook: --out ${opts.out}: cannot create the output folders (${e && e.code ? e.code : e && e.message})`);
    return 2;
  }
  const env = { ...process.env, SM_CONFIG: opts.config, SM_OUTPUT_DIR: outDir, ...studyEnv, SM_DATA: opts.data };
  delete env.SM_STUDY_MANIFEST;
  if (opts.data !== "twin") {
    // replica: export, serve, fetch through the real manifests; real: check the fetched files. Before any notebook.
    const t0 = Date.now();
    try {
      const { prepareDataRun } = require("../src/workbook/prepareDataRun.ts");
      const dataDir = path.resolve(root, process.env.SM_DATA_DIR || "data");
      const prepared = await prepareDataRun({ mode: opts.data, config: opts.config, root, outDir, dataDir, realDir: process.env.SM_REAL_DIR ? path.resolve(process.env.SM_REAL_DIR) : undefined, twinVariables, log: (m) => console.error(`workbook: ${m}`) });
      Object.assign(env, prepared.env);
    } catch (e) {
      console.error(`workbook: --data ${opts.data}: ${e && e.message ? e.message : e}`);
      return opts.data === "real" ? 2 : 1;
    }
    console.error(`workbook: --data ${opts.data} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  if (opts.chromium) env.SM_CHROMIUM = opts.chromium;
  if (opts.browser) env.SM_BROWSER = opts.browser;
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const runs = notebooks.map((name) => ({ name, status: "not run", seconds: 0 }));
  // The report page and the run's summary come from tested code in src/workbook/workbookReport.ts.
  const finish = () => {
    try {
      require("./ts-register");
      const { writeWorkbookReport } = require("../src/workbook/workbookReport.ts");
      const r = writeWorkbookReport({ outDir, config: opts.config, startedAt, seconds: (Date.now() - started) / 1000, notebooks: runs, versions: versions() });
      console.error(`workbook: ${r.summary}`);
      console.error(`workbook: report ${path.relative(root, r.path) || r.path}`);
    } catch (e) {
      console.error(`workbook: the report could not be written: ${e && e.message ? e.message : e}`);
    }
  };
  // printed only now, so that a refused option (--only, --out) stays a one-line error
  console.error(studyLine);
  console.error(`workbook: ${notebooks.length} notebook(s), config '${opts.config}', data '${opts.data}', outputs in ${path.relative(root, outDir) || "."}/`);
  for (let k = 0; k < notebooks.length; k++) {
    const nb = notebooks[k];
    const label = `${k + 1}/${notebooks.length} ${nb}`;
    console.error(`workbook: notebook ${label} (${((Date.now() - started) / 1000).toFixed(1)} s elapsed)`);
    const args = [path.join(__dirname, "run-notebook.js"), "--root", root, "--out", path.join(outDir, "notebooks", nb), "--label", label];
    if (opts.timeout > 0) args.push("--timeout", String(opts.timeout));
    args.push(path.join(nbDir, nb));
    const t0 = Date.now();
    const code = await runChild(args, env);
    runs[k].seconds = (Date.now() - t0) / 1000;
    runs[k].status = code === 0 ? "ok" : "failed";
    if (code !== 0) {
      console.error(`workbook: FAILED in notebooks/${nb} (see the cell named above; partial output in ${path.relative(root, path.join(outDir, "notebooks", nb))})`);
      finish();
      return 1;
    }
  }
  console.error(`workbook: all ${notebooks.length} notebook(s) ran in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  finish();
  return 0;
}

main().then((code) => { process.exitCode = code; });
