import * as path from "node:path";
import { loadProductManifest } from "../manifests/loadProductManifest";
import type { TwinSource } from "../twin/TwinSource";
import { exportAmsr2 } from "./exportAmsr2";
import { exportAscat } from "./exportAscat";
import { exportGldasGranules } from "./exportGldas";
import { exportIsmn } from "./exportIsmn";
import { exportModisGranules } from "./exportModis";
import { exportSrtmTiles } from "./exportSrtm";
import { TwinExportSource } from "./twinExportSource";

/** The product manifests the replica writes, in the order they are exported. */
export const REPLICA_PRODUCTS = ["gldas-noah025-3h-v2.1", "amsr2-lprm-l3", "hsaf-ascat-cdr", "mod11a2", "mod13a2", "mcd12q1", "srtm", "ismn"] as const;
export type ReplicaProduct = (typeof REPLICA_PRODUCTS)[number];

/** Options of {@link exportReplica}. */
export interface ExportReplicaOptions {
  /** The twin whose layers are exported. */
  twin: TwinSource;
  /** Replica directory (`<dir>/<host>/<path>` of each manifest URL). */
  outDir: string;
  /** Folder of the product manifests. Default `data-manifests`. */
  manifestDir?: string;
  /** Products to write (manifest ids of {@link REPLICA_PRODUCTS}). Default all. */
  products?: readonly string[];
  /** First and last day of the dated products, `YYYY-MM-DD`. Default the twin's 1 km days. */
  from?: string;
  to?: string;
  /** SRTM tile edge in samples (default the real 6000; smaller only for tests). */
  srtmTileSize?: number;
  /** Called after each product with its id, file count and seconds. */
  onProduct?: (id: string, files: string[], seconds: number) => void;
}

/**
 * Writes the twin as the providers distribute it, one exporter per product manifest: GLDAS-2.1 granules, LPRM
 * AMSR2 L3 passes, H SAF ASCAT CDR cells, MOD11A2 / MOD13A2 / MCD12Q1 HDF4-EOS2 tiles, CGIAR SRTM zips and the
 * ISMN station archive, each at the manifest URL's path under `outDir` (static products ignore the dates; the ASCAT
 * cells hold the whole range's series). MODIS and SRTM cover the whole 0.25° domain ({@link TwinExportSource}: the
 * twin's 1 km values in the window where it keeps them, the 0.25° cell's value elsewhere), so the 0.25° training
 * samples can be read from them too.
 *
 * @returns the files written per product id
 * @throws RangeError naming the option: an unknown product id, dates outside the twin's period or reversed;
 *   the exporters' errors.
 * @example
 * await exportReplica({ twin: openTwin(twinConfig("tiny")), outDir: "replica", products: ["gldas-noah025-3h-v2.1", "ismn"] });
 */
export async function exportReplica(options: ExportReplicaOptions): Promise<Record<string, string[]>> {
  const { twin, outDir } = options;
  const manifestDir = options.manifestDir ?? "data-manifests";
  const products = options.products ?? REPLICA_PRODUCTS;
  const kept = twin.applicationDates();
  const period = twin.dates();
  const from = options.from ?? kept[0], to = options.to ?? kept[kept.length - 1];
  for (const p of products) if (!(REPLICA_PRODUCTS as readonly string[]).includes(p)) throw new RangeError(`exportReplica: options.products names ${JSON.stringify(p)}, not one of ${REPLICA_PRODUCTS.join(", ")}`);
  for (const [k, d] of [["from", from], ["to", to]] as const) {
    if (typeof d !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(d) || d < period[0] || d > period[period.length - 1]) throw new RangeError(`exportReplica: options.${k} must be a day of the twin's period ${period[0]}…${period[period.length - 1]}, got ${JSON.stringify(d)}`);
  }
  if (to < from) throw new RangeError(`exportReplica: options.to ${to} is before options.from ${from}`);
  if (typeof outDir !== "string" || outDir === "") throw new TypeError(`exportReplica: options.outDir must be a folder path, got ${JSON.stringify(outDir)}`);
  const out: Record<string, string[]> = {};
  const domain = new TwinExportSource(twin); // MODIS and SRTM over the whole 0.25° domain (training reads it too)
  for (const id of products as readonly ReplicaProduct[]) {
    const t0 = Date.now();
    const manifest = loadProductManifest(path.join(manifestDir, `${id}.json`));
    const dated = { manifest, outDir, from, to };
    let files: string[];
    switch (id) {
      case "gldas-noah025-3h-v2.1": files = await exportGldasGranules({ source: twin, grid: twin.coarseGrid, ...dated }); break;
      case "amsr2-lprm-l3": files = await exportAmsr2({ source: twin, grid: twin.coarseGrid, ...dated }); break;
      case "hsaf-ascat-cdr": files = await exportAscat({ source: twin, grid: twin.coarseGrid, ...dated }); break;
      case "mod11a2": case "mod13a2": case "mcd12q1": files = await exportModisGranules({ source: domain, grid: domain.grid, ...dated }); break;
      case "srtm": files = await exportSrtmTiles({ source: domain, grid: domain.grid, manifest, outDir, ...(options.srtmTileSize ? { tileSize: options.srtmTileSize } : {}) }); break;
      case "ismn": files = [exportIsmn({ stations: twin.stationSeries(), manifest, outDir })]; break;
    }
    out[id] = files;
    options.onProduct?.(id, files, (Date.now() - t0) / 1000);
  }
  return out;
}
