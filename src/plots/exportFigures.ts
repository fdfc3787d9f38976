import * as fs from "fs";
import * as path from "path";
import { createRequire } from "module";
import type { Browser, Page } from "playwright-core";
import type { PlotFigure } from "./figureTypes";
import { setPngDpi } from "./pngDpi";
import { writeFileAtomic } from "./writeFileAtomic";

/** Static formats. PNG is raster at `dpi`; SVG and PDF are vector (heatmaps inside stay raster images). */
export type ExportFormat = "png" | "svg" | "pdf";

/** One figure to export. */
export interface ExportJob {
  figure: PlotFigure;
  /** Output path WITHOUT extension, e.g. `outputs/figures/fig4_scatter`; one file per format is written. */
  basePath: string;
  /** Formats of this job (default: the batch's `formats`). */
  formats?: readonly ExportFormat[];
}

/** Options of {@link exportFigures}. */
export interface ExportOptions {
  /** Chromium executable. Default `/usr/bin/chromium` (Debian package `chromium`). */
  executablePath?: string;
  /** Formats. Default ["png", "svg"]. */
  formats?: readonly ExportFormat[];
  /** PNG resolution: the figure's CSS size (96 px per inch) is rendered at scale dpi / 96. Default 300. */
  dpi?: number;
  /** Per-operation timeout, ms. Default 60000. */
  timeoutMs?: number;
  /** Figure size when the layout has none, CSS px. Default 800 × 500. */
  defaultWidth?: number;
  defaultHeight?: number;
}

/** What happened to one job. */
export interface ExportJobResult {
  basePath: string;
  status: "exported" | "failed" | "skipped";
  files: { format: ExportFormat; path: string; bytes: number }[];
  error?: string;
}

/** What happened to the batch: `skipped` (no browser: nothing written), `exported` (all jobs), `partial` (some failed). */
export interface ExportBatchResult {
  status: "exported" | "partial" | "skipped";
  /** Why export was skipped or which jobs failed, in one line. */
  message: string;
  jobs: ExportJobResult[];
  seconds: number;
}

/** Chromium flags (docs: the project's stack notes §4.3). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--no-first-run", "--disable-quic",
];

const FORMATS: readonly ExportFormat[] = ["png", "svg", "pdf"];

/** What the page offers (typed here because the project compiles without the DOM lib). */
interface BrowserGlobal {
  Plotly: {
    newPlot: (div: unknown, data: unknown, layout: unknown, config: unknown) => Promise<unknown>;
    purge: (div: unknown) => void;
    toImage: (fig: unknown, opts: unknown) => Promise<string>;
  };
  document: { getElementById: (id: string) => unknown };
}

function projectRequire(): NodeRequire {
  return createRequire(path.join(process.cwd(), "package.json"));
}

/**
 * Exports plotly figures to PNG (at `dpi`, with the PNG's pHYs set accordingly), SVG and/or PDF with
 * headless Chromium driven by playwright-core — ONE browser for the whole batch. Files are written
 * atomically. Never throws for a missing or broken browser: when Chromium (or playwright-core, or
 * plotly.js-dist-min) is absent or fails to start, the result has status `skipped` and a message, and
 * nothing is written; a figure that fails to render marks its job `failed` and the batch `partial`.
 * Must run with the project root as the working directory (plotly.js-dist-min and playwright-core
 * are resolved from `<cwd>/package.json`).
 *
 * @param jobs figures and output base paths
 * @param options `executablePath` (/usr/bin/chromium), `formats` (png, svg), `dpi` (300), `timeoutMs`, default size
 * @throws RangeError for invalid options or jobs (checked before any work)
 * @example
 * const res = await exportFigures([{ figure: fig4, basePath: "outputs/figures/fig4_scatter" }], { formats: ["png", "pdf"] });
 * if (res.status === "skipped") console.log(res.message); // "export skipped: Chromium not found at /usr/bin/chromium"
 */
export async function exportFigures(jobs: readonly ExportJob[], options: ExportOptions = {}): Promise<ExportBatchResult> {
  const executablePath = options.executablePath ?? "/usr/bin/chromium";
  const formats = options.formats ?? ["png", "svg"];
  const dpi = options.dpi ?? 300;
  const timeoutMs = options.timeoutMs ?? 60000;
  const defaultWidth = options.defaultWidth ?? 800;
  const defaultHeight = options.defaultHeight ?? 500;
  if (!(dpi >= 24 && dpi <= 1200)) throw new RangeError(`exportFigures: dpi must be in 24…1200, got ${dpi}`);
  if (!(timeoutMs > 0)) throw new RangeError(`exportFigures: timeoutMs must be > 0, got ${timeoutMs}`);
  if (!(defaultWidth > 0) || !(defaultHeight > 0)) throw new RangeError(`exportFigures: defaultWidth/defaultHeight must be > 0, got ${defaultWidth} × ${defaultHeight}`);
  const checkFormats = (f: readonly ExportFormat[], where: string) => {
    if (!Array.isArray(f) || f.length === 0) throw new RangeError(`exportFigures: ${where} must be a non-empty array of ${FORMATS.join("/")}`);
    for (const x of f) if (!FORMATS.includes(x)) throw new RangeError(`exportFigures: ${where} has unknown format ${String(x)} (use ${FORMATS.join(", ")})`);
  };
  checkFormats(formats, "formats");
  if (!Array.isArray(jobs)) throw new RangeError("exportFigures: jobs must be an array");
  jobs.forEach((j, i) => {
    if (!j || !j.figure || !Array.isArray(j.figure.data) || typeof j.figure.layout !== "object") throw new RangeError(`exportFigures: jobs[${i}].figure must be {data, layout}`);
    if (typeof j.basePath !== "string" || j.basePath.length === 0) throw new RangeError(`exportFigures: jobs[${i}].basePath must be a non-empty path`);
    if (j.formats) checkFormats(j.formats, `jobs[${i}].formats`);
  });
  const t0 = Date.now();
  const skipped = (message: string): ExportBatchResult => ({
    status: "skipped", message: `export skipped: ${message}`, seconds: (Date.now() - t0) / 1000,
    jobs: jobs.map((j) => ({ basePath: j.basePath, status: "skipped", files: [] })),
  });
  if (jobs.length === 0) return { status: "exported", message: "nothing to export", jobs: [], seconds: 0 };
  if (!fs.existsSync(executablePath)) return skipped(`Chromium not found at ${executablePath} (Debian: apt-get install -y chromium)`);
  let chromium: { launch: (o: Record<string, unknown>) => Promise<Browser> };
  let plotlyPath: string;
  try {
    const req = projectRequire();
    chromium = (req("playwright-core") as { chromium: typeof chromium }).chromium;
    plotlyPath = req.resolve("plotly.js-dist-min");
  } catch (e) {
    return skipped(`cannot load playwright-core or plotly.js-dist-min from ${process.cwd()}: ${(e as Error).message.split("\n")[0]}`);
  }
  let browser: Browser | undefined;
  try {
    try {
      browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS.slice(), timeout: timeoutMs });
    } catch (e) {
      return skipped(`Chromium at ${executablePath} did not start: ${(e as Error).message.split("\n")[0]}`);
    }
    const page: Page = await browser.newPage();
    page.setDefaultTimeout(timeoutMs);
    await page.setContent("<!doctype html><html><head><style>html,body{margin:0;padding:0;background:#fff}</style></head><body><div id=\"plot\"></div></body></html>");
    await page.addScriptTag({ path: plotlyPath });
    const results: ExportJobResult[] = [];
    for (const job of jobs) {
      const res: ExportJobResult = { basePath: job.basePath, status: "exported", files: [] };
      try {
        const fig = JSON.parse(JSON.stringify(job.figure)) as PlotFigure; // NaN → null, drops functions
        const width = Math.round(Number(fig.layout.width ?? defaultWidth));
        const height = Math.round(Number(fig.layout.height ?? defaultHeight));
        fig.layout.width = width;
        fig.layout.height = height;
        for (const format of job.formats ?? formats) {
          const file = `${job.basePath}.${format}`;
          let bytes: Uint8Array;
          if (format === "pdf") {
            await page.setViewportSize({ width, height });
            await page.evaluate(async (f) => {
              const g = globalThis as unknown as BrowserGlobal;
              const div = g.document.getElementById("plot");
              g.Plotly.purge(div);
              await g.Plotly.newPlot(div, f.data, f.layout, { staticPlot: true, displayModeBar: false });
            }, fig);
            bytes = await page.pdf({ width: `${width}px`, height: `${height}px`, printBackground: true, pageRanges: "1" });
            await page.evaluate(() => {
              const g = globalThis as unknown as BrowserGlobal;
              g.Plotly.purge(g.document.getElementById("plot"));
            });
          } else {
            const url = await page.evaluate(async ({ f, fmt, scale }) => {
              const g = globalThis as unknown as BrowserGlobal;
              return g.Plotly.toImage({ data: f.data, layout: f.layout, config: { staticPlot: true } },
                { format: fmt, width: f.layout.width, height: f.layout.height, scale });
            }, { f: fig, fmt: format, scale: format === "png" ? dpi / 96 : 1 });
            const comma = url.indexOf(",");
            const head = url.slice(0, comma);
            const body = url.slice(comma + 1);
            bytes = head.endsWith(";base64") ? Buffer.from(body, "base64") : Buffer.from(decodeURIComponent(body), "utf8");
            if (format === "png") bytes = setPngDpi(bytes, { dpi });
          }
          const n = writeFileAtomic(file, bytes);
          res.files.push({ format, path: file, bytes: n });
        }
      } catch (e) {
        res.status = "failed";
        res.error = (e as Error).message.split("\n")[0];
      }
      results.push(res);
    }
    const failed = results.filter((r) => r.status === "failed");
    return {
      status: failed.length === 0 ? "exported" : "partial",
      message: failed.length === 0
        ? `exported ${results.length} figure(s) as ${[...new Set(results.flatMap((r) => r.files.map((f) => f.format)))].join(", ")}`
        : `${failed.length} of ${results.length} figure(s) failed: ${failed.map((f) => `${f.basePath}: ${f.error}`).join("; ")}`,
      jobs: results, seconds: (Date.now() - t0) / 1000,
    };
  } finally {
    if (browser) await browser.close().catch(() => undefined);
  }
}
