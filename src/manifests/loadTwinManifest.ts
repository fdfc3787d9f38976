import * as path from "node:path";
import { ManifestError } from "./manifestError";
import { readManifestJson } from "./readManifestJson";
import type { TwinManifest } from "./twinManifest";
import { validateTwinManifest } from "./validateManifest";

/**
 * Reads, parses and validates a twin manifest (`data-manifests/twin.json`); its `id` must equal the
 * file name without `.json`.
 *
 * @example
 * loadTwinManifest("data-manifests/twin.json").config; // "default"
 * @throws ManifestError naming the file and each bad field (path, expectation, value).
 */
export function loadTwinManifest(file: string): TwinManifest {
  const m = validateTwinManifest(readManifestJson(file), { file });
  const expected = path.basename(file, ".json");
  if (m.id !== expected) {
    throw new ManifestError(file, [{ path: "id", expected: `the file name without .json (${JSON.stringify(expected)})`, got: JSON.stringify(m.id) }]);
  }
  return m;
}
