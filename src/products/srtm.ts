import * as fs from "fs";
import * as path from "path";
import { unzipChecked } from "../io/unzipChecked";
import { LatLonGrid } from "../grid/latLonGrid";
import { meanAggregate } from "../grid/meanAggregate";
import { readGeoTiff } from "../io/readGeoTiff";
import { emptyCounts, type ProductLayer } from "./productLayer";

/** SW corner of an SRTM tile from its name (`N57E011.hgt`, `s12w077.hgt.zip` style names), or null. */
export function parseHgtName(file: string): { lat: number; lon: number } | null {
  const m = /([NS])(\d{1,2})([EW])(\d{1,3})/i.exec(path.basename(file));
  if (!m) return null;
  const lat = Number(m[2]) * (m[1].toUpperCase() === "S" ? -1 : 1);
  const lon = Number(m[4]) * (m[3].toUpperCase() === "W" ? -1 : 1);
  return lat <= 90 && lon <= 180 ? { lat, lon } : null;
}

/** The single `.hgt` entry of a zipped tile (`N57E011.hgt.zip`). */
function unzipHgt(buf: Buffer, file: string): Buffer {
  const entries = unzipChecked(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), file, { filter: (n) => /\.hgt$/i.test(n), maxEntryBytes: 3601 * 3601 * 2 });
  const names = [...entries.keys()];
  if (names.length !== 1) throw new Error(`${file}: zip holds ${names.length} .hgt files (${names.join(", ") || "none"}), expected one`);
  const e = entries.get(names[0]) as Uint8Array;
  return Buffer.from(e.buffer, e.byteOffset, e.byteLength);
}

/** Options of {@link readHgt}. */
export interface ReadHgtOptions {
  /** SW corner when the file name does not carry it (`N57E011`). Default: from the name. */
  corner?: { lat: number; lon: number } | null;
}

/**
 * Reads an SRTM `.hgt` tile (or a `.hgt.zip` holding one): raw big-endian int16 samples, no header; the size comes from the file length
 * (1201² = SRTM3 3″, 3601² = SRTM1 1″); samples are pixel-centre registered on the whole-degree lines, the
 * name gives the SW corner; −32768 voids → NaN (counted as `void`). The grid is a LatLonGrid whose cell
 * centres are the samples (west = lon − ½ cell, north = lat + 1 + ½ cell), as GDAL reports it.
 *
 * @throws Error naming the file when it cannot be read, its length is not 1201²·2 or 3601²·2 bytes
 *   (truncated or not an .hgt), a zip entry fails its CRC-32, or the corner cannot be told from the name.
 * @example
 * const dem = await readHgt("test/fixtures/srtm/N57E011.hgt");
 * dem.grid.width; // 1201; dem.units "m"
 */
export async function readHgt(file: string, options: ReadHgtOptions = {}): Promise<ProductLayer> {
  const corner = options.corner ?? parseHgtName(file);
  if (options.corner !== undefined && options.corner !== null && !(Math.abs(options.corner.lat) <= 90 && Math.abs(options.corner.lon) <= 180)) {
    throw new RangeError(`readHgt: options.corner must be { lat, lon } in degrees, got ${JSON.stringify(options.corner)}`);
  }
  let buf: Buffer;
  try { buf = await fs.promises.readFile(file); } catch (err) { throw new Error(`${file}: cannot read: ${(err as Error).message}`); }
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) buf = unzipHgt(buf, file);
  const n = buf.length === 1201 * 1201 * 2 ? 1201 : buf.length === 3601 * 3601 * 2 ? 3601 : 0;
  if (n === 0) {
    const side = Math.sqrt(buf.length / 2);
    const what = Number.isInteger(side) && side > 0 ? `a square grid of ${side}² int16 samples, which is neither SRTM3 nor SRTM1` : "not a square grid of int16 samples";
    throw new Error(`${file}: ${buf.length} bytes is ${what} (SRTM3 has 2884802 bytes = 1201², SRTM1 25934402 = 3601²): truncated or not an .hgt file`);
  }
  if (!corner) throw new Error(`${file}: cannot tell the tile's SW corner from the name (expected e.g. N57E011.hgt; or pass options.corner)`);
  const cell = 1 / (n - 1);
  const grid = new LatLonGrid({ west: corner.lon - cell / 2, north: corner.lat + 1 + cell / 2, cellSize: cell, width: n, height: n });
  const values = new Float32Array(n * n);
  const counts = emptyCounts(n * n);
  counts.void = 0;
  for (let i = 0; i < n * n; i++) {
    const v = buf.readInt16BE(2 * i);
    if (v === -32768) { values[i] = NaN; counts.void++; } else { values[i] = v; counts.valid++; }
  }
  counts.masked = counts.void;
  return { variable: "elevation", grid, values, date: null, units: "m", counts, sources: [file] };
}

/**
 * Reads an SRTM GeoTIFF tile or clip (CGIAR-CSI `srtm_XX_YY.tif`, GDAL/AppEEARS exports) with the project's
 * GeoTIFF reader; nodata (−32768, or 32767 in some clips) → NaN. Geographic (EPSG:4326) files come back on a
 * LatLonGrid; projected ones (UTM) are refused for gridding with an error naming their CRS, since this
 * layer's grid must be EPSG:4326 (reproject them with GDAL first).
 *
 * @throws Error naming the file: not a TIFF, truncated, no georeferencing, non-square pixels, or a projected CRS.
 * @example
 * const dem = await readSrtmGeoTiff("srtm_59_05.tif");
 */
export async function readSrtmGeoTiff(file: string): Promise<ProductLayer> {
  const r = await readGeoTiff(file);
  if (!r.geoTransform) throw new Error(`${file}: SRTM GeoTIFF has no geotransform`);
  if (r.crs !== "EPSG:4326") throw new Error(`${file}: SRTM GeoTIFF is in ${r.crs ?? "an unknown CRS"}, not geographic EPSG:4326; reproject it first (e.g. gdalwarp -t_srs EPSG:4326)`);
  const [x0, dx, rx, y0, ry, dy] = r.geoTransform;
  if (rx !== 0 || ry !== 0 || Math.abs(dx + dy) > Math.abs(dx) * 1e-6) throw new Error(`${file}: SRTM GeoTIFF has rotated or non-square pixels (geotransform ${r.geoTransform.join(", ")})`);
  const grid = new LatLonGrid({ west: x0, north: y0, cellSize: dx, width: r.width, height: r.height });
  const counts = emptyCounts(grid.size);
  counts.void = r.counts.nodata;
  counts.outOfRange = r.counts.outOfRange;
  counts.valid = r.counts.valid;
  counts.masked = grid.size - counts.valid;
  return { variable: "elevation", grid, values: Float32Array.from(r.values), date: null, units: "m", counts, sources: [file] };
}

/** Options of {@link demToGrid}. */
export interface DemToGridOptions {
  /** The 1 km (or 0.25°) target LatLonGrid; must be coarser than the DEM. */
  grid: LatLonGrid;
  /** Minimum valid fraction of DEM samples per target cell (default 0.5; see meanAggregate). */
  minValidFraction?: number;
}

/**
 * The paper's "90 m → 1 km by the mean": each DEM sample goes to the target cell containing its centre, and a
 * target cell is the mean of its valid samples when at least `minValidFraction` of them are valid (voids are
 * ignored). Uses the shared `meanAggregate` of src/grid. Several tiles can be combined beforehand by calling
 * this per tile on the same target grid and keeping the finite values.
 *
 * Counts: `aggregated`, `tooFewValid` (dropped), `noData` (cells outside the DEM or all void), `masked`.
 * @throws RangeError naming the option when the grid is missing or finer than the DEM.
 * @example
 * const km = demToGrid(dem, { grid: new LatLonGrid({ west: 11, north: 58, cellSize: 0.01, width: 100, height: 100 }) });
 */
export function demToGrid(dem: ProductLayer, options: DemToGridOptions): ProductLayer {
  if (!options || !options.grid) throw new RangeError("demToGrid: options.grid must be a LatLonGrid");
  const r = meanAggregate(dem.values, { from: dem.grid, to: options.grid, minValidFraction: options.minValidFraction ?? 0.5 });
  const counts = emptyCounts(options.grid.size);
  counts.valid = r.counts.aggregated;
  counts.aggregated = r.counts.aggregated;
  counts.tooFewValid = r.counts.droppedTooFewValid;
  counts.noData = r.counts.noValid;
  counts.dropped = r.counts.droppedTooFewValid;
  counts.masked = options.grid.size - r.counts.aggregated;
  return { variable: dem.variable, grid: options.grid, values: r.values, date: null, units: dem.units, counts, sources: dem.sources };
}
