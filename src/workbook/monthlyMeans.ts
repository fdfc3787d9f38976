/** Options of {@link monthlyMeans}. */
export interface MonthlyMeansOptions {
  /** ISO dates of the cube's days, in cube order (one per day). */
  dates: readonly string[];
  /** Pixels per day; `cube.length` must be `dates.length · pixels`. */
  pixels: number;
  /** Fewest valid days a pixel needs in a month to get a mean; otherwise NaN. Default 1. */
  minDays?: number;
}

/** Result of {@link monthlyMeans}. */
export interface MonthlyMeans {
  /** "YYYY-MM" of each month present in `dates`, in first-seen order. */
  months: string[];
  /** Per month: the mean of the valid (finite) daily values per pixel, NaN where fewer than `minDays`. */
  means: Float32Array[];
  /** Per month: the number of valid days per pixel. */
  validDays: Int32Array[];
  /** Per month: the number of days of the cube in that month. */
  days: number[];
}

/**
 * Monthly means of a day-major [day][pixel] cube (Figure 7: May–September 2015): for each calendar month of
 * `dates`, each pixel's mean over its finite values (NaN days — clouds — are skipped, not filled), NaN when
 * fewer than `minDays` are valid. Sums in float64.
 *
 * @param cube day-major values (day t, pixel i at `t · pixels + i`)
 * @param options `dates`, `pixels`, `minDays` (default 1)
 * @throws RangeError naming the option when `pixels` or `minDays` is not a positive integer, a date is not
 *   ISO "YYYY-MM-DD", or `cube.length` ≠ dates.length · pixels
 * @example
 * const m = monthlyMeans(new Float32Array([1, NaN, 3, 4, 10, 20]), { dates: ["2015-05-30", "2015-05-31", "2015-06-01"], pixels: 2 });
 * m.months;                 // ["2015-05", "2015-06"]
 * Array.from(m.means[0]);   // [2, 4]
 * Array.from(m.means[1]);   // [10, 20]
 */
export function monthlyMeans(cube: ArrayLike<number>, options: MonthlyMeansOptions): MonthlyMeans {
  const { pixels, minDays = 1 } = options ?? ({} as MonthlyMeansOptions);
  const dates = Array.from(options?.dates ?? []);
  if (!Number.isInteger(pixels) || pixels < 1) throw new RangeError(`monthlyMeans: options.pixels must be a positive integer, got ${pixels}`);
  if (!Number.isInteger(minDays) || minDays < 1) throw new RangeError(`monthlyMeans: options.minDays must be a positive integer, got ${minDays}`);
  if (!cube || cube.length !== dates.length * pixels) throw new RangeError(`monthlyMeans: cube has ${cube ? cube.length : 0} values, expected dates.length · pixels = ${dates.length * pixels}`);
  const months: string[] = [];
  const monthOf = dates.map((d, t) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new RangeError(`monthlyMeans: options.dates[${t}] must be an ISO date YYYY-MM-DD, got '${d}'`);
    const key = d.slice(0, 7);
    let k = months.indexOf(key);
    if (k < 0) { months.push(key); k = months.length - 1; }
    return k;
  });
  const sums = months.map(() => new Float64Array(pixels));
  const validDays = months.map(() => new Int32Array(pixels));
  const days = months.map(() => 0);
  for (let t = 0; t < dates.length; t++) {
    const k = monthOf[t];
    days[k]++;
    const s = sums[k], n = validDays[k];
    const base = t * pixels;
    for (let i = 0; i < pixels; i++) {
      const v = cube[base + i];
      if (v - v === 0) { s[i] += v; n[i]++; }
    }
  }
  const means = months.map((_, k) => {
    const out = new Float32Array(pixels);
    const s = sums[k], n = validDays[k];
    for (let i = 0; i < pixels; i++) out[i] = n[i] >= minDays ? s[i] / n[i] : NaN;
    return out;
  });
  return { months, means, validDays, days };
}
