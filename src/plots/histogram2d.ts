/** Options of {@link histogram2d}. */
export interface Histogram2dOptions {
  /** [min, max] of both axes (square bins). */
  range: [number, number];
  /** Bins per axis. Default 100. */
  bins?: number;
}

/** Counts of a 2-D histogram; `counts[j · bins + i]` is bin i along x and j along y (y upward). */
export interface Histogram2d {
  bins: number;
  /** Bin centres along each axis. */
  centers: Float64Array;
  counts: Int32Array;
  /** Pairs counted (both finite and inside the range). */
  counted: number;
  /** Finite pairs outside the range (not counted). */
  outside: number;
}

/**
 * Square-binned 2-D histogram of (x, y) pairs (the density colouring of the Figure 4 scatterplots).
 * A value equal to the upper edge falls in the last bin. Non-finite pairs are skipped.
 *
 * @param x x values (e.g. GLDAS)
 * @param y y values (e.g. the prediction), same length
 * @param options `range` (required), `bins` (100)
 * @throws RangeError when the lengths differ, the range is empty or bins < 1
 * @example
 * histogram2d([0.1, 0.1, 0.3], [0.1, 0.12, 0.3], { range: [0, 0.4], bins: 4 }).counts[1 * 4 + 1]; // 2
 */
export function histogram2d(x: ArrayLike<number>, y: ArrayLike<number>, options: Histogram2dOptions): Histogram2d {
  const bins = options.bins ?? 100;
  const [lo, hi] = options.range ?? [NaN, NaN];
  if (!(hi > lo)) throw new RangeError(`histogram2d: range must be [min, max] with max > min, got ${JSON.stringify(options.range)}`);
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`histogram2d: bins must be a positive integer, got ${bins}`);
  if (x.length !== y.length) throw new RangeError(`histogram2d: x and y must have the same length, got ${x.length} and ${y.length}`);
  const w = (hi - lo) / bins;
  const counts = new Int32Array(bins * bins);
  let counted = 0;
  let outside = 0;
  for (let k = 0; k < x.length; k++) {
    const a = x[k];
    const b = y[k];
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    if (a < lo || a > hi || b < lo || b > hi) { outside++; continue; }
    const i = Math.min(bins - 1, Math.floor((a - lo) / w));
    const j = Math.min(bins - 1, Math.floor((b - lo) / w));
    counts[j * bins + i]++;
    counted++;
  }
  const centers = new Float64Array(bins);
  for (let i = 0; i < bins; i++) centers[i] = lo + (i + 0.5) * w;
  return { bins, centers, counts, counted, outside };
}
