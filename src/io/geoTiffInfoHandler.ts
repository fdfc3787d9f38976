import type { RasterInfo, RasterInfoHandler } from "./rasterInfo";
import { readGeoTiff, openGeoTiff, readGeoTiffHeader } from "./readGeoTiff";
import type { GeoTiffHeader } from "./readGeoTiff";
import { rasterStatistics } from "./rasterStatistics";

/** True for the four TIFF signatures: classic/BigTIFF in little- (II) or big-endian (MM) order. */
export function isTiffSignature(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const ii = head[0] === 0x49 && head[1] === 0x49 && (head[2] === 42 || head[2] === 43) && head[3] === 0;
  const mm = head[0] === 0x4d && head[1] === 0x4d && head[2] === 0 && (head[3] === 42 || head[3] === 43);
  return ii || mm;
}

/**
 * `raster-info` handler for GeoTIFF/TIFF (classic and BigTIFF). Variables are the bands, named `band_1` …;
 * `--var` accepts `band_N`, `bandN`, `bN` or `N`.
 */
export const geoTiffInfoHandler: RasterInfoHandler = {
  name: "geotiff",
  detect: (head) => isTiffSignature(head),
  async describe(file, { variable }): Promise<RasterInfo> {
    const { tiff, image } = await openGeoTiff(file);
    let header: GeoTiffHeader;
    try {
      header = await readGeoTiffHeader(tiff, image);
    } catch (e) {
      throw new Error(`readGeoTiff: ${file}: corrupted TIFF tags (${(e as Error).message})`);
    } finally {
      await tiff.close();
    }
    const names = header.dataTypes.map((_, i) => `band_${i + 1}`);
    let band = 1;
    if (variable !== undefined) {
      const m = /^(?:band_?|b)?(\d+)$/i.exec(variable.trim());
      band = m ? Number(m[1]) : NaN;
      if (!(band >= 1 && band <= header.bandCount)) throw new Error(`${file}: no variable '${variable}' (has: ${names.join(", ")})`);
    }
    const r = await readGeoTiff(file, { band });
    return {
      file,
      format: header.bigTiff ? "BigTIFF GeoTIFF" : "GeoTIFF",
      variables: header.dataTypes.map((t, i) => ({ name: names[i], dataType: t, shape: [header.height, header.width] })),
      variable: names[band - 1],
      width: r.width,
      height: r.height,
      dataType: r.dataType,
      crs: r.crs,
      geoTransform: r.geoTransform,
      bbox: r.bbox,
      nodata: r.nodata === null ? null : Number.isNaN(r.nodata) ? "nan" : r.nodata,
      scale: r.scale,
      offset: r.offset,
      units: r.units,
      timeSteps: null,
      statistics: rasterStatistics(r.values),
      details: {
        byteOrder: header.littleEndian ? "little-endian" : "big-endian",
        compression: header.compression,
        layout: header.tiled ? `tiles ${header.blockWidth}x${header.blockHeight}` : `strips of ${header.blockHeight} rows`,
        planarConfiguration: header.planarConfiguration === 2 ? "separate" : "contiguous",
        imageCount: header.imageCount,
        scaleSource: r.scaleSource,
        gcpCount: r.gcpCount,
        counts: r.counts,
      },
    };
  },
};
