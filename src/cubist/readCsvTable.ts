import * as fs from "node:fs";
import { CsvScanner } from "./csvScanner";
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

/**
 * Parses CSV text or bytes (header row, RFC 4180 quoting, LF or CRLF line ends) into a
 * {@link ColumnTable}. A column whose non-missing cells are all decimal numbers is continuous
 * (Float64Array); any other column is discrete (strings, one string object per distinct value).
 * Missing cells (empty, `NA`, `?` by default) become NaN / null and are counted. A column with
 * only missing cells is continuous (all NaN). Numbers are parsed straight from the bytes into the
 * column (no string per cell); a column is re-read as text only from the first cell that is not
 * a number, and its earlier rows in a second pass.
 *
 * @example
 * const { table } = readCsvTable('x,lc\n1,"a"\nNA,b\n');
 * table.columns.x; // Float64Array [1, NaN]
 * table.columns.lc; // ["a", "b"]
 * @throws Error naming the source and line for an empty input, a row with the wrong number of
 *   fields, an unterminated quote, text after a closing quote, or a duplicate column name.
 * @throws RangeError for a bad separator option.
 */
export function readCsvTable(text: string | Uint8Array, options: ReadCsvTableOptions = {}): CsvTableResult {
  const missingList = options.missing ?? ["", "NA", "?"];
  const missing = new Set(missingList);
  const defaultMissing = missingList.length === 3 && missing.has("") && missing.has("NA") && missing.has("?");
  const sep = options.separator ?? ",";
  const source = options.source ?? "csv";
  const scanner = new CsvScanner(sep, source);
  const buf = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  // capacity: one row per line end (an upper bound on the records)
  let capacity = 1;
  for (let p = buf.indexOf(10); p >= 0; p = buf.indexOf(10, p + 1)) capacity++;
  let header: string[] | null = null;
  let nCols = 0;
  let nRows = 0;
  let numeric: Float64Array[] = [];
  let strings: ((string | null)[] | null)[] = [];
  let flipRow: Int32Array = new Int32Array(0);
  let missingCounts: Int32Array = new Int32Array(0);
  let interned: Map<string, string>[] = [];
  const isMissing = (b: Uint8Array, k: number, sc: CsvScanner = scanner): boolean => (defaultMissing ? sc.isDefaultMissing(b, k) : missing.has(sc.text(b, k)));
  const textOf = (b: Uint8Array, k: number, c: number, sc: CsvScanner = scanner): string => {
    const t = sc.text(b, k);
    const m = interned[c];
    const known = m.get(t);
    if (known !== undefined) return known;
    m.set(t, t);
    return t;
  };
  scanner.scan(buf, 0, buf.length, true, (b, nf) => {
    if (header === null) {
      header = [];
      for (let k = 0; k < nf; k++) header.push(scanner.text(b, k));
      const seen = new Set<string>();
      for (const h of header) {
        if (seen.has(h)) throw new Error(`${source}: duplicate column name '${h}' in the header`);
        seen.add(h);
      }
      nCols = nf;
      numeric = header.map(() => new Float64Array(capacity));
      strings = header.map(() => null);
      flipRow = new Int32Array(nCols).fill(-1);
      missingCounts = new Int32Array(nCols);
      interned = header.map(() => new Map<string, string>());
      return;
    }
    if (nf !== nCols) throw new Error(`${source}: line ${scanner.line} has ${nf} fields, expected ${nCols} (header)`);
    const i = nRows++;
    for (let c = 0; c < nCols; c++) {
      const strs = strings[c];
      if (isMissing(b, c)) {
        missingCounts[c]++;
        if (strs) strs[i] = null; else numeric[c][i] = NaN;
        continue;
      }
      if (strs) { strs[i] = textOf(b, c, c); continue; }
      const v = scanner.number(b, c);
      if (v === v) { numeric[c][i] = v; continue; }
      // the first cell that is not a number: the column is discrete from here on
      const col: (string | null)[] = new Array(capacity);
      col[i] = textOf(b, c, c);
      strings[c] = col;
      flipRow[c] = i;
    }
  });
  if (header === null) throw new Error(`${source}: empty CSV (no header row)`);
  const names: string[] = header;
  // discrete columns that turned so after row 0: their earlier rows as text
  const refill: number[] = [];
  for (let c = 0; c < nCols; c++) if (flipRow[c] > 0) refill.push(c);
  if (refill.length > 0) {
    const again = new CsvScanner(sep, source);
    let row = -1;
    const last = Math.max(...refill.map((c) => flipRow[c]));
    again.scan(buf, 0, buf.length, true, (b) => {
      if (row >= 0 && row < last) {
        for (const c of refill) {
          if (row >= flipRow[c]) continue;
          (strings[c] as (string | null)[])[row] = isMissing(b, c, again) ? null : textOf(b, c, c, again);
        }
      }
      row++;
    });
  }
  const columns: Record<string, Float64Array | (string | null)[]> = {};
  const counts: Record<string, number> = {};
  for (let c = 0; c < nCols; c++) {
    const strs = strings[c];
    if (strs) { strs.length = nRows; columns[names[c]] = strs; }
    else columns[names[c]] = nRows === capacity ? numeric[c] : numeric[c].slice(0, nRows);
    counts[names[c]] = missingCounts[c];
  }
  return { table: { columns, nRows }, missingCounts: counts };
}

/**
 * Reads a CSV file with {@link readCsvTable} (the file path is used in error messages).
 * @throws Error naming the file when it cannot be read or parsed.
 */
export function readCsvFile(path: string, options: ReadCsvTableOptions = {}): CsvTableResult {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(path);
  } catch (e) {
    throw new Error(`${path}: cannot read CSV file (${(e as Error).message})`);
  }
  return readCsvTable(bytes, { ...options, source: options.source ?? path });
}
