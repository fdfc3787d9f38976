import type { RasterInfoHandler } from "./rasterInfo";
import { geoTiffInfoHandler } from "./geoTiffInfoHandler";
import { hdf5InfoHandler } from "./hdf5/hdf5InfoHandler";
import { hdf4InfoHandler } from "./hdf4/hdf4InfoHandler";
import { hgtInfoHandler } from "../products/hgtInfoHandler";
import { stationInfoHandler } from "../products/stations/stationInfoHandler";

/**
 * The format handlers of `rasterInfo` / `sm-downscale raster-info`, tried in order (first `detect` wins).
 * Each format adds ONE import line above and ONE entry here (see RasterInfoHandler in rasterInfo.ts).
 */
export const rasterInfoHandlers: RasterInfoHandler[] = [
  geoTiffInfoHandler,
  hdf5InfoHandler,
  hdf4InfoHandler,
  hgtInfoHandler,
  stationInfoHandler,
];
