import type { LatLonGrid } from "../grid/latLonGrid";
import { openTwin } from "../twin/openTwin";
import type { TwinSource } from "../twin/TwinSource";
import { GapFilledSource } from "../sources/GapFilledSource";
import type { StudyPlan } from "./studyPlan";
import type { WorkbookContext } from "./workbookConfig";

/** The data a workbook run reads: the raw source, the prepared (gap-filled) one, and the two grids. */
export interface StudyData {
  /** The source as delivered (the twin, or real files). */
  raw: TwinSource;
  /** The source after the paper's preparation: AMSR2 gaps filled from the previous day, ASCAT from up to two. */
  prepared: GapFilledSource;
  /** The 0.25° training grid (GLDAS). */
  coarse: LatLonGrid;
  /** The 1 km application grid (the window holding the stations). */
  fine: LatLonGrid;
}

/**
 * Opens the sources the study manifest declares. Every variable the workbook uses is served by the twin in
 * the shipped `data-manifests/study.json`; the twin is generated on first use and cached under the data
 * directory (`SM_DATA_DIR`), keyed by configuration and seed.
 * @example const data = openStudySource(plan, ctx);
 * @throws Error naming the variable and manifest when a variable is assigned to a real product: the readers
 *   in src/products read those files, but the workbook does not yet assemble them into daily layers.
 */
export function openStudySource(plan: StudyPlan, ctx: WorkbookContext, options: { onProgress?: (message: string) => void } = {}): StudyData {
  const needed = ["gldas_sm", "amsr2_sm", "ascat_sm", "lst", "ndvi", "landcover", "dem", "soil", "precip", "stations"] as const;
  for (const v of needed) {
    const src = plan.study.sources[v];
    if (src !== "twin") {
      throw new Error(`study manifest: sources.${v} is '${src}', but the workbook can only serve '${v}' from the twin so far; real ${src} files are read by src/products (see the README) — set sources.${v} to "twin" to run the workbook`);
    }
  }
  const raw = openTwin(plan.twin, { dataDir: ctx.dataDir, onProgress: options.onProgress });
  const prepared = new GapFilledSource(raw, { maxDaysBack: { amsr2_sm: 1, ascat_sm: 2 } });
  return { raw, prepared, coarse: raw.coarseGrid, fine: raw.fineGrid };
}
