/**
 * The sample table: one row per (point, day), stored as columns. Rows are in day-major order
 * (all points of the first day, then the next day, …) as built by {@link SampleTableBuilder}.
 */
export interface SampleTable {
  /** Number of rows. */
  n: number;
  /** Index of the point (0 … points − 1) in the point list the table was built from. */
  pointId: Int32Array;
  /** Grid-cell index of the point. */
  cell: Int32Array;
  /** Index of the day in the table's `dates`. */
  dayIndex: Int32Array;
  /** The distinct ISO dates (`YYYY-MM-DD`), in the order added; a row's date is `dates[dayIndex[row]]`. */
  dates: string[];
  /** One Float32Array of n values per variable (NaN = missing), in the units of the layers. */
  columns: Record<string, Float32Array>;
}

/**
 * The date of every row (`dates[dayIndex[i]]`), as a plain array (for tables and CSV).
 *
 * @param table a sample table
 * @param options `{}` (reserved)
 * @example
 * rowDates(table, {})[0]; // "2013-01-01"
 */
export function rowDates(table: SampleTable, options: Record<string, never> = {}): string[] {
  void options;
  const out = new Array<string>(table.n);
  for (let i = 0; i < table.n; i++) out[i] = table.dates[table.dayIndex[i]];
  return out;
}

/**
 * A new table with the given rows (indices, in the given order) — used by the filters and splits.
 * Unused dates are kept in `dates` so day indices stay comparable across derived tables.
 *
 * @param table source table
 * @param rows row indices (Int32Array or number array)
 * @param options `{}` (reserved)
 * @throws RangeError when a row index is out of range
 * @example
 * takeRows(table, [0, 5, 9], {}).n; // 3
 */
export function takeRows(table: SampleTable, rows: ArrayLike<number>, options: Record<string, never> = {}): SampleTable {
  void options;
  const m = rows.length;
  const pointId = new Int32Array(m);
  const cell = new Int32Array(m);
  const dayIndex = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const i = rows[k];
    if (!(i >= 0 && i < table.n) || !Number.isInteger(i)) throw new RangeError(`takeRows: row ${i} is outside 0…${table.n - 1}`);
    pointId[k] = table.pointId[i];
    cell[k] = table.cell[i];
    dayIndex[k] = table.dayIndex[i];
  }
  const columns: Record<string, Float32Array> = {};
  for (const [name, col] of Object.entries(table.columns)) {
    const out = new Float32Array(m);
    for (let k = 0; k < m; k++) out[k] = col[rows[k]];
    columns[name] = out;
  }
  return { n: m, pointId, cell, dayIndex, dates: table.dates.slice(), columns };
}
