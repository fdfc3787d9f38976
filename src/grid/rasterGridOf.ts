import { LatLonGrid } from "./latLonGrid";
import { ModisSinusoidalGrid, MODIS_SINUSOIDAL } from "./modisSinusoidalGrid";
import type { RasterGrid } from "./rasterGrid";

/** What {@link rasterGridOf} needs from a raster (a `readGeoTiff` result fits). */
export interface GeoreferencedRaster {
  width: number;
  height: number;
  crs: string | null;
  geoTransform: readonly number[] | null;
  values?: ArrayLike<number>;
}

/**
 * The grid of a georeferenced raster: a LatLonGrid for EPSG:4326, a ModisSinusoidalGrid for the MODIS
 * sinusoidal CRS (proj string with +proj=sinu, lon_0=0 and R=6371007.181). Pixels must be square and north-up
 * (use {@link toNorthUp} first for south-up files).
 *
 * @param raster the raster, e.g. `await readGeoTiff(file)`
 * @param options `what` names the raster in error messages (default "raster")
 * @throws RangeError naming `what` and the CRS or geotransform when no supported grid fits.
 * @example
 * const r = await readGeoTiff("MOD13A1_NDVI_2016_001.tif");
 * const grid = rasterGridOf(r, { what: "MOD13A1_NDVI_2016_001.tif" }); // ModisSinusoidalGrid, 65 × 122
 */
export function rasterGridOf(raster: GeoreferencedRaster, options: { what?: string } = {}): RasterGrid & { width: number; height: number } {
  const { what = "raster" } = options;
  if (!raster.geoTransform) throw new RangeError(`${what}: has no geotransform (not georeferenced, or only GCPs)`);
  const crs = raster.crs ?? "";
  if (crs === "EPSG:4326") {
    try { return LatLonGrid.fromGeoTransform(raster.geoTransform, raster.width, raster.height); } catch (e) { throw new RangeError(`${what}: ${(e as Error).message}`); }
  }
  if (/\+proj=sinu\b/.test(crs) && /\+R=6371007\.181\b/.test(crs) && /\+lon_0=0\b/.test(crs) && /\+x_0=0\b/.test(crs)) {
    try { return ModisSinusoidalGrid.fromGeoTransform(raster.geoTransform, raster.width, raster.height); } catch (e) { throw new RangeError(`${what}: ${(e as Error).message}`); }
  }
  throw new RangeError(`${what}: CRS ${crs || "(none)"} is not supported for grids (EPSG:4326 or ${MODIS_SINUSOIDAL})`);
}

/**
 * Returns a north-up copy of a south-up raster (positive geotransform[5], e.g. `inverted_lat.tif`): rows
 * reversed and the geotransform's origin moved to the northern edge. North-up rasters are returned unchanged.
 * @example
 * toNorthUp({ width: 1, height: 2, crs: "EPSG:4326", geoTransform: [0, 1, 0, -90, 0, 1], values: [1, 2] }).values; // [2, 1]
 */
export function toNorthUp<T extends GeoreferencedRaster & { values: ArrayLike<number> }>(raster: T): T {
  const gt = raster.geoTransform;
  if (!gt || !(gt[5] > 0) || gt[2] !== 0 || gt[4] !== 0) return raster;
  const { width, height } = raster;
  const out = new Float64Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) out[(height - 1 - r) * width + c] = raster.values[r * width + c];
  }
  const values = raster.values instanceof Float32Array ? Float32Array.from(out) : out;
  return { ...raster, values, geoTransform: [gt[0], gt[1], 0, gt[3] + height * gt[5], 0, -gt[5]] };
}
