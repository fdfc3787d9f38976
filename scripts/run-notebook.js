#!/usr/bin/env node
// Executes one .ipynb headlessly with tslab's own converter and executor, so cells behave exactly as
// in the Jupyter kernel (declarations carry over, top-level await, tslab.display), and writes the
// executed notebook with nbformat outputs (stream, display_data, execute_result, error) and
// execution counts. One notebook per process: tslab keeps globals between cells.
//
// usage: node scripts/run-notebook.js [--root DIR] [--out FILE] [--timeout SEC] [--allow-errors]
//                                     [--label TEXT] NOTEBOOK.ipynb
// exit: 0 all cells ran, 1 a cell failed (named on stderr), 2 usage or internal error.
"use strict";
require("./checkNodeVersion");
const fs = require("fs");
const path = require("path");
const util = require("util");
const { createRequire } = require("module");

/** The exact tslab version whose internals this runner drives (dist/converter, executor, jupyter). */
const TSLAB_VERSION = "1.0.22";

function parseCli(argv) {
  const opts = { root: process.cwd(), out: null, timeout: 0, allowErrors: false, label: null, notebook: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`option ${a} needs a value`);
      return argv[++i];
    };
    if (a === "--root") opts.root = path.resolve(value());
    else if (a === "--out") opts.out = path.resolve(value());
    else if (a === "--timeout") {
      const v = value();
      opts.timeout = Number(v);
      if (!Number.isFinite(opts.timeout) || opts.timeout < 0) throw new Error(`--timeout must be a number of seconds >= 0, got '${v}'`);
    } else if (a === "--allow-errors") opts.allowErrors = true;
    else if (a === "--label") opts.label = value();
    else if (a.startsWith("-")) throw new Error(`unknown option '${a}'`);
    else if (opts.notebook) throw new Error(`only one notebook per run, got '${opts.notebook}' and '${a}'`);
    else opts.notebook = path.resolve(a);
  }
  if (!opts.notebook) throw new Error("no notebook given");
  return opts;
}

/** Loads tslab's internals from the project, refusing any other version than the one we drive. */
function loadTslab(root) {
  const req = createRequire(path.join(root, "package.json"));
  let version;
  try {
    version = req("tslab/package.json").version;
  } catch (e) {
    throw new Error(`tslab is not installed under ${root} (run npm install): ${e.message}`);
  }
  if (version !== TSLAB_VERSION) {
    throw new Error(`this runner drives tslab ${TSLAB_VERSION} internals, but tslab ${version} is installed; pin tslab to ${TSLAB_VERSION} or update scripts/run-notebook.js`);
  }
  // tslab compiles through a TypeScript *watch* program. In a batch run, a file changing under the project
  // (outputs, the data cache, an editor) fires its watchers and tslab throws "Unexpected pending rebuildTimer"
  // mid-cell. A headless run compiles a snapshot: turn the file watchers off before the converter exists.
  const ts = createRequire(req.resolve("tslab/package.json"))("@tslab/typescript-for-tslab");
  const noWatch = () => ({ close() {} });
  ts.sys.watchFile = noWatch;
  ts.sys.watchDirectory = noWatch;
  const converter = req("tslab/dist/converter");
  const executor = req("tslab/dist/executor");
  const jupyter = req("tslab/dist/jupyter");
  for (const [name, ok] of [
    ["converter.createConverter", typeof converter.createConverter === "function"],
    ["executor.createExecutor", typeof executor.createExecutor === "function"],
    ["jupyter.lastWriteDisplayData", Object.prototype.hasOwnProperty.call(jupyter, "lastWriteDisplayData")],
  ]) {
    if (!ok) throw new Error(`tslab ${version} no longer exposes ${name}; scripts/run-notebook.js must be updated`);
  }
  return { converter, executor, jupyter };
}

/** nbformat stores multi-line text as a list of lines, each keeping its newline. */
function toLines(text) {
  const parts = text.split(/(?<=\n)/);
  return parts.length && parts[parts.length - 1] === "" ? parts.slice(0, -1) : parts;
}

const BINARY_MIME = /^(image\/(png|jpeg|gif)|application\/pdf)$/;

function finaliseOutput(o) {
  if (o.output_type === "stream") return { ...o, text: toLines(o.text) };
  if (o.output_type === "display_data" || o.output_type === "execute_result") {
    const data = {};
    for (const [mime, v] of Object.entries(o.data)) {
      if (typeof v === "string" && !BINARY_MIME.test(mime) && !mime.endsWith("json")) data[mime] = toLines(v);
      else data[mime] = v;
    }
    const out = { ...o, data };
    delete out.display_id;
    return out;
  }
  return o;
}

function sourceOf(cell) {
  return Array.isArray(cell.source) ? cell.source.join("") : String(cell.source || "");
}

function formatSeconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function run(opts) {
  const started = Date.now();
  const nb = JSON.parse(fs.readFileSync(opts.notebook, "utf8"));
  if (!Array.isArray(nb.cells)) throw new Error(`${opts.notebook} is not a notebook (no cells array)`);
  const name = opts.label || path.basename(opts.notebook);
  const realStdoutWrite = process.stdout.write.bind(process.stdout);
  const realStderrWrite = process.stderr.write.bind(process.stderr);
  const progress = (text) => realStderrWrite(`${text}\n`);

  process.chdir(opts.root); // tslab roots its compiler at the cwd: notebooks import "./src/...".
  const { converter, executor: executorModule, jupyter } = loadTslab(opts.root);
  let outputs = [];
  let lastError = null;
  let stderrText = "";

  const appendStream = (streamName, text) => {
    const last = outputs[outputs.length - 1];
    if (last && last.output_type === "stream" && last.name === streamName) last.text += text;
    else outputs.push({ output_type: "stream", name: streamName, text });
    if (streamName === "stderr") stderrText += text;
  };
  const cellConsole = {
    log: (...args) => {
      const text = args.length === 1 && typeof args[0] !== "string" ? util.inspect(args[0]) : util.format(...args);
      outputs.push({ output_type: "execute_result", data: { "text/plain": text }, metadata: {}, execution_count: null });
    },
    error: (...args) => {
      for (const a of args) if (a instanceof Error) lastError = a;
      appendStream("stderr", util.format(...args) + "\n");
    },
  };
  jupyter.lastWriteDisplayData = (message, update) => {
    const id = message.transient && message.transient.display_id;
    const output = { output_type: "display_data", data: message.data, metadata: message.metadata || {}, display_id: id };
    if (update && id) {
      const at = outputs.findIndex((o) => o.display_id === id);
      if (at >= 0) { outputs[at] = output; return; }
    }
    outputs.push(output);
  };

  const warmStart = Date.now();
  const convs = {
    _node: converter.createConverter({ isJS: false, isBrowser: false }),
    _browser: null,
    get node() { return this._node; },
    get browser() { return this._browser || (this._browser = converter.createConverter({ isJS: false, isBrowser: true })); },
    close() { this._node.close(); if (this._browser) this._browser.close(); },
  };
  const executor = executorModule.createExecutor(opts.root, convs, cellConsole);
  const warmMs = Date.now() - warmStart;

  const codeCells = nb.cells.filter((c) => c.cell_type === "code");
  let count = 0;
  let failure = null;
  const times = [];
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    if (failure && !opts.allowErrors) {
      cell.outputs = [];
      cell.execution_count = null;
      continue;
    }
    count++;
    progress(`[${name}] cell ${count}/${codeCells.length} … (${formatSeconds(Date.now() - started)} elapsed)`);
    outputs = [];
    lastError = null;
    stderrText = "";
    process.stdout.write = (chunk, enc, cb) => { appendStream("stdout", typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(enc || "utf8")); if (typeof cb === "function") cb(); return true; };
    process.stderr.write = (chunk, enc, cb) => { appendStream("stderr", typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(enc || "utf8")); if (typeof cb === "function") cb(); return true; };
    const t0 = Date.now();
    let ok;
    let timedOut = false;
    // An exception thrown later from a timer or callback the cell started would otherwise kill the process
    // without naming the cell: turn it into this cell's failure.
    let onCrash;
    const crashed = new Promise((resolve) => {
      onCrash = (e) => { lastError = e instanceof Error ? e : new Error(String(e)); resolve(false); };
      process.on("uncaughtException", onCrash);
      process.on("unhandledRejection", onCrash);
    });
    try {
      const execution = Promise.race([executor.execute(sourceOf(cell)), crashed]);
      if (opts.timeout > 0) {
        let timer;
        const limit = new Promise((resolve) => {
          timer = setTimeout(() => { timedOut = true; executor.interrupt(); resolve(false); }, opts.timeout * 1000);
        });
        ok = await Promise.race([execution, limit]);
        clearTimeout(timer);
      } else {
        ok = await execution;
      }
    } catch (e) {
      lastError = e;
      ok = false;
    } finally {
      process.off("uncaughtException", onCrash);
      process.off("unhandledRejection", onCrash);
      process.stdout.write = realStdoutWrite;
      process.stderr.write = realStderrWrite;
    }
    times.push(Date.now() - t0);
    for (const o of outputs) if (o.output_type === "execute_result") o.execution_count = count;
    if (!ok) {
      let ename;
      let evalue;
      let traceback;
      if (timedOut) {
        ename = "TimeoutError";
        evalue = `cell did not finish within ${opts.timeout} s`;
        traceback = [`${ename}: ${evalue}`];
      } else if (lastError) {
        ename = lastError.name || "Error";
        evalue = lastError.message || String(lastError);
        traceback = String(lastError.stack || `${ename}: ${evalue}`).split("\n");
      } else {
        // No Error object: tslab printed TypeScript diagnostics ("line:col - message") to stderr.
        ename = "CompileError";
        evalue = stderrText.trim() || "the cell did not compile";
        traceback = [`${ename}: ${evalue}`];
      }
      outputs.push({ output_type: "error", ename, evalue, traceback });
      failure = { cell: count, ename, evalue, traceback };
    }
    cell.outputs = outputs.map(finaliseOutput);
    cell.execution_count = count;
  }
  executor.close();

  nb.metadata = nb.metadata || {};
  nb.metadata.kernelspec = nb.metadata.kernelspec || { name: "tslab", display_name: "TypeScript (tslab)", language: "typescript" };
  nb.metadata.language_info = { name: "typescript", file_extension: ".ts", mimetype: "text/typescript", version: "5.0.4", codemirror_mode: { name: "typescript" } };
  const target = opts.out || opts.notebook;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(nb, null, 1) + "\n");
  fs.renameSync(tmp, target);

  const total = Date.now() - started;
  progress(`${name}: ${codeCells.length} code cells, warm-up ${warmMs} ms, cells ${times.join("/")} ms, total ${total} ms`);
  if (failure) {
    progress(`${name}: cell ${failure.cell} failed: ${failure.ename}: ${failure.evalue}`);
    if (failure.traceback.length > 1) progress(failure.traceback.slice(1, 12).join("\n"));
    return 1;
  }
  return 0;
}

if (require.main === module) {
  let opts;
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`run-notebook: ${e.message}\n`);
    process.exit(2);
  }
  run(opts).then(
    (code) => process.exit(code),
    (e) => { process.stderr.write(`run-notebook: ${e && e.stack ? e.stack : e}\n`); process.exit(2); },
  );
}

module.exports = { run, parseCli, toLines, TSLAB_VERSION };
