import * as fs from "node:fs";
import * as path from "node:path";
import type { TwinConfig } from "./twinConfig";
import type { CompositePeriod } from "./compositePeriods";
import type { Station } from "./stations";
import { GLDAS_ERROR, type TwinData } from "./generateTwin";
import { fmix32 } from "./prng";
import { writeFileAtomic } from "../io/writeFileAtomic";

/** Bumped whenever the generator's output changes, so stale caches are never reused. */
export const TWIN_GENERATOR_VERSION = "twin-6";

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
}

/**
 * A twin's arrays and metadata, from memory (just generated) or from a cache directory (arrays read
 * lazily, once, on first use).
 */
export class TwinStore {
  readonly meta: TwinMeta;
  private readonly arrays = new Map<string, Float32Array | Int32Array | Uint8Array>();
  private readonly dir: string | null;

  private constructor(meta: TwinMeta, dir: string | null) {
    this.meta = meta;
    this.dir = dir;
  }

  /** Wraps freshly generated data. */
  static fromData(data: TwinData): TwinStore {
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
    };
    const store = new TwinStore(meta, null);
    for (const [k, v] of Object.entries(all)) store.arrays.set(k, v);
    return store;
  }

  /**
   * Opens a cache directory written by {@link TwinStore.save}.
   * @throws Error naming the directory or file when it is missing, of another generator version, or truncated.
   */
  static open(dir: string): TwinStore {
    const metaFile = path.join(dir, "meta.json");
    if (!fs.existsSync(metaFile)) throw new Error(`twin cache: ${metaFile} not found`);
    const meta = JSON.parse(fs.readFileSync(metaFile, "utf8")) as TwinMeta;
    if (meta.version !== TWIN_GENERATOR_VERSION) throw new Error(`twin cache: ${metaFile} has version '${meta.version}', expected '${TWIN_GENERATOR_VERSION}'`);
    return new TwinStore(meta, dir);
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
    const buf = fs.readFileSync(file);
    if (buf.length !== n * bytes) throw new Error(`twin cache: ${file} has ${buf.length} bytes, expected ${n * bytes}`);
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
