import * as fs from "node:fs";
import * as path from "node:path";
import type { PlotFigure } from "../plots/figureTypes";
import { exportFigure } from "../plots/exportFigure";
import { FigureRenderer } from "../plots/FigureRenderer";

// One headless Chromium per kernel (starting one costs ~3 s); playwright ends it when the process exits.
let kernelRenderer: Promise<FigureRenderer | { skipped: string }> | null = null;
function renderer(): Promise<FigureRenderer | { skipped: string }> {
  if (!kernelRenderer) {
    kernelRenderer = FigureRenderer.open().then((r) => {
      if (!("skipped" in r)) console.log(`figure export: ${r.browserLabel}`); // read back by the workbook report
      return r;
    });
  }
  return kernelRenderer;
}
import { showPlot } from "./display";
import type { WorkbookContext } from "./workbookConfig";

/** What {@link showFigure} did: the files written, or why export was skipped. */
export interface FigureOutcome {
  name: string;
  status: "exported" | "partial" | "skipped";
  files: string[];
  message: string;
}

/**
 * Exports a figure to `<figuresDir>/<name>.png` (300 dpi), `.svg` and `.pdf`, then shows it in the notebook:
 * interactive plotly, with the PNG as the static fallback. Without a usable browser the figure is still shown
 * (interactive only) and the outcome says export was skipped — the run does not fail.
 * @example await showFigure(ctx, fig, { name: "fig4_scatter" });
 * @throws RangeError when `name` is not a plain file name.
 */
export async function showFigure(ctx: WorkbookContext, figure: PlotFigure, options: { name: string; formats?: ("png" | "svg" | "pdf")[] }): Promise<FigureOutcome> {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(options.name)) throw new RangeError(`showFigure: name must be a plain file name without extension, got '${options.name}'`);
  const base = path.join(ctx.figuresDir, options.name);
  const open = await renderer();
  const result = "skipped" in open
    ? { status: "skipped" as const, message: `export skipped: ${open.skipped}`, jobs: [] as { files: { path: string }[] }[] }
    : await exportFigure(figure, base, { formats: options.formats ?? ["png", "svg", "pdf"], renderer: open });
  const files = result.jobs.flatMap((j) => j.files.map((f) => f.path));
  const pngFile = files.find((f) => f.endsWith(".png"));
  const layout = (figure.layout ?? {}) as { width?: number; height?: number };
  showPlot(figure as unknown as { data: unknown[]; layout?: Record<string, unknown> }, {
    png: pngFile ? fs.readFileSync(pngFile) : undefined, width: layout.width, height: layout.height,
  });
  const message = result.status === "skipped" ? `figure ${options.name}: ${result.message}` : `figure ${options.name}: ${files.map((f) => path.relative(ctx.outputDir, f)).join(", ")}`;
  console.log(message);
  return { name: options.name, status: result.status, files, message };
}
