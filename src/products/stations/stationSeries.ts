/** Layouts of ISMN `.stm` files (plus the project's station CSV). */
export type StationLayout = "header_values" | "ceop_sep" | "ceop" | "csv";

/** Counts of a station reader: `total` rows, `valid` kept, `masked` (missing value or rejected flag) with details. */
export interface StationCounts {
  total: number;
  valid: number;
  masked: number;
  filled: number;
  dropped: number;
  /** Rows whose value was the missing code (−9999, −999.99, NaN, empty). */
  missingValue: number;
  /** Rows masked because their quality flag is not in `keepFlags`. */
  rejectedFlag: number;
  [detail: string]: number;
}

/** One sensor's series at one station (one variable, one depth). */
export interface StationSeries {
  network: string;
  station: string;
  lat: number;
  lon: number;
  /** Elevation in m, NaN when unknown (ISMN writes −99.90). */
  elevation: number;
  /** Sensor depth range in m (equal for a point sensor). */
  depthFrom: number;
  depthTo: number;
  sensor: string;
  /** `soil_moisture`, `soil_temperature`, `precipitation`, … */
  variable: string;
  /** Units of `values` (`m3 m-3` for soil moisture, `degC`, `mm`). */
  units: string;
  /** Observation times, ms since 1970 UTC. */
  timeMs: Float64Array;
  /** Values, NaN where missing or rejected by the flag filter. */
  values: Float32Array;
  /** Quality flag of each row as written (`G`, `D03,D05`, `U`, …). */
  flags: string[];
  counts: StationCounts;
  /** Per-flag row counts (`G`, `U`, `D03,D05`, …). */
  flagCounts: Record<string, number>;
  layout: StationLayout;
  source: string;
}

/** Default quality flags kept (ISMN 'G' = good). */
export const DEFAULT_KEEP_FLAGS: readonly string[] = ["G"];

/** True when every flag of a comma list (`D03,D05`) is in `keep`. */
export function flagKept(flag: string, keep: ReadonlySet<string>): boolean {
  if (keep.has("*")) return true;
  if (keep.has(flag)) return true;
  const parts = flag.split(",").map((s) => s.trim()).filter(Boolean);
  return parts.length > 0 && parts.every((p) => keep.has(p));
}

/** Result of {@link stationDailyMeans}. */
export interface StationDaily {
  /** UTC days `YYYY-MM-DD`, consecutive from the first to the last observation. */
  dates: string[];
  /** Daily means, NaN for days with fewer than `minValues` valid values. */
  values: Float32Array;
  /** Valid values averaged per day. */
  n: Uint16Array;
  /** Days left NaN because they had some but fewer than `minValues` values. */
  tooFew: number;
}

/**
 * Daily means of a station series by UTC day (the paper: the daily mean of hourly readings), with an
 * optional offset in hours to average local days instead (e.g. +9 for Korea Standard Time).
 * @throws RangeError for a bad `minValues` or `utcOffsetHours`.
 * @example
 * stationDailyMeans(series, { minValues: 12 }).values; // one value per day, NaN where < 12 hourly values
 */
export function stationDailyMeans(series: Pick<StationSeries, "timeMs" | "values">, options: { minValues?: number; utcOffsetHours?: number } = {}): StationDaily {
  const minValues = options.minValues ?? 1;
  const off = options.utcOffsetHours ?? 0;
  if (!Number.isInteger(minValues) || minValues < 1) throw new RangeError(`stationDailyMeans: options.minValues must be a positive integer, got ${minValues}`);
  if (!Number.isFinite(off) || Math.abs(off) > 14) throw new RangeError(`stationDailyMeans: options.utcOffsetHours must be within ±14, got ${off}`);
  const { timeMs, values } = series;
  if (timeMs.length === 0) return { dates: [], values: new Float32Array(0), n: new Uint16Array(0), tooFew: 0 };
  let first = Infinity, last = -Infinity;
  for (let i = 0; i < timeMs.length; i++) { const t = timeMs[i] + off * 3600000; if (t < first) first = t; if (t > last) last = t; }
  const d0 = Math.floor(first / 86400000), d1 = Math.floor(last / 86400000);
  const nd = d1 - d0 + 1;
  const sum = new Float64Array(nd), n = new Uint16Array(nd);
  for (let i = 0; i < timeMs.length; i++) {
    const x = values[i];
    if (x !== x) continue;
    const k = Math.floor((timeMs[i] + off * 3600000) / 86400000) - d0;
    sum[k] += x; n[k]++;
  }
  const out = new Float32Array(nd);
  const dates: string[] = [];
  let tooFew = 0;
  for (let k = 0; k < nd; k++) {
    dates.push(new Date((d0 + k) * 86400000).toISOString().slice(0, 10));
    if (n[k] >= minValues) out[k] = sum[k] / n[k];
    else { out[k] = NaN; if (n[k] > 0) tooFew++; }
  }
  return { dates, values: out, n, tooFew };
}
