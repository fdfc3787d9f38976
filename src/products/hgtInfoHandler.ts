import type { RasterInfo, RasterInfoHandler } from "../io/rasterInfo";
import { rasterStatistics } from "../io/rasterStatistics";
import { readHgt } from "./srtm";

/** `raster-info` handler for SRTM `.hgt` tiles and zipped `.hgt.zip` tiles (no magic number: recognised by the name; size checked when read). */
export const hgtInfoHandler: RasterInfoHandler = {
  name: "srtm-hgt",
  detect: (_head, file) => /\.hgt(\.zip)?$/i.test(file),
  async describe(file, { variable }): Promise<RasterInfo> {
    if (variable !== undefined && variable !== "elevation") throw new Error(`${file}: no variable '${variable}' (has: elevation)`);
    const dem = await readHgt(file);
    const gt = dem.grid.geoTransform();
    return {
      file,
      format: "SRTM HGT",
      variables: [{ name: "elevation", dataType: "int16", shape: [dem.grid.height, dem.grid.width], units: "m" }],
      variable: "elevation",
      width: dem.grid.width,
      height: dem.grid.height,
      dataType: "int16 (big-endian)",
      crs: "EPSG:4326",
      geoTransform: gt,
      bbox: [dem.grid.west, dem.grid.south, dem.grid.east, dem.grid.north],
      nodata: -32768,
      scale: 1,
      offset: 0,
      units: "m",
      timeSteps: null,
      statistics: rasterStatistics(dem.values),
      details: { counts: dem.counts, registration: "pixel-centre samples on whole degrees (tile name = SW corner)" },
    };
  },
};
