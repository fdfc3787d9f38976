import * as fs from "node:fs";
import { CsvScanner, CSV_MAX_COLUMNS, CSV_MAX_FIELD_BYTES } from "./csvScanner";
import type { ColumnTable } from "./table";

/** Options of {@link readCsvTable}. */
export interface ReadCsvTableOptions {
  /** Cell texts (after unquoting and trimming) that mean "missing". Default `["", "NA", "?"]`. */
  missing?: string[];
  /** Field separator (one character). Default `","`. */
  separator?: string;
  /** Name used in error messages (e.g. the file path). Default `"csv"`. */
  source?: string;
  /**
   * Columns whose kind is known (e.g. a model's attributes): "number" (a cell that is not a number is an
   * error naming the line, column and text) or "text" (strings even when every cell is a number). Columns
   * not named here, or absent from the header, are inferred as described above. Default: none.
   */
  columns?: Record<string, "number" | "text">;
}

/** Where a column that began with numbers turned discrete: the first cell that is not a number. */
export interface MixedColumn {
  /** Line (1-based) of the first cell that is not a number. */
  line: number;
  /** That cell's text. */
  text: string;
  /** Numbers in the column before it. */
  numbersBefore: number;
}

/** Result of {@link readCsvTable}. */
export interface CsvTableResult {
  /** The table: numeric columns as Float64Array (NaN = missing), others as strings (null = missing). */
  table: ColumnTable;
  /** Number of missing cells per column (NaN policy: nothing is dropped silently). */
  missingCounts: Record<string, number>;
  /**
   * Discrete columns whose cells before the first text were numbers (a numeric column with a stray text
   * such as `1,5` or `n/a` reads as discrete, as in R): where the text is, so a caller can say why.
   */
  mixedColumns: Record<string, MixedColumn>;
}

/**
 * Parses CSV text or bytes (header row, RFC 4180 quoting, LF or CRLF line ends) into a
 * {@link ColumnTable}. A column whose non-missing cells are all decimal numbers is continuous
 * (Float64Array); any other column is discrete (strings, one string object per distinct value).
 * Missing cells (empty, `NA`, `?` by default) become NaN / null and are counted. A column with
 * only missing cells is continuous (all NaN).
 *
 * Text spellings of non-finite numbers, which R's `read.csv` reads as numbers, keep a column numeric:
 * `NaN` (any case) is a missing value, counted (R's `is.na(NaN)` is true and the R package hands it to
 * Cubist as `?`); `Inf`, `-Inf`, `Infinity` (any case) and numbers beyond the double range (`1e999`) are
 * refused naming the line, column and text, since Cubist cannot use them (RuleQuest's program stops
 * with "value of `x' changed to `?'" and an error). Inside a discrete column they are plain values.
 *
 * Bounds: at most {@link CSV_MAX_COLUMNS} fields per record and {@link CSV_MAX_FIELD_BYTES} bytes per
 * field; more is refused naming the line. Numbers are parsed straight from the bytes into the
 * column (no string per cell); a column is re-read as text only from the first cell that is not
 * a number, and its earlier rows in a second pass.
 *
 * @example
 * const { table } = readCsvTable('x,lc\n1,"a"\nNA,b\n');
 * table.columns.x; // Float64Array [1, NaN]
 * table.columns.lc; // ["a", "b"]
 * @throws Error naming the source and line for an empty input, a row with the wrong number of
 *   fields, an unterminated quote, text after a closing quote, a duplicate column name, a record or
 *   field past the bounds, an infinite value in a numeric column, or a text in a `columns` "number" column.
 * @throws RangeError for a bad separator option.
 */
export function readCsvTable(text: string | Uint8Array, options: ReadCsvTableOptions = {}): CsvTableResult {
  const missingList = options.missing ?? ["", "NA", "?"];
  const missing = new Set(missingList);
  const defaultMissing = missingList.length === 3 && missing.has("") && missing.has("NA") && missing.has("?");
  const sep = options.separator ?? ",";
  const source = options.source ?? "csv";
  const scanner = new CsvScanner(sep, source);
  const forced = options.columns ?? {};
  if (typeof forced !== "object" || forced === null) throw new RangeError(`readCsvTable: columns must be an object of "number" | "text", got ${String(forced)}`);
  for (const [name, kind] of Object.entries(forced)) {
    if (kind !== "number" && kind !== "text") throw new RangeError(`readCsvTable: columns['${name}'] must be "number" or "text", got ${String(kind)}`);
  }
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
  let mustNumber: Uint8Array = new Uint8Array(0);
  let nanCells: Int32Array = new Int32Array(0);
  let infLine: Int32Array = new Int32Array(0);
  let infText: string[] = [];
  let flipLine: Int32Array = new Int32Array(0);
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
      mustNumber = Uint8Array.from(header, (h) => (Object.prototype.hasOwnProperty.call(forced, h) && forced[h] === "number" ? 1 : 0));
      nanCells = new Int32Array(nCols);
      infLine = new Int32Array(nCols);
      infText = header.map(() => "");
      flipLine = new Int32Array(nCols);
      const textCols = header.map((h, c) => (Object.prototype.hasOwnProperty.call(forced, h) && forced[h] === "text" ? c : -1)).filter((c) => c >= 0);
      for (const c of textCols) { strings[c] = new Array(capacity); flipRow[c] = 0; }
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
      if (v === v) {
        if (v - v !== 0 && infLine[c] === 0) { infLine[c] = scanner.line; infText[c] = scanner.text(b, c); }
        numeric[c][i] = v;
        continue;
      }
      const special = scanner.nonFinite(b, c);
      if (special === 1) { numeric[c][i] = NaN; missingCounts[c]++; nanCells[c]++; continue; }
      if (special === 2) {
        if (infLine[c] === 0) { infLine[c] = scanner.line; infText[c] = scanner.text(b, c); }
        numeric[c][i] = NaN;
        continue;
      }
      if (mustNumber[c]) throw new Error(`${source}: line ${scanner.line}, column '${(header as string[])[c]}': '${scanner.text(b, c)}' is not a number`);
      // the first cell that is not a number: the column is discrete from here on (its NaN cells are text)
      const col: (string | null)[] = new Array(capacity);
      col[i] = textOf(b, c, c);
      strings[c] = col;
      flipRow[c] = i;
      flipLine[c] = scanner.line;
      missingCounts[c] -= nanCells[c];
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
  const mixed: Record<string, MixedColumn> = Object.create(null);
  for (let c = 0; c < nCols; c++) {
    if (!strings[c] && infLine[c] > 0) {
      throw new Error(`${source}: line ${infLine[c]}, column '${names[c]}': '${infText[c]}' is not a finite number (Cubist cannot use infinite values; a missing value is NA, ? or an empty cell)`);
    }
    if (strings[c] && flipRow[c] > 0) {
      const col = strings[c] as (string | null)[];
      let before = 0;
      for (let i = 0; i < flipRow[c]; i++) if (col[i] !== null && col[i] !== undefined) before++;
      if (before > 0) mixed[names[c]] = { line: flipLine[c], text: col[flipRow[c]] as string, numbersBefore: before };
    }
  }
  for (let c = 0; c < nCols; c++) {
    const strs = strings[c];
    if (strs) { strs.length = nRows; columns[names[c]] = strs; }
    else columns[names[c]] = nRows === capacity ? numeric[c] : numeric[c].slice(0, nRows);
    counts[names[c]] = missingCounts[c];
  }
  return { table: { columns, nRows }, missingCounts: counts, mixedColumns: mixed };
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
