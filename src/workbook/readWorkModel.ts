import * as fs from "node:fs";
import type { CubistModel } from "../cubist/model";
import { readModelJsonFile } from "../cubist/modelJson";

/** Options of {@link readWorkModel}. */
export interface ReadWorkModelOptions {
  /** The notebook that writes the file, named in the error when it is missing. Default `notebooks/04_rule_count.ipynb`. */
  writtenBy?: string;
  /** Its prefix for `npm run workbook -- --only`. Default `04`. */
  only?: string;
}

/**
 * Reads a Cubist model a notebook handed on in `<outputDir>/work/` (`model_chosen.json` from notebook 04,
 * `model_full.json` from 03), as `modelToJson` wrote it. A later notebook never trains: without the file it stops.
 * @example const model = readWorkModel(workPath(ctx, "model_chosen.json"), {});
 * @throws Error naming the file and the notebook to run first when the file is missing; modelFromJson's errors
 *   (naming the file) when it is not a model.
 */
export function readWorkModel(file: string, options: ReadWorkModelOptions = {}): CubistModel {
  const writtenBy = options.writtenBy ?? "notebooks/04_rule_count.ipynb";
  const only = options.only ?? "04";
  if (typeof writtenBy !== "string" || writtenBy === "") throw new TypeError(`readWorkModel: writtenBy must be a notebook name, got ${String(writtenBy)}`);
  if (!/^\d\d$/.test(only)) throw new RangeError(`readWorkModel: only must be a two-digit notebook prefix, got '${only}'`);
  if (!fs.existsSync(file)) {
    throw new Error(`${file} does not exist: run ${writtenBy} first (npm run workbook -- --only ${only}); this notebook applies that model and does not train one`);
  }
  return readModelJsonFile(file);
}
