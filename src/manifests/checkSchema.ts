/**
 * A small hand-written JSON schema language and its checker (no dependency): enough for the
 * project's three manifest kinds (product, study, twin).
 *
 * Each problem is reported as `<path> must be <expectation>, got <value>`, where `<path>` is the
 * field path in the document (`stations[3].lat`, `files.urlTemplate`) and `<value>` is the bad
 * value as JSON (shortened to 60 characters).
 */

/** A schema node. `optional` applies when the node is a property of an object. */
export type Schema = (
  | { type: "string"; pattern?: RegExp; patternText?: string; enum?: readonly string[]; minLength?: number }
  | { type: "number"; min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean }
  | { type: "boolean" }
  | { type: "null" }
  | { type: "array"; items: Schema; minItems?: number; maxItems?: number }
  | { type: "object"; properties: Record<string, Schema>; additional?: Schema | false }
  | { type: "anyOf"; options: Schema[]; describe: string }
) & { optional?: boolean; describe?: string };

/** One problem found by {@link checkSchema}. */
export interface SchemaIssue {
  /** Field path, e.g. `stations[3].lat` (`(root)` for the document itself). */
  path: string;
  /** What was expected, e.g. `a number in [-90, 90]`. */
  expected: string;
  /** The bad value, as shortened JSON (`undefined` when the field is missing). */
  got: string;
}

/** Options of {@link checkSchema}. */
export interface CheckSchemaOptions {
  /** Stop after this many issues (default 50). */
  maxIssues?: number;
}

/** Shortened JSON text of a value, for error messages. */
export function showValue(value: unknown): string {
  if (value === undefined) return "nothing (field missing)";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? text.slice(0, 57) + "..." : text;
}

function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  const safe = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
  if (base === "") return safe;
  return /^[A-Za-z_$]/.test(safe) ? `${base}.${safe}` : `${base}[${safe}]`;
}

/** Words for what a schema node expects, used in messages. */
export function describeSchema(schema: Schema): string {
  if (schema.describe) return schema.describe;
  switch (schema.type) {
    case "string": {
      if (schema.enum) return `one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`;
      if (schema.pattern) return `a string matching ${schema.patternText ?? String(schema.pattern)}`;
      return schema.minLength ? `a non-empty string` : "a string";
    }
    case "number": {
      const kind = schema.integer ? "an integer" : "a number";
      if (schema.min !== undefined && schema.max !== undefined) {
        return `${kind} in ${schema.exclusiveMin ? "(" : "["}${schema.min}, ${schema.max}]`;
      }
      if (schema.min !== undefined) return `${kind} ${schema.exclusiveMin ? ">" : ">="} ${schema.min}`;
      if (schema.max !== undefined) return `${kind} <= ${schema.max}`;
      return kind;
    }
    case "boolean": return "true or false";
    case "null": return "null";
    case "array": {
      const n = schema.minItems !== undefined && schema.minItems === schema.maxItems
        ? `exactly ${schema.minItems} items`
        : schema.minItems ? `at least ${schema.minItems} item${schema.minItems > 1 ? "s" : ""}` : "";
      return `an array${n ? " of " + n : ""}`;
    }
    case "object": return "an object";
    case "anyOf": return schema.describe;
  }
}

function check(value: unknown, schema: Schema, path: string, issues: SchemaIssue[], max: number): void {
  if (issues.length >= max) return;
  const where = path === "" ? "(root)" : path;
  const fail = (expected: string, got: unknown = value) => {
    if (issues.length < max) issues.push({ path: where, expected, got: showValue(got) });
  };
  switch (schema.type) {
    case "string": {
      if (typeof value !== "string") return fail(describeSchema(schema));
      if (schema.minLength !== undefined && value.length < schema.minLength) return fail(describeSchema(schema));
      if (schema.enum && !schema.enum.includes(value)) return fail(describeSchema(schema));
      if (schema.pattern && !schema.pattern.test(value)) return fail(describeSchema(schema));
      return;
    }
    case "number": {
      const ok = typeof value === "number" && Number.isFinite(value) &&
        (!schema.integer || Number.isInteger(value)) &&
        (schema.min === undefined || (schema.exclusiveMin ? value > schema.min : value >= schema.min)) &&
        (schema.max === undefined || value <= schema.max);
      if (!ok) fail(describeSchema(schema));
      return;
    }
    case "boolean": {
      if (typeof value !== "boolean") fail(describeSchema(schema));
      return;
    }
    case "null": {
      if (value !== null) fail("null");
      return;
    }
    case "array": {
      if (!Array.isArray(value)) return fail(describeSchema(schema));
      if ((schema.minItems !== undefined && value.length < schema.minItems) ||
        (schema.maxItems !== undefined && value.length > schema.maxItems)) {
        return fail(describeSchema(schema));
      }
      value.forEach((item, i) => check(item, schema.items, joinPath(path, i), issues, max));
      return;
    }
    case "object": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return fail(describeSchema(schema));
      const record = value as Record<string, unknown>;
      for (const [key, sub] of Object.entries(schema.properties)) {
        const child = record[key];
        if (child === undefined) {
          if (!sub.optional) {
            if (issues.length < max) issues.push({ path: joinPath(path, key), expected: describeSchema(sub), got: showValue(undefined) });
          }
          continue;
        }
        check(child, sub, joinPath(path, key), issues, max);
      }
      for (const key of Object.keys(record)) {
        if (Object.prototype.hasOwnProperty.call(schema.properties, key)) continue;
        if (schema.additional === undefined || schema.additional === false) {
          const known = Object.keys(schema.properties).join(", ");
          if (issues.length < max) {
            issues.push({ path: joinPath(path, key), expected: `absent (unknown field; known fields: ${known})`, got: showValue(record[key]) });
          }
        } else {
          check(record[key], schema.additional, joinPath(path, key), issues, max);
        }
      }
      return;
    }
    case "anyOf": {
      for (const option of schema.options) {
        const trial: SchemaIssue[] = [];
        check(value, option, path, trial, 1);
        if (trial.length === 0) return;
      }
      // Report the deepest issue of the option with the same basic type, when there is one.
      const sameType = schema.options.find((o) => basicTypeMatches(value, o));
      if (sameType && sameType.type === "object") {
        check(value, sameType, path, issues, max);
        return;
      }
      fail(schema.describe);
      return;
    }
  }
}

function basicTypeMatches(value: unknown, schema: Schema): boolean {
  switch (schema.type) {
    case "object": return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array": return Array.isArray(value);
    case "null": return value === null;
    case "anyOf": return false;
    default: return typeof value === schema.type;
  }
}

/**
 * Checks a parsed JSON value against a {@link Schema}; returns every issue found (empty = valid).
 *
 * @example
 * const s: Schema = { type: "object", properties: { lat: { type: "number", min: -90, max: 90 } } };
 * checkSchema({ lat: "36,5" }, s); // [{ path: "lat", expected: "a number in [-90, 90]", got: "\"36,5\"" }]
 * @throws RangeError when `maxIssues` is not a positive integer.
 */
export function checkSchema(value: unknown, schema: Schema, options: CheckSchemaOptions = {}): SchemaIssue[] {
  const { maxIssues = 50 } = options;
  if (!Number.isInteger(maxIssues) || maxIssues < 1) {
    throw new RangeError(`checkSchema: maxIssues must be a positive integer, got ${maxIssues}`);
  }
  const issues: SchemaIssue[] = [];
  check(value, schema, "", issues, maxIssues);
  return issues;
}
