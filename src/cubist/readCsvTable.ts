import * as fs from "node:fs";
import type { ColumnTable } from "./table";

/** Options of {@link readCsvTable}. */
export interface ReadCsvTableOptions {
  /** Cell texts (after unquoting and trimming) that mean "missing". Default `["", "NA", "?"]`. */
  missing?: string[];
  /** Field separator (one character). Default `","`. */
  separator?: string;
  /** Name used in error messages (e.g. the file path). Default `"csv"`. */
  source?: string;
}

/** Result of {@link readCsvTable}. */
export interface CsvTableResult {
  /** The table: numeric columns as Float64Array (NaN = missing), others as strings (null = missing). */
  table: ColumnTable;
  /** Number of missing cells per column (NaN policy: nothing is dropped silently). */
  missingCounts: Record<string, number>;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses CSV text (header row, RFC 4180 quoting, LF or CRLF line ends) into a {@link ColumnTable}.
 * A column whose non-missing cells are all decimal numbers is continuous (Float64Array); any other
 * column is discrete (strings). Missing cells (empty, `NA`, `?` by default) become NaN / null and
 * are counted. A column with only missing cells is continuous (all NaN).
 *
 * @example
 * const { table } = readCsvTable('x,lc\n1,"a"\nNA,b\n');
 * table.columns.x; // Float64Array [1, NaN]
 * table.columns.lc; // ["a", "b"]
 * @throws Error naming the source and line for an empty input, a row with the wrong number of
 *   fields, an unterminated quote, or a duplicate column name.
 * @throws RangeError for a bad separator option.
 */
export function readCsvTable(text: string, options: ReadCsvTableOptions = {}): CsvTableResult {
  const missing = new Set(options.missing ?? ["", "NA", "?"]);
  const sep = options.separator ?? ",";
  const source = options.source ?? "csv";
  if (typeof sep !== "string" || sep.length !== 1 || sep === '"' || sep === "\n" || sep === "\r") {
    throw new RangeError(`readCsvTable: separator must be one character other than quote or newline, got '${String(sep)}'`);
  }
  const rows = parseRecords(text, sep, source);
  if (rows.length === 0) throw new Error(`${source}: empty CSV (no header row)`);
  const header = rows[0].fields.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw new Error(`${source}: duplicate column name '${h}' in the header`);
    seen.add(h);
  }
  const body = rows.slice(1);
  const nRows = body.length;
  const nCols = header.length;
  for (const r of body) {
    if (r.fields.length !== nCols) {
      throw new Error(`${source}: line ${r.line} has ${r.fields.length} fields, expected ${nCols} (header)`);
    }
  }
  const columns: Record<string, Float64Array | (string | null)[]> = {};
  const missingCounts: Record<string, number> = {};
  for (let c = 0; c < nCols; c++) {
    let numeric = true;
    let nMissing = 0;
    for (let i = 0; i < nRows; i++) {
      const v = body[i].fields[c].trim();
      if (missing.has(v)) { nMissing++; continue; }
      if (!NUMBER.test(v)) { numeric = false; }
    }
    missingCounts[header[c]] = nMissing;
    if (numeric) {
      const col = new Float64Array(nRows);
      for (let i = 0; i < nRows; i++) {
        const v = body[i].fields[c].trim();
        col[i] = missing.has(v) ? NaN : Number(v);
      }
      columns[header[c]] = col;
    } else {
      const col: (string | null)[] = new Array(nRows);
      for (let i = 0; i < nRows; i++) {
        const v = body[i].fields[c].trim();
        col[i] = missing.has(v) ? null : v;
      }
      columns[header[c]] = col;
    }
  }
  return { table: { columns, nRows }, missingCounts };
}

/**
 * Reads a CSV file with {@link readCsvTable} (the file path is used in error messages).
 * @throws Error naming the file when it cannot be read or parsed.
 */
export function readCsvFile(path: string, options: ReadCsvTableOptions = {}): CsvTableResult {
  let text: string;
  try {
    text = fs.readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`${path}: cannot read CSV file (${(e as Error).message})`);
  }
  return readCsvTable(text, { ...options, source: options.source ?? path });
}

interface CsvRecord { fields: string[]; line: number }

function parseRecords(text: string, sep: string, source: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  let i = 0;
  const n = text.length;
  let line = 1;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let field = "";
    let quotedField = false;
    for (;;) {
      if (i >= n) { fields.push(field); break; }
      const ch = text[i];
      if (ch === '"' && field.trim() === "" && !quotedField) {
        // quoted field
        quotedField = true;
        field = "";
        i++;
        for (;;) {
          if (i >= n) throw new Error(`${source}: unterminated quoted field starting on line ${startLine}`);
          const q = text[i];
          if (q === '"') {
            if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
            i++;
            break;
          }
          if (q === "\n") line++;
          field += q;
          i++;
        }
        continue;
      }
      if (ch === sep) { fields.push(field); field = ""; quotedField = false; i++; continue; }
      if (ch === "\n" || ch === "\r") {
        fields.push(field);
        if (ch === "\r" && text[i + 1] === "\n") i++;
        i++;
        line++;
        break;
      }
      field += ch;
      i++;
    }
    // skip blank lines
    if (fields.length === 1 && fields[0] === "" && !quotedField) continue;
    out.push({ fields, line: startLine });
  }
  return out;
}
