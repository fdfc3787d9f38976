// A small Cubist model trained on the procedural source (target gldas_sm), for production tests.
import { fit, type CubistModel } from "../../src/cubist";
import { AGGREGATED_LAND_COVER_CLASSES, aggregateLandCover } from "../../src/grid/aggregateLandCover";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { ProceduralSource } from "./proceduralSource";

export async function proceduralModel(source: ProceduralSource, dates: string[], options: { committees?: number; rules?: number; predictors?: string[] } = {}): Promise<CubistModel> {
  const grid = new LatLonGrid({ west: 120, north: 40, cellSize: 0.01, width: 60, height: 50 });
  const cols: Record<string, number[]> = { amsr2_sm: [], ascat_sm: [], lst: [], ndvi: [], dem: [], gldas_sm: [] };
  const lc: string[] = [];
  for (const date of dates) {
    const L: Record<string, Float32Array> = {};
    for (const v of ["amsr2_sm", "ascat_sm", "lst", "ndvi", "dem", "gldas_sm", "landcover"] as const) L[v] = (await source.getLayer({ variable: v, grid, date })).values;
    const agg = aggregateLandCover(L.landcover).values;
    for (let i = 0; i < grid.size; i += 3) {
      if (!(agg[i] > 0) || Number.isNaN(L.lst[i]) || Number.isNaN(L.ndvi[i])) continue;
      for (const k of Object.keys(cols)) cols[k].push(L[k][i]);
      // the target depends on the predictors so the model has several rules
      cols.gldas_sm[cols.gldas_sm.length - 1] = Math.round((0.6 * L.amsr2_sm[i] + (L.ndvi[i] > 0.3 ? 0.2 * L.ascat_sm[i] : -0.1 * L.ascat_sm[i]) + (L.lst[i] > 295 ? -0.003 * (L.lst[i] - 295) : 0) + 0.00001 * L.dem[i]) * 1e4) / 1e4;
      lc.push(AGGREGATED_LAND_COVER_CLASSES[agg[i]].name);
    }
  }
  const table = { nRows: lc.length, columns: { ...Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, Float64Array.from(v)])), landcover: lc } };
  return fit(table, { target: "gldas_sm", predictors: options.predictors ?? ["amsr2_sm", "ascat_sm", "lst", "ndvi", "landcover", "dem"], committees: options.committees ?? 1, rules: options.rules });
}
