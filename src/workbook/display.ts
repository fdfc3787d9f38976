import { createRequire } from "node:module";
import * as path from "node:path";
import * as fs from "node:fs";

/** A multi-MIME display bundle, as Jupyter's display_data carries it. */
export type MimeBundle = Record<string, unknown>;

type WriteDisplayData = (message: { data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown> }, update: boolean) => void;

// The kernel's own module instance: under Jupyter and under scripts/run-notebook.js the kernel's cwd is
// the project root, so resolving from there finds the same tslab that is running.
function kernelHook(): WriteDisplayData {
  const req = createRequire(path.join(process.cwd(), "package.json"));
  const jupyter = req("tslab/dist/jupyter") as { lastWriteDisplayData: WriteDisplayData | null };
  if (!jupyter.lastWriteDisplayData) throw new Error("displayBundle: not running inside tslab (no display hook); run the notebook in Jupyter or with npm run workbook");
  return jupyter.lastWriteDisplayData;
}

/**
 * Sends one output with several representations (e.g. `text/html` + `text/plain`), which tslab's public
 * `display.*` cannot do (one MIME type per output).
 * @throws Error when called outside a tslab kernel.
 */
export function displayBundle(data: MimeBundle, metadata: Record<string, unknown> = {}): void {
  kernelHook()({ data, metadata, transient: {} }, false);
}

/** Anything table-like: a danfojs DataFrame, or plain columns and rows. */
export interface FrameLike {
  columns: string[];
  /** Rows (a danfojs DataFrame's `.values`); a 1-D array is read as one column. */
  values: readonly unknown[];
  index?: unknown[];
  toString?(): string;
}

/** The rows of a frame as arrays of cells. */
export function frameRows(frame: FrameLike): unknown[][] {
  return frame.values.map((r) => (Array.isArray(r) ? r : [r]));
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Formats a cell: numbers to 6 significant digits (integers in full), NaN/null as an empty cell. */
export function formatCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (Number.isInteger(v)) return String(v);
    return String(Number(v.toPrecision(6)));
  }
  return String(v);
}

/**
 * Renders a frame as a Jupyter-styled `<table class="dataframe">`, escaping HTML, with a row-count note
 * when rows are cut.
 * @example frameToHtml({ columns: ["a"], values: [[1.23456789]] }) // contains "<td>1.23457</td>"
 */
export function frameToHtml(frame: FrameLike, options: { maxRows?: number } = {}): string {
  const maxRows = options.maxRows ?? 60;
  const rows = frameRows(frame).slice(0, maxRows);
  const head = `<thead><tr>${frame.columns.map((c) => `<th>${escapeHtml(String(c))}</th>`).join("")}</tr></thead>`;
  const body = rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(formatCell(v))}</td>`).join("")}</tr>`).join("");
  const note = frame.values.length > maxRows ? `<p>${frame.values.length} rows × ${frame.columns.length} columns (first ${maxRows} shown)</p>` : "";
  return `<table class="dataframe" border="1">${head}<tbody>${body}</tbody></table>${note}`;
}

/** Renders a frame as aligned plain text (the fallback when HTML is not shown). */
export function frameToText(frame: FrameLike, options: { maxRows?: number } = {}): string {
  const maxRows = options.maxRows ?? 60;
  const cells = [frame.columns.map(String), ...frameRows(frame).slice(0, maxRows).map((r) => r.map(formatCell))];
  const widths = frame.columns.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? "").length)));
  return cells.map((r) => r.map((c, j) => (c ?? "").padEnd(widths[j])).join("  ").trimEnd()).join("\n");
}

/** Shows a danfojs DataFrame (or any {@link FrameLike}) as an HTML table with a text fallback. */
export function showFrame(frame: FrameLike, options: { maxRows?: number } = {}): void {
  displayBundle({ "text/html": frameToHtml(frame, options), "text/plain": frameToText(frame, options) });
}

/** A plotly figure spec. */
export interface PlotlyFigure {
  data: unknown[];
  layout?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

let plotlyInlined = false;

/**
 * Shows a plotly figure: `application/vnd.plotly.v1+json` (JupyterLab, VS Code), `text/html` that draws it
 * interactively with plotly.js (inlined once per kernel, so the notebook works offline; shows the PNG
 * until scripts run, e.g. in an untrusted notebook), and `image/png` when a static PNG is given.
 */
export function showPlot(figure: PlotlyFigure, options: { png?: Uint8Array; width?: number; height?: number } = {}): void {
  const width = options.width ?? 800;
  const height = options.height ?? 500;
  const id = `plot-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;
  let lib = "";
  if (!plotlyInlined) {
    const req = createRequire(path.join(process.cwd(), "package.json"));
    const file = req.resolve("plotly.js-dist-min");
    lib = `<script type="text/javascript">${fs.readFileSync(file, "utf8").replace(/<\/script/gi, "<\\/script")}</script>`;
    plotlyInlined = true;
  }
  const png64 = options.png ? Buffer.from(options.png).toString("base64") : undefined;
  const fallback = png64 ? `<img src="data:image/png;base64,${png64}" style="max-width:100%"/>` : "<p>plotly.js not loaded: re-run the notebook or trust it (jupyter trust).</p>";
  const spec = JSON.stringify({ data: figure.data, layout: { width, height, ...(figure.layout ?? {}) }, config: { responsive: true, ...(figure.config ?? {}) } }).replace(/<\//g, "<\\/");
  const html = `${lib}<div id="${id}" style="width:${width}px;height:${height}px">${fallback}</div>` +
    `<script type="text/javascript">(function(){var el=document.getElementById("${id}");if(window.Plotly){var f=${spec};el.innerHTML="";window.Plotly.newPlot(el,f.data,f.layout,f.config);}})();</script>`;
  const bundle: MimeBundle = {
    "application/vnd.plotly.v1+json": { data: figure.data, layout: figure.layout ?? {} },
    "text/html": html,
    "text/plain": `<plotly figure: ${figure.data.length} trace(s)>`,
  };
  if (png64) bundle["image/png"] = png64;
  displayBundle(bundle);
}
