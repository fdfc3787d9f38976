import * as fs from "node:fs";
import * as os from "node:os";
import type { CubistModel } from "../cubist/model";
import type { LatLonGrid } from "../grid/latLonGrid";
import { readGeoTiff } from "../io/readGeoTiff";
import { finalizeProduction, type FinalizeProductionResult } from "../production/finalizeProduction";
import { produceUnits, type ProduceUnitsResult } from "../production/produceUnits";
import { windowSource } from "../production/windowSource";
import type { LayerSource } from "../sources/layerSource";

/** Options of {@link produceDaily}. */
export interface ProduceDailyOptions {
  model: CubistModel;
  /** The 1 km grid the source serves (`data.fine`); the product covers it. */
  grid: LatLonGrid;
  /** The 0.25° grid of the reference (GLDAS) for the statistics (`data.coarse`). */
  coarse: LatLonGrid;
  dates: readonly string[];
  /** The run's folder (e.g. `<outputs>/production`). */
  outDir: string;
  /** Worker threads for the kernel. Default: the number of CPUs, at most 4. */
  workers?: number;
  /** Fewest pairs per pixel for Figure 8. Default 10. */
  minPairs?: number;
  /** Remove `outDir` first, so every unit is computed (and timed) again. Default true. */
  fresh?: boolean;
  /**
   * How the engine's tiles are read: `crop` (the source serves only `grid`: each day's layer is read whole and
   * cropped, see windowSource; memory grows with the grid) or `direct` (the source serves any block of `grid`,
   * as the twin does from its 1 km tiles). Default `crop` up to 4 million pixels, else `direct`.
   */
  tiles?: "crop" | "direct";
}

/** Per-pixel maps of the streamed period statistics and monthly means, read back from the run's COGs. */
export interface ProducedDaily {
  produce: ProduceUnitsResult;
  finalize: FinalizeProductionResult;
  /** Wall time of the application (units) and of finalize, seconds; per day and per megapixel of the application. */
  seconds: { apply: number; finalize: number; perDay: number; perMegapixel: number };
  /** Figure 8 maps (NaN: fewer than minPairs pairs). */
  metrics: { r: Float32Array; pValue: Float32Array; rmse: Float32Array; rrmse: Float32Array; pairs: Float32Array };
  /** Figure 7: months and the monthly mean maps of the product and of the reference (GLDAS at 1 km). */
  monthly: { months: string[]; means: Float32Array[]; reference: Float32Array[] };
}

/**
 * The daily 1 km application with the production engine (src/production): tile × day units on worker threads,
 * then the finalize step (daily COGs, per-pixel statistics against GLDAS streamed tile by tile, monthly means,
 * STAC). For notebook 06: its figures come from these streamed statistics, not from a cube.
 *
 * @param source the prepared predictors (`data.prepared`), serving `grid` (tiles are cropped from it)
 * @param options see {@link ProduceDailyOptions}
 * @returns timings, the finalize result and the statistics maps
 * @throws RangeError naming a bad option; the engine's errors
 * @example
 * const prod = await produceDaily(data.prepared, { model, grid: data.fine, coarse: data.coarse, dates, outDir });
 * prod.seconds.perDay; prod.metrics.r;
 */
export async function produceDaily(source: LayerSource, options: ProduceDailyOptions): Promise<ProducedDaily> {
  const o = options ?? ({} as ProduceDailyOptions);
  if (!o.grid || !o.coarse) throw new RangeError("produceDaily: options.grid and options.coarse are required");
  const workers = o.workers ?? Math.min(4, Math.max(1, os.cpus().length));
  if (typeof o.outDir !== "string" || o.outDir === "") throw new RangeError(`produceDaily: options.outDir must be a folder, got ${String(o.outDir)}`);
  if (o.fresh ?? true) fs.rmSync(o.outDir, { recursive: true, force: true });
  const mode = o.tiles ?? (o.grid.size <= 4_000_000 ? "crop" : "direct");
  if (mode !== "crop" && mode !== "direct") throw new RangeError(`produceDaily: options.tiles must be 'crop' or 'direct', got '${String(mode)}'`);
  const tiles = mode === "crop" ? windowSource(source, o.grid) : source;
  const produce = await produceUnits({ model: o.model, source: tiles, grid: o.grid, dates: o.dates, outDir: o.outDir, workers });
  const finalize = await finalizeProduction({ outDir: o.outDir, reference: { source, variable: "gldas_sm", from: o.coarse }, minPairs: o.minPairs ?? 10 });
  const read = async (file: string): Promise<Float32Array> => Float32Array.from((await readGeoTiff(file)).values);
  const f = finalize.statistics?.files ?? {};
  const metrics = { r: await read(f.r), pValue: await read(f.p_value), rmse: await read(f.rmse), rrmse: await read(f.rrmse), pairs: await read(f.pairs) };
  const means: Float32Array[] = [], reference: Float32Array[] = [];
  for (const m of finalize.monthly) {
    means.push(await read(m.product));
    reference.push(await read(m.reference as string));
  }
  const mpx = produce.pixels / 1e6;
  return {
    produce, finalize, metrics,
    monthly: { months: finalize.monthly.map((m) => m.month), means, reference },
    seconds: { apply: produce.seconds, finalize: finalize.seconds, perDay: produce.seconds / o.dates.length, perMegapixel: mpx > 0 ? produce.seconds / mpx : NaN },
  };
}
