import type { LatLonGrid } from "../grid/latLonGrid";

/** A named latitude/longitude box (degrees, WGS 84): west ≤ lon < east, south ≤ lat < north. */
export interface RegionBox {
  name: string;
  west: number;
  east: number;
  south: number;
  north: number;
}

/**
 * The regions of the paper's East Asia domain used to report the cloud-gap fill (issue 15): southern China first
 * (the paper's gaps), then the north China plain, Gobi/Mongolia, north-east China, Korea and Japan. Boxes are
 * rough and may overlap a little at their edges (north-east China and Korea); {@link regionCells} clips them to a grid.
 */
export const REGION_BOXES: readonly RegionBox[] = Object.freeze([
  { name: "southern China", west: 100, east: 122, south: 20, north: 30 },
  { name: "north China plain", west: 112, east: 120, south: 32, north: 40 },
  { name: "Gobi / Mongolia", west: 90, east: 115, south: 40, north: 50 },
  { name: "north-east China", west: 120, east: 135, south: 40, north: 53 },
  { name: "Korea", west: 124, east: 130, south: 33, north: 39 },
  { name: "Japan", west: 129, east: 146, south: 30, north: 46 },
]);

/** One region's cells on a grid. */
export interface RegionCells {
  name: string;
  /** The box clipped to the grid's extent (NaN bounds when it does not overlap). */
  clipped: RegionBox;
  /** Row-major indices of the cells whose centre lies in the box, ascending. */
  cells: Int32Array;
}

/**
 * The cells of `grid` whose centres fall in each box (west ≤ lon < east, south ≤ lat < north), with the box
 * clipped to the grid's extent; a box outside the grid gets no cells (it is kept, so tables list every region).
 *
 * @param grid a north-up lat/lon grid (`west`, `north`, `cellSize`, `width`, `height`)
 * @param boxes default {@link REGION_BOXES}
 * @throws RangeError naming the box when a box has west ≥ east or south ≥ north, or a non-finite bound
 * @example
 * const regions = regionCells(data.coarse);
 * regions[0].name; // "southern China"
 * regions[0].cells.length; // cells of the 0.25° grid in 20–30°N, 100–122°E
 */
export function regionCells(grid: LatLonGrid, boxes: readonly RegionBox[] = REGION_BOXES): RegionCells[] {
  if (!grid || !(grid.cellSize > 0)) throw new RangeError(`regionCells: grid must be a LatLonGrid with a positive cellSize, got ${String(grid && grid.cellSize)}`);
  const east = grid.west + grid.width * grid.cellSize, south = grid.north - grid.height * grid.cellSize;
  return boxes.map((b) => {
    for (const k of ["west", "east", "south", "north"] as const) {
      if (!Number.isFinite(b[k])) throw new RangeError(`regionCells: box '${b.name}' has a non-finite ${k} = ${b[k]}`);
    }
    if (!(b.west < b.east) || !(b.south < b.north)) throw new RangeError(`regionCells: box '${b.name}' needs west < east and south < north, got ${b.west}–${b.east}°E, ${b.south}–${b.north}°N`);
    const w = Math.max(b.west, grid.west), e = Math.min(b.east, east), s = Math.max(b.south, south), n = Math.min(b.north, grid.north);
    const overlaps = w < e && s < n;
    const clipped: RegionBox = overlaps ? { name: b.name, west: w, east: e, south: s, north: n } : { name: b.name, west: NaN, east: NaN, south: NaN, north: NaN };
    const cells: number[] = [];
    if (overlaps) {
      for (let r = 0; r < grid.height; r++) {
        const lat = grid.north - (r + 0.5) * grid.cellSize;
        if (lat < b.south || lat >= b.north) continue;
        for (let c = 0; c < grid.width; c++) {
          const lon = grid.west + (c + 0.5) * grid.cellSize;
          if (lon >= b.west && lon < b.east) cells.push(r * grid.width + c);
        }
      }
    }
    return { name: b.name, clipped, cells: Int32Array.from(cells) };
  });
}
