/**
 * What resampling needs to know about a grid, whatever its CRS: size, CRS, GDAL geotransform, the
 * lon/lat of a cell centre and the cell containing a lon/lat. `LatLonGrid` and `ModisSinusoidalGrid` implement it.
 * Arrays on a grid are row-major (index = row · width + col), row 0 at the north edge.
 */
export interface RasterGrid {
  readonly width: number;
  readonly height: number;
  readonly crs: string;
  /** GDAL geotransform [originX, pixelWidth, 0, originY, 0, −pixelHeight] in CRS units. */
  geoTransform(): [number, number, number, number, number, number];
  /** Longitude/latitude (degrees) of the centre of cell (row, col). */
  lonLatOf(row: number, col: number): [number, number];
  /** Array index of the cell containing (lon, lat) in degrees, or −1 outside the grid. */
  indexOfLonLat(lon: number, lat: number): number;
}
