import * as fs from "node:fs";
import * as path from "node:path";
import type { LatLonGrid } from "../grid/latLonGrid";
import { writeGeoTiff } from "../io/writeGeoTiff";

/** Options of {@link writeMapSeries}. */
export interface WriteMapSeriesOptions {
  /** Grid of the maps (EPSG:4326 LatLonGrid). */
  grid: LatLonGrid;
  /** One label per map, e.g. ISO dates "2015-05-01" or months "2015-05"; dashes are dropped in file names. */
  labels: readonly string[];
  /** Output folder (created if missing). */
  dir: string;
  /** File name prefix: `<prefix>_<label without dashes><suffix>.tif`. Default "sm1km". */
  prefix?: string;
  /** File name suffix before ".tif", e.g. "_mean". Default "". */
  suffix?: string;
  /** Nodata value written for NaN. Default −9999. */
  nodata?: number;
  /** Units recorded in the GeoTIFF metadata. Default "m3 m-3". */
  units?: string;
  /** Extra dataset metadata written to every file (e.g. model, source). Default none. */
  metadata?: Record<string, string>;
}

/** What {@link writeMapSeries} wrote. */
export interface WrittenMapSeries {
  files: string[];
  bytes: number;
  /** NaN pixels written as nodata, over all files. */
  nodataPixels: number;
}

/**
 * Writes a stack of maps — a day-major cube (daily 1 km soil moisture) or a list of maps (monthly means) — as one
 * GeoTIFF per map: EPSG:4326, float32, Deflate, tiled (COG layout), NaN written as `nodata` (−9999), with
 * `units` and the label in the metadata. Each file is written atomically by writeGeoTiff.
 *
 * @param maps a day-major Float32Array of labels.length · grid.size values, or one array per label
 * @param options see {@link WriteMapSeriesOptions}
 * @throws RangeError naming the option when labels are empty or not file-safe, or the maps do not match the grid; writeGeoTiff's errors otherwise
 * @example
 * writeMapSeries(app.cube, { grid: data.fine, labels: app.dates, dir: path.join(ctx.outputDir, "maps/daily") });
 * // → maps/daily/sm1km_20150501.tif …
 */
export function writeMapSeries(maps: Float32Array | readonly ArrayLike<number>[], options: WriteMapSeriesOptions): WrittenMapSeries {
  const { grid, dir, prefix = "sm1km", suffix = "", nodata = -9999, units = "m3 m-3", metadata = {} } = options ?? ({} as WriteMapSeriesOptions);
  const labels = Array.from(options?.labels ?? []);
  if (!grid || typeof grid.size !== "number") throw new RangeError(`writeMapSeries: options.grid must be a LatLonGrid, got ${String(grid)}`);
  if (labels.length === 0) throw new RangeError("writeMapSeries: options.labels must not be empty");
  if (typeof dir !== "string" || dir === "") throw new RangeError(`writeMapSeries: options.dir must be a folder path, got ${String(dir)}`);
  for (const s of [prefix, suffix, ...labels]) if (!/^[A-Za-z0-9_.-]*$/.test(s)) throw new RangeError(`writeMapSeries: '${s}' is not file-name safe (options.prefix, suffix, labels)`);
  const N = grid.size;
  const views: ArrayLike<number>[] = [];
  if (maps instanceof Float32Array) {
    if (maps.length !== labels.length * N) throw new RangeError(`writeMapSeries: the cube has ${maps.length} values, expected labels.length · grid.size = ${labels.length * N}`);
    for (let t = 0; t < labels.length; t++) views.push(maps.subarray(t * N, (t + 1) * N));
  } else {
    if (maps.length !== labels.length) throw new RangeError(`writeMapSeries: ${maps.length} maps for ${labels.length} labels`);
    maps.forEach((m, k) => {
      if (m.length !== N) throw new RangeError(`writeMapSeries: map ${k} has ${m.length} values for a grid of ${N}`);
      views.push(m);
    });
  }
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let bytes = 0, nodataPixels = 0;
  views.forEach((v, t) => {
    const file = path.join(dir, `${prefix}_${labels[t].replace(/-/g, "")}${suffix}.tif`);
    const r = writeGeoTiff(file, v, { grid, dataType: "float32", nodata, compression: "deflate", units, metadata: { ...metadata, label: labels[t] } });
    files.push(r.path);
    bytes += r.bytes;
    nodataPixels += r.nanCount;
  });
  return { files, bytes, nodataPixels };
}
