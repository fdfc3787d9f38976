import type { CubistInstances, CubistModel } from "./model";
import type { ColumnTable } from "./table";

/** Format name written into and required from JSON models. */
export const CUBIST_JSON_FORMAT = "sm-downscale/cubist";
/** Current JSON format version. */
export const CUBIST_JSON_VERSION = 1;

/** Options of {@link modelToJson}. */
export interface ModelToJsonOptions {
  /** Include the training instances (for neighbours). Default true. */
  includeInstances?: boolean;
  /** Indentation passed to JSON.stringify. Default 0 (compact). */
  indent?: number;
}

type JsonColumn = { kind: "continuous"; values: (number | null)[] } | { kind: "discrete"; values: (string | null)[] };

function tableToJson(t: ColumnTable): { nRows: number; columns: Record<string, JsonColumn> } {
  const columns: Record<string, JsonColumn> = {};
  for (const [k, v] of Object.entries(t.columns)) {
    columns[k] = v instanceof Float64Array
      ? { kind: "continuous", values: Array.from(v, (x) => (Number.isFinite(x) ? x : null)) }
      : { kind: "discrete", values: v.slice() };
  }
  return { nRows: t.nRows, columns };
}

/**
 * Serialises a model as JSON: `{ format: "sm-downscale/cubist", version: 1, model: {...} }`.
 * Numbers are written exactly (JS shortest round-trip form); NaN in instance columns as null.
 * @example
 * const text = modelToJson(model); modelFromJson(text); // deep-equal to model
 * @throws RangeError for a bad indent.
 */
export function modelToJson(model: CubistModel, options: ModelToJsonOptions = {}): string {
  const includeInstances = options.includeInstances ?? true;
  const indent = options.indent ?? 0;
  if (!Number.isInteger(indent) || indent < 0 || indent > 10) throw new RangeError(`modelToJson: indent must be an integer in 0..10, got ${indent}`);
  const { instances, ...rest } = model;
  const body: Record<string, unknown> = { ...rest };
  if (includeInstances && instances) {
    body.instances = { table: tableToJson(instances.table), target: Array.from(instances.target, (x) => (Number.isFinite(x) ? x : null)) };
  }
  return JSON.stringify({ format: CUBIST_JSON_FORMAT, version: CUBIST_JSON_VERSION, model: body }, null, indent || undefined);
}

function need(cond: boolean, what: string, source: string): void {
  if (!cond) throw new Error(`${source}: invalid model JSON: ${what}`);
}

/**
 * Reads a model written by {@link modelToJson}.
 * @throws Error naming the source when the text is not JSON, the format is not
 *   "sm-downscale/cubist", the version is not 1 (unknown versions are refused, never guessed), or
 *   a required field is missing or of the wrong type.
 */
export function modelFromJson(text: string, options: { source?: string } = {}): CubistModel {
  const source = options.source ?? "json";
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source}: not valid JSON (${(e as Error).message})`);
  }
  const d = doc as { format?: unknown; version?: unknown; model?: Record<string, unknown> };
  need(!!d && typeof d === "object", "expected an object", source);
  if (d.format !== CUBIST_JSON_FORMAT) {
    throw new Error(`${source}: unknown format ${JSON.stringify(d.format)}; expected "${CUBIST_JSON_FORMAT}"`);
  }
  if (d.version !== CUBIST_JSON_VERSION) {
    throw new Error(`${source}: unsupported ${CUBIST_JSON_FORMAT} version ${JSON.stringify(d.version)}; this reader knows version ${CUBIST_JSON_VERSION}`);
  }
  const m = d.model;
  need(!!m && typeof m === "object", "field 'model' missing", source);
  const mm = m as Record<string, unknown>;
  for (const k of ["id", "target", "attributes", "globalMean", "floor", "ceiling", "committees", "options"]) {
    need(mm[k] !== undefined, `field 'model.${k}' missing`, source);
  }
  need(Array.isArray(mm.attributes), "field 'model.attributes' must be an array", source);
  need(Array.isArray(mm.committees), "field 'model.committees' must be an array", source);
  for (const k of ["globalMean", "floor", "ceiling"]) need(typeof mm[k] === "number", `field 'model.${k}' must be a number`, source);
  (mm.committees as unknown[]).forEach((c, i) => {
    need(!!c && Array.isArray((c as { rules?: unknown }).rules), `field 'model.committees[${i}].rules' must be an array`, source);
  });
  const model = { ...mm, maxd: mm.maxd ?? null, redn: mm.redn ?? null, nTrainingCases: mm.nTrainingCases ?? null } as unknown as CubistModel;
  delete (model as { instances?: unknown }).instances;
  const inst = mm.instances as { table?: { nRows: number; columns: Record<string, JsonColumn> }; target?: (number | null)[] } | undefined;
  if (inst) {
    need(!!inst.table && Array.isArray(inst.target), "field 'model.instances' must have table and target", source);
    const columns: ColumnTable["columns"] = {};
    for (const [k, c] of Object.entries(inst.table!.columns)) {
      columns[k] = c.kind === "continuous" ? Float64Array.from(c.values, (x) => (x === null ? NaN : x)) : c.values.slice();
    }
    const instances: CubistInstances = {
      table: { nRows: inst.table!.nRows, columns },
      target: Float64Array.from(inst.target!, (x) => (x === null ? NaN : x)),
    };
    model.instances = instances;
  }
  return model;
}
