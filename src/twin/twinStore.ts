import * as fs from "node:fs";
import * as path from "node:path";
import type { TwinConfig } from "./twinConfig";
import type { CompositePeriod } from "./compositePeriods";
import type { Station } from "./stations";
import { GLDAS_ERROR, type TwinData } from "./generateTwin";
import { fmix32 } from "./prng";
import { writeFileAtomic } from "../io/writeFileAtomic";
import { tileLayout } from "./fineTile";
import { openTileFile, slotsOf, tileFileName, type TileData, type TileShape } from "./tileFile";

/** Bumped whenever the generator's output changes, so stale caches are never reused. */
export const TWIN_GENERATOR_VERSION = "twin-8";

/** Float32 arrays of a twin (see {@link TwinData} for their layout). */
export const FLOAT_ARRAYS = [
  "coarseLandFraction", "coarseDem", "coarseLandCover", "coarseSoil", "coarsePorosity", "gldasBias",
  "gldas", "amsr2", "ascat", "truth", "precip", "lst", "ndvi",
  "fineDem", "fineLandCover", "fineSoil", "finePorosity", "fineTruth", "fineLst", "fineNdvi",
  "stationSm", "stationPrecip",
] as const;
/** Int32 arrays of a twin. */
export const INT_ARRAYS = ["coarseLandCells", "fineLandCells", "fineLstPeriodIndex", "fineNdviPeriodIndex"] as const;
/** Uint8 arrays of a twin. */
export const BYTE_ARRAYS = ["coarseInWindow", "clear", "fineClear"] as const;

export type FloatArrayName = typeof FLOAT_ARRAYS[number];
export type IntArrayName = typeof INT_ARRAYS[number];
export type ByteArrayName = typeof BYTE_ARRAYS[number];
export type TwinArrayName = FloatArrayName | IntArrayName | ByteArrayName;

/** Every array of a twin and its bytes per element. */
const ARRAY_BYTES: [string, number][] = [
  ...FLOAT_ARRAYS.map((n) => [n, 4] as [string, number]), ...INT_ARRAYS.map((n) => [n, 4] as [string, number]), ...BYTE_ARRAYS.map((n) => [n, 1] as [string, number]),
];

/** A twin cache directory that cannot be used (missing, truncated or corrupt file); `file` names it. */
export class TwinCacheError extends Error {
  constructor(readonly file: string, problem: string) {
    super(`twin cache: ${file} ${problem}`);
    this.name = "TwinCacheError";
  }
}

/** Everything about a twin except its arrays (JSON). */
export interface TwinMeta {
  version: string;
  config: TwinConfig;
  day0: number;
  nDays: number;
  keep0: number;
  nKeep: number;
  nCoarseLand: number;
  nFineLand: number;
  lstPeriods: CompositePeriod[];
  ndviPeriods: CompositePeriod[];
  stations: { station: Station; fineIndex: number; porosity: number }[];
  gldasError: { maxAbsBias: number; noiseSd: number; noiseRho: number; noiseScale: number };
  /** Length of every array, by name. */
  lengths: Record<string, number>;
  /** Tile side (1 km pixels), tiles per column and row, first 1 km model day and its number of days. */
  tile: number;
  tileRows: number;
  tileCols: number;
  fineStart: number;
  nFineDays: number;
  /**
   * Where the 1 km layers are: `arrays` (whole-region arrays, small regions) or `tiles` (one file per tile in
   * `<cache>/tiles/`, see tileFile.ts; the fine arrays are then empty).
   */
  fineStorage: "arrays" | "tiles";
}

/**
 * A twin's arrays and metadata, from memory (just generated) or from a cache directory (arrays read
 * lazily, once, on first use).
 */
export class TwinStore {
  readonly meta: TwinMeta;
  private readonly arrays = new Map<string, Float32Array | Int32Array | Uint8Array>();
  private readonly dir: string | null;
  private readonly tiles = new Map<number, TileData>();

  private constructor(meta: TwinMeta, dir: string | null) {
    this.meta = meta;
    this.dir = dir;
  }

  /** Wraps freshly generated data. */
  static fromData(data: TwinData, options: { tilesDir?: string } = {}): TwinStore {
    const S = data.stations.length;
    const stationSm = new Float32Array(S * data.nDays), stationPrecip = new Float32Array(S * data.nDays);
    data.stations.forEach((s, j) => { stationSm.set(s.sm, j * data.nDays); stationPrecip.set(s.precip, j * data.nDays); });
    const all: Record<string, Float32Array | Int32Array | Uint8Array> = {
      coarseLandFraction: data.coarseLandFraction, coarseDem: data.coarseDem, coarseLandCover: data.coarseLandCover,
      coarseSoil: data.coarseSoil, coarsePorosity: data.coarsePorosity, gldasBias: data.gldasBias,
      gldas: data.gldas, amsr2: data.amsr2, ascat: data.ascat, truth: data.truth, precip: data.precip, lst: data.lst, ndvi: data.ndvi,
      fineDem: data.fineDem, fineLandCover: data.fineLandCover, fineSoil: data.fineSoil, finePorosity: data.finePorosity,
      fineTruth: data.fineTruth, fineLst: data.fineLst, fineNdvi: data.fineNdvi, stationSm, stationPrecip,
      coarseLandCells: data.coarseLandCells, fineLandCells: data.fineLandCells,
      fineLstPeriodIndex: data.fineLstPeriodIndex, fineNdviPeriodIndex: data.fineNdviPeriodIndex,
      coarseInWindow: data.coarseInWindow, clear: data.clear, fineClear: data.fineClear,
    };
    const lengths: Record<string, number> = {};
    for (const [k, v] of Object.entries(all)) lengths[k] = v.length;
    const meta: TwinMeta = {
      version: TWIN_GENERATOR_VERSION, config: data.config, day0: data.day0, nDays: data.nDays, keep0: data.keep0, nKeep: data.nKeep,
      nCoarseLand: data.coarseLandCells.length, nFineLand: data.fineLandCells.length,
      lstPeriods: data.lstPeriods, ndviPeriods: data.ndviPeriods,
      stations: data.stations.map((s) => ({ station: s.station, fineIndex: s.fineIndex, porosity: s.porosity })),
      gldasError: { maxAbsBias: GLDAS_ERROR.maxAbsBias, noiseSd: GLDAS_ERROR.noiseSd, noiseRho: GLDAS_ERROR.noiseRho, noiseScale: GLDAS_ERROR.noiseScale }, lengths,
      tile: data.tile, tileRows: tileLayout(data.fine, data.tile).rows, tileCols: tileLayout(data.fine, data.tile).cols,
      fineStart: data.fineStart, nFineDays: data.nFineDays, fineStorage: data.fineAssembled ? "arrays" : "tiles",
    };
    if (!data.fineAssembled && !options.tilesDir) throw new Error("twin store: the 1 km layers were not assembled, so the folder of their tile files (tilesDir) is required");
    if (!data.fineAssembled) meta.nFineLand = -1;
    const store = new TwinStore(meta, options.tilesDir ? path.dirname(options.tilesDir) : null);
    for (const [k, v] of Object.entries(all)) store.arrays.set(k, v);
    return store;
  }

  /**
   * Opens a cache directory written by {@link TwinStore.save}: `meta.json` (the completion marker, written
   * last) must parse and list every array, and every `<name>.bin` must be present with its length.
   * @throws TwinCacheError naming the file when it is missing, not valid JSON, of another generator version,
   *   incomplete or of the wrong size.
   */
  static open(dir: string): TwinStore {
    const metaFile = path.join(dir, "meta.json");
    if (!fs.existsSync(metaFile)) throw new TwinCacheError(metaFile, "not found");
    let meta: TwinMeta;
    try {
      meta = JSON.parse(fs.readFileSync(metaFile, "utf8")) as TwinMeta;
    } catch {
      throw new TwinCacheError(metaFile, "is not valid JSON (truncated or corrupted)");
    }
    if (!meta || typeof meta !== "object" || Array.isArray(meta)) throw new TwinCacheError(metaFile, "is not a JSON object");
    if (meta.version !== TWIN_GENERATOR_VERSION) throw new TwinCacheError(metaFile, `has version '${String(meta.version)}', expected '${TWIN_GENERATOR_VERSION}'`);
    for (const key of ["day0", "nDays", "keep0", "nKeep", "nCoarseLand"] as const) {
      if (!Number.isInteger(meta[key]) || meta[key] < 0) throw new TwinCacheError(metaFile, `field '${key}' must be an integer >= 0`);
    }
    // nFineLand −1: the 1 km layers live in tile files (each checked when read)
    if (!Number.isInteger(meta.nFineLand) || meta.nFineLand < -1) throw new TwinCacheError(metaFile, `field 'nFineLand' must be an integer >= -1`);
    if (meta.nFineLand === -1 && !fs.existsSync(path.join(dir, "tiles"))) throw new TwinCacheError(path.join(dir, "tiles"), "is missing (the 1 km tile files of this cache)");
    for (const key of ["config", "lengths", "gldasError"] as const) {
      if (!meta[key] || typeof meta[key] !== "object") throw new TwinCacheError(metaFile, `field '${key}' must be an object`);
    }
    for (const key of ["lstPeriods", "ndviPeriods", "stations"] as const) {
      if (!Array.isArray(meta[key])) throw new TwinCacheError(metaFile, `field '${key}' must be an array`);
    }
    // the whole file set, before any use: every array listed, present, of its length
    for (const [name, bytes] of ARRAY_BYTES) {
      const n = meta.lengths[name];
      if (!Number.isInteger(n) || n < 0) throw new TwinCacheError(metaFile, `lists no length for array '${name}'`);
      const file = path.join(dir, `${name}.bin`);
      let size: number;
      try { size = fs.statSync(file).size; } catch { throw new TwinCacheError(file, "is missing (incomplete cache)"); }
      if (size !== n * bytes) throw new TwinCacheError(file, `has ${size} bytes, expected ${n * bytes}`);
    }
    return new TwinStore(meta, dir);
  }

  /** Kept days and kept composites of every tile. */
  get tileShape(): TileShape {
    return { nKeep: this.meta.nKeep, nLst: this.meta.lengths.fineLstPeriodIndex, nNdvi: this.meta.lengths.fineNdviPeriodIndex };
  }

  /**
   * The 1 km tile (row, column) of the layout: statics, land pixels and readers of its kept layers, from its
   * tile file or cut from the whole-region arrays. A few dozen tiles are kept open (statics only).
   * @throws RangeError naming the tile outside the layout; Error naming a missing or damaged tile file.
   */
  tileData(tileRow: number, tileCol: number): TileData {
    const m = this.meta;
    if (!(Number.isInteger(tileRow) && tileRow >= 0 && tileRow < m.tileRows && Number.isInteger(tileCol) && tileCol >= 0 && tileCol < m.tileCols)) {
      throw new RangeError(`twin store: tile (${tileRow}, ${tileCol}) outside the ${m.tileRows} × ${m.tileCols} layout`);
    }
    const key = tileRow * m.tileCols + tileCol;
    const have = this.tiles.get(key);
    if (have) { this.tiles.delete(key); this.tiles.set(key, have); return have; }
    const t = m.fineStorage === "tiles"
      ? openTileFile(path.join(this.dir ?? ".", "tiles", tileFileName(tileRow, tileCol)), this.tileShape)
      : this.cutTile(tileRow, tileCol);
    this.tiles.set(key, t);
    if (this.tiles.size > 48) this.tiles.delete(this.tiles.keys().next().value as number);
    return t;
  }

  private cutTile(tileRow: number, tileCol: number): TileData {
    const m = this.meta, fine = m.config.window.fine;
    const row0 = tileRow * m.tile, col0 = tileCol * m.tile;
    const width = Math.min(m.tile, fine.width - col0), height = Math.min(m.tile, fine.height - row0);
    const cells = this.int("fineLandCells"), F = m.nFineLand;
    const g = (i: number) => (row0 + Math.floor(i / width)) * fine.width + col0 + (i % width);
    const pick = (a: Float32Array) => Float32Array.from({ length: width * height }, (_, i) => a[g(i)]);
    // land pixels of the tile and their slots in the whole-region arrays (cells is ascending)
    const land: number[] = [], slots: number[] = [];
    const lo = (v: number) => { let a = 0, b = cells.length; while (a < b) { const h = (a + b) >> 1; if (cells[h] < v) a = h + 1; else b = h; } return a; };
    for (let r = 0; r < height; r++) {
      const first = (row0 + r) * fine.width + col0;
      for (let k = lo(first); k < cells.length && cells[k] < first + width; k++) { land.push(r * width + cells[k] - first); slots.push(k); }
    }
    const n = land.length;
    const landArr = Int32Array.from(land);
    const gather = <T extends Float32Array | Uint8Array>(a: T, base: number, out: T): T => { for (let k = 0; k < n; k++) out[k] = a[base + slots[k]]; return out; };
    return {
      width, height, land: landArr, slot: slotsOf(landArr, width * height),
      dem: pick(this.float("fineDem")), landCover: pick(this.float("fineLandCover")), soil: pick(this.float("fineSoil")), porosity: pick(this.float("finePorosity")),
      truth: (t) => gather(this.float("fineTruth"), t * F, new Float32Array(n)),
      clear: (t) => gather(this.byte("fineClear"), t * F, new Uint8Array(n)),
      lst: (j) => gather(this.float("fineLst"), j * F, new Float32Array(n)),
      ndvi: (j) => gather(this.float("fineNdvi"), j * F, new Float32Array(n)),
    };
  }

  /** The Float32 array `name`. */
  float(name: FloatArrayName): Float32Array { return this.load(name, 4) as Float32Array; }
  /** The Int32 array `name`. */
  int(name: IntArrayName): Int32Array { return this.load(name, 4) as Int32Array; }
  /** The Uint8 array `name`. */
  byte(name: ByteArrayName): Uint8Array { return this.load(name, 1) as Uint8Array; }

  private load(name: string, bytes: number): Float32Array | Int32Array | Uint8Array {
    const have = this.arrays.get(name);
    if (have) return have;
    if (!this.dir) throw new Error(`twin store: no array '${name}'`);
    const file = path.join(this.dir, `${name}.bin`);
    const n = this.meta.lengths[name];
    if (n === undefined) throw new Error(`twin cache: meta.json lists no array '${name}'`);
    let buf: Buffer;
    try { buf = fs.readFileSync(file); } catch (e) { throw new TwinCacheError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); delete the cache folder to regenerate it`); }
    if (buf.length !== n * bytes) throw new TwinCacheError(file, `has ${buf.length} bytes, expected ${n * bytes}; delete the cache folder to regenerate it`);
    const ab = new ArrayBuffer(buf.length);
    new Uint8Array(ab).set(buf);
    const arr = (FLOAT_ARRAYS as readonly string[]).includes(name) ? new Float32Array(ab)
      : (INT_ARRAYS as readonly string[]).includes(name) ? new Int32Array(ab) : new Uint8Array(ab);
    this.arrays.set(name, arr);
    return arr;
  }

  /**
   * Writes every array (`<name>.bin`, little-endian raw) and then `meta.json` into `dir`, each file
   * atomically (`<file>.tmp-<pid>` then rename); meta.json last, so its presence marks a complete cache.
   */
  save(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    const names = [...FLOAT_ARRAYS, ...INT_ARRAYS, ...BYTE_ARRAYS];
    for (const name of names) {
      const a = (FLOAT_ARRAYS as readonly string[]).includes(name) ? this.float(name as FloatArrayName)
        : (INT_ARRAYS as readonly string[]).includes(name) ? this.int(name as IntArrayName) : this.byte(name as ByteArrayName);
      writeFileAtomic(path.join(dir, `${name}.bin`), new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    }
    writeFileAtomic(path.join(dir, "meta.json"), Buffer.from(JSON.stringify(this.meta, null, 1)));
  }
}


/**
 * The cache directory of a configuration: `<dataDir>/twin/<name>-seed<seed>-<hash>`, where the hash
 * (8 hex digits, fmix32 chain over the UTF-16 code units) covers the whole configuration JSON and
 * {@link TWIN_GENERATOR_VERSION}.
 * @example
 * twinCacheDir(twinConfig("tiny"), "data"); // "data/twin/tiny-seed20170507-xxxxxxxx"
 */
export function twinCacheDir(config: TwinConfig, dataDir: string): string {
  const text = TWIN_GENERATOR_VERSION + canonicalJson(config);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = fmix32((h ^ text.charCodeAt(i)) >>> 0);
  return path.join(dataDir, "twin", `${config.name}-seed${config.seed}-${h.toString(16).padStart(8, "0")}`);
}

/** JSON with object keys sorted at every level (so equal configurations hash equally). */
function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}
