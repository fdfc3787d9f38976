import * as fs from "node:fs";
import * as path from "node:path";
import { readCsvFile } from "../cubist/readCsvTable";
import { isContinuousColumn, type ColumnTable } from "../cubist/table";
import type { WorkbookContext } from "./workbookConfig";
import { writeFileAtomic } from "../io/writeFileAtomic";

/** Where a run keeps what one notebook hands to the next (samples, models): `<outputDir>/work/`. */
export function workPath(ctx: WorkbookContext, name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) throw new RangeError(`workPath: name must be a plain file name, got '${name}'`);
  const dir = path.join(ctx.outputDir, "work");
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

function csvText(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Writes a column table as CSV (header row; numbers in full precision, so a read gives back the same
 * doubles; NaN and null as empty cells), atomically. The format `readCsvFile` (src/cubist) reads.
 * @example writeColumnTableCsv(table, "outputs/work/samples_train.csv");
 */
export function writeColumnTableCsv(table: ColumnTable, file: string): void {
  const names = Object.keys(table.columns);
  const cols = names.map((n) => table.columns[n]);
  const lines: string[] = [names.map(csvText).join(",")];
  for (let i = 0; i < table.nRows; i++) {
    const cells = new Array<string>(cols.length);
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j];
      if (isContinuousColumn(c)) cells[j] = Number.isNaN(c[i]) ? "" : String(c[i]);
      else cells[j] = c[i] === null ? "" : csvText(c[i] as string);
    }
    lines.push(cells.join(","));
  }
  writeFileAtomic(file, lines.join("\n") + "\n");
}

/**
 * Reads a sample table written by {@link writeColumnTableCsv}: predictors, target, `date` and `point`.
 * @throws Error naming the file when it is missing (run the sampling notebook first) or malformed.
 */
export function readSampleTable(file: string): ColumnTable {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist: run notebooks/02_sampling.ipynb first (npm run workbook -- --only 02)`);
  return readCsvFile(file).table;
}

/** A table with only the named columns, in that order (the arrays are shared, not copied). */
export function selectColumns(table: ColumnTable, names: readonly string[]): ColumnTable {
  const columns: ColumnTable["columns"] = {};
  for (const n of names) {
    if (!(n in table.columns)) throw new RangeError(`selectColumns: no column '${n}' (have ${Object.keys(table.columns).join(", ")})`);
    columns[n] = table.columns[n];
  }
  return { nRows: table.nRows, columns };
}
