import * as fs from "node:fs";
import * as path from "node:path";
import { LatLonGrid } from "../grid/latLonGrid";
import { meanAggregate } from "../grid/meanAggregate";
import { majorityAggregate } from "../grid/majorityAggregate";
import { resampleNearest } from "../grid/resampleNearest";
import type { ProductManifest } from "../manifests/productManifest";
import { expandFileList } from "../manifests/expandFileList";
import { gldasDailyMeans, readGldas, type GldasSteps } from "../products/gldas";
import { readJaxaAmsr2, readLprmAmsr2, type Amsr2Pass } from "../products/amsr2";
import { amsr2Daily } from "../products/amsr2Daily";
import { readAscatSwath } from "../products/ascatSwath";
import { readHsafCdrCell, type AscatCdrCell } from "../products/ascatCdr";
import { ascatDailyGrid, type AscatPoints } from "../products/ascatDaily";
import { readModisFile } from "../products/readModisFile";
import { readModisClearSkyDays, clearFlagsForDay } from "../products/modisClearSky";
import { compositeStartForDay, parseModisName, MODIS_LAYERS, modisToLatLon, type ModisLayerKind } from "../products/modis";
import { readHgt, readSrtmGeoTiff, parseHgtName } from "../products/srtm";
import type { ProductLayer } from "../products/productLayer";
import { dayStartMs } from "../products/productLayer";
import { TWIN_UNITS } from "../twin/TwinSource";
import type { Layer, LayerRequest, LayerSource, VariableName } from "./layerSource";
import { productRoute, type ProductRoute } from "./productRoute";
import { findProductFiles, listProductDir } from "./productFiles";
import { extractZippedTiff } from "./extractZippedTiff";
import type { LayerCache } from "./layerCache";

/** Options of {@link ProductSource}. */
export interface ProductSourceOptions {
  /** Which product manifest serves each variable (`sources.<variable>` of the study manifest, loaded). */
  routes: Partial<Record<VariableName, ProductManifest>>;
  /** Data directory; a product's files are looked for in `<dataDir>/real/<manifest id>/` (where `sm-downscale fetch` puts them). Default `$SM_DATA_DIR` or `./data`. */
  dataDir?: string;
  /** Folder per product id, overriding `<dataDir>/real/<id>` (e.g. an AppEEARS download folder). Default {}. */
  productDirs?: Record<string, string>;
  /**
   * A file the manifest lists for the requested day is absent: `"error"` (default) refuses the day, naming the
   * variable, date and expected path; `"count"` builds the day from the files present (counted as
   * `missingFiles`; GLDAS: the mean of the steps present) and still refuses a day with no file at all.
   */
  missingFiles?: "error" | "count";
  /** Minimum valid fraction of 1 km pixels for a mean (LST, NDVI) or majority (land cover) on a coarser grid, and of DEM samples per cell. Default 0.5. */
  minValidFraction?: number;
  /** Folder of the manifests, for the `sm-downscale fetch --manifest` hint in messages. Default `data-manifests`. */
  manifestDir?: string;
  /** Layers kept in memory (gap filling asks for the previous days again). Default 32. */
  cacheSize?: number;
  /**
   * A disk cache of decoded layers (e.g. `new LayerCache({ dir: <SM_DATA_DIR>/cache/layers })`): a layer is looked up
   * there before its files are decoded, and stored after; its hits and misses are in `layerCache.counts`. Default
   * null (no disk cache).
   */
  layerCache?: LayerCache | null;
}

const COARSE = 0.25;
const DAY_MS = 86400000;
/** Cell size (degrees) of the intermediate grid on which MODIS 1 km pixels are mosaicked before aggregating. */
const MODIS_STEP = 0.01;

const base = (p: string) => path.basename(p);

/**
 * A {@link LayerSource} over real product files on this machine: "variable V on grid G for date D" from the files
 * `sm-downscale fetch` put in `<dataDir>/real/<manifest id>/` (or `productDirs[id]`), read with the readers of
 * src/products and put on G with the resampling of src/grid:
 *
 * - `gldas_sm` (GLDAS Noah 3-hourly `.nc4`): daily mean of the day's 8 granules (00–21 UTC), kg m⁻² ÷ 100 → m³ m⁻³;
 *   hours without a granule are taken from subset files with a time dimension in the same folder (GES DISC subsetter).
 * - `amsr2_sm` (JAXA L3 `.h5` or LPRM `.nc4`, ascending + descending): mean of the passes, % ÷ 100. Not gap-filled
 *   here (wrap in `GapFilledSource` for the paper's previous-day rule).
 * - `ascat_sm` (EUMETSAT SOMO25 swaths, or H SAF CDR cell files `H…_<cell>.nc`): mean of every observation of the
 *   UTC day per 0.25° cell, % ÷ 100.
 * - `lst`, `ndvi`, `landcover` (MODIS GeoTIFF exports from AppEEARS or MODIStsp, EPSG:4326 or sinusoidal, named
 *   `…LST_Day…doyYYYYDDD…tif`, `…NDVI…`, `…LC_Type1…`): the 8-day (LST) / 16-day (NDVI) composite whose period
 *   contains the day, the land cover of the day's year (else the nearest year, counted `otherYear`); nearest
 *   neighbour onto 1 km grids; on coarser grids nearest onto a 0.01° grid, then mean (LST, NDVI) or majority
 *   (land cover) aggregation. Several files for one composite (tiles) are mosaicked.
 * - `dem` (SRTM `.hgt`, `.hgt.zip`, geographic GeoTIFF tiles, CGIAR-CSI `srtm_XX_YY.zip` holding a GeoTIFF, which is
 *   extracted once to `.unzipped/`): mean of the samples in each cell, over all tiles (weighted by valid samples).
 *
 * The 0.25° products are served on 0.25° grids aligned with theirs, and on finer grids as the value of the
 * 0.25° cell containing each pixel (nearest neighbour, as the twin does). Every layer's `counts` hold the
 * reader's counts (fill, masked, valid, …), the resampling's (outside, aggregated, tooFewValid) and
 * `missingFiles`; `provenance` names the product, folder and files.
 *
 * @example
 * const src = new ProductSource({ routes: { gldas_sm: loadProductManifest("data-manifests/gldas-noah025-3h-v2.1.json") }, dataDir: "data" });
 * const layer = await src.getLayer({ variable: "gldas_sm", grid: new LatLonGrid({ west: 124, north: 39, cellSize: 0.25, width: 24, height: 24 }), date: "2015-05-01" });
 * @throws (constructor) Error naming the variable and product when a product does not serve the variable it is routed
 *   to or has no reader; RangeError/TypeError naming a bad option.
 */
export class ProductSource implements LayerSource {
  readonly name: string;
  readonly variables: readonly VariableName[];
  readonly routes: Readonly<Partial<Record<VariableName, ProductRoute>>>;
  private readonly dataDir: string;
  private readonly productDirs: Record<string, string>;
  private readonly missingFiles: "error" | "count";
  private readonly minValidFraction: number;
  private readonly manifestDir: string;
  private readonly cacheSize: number;
  private readonly cache = new Map<string, Promise<Layer>>();
  private decodeCount = 0;
  /** The files each decoded layer was read from (absolute paths), for the disk cache's checksum. */
  private readonly layerFiles = new WeakMap<Layer, string[]>();
  /** The disk cache of decoded layers, or null. */
  readonly layerCache: LayerCache | null;

  constructor(options: ProductSourceOptions) {
    const o = options ?? ({} as ProductSourceOptions);
    const dataDir = o.dataDir ?? process.env.SM_DATA_DIR ?? "data";
    const productDirs = o.productDirs ?? {};
    const missingFiles = o.missingFiles ?? "error";
    const minValidFraction = o.minValidFraction ?? 0.5;
    const manifestDir = o.manifestDir ?? "data-manifests";
    const cacheSize = o.cacheSize ?? 32;
    if (!o.routes || typeof o.routes !== "object") throw new TypeError(`ProductSource: options.routes must map variables to product manifests, got ${JSON.stringify(o.routes)}`);
    if (typeof dataDir !== "string" || dataDir === "") throw new TypeError(`ProductSource: options.dataDir must be a folder path, got ${JSON.stringify(dataDir)}`);
    for (const [id, d] of Object.entries(productDirs)) if (typeof d !== "string" || d === "") throw new TypeError(`ProductSource: options.productDirs.${id} must be a folder path, got ${JSON.stringify(d)}`);
    if (missingFiles !== "error" && missingFiles !== "count") throw new RangeError(`ProductSource: options.missingFiles must be "error" or "count", got ${JSON.stringify(missingFiles)}`);
    if (!(minValidFraction >= 0 && minValidFraction <= 1)) throw new RangeError(`ProductSource: options.minValidFraction must be within [0, 1], got ${minValidFraction}`);
    if (!Number.isInteger(cacheSize) || cacheSize < 0) throw new RangeError(`ProductSource: options.cacheSize must be a non-negative integer, got ${cacheSize}`);
    const routes: Partial<Record<VariableName, ProductRoute>> = {};
    for (const [v, m] of Object.entries(o.routes) as Array<[VariableName, ProductManifest | undefined]>) {
      if (m) routes[v] = productRoute(v, m);
    }
    this.routes = routes;
    this.variables = Object.keys(routes) as VariableName[];
    if (!this.variables.length) throw new RangeError("ProductSource: options.routes names no variable");
    this.dataDir = dataDir;
    this.productDirs = productDirs;
    this.missingFiles = missingFiles;
    this.minValidFraction = minValidFraction;
    this.manifestDir = manifestDir;
    this.cacheSize = cacheSize;
    this.layerCache = o.layerCache ?? null;
    this.name = `products:${this.variables.map((v) => `${v}=${(routes[v] as ProductRoute).manifest.id}`).join(",")}`;
  }

  /**
   * The folder searched for a product's files: `productDirs[id]`, else `<dataDir>/real/<id>` (where
   * `sm-downscale fetch` writes by default), else `<dataDir>/<id>` when only that one exists.
   */
  productDir(id: string): string {
    const given = this.productDirs[id];
    if (given !== undefined) return given;
    const fetched = path.join(this.dataDir, "real", id);
    const flat = path.join(this.dataDir, id);
    return !fs.existsSync(fetched) && fs.existsSync(flat) ? flat : fetched;
  }

  /**
   * The layer of `variable` on `grid` for `date` (ignored for dem; the year counts for landcover).
   * @throws Error naming the variable, date and expected file path(s) when files are missing (with the
   *   `sm-downscale fetch` command that gets them); Error naming the variable when no product serves it; the
   *   readers' errors (naming the file) for unreadable files and grid mismatches.
   */
  getLayer(request: LayerRequest): Promise<Layer> {
    const { variable, grid, date } = request ?? ({} as LayerRequest);
    const route = this.routes[variable];
    if (!route) return Promise.reject(new Error(`${this.name}: no product serves '${String(variable)}' (served: ${this.variables.join(", ")})`));
    if (!(grid instanceof LatLonGrid)) return Promise.reject(new TypeError(`${this.name}: grid for ${variable} must be a LatLonGrid`));
    if (variable !== "dem") {
      try { dayStartMs(date, `${this.name}: date for ${variable}`); } catch (e) { return Promise.reject(e); }
    }
    const copy = (l: Layer): Layer => ({ ...l, date: l.date === null ? null : date, values: l.values.slice(), counts: { ...l.counts } });
    return this.shared(route, grid, date, null).then(copy);
  }

  /**
   * The layer shared by every day of its slot (not copied): the days of one MODIS composite share one read (the
   * layer is the composite's), as do the days of a year for land cover and every day for the DEM. Looked up in
   * `memo` (one bulk call's reads) and in the in-memory cache, else read (counted in {@link decodes}).
   */
  private shared(route: ProductRoute, grid: LatLonGrid, date: string, memo: Map<string, Promise<Layer>> | null): Promise<Layer> {
    const variable = route.variable;
    const period = route.reader === "modis" && variable !== "landcover" ? MODIS_LAYERS[variable as ModisLayerKind].periodDays : 0;
    const slot = variable === "dem" ? "" : variable === "landcover" ? date.slice(0, 4) : period ? compositeStartForDay(date, period) : date;
    const key = `${variable}|${grid.key()}|${slot}`;
    const hit = memo?.get(key) ?? this.cache.get(key);
    if (hit) { memo?.set(key, hit); return hit; }
    const p = this.layerCache ? this.readThroughDisk(route, grid, date, `${route.manifest.id}|${key}`) : this.decode(route, grid, date);
    memo?.set(key, p);
    if (this.cacheSize > 0) {
      this.cache.set(key, p);
      p.catch(() => this.cache.delete(key));
      while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value as string);
    }
    return p;
  }

  private decode(route: ProductRoute, grid: LatLonGrid, date: string): Promise<Layer> {
    this.decodeCount++;
    return this.read(route, grid, date);
  }

  private async readThroughDisk(route: ProductRoute, grid: LatLonGrid, date: string, key: string): Promise<Layer> {
    const disk = this.layerCache as LayerCache;
    const hit = disk.get(key);
    if (hit) return hit;
    const layer = await this.decode(route, grid, date);
    const dir = this.productDir(route.manifest.id);
    disk.put(key, layer, this.layerFiles.get(layer) ?? [], [dir]);
    return layer;
  }

  /** How many layers this source has read from product files so far (each a decode of the slot's files; cache hits not counted). */
  get decodes(): number { return this.decodeCount; }

  /**
   * The layers of `variable` on `grid` for every day from `start` to `end` (inclusive, ISO):
   * `values[t * grid.size + cell]`, NaN = missing — the same values as {@link getLayer} day by day, with each
   * slot's files (a day's granules, a MODIS composite, a land-cover year, the DEM tiles) read once per call
   * whatever the cache size.
   * @example const { dates, values } = await src.getCube({ variable: "amsr2_sm", grid, start: "2015-04-01", end: "2015-04-02" });
   * @throws RangeError naming `start`/`end` when either is missing, not an ISO day, or `end` is before `start`;
   *   {@link getLayer}'s errors for the first day that cannot be served.
   */
  async getCube(request: { variable: VariableName; grid: LatLonGrid; start?: string; end?: string }): Promise<{ dates: string[]; values: Float32Array }> {
    const { variable, grid } = request ?? ({} as typeof request);
    const dates = this.runDates(request, "getCube");
    const route = this.checkRoute(variable, grid);
    const memo = new Map<string, Promise<Layer>>();
    const values = new Float32Array(dates.length * grid.size);
    for (let t = 0; t < dates.length; t++) values.set((await this.shared(route, grid, dates[t], memo)).values, t * grid.size);
    return { dates, values };
  }

  /**
   * The values of `variable` at `cells` of `grid` for every day from `start` to `end` (inclusive):
   * `values[t * cells.length + j]` ([day][point]), NaN = missing — {@link getCube}'s values at those cells, with
   * each slot's files read once per call (not once per point).
   * @example const s = await src.getSeries({ variable: "lst", grid, cells: [0, 5], start: "2026-01-01", end: "2026-01-08" });
   * @throws RangeError naming the cell outside the grid; {@link getCube}'s errors.
   */
  async getSeries(request: { variable: VariableName; grid: LatLonGrid; cells: ArrayLike<number>; start?: string; end?: string }): Promise<{ dates: string[]; values: Float32Array }> {
    const { variable, grid, cells } = request ?? ({} as typeof request);
    const dates = this.runDates(request, "getSeries");
    const route = this.checkRoute(variable, grid);
    if (!cells || typeof cells.length !== "number") throw new TypeError(`${this.name}: getSeries: cells must be an array of cell indices`);
    for (let j = 0; j < cells.length; j++) {
      if (!Number.isInteger(cells[j]) || cells[j] < 0 || cells[j] >= grid.size) throw new RangeError(`${this.name}: getSeries: cells[${j}] = ${cells[j]} is outside grid ${grid.key()} (0…${grid.size - 1})`);
    }
    const memo = new Map<string, Promise<Layer>>();
    const n = cells.length;
    const values = new Float32Array(dates.length * n);
    for (let t = 0; t < dates.length; t++) {
      const layer = (await this.shared(route, grid, dates[t], memo)).values;
      for (let j = 0; j < n; j++) values[t * n + j] = layer[cells[j]];
    }
    return { dates, values };
  }

  private checkRoute(variable: VariableName, grid: LatLonGrid): ProductRoute {
    const route = this.routes[variable];
    if (!route) throw new Error(`${this.name}: no product serves '${String(variable)}' (served: ${this.variables.join(", ")})`);
    if (!(grid instanceof LatLonGrid)) throw new TypeError(`${this.name}: grid for ${variable} must be a LatLonGrid`);
    return route;
  }

  private runDates(request: { start?: string; end?: string } | undefined, method: string): string[] {
    const { start, end } = request ?? {};
    if (typeof start !== "string" || typeof end !== "string") throw new RangeError(`${this.name}: ${method}: start and end must be ISO days (YYYY-MM-DD), got start ${JSON.stringify(start)}, end ${JSON.stringify(end)}`);
    const t0 = dayStartMs(start, `${this.name}: ${method}: start`), t1 = dayStartMs(end, `${this.name}: ${method}: end`);
    if (t1 < t0) throw new RangeError(`${this.name}: ${method}: end ${end} is before start ${start}`);
    const dates: string[] = [];
    for (let t = t0; t <= t1; t += DAY_MS) dates.push(new Date(t).toISOString().slice(0, 10));
    return dates;
  }

  /**
   * The day's clear-sky fraction of each cell (0–1; 1 km cells: 0 or 1), from MOD11A2's `Clear_sky_days` (the bit of
   * the day within its 8-day composite) of the granules (or AppEEARS `Clear_sky_days` exports) of the composite
   * containing the day: nearest neighbour onto 0.01°, then the mean over coarser cells — the rule the sampling
   * applies to the twin's clear-sky layer. Only when `lst` is served by a MODIS product.
   * @throws Error naming the date, the folder and the fetch command when no file of the composite is there; Error
   *   naming the source when it does not serve `lst` from MODIS; the readers' errors naming the file.
   */
  async clearSky(grid: LatLonGrid, date: string): Promise<{ grid: LatLonGrid; date: string; values: Float32Array }> {
    const route = this.routes.lst;
    if (!route || route.reader !== "modis") throw new Error(`${this.name}: clearSky needs lst from MOD11A2 (served: ${this.variables.join(", ")})`);
    if (!(grid instanceof LatLonGrid)) throw new TypeError(`${this.name}: grid for clearSky must be a LatLonGrid`);
    dayStartMs(date, `${this.name}: date for clearSky`);
    const start = compositeStartForDay(date, MODIS_LAYERS.lst.periodDays);
    const dir = this.productDir(route.manifest.id);
    const names = listProductDir(dir).filter((n) => {
      const p = parseModisName(n);
      return p.date === start && ((/\.hdf$/i.test(n) && p.kind === "lst") || /Clear_sky_days.*\.tiff?$/i.test(n));
    });
    if (!names.length) throw new Error(`clearSky for ${date}: no MOD11A2 granule (.hdf) or Clear_sky_days export of the composite starting ${start} in ${dir}; ${this.fetchHint(route, start)}`);
    const k = grid.cellSize <= 2 * MODIS_STEP ? 1 : Math.round(grid.cellSize / MODIS_STEP);
    if (k > 1 && Math.abs(k * MODIS_STEP - grid.cellSize) > 1e-9) throw new Error(`clearSky: grid mismatch: cell size ${grid.cellSize}° is not a multiple of the ${MODIS_STEP}° grid MODIS pixels are aggregated from`);
    const fine = k === 1 ? grid : new LatLonGrid({ west: grid.west, north: grid.north, cellSize: grid.cellSize / k, width: grid.width * k, height: grid.height * k });
    const mosaic = new Float32Array(fine.size).fill(NaN);
    for (const n of names) {
      const c = await readModisClearSkyDays(path.join(dir, n), { start });
      const onFine = resampleNearest(clearFlagsForDay(c, date), { from: c.grid, to: fine }).values;
      for (let i = 0; i < mosaic.length; i++) if (mosaic[i] !== mosaic[i]) mosaic[i] = onFine[i];
    }
    const values = k === 1 ? mosaic : meanAggregate(mosaic, { from: fine, to: grid, minValidFraction: this.minValidFraction }).values;
    return { grid, date, values };
  }

  private async read(route: ProductRoute, grid: LatLonGrid, date: string): Promise<Layer> {
    switch (route.reader) {
      case "gldas": return this.readGldas(route, grid, date);
      case "amsr2-jaxa":
      case "amsr2-lprm": return this.readAmsr2(route, grid, date);
      case "ascat-swath": return this.readAscat(route, grid, date);
      case "ascat-cdr": return this.readAscatCdr(route, grid, date);
      case "modis": return this.readModis(route, grid, date);
      case "srtm": return this.readDem(route, grid);
    }
  }

  private fetchHint(route: ProductRoute, date: string | null): string {
    const id = route.manifest.id;
    const range = date ? ` --from ${date} --to ${date}` : "";
    return `fetch them with \`sm-downscale fetch --manifest ${path.join(this.manifestDir, `${id}.json`)}${range} --out ${this.productDir(id)}\``;
  }

  /** Dated files of the day, or an Error naming the variable, date and missing paths. */
  private dayFiles(route: ProductRoute, date: string): { found: string[]; missing: number } {
    const dir = this.productDir(route.manifest.id);
    const f = findProductFiles(route, { dir, date });
    this.refuseMissing(route, date, f.missing, f.expected.length, f.found.length);
    return { found: f.found, missing: f.missing.length };
  }

  private refuseMissing(route: ProductRoute, date: string, missing: string[], expected: number, found: number): void {
    if (missing.length && (this.missingFiles === "error" || found === 0)) {
      const shown = missing.slice(0, 3).join(", ") + (missing.length > 3 ? ` and ${missing.length - 3} more` : "");
      throw new Error(`${route.variable} for ${date}: ${missing.length} of ${expected} file(s) of product ${route.manifest.id} missing: expected ${shown}; ${this.fetchHint(route, date)}`);
    }
  }

  private makeLayer(route: ProductRoute, grid: LatLonGrid, date: string | null, values: Float32Array, counts: Record<string, number>, files: string[], note = ""): Layer {
    const id = route.manifest.id;
    let valid = 0;
    for (let i = 0; i < values.length; i++) if (values[i] === values[i]) valid++;
    const dir = this.productDir(id);
    const layer: Layer = {
      variable: route.variable, date, grid, values, units: TWIN_UNITS[route.variable],
      counts: { ...counts, cells: values.length, valid, missing: values.length - valid },
      provenance: `${id} (${dir}): ${files.map(base).join(", ")}${note}`,
    };
    this.layerFiles.set(layer, files.map((f) => path.resolve(path.isAbsolute(f) ? f : path.join(dir, f))));
    return layer;
  }

  /** The product's 0.25° grid covering `grid` (aligned on multiples of 0.25° from −180°/−90°), or `grid` itself at 0.25°. */
  private coarseCover(route: ProductRoute, grid: LatLonGrid): LatLonGrid {
    if (Math.abs(grid.cellSize - COARSE) < 1e-9) return grid;
    if (grid.cellSize > COARSE) throw new Error(`${route.variable}: grid mismatch: grid ${grid.key()} is coarser than product ${route.manifest.id}'s ${COARSE}° cells`);
    const west = Math.floor((grid.west + 180) / COARSE + 1e-9) * COARSE - 180;
    const east = Math.ceil((grid.east + 180) / COARSE - 1e-9) * COARSE - 180;
    const north = Math.ceil((grid.north + 90) / COARSE - 1e-9) * COARSE - 90;
    const south = Math.floor((grid.south + 90) / COARSE + 1e-9) * COARSE - 90;
    return new LatLonGrid({ west, north, cellSize: COARSE, width: Math.round((east - west) / COARSE), height: Math.round((north - south) / COARSE) });
  }

  /** A 0.25° layer on `grid` (itself, or nearest neighbour onto a finer grid). */
  private fromCoarse(coarse: LatLonGrid, values: Float32Array, grid: LatLonGrid, counts: Record<string, number>): { values: Float32Array; note: string } {
    if (coarse === grid) return { values, note: "" };
    const r = resampleNearest(values, { from: coarse, to: grid });
    counts.outside = (counts.outside ?? 0) + r.counts.outside;
    return { values: r.values, note: " (0.25° value, nearest neighbour)" };
  }

  /**
   * GLDAS: the day's granules, and for hours without a granule the steps of subset files in the same folder
   * (GES DISC subsetter output with a time dimension, any other `.nc4`/`.nc` name); the time axis of each subset
   * is learnt once (and the last subset read is kept), so a subset is re-read only on days it covers.
   */
  private async readGldas(route: ProductRoute, grid: LatLonGrid, date: string): Promise<Layer> {
    const dir = this.productDir(route.manifest.id);
    const f = findProductFiles(route, { dir, date });
    const coarse = this.coarseCover(route, grid);
    const opts = { grid: coarse, variable: route.productVariable.name };
    const inputs: Array<string | GldasSteps> = [...f.found];
    let missing = f.missing;
    let subsetSteps = 0;
    if (missing.length) {
      const granule = /^GLDAS_NOAH025_3H\.A\d{8}\.\d{4}\.\d+\.nc4$/;
      const hourOf = (p: string) => Number((/\.A\d{8}\.(\d{2})00\./.exec(base(p)) ?? [])[1]);
      const wanted = new Map(missing.map((p) => [Date.parse(`${date}T00:00:00Z`) + hourOf(p) * 3600000, p]));
      for (const n of listProductDir(dir).filter((x) => /\.nc4?$/i.test(x) && !granule.test(x))) {
        const file = path.join(dir, n);
        const times = await this.subsetTimes(file, opts);
        if (!times.some((t) => wanted.has(t))) continue;
        const all = await this.readSubset(file, opts);
        const keep = all.times.map((t, k) => (wanted.has(t.getTime()) ? k : -1)).filter((k) => k >= 0);
        keep.forEach((k) => wanted.delete(all.times[k].getTime()));
        subsetSteps += keep.length;
        inputs.push({ ...all, times: keep.map((k) => all.times[k]), steps: keep.map((k) => all.steps[k]) });
      }
      missing = Array.from(wanted.values());
    }
    this.refuseMissing(route, date, missing, f.expected.length, inputs.length);
    const r = await gldasDailyMeans(inputs, opts);
    const day = r.days.find((d) => d.date === date);
    if (!day) throw new Error(`gldas_sm for ${date}: files ${f.found.map(base).join(", ")} hold no time step of that UTC day`);
    const counts: Record<string, number> = { ...day.counts, missingFiles: missing.length, subsetSteps };
    const g = this.fromCoarse(coarse, day.values, grid, counts);
    return this.makeLayer(route, grid, date, g.values, counts, day.sources, g.note);
  }

  private readonly subsetTimeCache = new Map<string, { mtimeMs: number; times: number[] }>();
  private lastSubset: { key: string; steps: Promise<GldasSteps> } | null = null;

  private readSubset(file: string, opts: { grid: LatLonGrid; variable: string }): Promise<GldasSteps> {
    const key = `${file}|${fs.statSync(file).mtimeMs}|${opts.grid.key()}|${opts.variable}`;
    if (this.lastSubset && this.lastSubset.key === key) return this.lastSubset.steps;
    const steps = readGldas(file, opts);
    this.lastSubset = { key, steps };
    steps.catch(() => { if (this.lastSubset && this.lastSubset.key === key) this.lastSubset = null; });
    return steps;
  }

  private async subsetTimes(file: string, opts: { grid: LatLonGrid; variable: string }): Promise<number[]> {
    const mtimeMs = fs.statSync(file).mtimeMs;
    const hit = this.subsetTimeCache.get(file);
    if (hit && hit.mtimeMs === mtimeMs) return hit.times;
    let times: number[];
    try {
      times = (await this.readSubset(file, opts)).times.map((t) => t.getTime());
    } catch (e) {
      if (!/not a GLDAS Noah file/.test((e as Error).message)) throw e;
      times = []; // another file in the folder (e.g. the GLDAS land mask)
    }
    this.subsetTimeCache.set(file, { mtimeMs, times });
    return times;
  }

  private async readAmsr2(route: ProductRoute, grid: LatLonGrid, date: string): Promise<Layer> {
    const { found, missing } = this.dayFiles(route, date);
    const coarse = this.coarseCover(route, grid);
    let asc: Amsr2Pass | null = null, desc: Amsr2Pass | null = null;
    for (const f of found) {
      const pass = route.reader === "amsr2-jaxa" ? await readJaxaAmsr2(f, { grid: coarse }) : await readLprmAmsr2(f, { grid: coarse, variable: route.productVariable.name });
      if (pass.date !== date) throw new Error(`amsr2_sm for ${date}: ${f} holds ${pass.date}`);
      if (pass.direction === "ascending") { if (asc) throw new Error(`amsr2_sm for ${date}: two ascending passes (${asc.sources[0]} and ${f})`); asc = pass; }
      else { if (desc) throw new Error(`amsr2_sm for ${date}: two descending passes (${desc.sources[0]} and ${f})`); desc = pass; }
    }
    const daily = amsr2Daily(asc, desc, [], { maxDaysBack: 0 });
    const counts: Record<string, number> = {
      ...daily.counts, missingFiles: missing,
      fillAscending: asc ? asc.counts.fill ?? 0 : NaN, fillDescending: desc ? desc.counts.fill ?? 0 : NaN,
    };
    const g = this.fromCoarse(coarse, daily.values, grid, counts);
    return this.makeLayer(route, grid, date, g.values, counts, daily.sources, g.note);
  }

  private async readAscat(route: ProductRoute, grid: LatLonGrid, date: string): Promise<Layer> {
    const { found, missing } = this.dayFiles(route, date);
    const coarse = this.coarseCover(route, grid);
    const points: AscatPoints[] = [];
    let swathFill = 0, noLocation = 0;
    for (const f of found) {
      const s = await readAscatSwath(f);
      swathFill += s.counts.fill + s.counts.outOfRange;
      noLocation += s.counts.noLocation;
      points.push({ lon: s.lon, lat: s.lat, timeMs: s.timeMs, values: s.values, units: s.units, source: f });
    }
    const day = ascatDailyGrid(points, { grid: coarse, date });
    const counts: Record<string, number> = { ...day.counts, swaths: found.length, swathFill, noLocation, missingFiles: missing };
    const g = this.fromCoarse(coarse, day.values, grid, counts);
    return this.makeLayer(route, grid, date, g.values, counts, day.sources, g.note);
  }

  private readonly cdrCells = new Map<string, Promise<AscatCdrCell>>();

  /**
   * ASCAT from H SAF CDR cell files: the 5° cells covering the grid (those the manifest lists in
   * `files.expand.cell`, when it does), read once and kept in memory; the day's observations of each location
   * (binary search in its time-sorted series) are averaged per 0.25° cell. Cells without a file are counted
   * (`missingCells`: the CDR has no cell over open sea); a grid with no cell file at all is an error.
   */
  private async readAscatCdr(route: ProductRoute, grid: LatLonGrid, date: string): Promise<Layer> {
    const coarse = this.coarseCover(route, grid);
    const dir = this.productDir(route.manifest.id);
    const listed = route.manifest.files.expand?.cell;
    const products = route.manifest.files.expand?.product ?? [];
    const wanted: number[] = [];
    const c0 = Math.floor((coarse.west + 180) / 5), c1 = Math.floor((coarse.east + 180 - 1e-9) / 5);
    const r0 = Math.floor((coarse.south + 90) / 5), r1 = Math.floor((coarse.north + 90 - 1e-9) / 5);
    for (let c = c0; c <= c1; c++) for (let r = r0; r <= r1; r++) {
      const cell = 36 * (((c % 72) + 72) % 72) + r;
      if (!listed || listed.includes(String(cell))) wanted.push(cell);
    }
    const byCell = new Map<number, string>();
    for (const n of listProductDir(dir)) {
      const m = /^([A-Za-z]\w*?)_(\d{1,4})\.nc4?$/.exec(n);
      if (!m) continue;
      const cell = Number(m[2]);
      if (!wanted.includes(cell)) continue;
      if (!byCell.has(cell) || products.includes(m[1])) byCell.set(cell, n);
    }
    if (!byCell.size) {
      const expected = wanted.slice(0, 3).map((c) => path.join(dir, route.manifest.files.nameTemplate.replace("{cell}", String(c)).replace("{product}", products[0] ?? "H111")));
      throw new Error(`ascat_sm for ${date}: no H SAF CDR cell file of product ${route.manifest.id} covers grid ${grid.key()}: expected ${expected.join(", ")}${wanted.length > 3 ? ` or ${wanted.length - 3} more` : ""} (${wanted.length === 0 ? "no cell listed in files.expand.cell covers the grid" : "cells " + wanted.join(", ")}); ${this.fetchHint(route, null)}`);
    }
    const t0 = dayStartMs(date), t1 = t0 + 86400000;
    const lowerBound = (t: Float64Array, x: number) => { let lo = 0, hi = t.length; while (lo < hi) { const mid = (lo + hi) >> 1; if (t[mid] < x) lo = mid + 1; else hi = mid; } return lo; };
    const points: AscatPoints[] = [];
    const files: string[] = [];
    let cellFill = 0;
    for (const name of byCell.values()) {
      const file = path.join(dir, name);
      let p = this.cdrCells.get(file);
      if (!p) {
        p = readHsafCdrCell(file).then((cell) => {
          for (const loc of cell.locations) {
            let sorted = true;
            for (let i = 1; i < loc.timeMs.length; i++) if (!(loc.timeMs[i] >= loc.timeMs[i - 1])) { sorted = false; break; }
            if (!sorted) {
              const idx = Array.from(loc.timeMs.keys()).sort((a, b) => loc.timeMs[a] - loc.timeMs[b]);
              loc.timeMs = Float64Array.from(idx, (i) => loc.timeMs[i]);
              loc.values = Float32Array.from(idx, (i) => loc.values[i]);
            }
          }
          return cell;
        });
        this.cdrCells.set(file, p);
        p.catch(() => this.cdrCells.delete(file));
      }
      const cell = await p;
      cellFill += cell.counts.fill + cell.counts.outOfRange;
      for (const loc of cell.locations) {
        const a = lowerBound(loc.timeMs, t0), b = lowerBound(loc.timeMs, t1);
        if (b > a) points.push({ lon: [loc.lon], lat: [loc.lat], timeMs: loc.timeMs.subarray(a, b), values: loc.values.subarray(a, b), units: cell.units, source: file });
      }
      files.push(file);
    }
    const day = ascatDailyGrid(points, { grid: coarse, date });
    const counts: Record<string, number> = { ...day.counts, cellFiles: byCell.size, missingCells: wanted.length - byCell.size, cellFillInRecord: cellFill };
    const g = this.fromCoarse(coarse, day.values, grid, counts);
    return this.makeLayer(route, grid, date, g.values, counts, files, g.note);
  }

  private async readModis(route: ProductRoute, grid: LatLonGrid, date: string): Promise<Layer> {
    const kind = route.variable as ModisLayerKind;
    const spec = MODIS_LAYERS[kind];
    const id = route.manifest.id;
    const dir = this.productDir(id);
    const tifs = listProductDir(dir).filter((n) => /\.(tiff?|hdf)$/i.test(n)).map((n) => ({ name: n, ...parseModisName(n) })).filter((x) => x.kind === kind && x.date !== null);
    const counts: Record<string, number> = { missingFiles: 0 };
    let picked: typeof tifs;
    let note = "";
    if (kind === "landcover") {
      const year = Number(date.slice(0, 4));
      const years = Array.from(new Set(tifs.map((t) => Number((t.date as string).slice(0, 4)))));
      years.sort((a, b) => Math.abs(a - year) - Math.abs(b - year) || a - b);
      picked = years.length ? tifs.filter((t) => Number((t.date as string).slice(0, 4)) === years[0]) : [];
      counts.otherYear = years.length && years[0] !== year ? 1 : 0;
      if (counts.otherYear) note = `; land cover of ${years[0]} used for ${year}`;
    } else {
      const start = compositeStartForDay(date, spec.periodDays);
      picked = tifs.filter((t) => t.date === start);
      counts.compositeStartDoy = Math.round((Date.parse(`${start}T00:00:00Z`) - Date.UTC(Number(start.slice(0, 4)), 0, 1)) / 86400000) + 1;
      if (picked.length) note = `; ${spec.periodDays}-day composite starting ${start}`;
    }
    if (!picked.length) {
      const cstart = kind === "landcover" ? `${date.slice(0, 4)}-01-01` : compositeStartForDay(date, spec.periodDays);
      const expected = expandFileList(route.manifest, { from: cstart, to: cstart }).filter((e) => e.date === cstart).map((e) => path.join(dir, e.name));
      const doy = String(Math.round((Date.parse(`${cstart}T00:00:00Z`) - Date.UTC(Number(cstart.slice(0, 4)), 0, 1)) / 86400000) + 1).padStart(3, "0");
      throw new Error(`${kind} for ${date}: no ${spec.label} file of the composite starting ${cstart} in ${dir}: expected an LP DAAC HDF4 granule such as ${expected.slice(0, 2).join(", ") || `${spec.label.split(" ")[0]}.A${cstart.slice(0, 4)}${doy}.<tile>.061.<production>.hdf`} (${this.fetchHint(route, cstart)}) or a GeoTIFF export such as ${path.join(dir, `…${kind === "lst" ? "LST_Day_1km" : kind === "ndvi" ? "NDVI" : "LC_Type1"}_doy${cstart.slice(0, 4)}${doy}…_aid0001.tif`)} (AppEEARS)`);
    }
    // Mosaic the files onto the target (≤ 0.02°) or onto a 0.01° grid nested in it, then aggregate.
    const k = grid.cellSize <= 2 * MODIS_STEP ? 1 : Math.round(grid.cellSize / MODIS_STEP);
    if (k > 1 && Math.abs(k * MODIS_STEP - grid.cellSize) > 1e-9) throw new Error(`${kind}: grid mismatch: cell size ${grid.cellSize}° is not a multiple of the ${MODIS_STEP}° grid MODIS pixels are aggregated from`);
    const fine = k === 1 ? grid : new LatLonGrid({ west: grid.west, north: grid.north, cellSize: grid.cellSize / k, width: grid.width * k, height: grid.height * k });
    const mosaic = new Float32Array(fine.size).fill(NaN);
    const files: string[] = [];
    counts.fill = 0; counts.outOfRange = 0; counts.filePixelsValid = 0; counts.files = picked.length;
    for (const t of picked) {
      const file = path.join(dir, t.name);
      const raster = await readModisFile(file, { kind, date: t.date });
      counts.fill += raster.counts.fill ?? 0;
      counts.outOfRange += raster.counts.outOfRange ?? 0;
      counts.filePixelsValid += raster.counts.valid;
      const onFine: ProductLayer = modisToLatLon(raster, { grid: fine });
      for (let i = 0; i < mosaic.length; i++) if (mosaic[i] !== mosaic[i]) mosaic[i] = onFine.values[i];
      files.push(file);
    }
    let values = mosaic;
    if (k > 1) {
      if (kind === "landcover") {
        const r = majorityAggregate(mosaic, { from: fine, to: grid, minValidFraction: this.minValidFraction });
        values = r.values;
        Object.assign(counts, { aggregated: r.counts.aggregated, tooFewValid: r.counts.droppedTooFewValid, noValid: r.counts.noValid });
      } else {
        const r = meanAggregate(mosaic, { from: fine, to: grid, minValidFraction: this.minValidFraction });
        values = r.values;
        Object.assign(counts, { aggregated: r.counts.aggregated, tooFewValid: r.counts.droppedTooFewValid, noValid: r.counts.noValid });
      }
      note += `; ${kind === "landcover" ? "majority" : "mean"} of 0.01° nearest-neighbour pixels`;
    }
    return this.makeLayer(route, grid, kind === "landcover" ? null : date, values, counts, files, note);
  }

  private async readDem(route: ProductRoute, grid: LatLonGrid): Promise<Layer> {
    const dir = this.productDir(route.manifest.id);
    const names = listProductDir(dir).filter((n) => /\.hgt(\.zip)?$/i.test(n) || /\.tiff?$/i.test(n) || /\.zip$/i.test(n));
    const sum = new Float64Array(grid.size), frac = new Float64Array(grid.size);
    const files: string[] = [];
    const counts: Record<string, number> = { tiles: 0, void: 0 };
    for (const n of names) {
      const file = path.join(dir, n);
      if (/\.hgt/i.test(n)) {
        const c = parseHgtName(n);
        if (c && (c.lon + 1 <= grid.west || c.lon >= grid.east || c.lat + 1 <= grid.south || c.lat >= grid.north)) continue;
      }
      const cgiar = /^srtm_(\d{2})_(\d{2})\.(zip|tif)$/i.exec(n); // 5° tiles: column 1 at 180° W, row 1 at 60° N
      if (cgiar) {
        const west = -180 + (Number(cgiar[1]) - 1) * 5, north = 60 - (Number(cgiar[2]) - 1) * 5;
        if (west + 5 <= grid.west || west >= grid.east || north - 5 >= grid.north || north <= grid.south) continue;
      }
      const dem = /\.hgt/i.test(n) ? await readHgt(file) : /\.zip$/i.test(n) ? await readSrtmGeoTiff(extractZippedTiff(file)) : await readSrtmGeoTiff(file);
      const g = dem.grid;
      if (g.east <= grid.west || g.west >= grid.east || g.north <= grid.south || g.south >= grid.north) continue;
      if (g.cellSize >= grid.cellSize) throw new Error(`dem: grid mismatch: ${file} has ${g.cellSize}° samples, not finer than the requested ${grid.cellSize}° cells`);
      const r = meanAggregate(dem.values, { from: g, to: grid, minValidFraction: 0 });
      for (let i = 0; i < grid.size; i++) {
        const f = r.validFraction[i];
        if (f > 0 && r.values[i] === r.values[i]) { sum[i] += r.values[i] * f; frac[i] += f; }
      }
      counts.tiles++;
      counts.void += dem.counts.void ?? 0;
      files.push(file);
    }
    if (!files.length) {
      throw new Error(`dem: no SRTM tile in ${dir} covers grid ${grid.key()} (${names.length} tile(s) there; expected e.g. ${expandFileList(route.manifest, {}).slice(0, 2).map((e) => path.join(dir, e.name)).join(", ")}, or .hgt/.hgt.zip tiles); ${this.fetchHint(route, null)}`);
    }
    const values = new Float32Array(grid.size);
    counts.aggregated = 0; counts.tooFewValid = 0; counts.noValid = 0;
    for (let i = 0; i < grid.size; i++) {
      if (frac[i] === 0) { values[i] = NaN; counts.noValid++; }
      else if (frac[i] < this.minValidFraction - 1e-9) { values[i] = NaN; counts.tooFewValid++; }
      else { values[i] = sum[i] / frac[i]; counts.aggregated++; }
    }
    return this.makeLayer(route, grid, null, values, counts, files, "; mean of the samples in each cell");
  }
}
