import type { SchemaIssue } from "./checkSchema";

/**
 * A manifest that cannot be used: unreadable, not JSON, or failing its schema. The message names
 * the file, and for each problem the field path, the expectation and the bad value, one per line:
 * `data-manifests/study.json: stations[3].lat must be a number in [-90, 90], got "36,5"`.
 */
export class ManifestError extends Error {
  /** The manifest file (as given by the caller), or `(inline)` for in-memory documents. */
  readonly file: string;
  /** Every problem found (empty for read/parse errors). */
  readonly issues: SchemaIssue[];

  constructor(file: string, issues: SchemaIssue[], detail?: string) {
    const lines = detail !== undefined
      ? [`${file}: ${detail}`]
      : issues.map((i) => `${file}: ${i.path} must be ${i.expected}, got ${i.got}`);
    super(lines.join("\n"));
    this.name = "ManifestError";
    this.file = file;
    this.issues = issues;
  }
}
