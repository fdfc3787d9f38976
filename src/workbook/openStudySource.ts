import * as path from "node:path";
import type { LatLonGrid } from "../grid/latLonGrid";
import { openTwin } from "../twin/openTwin";
import type { TwinSource } from "../twin/TwinSource";
import { GapFilledSource } from "../sources/GapFilledSource";
import { BilinearCoarseSource } from "../sources/BilinearCoarseSource";
import type { LayerSource } from "../sources/layerSource";
import { openRoutedSource } from "../sources/openRoutedSource";
import type { RoutedSource } from "../sources/RoutedSource";
import type { StudyPlan } from "./studyPlan";
import type { WorkbookContext } from "./workbookConfig";

/** The data a workbook run reads: the raw source, the prepared (gap-filled) one, and the two grids. */
export interface StudyData {
  /**
   * The source as delivered: the twin, or (when the study manifest routes a variable to a product) a
   * RoutedSource that serves each variable from the twin or from real files (see its `limitations`).
   */
  raw: TwinSource | RoutedSource;
  /**
   * The source after the paper's preparation: AMSR2 gaps filled from the previous day, ASCAT from up to two; on
   * a finer grid AMSR2/ASCAT are the containing 0.25° cell's value (`resampling: "nearest"`) or bilinear between
   * 0.25° centres (`"bilinear"`, a BilinearCoarseSource around the gap-filled source).
   */
  prepared: GapFilledSource | BilinearCoarseSource;
  /** The 0.25° training grid (GLDAS). */
  coarse: LatLonGrid;
  /** The 1 km application grid (the window holding the stations). */
  fine: LatLonGrid;
}

/** Options of {@link openStudySource}. */
export interface OpenStudySourceOptions {
  /** Progress messages while the twin is generated. */
  onProgress?: (message: string) => void;
  /** Folder of the product manifests the study names. Default `<root>/data-manifests`. */
  manifestDir?: string;
  /** Real files: a folder per product id. Default `<ctx.realDir>/<id>` for every product the study names (`ctx.realDir` is `SM_REAL_DIR`, else `<dataDir>/real`). */
  productDirs?: Record<string, string>;
  /** Real files: a missing file of a day is an error (`"error"`, default) or counted (`"count"`, the day built from the files present). */
  missingFiles?: "error" | "count";
  /**
   * How AMSR2/ASCAT (0.25°) reach the 1 km grid: `nearest` (the containing cell, the paper) or `bilinear`.
   * Default: the run's study setting (`ctx.study.resampling`), else `nearest`.
   */
  resampling?: "nearest" | "bilinear";
}

/**
 * Opens the sources the study manifest declares. When every `sources.*` is "twin" (the shipped
 * `data-manifests/study.json`) the source is the twin, generated on first use and cached under the data
 * directory (`SM_DATA_DIR`), keyed by configuration and seed. Otherwise each variable is served by the twin or
 * by the real files of the product manifest named (`<dataDir>/real/<id>/`, as `sm-downscale fetch` writes them;
 * see src/sources/ProductSource.ts; `ctx.realDir/<id>/`), on the study's grids: its domain at 0.25° and its
 * application window at 0.01°; stations from the twin or from the ISMN folder. The twin is opened only if some
 * variable needs it. On a replica run (`ctx.data === "replica"`) the twin's truth_sm stays served: the files are
 * the twin's own layers.
 * @example const data = openStudySource(plan, ctx);
 * @throws Error naming the variable and manifest when a product manifest is missing, does not serve the variable,
 *   or has no reader (truth_sm, soil and precip exist only on the twin); missing files are reported (with the
 *   expected path) when a layer is asked for.
 */
export function openStudySource(plan: StudyPlan, ctx: WorkbookContext, options: OpenStudySourceOptions = {}): StudyData {
  const resampling = options.resampling ?? ctx.study?.resampling ?? "nearest";
  if (resampling !== "nearest" && resampling !== "bilinear") throw new RangeError(`openStudySource: options.resampling must be 'nearest' or 'bilinear', got '${String(resampling)}'`);
  const prepare = (raw: LayerSource, coarse: LatLonGrid) => {
    const filled = new GapFilledSource(raw, { maxDaysBack: { amsr2_sm: 1, ascat_sm: 2 } });
    return resampling === "bilinear" ? new BilinearCoarseSource(filled, { coarse, variables: ["amsr2_sm", "ascat_sm"] }) : filled;
  };
  const needed = ["gldas_sm", "amsr2_sm", "ascat_sm", "lst", "ndvi", "landcover", "dem", "soil", "precip", "stations"] as const;
  const twinOnly = needed.every((v) => plan.study.sources[v] === "twin") && [undefined, "twin"].includes(plan.study.sources.truth_sm);
  if (!twinOnly) {
    const realDir = ctx.realDir ?? path.join(ctx.dataDir, "real");
    const productDirs: Record<string, string> = {};
    for (const id of Object.values(plan.study.sources)) if (id !== "twin") productDirs[id] = path.join(realDir, id);
    const raw = openRoutedSource(plan.study, {
      manifestDir: options.manifestDir ?? path.join(ctx.root, "data-manifests"), dataDir: ctx.dataDir,
      openTwin: () => openTwin(plan.twin, { dataDir: ctx.dataDir, onProgress: options.onProgress }),
      productDirs: { ...productDirs, ...options.productDirs }, missingFiles: options.missingFiles,
      twinTruth: ctx.data === "replica",
    });
    return { raw, prepared: prepare(raw, raw.coarseGrid), coarse: raw.coarseGrid, fine: raw.fineGrid };
  }
  const raw = openTwin(plan.twin, { dataDir: ctx.dataDir, onProgress: options.onProgress });
  return { raw, prepared: prepare(raw, raw.coarseGrid), coarse: raw.coarseGrid, fine: raw.fineGrid };
}
