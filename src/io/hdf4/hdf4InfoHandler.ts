import type { RasterInfo, RasterInfoHandler } from "../rasterInfo";
import { rasterStatistics } from "../rasterStatistics";
import type { AttributeValue } from "../hdf5/cfDecode";
import { Hdf4File, isHdf4Signature } from "./hdf4File";
import { parseHdfEosGrids, hdfEosGeoTransform, hdfEosCrs, gridOfSds } from "./hdfEosGrid";
import { decodeModisSds } from "./decodeModisSds";

function firstNumber(v: AttributeValue | undefined): number | null {
  if (typeof v === "number") return v;
  if (Array.isArray(v) && typeof v[0] === "number") return v[0] as number;
  return null;
}

/**
 * `raster-info` handler for HDF4 files (MODIS land products as LP DAAC distributes them, HDF-EOS2 grids). Variables
 * are the SDS (`--var` takes an SDS name, or GDAL's `GRID:SDS` subdataset suffix); the default is the first.
 * Georeferencing comes from the HDF-EOS2 `StructMetadata.0` grid (sinusoidal or geographic), as GDAL's HDF4_EOS
 * driver gives it. Statistics are over {@link decodeModisSds}'s values (fill and out-of-range → NaN, scaled).
 */
export const hdf4InfoHandler: RasterInfoHandler = {
  name: "hdf4",
  detect: (head) => isHdf4Signature(head),
  async describe(file, { variable }): Promise<RasterInfo> {
    const f = Hdf4File.open(file);
    if (f.sds.length === 0) throw new Error(`${file}: no scientific datasets (SDS) in this HDF4 file`);
    const wanted = variable?.includes(":") ? variable.slice(variable.lastIndexOf(":") + 1) : variable;
    const sds = wanted === undefined ? f.sds[0] : f.get(wanted);
    const meta = f.attributes["StructMetadata.0"];
    const grids = typeof meta === "string" ? parseHdfEosGrids(meta, file) : [];
    const grid = gridOfSds(grids, sds.name);
    const decoded = decodeModisSds(f.readRaw(sds.name), sds);
    const height = sds.shape.length >= 2 ? sds.shape[sds.shape.length - 2] : 1;
    const width = sds.shape[sds.shape.length - 1];
    const geoTransform = grid && grid.width === width && grid.height === height ? hdfEosGeoTransform(grid) : null;
    const bbox = geoTransform
      ? [geoTransform[0], geoTransform[3] + geoTransform[5] * height, geoTransform[0] + geoTransform[1] * width, geoTransform[3]]
      : null;
    const units = typeof sds.attributes.units === "string" ? sds.attributes.units : null;
    return {
      file,
      format: grids.length ? "HDF4 (HDF-EOS2 grid)" : "HDF4",
      variables: f.sds.map((s) => ({ name: s.name, dataType: s.dataType, shape: s.shape, units: typeof s.attributes.units === "string" ? s.attributes.units : null })),
      variable: sds.name,
      width,
      height,
      dataType: sds.dataType,
      crs: grid && geoTransform ? hdfEosCrs(grid) : null,
      geoTransform,
      bbox,
      nodata: firstNumber(sds.attributes._FillValue),
      scale: decoded.scale,
      offset: decoded.offset,
      units,
      timeSteps: null,
      statistics: rasterStatistics(decoded.values),
      details: {
        grid: grid ? { name: grid.name, projection: grid.projection, gdalSubdataset: `HDF4_EOS:EOS_GRID:"${file}":${grid.name}:${sds.name}` } : null,
        compression: sds.compression,
        dimensions: sds.dimNames,
        counts: decoded.counts,
        scaling: decoded.rule,
      },
    };
  },
};
