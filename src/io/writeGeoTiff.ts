import * as fs from "node:fs";
import { sweepStaleTemporaries } from "./sweepStaleTemporaries";
import * as os from "node:os";
import { deflate, deflateSync } from "node:zlib";
import type { GeoTransform } from "./readGeoTiff";
import { MODIS_SINUSOIDAL } from "../grid/modisSinusoidalGrid";

/** The MODIS sinusoidal CRS as AppEEARS and GDAL spell it (sphere R = 6371007.181 m); same as grid's MODIS_SINUSOIDAL. */
export const MODIS_SINUSOIDAL_PROJ: string = MODIS_SINUSOIDAL;

/** Anything that knows its size, geotransform and CRS (LatLonGrid, ModisSinusoidalGrid). */
export interface RasterGridLike {
  width: number;
  height: number;
  crs: string;
  geoTransform(): GeoTransform;
}

/** Options of {@link writeGeoTiff}. */
export interface WriteGeoTiffOptions {
  /** Grid giving width, height, geotransform and CRS. Either this or width+height+geoTransform+crs. */
  grid?: RasterGridLike;
  width?: number;
  height?: number;
  /** GDAL geotransform (rotation terms allowed: written as ModelTransformation). */
  geoTransform?: GeoTransform;
  /** "EPSG:<code>" (4000–4999 written as geographic, others as projected) or a `+proj=sinu` string (e.g. {@link MODIS_SINUSOIDAL_PROJ}). */
  crs?: string;
  /** Sample type. Default "float32". */
  dataType?: "float32" | "int16" | "uint8";
  /** Nodata value written as GDAL_NODATA; NaN input values are written as it. Required for integer types when values contain NaN. */
  nodata?: number;
  /** Tile edge in pixels, a multiple of 16. Default 256. */
  tileSize?: number;
  /** Default "deflate" (TIFF compression 8, zlib stream). */
  compression?: "deflate" | "none";
  /** zlib level 1–9. Default 6. */
  deflateLevel?: number;
  /** Apply TIFF predictor (2 horizontal for integers, 3 floating-point for float32). Default false. */
  predictor?: boolean;
  /** Scale and offset declared for readers (value = raw·scale + offset), written to GDAL_METADATA. */
  scale?: number;
  offset?: number;
  /** Units written as the band's UNITTYPE in GDAL_METADATA. */
  units?: string;
  /** Extra dataset-level metadata items (name → value). */
  metadata?: Record<string, string>;
  /** Write GDAL's COG "ghost" header (block leaders/trailers) so GDAL reports LAYOUT=COG. Default true. */
  cogLayout?: boolean;
  /**
   * Internal overviews (reduced-resolution images, each half the previous size, every pixel the mean of the
   * non-NaN values of its 2 × 2 block, NaN when all four are NaN): a count 0..16, or "auto" = halve until the
   * overview fits in one tile (what GDAL's COG driver does). Laid out as a COG: all IFDs first, then the tiles
   * of the smallest overview first and the full-resolution tiles last. Default 0 (none).
   */
  overviews?: number | "auto";
}

/** What {@link writeGeoTiff} wrote. */
export interface WriteGeoTiffResult {
  path: string;
  bytes: number;
  width: number;
  height: number;
  tiles: number;
  /** NaN inputs written as the nodata value (or left NaN for float32 without nodata). */
  nanCount: number;
  /** Internal overview levels written. */
  overviews: number;
}

// TIFF field types
const SHORT = 3, LONG = 4, ASCII = 2, DOUBLE = 12;

interface Tag { tag: number; type: number; values: number[] | string }

function crsGeoKeys(crs: string): { shorts: number[][]; doubles: number[]; ascii: string } {
  // entries: [keyId, location, count, value]; location 0 = value inline, 34736 = doubles, 34737 = ascii
  const keys: number[][] = [];
  const doubles: number[] = [];
  let ascii = "";
  const addAscii = (id: number, s: string) => { keys.push([id, 34737, s.length + 1, ascii.length]); ascii += s + "|"; };
  const addDouble = (id: number, v: number) => { keys.push([id, 34736, 1, doubles.length]); doubles.push(v); };
  const epsg = /^EPSG:(\d+)$/i.exec(crs.trim());
  if (epsg) {
    const code = Number(epsg[1]);
    const geographic = code >= 4000 && code < 5000;
    keys.push([1024, 0, 1, geographic ? 2 : 1]); // GTModelTypeGeoKey
    keys.push([1025, 0, 1, 1]); // GTRasterTypeGeoKey = PixelIsArea
    if (geographic) {
      keys.push([2048, 0, 1, code]); // GeographicTypeGeoKey
      keys.push([2054, 0, 1, 9102]); // GeogAngularUnitsGeoKey = degree
    } else {
      keys.push([3072, 0, 1, code]); // ProjectedCSTypeGeoKey
      keys.push([3076, 0, 1, 9001]); // ProjLinearUnitsGeoKey = metre
    }
  } else if (/\+proj=sinu\b/.test(crs)) {
    const p = (name: string, dflt: number): number => {
      const m = new RegExp(`\\+${name}=([-+0-9.eE]+)`).exec(crs);
      return m ? Number(m[1]) : dflt;
    };
    const r = p("R", p("a", NaN));
    if (!Number.isFinite(r)) throw new RangeError(`writeGeoTiff: crs sinusoidal string needs +R=<radius>, got "${crs}"`);
    keys.push([1024, 0, 1, 1]); // projected
    keys.push([1025, 0, 1, 1]); // PixelIsArea
    addAscii(1026, "MODIS Sinusoidal"); // GTCitationGeoKey
    keys.push([2048, 0, 1, 32767]); // GeographicTypeGeoKey = user-defined
    addAscii(2049, "Unknown datum based upon the custom spheroid"); // GeogCitationGeoKey
    keys.push([2050, 0, 1, 32767]); // GeogGeodeticDatumGeoKey = user-defined
    keys.push([2054, 0, 1, 9102]); // degree
    keys.push([2056, 0, 1, 32767]); // GeogEllipsoidGeoKey = user-defined
    addDouble(2057, r); // GeogSemiMajorAxisGeoKey
    addDouble(2058, r); // GeogSemiMinorAxisGeoKey
    addDouble(2061, 0); // GeogPrimeMeridianLongGeoKey
    keys.push([3072, 0, 1, 32767]); // ProjectedCSTypeGeoKey = user-defined
    keys.push([3074, 0, 1, 32767]); // ProjectionGeoKey = user-defined
    keys.push([3075, 0, 1, 24]); // ProjCoordTransGeoKey = CT_Sinusoidal
    keys.push([3076, 0, 1, 9001]); // metre
    addDouble(3082, p("x_0", 0)); // ProjFalseEastingGeoKey
    addDouble(3083, p("y_0", 0)); // ProjFalseNorthingGeoKey
    addDouble(3088, p("lon_0", 0)); // ProjCenterLongGeoKey
  } else {
    throw new RangeError(`writeGeoTiff: crs must be "EPSG:<code>" or a +proj=sinu string, got "${crs}"`);
  }
  keys.sort((a, b) => a[0] - b[0]);
  return { shorts: keys, doubles, ascii };
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Formats a number for GDAL_NODATA / metadata so it round-trips (float32 nodata printed at float32 precision). */
function formatNumber(v: number, float32: boolean): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (Number.isInteger(v)) return String(v);
  return float32 ? String(Number(Math.fround(v).toPrecision(9))) : String(v);
}

/**
 * Writes a single-band, tiled, Deflate-compressed GeoTIFF (classic little-endian TIFF) laid out as a
 * Cloud Optimized GeoTIFF without overviews: header, GDAL's structural-metadata "ghost" block, the IFD and
 * all tag data first, then the tiles in row-major order, each preceded by its byte count and followed by
 * its last 4 bytes (GDAL's BLOCK_LEADER/BLOCK_TRAILER), so `gdalinfo` reports `LAYOUT=COG`.
 * Georeferencing: ModelPixelScale + ModelTiepoint (or ModelTransformation when the geotransform is rotated),
 * GeoKeys for EPSG codes or the MODIS sinusoidal sphere (user-defined CT_Sinusoidal, as GDAL writes it),
 * GDAL_NODATA, and GDAL_METADATA with scale/offset/units. The file is written to `<path>.tmp-<pid>` and renamed.
 *
 * @param file output path
 * @param values row-major values (row 0 = north for north-up grids), width·height of them; NaN = missing
 * @param options see {@link WriteGeoTiffOptions}; defaults float32, tileSize 256, deflate level 6, no predictor, COG layout
 * @throws RangeError/TypeError naming the option (or `values`) when options are invalid, the length is wrong,
 *   values do not fit the integer type, or NaN would be written to an integer type without `nodata`.
 * @example
 * const grid = new LatLonGrid({ west: 124, north: 43, cellSize: 0.25, width: 4, height: 3 });
 * writeGeoTiff("/tmp/sm.tif", new Float32Array(12).fill(0.3), { grid, nodata: -9999 });
 * // gdalinfo: EPSG:4326, Origin = (124, 43), Pixel Size = (0.25, -0.25), NoData Value=-9999
 */
export function writeGeoTiff(file: string, values: ArrayLike<number>, options: WriteGeoTiffOptions): WriteGeoTiffResult {
  const p = prepareGeoTiff(file, values, options, "writeGeoTiff");
  const compressed: Buffer[] = new Array(p.nTiles);
  for (let i = 0; i < p.nTiles; i++) compressed[i] = p.encodeTile(i);
  return p.finish(compressed);
}

/**
 * Same as {@link writeGeoTiff}, but compresses tiles in parallel on libuv's thread pool (zlib.deflate),
 * `concurrency` at a time (default: number of CPUs, at least 2). Same bytes as writeGeoTiff.
 * @throws as writeGeoTiff (validation errors reject before any work).
 * @example
 * await writeGeoTiffAsync("/tmp/big.tif", values, { grid, nodata: -9999 });
 */
export async function writeGeoTiffAsync(file: string, values: ArrayLike<number>, options: WriteGeoTiffOptions & { concurrency?: number }): Promise<WriteGeoTiffResult> {
  const concurrency = options?.concurrency ?? Math.max(2, os.cpus().length);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`writeGeoTiffAsync: concurrency must be a positive integer, got ${concurrency}`);
  const p = prepareGeoTiff(file, values, options, "writeGeoTiffAsync");
  const compressed: Buffer[] = new Array(p.nTiles);
  let next = 0;
  const worker = async () => {
    while (next < p.nTiles) {
      const i = next++;
      compressed[i] = await p.encodeTileAsync(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, p.nTiles) }, worker));
  return p.finish(compressed);
}

interface PreparedGeoTiff {
  nTiles: number;
  encodeTile(i: number): Buffer;
  encodeTileAsync(i: number): Promise<Buffer>;
  finish(compressed: Buffer[]): WriteGeoTiffResult;
}

function prepareGeoTiff(file: string, values: ArrayLike<number>, options: WriteGeoTiffOptions, fn: string): PreparedGeoTiff {
  const {
    grid, dataType = "float32", nodata, tileSize = 256, compression = "deflate", deflateLevel = 6,
    predictor = false, scale, offset, units, metadata = {}, cogLayout = true, overviews = 0,
  } = options ?? {};
  // ---- validation (before any work)
  if (typeof file !== "string" || file === "") throw new TypeError(`${fn}: path must be a non-empty string, got ${String(file)}`);
  const width = grid ? grid.width : options.width;
  const height = grid ? grid.height : options.height;
  const gt = grid ? grid.geoTransform() : options.geoTransform;
  const crs = grid ? grid.crs : options.crs;
  if (!Number.isInteger(width) || (width as number) < 1) throw new RangeError(`${fn}: width must be a positive integer (or give grid), got ${width}`);
  if (!Number.isInteger(height) || (height as number) < 1) throw new RangeError(`${fn}: height must be a positive integer (or give grid), got ${height}`);
  if (!gt || gt.length !== 6 || !gt.every(Number.isFinite) || gt[1] === 0 || gt[5] === 0) throw new RangeError(`${fn}: geoTransform must be 6 finite numbers with non-zero pixel sizes, got ${JSON.stringify(gt)}`);
  if (typeof crs !== "string") throw new RangeError(`${fn}: crs must be given (or a grid), got ${String(crs)}`);
  if (dataType !== "float32" && dataType !== "int16" && dataType !== "uint8") throw new RangeError(`${fn}: dataType must be "float32", "int16" or "uint8", got ${String(dataType)}`);
  if (!Number.isInteger(tileSize) || tileSize < 16 || tileSize % 16 !== 0 || tileSize > 4096) throw new RangeError(`${fn}: tileSize must be a multiple of 16 in [16, 4096], got ${tileSize}`);
  if (compression !== "deflate" && compression !== "none") throw new RangeError(`${fn}: compression must be "deflate" or "none", got ${String(compression)}`);
  if (!Number.isInteger(deflateLevel) || deflateLevel < 1 || deflateLevel > 9) throw new RangeError(`${fn}: deflateLevel must be an integer in [1, 9], got ${deflateLevel}`);
  if (nodata !== undefined && typeof nodata !== "number") throw new TypeError(`${fn}: nodata must be a number, got ${String(nodata)}`);
  if (scale !== undefined && !Number.isFinite(scale)) throw new RangeError(`${fn}: scale must be finite, got ${scale}`);
  if (offset !== undefined && !Number.isFinite(offset)) throw new RangeError(`${fn}: offset must be finite, got ${offset}`);
  const w = width as number, h = height as number;
  if (!values || values.length !== w * h) throw new RangeError(`${fn}: values must hold width*height = ${w * h} numbers, got ${values ? values.length : 0}`);
  const intRange: Record<string, [number, number]> = { int16: [-32768, 32767], uint8: [0, 255] };
  if (dataType !== "float32" && nodata !== undefined && !(Number.isInteger(nodata) && nodata >= intRange[dataType][0] && nodata <= intRange[dataType][1])) {
    throw new RangeError(`${fn}: nodata ${nodata} does not fit dataType ${dataType}`);
  }
  if (overviews !== "auto" && !(Number.isInteger(overviews) && overviews >= 0 && overviews <= 16)) {
    throw new RangeError(`${fn}: overviews must be an integer in 0..16 or "auto", got ${String(overviews)}`);
  }
  const geoKeys = crsGeoKeys(crs);

  // ---- convert values to the sample type (NaN → nodata), checking integer ranges
  const bps = dataType === "uint8" ? 1 : dataType === "int16" ? 2 : 4;
  let nanCount = 0;
  const intRangeOf = intRange[dataType];
  const toSamples = (vals: ArrayLike<number>, count: boolean): Float32Array | Int16Array | Uint8Array => {
    const len = vals.length;
    if (dataType === "float32") {
      const out = new Float32Array(len);
      const fill = nodata === undefined ? NaN : nodata;
      for (let i = 0; i < len; i++) {
        const v = vals[i];
        if (v !== v) { out[i] = fill; if (count) nanCount++; } else out[i] = v;
      }
      return out;
    }
    const [lo, hi] = intRangeOf;
    const out = dataType === "int16" ? new Int16Array(len) : new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      const v = vals[i];
      if (v !== v) {
        if (nodata === undefined) throw new RangeError(`${fn}: values contain NaN (index ${i}) but no nodata was given for dataType ${dataType}`);
        out[i] = nodata; if (count) nanCount++;
        continue;
      }
      const r = Math.round(v);
      if (!(r >= lo && r <= hi)) throw new RangeError(`${fn}: values[${i}] = ${v} does not fit dataType ${dataType} [${lo}, ${hi}]`);
      out[i] = r;
    }
    return out;
  };
  // the images: full resolution, then each overview (2 × 2 means of the non-NaN values)
  interface Image { w: number; h: number; samples: Float32Array | Int16Array | Uint8Array; across: number; down: number; first: number }
  const images: Image[] = [];
  const addImage = (vals: ArrayLike<number>, iw: number, ih: number, count: boolean): void => {
    images.push({ w: iw, h: ih, samples: toSamples(vals, count), across: Math.ceil(iw / tileSize), down: Math.ceil(ih / tileSize), first: 0 });
  };
  addImage(values, w, h, true);
  let level: ArrayLike<number> = values, lw = w, lh = h;
  const maxLevels = overviews === "auto" ? 16 : overviews;
  for (let k = 0; k < maxLevels; k++) {
    if (overviews === "auto" && lw <= tileSize && lh <= tileSize) break;
    if (lw === 1 && lh === 1) break;
    const nw = Math.ceil(lw / 2), nh = Math.ceil(lh / 2);
    const next = new Float32Array(nw * nh);
    for (let y = 0; y < nh; y++) {
      for (let x = 0; x < nw; x++) {
        let sum = 0, cnt = 0;
        for (let dy = 0; dy < 2; dy++) {
          const yy = 2 * y + dy;
          if (yy >= lh) continue;
          for (let dx = 0; dx < 2; dx++) {
            const xx = 2 * x + dx;
            if (xx >= lw) continue;
            const v = level[yy * lw + xx];
            if (v === v) { sum += v; cnt++; }
          }
        }
        next[y * nw + x] = cnt > 0 ? sum / cnt : NaN;
      }
    }
    addImage(next, nw, nh, false);
    level = next; lw = nw; lh = nh;
  }
  // file order of the tiles: smallest overview first, full resolution last
  let firstTile = 0;
  for (let k = images.length - 1; k >= 0; k--) { images[k].first = firstTile; firstTile += images[k].across * images[k].down; }

  // ---- tiles (index i in file order, see images[k].first)
  const nTiles = firstTile;
  const padValue = nodata !== undefined ? nodata : dataType === "float32" ? NaN : 0;
  const bigEndianHost = os.endianness() === "BE";
  const rawTile = (index: number): Buffer => {
    const img = images.find((m) => index >= m.first && index < m.first + m.across * m.down) as Image;
    const local = index - img.first;
    const tileBuf = Buffer.alloc(tileSize * tileSize * bps);
    const tileView = dataType === "float32" ? new Float32Array(tileBuf.buffer, tileBuf.byteOffset, tileSize * tileSize)
      : dataType === "int16" ? new Int16Array(tileBuf.buffer, tileBuf.byteOffset, tileSize * tileSize)
      : new Uint8Array(tileBuf.buffer, tileBuf.byteOffset, tileSize * tileSize);
    const tx = local % img.across, ty = Math.floor(local / img.across);
    const x0 = tx * tileSize, y0 = ty * tileSize;
    const cw = Math.min(tileSize, img.w - x0), ch = Math.min(tileSize, img.h - y0);
    if (cw < tileSize || ch < tileSize) tileView.fill(padValue);
    for (let r = 0; r < ch; r++) {
      const src = (y0 + r) * img.w + x0;
      tileView.set(img.samples.subarray(src, src + cw), r * tileSize);
    }
    if (bigEndianHost && bps > 1) { if (bps === 2) tileBuf.swap16(); else tileBuf.swap32(); }
    return predictor ? applyPredictor(tileBuf, tileSize, bps, dataType === "float32", Buffer.alloc(tileSize * bps)) : tileBuf;
  };
  const encodeTile = (i: number): Buffer => (compression === "deflate" ? deflateSync(rawTile(i), { level: deflateLevel }) : rawTile(i));
  const encodeTileAsync = (i: number): Promise<Buffer> => {
    const raw = rawTile(i);
    if (compression !== "deflate") return Promise.resolve(raw);
    return new Promise((resolve, reject) => deflate(raw, { level: deflateLevel }, (err, out) => (err ? reject(err) : resolve(out))));
  };

  const finish = (compressed: Buffer[]): WriteGeoTiffResult => {
    // ---- tags of each image (the overviews carry NewSubfileType = 1 and no georeferencing)
    const sampleFormat = dataType === "float32" ? 3 : dataType === "int16" ? 2 : 1;
    const imageTags = images.map((img, k): Tag[] => {
      const tags: Tag[] = [];
      const nt = img.across * img.down;
      if (k > 0) tags.push({ tag: 254, type: LONG, values: [1] });
      tags.push({ tag: 256, type: LONG, values: [img.w] });
      tags.push({ tag: 257, type: LONG, values: [img.h] });
      tags.push({ tag: 258, type: SHORT, values: [bps * 8] });
      tags.push({ tag: 259, type: SHORT, values: [compression === "deflate" ? 8 : 1] });
      tags.push({ tag: 262, type: SHORT, values: [1] }); // BlackIsZero
      tags.push({ tag: 277, type: SHORT, values: [1] });
      tags.push({ tag: 284, type: SHORT, values: [1] });
      if (predictor) tags.push({ tag: 317, type: SHORT, values: [dataType === "float32" ? 3 : 2] });
      tags.push({ tag: 322, type: SHORT, values: [tileSize] });
      tags.push({ tag: 323, type: SHORT, values: [tileSize] });
      tags.push({ tag: 324, type: LONG, values: new Array(nt).fill(0) }); // patched below
      tags.push({ tag: 325, type: LONG, values: compressed.slice(img.first, img.first + nt).map((c) => c.length) });
      tags.push({ tag: 339, type: SHORT, values: [sampleFormat] });
      if (k === 0) {
        if (gt[2] === 0 && gt[4] === 0) {
          tags.push({ tag: 33550, type: DOUBLE, values: [gt[1], -gt[5], 0] });
          tags.push({ tag: 33922, type: DOUBLE, values: [0, 0, 0, gt[0], gt[3], 0] });
        } else {
          tags.push({ tag: 34264, type: DOUBLE, values: [gt[1], gt[2], 0, gt[0], gt[4], gt[5], 0, gt[3], 0, 0, 0, 0, 0, 0, 0, 1] });
        }
        const dir = [1, 1, 0, geoKeys.shorts.length];
        for (const key of geoKeys.shorts) dir.push(...key);
        tags.push({ tag: 34735, type: SHORT, values: dir });
        if (geoKeys.doubles.length) tags.push({ tag: 34736, type: DOUBLE, values: geoKeys.doubles });
        if (geoKeys.ascii.length) tags.push({ tag: 34737, type: ASCII, values: geoKeys.ascii });
        const items: string[] = [];
        for (const [key, v] of Object.entries(metadata)) items.push(`  <Item name="${xmlEscape(key)}">${xmlEscape(String(v))}</Item>`);
        if (offset !== undefined) items.push(`  <Item name="OFFSET" sample="0" role="offset">${formatNumber(offset, false)}</Item>`);
        if (scale !== undefined) items.push(`  <Item name="SCALE" sample="0" role="scale">${formatNumber(scale, false)}</Item>`);
        if (units !== undefined) items.push(`  <Item name="UNITTYPE" sample="0" role="unittype">${xmlEscape(units)}</Item>`);
        if (items.length) tags.push({ tag: 42112, type: ASCII, values: `<GDALMetadata>\n${items.join("\n")}\n</GDALMetadata>\n` });
      }
      if (nodata !== undefined) tags.push({ tag: 42113, type: ASCII, values: formatNumber(nodata, dataType === "float32") });
      tags.sort((a, b) => a.tag - b.tag);
      return tags;
    });

    // ---- layout: header | ghost | IFD 0 | its data | IFD 1 | its data | … | tiles (smallest overview first)
    const ghost = cogLayout ? cogGhost() : Buffer.alloc(0);
    const valueBytes = (t: Tag): number => (t.type === ASCII ? (t.values as string).length + 1 : (t.values as number[]).length * (t.type === SHORT ? 2 : t.type === LONG ? 4 : 8));
    let cursor = 8 + ghost.length + (ghost.length % 2);
    const ifdOffsets: number[] = [];
    const outOfLines: Map<number, number>[] = [];
    for (const tags of imageTags) {
      ifdOffsets.push(cursor);
      cursor += 2 + tags.length * 12 + 4;
      const ool = new Map<number, number>();
      for (const t of tags) {
        const n = valueBytes(t);
        if (n > 4) { ool.set(t.tag, cursor); cursor += n + (n % 2); }
      }
      outOfLines.push(ool);
    }
    const dataOffset = cursor;
    const leader = cogLayout ? 4 : 0;
    const trailer = cogLayout ? 4 : 0;
    const tileOffsets = new Array<number>(nTiles);
    let pos = dataOffset;
    for (let i = 0; i < nTiles; i++) {
      tileOffsets[i] = pos + leader;
      pos += leader + compressed[i].length + trailer;
    }
    images.forEach((img, k) => {
      const offs = imageTags[k].find((t) => t.tag === 324)!.values as number[];
      for (let j = 0; j < offs.length; j++) offs[j] = tileOffsets[img.first + j];
    });
    const total = pos;
    if (total > 0xffffffff) throw new RangeError(`${fn}: the file would be ${total} bytes, above the 4 GiB classic TIFF limit (BigTIFF not implemented)`);

    const head = Buffer.alloc(dataOffset);
    head.write("II", 0, "latin1");
    head.writeUInt16LE(42, 2);
    head.writeUInt32LE(ifdOffsets[0], 4);
    ghost.copy(head, 8);
    const writeValues = (t: Tag, at: number) => {
      if (t.type === ASCII) { head.write(t.values as string, at, "latin1"); head[at + (t.values as string).length] = 0; return; }
      const vs = t.values as number[];
      for (let i = 0; i < vs.length; i++) {
        if (t.type === SHORT) head.writeUInt16LE(vs[i], at + 2 * i);
        else if (t.type === LONG) head.writeUInt32LE(vs[i], at + 4 * i);
        else head.writeDoubleLE(vs[i], at + 8 * i);
      }
    };
    imageTags.forEach((tags, k) => {
      let p = ifdOffsets[k];
      head.writeUInt16LE(tags.length, p);
      p += 2;
      for (const t of tags) {
        const count = t.type === ASCII ? (t.values as string).length + 1 : (t.values as number[]).length;
        head.writeUInt16LE(t.tag, p);
        head.writeUInt16LE(t.type, p + 2);
        head.writeUInt32LE(count, p + 4);
        const at = outOfLines[k].get(t.tag);
        if (at !== undefined) { head.writeUInt32LE(at, p + 8); writeValues(t, at); } else writeValues(t, p + 8);
        p += 12;
      }
      head.writeUInt32LE(k + 1 < ifdOffsets.length ? ifdOffsets[k + 1] : 0, p); // next IFD
    });

    // ---- write atomically
    const tmp = `${file}.tmp-${process.pid}`;
    sweepStaleTemporaries(file);
    const fd = fs.openSync(tmp, "w");
    try {
      fs.writeSync(fd, head);
      const small = Buffer.alloc(4);
      for (let i = 0; i < nTiles; i++) {
        const c = compressed[i];
        if (cogLayout) { small.writeUInt32LE(c.length, 0); fs.writeSync(fd, small); }
        fs.writeSync(fd, c);
        if (cogLayout) {
          const last = Buffer.alloc(4);
          c.copy(last, 4 - Math.min(4, c.length), Math.max(0, c.length - 4));
          fs.writeSync(fd, last);
        }
      }
      fs.closeSync(fd);
      fs.renameSync(tmp, file);
    } catch (e) {
      try { fs.closeSync(fd); } catch { /* already closed */ }
      try { fs.unlinkSync(tmp); } catch { /* nothing to remove */ }
      throw new Error(`${fn}: ${file}: ${(e as Error).message}`);
    }
    return { path: file, bytes: total, width: w, height: h, tiles: images[0].across * images[0].down, nanCount, overviews: images.length - 1 };
  };
  return { nTiles, encodeTile, encodeTileAsync, finish };
}

/** GDAL's COG structural metadata block (gcore/gdal_cog / frmts/gtiff): read by GDAL to report LAYOUT=COG. */
function cogGhost(): Buffer {
  const body = "LAYOUT=IFDS_BEFORE_DATA\nBLOCK_ORDER=ROW_MAJOR\nBLOCK_LEADER=SIZE_AS_UINT4\nBLOCK_TRAILER=LAST_4_BYTES_REPEATED\nKNOWN_INCOMPATIBLE_EDITION=NO\n ";
  const headLine = `GDAL_STRUCTURAL_METADATA_SIZE=${String(body.length).padStart(6, "0")} bytes\n`;
  return Buffer.from(headLine + body, "latin1");
}

/** TIFF predictor 2 (horizontal differencing, per sample) or 3 (floating point: byte planes MSB first, then byte differencing), per tile row. */
function applyPredictor(buf: Buffer, tileSize: number, bps: number, float: boolean, scratch: Buffer): Buffer {
  const rowBytes = tileSize * bps;
  for (let r = 0; r < tileSize; r++) {
    const o = r * rowBytes;
    if (float) {
      // split the little-endian floats into byte planes, most significant first
      for (let i = 0; i < tileSize; i++) {
        for (let b = 0; b < bps; b++) scratch[(bps - 1 - b) * tileSize + i] = buf[o + i * bps + b];
      }
      for (let i = rowBytes - 1; i > 0; i--) buf[o + i] = (scratch[i] - scratch[i - 1]) & 0xff;
      buf[o] = scratch[0];
    } else if (bps === 2) {
      for (let i = tileSize - 1; i > 0; i--) {
        const cur = buf.readUInt16LE(o + 2 * i), prev = buf.readUInt16LE(o + 2 * (i - 1));
        buf.writeUInt16LE((cur - prev) & 0xffff, o + 2 * i);
      }
    } else {
      for (let i = tileSize - 1; i > 0; i--) buf[o + i] = (buf[o + i] - buf[o + i - 1]) & 0xff;
    }
  }
  return buf;
}
