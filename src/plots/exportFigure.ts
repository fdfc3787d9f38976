import type { PlotFigure } from "./figureTypes";
import { ExportBatchResult, ExportOptions, exportFigures } from "./exportFigures";

/**
 * Exports one figure (PNG at 300 dpi, SVG and PDF by default) — a batch of one for {@link exportFigures}; for
 * several figures call `exportFigures` so they share one browser. Never throws for a missing browser:
 * the result's status is then `skipped`.
 *
 * @param figure the plotly spec
 * @param basePath output path without extension, e.g. `outputs/figures/fig3_rule_count`
 * @param options as {@link exportFigures}
 * @throws RangeError for invalid options
 * @example
 * const r = await exportFigure(fig, "outputs/figures/fig3_rule_count", { formats: ["png", "pdf"] });
 * r.status; // "exported" or "skipped"
 */
export async function exportFigure(figure: PlotFigure, basePath: string, options: ExportOptions = {}): Promise<ExportBatchResult> {
  return exportFigures([{ figure, basePath }], options);
}
