import * as path from "node:path";
import { LatLonGrid } from "../grid/latLonGrid";
import type { BoundingBox } from "../manifests/common";
import { loadProductManifest } from "../manifests/loadProductManifest";
import type { ProductManifest } from "../manifests/productManifest";
import type { StudyManifest } from "../manifests/studyManifest";
import { VARIABLE_NAMES } from "../manifests/productManifest";
import type { TwinSource } from "../twin/TwinSource";
import type { LayerSource, VariableName } from "./layerSource";
import { ProductSource, type ProductSourceOptions } from "./ProductSource";
import { RoutedSource } from "./RoutedSource";
import { LayerCache } from "./layerCache";
import { readStationRecords } from "./readStationRecords";

/** Options of {@link openRoutedSource}. */
export interface OpenRoutedSourceOptions {
  /** Folder of the product manifests named by `sources.*` (`<id>.json`). Default `./data-manifests`. */
  manifestDir?: string;
  /** Data directory (real files under `<dataDir>/real/<id>/`). Default `$SM_DATA_DIR` or `./data`. */
  dataDir?: string;
  /** Opens the twin; called only when some `sources.*` is "twin". Required then. */
  openTwin?: () => TwinSource;
  /** Passed to {@link ProductSource}: folders per product id, missing-file policy, aggregation threshold. */
  productDirs?: ProductSourceOptions["productDirs"];
  missingFiles?: ProductSourceOptions["missingFiles"];
  minValidFraction?: ProductSourceOptions["minValidFraction"];
  /**
   * Keep `truth_sm` from the twin even though other variables come from files. Only right when those files ARE the
   * twin's layers (the provider replica, `npm run workbook -- --data replica`), whose truth the twin holds. Default
   * false: with real inputs the twin's truth would be a false reference, so it is not served.
   */
  twinTruth?: boolean;
  /**
   * Folder of the disk cache of decoded product layers ({@link LayerCache}), or `"off"` for none. Default
   * `$SM_LAYER_CACHE`, else `<dataDir>/cache/layers`.
   */
  layerCacheDir?: string;
}

/**
 * A regular grid over a bounding box with the given cell size (the study's 0.25° domain, its 0.01° window).
 * @throws RangeError naming the box when its extent is not a whole number of cells.
 * @example studyGrid({ west: 124.5, south: 33, east: 130, north: 39 }, 0.01).width; // 550
 */
export function studyGrid(box: BoundingBox, cellSize: number): LatLonGrid {
  const w = (box.east - box.west) / cellSize, h = (box.north - box.south) / cellSize;
  if (Math.abs(w - Math.round(w)) > 1e-6 || Math.abs(h - Math.round(h)) > 1e-6) {
    throw new RangeError(`study manifest: box ${box.west}…${box.east} E, ${box.south}…${box.north} N is not a whole number of ${cellSize}° cells`);
  }
  return new LatLonGrid({ west: box.west, north: box.north, cellSize, width: Math.round(w), height: Math.round(h) });
}

const isoDates = (start: string, end: string): string[] => {
  const out: string[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`), e = Date.parse(`${end}T00:00:00Z`); t <= e; t += 86400000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

/**
 * Opens the study's sources as its manifest routes them (`sources.<variable>`: "twin" or a product manifest id):
 * a {@link ProductSource} for the variables served by real files, the twin for the others, and stations from the
 * twin or from the ISMN/station-CSV folder of the product named by `sources.stations`; joined in a
 * {@link RoutedSource} on the study's grids (the domain at 0.25°, the application window at 0.01°) with the
 * study period's dates. Nothing is read until a layer is asked for. When any variable comes from real files,
 * `truth_sm` is not served even if routed to the twin (the twin's truth is the truth of the twin's inputs only),
 * unless `twinTruth` says the files are the twin's own (the replica); the source's `limitations` say so.
 *
 * @throws Error naming the variable and product when a product manifest is missing, does not serve the
 *   variable routed to it or has no reader (`truth_sm`, `soil`, `precip` exist only on the twin); Error naming
 *   both grids when twin-served variables are mixed with real ones on a twin whose grids differ from the study's
 *   (use the `default` configuration); TypeError when a variable is routed to the twin but `openTwin` is missing.
 * @example
 * const raw = openRoutedSource(study, { manifestDir: "data-manifests", dataDir: "data", openTwin: () => openTwin(twinConfig("default")) });
 */
export function openRoutedSource(study: StudyManifest, options: OpenRoutedSourceOptions = {}): RoutedSource {
  const manifestDir = options.manifestDir ?? path.join(process.cwd(), "data-manifests");
  const dataDir = options.dataDir ?? process.env.SM_DATA_DIR ?? "data";
  if (!study || study.kind !== "study") throw new TypeError("openRoutedSource: study must be a study manifest");
  if (options.openTwin !== undefined && typeof options.openTwin !== "function") throw new TypeError("openRoutedSource: options.openTwin must be a function returning the twin");
  const manifests = new Map<string, ProductManifest>();
  const load = (id: string): ProductManifest => {
    if (!manifests.has(id)) manifests.set(id, loadProductManifest(path.join(manifestDir, `${id}.json`)));
    return manifests.get(id) as ProductManifest;
  };
  const productRoutes: Partial<Record<VariableName, ProductManifest>> = {};
  const twinVars: VariableName[] = [];
  for (const v of VARIABLE_NAMES) {
    const src = study.sources[v];
    if (src === undefined) continue;
    if (src === "twin") twinVars.push(v);
    else productRoutes[v] = load(src);
  }
  // The twin's 1 km truth is the truth of the twin's own inputs: with real inputs it would be a false reference.
  const notes: string[] = [];
  if (options.twinTruth !== undefined && typeof options.twinTruth !== "boolean") throw new TypeError(`openRoutedSource: options.twinTruth must be true or false, got ${JSON.stringify(options.twinTruth)}`);
  if (options.twinTruth && twinVars.includes("truth_sm") && Object.keys(productRoutes).length) {
    notes.push(`truth_sm: served by the twin although ${Object.keys(productRoutes).join(", ")} come from files (options.twinTruth: the files are the twin's own layers, as the provider replica writes them)`);
  } else if (Object.keys(productRoutes).length && twinVars.includes("truth_sm")) {
    twinVars.splice(twinVars.indexOf("truth_sm"), 1);
    notes.push(`truth_sm: not served — the twin's 1 km truth belongs to the twin's inputs, and ${Object.keys(productRoutes).join(", ")} come from real files`);
  }
  const coarseGrid = studyGrid(study.domain, 0.25);
  const fineGrid = studyGrid(study.applicationWindow, 0.01);
  const dates = isoDates(study.period.start, study.period.end);
  const applicationDates = isoDates(study.evaluation.start, study.evaluation.end);
  let stations: (() => ReturnType<TwinSource["stationSeries"]>) | null = null;
  const st = study.sources.stations;
  if (st !== undefined && st !== "twin") {
    const m = load(st);
    if (!m.variables.some((x) => x.serves === "stations")) {
      throw new Error(`study manifest: sources.stations is '${st}', but product ${st} serves ${m.variables.map((x) => x.serves).filter(Boolean).map((s) => `'${s}'`).join(", ") || "no study variable"}, not 'stations'`);
    }
    const dir = options.productDirs?.[st] ?? path.join(dataDir, "real", st);
    stations = () => readStationRecords(dir, { fine: fineGrid, dates, studyStations: study.stations, depth: study.stations[0]?.depth ?? 0.1 }).records;
  }
  const routes: Partial<Record<VariableName, LayerSource>> = {};
  if (Object.keys(productRoutes).length) {
    const cacheDir = options.layerCacheDir ?? process.env.SM_LAYER_CACHE ?? path.join(dataDir, "cache", "layers");
    if (typeof cacheDir !== "string" || cacheDir === "") throw new TypeError(`openRoutedSource: options.layerCacheDir (SM_LAYER_CACHE) must be a folder or "off", got ${JSON.stringify(cacheDir)}`);
    const layerCache = cacheDir === "off" ? null : new LayerCache({ dir: cacheDir });
    const products = new ProductSource({
      routes: productRoutes, dataDir, manifestDir, productDirs: options.productDirs, missingFiles: options.missingFiles, minValidFraction: options.minValidFraction, layerCache,
    });
    for (const v of products.variables) routes[v] = products;
  }
  let twin: TwinSource | null = null;
  if (twinVars.length || study.sources.stations === "twin") {
    if (!options.openTwin) throw new TypeError(`openRoutedSource: ${twinVars.concat(study.sources.stations === "twin" ? ["stations" as VariableName] : []).join(", ")} are routed to the twin, but options.openTwin is missing`);
    twin = options.openTwin();
    if (!twin.coarseGrid.equals(coarseGrid) || !twin.fineGrid.equals(fineGrid)) {
      throw new Error(`study manifest: ${twinVars.join(", ") || "stations"} come from the twin, whose grids (${twin.coarseGrid.key()}, ${twin.fineGrid.key()}) differ from the study's (${coarseGrid.key()}, ${fineGrid.key()}) that the real products are served on; use the twin's 'default' configuration or route these variables to products too`);
    }
  }
  for (const v of twinVars) routes[v] = twin as TwinSource;
  if (st === "twin") stations = () => (twin as TwinSource).stationSeries();
  return new RoutedSource({ routes, coarseGrid, fineGrid, dates, applicationDates, twin, stations, stationsFrom: st ?? "none", notes });
}
