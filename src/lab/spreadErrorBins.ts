/** Options of {@link spreadErrorBins}. */
export interface SpreadErrorBinsOptions {
  /** Number of equal-count bins of the spread (10 = deciles), integer 1–100. Default 10. */
  bins?: number;
}

/** One spread bin of {@link spreadErrorBins}. */
export interface SpreadErrorBin {
  /** Bin number, 1 = smallest spreads. */
  bin: number;
  /** Pairs in the bin. */
  n: number;
  /** Smallest / largest / mean spread in the bin (units of the spread, e.g. m³ m⁻³). */
  spreadMin: number;
  spreadMax: number;
  spreadMean: number;
  /** Mean and root-mean-square of the error's magnitude in the bin. */
  meanAbsError: number;
  rmsError: number;
}

/** Result of {@link spreadErrorBins}. */
export interface SpreadErrorBins {
  bins: SpreadErrorBin[];
  /** Pearson r between spread and |error| over all pairs used. */
  pearson: number;
  /** Spearman rank correlation (average ranks for ties) between spread and |error|. */
  spearman: number;
  /** Pairs used (both finite); pairs dropped (either not finite). */
  n: number;
  dropped: number;
}

/** Indices of x in ascending order of x, ties by index. */
function sortedOrder(x: Float64Array): Uint32Array {
  const order = new Uint32Array(x.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => x[a] - x[b] || a - b);
}

function pearsonOf(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let sx = 0, sy = 0;
  for (let i = 0; i < n; i++) { sx += x[i]; sy += y[i]; }
  const mx = sx / n, my = sy / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { const a = x[i] - mx, b = y[i] - my; sxy += a * b; sxx += a * a; syy += b * b; }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
}

/** Ranks 1..n, ties given their average rank; `order` (ascending x) is computed when not given. */
function ranks(x: Float64Array, order?: Uint32Array): Float64Array {
  const n = x.length;
  if (!order) order = sortedOrder(x);
  const r = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && x[order[j + 1]] === x[order[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[order[k]] = avg;
    i = j + 1;
  }
  return r;
}

/**
 * How well an uncertainty estimate (e.g. a committee's spread per pixel-day) tracks the actual error (e.g. the
 * product minus the 1 km truth): the pairs sorted by spread are cut into `bins` equal-count bins (bin k holds
 * sorted positions ⌊k·n/B⌋ … ⌊(k+1)·n/B⌋ − 1, ties broken by position), and per bin the mean spread, the mean
 * |error| and the RMS error are given; plus Pearson and Spearman r between spread and |error| over all pairs.
 * A useful spread has a mean |error| rising with the bin.
 *
 * @param spread uncertainty per case (NaN = none)
 * @param error signed or absolute error per case (its magnitude is used; NaN = none)
 * @param options `bins` (default 10)
 * @throws RangeError naming the option for bins outside 1–100, when the arrays differ in length, or when fewer
 *   finite pairs than bins remain
 * @example
 * const s = spreadErrorBins(spread.std, errors, { bins: 10 });
 * s.bins.map((b) => b.meanAbsError); // rising when the spread is informative
 * s.spearman;
 */
export function spreadErrorBins(spread: ArrayLike<number>, error: ArrayLike<number>, options: SpreadErrorBinsOptions = {}): SpreadErrorBins {
  const B = options.bins ?? 10;
  if (!Number.isInteger(B) || B < 1 || B > 100) throw new RangeError(`spreadErrorBins: options.bins must be an integer in 1..100, got ${B}`);
  if (spread.length !== error.length) throw new RangeError(`spreadErrorBins: spread (${spread.length}) and error (${error.length}) must have the same length`);
  let n = 0;
  for (let i = 0; i < spread.length; i++) if (Number.isFinite(spread[i]) && Number.isFinite(error[i])) n++;
  if (n < B) throw new RangeError(`spreadErrorBins: needs at least options.bins = ${B} finite pairs, got ${n}`);
  const x = new Float64Array(n), y = new Float64Array(n);
  for (let i = 0, j = 0; i < spread.length; i++) {
    const s = spread[i], e = error[i];
    if (Number.isFinite(s) && Number.isFinite(e)) { x[j] = s; y[j] = Math.abs(e); j++; }
  }
  const order = sortedOrder(x);
  const bins: SpreadErrorBin[] = [];
  for (let k = 0; k < B; k++) {
    const lo = Math.floor((k * n) / B), hi = Math.floor(((k + 1) * n) / B);
    let ss = 0, sa = 0, sq = 0, mn = Infinity, mx = -Infinity;
    for (let j = lo; j < hi; j++) {
      const i = order[j];
      ss += x[i]; sa += y[i]; sq += y[i] * y[i];
      if (x[i] < mn) mn = x[i];
      if (x[i] > mx) mx = x[i];
    }
    const m = hi - lo;
    bins.push({ bin: k + 1, n: m, spreadMin: mn, spreadMax: mx, spreadMean: ss / m, meanAbsError: sa / m, rmsError: Math.sqrt(sq / m) });
  }
  return { bins, pearson: pearsonOf(x, y), spearman: pearsonOf(ranks(x, order), ranks(y)), n, dropped: spread.length - n };
}
