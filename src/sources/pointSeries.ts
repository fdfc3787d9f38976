import type { LatLonGrid } from "../grid/latLonGrid";
import type { LayerSource, VariableName } from "./layerSource";

/** A source that can answer a variable at chosen cells for a run of days (the twin does, natively and synchronously; `ProductSource` asynchronously). */
export interface SeriesCapable {
  getSeries(request: { variable: VariableName; grid: LatLonGrid; cells: ArrayLike<number>; start?: string; end?: string }): { dates: string[]; values: Float32Array } | Promise<{ dates: string[]; values: Float32Array }>;
}

function hasSeries(source: unknown): source is SeriesCapable {
  return typeof (source as SeriesCapable).getSeries === "function";
}

/**
 * Values of `variable` at `cells` of `grid` for consecutive `dates`: Float32Array [day][point]
 * (`values[t * cells.length + j]`), NaN = missing. Uses the source's `getSeries` when it has one, else reads
 * each day's layer.
 * @example const s = await pointSeries(twin, { variable: "lst", grid: twin.coarseGrid, cells: [10, 20], dates });
 * @throws RangeError when `dates` is empty or a cell is outside the grid.
 */
export async function pointSeries(source: LayerSource, request: { variable: VariableName; grid: LatLonGrid; cells: ArrayLike<number>; dates: readonly string[] }): Promise<Float32Array> {
  const { variable, grid, cells, dates } = request;
  if (!dates.length) throw new RangeError(`pointSeries: dates must not be empty (variable ${variable})`);
  for (let j = 0; j < cells.length; j++) {
    if (!Number.isInteger(cells[j]) || cells[j] < 0 || cells[j] >= grid.size) throw new RangeError(`pointSeries: cells[${j}] = ${cells[j]} is outside the grid (0…${grid.size - 1})`);
  }
  const consecutive = dates.every((d, i) => i === 0 || Date.parse(d) - Date.parse(dates[i - 1]) === 86400000);
  if (hasSeries(source) && consecutive) {
    return (await source.getSeries({ variable, grid, cells, start: dates[0], end: dates[dates.length - 1] })).values;
  }
  const n = cells.length;
  const out = new Float32Array(dates.length * n);
  for (let t = 0; t < dates.length; t++) {
    const layer = await source.getLayer({ variable, grid, date: dates[t] });
    for (let j = 0; j < n; j++) out[t * n + j] = layer.values[cells[j]];
  }
  return out;
}
