import * as fs from "node:fs";
import type { RasterStatistics } from "./rasterStatistics";
import { rasterInfoHandlers } from "./rasterInfoHandlers";

/** One variable (NetCDF/HDF5 dataset, GeoTIFF band, station series) of a file, as listed by `raster-info`. */
export interface RasterInfoVariableSummary {
  name: string;
  dataType: string;
  /** Dimensions or shape, e.g. [600, 1440] or ["time", "lat", "lon"] sizes; optional. */
  shape?: number[];
  units?: string | null;
}

/**
 * What `sm-downscale raster-info FILE [--var NAME]` prints: one JSON object describing the file and one
 * selected variable (the first, or `--var`). Fields that do not apply are `null`.
 */
export interface RasterInfo {
  /** The path given. */
  file: string;
  /** Format name, e.g. "GeoTIFF", "BigTIFF GeoTIFF", "NetCDF4/HDF5", "SRTM HGT", "ISMN station file". */
  format: string;
  /** Every variable or band of the file. */
  variables: RasterInfoVariableSummary[];
  /** Name of the variable the remaining fields describe. */
  variable: string;
  width: number | null;
  height: number | null;
  /** Stored sample type of the variable (uint8, int16, float32, …). */
  dataType: string;
  /** "EPSG:<code>", a PROJ string, WKT, or null. */
  crs: string | null;
  /** GDAL geotransform [x0, dx, rx, y0, ry, dy], or null. */
  geoTransform: number[] | null;
  /** [minX, minY, maxX, maxY] in CRS units, or null. */
  bbox: number[] | null;
  /** Fill/nodata value in raw units ("nan" for NaN), or null. */
  nodata: number | string | null;
  /** Scale and offset (value = raw·scale + offset); 1 and 0 when none. */
  scale: number;
  offset: number;
  units: string | null;
  /** Time steps (ISO strings) of the variable, or null when it has no time dimension. */
  timeSteps: string[] | null;
  /** Statistics of the scaled, NaN-masked values of the variable. */
  statistics: RasterStatistics;
  /** Handler-specific extras (compression, tiling, counts of masked values, …). */
  details?: Record<string, unknown>;
}

/**
 * A format handler of {@link rasterInfo}. To support a new format, write a handler and register it with ONE
 * import line and ONE array entry in `src/io/rasterInfoHandlers.ts` (handlers are tried in that order).
 *
 * Contract:
 * - `detect(head, file)` is synchronous and cheap: `head` holds the first 512 bytes of the file (fewer if the
 *   file is shorter). Decide by magic bytes (`\x89HDF\r\n\x1a\n` for HDF5/NetCDF4, `II*\0`/`MM\0*` for TIFF);
 *   use the file name only when the format has no magic (`.hgt` by size, `.stm`/`.csv` stations).
 * - `describe(file, { variable })` reads the file and resolves to a {@link RasterInfo}. `variable` is the
 *   `--var` argument or undefined (then describe the first/main variable). Apply the project's NaN policy:
 *   statistics are over scaled values with fill/nodata/out-of-range turned into NaN (use `rasterStatistics`).
 * - Errors: throw `Error` whose message names the file and the problem (`<file>: no variable 'X' (has: a, b)`,
 *   `<file>: truncated …`); the CLI prints it on one line and exits 1.
 */
export interface RasterInfoHandler {
  /** Short name shown in errors, e.g. "geotiff". */
  name: string;
  detect(head: Uint8Array, file: string): boolean;
  describe(file: string, options: { variable?: string }): Promise<RasterInfo>;
}

/** Options of {@link rasterInfo}. */
export interface RasterInfoOptions {
  /** Variable/band to describe (`--var`). Default: the handler's first variable. */
  variable?: string;
  /** Handlers to try in order. Default: the registry in rasterInfoHandlers.ts. */
  handlers?: readonly RasterInfoHandler[];
}

/**
 * Describes a raster or station file: detects the format from its first 512 bytes (magic numbers) and calls
 * the matching handler (see {@link RasterInfoHandler}).
 *
 * @throws Error naming the file when it cannot be opened, is empty, or no handler recognises it
 *   (the message lists the first bytes and the known handlers); handler errors pass through.
 * @throws RangeError naming `variable` when it is not a non-empty string.
 * @example
 * const info = await rasterInfo("test/fixtures/geotiff/float_nan.tif");
 * info.format; // "GeoTIFF"
 * info.statistics.validCount; // 5
 */
export async function rasterInfo(file: string, options: RasterInfoOptions = {}): Promise<RasterInfo> {
  const { variable, handlers = rasterInfoHandlers } = options;
  if (variable !== undefined && (typeof variable !== "string" || variable === "")) throw new RangeError(`rasterInfo: variable must be a non-empty string, got ${String(variable)}`);
  let head: Buffer;
  try {
    const fd = fs.openSync(file, "r");
    try {
      head = Buffer.alloc(512);
      const n = fs.readSync(fd, head, 0, 512, 0);
      head = head.subarray(0, n);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    throw new Error(`${file}: cannot open (${(e as Error).message})`);
  }
  if (head.length === 0) throw new Error(`${file}: file is empty`);
  const handler = handlers.find((h) => h.detect(head, file));
  if (!handler) {
    const hex = Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ");
    throw new Error(`${file}: unrecognised file format (first bytes ${hex}; known: ${handlers.map((h) => h.name).join(", ") || "none"})`);
  }
  return handler.describe(file, { variable });
}
