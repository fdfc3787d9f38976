import proj4 from "proj4";

/** Sphere radius of the MODIS sinusoidal grid, metres (MODLAND; AppEEARS README). */
export const MODIS_SPHERE_RADIUS = 6371007.181;
/** The MODIS sinusoidal CRS as AppEEARS and `gdalsrsinfo -o proj4` spell it. */
export const MODIS_SINUSOIDAL = "+proj=sinu +lon_0=0 +x_0=0 +y_0=0 +R=6371007.181 +units=m +no_defs";
/** Edge of one of the 36 × 18 MODIS tiles, metres: 2πR / 36 = 1,111,950.5197… m. */
export const MODIS_TILE_SIZE = (2 * Math.PI * MODIS_SPHERE_RADIUS) / 36;
/** x of the grid's western edge (−πR = −20,015,109.354… m). */
export const MODIS_GRID_WEST = -Math.PI * MODIS_SPHERE_RADIUS;
/** y of the grid's northern edge (πR/2 = 10,007,554.677… m). */
export const MODIS_GRID_NORTH = (Math.PI * MODIS_SPHERE_RADIUS) / 2;
/** Pixels per tile edge for each nominal resolution: 1 km = 1200 (926.625 m), 500 m = 2400 (463.313 m), 250 m = 4800. */
export const MODIS_PIXELS_PER_TILE = { "1km": 1200, "500m": 2400, "250m": 4800 } as const;
export type ModisResolution = keyof typeof MODIS_PIXELS_PER_TILE;

/** Specification of a window of the MODIS sinusoidal grid. */
export interface ModisSinusoidalGridSpec {
  /** x of the western edge, metres. */
  west: number;
  /** y of the northern edge, metres. */
  north: number;
  /** Pixel size, metres (926.625433… for 1 km, 463.312716… for 500 m). */
  pixelSize: number;
  width: number;
  height: number;
}

const toLonLat = proj4(MODIS_SINUSOIDAL, "EPSG:4326");

/**
 * A regular window of the MODIS sinusoidal grid (sphere R = 6371007.181 m), rows north to south.
 * Tile (h, v) has its upper-left corner at x = −πR + h·T, y = πR/2 − v·T with T = 2πR/36 (docs/paper.md appendix A).
 * Cell (row, col) covers x ∈ [west + col·s, west + (col+1)·s], y ∈ [north − (row+1)·s, north − row·s].
 * Conversions use proj4 (`MODIS_SINUSOIDAL` ↔ EPSG:4326, no datum shift, as GDAL does).
 *
 * @example
 * const g = ModisSinusoidalGrid.tile(28, 5, "1km"); // Korea
 * g.pixelSize; // 926.6254331387…
 * ModisSinusoidalGrid.unproject(g.west, g.north); // [130.5407…, 40.0000…] (tile corner, as gdaltransform)
 * ModisSinusoidalGrid.tileOf(127, 37.5); // { h: 28, v: 5 }
 */
export class ModisSinusoidalGrid implements ModisSinusoidalGridSpec {
  readonly crs = MODIS_SINUSOIDAL;
  readonly west: number;
  readonly north: number;
  readonly pixelSize: number;
  readonly width: number;
  readonly height: number;

  /** @throws RangeError naming the field when the spec is not a valid grid. */
  constructor(spec: ModisSinusoidalGridSpec) {
    for (const key of ["west", "north", "pixelSize"] as const) {
      if (!Number.isFinite(spec[key])) throw new RangeError(`ModisSinusoidalGrid: ${key} must be a finite number, got ${spec[key]}`);
    }
    if (!(spec.pixelSize > 0)) throw new RangeError(`ModisSinusoidalGrid: pixelSize must be > 0, got ${spec.pixelSize}`);
    for (const key of ["width", "height"] as const) {
      if (!Number.isInteger(spec[key]) || spec[key] < 1) throw new RangeError(`ModisSinusoidalGrid: ${key} must be a positive integer, got ${spec[key]}`);
    }
    this.west = spec.west;
    this.north = spec.north;
    this.pixelSize = spec.pixelSize;
    this.width = spec.width;
    this.height = spec.height;
  }

  /**
   * The full grid of tile (h, v) at a nominal resolution.
   * @throws RangeError naming h, v or resolution when out of range (h 0–35, v 0–17).
   */
  static tile(h: number, v: number, resolution: ModisResolution = "1km"): ModisSinusoidalGrid {
    if (!Number.isInteger(h) || h < 0 || h > 35) throw new RangeError(`ModisSinusoidalGrid.tile: h must be an integer in [0, 35], got ${h}`);
    if (!Number.isInteger(v) || v < 0 || v > 17) throw new RangeError(`ModisSinusoidalGrid.tile: v must be an integer in [0, 17], got ${v}`);
    const n = MODIS_PIXELS_PER_TILE[resolution];
    if (n === undefined) throw new RangeError(`ModisSinusoidalGrid.tile: resolution must be "1km", "500m" or "250m", got ${String(resolution)}`);
    return new ModisSinusoidalGrid({
      west: MODIS_GRID_WEST + h * MODIS_TILE_SIZE,
      north: MODIS_GRID_NORTH - v * MODIS_TILE_SIZE,
      pixelSize: MODIS_TILE_SIZE / n,
      width: n,
      height: n,
    });
  }

  /** The tile (h, v) containing a longitude/latitude (degrees). */
  static tileOf(lon: number, lat: number): { h: number; v: number } {
    const [x, y] = ModisSinusoidalGrid.project(lon, lat);
    return { h: Math.floor((x - MODIS_GRID_WEST) / MODIS_TILE_SIZE), v: Math.floor((MODIS_GRID_NORTH - y) / MODIS_TILE_SIZE) };
  }

  /** lon/lat (degrees) → sinusoidal x/y (metres), via proj4. */
  static project(lon: number, lat: number): [number, number] {
    const p = toLonLat.inverse([lon, lat]);
    return [p[0], p[1]];
  }

  /** sinusoidal x/y (metres) → lon/lat (degrees), via proj4. */
  static unproject(x: number, y: number): [number, number] {
    const p = toLonLat.forward([x, y]);
    return [p[0], p[1]];
  }

  /**
   * The grid of a north-up sinusoidal raster with square pixels, from its GDAL geotransform
   * (e.g. an AppEEARS sinusoidal GeoTIFF read by readGeoTiff).
   * @throws RangeError naming `geoTransform` when it is rotated, south-up or has non-square pixels.
   */
  static fromGeoTransform(geoTransform: readonly number[], width: number, height: number): ModisSinusoidalGrid {
    const [x0, dx, rx, y0, ry, dy] = geoTransform;
    if (geoTransform.length !== 6 || rx !== 0 || ry !== 0 || !(dx > 0) || !(dy < 0) || Math.abs(dx + dy) > 1e-6 * dx) {
      throw new RangeError(`ModisSinusoidalGrid.fromGeoTransform: geoTransform must be north-up with square pixels, got ${JSON.stringify(geoTransform)}`);
    }
    return new ModisSinusoidalGrid({ west: x0, north: y0, pixelSize: dx, width, height });
  }

  get east(): number { return this.west + this.width * this.pixelSize; }
  get south(): number { return this.north - this.height * this.pixelSize; }
  get size(): number { return this.width * this.height; }
  /** x of the centre of column `col`, metres. */
  xOf(col: number): number { return this.west + (col + 0.5) * this.pixelSize; }
  /** y of the centre of row `row`, metres. */
  yOf(row: number): number { return this.north - (row + 0.5) * this.pixelSize; }
  /** Column containing x (may lie outside 0…width−1). */
  colOf(x: number): number { return Math.floor((x - this.west) / this.pixelSize + 1e-9); }
  /** Row containing y (may lie outside 0…height−1). */
  rowOf(y: number): number { return Math.floor((this.north - y) / this.pixelSize + 1e-9); }
  /** Longitude/latitude of the centre of cell (row, col), degrees. */
  lonLatOf(row: number, col: number): [number, number] { return ModisSinusoidalGrid.unproject(this.xOf(col), this.yOf(row)); }
  /** Array index of the cell containing (lon, lat) in degrees, or −1 outside the grid. */
  indexOfLonLat(lon: number, lat: number): number {
    const [x, y] = ModisSinusoidalGrid.project(lon, lat);
    const col = this.colOf(x);
    const row = this.rowOf(y);
    if (col < 0 || col >= this.width || row < 0 || row >= this.height) return -1;
    return row * this.width + col;
  }
  /** GDAL geotransform [west, s, 0, north, 0, −s]. */
  geoTransform(): [number, number, number, number, number, number] {
    return [this.west, this.pixelSize, 0, this.north, 0, -this.pixelSize];
  }
  /** A sub-window (col, row, width, height) of this grid. @throws RangeError when it leaves the grid. */
  window(col: number, row: number, width: number, height: number): ModisSinusoidalGrid {
    if (!(Number.isInteger(col) && Number.isInteger(row) && col >= 0 && row >= 0 && col + width <= this.width && row + height <= this.height)) {
      throw new RangeError(`ModisSinusoidalGrid.window: (${col}, ${row}, ${width}, ${height}) is outside the ${this.width}x${this.height} grid`);
    }
    return new ModisSinusoidalGrid({ west: this.west + col * this.pixelSize, north: this.north - row * this.pixelSize, pixelSize: this.pixelSize, width, height });
  }
  toJSON(): ModisSinusoidalGridSpec & { crs: string } {
    return { crs: this.crs, west: this.west, north: this.north, pixelSize: this.pixelSize, width: this.width, height: this.height };
  }
}
