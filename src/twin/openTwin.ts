import * as fs from "node:fs";
import * as path from "node:path";
import { validateTwinConfig, type TwinConfig } from "./twinConfig";
import { generateTwin } from "./generateTwin";
import { TwinCacheError, TwinStore, twinCacheDir } from "./twinStore";
import { TwinSource } from "./TwinSource";

/** Options of {@link openTwin}. */
export interface OpenTwinOptions {
  /** Data directory; the cache lives in `<dataDir>/twin/…`. Default: env `SM_DATA_DIR`, else `./data`. */
  dataDir?: string;
  /** Read and write the cache. Default true; false generates in memory only. */
  cache?: boolean;
  /** Progress messages (generation only). */
  onProgress?: (message: string) => void;
}

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
  const store = TwinStore.fromData(generateTwin(config, { onProgress: options.onProgress }));
  if (useCache) {
    options.onProgress?.(`writing cache ${dir}`);
    store.save(dir);
  }
  return new TwinSource(store);
}
