import type { CubistModel, DiscreteAttribute } from "./model";
import type { ColumnTable } from "./table";

/**
 * What to do with a discrete value the model does not know (not in `attribute.values`):
 * "error" throws; "nan" gives the row a NaN prediction; "missing" replaces it by the mode;
 * "nomatch" keeps it as a value of its own that satisfies no condition on the attribute (what
 * RuleQuest Cubist does with a value declared in its .names file but absent from training).
 * All but "error" count the values.
 */
export type UnseenDiscretePolicy = "error" | "nan" | "missing" | "nomatch";

/**
 * The model's predictor columns of a table, resolved once before prediction: continuous values
 * as float32 with missing replaced by the attribute mean, discrete values as value codes with
 * missing replaced by the mode. Unseen discrete values get code -1 (policy "nan"), the mode
 * (policy "missing") or a code of their own (policy "nomatch"). One typed array per attribute;
 * no per-row objects.
 */
export interface CaseColumns {
  nRows: number;
  /** Per model attribute (same order as model.attributes): Float32Array or Int32Array codes. */
  columns: (Float32Array | Int32Array)[];
  /** Per discrete attribute name: the value list extended by values found here (models with incomplete lists). */
  valueLists: Record<string, string[]>;
  /** Missing cells replaced by the mean / mode, per attribute name. */
  missingReplaced: Record<string, number>;
  /** Unseen discrete values per attribute name (policies "nan" and "missing"). */
  unseenCounts: Record<string, number>;
  /** Rows with at least one unseen discrete value (policy "nan": their prediction is NaN). */
  unseenRows: Uint8Array | null;
  /**
   * Continuous columns left as the table's float64 values (resolveCaseColumns with
   * `deferContinuous`), per model attribute: converted block by block by {@link caseBlock}, so a
   * prediction over tens of millions of rows makes no float32 copy of the table. Their entries in
   * `columns` are then empty. Null when nothing is deferred.
   */
  deferred: (DeferredColumn | null)[] | null;
}

/** A continuous column converted on demand: float32 of the value, NaN (missing) → the mean. */
export interface DeferredColumn {
  source: Float64Array;
  /** The attribute's training mean as float32. */
  mean: number;
}

const EMPTY = new Float32Array(0);

/** Number of NaN entries. */
function countNaN(col: Float64Array): number {
  let k = 0;
  for (let i = 0; i < col.length; i++) if (col[i] !== col[i]) k++;
  return k;
}

/** out[k] = float32(src[start + k]) for k < len, NaN (missing) → mean (whole columns and prediction blocks). */
function convertBlock(src: Float64Array, mean: number, start: number, len: number, out: Float32Array): void {
  for (let k = 0; k < len; k++) {
    const v = src[start + k];
    out[k] = v !== v ? mean : v;
  }
}

/**
 * The columns of rows start .. start + len − 1, indexed from 0: views of the resolved columns, and
 * deferred continuous columns converted into `buffers[a]` (reused between blocks; at least len long).
 */
export function caseBlock(cases: CaseColumns, start: number, len: number, buffers: Float32Array[]): (Float32Array | Int32Array)[] {
  const out: (Float32Array | Int32Array)[] = [];
  for (let a = 0; a < cases.columns.length; a++) {
    const d = cases.deferred ? cases.deferred[a] : null;
    if (d) {
      convertBlock(d.source, d.mean, start, len, buffers[a]);
      out.push(buffers[a]);
    } else {
      out.push(cases.columns[a].subarray(start, start + len));
    }
  }
  return out;
}

/**
 * Resolves a table's columns against a model (see {@link CaseColumns}); with `deferContinuous`,
 * continuous columns are only checked and counted here and converted by {@link caseBlock}.
 * @throws Error naming the column when a model attribute is absent from the table.
 * @throws TypeError when a continuous attribute's column holds strings.
 * @throws Error naming the column, the value and the count for unseen discrete values (policy "error").
 */
export function resolveCaseColumns(
  model: CubistModel, table: ColumnTable, policy: UnseenDiscretePolicy, what = "table",
  baseLists?: Record<string, string[]>, deferContinuous = false,
): CaseColumns {
  const deferred: (DeferredColumn | null)[] | null = deferContinuous ? [] : null;
  const n = table.nRows;
  const columns: (Float32Array | Int32Array)[] = [];
  const valueLists: Record<string, string[]> = {};
  const missingReplaced: Record<string, number> = {};
  const unseenCounts: Record<string, number> = {};
  let unseenRows: Uint8Array | null = null;
  for (const a of model.attributes) {
    const col = table.columns[a.name];
    if (col === undefined) {
      throw new Error(`${what}: column '${a.name}' (a predictor of the model) is absent; columns present: ${Object.keys(table.columns).join(", ")}`);
    }
    if (col.length !== n) throw new RangeError(`${what}: column '${a.name}' has ${col.length} entries, expected nRows = ${n}`);
    let missing = 0;
    if (a.kind === "continuous") {
      if (!(col instanceof Float64Array)) {
        throw new TypeError(`${what}: column '${a.name}' must be numeric (Float64Array) for the continuous attribute '${a.name}', got strings`);
      }
      missing = countNaN(col);
      if (deferred) {
        deferred.push({ source: col, mean: Math.fround(a.mean) });
        columns.push(EMPTY);
      } else {
        const out = new Float32Array(n);
        convertBlock(col, Math.fround(a.mean), 0, n, out);
        columns.push(out);
      }
    } else {
      const d = a as DiscreteAttribute;
      const list = (baseLists?.[a.name] ?? d.values).slice();
      const codeOf = new Map<string, number>();
      list.forEach((v, i) => codeOf.set(v, i));
      let modeCode = codeOf.get(d.mode);
      if (modeCode === undefined) { modeCode = list.length; list.push(d.mode); codeOf.set(d.mode, modeCode); }
      const out = new Int32Array(n);
      let unseen = 0;
      let firstUnseen: string | null = null;
      for (let i = 0; i < n; i++) {
        const raw = col[i];
        let v: string | null;
        if (typeof raw === "number") v = raw !== raw ? null : String(raw);
        else v = raw;
        if (v === null) { out[i] = modeCode; missing++; continue; }
        let c = codeOf.get(v);
        if (c === undefined) {
          if (!d.valuesComplete) {
            c = list.length; list.push(v); codeOf.set(v, c);
          } else {
            unseen++;
            if (firstUnseen === null) firstUnseen = v;
            if (policy === "missing") c = modeCode;
            else if (policy === "nomatch") { c = list.length; list.push(v); codeOf.set(v, c); }
            else {
              c = -1;
              if (!unseenRows) unseenRows = new Uint8Array(n);
              unseenRows[i] = 1;
            }
          }
        }
        out[i] = c;
      }
      if (unseen > 0) {
        if (policy === "error") {
          throw new Error(`${what}: column '${a.name}' has ${unseen} value(s) unseen in training (first: '${firstUnseen}'); known values: ${d.values.join(", ")}. Use unseenDiscrete "nan", "missing" or "nomatch" to predict anyway`);
        }
        unseenCounts[a.name] = unseen;
      }
      valueLists[a.name] = list;
      columns.push(out);
      if (deferred) deferred.push(null);
    }
    missingReplaced[a.name] = missing;
  }
  return { nRows: n, columns, valueLists, missingReplaced, unseenCounts, unseenRows, deferred };
}
