import { gridIndexMap } from "../grid/gridIndexMap";
import type { LatLonGrid } from "../grid/latLonGrid";
import type { LayerSource, VariableName } from "../sources/layerSource";
import { layerCube } from "../sources/layerCube";

/** Options of {@link dailyCube}. */
export interface DailyCubeOptions {
  /** The variable to read, e.g. "gldas_sm" or "truth_sm". */
  variable: VariableName;
  /** The grid of the cube, e.g. the 1 km window. */
  grid: LatLonGrid;
  /** ISO dates, one layer each; at least one. */
  dates: readonly string[];
  /**
   * Read the variable on this grid instead and resample it to `grid` by nearest neighbour (each pixel takes
   * the value of the `from` cell containing its centre: GLDAS 0.25° shown on the 1 km grid, docs/paper.md §13).
   * Default: read on `grid` directly.
   */
  from?: LatLonGrid;
}

/** Result of {@link dailyCube}. */
export interface DailyCube {
  dates: string[];
  pixels: number;
  /** Day-major values: day t, pixel i at `t · pixels + i`; NaN where the source has none. */
  cube: Float32Array;
  /** NaN values per day (sea, missing, outside `from`). */
  nanPerDay: Int32Array;
}

/**
 * A variable's daily layers over `dates` as one [day][pixel] Float32Array cube on `grid`, optionally read on a
 * coarser grid and shown on `grid` by nearest neighbour (the index map is computed once and reused).
 *
 * @param source any LayerSource (e.g. `data.prepared`)
 * @param options `variable`, `grid`, `dates`, `from` (default none)
 * @throws RangeError when `dates` is empty, `grid` is missing, or a layer has the wrong size; the source's errors otherwise
 * @example
 * const gldas1km = await dailyCube(data.prepared, { variable: "gldas_sm", grid: data.fine, from: data.coarse, dates });
 * const truth = await dailyCube(data.prepared, { variable: "truth_sm", grid: data.fine, dates });
 */
export async function dailyCube(source: LayerSource, options: DailyCubeOptions): Promise<DailyCube> {
  const { variable, grid, from } = options ?? ({} as DailyCubeOptions);
  if (!source || typeof source.getLayer !== "function") throw new TypeError("dailyCube: source must be a LayerSource");
  if (typeof variable !== "string") throw new RangeError(`dailyCube: options.variable must be a variable name, got ${String(variable)}`);
  if (!grid || typeof grid.size !== "number") throw new RangeError(`dailyCube: options.grid must be a LatLonGrid, got ${String(grid)}`);
  const dates = Array.from(options.dates ?? []);
  if (dates.length === 0) throw new RangeError("dailyCube: options.dates must not be empty");
  const N = grid.size;
  if (!from) {
    // Same grid: read through layerCube (one bulk call when the source has one), then count the gaps.
    const { values: cube } = await layerCube(source, { variable, grid, dates });
    const nanPerDay = new Int32Array(dates.length);
    for (let t = 0; t < dates.length; t++) {
      let nan = 0;
      for (let i = t * N, end = i + N; i < end; i++) if (cube[i] !== cube[i]) nan++;
      nanPerDay[t] = nan;
    }
    return { dates, pixels: N, cube, nanPerDay };
  }
  const map = gridIndexMap(from, grid);
  const cube = new Float32Array(dates.length * N);
  const nanPerDay = new Int32Array(dates.length);
  for (let t = 0; t < dates.length; t++) {
    const v = (await source.getLayer({ variable, grid: from, date: dates[t] })).values;
    if (v.length !== from.size) throw new RangeError(`dailyCube: ${variable} of ${dates[t]} has ${v.length} values for a grid of ${from.size}`);
    const out = cube.subarray(t * N, (t + 1) * N);
    let nan = 0;
    for (let i = 0; i < N; i++) {
      const j = map[i];
      const x = j < 0 ? NaN : v[j];
      out[i] = x;
      if (x !== x) nan++;
    }
    nanPerDay[t] = nan;
  }
  return { dates, pixels: N, cube, nanPerDay };
}
