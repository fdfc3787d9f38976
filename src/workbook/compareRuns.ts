import * as fs from "node:fs";
import * as path from "node:path";
import { parseCsv } from "./parseCsv";

/** How closely one table of two workbook runs must agree. */
export interface TableTolerance {
  /** Allowed |a − b| for every number in the table (cells, and numbers inside text cells). */
  abs: number;
  /** Allowed |a − b| / |b| on top of `abs`. Default 0. */
  rel?: number;
  /** Per-column tolerances, overriding `abs`/`rel` for those columns. */
  columns?: Record<string, { abs: number; rel?: number }>;
  /** Tolerances for the columns whose name matches a pattern (first match), after `columns`. */
  patterns?: ReadonlyArray<readonly [RegExp, { abs: number; rel?: number }]>;
  /** Tolerances for the rows whose first cell matches a pattern (first match), before the column rules. */
  rowPatterns?: ReadonlyArray<readonly [RegExp, { abs: number; rel?: number }]>;
  /** Per-row tolerances (keyed by the row's first cell, e.g. the variable), overriding the table's and the columns'. */
  rows?: Record<string, { abs: number; rel?: number }>;
  /** Columns not compared (e.g. the source's name, which differs by design). */
  ignore?: readonly string[];
  /** Rows whose first cell matches this are not compared (quantities that name the data's origin). */
  ignoreRows?: RegExp;
  /** Why this tolerance: which file formats and steps set it. */
  why: string;
}

/** The comparison of one table. */
export interface TableComparison {
  table: string;
  /** `ok`, `beyond tolerance`, `shape` (rows/columns/text differ), `missing` (in one run only) or `not compared` (`listedOnly`). */
  status: "ok" | "beyond tolerance" | "shape" | "missing" | "not compared";
  rows: number;
  /** Largest |a − b| per compared numeric column (NaN/empty on both sides count as equal). */
  maxAbs: Record<string, number>;
  /** The first problems found (at most 5), naming row, column and values. */
  problems: string[];
  tolerance: TableTolerance;
}

const NUMBER = /(?<![\w.])-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

/** A cell as its text with the numbers taken out, and the numbers. */
function split(cell: string): { skeleton: string; numbers: number[] } {
  const numbers: number[] = [];
  const skeleton = cell.replace(NUMBER, (m) => { numbers.push(Number(m)); return "#"; });
  return { skeleton, numbers };
}

const isMissing = (s: string) => s === "" || s === "NaN" || s === "null" || s === "undefined";

/**
 * Compares two CSV tables of the same name from two workbook runs: same header and row count; per cell, the same
 * text once its numbers are taken out, and each number within `abs + rel·|b|` of the other (empty and NaN equal
 * each other only). Rows are compared in order (the notebooks write them in a fixed order).
 *
 * @param a CSV text of the first run (e.g. the replica), `b` of the reference run (the twin)
 * @example compareTables("x\n1.004\n", "x\n1\n", "t", { abs: 0.005, why: "…" }).status // "ok"
 */
export function compareTables(a: string, b: string, table: string, tolerance: TableTolerance): TableComparison {
  const ra = parseCsv(a, { source: `${table} (first run)` }), rb = parseCsv(b, { source: `${table} (reference run)` });
  const out: TableComparison = { table, status: "ok", rows: Math.max(ra.length, rb.length) - 1, maxAbs: {}, problems: [], tolerance };
  const problem = (kind: "beyond tolerance" | "shape", text: string) => {
    if (kind === "shape" || out.status === "ok") out.status = kind;
    if (out.problems.length < 5) out.problems.push(text);
  };
  const header = rb[0] ?? [];
  if ((ra[0] ?? []).join(",") !== header.join(",")) { problem("shape", `header differs: ${JSON.stringify(ra[0])} vs ${JSON.stringify(header)}`); return out; }
  if (ra.length !== rb.length) problem("shape", `${ra.length - 1} rows vs ${rb.length - 1}`);
  const ignore = new Set(tolerance.ignore ?? []);
  for (let r = 1; r < Math.min(ra.length, rb.length); r++) {
    const label = rb[r][0];
    if (tolerance.ignoreRows && tolerance.ignoreRows.test(label)) continue;
    for (let c = 0; c < header.length; c++) {
      const col = header[c];
      if (ignore.has(col)) continue;
      const x = ra[r][c] ?? "", y = rb[r][c] ?? "";
      if (x === y) { if (!(col in out.maxAbs) && !isMissing(y) && split(y).numbers.length) out.maxAbs[col] = 0; continue; }
      if (isMissing(x) || isMissing(y)) { problem("shape", `row ${r} (${label}), ${col}: '${x}' vs '${y}'`); continue; }
      const sx = split(x), sy = split(y);
      if (sx.skeleton !== sy.skeleton || sx.numbers.length !== sy.numbers.length) { problem("shape", `row ${r} (${label}), ${col}: '${x}' vs '${y}'`); continue; }
      const tol = tolerance.rows?.[label] ?? tolerance.rowPatterns?.find(([re]) => re.test(label))?.[1] ?? tolerance.columns?.[col] ?? tolerance.patterns?.find(([re]) => re.test(col))?.[1] ?? tolerance;
      for (let k = 0; k < sx.numbers.length; k++) {
        const d = Math.abs(sx.numbers[k] - sy.numbers[k]);
        out.maxAbs[col] = Math.max(out.maxAbs[col] ?? 0, d);
        if (d > tol.abs + (tol.rel ?? 0) * Math.abs(sy.numbers[k])) problem("beyond tolerance", `row ${r} (${label}), ${col}: ${x} vs ${y} (|d| ${d.toPrecision(3)} > ${tol.abs}${tol.rel ? ` + ${tol.rel}·|b|` : ""})`);
      }
    }
  }
  return out;
}

/** Options of {@link compareRuns}. */
export interface CompareRunsOptions {
  /**
   * Compare only the tables that have a tolerance entry (the others are listed as `not compared`); default false:
   * every table, those without an entry must be equal.
   */
  listedOnly?: boolean;
}

/**
 * Compares every table (`tables/*.csv`) of two workbook output folders with the tolerances given per table name
 * (without `.csv`); a table without a tolerance entry must be equal (abs 0), or with `listedOnly` is not compared.
 * A tolerance key with a `/` names another CSV of the run folder (e.g. `work/samples_train`). A table in one run
 * only is `missing`.
 * @example compareRuns("outputs/replica", "outputs/twin", REPLICA_TOLERANCES).every((t) => t.status === "ok")
 * @throws Error naming the folder when it has no `tables/` folder.
 */
export function compareRuns(first: string, reference: string, tolerances: Record<string, TableTolerance>, options: CompareRunsOptions = {}): TableComparison[] {
  const list = (dir: string) => {
    const t = path.join(dir, "tables");
    if (!fs.existsSync(t)) throw new Error(`compareRuns: ${dir} has no tables/ folder (not a workbook output folder)`);
    const names = fs.readdirSync(t).filter((n) => n.endsWith(".csv")).map((n) => n.slice(0, -4));
    for (const k of Object.keys(tolerances)) if (k.includes("/") && fs.existsSync(path.join(dir, `${k}.csv`))) names.push(k);
    return names;
  };
  const a = new Set(list(first)), b = new Set(list(reference));
  const names = Array.from(new Set([...a, ...b, ...Object.keys(tolerances).filter((k) => k.includes("/"))])).sort();
  const exact: TableTolerance = { abs: 0, why: "no tolerance given: must be equal" };
  const file = (dir: string, name: string) => path.join(dir, name.includes("/") ? `${name}.csv` : path.join("tables", `${name}.csv`));
  const out: TableComparison[] = [];
  for (const name of names) {
    const tol = tolerances[name];
    if (!tol && options.listedOnly) { out.push({ table: name, status: "not compared", rows: 0, maxAbs: {}, problems: [], tolerance: exact }); continue; }
    const t = tol ?? exact;
    if (!a.has(name) || !b.has(name)) { out.push({ table: name, status: "missing", rows: 0, maxAbs: {}, problems: [`only in ${a.has(name) ? first : b.has(name) ? reference : "neither run"}`], tolerance: t }); continue; }
    out.push(compareTables(fs.readFileSync(file(first, name), "utf8"), fs.readFileSync(file(reference, name), "utf8"), name, t));
  }
  return out;
}
