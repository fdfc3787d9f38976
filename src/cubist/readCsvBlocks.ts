import * as fs from "node:fs";
import { CsvScanner } from "./csvScanner";
import type { ColumnTable } from "./table";

/** Options of {@link readCsvBlocks}. */
export interface ReadCsvBlocksOptions {
  /**
   * The columns wanted and how to read them: "number" (Float64Array, NaN = missing; a cell that
   * is not a number is an error; `NaN` text is missing, `Inf`/`-Inf`/`Infinity` and numbers beyond the double
   * range are errors, as in {@link readCsvTable}) or "text" (strings, null = missing). Other columns are skipped.
   * Required; every name must be in the header.
   */
  columns: Record<string, "number" | "text">;
  /** Rows per block, ≥ 1. Default 65,536. */
  blockRows?: number;
  /** Cell texts that mean "missing". Default `["", "NA", "?"]`. */
  missing?: string[];
  /** Field separator (one ASCII character). Default `","`. */
  separator?: string;
  /** Bytes read from the file at a time (a record longer than this grows the buffer). Default 4 MiB. */
  chunkBytes?: number;
}

/** Result of {@link readCsvBlocks}. */
export interface ReadCsvBlocksResult {
  /** Data rows read. */
  nRows: number;
  /** The header's column names, in file order. */
  header: string[];
  /** Missing cells per wanted column. */
  missingCounts: Record<string, number>;
}

/**
 * Reads a CSV file (header row, the format of {@link readCsvTable}) block by block: the wanted
 * columns of up to `blockRows` rows at a time are handed to `onBlock` as a {@link ColumnTable}
 * (valid during the call only: its arrays are reused), with the index of the block's first row.
 * Memory is one read chunk plus one block, whatever the file's length.
 *
 * @example
 * readCsvBlocks("big.csv", { columns: { x: "number", lc: "text" } }, (block, first) => {
 *   console.log(first, block.nRows);
 * });
 * @throws Error naming the file for a file that cannot be read, a wanted column absent from the
 *   header, a row with the wrong number of fields, or (naming line, column and text) a "number"
 *   column cell that is not a number; RangeError for bad options.
 */
export function readCsvBlocks(path: string, options: ReadCsvBlocksOptions, onBlock: (block: ColumnTable, firstRow: number) => void): ReadCsvBlocksResult {
  const blockRows = options.blockRows ?? 65536;
  const chunkBytes = options.chunkBytes ?? 1 << 22;
  if (!options.columns || typeof options.columns !== "object" || Object.keys(options.columns).length === 0) {
    throw new RangeError("readCsvBlocks: columns must name at least one column");
  }
  for (const [name, kind] of Object.entries(options.columns)) {
    if (kind !== "number" && kind !== "text") throw new RangeError(`readCsvBlocks: column '${name}' must be "number" or "text", got ${String(kind)}`);
  }
  if (!Number.isInteger(blockRows) || blockRows < 1) throw new RangeError(`readCsvBlocks: blockRows must be an integer ≥ 1, got ${blockRows}`);
  if (!Number.isInteger(chunkBytes) || chunkBytes < 16) throw new RangeError(`readCsvBlocks: chunkBytes must be an integer ≥ 16, got ${chunkBytes}`);
  const missingList = options.missing ?? ["", "NA", "?"];
  const missing = new Set(missingList);
  const defaultMissing = missingList.length === 3 && missing.has("") && missing.has("NA") && missing.has("?");
  const scanner = new CsvScanner(options.separator ?? ",", path);
  let fd: number;
  try {
    fd = fs.openSync(path, "r");
  } catch (e) {
    throw new Error(`${path}: cannot read CSV file (${(e as Error).message})`);
  }
  const wanted = Object.keys(options.columns);
  let header: string[] | null = null;
  let nCols = 0;
  let fieldOf: Int32Array = new Int32Array(0); // per wanted column: its field index
  const nums: (Float64Array | null)[] = wanted.map((n) => (options.columns[n] === "number" ? new Float64Array(blockRows) : null));
  const strs: ((string | null)[] | null)[] = wanted.map((n) => (options.columns[n] === "text" ? new Array<string | null>(blockRows).fill(null) : null));
  const missingCounts = new Int32Array(wanted.length);
  const interned = wanted.map(() => new Map<string, string>());
  const pools = wanted.map(() => new Map<number, string>());
  let inBlock = 0;
  let nRows = 0;
  const flush = (): void => {
    if (inBlock === 0) return;
    const columns: Record<string, Float64Array | (string | null)[]> = {};
    wanted.forEach((name, w) => {
      const n = nums[w], s = strs[w];
      if (n) columns[name] = inBlock === blockRows ? n : n.subarray(0, inBlock);
      else if (s) columns[name] = inBlock === blockRows ? s : s.slice(0, inBlock);
    });
    onBlock({ columns, nRows: inBlock }, nRows - inBlock);
    inBlock = 0;
  };
  const onRecord = (b: Uint8Array, nf: number): void => {
    if (header === null) {
      header = [];
      for (let k = 0; k < nf; k++) header.push(scanner.text(b, k));
      nCols = nf;
      fieldOf = Int32Array.from(wanted, (name) => {
        const k = (header as string[]).indexOf(name);
        if (k < 0) throw new Error(`${path}: column '${name}' is absent (header: ${(header as string[]).join(", ")})`);
        return k;
      });
      return;
    }
    if (nf !== nCols) throw new Error(`${path}: line ${scanner.line} has ${nf} fields, expected ${nCols} (header)`);
    const i = inBlock;
    for (let w = 0; w < fieldOf.length; w++) {
      const k = fieldOf[w];
      const isMissing = defaultMissing ? scanner.isDefaultMissing(b, k) : missing.has(scanner.text(b, k));
      const n = nums[w];
      if (n) {
        if (isMissing) { n[i] = NaN; missingCounts[w]++; continue; }
        const v = scanner.number(b, k);
        if (v !== v) {
          const special = scanner.nonFinite(b, k);
          if (special === 1) { n[i] = NaN; missingCounts[w]++; continue; }
          if (special === 0) throw new Error(`${path}: line ${scanner.line}, column '${wanted[w]}': '${scanner.text(b, k)}' is not a number`);
        }
        if (v - v !== 0) throw new Error(`${path}: line ${scanner.line}, column '${wanted[w]}': '${scanner.text(b, k)}' is not a finite number (Cubist cannot use infinite values; a missing value is NA, ? or an empty cell)`);
        n[i] = v;
      } else {
        const s = strs[w] as (string | null)[];
        if (isMissing) { s[i] = null; missingCounts[w]++; continue; }
        const t = scanner.pooledText(b, k, pools[w]);
        const m = interned[w];
        let v = m.get(t);
        if (v === undefined) { v = t; if (m.size < 100000) m.set(t, t); }
        s[i] = v;
      }
    }
    inBlock++;
    nRows++;
    if (inBlock === blockRows) flush();
  };
  let buf = Buffer.allocUnsafe(chunkBytes);
  let have = 0;
  try {
    for (;;) {
      if (have === buf.length) { const bigger = Buffer.allocUnsafe(buf.length * 2); buf.copy(bigger, 0, 0, have); buf = bigger; }
      const got = fs.readSync(fd, buf, have, buf.length - have, null);
      const final = got === 0;
      const end = have + got;
      const used = scanner.scan(buf, 0, end, final, onRecord);
      if (final) break;
      buf.copy(buf, 0, used, end);
      have = end - used;
    }
  } finally {
    fs.closeSync(fd);
  }
  flush();
  if (header === null) throw new Error(`${path}: empty CSV (no header row)`);
  const counts: Record<string, number> = {};
  wanted.forEach((name, w) => { counts[name] = missingCounts[w]; });
  return { nRows, header, missingCounts: counts };
}

/**
 * The column names of a CSV file's header row (read from the start of the file only).
 * @example readCsvHeader("test.csv"); // ["lst", "ndvi", …, "sm"]
 * @throws Error naming the file when it cannot be read or has no header.
 */
export function readCsvHeader(path: string, separator = ","): string[] {
  let fd: number;
  try {
    fd = fs.openSync(path, "r");
  } catch (e) {
    throw new Error(`${path}: cannot read CSV file (${(e as Error).message})`);
  }
  let header: string[] | null = null;
  try {
    let buf = Buffer.allocUnsafe(1 << 16);
    let have = 0;
    while (header === null) {
      if (have === buf.length) { const b = Buffer.allocUnsafe(buf.length * 2); buf.copy(b, 0, 0, have); buf = b; }
      const got = fs.readSync(fd, buf, have, buf.length - have, 0 + have);
      have += got;
      const stop = {};
      const scanner = new CsvScanner(separator, path);
      try {
        scanner.scan(buf, 0, have, got === 0, (b, nf) => {
          header = [];
          for (let k = 0; k < nf; k++) header.push(scanner.text(b, k));
          throw stop;
        });
      } catch (e) {
        if (e !== stop) throw e;
      }
      if (got === 0) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  if (header === null) throw new Error(`${path}: empty CSV (no header row)`);
  return header;
}
