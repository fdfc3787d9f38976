/**
 * A table stored by column, the input of Cubist fitting and prediction.
 *
 * - A continuous (numeric) column is a `Float64Array`; `NaN` means missing.
 * - A discrete column is an array of strings; `null` means missing.
 *
 * Every column has exactly `nRows` entries. The same layout serves twenty thousand or twenty
 * million rows: code that reads it works column-wise and never builds per-row objects.
 *
 * @example
 * const t: ColumnTable = {
 *   nRows: 2,
 *   columns: { x: Float64Array.from([1, NaN]), lc: ["forest", null] },
 * };
 */
export interface ColumnTable {
  /** Columns by name, in a meaningful order (object insertion order = column order). */
  columns: Record<string, Float64Array | (string | null)[]>;
  /** Number of rows (the length of every column). */
  nRows: number;
}

/** A discrete (string) column of a {@link ColumnTable}; `null` = missing. */
export type DiscreteColumn = (string | null)[];

/** True when `column` is a continuous (Float64Array) column. */
export function isContinuousColumn(column: Float64Array | DiscreteColumn): column is Float64Array {
  return column instanceof Float64Array;
}

/**
 * Checks that every column of `table` has `table.nRows` entries.
 * @throws RangeError naming the first column of the wrong length.
 * @example
 * validateTable({ nRows: 1, columns: { a: Float64Array.of(1) } }); // ok
 */
export function validateTable(table: ColumnTable, what = "table"): void {
  if (!table || typeof table !== "object" || !table.columns || typeof table.columns !== "object") {
    throw new TypeError(`${what}: expected { columns, nRows }, got ${String(table)}`);
  }
  if (!Number.isInteger(table.nRows) || table.nRows < 0) {
    throw new RangeError(`${what}: nRows must be a non-negative integer, got ${table.nRows}`);
  }
  for (const [name, col] of Object.entries(table.columns)) {
    if (!(col instanceof Float64Array) && !Array.isArray(col)) {
      throw new TypeError(`${what}: column '${name}' must be a Float64Array or an array of strings`);
    }
    if (col.length !== table.nRows) {
      throw new RangeError(`${what}: column '${name}' has ${col.length} entries, expected nRows = ${table.nRows}`);
    }
  }
}

/**
 * The chosen columns of `table`, restricted to `rows` (indices, in that order) when given; without `rows` the
 * columns are shared, not copied.
 * @throws RangeError naming the first column that `table` does not have (prefixed with `who`).
 * @example
 * selectTableRows({ nRows: 3, columns: { a: Float64Array.of(1, 2, 3) } }, ["a"], [2, 0]).columns.a; // Float64Array [3, 1]
 */
export function selectTableRows(table: ColumnTable, names: readonly string[], rows: ArrayLike<number> | null = null, who = "selectTableRows"): ColumnTable {
  const columns: ColumnTable["columns"] = {};
  for (const n of names) {
    const c = table.columns[n];
    if (c === undefined) throw new RangeError(`${who}: no column '${n}'`);
    columns[n] = !rows ? c : c instanceof Float64Array ? Float64Array.from(rows, (i) => c[i]) : Array.from(rows, (i) => c[i]);
  }
  return { nRows: rows ? rows.length : table.nRows, columns };
}
