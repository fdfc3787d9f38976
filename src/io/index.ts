// Public API of src/io (raster I/O). Other readers add their exports here.
export { readGeoTiff, readGeoTiffHeader, openGeoTiff, parseNoData, compressionName, bandScaling, geoTransformBbox, imageGeoTransform } from "./readGeoTiff";
export type { ReadGeoTiffOptions, GeoTiffRaster, GeoTiffCounts, GeoTiffHeader, GeoTransform } from "./readGeoTiff";
export { geoKeysToCrs } from "./geoKeysToCrs";
export { parseGdalMetadata } from "./parseGdalMetadata";
export type { GdalMetadata } from "./parseGdalMetadata";
export { writeGeoTiff, writeGeoTiffAsync, MODIS_SINUSOIDAL_PROJ } from "./writeGeoTiff";
export type { WriteGeoTiffOptions, WriteGeoTiffResult, RasterGridLike } from "./writeGeoTiff";
export { rasterInfo } from "./rasterInfo";
export type { RasterInfo, RasterInfoHandler, RasterInfoOptions, RasterInfoVariableSummary } from "./rasterInfo";
export { rasterInfoHandlers } from "./rasterInfoHandlers";
export { geoTiffInfoHandler, isTiffSignature } from "./geoTiffInfoHandler";
export { rasterStatistics } from "./rasterStatistics";
export type { RasterStatistics } from "./rasterStatistics";
export { NodeDeflateDecoder, registerNodeDeflateDecoder } from "./nodeDeflateDecoder";
export { FastLzwDecoder, decodeLzw, registerFastLzwDecoder } from "./fastLzwDecoder";
export { writeFileAtomic } from "./writeFileAtomic";
export type { WriteFileAtomicOptions } from "./writeFileAtomic";
export { sweepStaleTemporaries } from "./sweepStaleTemporaries";
export { BoundedZstdDecoder, registerBoundedZstdDecoder } from "./boundedZstdDecoder";
export { BoundedJpegDecoder, registerBoundedJpegDecoder, jpegFrameHeaders, type JpegFrameHeader } from "./boundedJpegDecoder";
export { blockDecoderParameters, expectedBlockBytes } from "./blockBytes";
export type { BlockDecoderParameters } from "./blockBytes";
export { crc32 } from "./crc32";
export { unzipChecked } from "./unzipChecked";
export { zipBytes } from "./writeZip";
export type { ZipEntryInput, ZipBytesOptions } from "./writeZip";
export type { UnzipCheckedOptions } from "./unzipChecked";
export { decodeText } from "./decodeText";

export * from "./stacCatalog";

export { AtomicFileWriter } from "./atomicFileWriter";

export * from "./hdf4/index";
export { readFileHead } from "./readFileHead";
