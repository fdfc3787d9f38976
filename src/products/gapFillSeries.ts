import { dayStartMs, type ProductLayer } from "./productLayer";
import { fillFromPreviousDays } from "./gapFill";

/** Options of {@link gapFillSeries}. */
export interface GapFillSeriesOptions {
  /** Previous days that may give a value (AMSR2 1, ASCAT 2). Default 1. */
  maxDaysBack?: number;
  /** Fill from the previous days' already filled layers (a value can then travel further back than maxDaysBack); default false = raw daily means only. */
  chained?: boolean;
}

/**
 * Gap filling over a run of consecutive daily layers (the paper's rule for AMSR2, 1 day, and ASCAT, 2
 * days): each NaN cell of day d takes the value of the most recent of days d−1 … d−maxDaysBack that has one.
 * The first days of the run have fewer previous days. Returns new layers with `filled`, `filled1`, … and
 * `masked` counts updated; the input layers are not modified.
 *
 * @throws RangeError when dates are missing, not consecutive, or an option is bad; Error `grid mismatch`
 *   naming the sources when the layers' grids differ.
 * @example
 * const filled = gapFillSeries([d25, d26, d27, d28], { maxDaysBack: 2 });
 */
export function gapFillSeries(days: readonly ProductLayer[], options: GapFillSeriesOptions = {}): ProductLayer[] {
  const maxDaysBack = options.maxDaysBack ?? 1;
  const chained = options.chained ?? false;
  if (!Number.isInteger(maxDaysBack) || maxDaysBack < 0) throw new RangeError(`gapFillSeries: options.maxDaysBack must be a non-negative integer, got ${maxDaysBack}`);
  if (typeof chained !== "boolean") throw new TypeError(`gapFillSeries: options.chained must be a boolean, got ${JSON.stringify(chained)}`);
  days.forEach((d, k) => {
    if (d.date === null) throw new RangeError(`gapFillSeries: layer ${k} (${d.sources.join(", ")}) has no date`);
    if (k > 0) {
      const prev = days[k - 1];
      if (dayStartMs(d.date, `gapFillSeries: layer ${k} date`) - dayStartMs(prev.date as string) !== 86400000) {
        throw new RangeError(`gapFillSeries: layers must be consecutive days, got ${prev.date} then ${d.date}`);
      }
      if (!d.grid.equals(days[0].grid)) throw new Error(`gapFillSeries: grid mismatch: ${d.sources.join(", ")} is on ${JSON.stringify(d.grid.toJSON())}, ${days[0].sources.join(", ")} on ${JSON.stringify(days[0].grid.toJSON())}`);
    }
  });
  const out: ProductLayer[] = [];
  for (let k = 0; k < days.length; k++) {
    const source = chained ? out : days;
    const previous: Float32Array[] = [];
    for (let j = 1; j <= maxDaysBack && k - j >= 0; j++) previous.push(source[k - j].values);
    const r = fillFromPreviousDays(days[k].values, previous, { maxDaysBack });
    const counts: ProductLayer["counts"] = { ...days[k].counts, filled: days[k].counts.filled + r.filled, masked: r.remaining, valid: days[k].values.length - r.remaining };
    r.filledByLag.forEach((v, i) => { counts[`filled${i + 1}`] = v; });
    out.push({ ...days[k], values: r.values, counts });
  }
  return out;
}
