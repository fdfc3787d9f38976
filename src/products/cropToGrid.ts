import type { LatLonGrid } from "../grid/latLonGrid";

/** Result of {@link cropToGrid}. */
export interface CropResult {
  values: Float32Array;
  /** Target cells outside the source grid (left NaN). */
  outside: number;
}

/**
 * Copies the cells of `target` from a source raster on `source` (both row-major north → south). The two
 * grids must share the cell size and be aligned (cell edges coincide, to 1e-6 of a cell); cells of
 * `target` outside `source` are NaN and counted. Longitudes wrap around 360° when the source is global.
 *
 * @throws Error `<what>: grid mismatch: …` naming both grids when the cell sizes differ or the grids are not aligned.
 * @example
 * cropToGrid(gldasGrid, values, new LatLonGrid({ west: 124, north: 39, cellSize: 0.25, width: 24, height: 24 }), "GLDAS x.nc4");
 */
export function cropToGrid(source: LatLonGrid, values: ArrayLike<number>, target: LatLonGrid, what: string): CropResult {
  if (values.length !== source.size) throw new RangeError(`${what}: values have ${values.length} cells, grid has ${source.size}`);
  const mismatch = (why: string) =>
    new Error(`${what}: grid mismatch: ${why} (product grid ${JSON.stringify(source.toJSON())}, requested ${JSON.stringify(target.toJSON())})`);
  if (Math.abs(source.cellSize - target.cellSize) > 1e-9 * Math.max(1, source.cellSize)) {
    throw mismatch(`cell size ${target.cellSize}° requested, the product has ${source.cellSize}°`);
  }
  const c = source.cellSize;
  const dCol = (target.west - source.west) / c;
  const dRow = (source.north - target.north) / c;
  const col0 = Math.round(dCol);
  const row0 = Math.round(dRow);
  if (Math.abs(dCol - col0) > 1e-6 || Math.abs(dRow - row0) > 1e-6) {
    throw mismatch("cell edges are not aligned");
  }
  const global = Math.abs(source.width * c - 360) < 1e-6;
  const out = new Float32Array(target.size);
  let outside = 0;
  for (let r = 0; r < target.height; r++) {
    const sr = r + row0;
    for (let k = 0; k < target.width; k++) {
      let sc = k + col0;
      if (global) sc = ((sc % source.width) + source.width) % source.width;
      const i = r * target.width + k;
      if (sr < 0 || sr >= source.height || sc < 0 || sc >= source.width) { out[i] = NaN; outside++; continue; }
      out[i] = values[sr * source.width + sc];
    }
  }
  return { values: out, outside };
}
