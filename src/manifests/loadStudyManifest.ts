import * as fs from "node:fs";
import * as path from "node:path";
import type { SchemaIssue } from "./checkSchema";
import { loadProductManifest } from "./loadProductManifest";
import { loadTwinManifest } from "./loadTwinManifest";
import { ManifestError } from "./manifestError";
import { readManifestJson } from "./readManifestJson";
import type { StudyManifest } from "./studyManifest";
import { validateStudyManifest } from "./validateManifest";

/** Options of {@link loadStudyManifest}. */
export interface LoadStudyManifestOptions {
  /**
   * Check that every non-`twin` source names a product manifest in the same directory that serves
   * the variable, and that the twin manifest exists and validates (default true).
   */
  resolveSources?: boolean;
  /**
   * Folder holding the twin and product manifests the sources name. Default the study file's folder (a study file
   * generated elsewhere, e.g. in a run's output folder, names the tracked `data-manifests/` here).
   */
  manifestDir?: string;
}

/**
 * Reads, parses and validates the study manifest; by default also resolves its sources
 * (`sources.gldas_sm: "gldas-noah025-3h-v2.1"` must be a valid product manifest next to it, or in `manifestDir`, whose
 * variables include one with `serves: "gldas_sm"`).
 *
 * @example
 * const study = loadStudyManifest("data-manifests/study.json");
 * study.sources.gldas_sm; // "twin"
 * @throws ManifestError naming the file and each bad field (path, expectation, value).
 */
export function loadStudyManifest(file: string, options: LoadStudyManifestOptions = {}): StudyManifest {
  const { resolveSources = true } = options;
  if (typeof resolveSources !== "boolean") throw new TypeError(`loadStudyManifest: resolveSources must be true or false, got ${JSON.stringify(resolveSources)}`);
  const m = validateStudyManifest(readManifestJson(file), { file });
  if (options.manifestDir !== undefined && (typeof options.manifestDir !== "string" || options.manifestDir === "")) throw new TypeError(`loadStudyManifest: manifestDir must be a folder path, got ${JSON.stringify(options.manifestDir)}`);
  const dir = options.manifestDir ?? path.dirname(file);
  const issues: SchemaIssue[] = [];
  const expected = path.basename(file, ".json");
  if (m.id !== expected) issues.push({ path: "id", expected: `the file name without .json (${JSON.stringify(expected)})`, got: JSON.stringify(m.id) });
  if (resolveSources) {
    const twinFile = path.join(dir, `${m.twin}.json`);
    if (!fs.existsSync(twinFile)) issues.push({ path: "twin", expected: `the id of a twin manifest in ${dir} (no ${twinFile})`, got: JSON.stringify(m.twin) });
    else loadTwinManifest(twinFile);
    for (const [variable, source] of Object.entries(m.sources)) {
      if (source === "twin") continue;
      const productFile = path.join(dir, `${source}.json`);
      if (!fs.existsSync(productFile)) {
        issues.push({ path: `sources.${variable}`, expected: `"twin" or the id of a product manifest in ${dir} (no ${productFile})`, got: JSON.stringify(source) });
        continue;
      }
      const product = loadProductManifest(productFile);
      const served = product.variables.some((v) => v.serves === variable);
      if (!served) {
        issues.push({ path: `sources.${variable}`, expected: `a product whose variables serve ${variable} (${source} serves ${product.variables.map((v) => v.serves).filter(Boolean).join(", ") || "nothing"})`, got: JSON.stringify(source) });
      }
    }
  }
  if (issues.length > 0) throw new ManifestError(file, issues);
  return m;
}
