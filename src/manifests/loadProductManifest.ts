import * as path from "node:path";
import { ManifestError } from "./manifestError";
import type { ProductManifest } from "./productManifest";
import { readManifestJson } from "./readManifestJson";
import { validateProductManifest } from "./validateManifest";

/**
 * Reads, parses and validates a product manifest (`data-manifests/<id>.json`); its `id` must equal
 * the file name without `.json`.
 *
 * @example
 * const m = loadProductManifest("data-manifests/gldas-noah025-3h-v2.1.json");
 * m.variables[0].name; // "SoilMoi0_10cm_inst"
 * @throws ManifestError naming the file and each bad field (path, expectation, value).
 */
export function loadProductManifest(file: string): ProductManifest {
  const m = validateProductManifest(readManifestJson(file), { file });
  const expected = path.basename(file, ".json");
  if (m.id !== expected) {
    throw new ManifestError(file, [{ path: "id", expected: `the file name without .json (${JSON.stringify(expected)})`, got: JSON.stringify(m.id) }]);
  }
  return m;
}
