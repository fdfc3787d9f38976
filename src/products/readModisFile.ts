import { readFileHead } from "../io/readFileHead";
import { isHdf4Signature } from "../io/hdf4/hdf4File";
import { readModisGeoTiff, type ModisRaster, type ReadModisOptions } from "./modis";
import { readModisHdf4 } from "./modisHdf4";

/**
 * Reads a MODIS layer from either form users have: an LP DAAC HDF4-EOS2 granule ({@link readModisHdf4}) or a
 * GeoTIFF export (AppEEARS, MODIStsp, GDAL; {@link readModisGeoTiff}), told apart by the file's signature.
 * @throws Error naming the file (see the two readers).
 * @example
 * const ndvi = await readModisFile("MOD13A2.A2015177.h28v05.061.2020311013015.hdf");
 */
export async function readModisFile(file: string, options: ReadModisOptions = {}): Promise<ModisRaster> {
  const head = readFileHead(file, 4);
  return isHdf4Signature(head) ? readModisHdf4(file, options) : readModisGeoTiff(file, options);
}
