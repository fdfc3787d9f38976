import type { ColumnTable } from "./table";

/** Options of {@link discreteValueLists}. */
export interface DiscreteValueListsOptions {
  /** Columns to skip (e.g. the target). Default none. */
  exclude?: string[];
}

function byteCompare(a: string, b: string): number {
  const ba = Buffer.from(a, "utf8"), bb = Buffer.from(b, "utf8");
  return Buffer.compare(ba, bb);
}

/**
 * The value list of every discrete (string) column over one or more tables: the union of the
 * non-missing values in C-locale (byte-wise UTF-8) order — the convention of the reference
 * Cubist runs (`reference/README.md`), which fixes value numbers and hence tie-breaks, printed
 * subset order and the neighbour distance 2/k. Pass the result as `discreteValues` when reading a
 * `.model` file.
 *
 * @example
 * discreteValueLists([{ nRows: 2, columns: { lc: ["b", "a"] } }]); // { lc: ["a", "b"] }
 * @throws TypeError when `tables` is not a non-empty array.
 */
export function discreteValueLists(tables: ColumnTable[], options: DiscreteValueListsOptions = {}): Record<string, string[]> {
  if (!Array.isArray(tables) || tables.length === 0) throw new TypeError("discreteValueLists: tables must be a non-empty array of ColumnTable");
  const exclude = new Set(options.exclude ?? []);
  const sets = new Map<string, Set<string>>();
  for (const t of tables) {
    for (const [name, col] of Object.entries(t.columns)) {
      if (exclude.has(name) || col instanceof Float64Array) continue;
      let s = sets.get(name);
      if (!s) { s = new Set(); sets.set(name, s); }
      for (const v of col) if (v !== null) s.add(v);
    }
  }
  const out: Record<string, string[]> = {};
  for (const [name, s] of sets) out[name] = Array.from(s).sort(byteCompare);
  return out;
}
