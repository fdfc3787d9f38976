import { LatLonGrid } from "./latLonGrid";
import type { RasterGrid } from "./rasterGrid";

/**
 * For every cell of `target`, the index of the `source` cell that contains the target cell's centre
 * (−1 when the centre falls outside `source`). This is nearest-neighbour correspondence between any two
 * grids, e.g. a 0.25° GLDAS grid → a 0.01° grid, or MODIS sinusoidal → lat/lon (as AppEEARS reprojects).
 * Between two LatLonGrids it is computed separably (rows and columns, O(width + height) look-ups);
 * otherwise one `indexOfLonLat` per target cell (proj4 for sinusoidal grids).
 *
 * @returns Int32Array of length target.width · target.height.
 * @example
 * const coarse = new LatLonGrid({ west: 124, north: 39, cellSize: 0.25, width: 2, height: 2 });
 * const fine = new LatLonGrid({ west: 124, north: 39, cellSize: 0.125, width: 4, height: 4 });
 * Array.from(gridIndexMap(coarse, fine)); // [0,0,1,1, 0,0,1,1, 2,2,3,3, 2,2,3,3]
 */
export function gridIndexMap(source: RasterGrid, target: RasterGrid): Int32Array {
  const tw = target.width, th = target.height;
  const map = new Int32Array(tw * th);
  if (source instanceof LatLonGrid && target instanceof LatLonGrid) {
    const cols = new Int32Array(tw);
    for (let c = 0; c < tw; c++) {
      const sc = source.colOf(target.lonOf(c));
      cols[c] = sc >= 0 && sc < source.width ? sc : -1;
    }
    for (let r = 0; r < th; r++) {
      const sr = source.rowOf(target.latOf(r));
      const inside = sr >= 0 && sr < source.height;
      const base = r * tw;
      for (let c = 0; c < tw; c++) map[base + c] = inside && cols[c] >= 0 ? sr * source.width + cols[c] : -1;
    }
    return map;
  }
  for (let r = 0; r < th; r++) {
    for (let c = 0; c < tw; c++) {
      const [lon, lat] = target.lonLatOf(r, c);
      map[r * tw + c] = source.indexOfLonLat(lon, lat);
    }
  }
  return map;
}
