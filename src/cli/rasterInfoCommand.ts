import type { Command } from "./command";
import { parseOptions } from "./parseOptions";
import { UsageError } from "./usageError";
import { rasterInfo } from "../io/rasterInfo";

const usage = `usage: sm-downscale raster-info FILE [--var NAME]

Prints one JSON object describing a raster or station file: format, variables (bands), width, height,
data type, CRS (EPSG code or PROJ string), geotransform, bounding box, nodata, scale, offset, units,
time steps, and statistics (min, max, mean, validCount) of the scaled data with fill values as NaN.

  FILE         any format registered in src/io/rasterInfoHandlers.ts: GeoTIFF/BigTIFF, NetCDF4/HDF5,
               SRTM .hgt (.hgt.zip), station files (ISMN .stm, static-variables and station CSV)
  --var NAME   variable or band to describe (GeoTIFF: band_N or N; NetCDF/HDF5: the variable or
               dataset path); default the first/main variable

Exit codes: 0 success, 1 unreadable/unsupported file or unknown variable, 2 usage error.`;

/** `sm-downscale raster-info FILE [--var NAME]` (see {@link rasterInfo}). */
export const rasterInfoCommand: Command = {
  name: "raster-info",
  summary: "describe a raster/station file as one JSON object (CRS, grid, nodata, scale, statistics)",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseOptions("raster-info", argv, { var: { type: "string" } }, true);
    if (positionals.length !== 1) throw new UsageError(`raster-info: expected exactly one FILE, got ${positionals.length} (${positionals.join(" ") || "none"})`);
    if (values.var !== undefined && values.var.trim() === "") throw new UsageError("raster-info: --var must not be empty");
    const info = await rasterInfo(positionals[0], { variable: values.var });
    io.out(JSON.stringify(info, null, 2));
    return 0;
  },
};
