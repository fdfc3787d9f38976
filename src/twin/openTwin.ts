import * as fs from "node:fs";
import * as path from "node:path";
import { validateTwinConfig, type TwinConfig } from "./twinConfig";
import { generateTwin } from "./generateTwin";
import { TwinCacheError, TwinStore, twinCacheDir } from "./twinStore";
import { TwinSource } from "./TwinSource";
import { writeTileFile, type TileShape } from "./tileFile";
import { dayNumber } from "./twinConfig";
import { compositePeriods } from "./compositePeriods";
import type { FineTile } from "./fineTile";

/** Kept days and kept composites of a configuration's tiles. */
function tileShapeOf(config: TwinConfig, tile: FineTile): TileShape {
  const keep0 = dayNumber(config.window.start), keep1 = dayNumber(config.window.end);
  const d0 = dayNumber(config.period.start), d1 = dayNumber(config.period.end);
  const kept = (len: 8 | 16) => compositePeriods(d0, d1, len).filter((p) => p.end >= keep0 && p.start <= keep1).length;
  const n = Math.max(1, tile.land.length);
  return { nKeep: keep1 - keep0 + 1, nLst: tile.land.length ? tile.lst.length / n : kept(8), nNdvi: tile.land.length ? tile.ndvi.length / n : kept(16) };
}

/** Options of {@link openTwin}. */
export interface OpenTwinOptions {
  /** Data directory; the cache lives in `<dataDir>/twin/…`. Default: env `SM_DATA_DIR`, else `./data`. */
  dataDir?: string;
  /** Read and write the cache. Default true; false generates in memory only. */
  cache?: boolean;
  /** Progress messages (generation only). */
  onProgress?: (message: string) => void;
  /**
   * Where the 1 km layers go: `arrays` (whole-region arrays in memory and in the cache), `tiles` (one file per
   * tile under `<cache>/tiles/`, written as each tile is computed; needs the cache) or `auto` (tiles when the
   * 1 km region has more than 4 million pixels). Default `auto`.
   */
  fineStorage?: "auto" | "arrays" | "tiles";
}

/** 1 km regions larger than this (pixels) are stored as tile files by default. */
export const ASSEMBLE_LIMIT_PIXELS = 4_000_000;

/** The data directory: `options.dataDir`, else env SM_DATA_DIR, else `<cwd>/data`. */
export function defaultDataDir(dataDir?: string): string {
  return dataDir ?? process.env.SM_DATA_DIR ?? path.join(process.cwd(), "data");
}

/**
 * The twin of a configuration as a {@link TwinSource}: read from the cache when
 * `<dataDir>/twin/<name>-seed<seed>-<hash>/meta.json` exists, else generated and (unless `cache: false`)
 * written there atomically. A cache hit serves byte-identical data to a fresh generation. `meta.json` is
 * written last and marks a complete cache; a cache whose `meta.json` is unreadable or whose array files are
 * missing or of the wrong size (a killed run, a full disk) is regenerated, saying so through `onProgress`.
 *
 * @example
 * const twin = openTwin(twinConfig("tiny"), { dataDir: "/tmp/sm-data" });
 * twin.dates().length; // 212
 * @throws RangeError naming the configuration field when the configuration is invalid;
 *   Error naming the cache file when a regenerated cache cannot be written.
 */
export function openTwin(config: TwinConfig, options: OpenTwinOptions = {}): TwinSource {
  validateTwinConfig(config);
  const useCache = options.cache ?? true;
  if (typeof useCache !== "boolean") throw new TypeError(`openTwin: cache must be a boolean, got ${String(useCache)}`);
  const dir = twinCacheDir(config, defaultDataDir(options.dataDir));
  const metaFile = path.join(dir, "meta.json");
  if (useCache && fs.existsSync(metaFile)) {
    try {
      return new TwinSource(TwinStore.open(dir));
    } catch (e) {
      if (!(e instanceof TwinCacheError)) throw e;
      // a damaged or incomplete cache (a killed run, a full disk, an edit): drop its marker, regenerate
      options.onProgress?.(`${e.message}; regenerating the cache`);
      fs.rmSync(metaFile, { force: true });
    }
  }
  const storage = options.fineStorage ?? "auto";
  if (!["auto", "arrays", "tiles"].includes(storage)) throw new RangeError(`openTwin: fineStorage must be 'auto', 'arrays' or 'tiles', got '${String(storage)}'`);
  const fine = config.window.fine;
  const tiled = storage === "tiles" || (storage === "auto" && fine.width * fine.height > ASSEMBLE_LIMIT_PIXELS);
  if (tiled && !useCache) throw new RangeError(`openTwin: the 1 km region of '${config.name}' (${fine.width} × ${fine.height} pixels) is stored as tile files, which needs cache: true`);
  if (tiled) {
    const tilesDir = path.join(dir, "tiles");
    fs.mkdirSync(tilesDir, { recursive: true });
    const data = generateTwin(config, {
      onProgress: options.onProgress, assemble: false,
      onTile: (t) => { writeTileFile(tilesDir, t, tileShapeOf(config, t)); },
    });
    const store = TwinStore.fromData(data, { tilesDir });
    options.onProgress?.(`writing cache ${dir}`);
    store.save(dir);
    return new TwinSource(TwinStore.open(dir));
  }
  const store = TwinStore.fromData(generateTwin(config, { onProgress: options.onProgress }));
  if (useCache) {
    options.onProgress?.(`writing cache ${dir}`);
    store.save(dir);
  }
  return new TwinSource(store);
}
