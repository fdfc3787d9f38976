import * as nodeModule from "module";
import * as fs from "fs";
import * as path from "path";
import type * as H5 from "h5wasm";

/** The part of the h5wasm 0.10.3 API the project uses (its node build, which reads files by path). */
export type H5wasm = typeof H5;

let loaded: Promise<H5wasm> | null = null;

/** Node's internal loader entry (`Module._load`), used when a test runner wraps `createRequire`. */
interface ModuleLoader { _load(request: string, parent: unknown, isMain: boolean): unknown }

/**
 * Loads an ES module file synchronously by absolute path through Node's `require(esm)` (Node ≥ 20.19).
 * jest in ESM mode replaces `module.createRequire` with its own require, which refuses ESM files; its
 * `Module` class still inherits Node's own static `_load`, which is then used instead.
 */
function requireEsmEntry(entry: string): unknown {
  try {
    return nodeModule.createRequire(entry)(entry);
  } catch (err) {
    const loader = nodeModule.Module as unknown as ModuleLoader;
    if (typeof loader._load !== "function") throw err;
    return loader._load(entry, null, false);
  }
}

/**
 * Finds `node_modules/h5wasm/dist/node/hdf5_hl.js` from `start` upwards (the project root, normally).
 * @throws Error when h5wasm is not installed in any parent folder.
 */
export function h5wasmEntryPath(start: string = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, "node_modules", "h5wasm", "dist", "node", "hdf5_hl.js");
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`h5wasm: node_modules/h5wasm/dist/node/hdf5_hl.js not found above ${start} (run npm install in the project root)`);
    dir = parent;
  }
}

/**
 * Loads h5wasm (ESM-only) from CommonJS, ESM and tslab alike: `createRequire` of the package's node entry
 * file by absolute path, which Node ≥ 20.19 loads through `require(esm)`; then awaits its WebAssembly
 * start-up. The module is loaded once per process and shared.
 *
 * @returns the h5wasm namespace (`File`, `Dataset`, `Group`, …), ready to open files by path.
 * @throws Error when h5wasm cannot be found or loaded.
 * @example
 * const h5 = await loadH5wasm();
 * const f = new h5.File("test/fixtures/gldas/x.nc4", "r");
 */
export function loadH5wasm(): Promise<H5wasm> {
  if (!loaded) {
    loaded = (async () => {
      const entry = h5wasmEntryPath();
      const mod = requireEsmEntry(entry) as H5wasm;
      await mod.ready;
      return mod;
    })();
    loaded.catch(() => { loaded = null; });
  }
  return loaded;
}
