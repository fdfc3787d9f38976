import { emptyCounts, type ProductLayer } from "./productLayer";
import type { Amsr2Pass } from "./amsr2";
import { fillFromPreviousDays } from "./gapFill";

/** Options of {@link amsr2Daily}. */
export interface Amsr2DailyOptions {
  /** Previous days allowed to fill a missing pixel (the paper: 1, "the previous day's value"); 0 = no filling. Default 1. */
  maxDaysBack?: number;
}

/**
 * The paper's AMSR2 daily value: the mean of the valid ascending and descending values of a day (one pass
 * alone when the other is missing), then each still-missing pixel takes the previous day's value
 * (`previous[0]`, the previous day's daily mean before filling; up to `maxDaysBack` days).
 *
 * Counts: `both`, `ascendingOnly`, `descendingOnly` (pixels by pass availability), `filled` (from earlier
 * days, with `filled1`, `filled2`, … per lag), `masked` (still NaN).
 * @throws Error `grid mismatch` naming the files when the passes or previous days lie on different grids,
 *   or when the passes are of different dates; RangeError when no pass is given or an option is bad.
 * @example
 * const day = amsr2Daily(asc, desc, [previousDayMean], { maxDaysBack: 1 });
 */
export function amsr2Daily(ascending: Amsr2Pass | null, descending: Amsr2Pass | null, previous: Array<ProductLayer | null> = [], options: Amsr2DailyOptions = {}): ProductLayer {
  const maxDaysBack = options.maxDaysBack ?? 1;
  if (!Number.isInteger(maxDaysBack) || maxDaysBack < 0) throw new RangeError(`amsr2Daily: options.maxDaysBack must be a non-negative integer, got ${maxDaysBack}`);
  const ref = ascending ?? descending;
  if (!ref) throw new RangeError("amsr2Daily: give at least one of the ascending and descending passes");
  if (ascending && ascending.direction !== "ascending") throw new Error(`amsr2Daily: ${ascending.sources.join(", ")} is a ${ascending.direction} pass, given as ascending`);
  if (descending && descending.direction !== "descending") throw new Error(`amsr2Daily: ${descending.sources.join(", ")} is a ${descending.direction} pass, given as descending`);
  for (const l of [ascending, descending, ...previous]) {
    if (l && !l.grid.equals(ref.grid)) throw new Error(`amsr2Daily: grid mismatch: ${l.sources.join(", ")} is on ${JSON.stringify(l.grid.toJSON())}, ${ref.sources.join(", ")} on ${JSON.stringify(ref.grid.toJSON())}`);
    if (l && l.units !== ref.units) throw new Error(`amsr2Daily: ${l.sources.join(", ")} is in "${l.units}", ${ref.sources.join(", ")} in "${ref.units}"`);
  }
  if (ascending && descending && ascending.date !== descending.date) {
    throw new Error(`amsr2Daily: the ascending pass (${ascending.date}, ${ascending.sources.join(", ")}) and the descending pass (${descending.date}, ${descending.sources.join(", ")}) are of different days`);
  }
  const n = ref.grid.size;
  const mean = new Float32Array(n);
  const counts = emptyCounts(n);
  counts.both = 0; counts.ascendingOnly = 0; counts.descendingOnly = 0;
  const a = ascending?.values, d = descending?.values;
  for (let i = 0; i < n; i++) {
    const x = a ? a[i] : NaN, y = d ? d[i] : NaN;
    const vx = x === x, vy = y === y;
    if (vx && vy) { mean[i] = (x + y) / 2; counts.both++; }
    else if (vx) { mean[i] = x; counts.ascendingOnly++; }
    else if (vy) { mean[i] = y; counts.descendingOnly++; }
    else mean[i] = NaN;
  }
  const fill = fillFromPreviousDays(mean, previous.map((p) => (p ? p.values : null)), { maxDaysBack });
  counts.filled = fill.filled;
  fill.filledByLag.forEach((v, k) => { counts[`filled${k + 1}`] = v; });
  counts.masked = fill.remaining;
  counts.valid = n - fill.remaining;
  const sources = [...(ascending?.sources ?? []), ...(descending?.sources ?? [])];
  return { variable: "amsr2_sm", grid: ref.grid, values: fill.values, date: ref.date, units: ref.units, counts, sources };
}
