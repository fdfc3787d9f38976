import { compareSeries, type SeriesComparison } from "../metrics/compareSeries";

/** One station's daily series over the evaluation days (all arrays aligned with `dates`; NaN = missing). */
export interface StationDailySeries {
  /** Panel letter of the paper's Table 2 (a–n). */
  id: string;
  name: string;
  /** ISO dates. */
  dates: string[];
  /** In situ soil moisture at 10 cm (daily mean), m³ m⁻³. */
  insitu: Float64Array;
  /** GLDAS 0–10 cm soil moisture of the 0.25° cell containing the station, m³ m⁻³. */
  gldas: Float64Array;
  /** The downscaled 1 km value at the station's pixel, m³ m⁻³ (NaN where a predictor is missing: clouds). */
  downscaled: Float64Array;
  /** The twin's 1 km soil-moisture truth at the station's pixel, m³ m⁻³ (all NaN on real data). */
  truth: Float64Array;
  /** Daily precipitation at the station, mm. */
  precip: Float64Array;
}

/** Per-station metrics (one row of the station table). Units m³ m⁻³ for RMSD and bias. */
export interface StationComparisonRow {
  id: string;
  name: string;
  /** Downscaled vs in situ (the paper's Figure 6): jointly valid days, OLS slope of downscaled on in situ, RMSD, r, p, bias. */
  n: number;
  slope: number;
  rmsd: number;
  r: number;
  p: number;
  bias: number;
  /** GLDAS vs in situ, same metrics (context: what the 0.25° product already gives at the station). */
  gldasN: number;
  gldasSlope: number;
  gldasRmsd: number;
  gldasR: number;
  /** Downscaled vs the 1 km truth at the station's pixel (twin only; NaN without truth). */
  truthN: number;
  truthSlope: number;
  truthRmsd: number;
  truthR: number;
}

/** Means over the stations (stations whose metric is NaN are left out of that mean). */
export interface StationComparisonMean {
  slope: number;
  rmsd: number;
  r: number;
  gldasSlope: number;
  gldasRmsd: number;
  gldasR: number;
  truthSlope: number;
  truthRmsd: number;
  truthR: number;
}

/** Result of {@link stationComparison}. */
export interface StationComparison {
  rows: StationComparisonRow[];
  mean: StationComparisonMean;
  /** Stations whose downscaled-vs-in-situ r is significant (p < alpha). */
  significant: number;
  /** Stations with at least `minPairs` downscaled/in-situ pairs. */
  evaluated: number;
  /** The full metric objects (downscaled vs in situ), one per station, for plots. */
  metrics: SeriesComparison[];
}

/** Options of {@link stationComparison}. */
export interface StationComparisonOptions {
  /** Minimum jointly valid days per station and comparison (fewer: NaN metrics). Default 3. */
  minPairs?: number;
  /** Significance level counted in `significant`. Default 0.01 (the paper's Figure 6: p < 0.01). */
  alpha?: number;
}

/**
 * The paper's station evaluation (Figure 6 and its text): per station, the downscaled 1 km value against the
 * in situ series — slope (OLS of downscaled on in situ), RMSD (= RMSE), Pearson r and its two-sided t-test
 * p-value (n − 2 df), bias — on the days both exist (cloud gaps drop out), then the plain mean over the
 * stations, as the paper averages them (0.987 / 0.041 / 0.53). Also GLDAS against in situ and, on the twin,
 * the downscaled value against the 1 km truth at the station pixel, with the same metrics.
 * Formulas: {@link compareSeries} (docs/paper.md §13).
 *
 * @param stations the stations' daily series (e.g. from `collectStationSeries`)
 * @param options `minPairs` (default 3), `alpha` (default 0.01)
 * @throws RangeError when `stations` is empty, a series' length differs from its dates, or an option is out of range
 * @example
 * const cmp = stationComparison(series, {});
 * cmp.mean.r;      // mean r over the stations
 * cmp.rows[0].rmsd; // RMSD of the first station, m³ m⁻³
 */
export function stationComparison(stations: readonly StationDailySeries[], options: StationComparisonOptions = {}): StationComparison {
  const minPairs = options.minPairs ?? 3;
  const alpha = options.alpha ?? 0.01;
  if (!Number.isInteger(minPairs) || minPairs < 3) throw new RangeError(`stationComparison: minPairs must be an integer >= 3, got ${minPairs}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`stationComparison: alpha must be in (0, 1), got ${alpha}`);
  if (!Array.isArray(stations) || stations.length === 0) throw new RangeError("stationComparison: stations must be a non-empty array");
  stations.forEach((s, k) => {
    for (const key of ["insitu", "gldas", "downscaled", "truth", "precip"] as const) {
      if (s[key].length !== s.dates.length) throw new RangeError(`stationComparison: station ${k} (${s.name}) has ${s[key].length} ${key} values for ${s.dates.length} dates`);
    }
  });
  const opts = { minPairs };
  const rows: StationComparisonRow[] = [];
  const metrics: SeriesComparison[] = [];
  let significant = 0, evaluated = 0;
  for (const s of stations) {
    const d = compareSeries(s.downscaled, s.insitu, opts);
    const g = compareSeries(s.gldas, s.insitu, opts);
    const t = compareSeries(s.downscaled, s.truth, opts);
    metrics.push(d);
    if (d.status !== "too_few_pairs") evaluated++;
    if (d.pValue < alpha) significant++;
    rows.push({
      id: s.id, name: s.name, n: d.n, slope: d.slope, rmsd: d.rmse, r: d.r, p: d.pValue, bias: d.bias,
      gldasN: g.n, gldasSlope: g.slope, gldasRmsd: g.rmse, gldasR: g.r,
      truthN: t.n, truthSlope: t.slope, truthRmsd: t.rmse, truthR: t.r,
    });
  }
  const avg = (key: keyof StationComparisonRow) => {
    let sum = 0, n = 0;
    for (const row of rows) {
      const v = row[key] as number;
      if (Number.isFinite(v)) { sum += v; n++; }
    }
    return n > 0 ? sum / n : NaN;
  };
  const mean: StationComparisonMean = {
    slope: avg("slope"), rmsd: avg("rmsd"), r: avg("r"),
    gldasSlope: avg("gldasSlope"), gldasRmsd: avg("gldasRmsd"), gldasR: avg("gldasR"),
    truthSlope: avg("truthSlope"), truthRmsd: avg("truthRmsd"), truthR: avg("truthR"),
  };
  return { rows, mean, significant, evaluated, metrics };
}
