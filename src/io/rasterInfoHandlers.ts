import type { RasterInfoHandler } from "./rasterInfo";
import { geoTiffInfoHandler } from "./geoTiffInfoHandler";

/**
 * The format handlers of `rasterInfo` / `sm-downscale raster-info`, tried in order (first `detect` wins).
 * Each format adds ONE import line above and ONE entry here (see RasterInfoHandler in rasterInfo.ts).
 */
export const rasterInfoHandlers: RasterInfoHandler[] = [
  geoTiffInfoHandler,
];
