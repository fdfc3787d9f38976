import * as fs from "node:fs";
import * as path from "node:path";
import { writeFileAtomic } from "../io/writeFileAtomic";
import { FINE_ENCODING, type FineTile } from "./fineTile";

/** Magic number opening a 1 km tile file ("SMT1"). */
const MAGIC = 0x31544d53;
const HEADER_INTS = 8;

/** Sizes of one tile's kept layers: kept days, kept LST and NDVI composites. */
export interface TileShape { nKeep: number; nLst: number; nNdvi: number }

/** File name of tile (row, column) in a tiles folder. */
export function tileFileName(tileRow: number, tileCol: number): string {
  return `r${String(tileRow).padStart(3, "0")}c${String(tileCol).padStart(3, "0")}.tile`;
}

function encode(v: Float32Array, offset: number, step: number): Int16Array {
  const out = new Int16Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = Number.isNaN(v[i]) ? FINE_ENCODING.nodata : Math.round((v[i] - offset) / step);
  return out;
}

/**
 * Writes one tile atomically: an 8-int header (magic, width, height, land pixels, kept days, LST, NDVI
 * composites, 0), the land pixels (int32), four statics over the tile (float32: DEM, land cover, soil class,
 * porosity), then [day][land pixel] truth (int16, {@link FINE_ENCODING}), clear flags (uint8, padded to 4),
 * [composite][land pixel] LST and NDVI (int16). Little-endian.
 */
export function writeTileFile(dir: string, tile: FineTile, shape: TileShape): string {
  const n = tile.land.length, px = tile.width * tile.height;
  const head = Int32Array.of(MAGIC, tile.width, tile.height, n, shape.nKeep, shape.nLst, shape.nNdvi, 0);
  const truth = encode(tile.truth, 0, FINE_ENCODING.truthStep);
  const lst = encode(tile.lst, FINE_ENCODING.lstOffset, FINE_ENCODING.lstStep);
  const ndvi = encode(tile.ndvi, 0, FINE_ENCODING.ndviStep);
  const clearPad = Math.ceil(tile.clear.length / 4) * 4;
  const parts: ArrayBufferView[] = [head, tile.land, tile.dem, tile.landCover, tile.soil, tile.porosity, truth, tile.clear, new Uint8Array(clearPad - tile.clear.length), lst, ndvi];
  void px;
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const buf = Buffer.alloc(total);
  let o = 0;
  for (const p of parts) { buf.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), o); o += p.byteLength; }
  const file = path.join(dir, tileFileName(tile.tileRow, tile.tileCol));
  writeFileAtomic(file, buf);
  return file;
}

/** One tile's statics and land pixels, and readers of its daily and composite layers. */
export interface TileData {
  width: number; height: number;
  /** Tile-local indices of the land pixels (ascending) and the land slot of each tile pixel (−1 not land). */
  land: Int32Array; slot: Int32Array;
  dem: Float32Array; landCover: Float32Array; soil: Float32Array; porosity: Float32Array;
  /** Truth (m³ m⁻³) of kept day t over the land pixels. */
  truth(t: number): Float32Array;
  /** Clear flag (0 / 250) of kept day t over the land pixels. */
  clear(t: number): Uint8Array;
  /** Kept LST (K) / NDVI composite j over the land pixels. */
  lst(j: number): Float32Array;
  ndvi(j: number): Float32Array;
}

/** Slot of each tile pixel from the land list. */
export function slotsOf(land: Int32Array, size: number): Int32Array {
  const slot = new Int32Array(size).fill(-1);
  land.forEach((i, k) => { slot[i] = k; });
  return slot;
}

function decode(v: Int16Array, offset: number, step: number): Float32Array {
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] === FINE_ENCODING.nodata ? NaN : Math.fround(offset + v[i] * step);
  return out;
}

/**
 * Opens a tile file: reads the header, land pixels and statics; daily layers are read on demand (one
 * positioned read each). @throws Error naming the file when it is missing, truncated or of another shape.
 */
export function openTileFile(file: string, shape: TileShape): TileData {
  let fd: number;
  try { fd = fs.openSync(file, "r"); } catch (e) { throw new Error(`twin tile: cannot open ${file}: ${(e as Error).message}`); }
  try {
    const size = fs.fstatSync(fd).size;
    const head = new Int32Array(HEADER_INTS);
    fs.readSync(fd, new Uint8Array(head.buffer), 0, HEADER_INTS * 4, 0);
    const [magic, width, height, n, nKeep, nLst, nNdvi] = head;
    if (magic !== MAGIC) throw new Error(`twin tile: ${file} is not a tile file`);
    if (nKeep !== shape.nKeep || nLst !== shape.nLst || nNdvi !== shape.nNdvi) throw new Error(`twin tile: ${file} holds ${nKeep} days / ${nLst} LST / ${nNdvi} NDVI composites, expected ${shape.nKeep} / ${shape.nLst} / ${shape.nNdvi}`);
    const px = width * height;
    const oLand = HEADER_INTS * 4, oStat = oLand + 4 * n, oTruth = oStat + 16 * px, oClear = oTruth + 2 * nKeep * n;
    const oLst = oClear + Math.ceil((nKeep * n) / 4) * 4, oNdvi = oLst + 2 * nLst * n, end = oNdvi + 2 * nNdvi * n;
    if (size !== end) throw new Error(`twin tile: ${file} has ${size} bytes, expected ${end}`);
    const fixed = Buffer.alloc(oTruth - oLand);
    fs.readSync(fd, fixed, 0, fixed.length, oLand);
    const ab = fixed.buffer.slice(fixed.byteOffset, fixed.byteOffset + fixed.length);
    const land = new Int32Array(ab, 0, n);
    const stat = (j: number) => new Float32Array(ab, 4 * n + 4 * px * j, px);
    fs.closeSync(fd);
    const read = (offset: number, bytes: number): Buffer => {
      const b = Buffer.alloc(bytes);
      const h = fs.openSync(file, "r");
      try { fs.readSync(h, b, 0, bytes, offset); } finally { fs.closeSync(h); }
      return b;
    };
    const int16At = (offset: number): Int16Array => { const b = read(offset, 2 * n); return new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length)); };
    const check = (i: number, m: number, what: string) => { if (!(Number.isInteger(i) && i >= 0 && i < m)) throw new RangeError(`twin tile: ${what} ${i} outside 0…${m - 1} in ${file}`); };
    return {
      width, height, land, slot: slotsOf(land, px), dem: stat(0), landCover: stat(1), soil: stat(2), porosity: stat(3),
      truth: (t) => { check(t, nKeep, "day"); return decode(int16At(oTruth + 2 * t * n), 0, FINE_ENCODING.truthStep); },
      clear: (t) => { check(t, nKeep, "day"); return new Uint8Array(read(oClear + t * n, n)); },
      lst: (j) => { check(j, nLst, "LST composite"); return decode(int16At(oLst + 2 * j * n), FINE_ENCODING.lstOffset, FINE_ENCODING.lstStep); },
      ndvi: (j) => { check(j, nNdvi, "NDVI composite"); return decode(int16At(oNdvi + 2 * j * n), 0, FINE_ENCODING.ndviStep); },
    };
  } catch (e) {
    try { fs.closeSync(fd); } catch { /* already closed */ }
    throw e;
  }
}
