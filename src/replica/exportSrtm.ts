import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LatLonGrid } from "../grid/latLonGrid";
import { writeGeoTiff } from "../io/writeGeoTiff";
import { writeFileAtomic } from "../io/writeFileAtomic";
import { zipBytes } from "../io/writeZip";
import type { ProductManifest } from "../manifests/productManifest";
import { expandFileList } from "../manifests/expandFileList";
import type { LayerSource } from "../sources/layerSource";
import { replicaPath } from "./replicaPath";

/** CGIAR-CSI v4.1 tiles: 6000 × 6000 samples of 3″, the origin half a sample north-west of the 5° corner. */
export const CGIAR_TILE_SIZE = 6000;
const CELL = 5 / CGIAR_TILE_SIZE;

/** Options of {@link exportSrtmTiles}. */
export interface ExportSrtmOptions {
  /** The data: `dem` (elevation, m) on `grid` (a static layer; the date is ignored). */
  source: LayerSource;
  /** The source's grid (e.g. the twin's 1 km grid). Tile samples whose centre falls outside it are void (−32768). */
  grid: LatLonGrid;
  /** The SRTM manifest (CGIAR-CSI `srtm_{tile}.zip`): its URL template and tile list give the files. */
  manifest: ProductManifest;
  outDir: string;
  /** Tile edge in samples; default {@link CGIAR_TILE_SIZE}. Smaller tiles (same 5° extent) only for tests. */
  tileSize?: number;
}

/** The 3″ grid of CGIAR tile `XX_YY` (column 1 at 180° W, row 1 at 60° N). */
export function cgiarTileGrid(tile: string, tileSize = CGIAR_TILE_SIZE): LatLonGrid {
  const m = /^(\d{2})_(\d{2})$/.exec(tile);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 72 || Number(m[2]) < 1 || Number(m[2]) > 24) throw new RangeError(`cgiarTileGrid: tile must be XX_YY with XX 01–72 and YY 01–24, got ${JSON.stringify(tile)}`);
  const cell = 5 / tileSize;
  const west = -180 + (Number(m[1]) - 1) * 5, north = 60 - (Number(m[2]) - 1) * 5;
  return new LatLonGrid({ west: west - cell / 2, north: north + cell / 2, cellSize: cell, width: tileSize, height: tileSize });
}

/**
 * Writes the source's elevation as CGIAR-CSI SRTM v4.1 tiles: `srtm_XX_YY.zip` holding `srtm_XX_YY.tif` (int16 m,
 * EPSG:4326, 3″ samples, nodata −32768, deflate-tiled), its `.tfw` world file and a `readme.txt`, one per tile the
 * manifest lists, placed at the URL template's path under `outDir`. Each sample takes the grid cell under its centre,
 * rounded to the metre; samples outside the grid or without a value are void.
 *
 * @returns the files written
 * @throws RangeError naming the option when the manifest is not CGIAR's `srtm_{tile}.zip` or tileSize is not an
 *   integer ≥ 2; the source's errors.
 * @example
 * await exportSrtmTiles({ source: twin, grid: twin.fineGrid, manifest: srtm, outDir: "replica" });
 */
export async function exportSrtmTiles(options: ExportSrtmOptions): Promise<string[]> {
  const { source, grid, manifest, outDir } = options;
  const tileSize = options.tileSize ?? CGIAR_TILE_SIZE;
  if (!Number.isInteger(tileSize) || tileSize < 2) throw new RangeError(`exportSrtmTiles: options.tileSize must be an integer ≥ 2, got ${tileSize}`);
  if (!/srtm_\{tile\}\.zip$/.test(manifest.files.urlTemplate)) throw new RangeError(`exportSrtmTiles: options.manifest ${manifest.id} is not CGIAR-CSI's srtm_{tile}.zip (urlTemplate ${manifest.files.urlTemplate})`);
  const elev = (await source.getLayer({ variable: "dem", grid, date: "2000-02-11" })).values;
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "replica-srtm-"));
  const written: string[] = [];
  try {
    for (const f of expandFileList(manifest, {})) {
      const tile = /srtm_(\d{2}_\d{2})\.zip$/.exec(f.name)?.[1] as string;
      const tg = cgiarTileGrid(tile, tileSize);
      const values = new Int16Array(tileSize * tileSize).fill(-32768);
      const cols = new Int32Array(tileSize);
      for (let c = 0; c < tileSize; c++) cols[c] = Math.floor((tg.west + (c + 0.5) * tg.cellSize - grid.west) / grid.cellSize);
      for (let r = 0; r < tileSize; r++) {
        const gr = Math.floor((grid.north - (tg.north - (r + 0.5) * tg.cellSize)) / grid.cellSize);
        if (gr < 0 || gr >= grid.height) continue;
        for (let c = 0; c < tileSize; c++) {
          const gc = cols[c];
          if (gc < 0 || gc >= grid.width) continue;
          const v = elev[gr * grid.width + gc];
          if (v === v) values[r * tileSize + c] = Math.max(-32767, Math.min(32767, Math.round(v)));
        }
      }
      const tif = path.join(tmpDir, `srtm_${tile}.tif`);
      writeGeoTiff(tif, values, { grid: tg, dataType: "int16", nodata: -32768, cogLayout: false, units: "m" });
      const tfw = [tg.cellSize, 0, 0, -tg.cellSize, tg.west + tg.cellSize / 2, tg.north - tg.cellSize / 2].map((v) => v.toFixed(12)).join("\n") + "\n";
      const readme = `srtm_${tile}: replica of a CGIAR-CSI SRTM 90 m v4.1 tile, written by sm-downscale from a synthetic source (${source.name}); not real elevation data.\n`;
      const zip = zipBytes([{ name: `srtm_${tile}.tif`, data: fs.readFileSync(tif) }, { name: `srtm_${tile}.tfw`, data: Buffer.from(tfw) }, { name: "readme.txt", data: Buffer.from(readme) }]);
      fs.rmSync(tif);
      const out = replicaPath(outDir, f.url);
      writeFileAtomic(out, zip);
      written.push(out);
    }
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  return written;
}
