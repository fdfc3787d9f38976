import type { PlotFigure } from "./figureTypes";
import { EXPORT_FORMATS, ExportFormat, FigureRenderer, RendererOptions } from "./FigureRenderer";
import { writeFileAtomic } from "../io/writeFileAtomic";

/** One figure to export. */
export interface ExportJob {
  figure: PlotFigure;
  /** Output path WITHOUT extension, e.g. `outputs/figures/fig4_scatter`; one file per format is written. */
  basePath: string;
  /** Formats of this job (default: the batch's `formats`). */
  formats?: readonly ExportFormat[];
}

/** Options of {@link exportFigures}. */
export interface ExportOptions extends RendererOptions {
  /** Formats. Default ["png", "svg", "pdf"]. */
  formats?: readonly ExportFormat[];
  /**
   * An already open renderer to use (and leave open), e.g. one per notebook kernel, so successive calls do
   * not each start a browser (~3 s each). Default: open one for this batch and close it afterwards.
   */
  renderer?: FigureRenderer;
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

/**
 * The batch exporter: writes plotly figures as PNG (at `dpi`, pHYs set), SVG and PDF (default: all three) with ONE headless
 * Chromium for the whole batch ({@link FigureRenderer}); files are written atomically. Never throws for a
 * missing or broken browser: the result then has status `skipped` and a one-line message, and nothing is
 * written. A figure that fails to render marks its job `failed` and the batch `partial`; the others are written.
 *
 * @param jobs figures and output base paths
 * @param options `executablePath` / `mode` (browser choice, see {@link FigureRenderer.open}), `formats` (png, svg, pdf), `dpi` (300), `timeoutMs`, default size, `renderer`
 * @throws RangeError for invalid options or jobs (checked before any work)
 * @example
 * const res = await exportFigures([{ figure: fig4, basePath: "outputs/figures/fig4_scatter" }], { formats: ["png", "pdf"] });
 * if (res.status === "skipped") console.log(res.message); // "export skipped: no browser for figure export (SM_BROWSER=auto; tried: …). Fix: …"
 */
export async function exportFigures(jobs: readonly ExportJob[], options: ExportOptions = {}): Promise<ExportBatchResult> {
  const formats = options.formats ?? ["png", "svg", "pdf"];
  const checkFormats = (f: readonly ExportFormat[], where: string) => {
    if (!Array.isArray(f) || f.length === 0) throw new RangeError(`exportFigures: ${where} must be a non-empty array of ${EXPORT_FORMATS.join("/")}`);
    for (const x of f) if (!EXPORT_FORMATS.includes(x)) throw new RangeError(`exportFigures: ${where} has unknown format ${String(x)} (use ${EXPORT_FORMATS.join(", ")})`);
  };
  checkFormats(formats, "formats");
  const dpi = options.dpi ?? 300;
  if (!(dpi >= 24 && dpi <= 1200)) throw new RangeError(`exportFigures: dpi must be in 24…1200, got ${dpi}`);
  if (!Array.isArray(jobs)) throw new RangeError("exportFigures: jobs must be an array");
  jobs.forEach((j, i) => {
    if (!j || !j.figure || !Array.isArray(j.figure.data) || typeof j.figure.layout !== "object") throw new RangeError(`exportFigures: jobs[${i}].figure must be {data, layout}`);
    if (typeof j.basePath !== "string" || j.basePath.length === 0) throw new RangeError(`exportFigures: jobs[${i}].basePath must be a non-empty path`);
    if (j.formats) checkFormats(j.formats, `jobs[${i}].formats`);
  });
  const t0 = Date.now();
  if (jobs.length === 0) return { status: "exported", message: "nothing to export", jobs: [], seconds: 0 };
  const own = options.renderer === undefined;
  const renderer = options.renderer ?? await FigureRenderer.open(options);
  if ("skipped" in renderer) {
    return {
      status: "skipped", message: `export skipped: ${renderer.skipped}`, seconds: (Date.now() - t0) / 1000,
      jobs: jobs.map((j) => ({ basePath: j.basePath, status: "skipped", files: [] })),
    };
  }
  try {
    const results: ExportJobResult[] = [];
    for (const job of jobs) {
      const res: ExportJobResult = { basePath: job.basePath, status: "exported", files: [] };
      try {
        for (const format of job.formats ?? formats) {
          const file = `${job.basePath}.${format}`;
          const bytes = await renderer.render(job.figure, format);
          res.files.push({ format, path: file, bytes: writeFileAtomic(file, bytes) });
        }
      } catch (e) {
        res.status = "failed";
        res.error = (e as Error).message.split("\n")[0];
      }
      results.push(res);
    }
    const failed = results.filter((r) => r.status === "failed");
    const written = [...new Set(results.flatMap((r) => r.files.map((f) => f.format)))];
    return {
      status: failed.length === 0 ? "exported" : "partial",
      message: failed.length === 0
        ? `exported ${results.length} figure(s) as ${written.join(", ")}`
        : `${failed.length} of ${results.length} figure(s) failed: ${failed.map((f) => `${f.basePath}: ${f.error}`).join("; ")}`,
      jobs: results, seconds: (Date.now() - t0) / 1000,
    };
  } finally {
    if (own) await renderer.close();
  }
}
