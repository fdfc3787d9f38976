/**
 * A regular latitude/longitude grid (EPSG:4326), rows stored north to south, columns west to east.
 *
 * Cell (row, col) covers [west + col·cellSize, west + (col+1)·cellSize] in longitude and
 * [north − (row+1)·cellSize, north − row·cellSize] in latitude; its centre is half a cell inside.
 * Array index of a cell = row · width + col (row-major, the GeoTIFF order).
 *
 * @example
 * const g = new LatLonGrid({ west: 124, north: 39, cellSize: 0.25, width: 8, height: 8 });
 * g.lonOf(0); // 124.125 (centre of the first column, degrees east)
 * g.rowOf(38.9); // 0
 */
export interface LatLonGridSpec {
  /** Western edge of the first column, degrees east. */
  west: number;
  /** Northern edge of the first row, degrees north. */
  north: number;
  /** Cell size in degrees (same in latitude and longitude). */
  cellSize: number;
  /** Number of columns. */
  width: number;
  /** Number of rows. */
  height: number;
}

export class LatLonGrid implements LatLonGridSpec {
  readonly crs = "EPSG:4326";
  readonly west: number;
  readonly north: number;
  readonly cellSize: number;
  readonly width: number;
  readonly height: number;

  /** @throws RangeError naming the field when the spec is not a valid grid. */
  constructor(spec: LatLonGridSpec) {
    for (const key of ["west", "north", "cellSize"] as const) {
      if (!Number.isFinite(spec[key])) throw new RangeError(`LatLonGrid: ${key} must be a finite number, got ${spec[key]}`);
    }
    if (!(spec.cellSize > 0)) throw new RangeError(`LatLonGrid: cellSize must be > 0, got ${spec.cellSize}`);
    for (const key of ["width", "height"] as const) {
      if (!Number.isInteger(spec[key]) || spec[key] < 1) throw new RangeError(`LatLonGrid: ${key} must be a positive integer, got ${spec[key]}`);
    }
    this.west = spec.west;
    this.north = spec.north;
    this.cellSize = spec.cellSize;
    this.width = spec.width;
    this.height = spec.height;
  }

  /** Eastern edge, degrees east. */
  get east(): number { return this.west + this.width * this.cellSize; }
  /** Southern edge, degrees north. */
  get south(): number { return this.north - this.height * this.cellSize; }
  /** Number of cells (width × height). */
  get size(): number { return this.width * this.height; }

  /** Longitude of the centre of column `col`, degrees east. */
  lonOf(col: number): number { return this.west + (col + 0.5) * this.cellSize; }
  /** Latitude of the centre of row `row`, degrees north. */
  latOf(row: number): number { return this.north - (row + 0.5) * this.cellSize; }
  /** Column containing longitude `lon` (may lie outside 0…width−1). */
  colOf(lon: number): number { return Math.floor((lon - this.west) / this.cellSize + 1e-9); }
  /** Row containing latitude `lat` (may lie outside 0…height−1). */
  rowOf(lat: number): number { return Math.floor((this.north - lat) / this.cellSize + 1e-9); }
  /** Array index of the cell containing (lon, lat), or −1 outside the grid. */
  indexOf(lon: number, lat: number): number {
    const col = this.colOf(lon);
    const row = this.rowOf(lat);
    if (col < 0 || col >= this.width || row < 0 || row >= this.height) return -1;
    return row * this.width + col;
  }
  /** GDAL geotransform [originX, pixelWidth, 0, originY, 0, −pixelHeight]. */
  geoTransform(): [number, number, number, number, number, number] {
    return [this.west, this.cellSize, 0, this.north, 0, -this.cellSize];
  }
  /** True when both grids have the same extent and cell size (to 1e-9 degrees). */
  equals(other: LatLonGridSpec): boolean {
    const eps = 1e-9;
    return this.width === other.width && this.height === other.height &&
      Math.abs(this.west - other.west) < eps && Math.abs(this.north - other.north) < eps &&
      Math.abs(this.cellSize - other.cellSize) < eps;
  }
  /** [west, south, east, north], degrees. */
  bbox(): [number, number, number, number] { return [this.west, this.south, this.east, this.north]; }
  /** Longitude/latitude of the centre of cell (row, col), degrees (same interface as ModisSinusoidalGrid). */
  lonLatOf(row: number, col: number): [number, number] { return [this.lonOf(col), this.latOf(row)]; }
  /** Alias of {@link indexOf}: array index of the cell containing (lon, lat), or −1 outside. */
  indexOfLonLat(lon: number, lat: number): number { return this.indexOf(lon, lat); }
  /**
   * The grid of a north-up EPSG:4326 raster with square pixels, from its GDAL geotransform.
   * @throws RangeError naming `geoTransform` when it is rotated, south-up or has non-square pixels (tolerance 1e-9 relative).
   * @example
   * LatLonGrid.fromGeoTransform([124, 0.25, 0, 39, 0, -0.25], 8, 8).equals(new LatLonGrid({ west: 124, north: 39, cellSize: 0.25, width: 8, height: 8 })); // true
   */
  static fromGeoTransform(geoTransform: readonly number[], width: number, height: number): LatLonGrid {
    const [x0, dx, rx, y0, ry, dy] = geoTransform;
    if (geoTransform.length !== 6 || rx !== 0 || ry !== 0 || !(dx > 0) || !(dy < 0) || Math.abs(dx + dy) > 1e-9 * dx) {
      throw new RangeError(`LatLonGrid.fromGeoTransform: geoTransform must be north-up with square pixels, got ${JSON.stringify(geoTransform)}`);
    }
    return new LatLonGrid({ west: x0, north: y0, cellSize: dx, width, height });
  }
  /** A short stable key, used for caches: `w124_n39_d0.25_8x8`. */
  key(): string { return `w${this.west}_n${this.north}_d${this.cellSize}_${this.width}x${this.height}`; }
  toJSON(): LatLonGridSpec & { crs: string } {
    return { crs: this.crs, west: this.west, north: this.north, cellSize: this.cellSize, width: this.width, height: this.height };
  }
}
