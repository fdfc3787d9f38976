/** Options of {@link fillFromPreviousDays}. */
export interface GapFillOptions {
  /** How many previous days may give a value (AMSR2: 1, the paper's rule; ASCAT: 2). Default 1; 0 disables filling. */
  maxDaysBack?: number;
}

/** Result of {@link fillFromPreviousDays}. */
export interface GapFillResult {
  values: Float32Array;
  /** Cells filled in total. */
  filled: number;
  /** Cells filled from 1, 2, … days back (index 0 = previous day). */
  filledByLag: number[];
  /** Cells still NaN after filling. */
  remaining: number;
}

/**
 * The paper's gap filling: a NaN cell of `current` takes the value of the same cell on the most recent
 * previous day that has one, looking back at most `maxDaysBack` days. `previous[0]` is the day before,
 * `previous[1]` two days before, …; pass what you consider "the previous day's value" (the raw daily mean,
 * or the previous day's already filled layer for chained filling). Nothing is filled silently: the
 * numbers filled per lag are returned.
 *
 * @throws RangeError when `maxDaysBack` is not a non-negative integer or array lengths differ.
 * @example
 * fillFromPreviousDays(Float32Array.of(NaN, 0.2), [Float32Array.of(0.1, 0.3)], { maxDaysBack: 1 });
 * // values [0.1, 0.2], filled 1, filledByLag [1], remaining 0
 */
export function fillFromPreviousDays(current: Float32Array, previous: Array<Float32Array | null>, options: GapFillOptions = {}): GapFillResult {
  const maxDaysBack = options.maxDaysBack ?? 1;
  if (!Number.isInteger(maxDaysBack) || maxDaysBack < 0) throw new RangeError(`fillFromPreviousDays: options.maxDaysBack must be a non-negative integer, got ${maxDaysBack}`);
  for (const [k, p] of previous.entries()) {
    if (p && p.length !== current.length) throw new RangeError(`fillFromPreviousDays: previous[${k}] has ${p.length} cells, current has ${current.length}`);
  }
  const values = Float32Array.from(current);
  const filledByLag = new Array<number>(maxDaysBack).fill(0);
  let remaining = 0;
  const lags = Math.min(maxDaysBack, previous.length);
  for (let i = 0; i < values.length; i++) {
    if (values[i] === values[i]) continue;
    let done = false;
    for (let k = 0; k < lags; k++) {
      const p = previous[k];
      if (!p) continue;
      const x = p[i];
      if (x === x) { values[i] = x; filledByLag[k]++; done = true; break; }
    }
    if (!done) remaining++;
  }
  return { values, filled: filledByLag.reduce((a, b) => a + b, 0), filledByLag, remaining };
}
