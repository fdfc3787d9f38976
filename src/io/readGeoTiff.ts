import * as fs from "node:fs";
import { fromFile } from "geotiff";
import type { GeoTIFF, GeoTIFFImage } from "geotiff";
import { geoKeysToCrs } from "./geoKeysToCrs";
import { parseGdalMetadata } from "./parseGdalMetadata";
import type { GdalMetadata } from "./parseGdalMetadata";
import { registerNodeDeflateDecoder } from "./nodeDeflateDecoder";
import { registerFastLzwDecoder } from "./fastLzwDecoder";
import { registerBoundedZstdDecoder } from "./boundedZstdDecoder";
import { registerBoundedJpegDecoder } from "./boundedJpegDecoder";

registerNodeDeflateDecoder();
registerFastLzwDecoder();
registerBoundedZstdDecoder();
registerBoundedJpegDecoder();

/** GDAL geotransform: x = gt[0] + col·gt[1] + row·gt[2]; y = gt[3] + col·gt[4] + row·gt[5] (pixel corners). */
export type GeoTransform = [number, number, number, number, number, number];

/** Options of {@link readGeoTiff}. */
export interface ReadGeoTiffOptions {
  /** Band to read, 1-based as in GDAL (`gdallocationinfo -b`). Default 1. */
  band?: number;
  /** Pixel window `[left, top, right, bottom)` (geotiff.js convention, right/bottom exclusive). Default: whole image. */
  window?: [number, number, number, number];
  /** Apply scale/offset found in GDAL_METADATA (value = raw·scale + offset). Default true. */
  applyScale?: boolean;
  /** Output array type; default "auto" = Float64Array for float64/int32/uint32 samples, else Float32Array. */
  output?: "auto" | "float32" | "float64";
  /** Valid range of the SCALED values, inclusive; values outside become NaN and are counted as `outOfRange`. */
  validRange?: [number, number];
}

/** Counts of what the reader did (the project's NaN policy). */
export interface GeoTiffCounts {
  /** Pixels read (width × height of the window). */
  total: number;
  /** Finite values kept. */
  valid: number;
  /** Pixels equal to the GDAL_NODATA value (NaN when nodata is "nan"), set to NaN. */
  nodata: number;
  /** NaN/±Infinity in the data that were not the nodata value, left NaN. */
  nonFinite: number;
  /** Values outside `validRange`, set to NaN. */
  outOfRange: number;
}

/** The result of {@link readGeoTiff}. */
export interface GeoTiffRaster {
  /** Scaled values, row-major (row 0 = first stored row), NaN for nodata/non-finite/out-of-range. */
  values: Float32Array | Float64Array;
  width: number;
  height: number;
  /** Band count of the file (samples per pixel). */
  bandCount: number;
  /** Band read (1-based). */
  band: number;
  /** Sample type as stored: uint8, int8, uint16, int16, uint32, int32, float16, float32, float64. */
  dataType: string;
  /** "EPSG:<code>", a PROJ string for user-defined CRSs, an ESRI WKT, or null (no GeoKeys). */
  crs: string | null;
  /** GDAL geotransform of the window read (PixelIsPoint files shifted by half a pixel as GDAL does), or null. */
  geoTransform: GeoTransform | null;
  /** [minX, minY, maxX, maxY] of the window in CRS units, or null without a geotransform. */
  bbox: [number, number, number, number] | null;
  /** Number of GCPs when the file is georeferenced only by tie points (no geotransform). */
  gcpCount: number;
  /** GDAL_NODATA value (raw units), NaN for "nan", null when absent. */
  nodata: number | null;
  /** Scale applied (1 when none or applyScale=false). */
  scale: number;
  /** Offset applied (0 when none or applyScale=false). */
  offset: number;
  /** Where scale/offset came from: band role="scale" items, dataset `scale_factor`/`add_offset` items, or none. */
  scaleSource: "band" | "dataset" | "none";
  /** Scale/offset declared in the file, whether applied or not. */
  declaredScale: number;
  declaredOffset: number;
  /** Units from GDAL_METADATA (band UNITTYPE, or dataset `units`), or null. */
  units: string | null;
  /** TIFF compression name (none, lzw, deflate, packbits, zstd, jpeg, …). */
  compression: string;
  /** All GDAL_METADATA items. */
  metadata: GdalMetadata;
  counts: GeoTiffCounts;
}

const COMPRESSION_NAMES: Record<number, string> = {
  1: "none", 2: "CCITT RLE", 3: "CCITT G3", 4: "CCITT G4", 5: "LZW", 6: "old-style JPEG", 7: "JPEG", 8: "DEFLATE",
  32773: "PackBits", 32946: "DEFLATE (Adobe)", 34712: "JPEG2000", 34887: "LERC", 34925: "LZMA", 50000: "ZSTD", 50001: "WEBP", 50002: "JPEGXL",
};
/**
 * Compressions read here: geotiff 3.0.5's decoders in Node (WEBP needs a browser's createImageBitmap; old-style
 * JPEG is unsupported), each bounded by the block's size from the header (Deflate, LZW, ZSTD and JPEG through
 * this folder's decoders; PackBits cannot expand past 128 bytes per 2 input bytes, and the block must lie in the
 * file). LERC (34887) is refused: geotiff.js's LERC decoder sizes its output from the blob's own header.
 */
const SUPPORTED_COMPRESSIONS = new Set([1, 5, 7, 8, 32773, 32946, 50000]);
/** Why a compression geotiff.js could decode is refused. */
const REFUSED_COMPRESSIONS: Record<number, string> = {
  34887: "is refused: its decoder is not bounded by the block size from the TIFF header (convert with gdal_translate -co COMPRESS=DEFLATE)",
};

/** Most pixels {@link readGeoTiff} decodes in one call (2³⁰: 4 GB as float32). */
const MAX_READ_PIXELS = 2 ** 30;

/** Name of a TIFF compression code, e.g. 50001 → "WEBP (50001)". */
export function compressionName(code: number | undefined): string {
  const c = code ?? 1;
  return `${COMPRESSION_NAMES[c] ?? "unknown"} (${c})`;
}

function sampleTypeName(format: number, bits: number): string {
  if (format === 3) return bits === 16 ? "float16" : bits === 32 ? "float32" : bits === 64 ? "float64" : `float${bits}`;
  if (format === 2) return `int${bits}`;
  if (format === 5) return `cint${bits / 2}`;
  if (format === 6) return `cfloat${bits / 2}`;
  return `uint${bits}`;
}

/** Parses a GDAL_NODATA string ("nan", "-3.4e+38", "0 " …); null when absent or unparsable. */
export function parseNoData(text: unknown): number | null {
  if (text === undefined || text === null) return null;
  const s = String(text).replace(/\0/g, "").trim();
  if (s === "") return null;
  if (/^[+-]?nan$/i.test(s)) return NaN;
  if (/^[+-]?inf(inity)?$/i.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  const v = Number(s);
  return Number.isNaN(v) ? null : v;
}

/** Reads the georeferencing of an image (geotransform with GDAL's PixelIsPoint shift, GCP count). */
export function imageGeoTransform(image: GeoTIFFImage): { geoTransform: GeoTransform | null; gcpCount: number } {
  const fd = image.getFileDirectory();
  const mt = fd.getValue("ModelTransformation") as ArrayLike<number> | undefined;
  const tie = fd.getValue("ModelTiepoint") as ArrayLike<number> | undefined;
  const scale = fd.getValue("ModelPixelScale") as ArrayLike<number> | undefined;
  let gt: GeoTransform | null = null;
  let gcpCount = 0;
  if (mt && mt.length >= 16) {
    gt = [mt[3], mt[0], mt[1], mt[7], mt[4], mt[5]];
  } else if (tie && tie.length >= 6 && scale && scale.length >= 2) {
    gt = [tie[3] - tie[0] * scale[0], scale[0], 0, tie[4] + tie[1] * scale[1], 0, -scale[1]];
  } else if (tie && tie.length >= 6) {
    gcpCount = Math.floor(tie.length / 6);
  }
  const keys = image.getGeoKeys() as Record<string, unknown> | null;
  if (gt && keys && keys.GTRasterTypeGeoKey === 2) {
    // RasterPixelIsPoint: GDAL moves the origin half a pixel up-left so the geotransform refers to pixel corners.
    gt = [gt[0] - 0.5 * gt[1] - 0.5 * gt[2], gt[1], gt[2], gt[3] - 0.5 * gt[4] - 0.5 * gt[5], gt[4], gt[5]];
  }
  return { geoTransform: gt, gcpCount };
}

/** Bounding box [minX, minY, maxX, maxY] of a width × height raster under a geotransform. */
export function geoTransformBbox(gt: GeoTransform, width: number, height: number): [number, number, number, number] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [c, r] of [[0, 0], [width, 0], [0, height], [width, height]]) {
    xs.push(gt[0] + c * gt[1] + r * gt[2]);
    ys.push(gt[3] + c * gt[4] + r * gt[5]);
  }
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** Everything about the first image that does not need the pixels; shared by readGeoTiff and raster-info. */
export interface GeoTiffHeader {
  width: number;
  height: number;
  bandCount: number;
  /** Per-band stored sample types. */
  dataTypes: string[];
  compression: string;
  tiled: boolean;
  blockWidth: number;
  blockHeight: number;
  planarConfiguration: number;
  bigTiff: boolean;
  littleEndian: boolean;
  imageCount: number;
  crs: string | null;
  geoTransform: GeoTransform | null;
  gcpCount: number;
  nodata: number | null;
  metadata: GdalMetadata;
}

function fail(file: string, message: string): Error {
  return new Error(`readGeoTiff: ${file}: ${message}`);
}

/** geotiff.js's message for a failure, unless it is a JavaScript error from reading garbage (then a plain phrase). */
function cause(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  if (e instanceof TypeError || /Cannot read propert|undefined|is not a function|outside the bounds|Invalid typed array length|Array buffer allocation/.test(m)) return "unreadable structure";
  return m.split("\n")[0];
}

/** Refuses a TIFF whose first IFD lies outside the file (geotiff.js would parse whatever it finds there). */
function checkFirstIfdOffset(file: string, fileSize: number): void {
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, "r");
  try { fs.readSync(fd, head, 0, 16, 0); } finally { fs.closeSync(fd); }
  const order = head.toString("latin1", 0, 2);
  if (order !== "II" && order !== "MM") return; // geotiff.js names the problem
  const le = order === "II";
  const magic = le ? head.readUInt16LE(2) : head.readUInt16BE(2);
  let ifd: number;
  if (magic === 42) ifd = le ? head.readUInt32LE(4) : head.readUInt32BE(4);
  else if (magic === 43 && fileSize >= 16) ifd = Number(le ? head.readBigUInt64LE(8) : head.readBigUInt64BE(8));
  else return;
  if (ifd < 8 || ifd + 2 > fileSize) throw fail(file, `corrupted or truncated TIFF: the first IFD is at byte ${ifd}, outside the ${fileSize}-byte file`);
}

/** Opens a TIFF with geotiff.js, turning its errors into errors that name the file. */
export async function openGeoTiff(file: string): Promise<{ tiff: GeoTIFF; image: GeoTIFFImage; fileSize: number }> {
  let fileSize: number;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new Error("not a regular file");
    fileSize = st.size;
  } catch (e) {
    throw fail(file, `cannot open (${(e as Error).message})`);
  }
  if (fileSize < 8) throw fail(file, `file is truncated or not a TIFF (${fileSize} bytes)`);
  checkFirstIfdOffset(file, fileSize);
  let tiff: GeoTIFF;
  try {
    tiff = await fromFile(file);
  } catch (e) {
    throw fail(file, `not a readable TIFF (${cause(e)})`);
  }
  try {
    const image = await tiff.getImage(0);
    return { tiff, image, fileSize };
  } catch (e) {
    await tiff.close();
    throw fail(file, `corrupted or truncated TIFF header/IFD (${cause(e)})`);
  }
}

/** Reads the header facts of image 0 (see {@link GeoTiffHeader}). */
export async function readGeoTiffHeader(tiff: GeoTIFF, image: GeoTIFFImage): Promise<GeoTiffHeader> {
  const fd = image.getFileDirectory();
  const bandCount = image.getSamplesPerPixel();
  const formats = fd.getValue("SampleFormat") as ArrayLike<number> | undefined;
  const bits = fd.getValue("BitsPerSample") as ArrayLike<number> | number;
  const dataTypes: string[] = [];
  for (let i = 0; i < bandCount; i++) {
    const b = typeof bits === "number" ? bits : bits[Math.min(i, bits.length - 1)];
    const f = formats ? formats[Math.min(i, formats.length - 1)] : 1;
    dataTypes.push(sampleTypeName(f, b));
  }
  const { geoTransform, gcpCount } = imageGeoTransform(image);
  const metaXml = fd.hasTag("GDAL_METADATA") ? await fd.loadValue("GDAL_METADATA") : undefined;
  const nodataText = fd.hasTag("GDAL_NODATA") ? await fd.loadValue("GDAL_NODATA") : undefined;
  const t = tiff as unknown as { bigTiff?: boolean; littleEndian?: boolean };
  return {
    width: image.getWidth(),
    height: image.getHeight(),
    bandCount,
    dataTypes,
    compression: compressionName(fd.getValue("Compression") as number | undefined),
    tiled: image.isTiled,
    blockWidth: image.getTileWidth(),
    blockHeight: image.getTileHeight(),
    planarConfiguration: (fd.getValue("PlanarConfiguration") as number | undefined) ?? 1,
    bigTiff: Boolean(t.bigTiff),
    littleEndian: Boolean(t.littleEndian),
    imageCount: await tiff.getImageCount(),
    crs: geoKeysToCrs(image.getGeoKeys() as Record<string, unknown> | null),
    geoTransform,
    gcpCount,
    nodata: parseNoData(nodataText),
    metadata: parseGdalMetadata(typeof metaXml === "string" ? metaXml : undefined),
  };
}

/** Scale, offset, their source and units of one band (0-based) from parsed GDAL metadata. */
export function bandScaling(metadata: GdalMetadata, bandIndex: number): { scale: number; offset: number; source: "band" | "dataset" | "none"; units: string | null } {
  const b = metadata.bands[bandIndex] ?? {};
  const d = metadata.dataset;
  const num = (s: string | undefined): number | undefined => {
    if (s === undefined || s.trim() === "") return undefined;
    const v = Number(s);
    return Number.isFinite(v) ? v : undefined;
  };
  const units = b.UNITTYPE || d.units || d.UNITS || null;
  if (b.SCALE !== undefined || b.OFFSET !== undefined) {
    return { scale: num(b.SCALE) ?? 1, offset: num(b.OFFSET) ?? 0, source: "band", units };
  }
  if (d.scale_factor !== undefined || d.add_offset !== undefined) {
    return { scale: num(d.scale_factor) ?? 1, offset: num(d.add_offset) ?? 0, source: "dataset", units };
  }
  return { scale: 1, offset: 0, source: "none", units };
}

/** Checks that every strip/tile lies inside the file, so truncated copies fail with a clear message. */
async function checkBlocksInsideFile(file: string, image: GeoTIFFImage, fileSize: number): Promise<void> {
  const fd = image.getFileDirectory();
  const tiled = fd.hasTag("TileOffsets");
  const offsets = (await fd.loadValue(tiled ? "TileOffsets" : "StripOffsets")) as ArrayLike<number | bigint> | undefined;
  const counts = (await fd.loadValue(tiled ? "TileByteCounts" : "StripByteCounts")) as ArrayLike<number | bigint> | undefined;
  if (!offsets || !counts) throw fail(file, `missing ${tiled ? "TileOffsets/TileByteCounts" : "StripOffsets/StripByteCounts"}`);
  const width = image.getWidth(), height = image.getHeight();
  const bw = image.getTileWidth(), bh = Math.min(image.getTileHeight(), height);
  if (!(bw > 0 && bh > 0)) throw fail(file, `impossible block size ${bw}x${bh} (${tiled ? "TileWidth/TileLength" : "RowsPerStrip"})`);
  const planes = ((fd.getValue("PlanarConfiguration") as number | undefined) ?? 1) === 2 ? image.getSamplesPerPixel() : 1;
  const needed = Math.ceil(width / bw) * Math.ceil(height / bh) * planes;
  const name = tiled ? "TileOffsets" : "StripOffsets";
  if (offsets.length !== needed) throw fail(file, `${name} has ${offsets.length} entries, the ${width}x${height} image in blocks of ${bw}x${bh} needs ${needed}`);
  if (counts.length !== needed) throw fail(file, `${tiled ? "TileByteCounts" : "StripByteCounts"} has ${counts.length} entries, the ${width}x${height} image in blocks of ${bw}x${bh} needs ${needed}`);
  let end = 0;
  for (let i = 0; i < offsets.length; i++) {
    const o = Number(offsets[i]);
    const c = Number(counts[i] ?? 0);
    if (c > 0 && o + c > end) end = o + c;
  }
  if (end > fileSize) throw fail(file, `file is truncated: image data runs to byte ${end} but the file has ${fileSize} bytes`);
}

/**
 * Reads one band of a GeoTIFF (classic or BigTIFF, either byte order; none/PackBits/LZW/Deflate/ZSTD/JPEG; LERC refused;
 * predictors 2 and 3; strips or tiles; chunky or planar; uint8…float64 including float16) into a typed array
 * of scaled, NaN-masked values with georeferencing and counts.
 *
 * value = raw · scale + offset, with scale/offset taken from GDAL_METADATA: the band's `role="scale"`/`"offset"`
 * items (as GDAL reports them), else dataset-level `scale_factor`/`add_offset` items (AppEEARS exports).
 * Raw values equal to GDAL_NODATA (compared at the stored precision, so `-3.4e+38` matches float32
 * −3.3999999521e38, and "nan" matches NaN) become NaN; other non-finite values stay NaN and are counted.
 *
 * @param file path of the .tif
 * @param options see {@link ReadGeoTiffOptions}; defaults band 1, whole image, applyScale true, output "auto".
 * @throws RangeError naming the option (band, window, validRange, output) when it is invalid.
 * @throws Error naming the file and the problem: unreadable, truncated, corrupted, unsupported compression
 *   (e.g. "WEBP (50001)") or sample format (complex); an impossible structure (zero width or height, blocks of
 *   size 0, fewer or more strip/tile offsets than the image needs); a block that decodes past its expected size
 *   (a decompression bomb); more than 2³⁰ pixels in one read.
 * @example
 * const r = await readGeoTiff("test/fixtures/geotiff/float_nan.tif");
 * r.width; // 3
 * r.counts.nodata; // 2 (the NaN pixels)
 */
export async function readGeoTiff(file: string, options: ReadGeoTiffOptions = {}): Promise<GeoTiffRaster> {
  const { band = 1, window, applyScale = true, output = "auto", validRange } = options;
  if (!Number.isInteger(band) || band < 1) throw new RangeError(`readGeoTiff: band must be an integer >= 1, got ${band}`);
  if (window !== undefined) {
    if (!Array.isArray(window) || window.length !== 4 || !window.every((v) => Number.isInteger(v) && v >= 0) || window[2] <= window[0] || window[3] <= window[1]) {
      throw new RangeError(`readGeoTiff: window must be [left, top, right, bottom] non-negative integers with right > left and bottom > top, got ${JSON.stringify(window)}`);
    }
  }
  if (output !== "auto" && output !== "float32" && output !== "float64") throw new RangeError(`readGeoTiff: output must be "auto", "float32" or "float64", got ${String(output)}`);
  if (validRange !== undefined && !(Array.isArray(validRange) && validRange.length === 2 && validRange[0] <= validRange[1])) {
    throw new RangeError(`readGeoTiff: validRange must be [min, max] with min <= max, got ${JSON.stringify(validRange)}`);
  }

  const name = file;
  const { tiff, image, fileSize } = await openGeoTiff(file);
  try {
    let header: GeoTiffHeader;
    try {
      header = await readGeoTiffHeader(tiff, image);
    } catch (e) {
      throw fail(name, `corrupted TIFF tags (${cause(e)})`);
    }
    if (!(Number.isInteger(header.width) && header.width > 0 && Number.isInteger(header.height) && header.height > 0)) {
      throw fail(name, `impossible image size ${header.width}x${header.height} (ImageWidth and ImageLength must be positive)`);
    }
    if (!(header.bandCount >= 1)) throw fail(name, `impossible SamplesPerPixel ${header.bandCount}`);
    if (band > header.bandCount) throw new RangeError(`readGeoTiff: band must be <= ${header.bandCount} for ${name}, got ${band}`);
    const win = window ?? [0, 0, header.width, header.height];
    if (win[2] > header.width || win[3] > header.height) {
      throw new RangeError(`readGeoTiff: window ${JSON.stringify(win)} exceeds the ${header.width}x${header.height} image of ${name}`);
    }
    const compressionCode = (image.getFileDirectory().getValue("Compression") as number | undefined) ?? 1;
    if (REFUSED_COMPRESSIONS[compressionCode]) throw fail(name, `compression ${compressionName(compressionCode)} ${REFUSED_COMPRESSIONS[compressionCode]}`);
    if (!SUPPORTED_COMPRESSIONS.has(compressionCode)) {
      throw fail(name, `compression ${compressionName(compressionCode)} is not supported by the decoder (geotiff.js in Node)`);
    }
    const dataType = header.dataTypes[band - 1];
    if (/^c(int|float)/.test(dataType)) throw fail(name, `sample type ${dataType} (complex) is not supported`);
    await checkBlocksInsideFile(name, image, fileSize);
    if ((win[2] - win[0]) * (win[3] - win[1]) > MAX_READ_PIXELS) {
      throw fail(name, `the ${win[2] - win[0]}x${win[3] - win[1]} window is more than ${MAX_READ_PIXELS} pixels to read at once; read it in windows (options.window)`);
    }

    let raw: ArrayLike<number>;
    try {
      const photometric = image.getFileDirectory().getValue("PhotometricInterpretation") as number | undefined;
      if (photometric === 6 && header.bandCount >= 3 && band <= 3) {
        // YCbCr (JPEG-compressed RGB imagery): convert to RGB as GDAL presents it (chroma upsampling may differ by ±2)
        const rgb = await image.readRGB({ window: win, interleave: false, enableAlpha: false });
        raw = (rgb as unknown as ArrayLike<number>[])[band - 1];
      } else {
        const rasters = await image.readRasters({ samples: [band - 1], window: win, interleave: false });
        raw = (rasters as unknown as ArrayLike<number>[])[0];
      }
    } catch (e) {
      throw fail(name, `cannot decode ${compressionName(compressionCode)} ${dataType} data, file corrupted? (${cause(e)})`);
    }
    const width = win[2] - win[0];
    const height = win[3] - win[1];
    const n = width * height;
    if (!raw || raw.length !== n) throw fail(name, `decoded ${raw ? raw.length : 0} values, expected ${n}`);

    const scaling = bandScaling(header.metadata, band - 1);
    const scale = applyScale ? scaling.scale : 1;
    const offset = applyScale ? scaling.offset : 0;
    const wide = dataType === "float64" || dataType === "int32" || dataType === "uint32";
    const useF64 = output === "float64" || (output === "auto" && wide);
    const values = useF64 ? new Float64Array(n) : new Float32Array(n);

    // Nodata compared at the stored precision.
    let nd = header.nodata;
    const isFloat = dataType.startsWith("float");
    if (nd !== null && Number.isFinite(nd)) {
      if (dataType === "float32" || dataType === "float16") nd = Math.fround(nd);
      else if (!isFloat && !Number.isInteger(nd)) nd = null; // cannot occur in integer data
    }
    const ndIsNaN = nd !== null && Number.isNaN(nd);
    const ndVal = nd === null || ndIsNaN ? NaN : nd;
    const hasNd = nd !== null && !ndIsNaN;
    const lo = validRange ? validRange[0] : -Infinity;
    const hi = validRange ? validRange[1] : Infinity;
    // native conversion of the decoded samples, then one monomorphic pass over the output array
    values.set(raw as ArrayLike<number>);
    const ndCmp = hasNd && values instanceof Float32Array ? Math.fround(ndVal) : ndVal;
    const { nNodata, nNonFinite, nOut } = maskAndScale(values, hasNd, ndCmp, ndIsNaN, scale, offset, lo, hi);
    let gt: GeoTransform | null = null;
    if (header.geoTransform) {
      const g = header.geoTransform;
      gt = [g[0] + win[0] * g[1] + win[1] * g[2], g[1], g[2], g[3] + win[0] * g[4] + win[1] * g[5], g[4], g[5]];
    }
    return {
      values, width, height, bandCount: header.bandCount, band, dataType,
      crs: header.crs, geoTransform: gt, bbox: gt ? geoTransformBbox(gt, width, height) : null, gcpCount: header.gcpCount,
      nodata: header.nodata, scale, offset, scaleSource: scaling.source,
      declaredScale: scaling.scale, declaredOffset: scaling.offset, units: scaling.units,
      compression: header.compression, metadata: header.metadata,
      counts: { total: n, valid: n - nNodata - nNonFinite - nOut, nodata: nNodata, nonFinite: nNonFinite, outOfRange: nOut },
    };
  } finally {
    await tiff.close();
  }
}

/** In place: nodata → NaN, non-finite → NaN, v·scale + offset, out of [lo, hi] → NaN; returns the counts. */
function maskAndScale(values: Float32Array | Float64Array, hasNd: boolean, nd: number, ndIsNaN: boolean, scale: number, offset: number, lo: number, hi: number): { nNodata: number; nNonFinite: number; nOut: number } {
  let nNodata = 0, nNonFinite = 0, nOut = 0;
  const identity = scale === 1 && offset === 0;
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const r = values[i];
    if (hasNd && r === nd) { values[i] = NaN; nNodata++; continue; }
    if (r !== r || r === Infinity || r === -Infinity) {
      values[i] = NaN;
      if (ndIsNaN && r !== r) nNodata++; else nNonFinite++;
      continue;
    }
    const v = identity ? r : r * scale + offset;
    if (v < lo || v > hi) { values[i] = NaN; nOut++; continue; }
    if (!identity) values[i] = v;
  }
  return { nNodata, nNonFinite, nOut };
}
