#!/usr/bin/env node
// `npm run workbook [-- options]`: runs every notebook in notebooks/ in file-name order, headless,
// one process per notebook, and writes the executed notebooks to <out>/notebooks/.
"use strict";
require("./checkNodeVersion");
const fs = require("fs");
const path = require("path");
const { spawn } = require("child_process");

const root = path.resolve(__dirname, "..");

const USAGE = `usage: npm run workbook [-- [--only 01,03] [--config default|tiny] [--out DIR] [--timeout SEC] [--list]]

  --only P[,P…]   run only the notebooks whose file names start with one of the prefixes
  --config NAME   data configuration passed to the notebooks as SM_CONFIG (default: default)
  --out DIR       output folder: DIR/notebooks, DIR/figures, DIR/tables (default: outputs)
  --timeout SEC   per-cell limit in seconds (default: 900; 0 = none)
  --list          print the notebooks that would run, and exit`;

function parse(argv) {
  const opts = { only: [], config: process.env.SM_CONFIG || "default", out: "outputs", timeout: 900, list: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) throw new Error(`option ${a} needs a value`);
      return argv[++i];
    };
    if (a === "--only") opts.only = value().split(",").map((s) => s.trim()).filter(Boolean);
    else if (a === "--config") {
      opts.config = value();
      if (!/^[a-z][a-z0-9_-]*$/.test(opts.config)) throw new Error(`--config must be a configuration name such as default or tiny, got '${opts.config}'`);
    } else if (a === "--out") opts.out = value();
    else if (a === "--timeout") {
      const v = value();
      opts.timeout = Number(v);
      if (!Number.isFinite(opts.timeout) || opts.timeout < 0) throw new Error(`--timeout must be a number of seconds >= 0, got '${v}'`);
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
  const nbDir = path.join(root, "notebooks");
  let notebooks;
  try {
    notebooks = listNotebooks(nbDir, opts.only);
  } catch (e) {
    console.error(`workbook: ${e.message}`);
    return 2;
  }
  if (opts.list) { console.log(notebooks.join("\n")); return 0; }
  const outDir = path.resolve(root, opts.out);
  for (const sub of ["notebooks", "figures", "tables"]) fs.mkdirSync(path.join(outDir, sub), { recursive: true });
  const env = { ...process.env, SM_CONFIG: opts.config, SM_OUTPUT_DIR: outDir };
  const started = Date.now();
  console.error(`workbook: ${notebooks.length} notebook(s), config '${opts.config}', outputs in ${path.relative(root, outDir) || "."}/`);
  for (let k = 0; k < notebooks.length; k++) {
    const nb = notebooks[k];
    const label = `${k + 1}/${notebooks.length} ${nb}`;
    console.error(`workbook: notebook ${label} (${((Date.now() - started) / 1000).toFixed(1)} s elapsed)`);
    const args = [path.join(__dirname, "run-notebook.js"), "--root", root, "--out", path.join(outDir, "notebooks", nb), "--label", label];
    if (opts.timeout > 0) args.push("--timeout", String(opts.timeout));
    args.push(path.join(nbDir, nb));
    const code = await runChild(args, env);
    if (code !== 0) {
      console.error(`workbook: FAILED in notebooks/${nb} (see the cell named above; partial output in ${path.relative(root, path.join(outDir, "notebooks", nb))})`);
      return 1;
    }
  }
  console.error(`workbook: all ${notebooks.length} notebook(s) ran in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

main().then((code) => { process.exitCode = code; });
