import * as fs from "node:fs";
import * as path from "node:path";
import { parseCsv } from "./parseCsv";
import { writeFileAtomic } from "../io/writeFileAtomic";

/** One notebook of a workbook run, as the runner timed it. */
export interface NotebookRun {
  /** File name, e.g. "05_validation.ipynb". */
  name: string;
  status: "ok" | "failed" | "not run";
  /** Wall time, s. */
  seconds: number;
}

/** One figure of a run: the files written (paths relative to the output folder) or why export was skipped. */
export interface ReportFigure {
  name: string;
  /** The notebook that made it (from the executed notebooks), or "" when only the files are known. */
  notebook: string;
  status: "exported" | "skipped";
  /** Relative paths by format, e.g. { png: "figures/fig4_scatter.png", … }. */
  files: Partial<Record<"png" | "svg" | "pdf", string>>;
  /** For a skipped figure, the reason the notebook printed. */
  message: string;
}

/** One table of a run (a CSV in `<out>/tables`). */
export interface ReportTable {
  name: string;
  /** Relative path, e.g. "tables/05_paper_vs_run.csv". */
  file: string;
  columns: string[];
  rows: string[][];
}

/** A headline number: one row of a "paper vs this run" table. */
export interface Headline {
  label: string;
  paper: string;
  run: string;
  /** The table it comes from. */
  table: string;
}

/** What a run left in its output folder, read back from the files and the executed notebooks. */
export interface WorkbookOutputs {
  figures: ReportFigure[];
  tables: ReportTable[];
  /** The browser that exported figures, as the notebooks printed it ("" when none did). */
  browsers: string[];
}

/** Everything {@link reportHtml} shows. */
export interface WorkbookReportInput {
  /** Data configuration (SM_CONFIG). */
  config: string;
  /** ISO time the run started. */
  startedAt: string;
  /** Wall time of the whole run, s. */
  seconds: number;
  notebooks: NotebookRun[];
  /** Name → version (Node, the project, its key packages, the commit). */
  versions: Record<string, string>;
  outputs: WorkbookOutputs;
}

const FIGURE_LINE = /^figure ([A-Za-z0-9][A-Za-z0-9_-]*): (.*)$/;
const FORMATS = ["png", "svg", "pdf"] as const;

/** The text of an nbformat output (a string or a list of lines). */
function joined(v: unknown): string {
  return Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "";
}

/**
 * Reads the figure lines that `showFigure` printed in an executed notebook ("figure NAME: files…" or
 * "figure NAME: export skipped: reason") and the browser line ("figure export: LABEL").
 *
 * @param notebook the parsed .ipynb JSON
 * @param options `name`: the notebook's file name, for the result
 * @returns figures in the order the notebook made them, and the browser label(s)
 * @example figureLinesOf(JSON.parse(fs.readFileSync("outputs/notebooks/05_validation.ipynb", "utf8")), { name: "05_validation.ipynb" })
 */
export function figureLinesOf(notebook: { cells?: { cell_type: string; outputs?: { output_type: string; text?: unknown; data?: Record<string, unknown> }[] }[] },
  options: { name: string }): { figures: { name: string; notebook: string; skipped: string | null }[]; browsers: string[] } {
  const figures: { name: string; notebook: string; skipped: string | null }[] = [];
  const browsers: string[] = [];
  for (const cell of notebook.cells ?? []) {
    if (cell.cell_type !== "code") continue;
    for (const o of cell.outputs ?? []) {
      const text = o.output_type === "stream" ? joined(o.text) : o.data ? joined(o.data["text/plain"]) : "";
      for (const line of text.split("\n")) {
        if (line.startsWith("figure export: ")) { browsers.push(line.slice("figure export: ".length)); continue; }
        const m = FIGURE_LINE.exec(line);
        if (!m) continue;
        const skipped = m[2].startsWith("export skipped: ") ? m[2].slice("export skipped: ".length) : null;
        figures.push({ name: m[1], notebook: options.name, skipped });
      }
    }
  }
  return { figures, browsers };
}

/**
 * Collects what a workbook run wrote under `outDir`: every figure (the files in `figures/`, matched with the
 * notebooks' figure lines, so figures whose export was skipped are listed too) and every table in `tables/`.
 *
 * @param options `outDir`: the run's output folder (with notebooks/, figures/, tables/)
 * @returns figures (notebook order, then any other files by name), tables by name, browsers used
 * @throws Error naming the file when an executed notebook is not JSON or a table is not valid CSV
 * @example const out = collectWorkbookOutputs({ outDir: "outputs" }); out.figures.filter((f) => f.status === "skipped")
 */
export function collectWorkbookOutputs(options: { outDir: string }): WorkbookOutputs {
  const { outDir } = options;
  if (typeof outDir !== "string" || outDir === "") throw new RangeError("collectWorkbookOutputs: outDir must be a folder path");
  const list = (sub: string) => {
    try {
      return fs.readdirSync(path.join(outDir, sub)).sort();
    } catch {
      return [] as string[];
    }
  };
  const figureFiles = new Map<string, Partial<Record<"png" | "svg" | "pdf", string>>>();
  for (const f of list("figures")) {
    const m = /^(.+)\.(png|svg|pdf)$/.exec(f);
    if (!m) continue;
    const entry = figureFiles.get(m[1]) ?? {};
    entry[m[2] as "png" | "svg" | "pdf"] = `figures/${f}`;
    figureFiles.set(m[1], entry);
  }
  const figures: ReportFigure[] = [];
  const browsers: string[] = [];
  const seen = new Set<string>();
  for (const nb of list("notebooks").filter((f) => f.endsWith(".ipynb"))) {
    const file = path.join(outDir, "notebooks", nb);
    let json: Parameters<typeof figureLinesOf>[0];
    try {
      json = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      throw new Error(`collectWorkbookOutputs: ${file} is not a notebook: ${(e as Error).message}`);
    }
    const lines = figureLinesOf(json, { name: nb });
    for (const b of lines.browsers) if (!browsers.includes(b)) browsers.push(b);
    for (const f of lines.figures) {
      if (seen.has(f.name)) continue;
      seen.add(f.name);
      const files = f.skipped === null ? figureFiles.get(f.name) ?? {} : {};
      figures.push({ name: f.name, notebook: nb, status: f.skipped === null && Object.keys(files).length > 0 ? "exported" : "skipped", files, message: f.skipped ?? (Object.keys(files).length ? "" : "no file written") });
    }
  }
  for (const [name, files] of figureFiles) {
    if (!seen.has(name)) figures.push({ name, notebook: "", status: "exported", files, message: "" });
  }
  const tables: ReportTable[] = [];
  for (const f of list("tables").filter((x) => x.endsWith(".csv"))) {
    const file = path.join(outDir, "tables", f);
    const rows = parseCsv(fs.readFileSync(file, "utf8"), { source: file });
    tables.push({ name: f.slice(0, -4), file: `tables/${f}`, columns: rows[0] ?? [], rows: rows.slice(1) });
  }
  return { figures, tables, browsers };
}

/** The rows of "paper vs this run" tables shown at the top of the report: [table, quantity]. */
export const HEADLINE_ROWS: readonly (readonly [string, string])[] = [
  ["03_paper_vs_run", "calibration samples"],
  ["04_paper_vs_run", "rules in the final model"],
  ["05_paper_vs_run", "Validation: r"],
  ["05_paper_vs_run", "Validation: RMSE (m³ m⁻³)"],
  ["05_paper_vs_run", "Validation: slope"],
  ["06_paper_vs_run", "mean per-pixel r, downscaled vs GLDAS (Figure 8a)"],
  ["07_paper_vs_run", "mean r, Figure 6 text"],
  ["07_paper_vs_run", "mean RMSD (m³ m⁻³), Figure 6 text"],
];

/** Shortens a number written in full precision to 4 significant digits; other text is returned as is. */
export function shortNumber(text: string): string {
  if (!/^-?\d+(\.\d+)?(e-?\d+)?$/.test(text.trim())) return text;
  const x = Number(text);
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(4)));
}

/**
 * The headline numbers of a run: the {@link HEADLINE_ROWS} found in its "paper vs this run" tables (tables
 * with columns quantity, paper, this run). Rows a partial run did not produce are left out.
 * @example headlineNumbers(collectWorkbookOutputs({ outDir: "outputs" }).tables)
 */
export function headlineNumbers(tables: readonly ReportTable[]): Headline[] {
  const out: Headline[] = [];
  for (const [table, quantity] of HEADLINE_ROWS) {
    const t = tables.find((x) => x.name === table);
    if (!t) continue;
    const q = t.columns.indexOf("quantity");
    const p = t.columns.indexOf("paper");
    const r = t.columns.indexOf("this run");
    if (q < 0 || p < 0 || r < 0) continue;
    const row = t.rows.find((x) => x[q] === quantity);
    if (row) out.push({ label: quantity, paper: shortNumber(row[p] ?? ""), run: shortNumber(row[r] ?? ""), table });
  }
  return out;
}

function esc(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function tableHtml(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = `<tr>${columns.map((c) => `<th>${esc(c)}</th>`).join("")}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((v) => `<td>${esc(shortNumber(v))}</td>`).join("")}</tr>`).join("\n");
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right}.skipped{color:#a33}.ok{color:#262}
figure{margin:1.5em 0}figure img{max-width:100%;height:auto;border:1px solid #eee}figcaption{font-size:.9em;color:#555}
nav a{margin-right:1em}`;

/**
 * The one-page HTML report of a workbook run: configuration, versions and timings, the headline numbers, every
 * "paper vs this run" table, every figure (the SVG, linked to its PNG and PDF; a skipped figure says why) and the
 * list of all tables. Self-contained apart from the figure and table files it links by relative path (no
 * script, no network), so `<out>/report.html` reads offline beside `<out>/figures` and `<out>/tables`.
 *
 * @param input what the run did (see {@link WorkbookReportInput})
 * @returns the HTML text
 * @example writeFileAtomic("outputs/report.html", reportHtml({ config: "tiny", startedAt, seconds, notebooks, versions, outputs }))
 */
export function reportHtml(input: WorkbookReportInput): string {
  const { outputs } = input;
  const exported = outputs.figures.filter((f) => f.status === "exported");
  const skipped = outputs.figures.filter((f) => f.status === "skipped");
  const vsPaper = outputs.tables.filter((t) => t.name.endsWith("paper_vs_run"));
  const headlines = headlineNumbers(outputs.tables);
  const failed = input.notebooks.filter((n) => n.status !== "ok");
  const parts: string[] = [];
  parts.push(`<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">`);
  parts.push(`<title>sm-downscale workbook report (${esc(input.config)})</title>\n<style>\n${STYLE}\n</style>\n</head>\n<body>`);
  parts.push(`<h1>sm-downscale workbook report</h1>`);
  parts.push(`<p>Replication of Park et al. (2017), <i>Water</i> 9(5):332 — configuration <b>${esc(input.config)}</b>, started ${esc(input.startedAt)}, ${input.seconds.toFixed(1)} s in all. `
    + `${input.notebooks.length} notebook(s)${failed.length ? `, <span class="skipped">${failed.length} not completed</span>` : ""}; `
    + `${exported.length} figure(s) exported${skipped.length ? `, <span class="skipped">${skipped.length} skipped</span>` : ""}; ${outputs.tables.length} table(s). `
    + `The paper's numbers are described in <code>docs/paper.md</code>.</p>`);
  parts.push(`<nav><a href="#headlines">Headline numbers</a><a href="#paper-vs-run">Paper vs this run</a><a href="#figures">Figures</a><a href="#tables">Tables</a><a href="#run">Run</a></nav>`);
  parts.push(`<h2 id="headlines">Headline numbers</h2>`);
  parts.push(headlines.length ? tableHtml(["quantity", "paper", "this run", "table"], headlines.map((h) => [h.label, h.paper, h.run, h.table])) : `<p>None: the run did not write the "paper vs this run" tables.</p>`);
  parts.push(`<h2 id="paper-vs-run">Paper vs this run</h2>`);
  for (const t of vsPaper) parts.push(`<h3 id="table-${esc(t.name)}">${esc(t.name)} <small>(<a href="${esc(t.file)}">CSV</a>)</small></h3>\n${tableHtml(t.columns, t.rows)}`);
  if (!vsPaper.length) parts.push(`<p>None written.</p>`);
  parts.push(`<h2 id="figures">Figures</h2>`);
  if (skipped.length) parts.push(`<p class="skipped">${skipped.length} figure(s) were not exported: ${esc(skipped[0].message)}</p>`);
  for (const f of outputs.figures) {
    const links = FORMATS.filter((k) => f.files[k]).map((k) => `<a href="${esc(f.files[k] as string)}">${k.toUpperCase()}</a>`).join(" · ");
    const from = f.notebook ? ` — notebooks/${esc(f.notebook)}` : "";
    if (f.status === "exported") {
      const src = f.files.svg ?? f.files.png;
      const img = src ? `<img src="${esc(src)}" alt="${esc(f.name)}" loading="lazy">` : `<p>(PDF only)</p>`;
      parts.push(`<figure id="figure-${esc(f.name)}">\n${img}\n<figcaption><b>${esc(f.name)}</b>${from} · ${links}</figcaption>\n</figure>`);
    } else {
      parts.push(`<figure id="figure-${esc(f.name)}"><figcaption><b>${esc(f.name)}</b>${from} · <span class="skipped">not exported: ${esc(f.message)}</span></figcaption></figure>`);
    }
  }
  if (!outputs.figures.length) parts.push(`<p>No figures.</p>`);
  parts.push(`<h2 id="tables">Tables</h2>`);
  const tableRows = outputs.tables.map((t) => `<tr><td><a href="${esc(t.file)}">${esc(t.name)}</a></td><td>${t.rows.length}</td><td>${esc(t.columns.join(", "))}</td></tr>`);
  parts.push(`<table>\n<thead><tr><th>table</th><th>rows</th><th>columns</th></tr></thead>\n<tbody>\n${tableRows.join("\n")}\n</tbody>\n</table>`);
  parts.push(`<h2 id="run">Run</h2>`);
  parts.push(tableHtml(["notebook", "status", "seconds"], input.notebooks.map((n) => [n.name, n.status, n.seconds.toFixed(1)])));
  const versions = Object.entries(input.versions);
  if (outputs.browsers.length) versions.push(["figure export browser", outputs.browsers.join("; ")]);
  parts.push(tableHtml(["component", "version"], versions));
  parts.push(`</body>\n</html>\n`);
  return parts.join("\n");
}

/** The one-line summary the runner prints at the end of a run. */
export function runSummaryLine(input: WorkbookReportInput): string {
  const ok = input.notebooks.filter((n) => n.status === "ok").length;
  const exported = input.outputs.figures.filter((f) => f.status === "exported");
  const skipped = input.outputs.figures.filter((f) => f.status === "skipped");
  const formats = [...new Set(exported.flatMap((f) => FORMATS.filter((k) => f.files[k])))];
  let line = `${ok}/${input.notebooks.length} notebook(s) ran; figures: ${exported.length} written${formats.length ? ` (${formats.join(", ")})` : ""}, ${skipped.length} skipped; tables: ${input.outputs.tables.length}; ${input.seconds.toFixed(1)} s`;
  if (skipped.length) line += `\n  figures skipped (${skipped.map((f) => f.name).join(", ")}): ${skipped[0].message}`;
  return line;
}

/**
 * Collects a run's outputs and writes `<outDir>/report.html` atomically.
 * @param options `outDir`, `config`, `startedAt`, `seconds`, `notebooks`, `versions` (see {@link WorkbookReportInput})
 * @returns the report's path, its size in bytes and the one-line summary of the run
 * @throws RangeError for a missing outDir; Error naming the file for unreadable outputs
 * @example const r = writeWorkbookReport({ outDir: "outputs", config: "tiny", startedAt, seconds: 250, notebooks, versions }); console.log(r.summary)
 */
export function writeWorkbookReport(options: Omit<WorkbookReportInput, "outputs"> & { outDir: string }): { path: string; bytes: number; summary: string; outputs: WorkbookOutputs } {
  const outputs = collectWorkbookOutputs({ outDir: options.outDir });
  const input: WorkbookReportInput = { config: options.config, startedAt: options.startedAt, seconds: options.seconds, notebooks: options.notebooks, versions: options.versions, outputs };
  const file = path.join(options.outDir, "report.html");
  const bytes = writeFileAtomic(file, reportHtml(input));
  return { path: file, bytes, summary: runSummaryLine(input), outputs };
}
