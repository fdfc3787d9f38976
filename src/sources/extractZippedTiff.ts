import * as fs from "node:fs";
import * as path from "node:path";
import { unzipChecked } from "../io/unzipChecked";

/** Options of {@link extractZippedTiff}. */
export interface ExtractZippedTiffOptions {
  /** Folder the GeoTIFF is written to (created). Default: `.unzipped/` next to the archive (hidden from product listings). */
  cacheDir?: string;
}

/**
 * The GeoTIFF inside a zip archive (CGIAR-CSI SRTM `srtm_XX_YY.zip` holds `srtm_XX_YY.tif` plus a header and a
 * readme), extracted once to `cacheDir` (atomically: `<path>.tmp-<pid>` then rename) and reused while it is
 * newer than the archive, so the GeoTIFF reader can open it by path.
 * @throws Error naming the archive when it is not a readable zip or holds no single `.tif`.
 * @example const tif = extractZippedTiff("data/real/srtm/srtm_61_05.zip"); // "data/real/srtm/.unzipped/srtm_61_05.tif"
 */
export function extractZippedTiff(zipPath: string, options: ExtractZippedTiffOptions = {}): string {
  const cacheDir = options.cacheDir ?? path.join(path.dirname(zipPath), ".unzipped");
  if (typeof cacheDir !== "string" || cacheDir === "") throw new TypeError(`extractZippedTiff: options.cacheDir must be a folder path, got ${JSON.stringify(cacheDir)}`);
  let zipStat: fs.Stats;
  try { zipStat = fs.statSync(zipPath); } catch (e) { throw new Error(`${zipPath}: cannot read: ${(e as Error).message}`); }
  const buf = fs.readFileSync(zipPath);
  const entries = unzipChecked(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), zipPath, { filter: (n) => /\.tiff?$/i.test(n) });
  const names = [...entries.keys()];
  if (names.length !== 1) throw new Error(`${zipPath}: holds ${names.length} GeoTIFF files (${names.join(", ") || "none"}), expected one`);
  const out = path.join(cacheDir, path.basename(names[0]));
  try {
    if (fs.statSync(out).mtimeMs >= zipStat.mtimeMs && fs.statSync(out).size === (entries.get(names[0]) as Uint8Array).length) return out;
  } catch { /* not extracted yet */ }
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, entries.get(names[0]) as Uint8Array);
  fs.renameSync(tmp, out);
  return out;
}
