import type { RasterGrid } from "./rasterGrid";
import { gridIndexMap } from "./gridIndexMap";

/** Options of {@link resampleNearest}. */
export interface ResampleNearestOptions {
  /** Grid of the input values. */
  from: RasterGrid;
  /** Output grid (any CRS that implements RasterGrid). */
  to: RasterGrid;
  /** A precomputed `gridIndexMap(from, to)` to reuse across days. Default: computed. */
  indexMap?: Int32Array;
}

/**
 * Nearest-neighbour resampling: each output cell takes the value of the input cell containing its centre
 * (e.g. GLDAS 0.25° → 1 km, or MODIS sinusoidal → lat/lon). Output cells outside the input grid are NaN and counted.
 *
 * @throws RangeError naming `values` or `indexMap` when their lengths do not match the grids.
 * @example
 * const from = new LatLonGrid({ west: 0, north: 1, cellSize: 1, width: 1, height: 1 });
 * const to = new LatLonGrid({ west: 0, north: 1, cellSize: 0.5, width: 3, height: 2 });
 * Array.from(resampleNearest([7], { from, to }).values); // [7, 7, NaN, 7, 7, NaN]
 */
export function resampleNearest(values: ArrayLike<number>, options: ResampleNearestOptions): { values: Float32Array; counts: { outside: number } } {
  const { from, to } = options ?? ({} as ResampleNearestOptions);
  if (!from || typeof from.indexOfLonLat !== "function") throw new RangeError(`resampleNearest: from must be a grid, got ${String(from)}`);
  if (!to || typeof to.lonLatOf !== "function") throw new RangeError(`resampleNearest: to must be a grid, got ${String(to)}`);
  if (!values || values.length !== from.width * from.height) throw new RangeError(`resampleNearest: values must hold from.width*from.height = ${from.width * from.height} numbers, got ${values ? values.length : 0}`);
  if (options.indexMap && options.indexMap.length !== to.width * to.height) throw new RangeError(`resampleNearest: indexMap must have to.width*to.height = ${to.width * to.height} entries, got ${options.indexMap.length}`);
  const map = options.indexMap ?? gridIndexMap(from, to);
  const out = new Float32Array(map.length);
  let outside = 0;
  for (let i = 0; i < map.length; i++) {
    const j = map[i];
    if (j < 0) { out[i] = NaN; outside++; } else out[i] = values[j];
  }
  return { values: out, counts: { outside } };
}
