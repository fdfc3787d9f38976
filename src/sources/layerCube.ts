import type { LatLonGrid } from "../grid/latLonGrid";
import type { LayerSource, VariableName } from "./layerSource";

/** Whole-grid values for a run of days: `values[t * grid.size + cell]`, NaN = missing. */
export interface LayerCube {
  variable: VariableName;
  grid: LatLonGrid;
  dates: string[];
  values: Float32Array;
}

/** A source that can also answer many days at once (the twin does, natively and synchronously; `ProductSource` asynchronously). */
export interface CubeCapable {
  getCube(request: { variable: VariableName; grid: LatLonGrid; start?: string; end?: string }): { dates: string[]; values: Float32Array } | Promise<{ dates: string[]; values: Float32Array }>;
}

function hasCube(source: unknown): source is CubeCapable {
  return typeof (source as CubeCapable).getCube === "function";
}

/**
 * The cube of `variable` on `grid` for the given dates (in order). Uses the source's own `getCube` when it
 * has one (one call for a run of consecutive days), else asks `getLayer` day by day.
 * @example const cube = await layerCube(twin, { variable: "gldas_sm", grid: twin.coarseGrid, dates: ["2015-05-01"] });
 * @throws RangeError when `dates` is empty; the source's errors (naming variable, grid, date) otherwise.
 */
export async function layerCube(source: LayerSource, request: { variable: VariableName; grid: LatLonGrid; dates: readonly string[] }): Promise<LayerCube> {
  const { variable, grid, dates } = request;
  if (!dates.length) throw new RangeError(`layerCube: dates must not be empty (variable ${variable})`);
  const consecutive = dates.every((d, i) => i === 0 || Date.parse(d) - Date.parse(dates[i - 1]) === 86400000);
  if (hasCube(source) && consecutive) {
    const cube = await source.getCube({ variable, grid, start: dates[0], end: dates[dates.length - 1] });
    return { variable, grid, dates: cube.dates, values: cube.values };
  }
  const values = new Float32Array(dates.length * grid.size);
  for (let t = 0; t < dates.length; t++) {
    const layer = await source.getLayer({ variable, grid, date: dates[t] });
    values.set(layer.values, t * grid.size);
  }
  return { variable, grid, dates: [...dates], values };
}
