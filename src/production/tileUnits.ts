import { LatLonGrid } from "../grid/latLonGrid";

/** One tile of the production grid. */
export interface ProductionTile {
  /** Tile row and column (north to south, west to east). */
  row: number;
  col: number;
  /** First pixel column / row of the tile in the full grid, and its size in pixels. */
  x0: number;
  y0: number;
  width: number;
  height: number;
  /** The tile as a sub-grid (same cell size, aligned with the full grid). */
  grid: LatLonGrid;
}

/** One unit of production work: a tile on a day. */
export interface ProductionUnit {
  /** `YYYYMMDD/r<row>c<col>`: unique, also the unit's file stem. */
  id: string;
  date: string;
  tile: ProductionTile;
  /** Position in the full deterministic unit order (days outer, tiles inner in row-major order). */
  index: number;
}

/** Options of {@link tileUnits}. */
export interface TileUnitsOptions {
  /** The full production grid (e.g. the 1 km domain). Required. */
  grid: LatLonGrid;
  /** Tile edge in pixels, a multiple of 16 in 16..4096. Default 512. */
  tileSize?: number;
  /** ISO dates `YYYY-MM-DD` (at least one, distinct). Required. */
  dates: readonly string[];
}

/**
 * The tiles of a grid, row-major (the last row / column may be partial).
 * @throws RangeError naming the option for a bad tile size
 */
export function gridTiles(grid: LatLonGrid, tileSize = 512): ProductionTile[] {
  if (!Number.isInteger(tileSize) || tileSize < 16 || tileSize > 4096 || tileSize % 16 !== 0) {
    throw new RangeError(`gridTiles: tileSize must be a multiple of 16 in 16..4096, got ${tileSize}`);
  }
  const out: ProductionTile[] = [];
  for (let row = 0; row * tileSize < grid.height; row++) {
    for (let col = 0; col * tileSize < grid.width; col++) {
      const x0 = col * tileSize, y0 = row * tileSize;
      const width = Math.min(tileSize, grid.width - x0), height = Math.min(tileSize, grid.height - y0);
      const sub = new LatLonGrid({ west: grid.west + x0 * grid.cellSize, north: grid.north - y0 * grid.cellSize, cellSize: grid.cellSize, width, height });
      out.push({ row, col, x0, y0, width, height, grid: sub });
    }
  }
  return out;
}

/**
 * Every tile × day unit of a production run in a fixed order (days outer, tiles row-major inner): the unit list,
 * identical on every machine for the same grid, tile size and dates, is what shards divide.
 *
 * @param options `grid`, `dates` (required), `tileSize` (default 512)
 * @returns the units in order
 * @throws RangeError naming the option for an empty or malformed date list or a bad tile size
 * @example
 * tileUnits({ grid, dates: ["2015-05-01"], tileSize: 512 })[0].id; // "20150501/r0c0"
 */
export function tileUnits(options: TileUnitsOptions): ProductionUnit[] {
  const { grid, tileSize = 512 } = options ?? ({} as TileUnitsOptions);
  if (!(grid instanceof LatLonGrid)) throw new RangeError("tileUnits: options.grid must be a LatLonGrid");
  const dates = Array.from(options.dates ?? []);
  if (dates.length === 0) throw new RangeError("tileUnits: options.dates must not be empty");
  const seen = new Set<string>();
  for (const d of dates) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))) throw new RangeError(`tileUnits: options.dates holds '${d}', not an ISO date YYYY-MM-DD`);
    if (seen.has(d)) throw new RangeError(`tileUnits: options.dates holds '${d}' twice`);
    seen.add(d);
  }
  const tiles = gridTiles(grid, tileSize);
  const out: ProductionUnit[] = [];
  for (const date of dates) {
    for (const tile of tiles) out.push({ id: `${date.replace(/-/g, "")}/r${tile.row}c${tile.col}`, date, tile, index: out.length });
  }
  return out;
}

/**
 * Shard `shard` (1-based) of `of`: the units whose index ≡ shard − 1 (mod of) — a deterministic, balanced,
 * interleaved share (each shard gets every day and every region), so n shards together cover every unit once.
 * @throws RangeError when shard is not an integer in 1..of
 */
export function shardUnits(units: readonly ProductionUnit[], shard: number, of: number): ProductionUnit[] {
  if (!Number.isInteger(of) || of < 1) throw new RangeError(`shardUnits: the shard count must be a positive integer, got ${of}`);
  if (!Number.isInteger(shard) || shard < 1 || shard > of) throw new RangeError(`shardUnits: shard must be an integer in 1..${of}, got ${shard}`);
  return units.filter((u) => u.index % of === shard - 1);
}
