import { readFileHead } from "../io/readFileHead";
import * as path from "path";
import { sniffContainer } from "../io/hdf5/hdf5Signature";
import { LatLonGrid } from "../grid/latLonGrid";
import { ModisSinusoidalGrid } from "../grid/modisSinusoidalGrid";
import type { RasterGrid } from "../grid/rasterGrid";
import { resampleNearest } from "../grid/resampleNearest";
import { readGeoTiff } from "../io/readGeoTiff";
import { emptyCounts, type ProductCounts, type ProductLayer } from "./productLayer";
import { withDefaults } from "./withDefaults";

/** The MODIS layers the study uses. */
export type ModisLayerKind = "lst" | "ndvi" | "landcover";

/** Encoding of a MODIS layer as distributed (collection 6/6.1 user guides; docs/paper.md appendix A). */
export interface ModisLayerSpec {
  kind: ModisLayerKind;
  /** Product and SDS, for messages. */
  label: string;
  /** Stored integer type of the raw SDS. */
  rawType: string;
  /** value = raw × scale. */
  scale: number;
  /** Raw fill value. */
  fill: number;
  /** Raw valid range (inclusive). */
  rawValid: [number, number];
  /** Range of plausible scaled values, used to recognise already-scaled floats. */
  physical: [number, number];
  units: string;
  /** Composite length in days (0 for yearly land cover). */
  periodDays: number;
}

/** Specs of MOD11A2 LST_Day_1km, MOD13A2/MOD13A1 NDVI and MCD12Q1 LC_Type1. */
export const MODIS_LAYERS: Record<ModisLayerKind, ModisLayerSpec> = {
  lst: { kind: "lst", label: "MOD11A2 LST_Day_1km", rawType: "uint16", scale: 0.02, fill: 0, rawValid: [7500, 65535], physical: [150, 400], units: "K", periodDays: 8 },
  ndvi: { kind: "ndvi", label: "MOD13A2/MOD13A1 NDVI", rawType: "int16", scale: 0.0001, fill: -3000, rawValid: [-2000, 10000], physical: [-0.2, 1], units: "1", periodDays: 16 },
  landcover: { kind: "landcover", label: "MCD12Q1 LC_Type1", rawType: "uint8", scale: 1, fill: 255, rawValid: [0, 254], physical: [0, 254], units: "class", periodDays: 0 },
};

/** Layer kind and composite start date from a MODIS/AppEEARS/MODIStsp file name, when recognisable. */
export function parseModisName(file: string): { kind: ModisLayerKind | null; date: string | null } {
  const b = path.basename(file);
  // LP DAAC granules (`MOD11A2.A2015193.h28v05.061.<production>.hdf`) are named by product, exports by layer
  const granule = /^(M[OY]D11A[12]|M[OY]D13A[123]|MCD12Q1)\.A\d{7}\..*\.hdf$/i.exec(b)?.[1].toUpperCase() ?? "";
  const kind: ModisLayerKind | null = /LST_Day/i.test(b) || /11A/.test(granule) ? "lst" : /NDVI/i.test(b) || /13A/.test(granule) ? "ndvi" : /LC_Type1|Land_Cover_Type_1/i.test(b) || granule === "MCD12Q1" ? "landcover" : null;
  const m = /doy(\d{4})(\d{3})/.exec(b) ?? /_(\d{4})_(\d{3})(?:\D|$)/.exec(b) ?? /\.A(\d{4})(\d{3})\./.exec(b);
  let date: string | null = null;
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), 0, Number(m[2])));
    if (Number(m[2]) >= 1 && Number(m[2]) <= 366 && d.getUTCFullYear() === Number(m[1])) date = d.toISOString().slice(0, 10);
  }
  return { kind, date };
}

/** How a reader scaled the values (never twice). */
export type ModisScaling = "file" | "product" | "already-scaled" | "none";

/** A MODIS layer read from a GeoTIFF: geographic (LatLonGrid) or sinusoidal grid. */
export interface ModisRaster {
  kind: ModisLayerKind;
  /** The grid of the file: LatLonGrid (EPSG:4326 exports) or ModisSinusoidalGrid. */
  grid: LatLonGrid | ModisSinusoidalGrid;
  values: Float32Array;
  /** Start day of the composite (or the year's first day for land cover), from the name or options. */
  date: string | null;
  units: string;
  /** `file`: the file's scale tag was applied to raw integers; `product`: raw integers without a tag, the product's scale applied; `already-scaled`: float values already in physical units (a stale scale tag, if any, ignored); `none`: land-cover codes. */
  scaling: ModisScaling;
  /** The scale the file declares (GDAL metadata), 1 when none. */
  declaredScale: number;
  /** fill (nodata tag or product fill), outOfRange (outside the raw valid range), masked, valid. */
  counts: ProductCounts;
  sources: string[];
}

/** Options of {@link readModisGeoTiff}. */
export interface ReadModisOptions {
  /** Layer kind; default from the file name (`LST_Day`, `NDVI`, `LC_Type1`). */
  kind?: ModisLayerKind | null;
  /** Composite start day `YYYY-MM-DD`; default from the name (`doyYYYYDDD`, `_YYYY_DDD`). */
  date?: string | null;
}

function isIntegerType(t: string): boolean {
  return /^u?int(8|16|32)$/.test(t);
}

/**
 * Reads a MODIS layer exported as GeoTIFF (AppEEARS area requests in geographic or sinusoidal projection,
 * MODIStsp, GDAL conversions of HDF4): MOD11A2 `LST_Day_1km` (uint16 × 0.02 → K, fill 0, raw valid
 * 7500–65535), MOD13A2/MOD13A1 NDVI (int16 × 0.0001, fill −3000, valid −2000…10000) and MCD12Q1 `LC_Type1`
 * (uint8 codes, 255 fill). Scaling is decided once, from the raw data, so it is never applied twice:
 * integer data are raw — the file's scale tag is applied when present (it must equal the product's), else
 * the product's scale; float data whose values already lie in the physical range are taken as scaled, even
 * when a stale `scale_factor` tag survives (as after `gdal_translate -unscale`). Fill (nodata tag and the
 * product fill) and values outside the raw valid range become NaN, counted.
 *
 * @throws Error naming the file: not a TIFF, truncated or corrupted; layer kind unknown; wrong product (raw
 *   type or declared scale different from the product's, or values outside both raw and physical ranges);
 *   a CRS other than EPSG:4326 or MODIS sinusoidal.
 * @example
 * const lst = await readModisGeoTiff("test/fixtures/modis/MOD11A2.061_LST_Day_1km_doy2026001000000_aid0001.tif");
 * lst.units; // "K"; lst.scaling "file"; lst.date "2026-01-01"
 */
export async function readModisGeoTiff(file: string, options: ReadModisOptions = {}): Promise<ModisRaster> {
  if (options.kind !== undefined && options.kind !== null && !(options.kind in MODIS_LAYERS)) throw new RangeError(`readModisGeoTiff: options.kind must be "lst", "ndvi" or "landcover", got ${JSON.stringify(options.kind)}`);
  if (options.date !== undefined && options.date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(options.date)) throw new RangeError(`readModisGeoTiff: options.date must be YYYY-MM-DD, got ${JSON.stringify(options.date)}`);
  const head = readFileHead(file, 8);
  const kindOfFile = sniffContainer(head);
  if (kindOfFile === "hdf4") {
    throw new Error(`${file}: is an HDF4/HDF-EOS2 granule, not a GeoTIFF: read it with readModisHdf4 or readModisFile (the sources do)`);
  }
  if (kindOfFile === "hdf5" || kindOfFile === "netcdf3") throw new Error(`${file}: is a NetCDF/HDF5 file, not a MODIS GeoTIFF`);
  const named = parseModisName(file);
  const o = withDefaults({ kind: named.kind, date: named.date } as { kind: ModisLayerKind | null; date: string | null }, options as { kind?: ModisLayerKind | null; date?: string | null });
  if (!o.kind || !(o.kind in MODIS_LAYERS)) throw new Error(`${file}: cannot tell which MODIS layer this is (name lacks LST_Day / NDVI / LC_Type1); pass options.kind ("lst", "ndvi" or "landcover")`);
  if (o.date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(o.date)) throw new RangeError(`readModisGeoTiff: options.date must be YYYY-MM-DD, got ${JSON.stringify(o.date)}`);
  const spec = MODIS_LAYERS[o.kind];
  const r = await readGeoTiff(file, { applyScale: false });
  const grid = modisExportGrid(r, file, spec.label);
  const raw = r.values;
  const declared = r.scaleSource === "none" ? 1 : r.declaredScale;
  const declaredTag = r.scaleSource !== "none";
  // range of the raw (nodata-masked) values
  let mn = Infinity, mx = -Infinity;
  for (let i = 0; i < raw.length; i++) { const x = raw[i]; if (x === x) { if (x < mn) mn = x; if (x > mx) mx = x; } }
  let scaling: ModisScaling;
  let factor: number;
  if (declaredTag && spec.kind !== "landcover" && declared !== 1 && Math.abs(declared - spec.scale) > spec.scale * 1e-6) {
    throw new Error(`${file}: declares scale ${declared}, but ${spec.label} uses ${spec.scale}: wrong product or layer?`);
  }
  if (isIntegerType(r.dataType)) {
    if (r.dataType !== spec.rawType) throw new Error(`${file}: stored as ${r.dataType}, but ${spec.label} is ${spec.rawType}: wrong product or layer?`);
    if (spec.kind === "landcover") {
      if (declaredTag && declared !== 1) throw new Error(`${file}: declares scale ${declared}, but ${spec.label} holds class codes: wrong product?`);
      scaling = "none"; factor = 1;
    } else if (declaredTag) {
      if (Math.abs(declared - spec.scale) > spec.scale * 1e-6) throw new Error(`${file}: declares scale ${declared}, but ${spec.label} uses ${spec.scale}: wrong product or layer?`);
      scaling = "file"; factor = declared;
    } else { scaling = "product"; factor = spec.scale; }
  } else if (mn === Infinity || (mn >= spec.physical[0] - 1e-6 && mx <= spec.physical[1] + 1e-6)) {
    scaling = spec.kind === "landcover" ? "none" : "already-scaled"; factor = 1;
  } else if (mn >= spec.rawValid[0] - 0.5 && mx <= spec.rawValid[1] + 0.5 && spec.kind !== "landcover") {
    scaling = "product"; factor = spec.scale;
  } else {
    throw new Error(`${file}: float values ${mn}…${mx} fit neither ${spec.label}'s raw range ${spec.rawValid.join("…")} nor its physical range ${spec.physical.join("…")} ${spec.units}: wrong product or layer?`);
  }
  const n = raw.length;
  const values = new Float32Array(n);
  const counts = emptyCounts(n);
  counts.fill = r.counts.nodata + r.counts.nonFinite;
  counts.outOfRange = 0;
  const rawUnits = factor !== 1 || scaling === "none";
  const fillV = rawUnits ? spec.fill : spec.fill * spec.scale;
  const lo = rawUnits ? spec.rawValid[0] : spec.rawValid[0] * spec.scale;
  const hi = rawUnits ? spec.rawValid[1] : spec.rawValid[1] * spec.scale;
  const tol = rawUnits ? 0 : spec.scale * 1e-3;
  for (let i = 0; i < n; i++) {
    const x = raw[i];
    if (x !== x) { values[i] = NaN; continue; }
    if (Math.abs(x - fillV) <= tol) { values[i] = NaN; counts.fill++; continue; }
    if (x < lo - tol || x > hi + tol) { values[i] = NaN; counts.outOfRange++; continue; }
    values[i] = x * factor;
    counts.valid++;
  }
  counts.masked = n - counts.valid;
  return { kind: spec.kind, grid, values, date: o.date, units: spec.units, scaling, declaredScale: declared, counts, sources: [file] };
}

/**
 * The grid of a MODIS GeoTIFF export: geographic (EPSG:4326, square pixels) or the MODIS sinusoidal projection.
 * @throws Error naming the file and the layer label for a missing or rotated geotransform or another CRS.
 */
export function modisExportGrid(r: { geoTransform: number[] | null; crs: string | null; width: number; height: number }, file: string, label: string): LatLonGrid | ModisSinusoidalGrid {
  if (!r.geoTransform) throw new Error(`${file}: ${label} GeoTIFF has no geotransform`);
  const [x0, dx, rx, y0, ry, dy] = r.geoTransform;
  if (rx !== 0 || ry !== 0) throw new Error(`${file}: rotated geotransform is not supported`);
  if (r.crs === "EPSG:4326") {
    if (Math.abs(dx + dy) > Math.abs(dx) * 1e-6) throw new Error(`${file}: grid mismatch: non-square pixels ${dx} × ${-dy}°`);
    return new LatLonGrid({ west: x0, north: y0, cellSize: dx, width: r.width, height: r.height });
  }
  if (r.crs && /\+proj=sinu/.test(r.crs) && /6371007\.181/.test(r.crs)) return new ModisSinusoidalGrid({ west: x0, north: y0, pixelSize: dx, width: r.width, height: r.height });
  throw new Error(`${file}: ${label} GeoTIFF in ${r.crs ?? "an unknown CRS"}; expected EPSG:4326 or the MODIS sinusoidal projection`);
}

/**
 * Start day of the MODIS composite whose period contains `day`: composites start on day-of-year
 * 1, 1 + P, 1 + 2P, … of each year (P = 8 for MOD11A2, 16 for MOD13A2), the last one of a year ending on
 * 31 December. The paper: "the same values of MODIS LST and NDVI were used during the intervals".
 * @throws RangeError for a malformed day or a period that is not a positive integer.
 * @example
 * compositeStartForDay("2015-01-20", 8);  // "2015-01-17"
 * compositeStartForDay("2015-12-31", 16); // "2015-12-19"
 */
export function compositeStartForDay(day: string, periodDays: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new RangeError(`compositeStartForDay: day must be YYYY-MM-DD, got ${JSON.stringify(day)}`);
  if (!Number.isInteger(periodDays) || periodDays < 1) throw new RangeError(`compositeStartForDay: periodDays must be a positive integer, got ${periodDays}`);
  const y = Number(m[1]);
  const t = Date.UTC(y, Number(m[2]) - 1, Number(m[3]));
  const doy = Math.round((t - Date.UTC(y, 0, 1)) / 86400000) + 1;
  const startDoy = Math.floor((doy - 1) / periodDays) * periodDays + 1;
  return new Date(Date.UTC(y, 0, startDoy)).toISOString().slice(0, 10);
}

/**
 * Picks, for `day`, the composite whose period contains it, from composites identified by their start day.
 * @returns the composite, or null when the needed one is absent (the caller counts it as missing).
 * @throws Error when two composites share a start day; RangeError as {@link compositeStartForDay}.
 * @example
 * compositeForDay(lstComposites, "2015-05-03", 8); // the composite starting 2015-05-01
 */
export function compositeForDay<T extends { date: string | null; sources: string[] }>(composites: readonly T[], day: string, periodDays: number): T | null {
  const start = compositeStartForDay(day, periodDays);
  const hits = composites.filter((c) => c.date === start);
  if (hits.length > 1) throw new Error(`compositeForDay: two composites start on ${start}: ${hits.map((h) => h.sources.join(", ")).join(" and ")}`);
  return hits[0] ?? null;
}

/** Options of {@link modisToLatLon}. */
export interface ModisToLatLonOptions {
  /** Target grid. */
  grid: LatLonGrid;
}

/**
 * Puts a MODIS layer on a LatLonGrid by nearest neighbour (each target cell takes the source cell containing
 * its centre; for sinusoidal files through proj4, as src/grid's `resampleNearest`). Use src/grid's
 * `meanAggregate` / `majorityAggregate` instead when the target is coarser (1 km → 0.25°).
 * @throws RangeError when the grid is missing.
 * @example
 * const layer = modisToLatLon(ndvi, { grid: new LatLonGrid({ west: 9.5, north: 46, cellSize: 0.005, width: 100, height: 100 }) });
 */
export function modisToLatLon(raster: ModisRaster, options: ModisToLatLonOptions): ProductLayer {
  if (!options || !options.grid) throw new RangeError("modisToLatLon: options.grid must be a LatLonGrid");
  const from: RasterGrid = raster.grid;
  const r = resampleNearest(raster.values, { from, to: options.grid });
  const counts = emptyCounts(options.grid.size);
  counts.outside = r.counts.outside;
  for (let i = 0; i < r.values.length; i++) if (r.values[i] === r.values[i]) counts.valid++;
  counts.masked = options.grid.size - counts.valid;
  return { variable: raster.kind, grid: options.grid, values: r.values, date: raster.date, units: raster.units, counts, sources: raster.sources };
}
