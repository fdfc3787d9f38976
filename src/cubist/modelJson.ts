import * as fs from "node:fs";
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
  const columns: Record<string, JsonColumn> = Object.create(null);
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

/** Structural checks of a parsed model body, each failure naming the source and the JSON path. */
function checkModelShape(m: Record<string, unknown>, source: string): void {
  const fail = (p: string, what: string, v: unknown): never => {
    const shown = v === undefined ? "missing" : `got ${JSON.stringify(v)?.slice(0, 60) ?? String(v)}`;
    throw new Error(`${source}: invalid model JSON: ${p} must be ${what} (${shown})`);
  };
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);
  const obj = (v: unknown, p: string): Record<string, unknown> => (isObj(v) ? v : fail(p, "an object", v));
  const arr = (v: unknown, p: string): unknown[] => (Array.isArray(v) ? v : fail(p, "an array", v));
  const num = (v: unknown, p: string): number => (typeof v === "number" && Number.isFinite(v) ? v : fail(p, "a finite number", v));
  const int = (v: unknown, p: string, lo: number, hi: number): number => (Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi ? (v as number) : fail(p, `an integer in ${lo}..${hi}`, v));
  const str = (v: unknown, p: string): string => (typeof v === "string" ? v : fail(p, "a string", v));
  const bool = (v: unknown, p: string): boolean => (typeof v === "boolean" ? v : fail(p, "true or false", v));
  const numOrNull = (v: unknown, p: string): void => { if (v !== null && v !== undefined) num(v, p); };

  str(m.id, "model.id");
  const t = obj(m.target, "model.target");
  str(t.name, "model.target.name");
  for (const k of ["mean", "sd", "min", "max"]) num(t[k], `model.target.${k}`);
  int(t.precision, "model.target.precision", 0, 15);
  const kinds = new Map<string, string>();
  arr(m.attributes, "model.attributes").forEach((a0, i) => {
    const p = `model.attributes[${i}]`;
    const a = obj(a0, p);
    const name = str(a.name, `${p}.name`);
    if (kinds.has(name)) fail(`${p}.name`, "unique", name);
    if (a.kind === "continuous") {
      for (const k of ["mean", "sd", "min", "max"]) num(a[k], `${p}.${k}`);
    } else if (a.kind === "discrete") {
      arr(a.values, `${p}.values`).forEach((v, j) => str(v, `${p}.values[${j}]`));
      str(a.mode, `${p}.mode`);
      bool(a.ordered, `${p}.ordered`);
      bool(a.valuesComplete, `${p}.valuesComplete`);
    } else fail(`${p}.kind`, '"continuous" or "discrete"', a.kind);
    kinds.set(name, a.kind as string);
  });
  for (const k of ["globalMean", "floor", "ceiling"]) num(m[k], `model.${k}`);
  const o = obj(m.options, "model.options");
  int(o.committees, "model.options.committees", 1, 100);
  int(o.rules, "model.options.rules", 1, 1e6);
  num(o.extrapolation, "model.options.extrapolation");
  bool(o.unbiased, "model.options.unbiased");
  num(o.sample, "model.options.sample");
  int(o.seed, "model.options.seed", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  int(o.neighbors, "model.options.neighbors", 0, 9);
  numOrNull(m.maxd, "model.maxd");
  numOrNull(m.redn, "model.redn");
  numOrNull(m.nTrainingCases, "model.nTrainingCases");
  const attrOf = (v: unknown, p: string, kind: "continuous" | "discrete"): void => {
    const name = str(v, p);
    const k = kinds.get(name);
    if (k === undefined) fail(p, "the name of one of model.attributes", name);
    if (k !== kind) fail(p, `a ${kind} attribute`, name);
  };
  const members = arr(m.committees, "model.committees");
  if (members.length === 0) fail("model.committees", "a non-empty array", members);
  members.forEach((c0, ci) => {
    const c = obj(c0, `model.committees[${ci}]`);
    arr(c.rules, `model.committees[${ci}].rules`).forEach((r0, ri) => {
      const p = `model.committees[${ci}].rules[${ri}]`;
      const r = obj(r0, p);
      int(r.cover, `${p}.cover`, 0, Number.MAX_SAFE_INTEGER);
      for (const k of ["mean", "loVal", "hiVal", "estErr", "intercept"]) num(r[k], `${p}.${k}`);
      arr(r.conditions, `${p}.conditions`).forEach((x0, k) => {
        const q = `${p}.conditions[${k}]`;
        const x = obj(x0, q);
        switch (x.type) {
          case "threshold":
            attrOf(x.attribute, `${q}.attribute`, "continuous");
            num(x.cut, `${q}.cut`);
            if (x.op !== "<=" && x.op !== ">") fail(`${q}.op`, '"<=" or ">"', x.op);
            break;
          case "notApplicable":
            attrOf(x.attribute, `${q}.attribute`, "continuous");
            break;
          case "equals":
            attrOf(x.attribute, `${q}.attribute`, "discrete");
            str(x.value, `${q}.value`);
            break;
          case "subset":
            attrOf(x.attribute, `${q}.attribute`, "discrete");
            if (arr(x.values, `${q}.values`).length === 0) fail(`${q}.values`, "a non-empty array", x.values);
            (x.values as unknown[]).forEach((v, j) => str(v, `${q}.values[${j}]`));
            break;
          default:
            fail(`${q}.type`, '"threshold", "notApplicable", "equals" or "subset"', x.type);
        }
      });
      arr(r.terms, `${p}.terms`).forEach((x0, k) => {
        const q = `${p}.terms[${k}]`;
        const x = obj(x0, q);
        attrOf(x.attribute, `${q}.attribute`, "continuous");
        num(x.coefficient, `${q}.coefficient`);
      });
    });
  });
  if (m.instances !== undefined) {
    const inst = obj(m.instances, "model.instances");
    const table = obj(inst.table, "model.instances.table");
    const nRows = int(table.nRows, "model.instances.table.nRows", 0, 2 ** 31);
    const cols = obj(table.columns, "model.instances.table.columns");
    for (const k of Object.keys(cols)) {
      const p = `model.instances.table.columns[${JSON.stringify(k)}]`;
      const c = obj(cols[k], p);
      if (c.kind !== "continuous" && c.kind !== "discrete") fail(`${p}.kind`, '"continuous" or "discrete"', c.kind);
      const vals = arr(c.values, `${p}.values`);
      if (vals.length !== nRows) fail(`${p}.values`, `an array of nRows = ${nRows} values`, `${vals.length} values`);
      const ok = c.kind === "continuous" ? (v: unknown) => v === null || typeof v === "number" : (v: unknown) => v === null || typeof v === "string";
      const bad = vals.findIndex((v) => !ok(v));
      if (bad >= 0) fail(`${p}.values[${bad}]`, c.kind === "continuous" ? "a number or null" : "a string or null", vals[bad]);
    }
    const target = arr(inst.target, "model.instances.target");
    if (target.length !== nRows) fail("model.instances.target", `an array of nRows = ${nRows} values`, `${target.length} values`);
    const bad = target.findIndex((v) => v !== null && typeof v !== "number");
    if (bad >= 0) fail(`model.instances.target[${bad}]`, "a number or null", target[bad]);
  }
}

/** Largest JSON model file {@link readModelJsonFile} reads (a 100-committee model is a few MB). */
export const MODEL_JSON_MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Reads a JSON model file ({@link modelFromJson}) after checking its size against {@link MODEL_JSON_MAX_FILE_BYTES}.
 * @throws Error naming the file when it cannot be read, is larger than the bound, or is not a model.
 * @example const model = readModelJsonFile("outputs/work/model_chosen.json");
 */
export function readModelJsonFile(file: string): CubistModel {
  let size: number;
  try { size = fs.statSync(file).size; } catch (e) { throw new Error(`${file}: cannot read: ${(e as Error).message}`); }
  if (size > MODEL_JSON_MAX_FILE_BYTES) throw new Error(`${file}: ${size} bytes, more than the ${MODEL_JSON_MAX_FILE_BYTES} a JSON model file may have`);
  return modelFromJson(fs.readFileSync(file, "utf8"), { source: file });
}

/**
 * Reads a model written by {@link modelToJson}.
 * @throws Error naming the source when the text is not JSON, the format is not
 *   "sm-downscale/cubist", the version is not 1 (unknown versions are refused, never guessed), or
 *   any part of the model is missing or of the wrong type: the whole structure is checked (target, attributes,
 *   options, every rule's conditions and terms, condition types, attributes referred to, instance columns), and
 *   the message gives the JSON path, e.g. `model.committees[0].rules[2].terms must be an array (missing)`.
 */
export function modelFromJson(text: string, options: { source?: string } = {}): CubistModel {
  const source = options.source ?? "json";
  let doc: unknown;
  if (typeof text !== "string" || text.trim() === "") throw new Error(`${source}: not valid JSON (the file is empty)`);
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const m = (e as Error).message;
    throw new Error(`${source}: not valid JSON (${/Unexpected end of JSON input/.test(m) ? "it ends early: truncated file?" : m})`);
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
  checkModelShape(mm, source);
  const model = { ...mm, maxd: mm.maxd ?? null, redn: mm.redn ?? null, nTrainingCases: mm.nTrainingCases ?? null } as unknown as CubistModel;
  delete (model as { instances?: unknown }).instances;
  const inst = mm.instances as { table?: { nRows: number; columns: Record<string, JsonColumn> }; target?: (number | null)[] } | undefined;
  if (inst) {
    need(!!inst.table && Array.isArray(inst.target), "field 'model.instances' must have table and target", source);
    const columns: ColumnTable["columns"] = Object.create(null);
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
