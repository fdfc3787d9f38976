import type { LatLonGrid } from "../grid/latLonGrid";
import { dayStartMs, emptyCounts, type ProductLayer } from "./productLayer";
import { fillFromPreviousDays } from "./gapFill";

/** Point observations to grid: a swath, or one location series of a CDR cell. */
export interface AscatPoints {
  /** One entry per observation, or a single value for a fixed location (CDR series). */
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  timeMs: ArrayLike<number>;
  values: ArrayLike<number>;
  units: string;
  /** File(s) the points came from. */
  source: string;
}

/** Options of {@link ascatDailyGrid}. */
export interface AscatDailyOptions {
  /** Target grid (the study's 0.25° grid). */
  grid: LatLonGrid;
  /** UTC day `YYYY-MM-DD`. */
  date: string;
}

/**
 * The paper's ASCAT daily value: the mean of all observations (all swaths, ascending and descending) of a
 * UTC day whose location falls in each grid cell. Counts: `observations` used, `otherDay` and `outsideGrid`
 * observations (dropped), `masked` cells without any observation.
 *
 * @throws RangeError for a malformed date or missing grid; Error when the inputs mix units.
 * @example
 * const day = ascatDailyGrid([swathPoints], { grid: new LatLonGrid({ west: -180, north: 90, cellSize: 0.25, width: 1440, height: 720 }), date: "2017-02-20" });
 */
export function ascatDailyGrid(inputs: AscatPoints[], options: AscatDailyOptions): ProductLayer {
  if (!options || !options.grid || typeof options.grid.indexOf !== "function") throw new RangeError("ascatDailyGrid: options.grid must be a LatLonGrid");
  const t0 = dayStartMs(options.date, "ascatDailyGrid: options.date");
  const t1 = t0 + 86400000;
  const grid = options.grid;
  const units = inputs.length ? inputs[0].units : "1";
  for (const p of inputs) if (p.units !== units) throw new Error(`ascatDailyGrid: ${p.source} is in "${p.units}", ${inputs[0].source} in "${units}"`);
  const sum = new Float64Array(grid.size);
  const cnt = new Uint32Array(grid.size);
  const counts = emptyCounts(grid.size);
  counts.observations = 0; counts.otherDay = 0; counts.outsideGrid = 0;
  for (const p of inputs) {
    const n = p.values.length;
    const fixed = p.lon.length === 1;
    const fixedIndex = fixed ? grid.indexOf(p.lon[0], p.lat[0]) : -1;
    for (let i = 0; i < n; i++) {
      const x = p.values[i];
      if (x !== x) continue;
      const t = p.timeMs[i];
      if (!(t >= t0 && t < t1)) { counts.otherDay++; continue; }
      const idx = fixed ? fixedIndex : grid.indexOf(p.lon[i], p.lat[i]);
      if (idx < 0) { counts.outsideGrid++; continue; }
      sum[idx] += x; cnt[idx]++; counts.observations++;
    }
  }
  counts.dropped = counts.otherDay + counts.outsideGrid;
  const values = new Float32Array(grid.size);
  for (let i = 0; i < grid.size; i++) {
    if (cnt[i] > 0) { values[i] = sum[i] / cnt[i]; counts.valid++; } else { values[i] = NaN; counts.masked++; }
  }
  return { variable: "ascat_sm", grid, values, date: options.date, units, counts, sources: inputs.map((p) => p.source) };
}

/**
 * Gap filling of a daily layer from up to `maxDaysBack` previous daily layers (ASCAT: 2, the paper's "up to
 * three days" including the current one). Returns a new layer whose counts add `filled`, `filled1`, `filled2`.
 * @throws Error `grid mismatch` naming the layers' sources when grids differ; RangeError for a bad option.
 * @example
 * const filled = fillLayerFromPreviousDays(today, [yesterday, dayBefore], { maxDaysBack: 2 });
 */
export function fillLayerFromPreviousDays(layer: ProductLayer, previous: Array<ProductLayer | null>, options: { maxDaysBack?: number } = {}): ProductLayer {
  for (const p of previous) {
    if (p && !p.grid.equals(layer.grid)) throw new Error(`fillLayerFromPreviousDays: grid mismatch: ${p.sources.join(", ")} is on ${JSON.stringify(p.grid.toJSON())}, ${layer.sources.join(", ")} on ${JSON.stringify(layer.grid.toJSON())}`);
  }
  const r = fillFromPreviousDays(layer.values, previous.map((p) => (p ? p.values : null)), { maxDaysBack: options.maxDaysBack ?? 2 });
  const counts: ProductLayer["counts"] = { ...layer.counts, filled: layer.counts.filled + r.filled, masked: r.remaining, valid: layer.counts.valid + r.filled };
  r.filledByLag.forEach((v, k) => { counts[`filled${k + 1}`] = v; });
  return { ...layer, values: r.values, counts };
}

/** Points of a CDR location series, for {@link ascatDailyGrid}. */
export function cdrSeriesPoints(series: { lon: number; lat: number; timeMs: Float64Array; values: Float32Array }, units: string, source: string): AscatPoints {
  return { lon: [series.lon], lat: [series.lat], timeMs: series.timeMs, values: series.values, units, source };
}
