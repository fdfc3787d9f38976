import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Layer } from "./layerSource";
import { LatLonGrid } from "../grid/latLonGrid";

/**
 * Version of the decoding code whose layers the cache holds. Bump it whenever a product reader, a daily rule or
 * a resampling step changes what a layer's values are: every entry written under another version is then a miss.
 */
export const LAYER_CACHE_VERSION = "product-layers-1";

/** Counts of a {@link LayerCache}'s lookups since it was made. */
export interface LayerCacheCounts {
  /** Entries found, verified and returned. */
  hits: number;
  /** Lookups with no usable entry (absent, invalidated or corrupt): the caller decodes. */
  misses: number;
  /** Entries refused because a source file (size, mtime, presence), the folder's listing or the code version changed. */
  invalidated: number;
  /** Entries refused because their bytes do not verify (truncated, bad header, checksum mismatch); deleted. */
  corrupt: number;
  /** Entries written. */
  writes: number;
}

/** Options of {@link LayerCache}. */
export interface LayerCacheOptions {
  /** Folder of the entries (created on first write), e.g. `<SM_DATA_DIR>/cache/layers`. Required. */
  dir: string;
  /** Code version stored with every entry; entries of another version are invalidated. Default {@link LAYER_CACHE_VERSION}. */
  codeVersion?: string;
}

interface Header {
  key: string;
  codeVersion: string;
  sources: string;
  files: string[];
  folders: string[];
  bytes: number;
  sha256: string;
  layer: { variable: Layer["variable"]; date: string | null; grid: ConstructorParameters<typeof LatLonGrid>[0]; units: string; counts: Record<string, number>; provenance: string };
}

const MAGIC = "SMLC1\n";

/**
 * The checksum of a layer's sources: path, size and mtime of every file the layer was decoded from, and the mtime
 * of every folder they were listed from (a file added to or removed from the folder changes it).
 * @throws never: a missing file or folder gives a checksum no stored entry has.
 */
export function sourceChecksum(files: readonly string[], folders: readonly string[]): string {
  const h = crypto.createHash("sha256");
  for (const f of [...files].sort()) {
    try { const s = fs.statSync(f); h.update(`f|${path.resolve(f)}|${s.size}|${s.mtimeMs}\n`); } catch { h.update(`f|${path.resolve(f)}|absent\n`); }
  }
  for (const d of [...folders].sort()) {
    try { h.update(`d|${path.resolve(d)}|${fs.statSync(d).mtimeMs}\n`); } catch { h.update(`d|${path.resolve(d)}|absent\n`); }
  }
  return h.digest("hex");
}

/**
 * A disk cache of decoded daily layers (on the study grids), so a second run does not decode the product files
 * again. An entry is one file `<dir>/<sha256(key)>.layer`: a header (the key, the code version, the source
 * checksum of {@link sourceChecksum}, the layer's grid, date, units, counts and provenance, the payload's length
 * and SHA-256) and the Float32 values. Entries are written atomically (temporary file, then rename) and verified on
 * read: an entry whose sources or code version changed is a miss (`invalidated`), one whose bytes do not verify is
 * a miss (`corrupt`, deleted) — never returned.
 *
 * The key names what was decoded: product id, variable, grid key and date (or composite / year slot), e.g.
 * `mod11a2|lst|w126_n38_d0.01_100x100|2026-01-01`.
 *
 * @example
 * const cache = new LayerCache({ dir: path.join(process.env.SM_DATA_DIR ?? "data", "cache", "layers") });
 * const layer = cache.get(key) ?? (() => { const l = decode(); cache.put(key, l, files, [dir]); return l; })();
 * @throws TypeError naming `dir` or `codeVersion` when not a non-empty string.
 */
export class LayerCache {
  readonly dir: string;
  readonly codeVersion: string;
  readonly counts: LayerCacheCounts = { hits: 0, misses: 0, invalidated: 0, corrupt: 0, writes: 0 };

  constructor(options: LayerCacheOptions) {
    const o = options ?? ({} as LayerCacheOptions);
    if (typeof o.dir !== "string" || o.dir === "") throw new TypeError(`LayerCache: options.dir must be a folder path, got ${JSON.stringify(o.dir)}`);
    const v = o.codeVersion ?? LAYER_CACHE_VERSION;
    if (typeof v !== "string" || v === "") throw new TypeError(`LayerCache: options.codeVersion must be a non-empty string, got ${JSON.stringify(v)}`);
    this.dir = o.dir;
    this.codeVersion = v;
  }

  /** The entry file of `key`. */
  fileOf(key: string): string {
    return path.join(this.dir, `${crypto.createHash("sha256").update(key).digest("hex")}.layer`);
  }

  /**
   * The cached layer of `key` (a fresh copy), or null (counted: a miss, and why) when there is none, its sources
   * or code version changed, or its bytes do not verify (the entry is then deleted).
   */
  get(key: string): Layer | null {
    const file = this.fileOf(key);
    let buf: Buffer;
    try { buf = fs.readFileSync(file); } catch { this.counts.misses++; return null; }
    const header = this.parse(buf, key);
    if (!header) {
      this.counts.corrupt++; this.counts.misses++;
      fs.rmSync(file, { force: true });
      return null;
    }
    if (header.h.codeVersion !== this.codeVersion || header.h.sources !== sourceChecksum(header.h.files, header.h.folders)) {
      this.counts.invalidated++; this.counts.misses++;
      return null;
    }
    const payload = buf.subarray(header.offset);
    const values = new Float32Array(header.h.bytes / 4);
    new Uint8Array(values.buffer).set(payload);
    this.counts.hits++;
    const l = header.h.layer;
    return { variable: l.variable, date: l.date, grid: new LatLonGrid(l.grid), values, units: l.units, counts: { ...l.counts }, provenance: l.provenance };
  }

  /**
   * Stores `layer` under `key`, with the checksum of the `files` it was decoded from and the `folders` they were
   * listed from. Written to a temporary file and renamed, so a reader never sees a partial entry.
   * @throws the file system's errors (naming the entry path) when the folder cannot be written.
   */
  put(key: string, layer: Layer, files: readonly string[], folders: readonly string[]): void {
    const values = layer.values;
    const payload = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
    const g = layer.grid;
    const h: Header = {
      key, codeVersion: this.codeVersion, sources: sourceChecksum(files, folders), files: [...files], folders: [...folders],
      bytes: payload.length, sha256: crypto.createHash("sha256").update(payload).digest("hex"),
      layer: { variable: layer.variable, date: layer.date, grid: { west: g.west, north: g.north, cellSize: g.cellSize, width: g.width, height: g.height }, units: layer.units, counts: layer.counts, provenance: layer.provenance },
    };
    const json = Buffer.from(JSON.stringify(h), "utf8");
    const len = Buffer.alloc(4);
    len.writeUInt32LE(json.length);
    fs.mkdirSync(this.dir, { recursive: true });
    const file = this.fileOf(key);
    const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`;
    try {
      fs.writeFileSync(tmp, Buffer.concat([Buffer.from(MAGIC), len, json, payload]));
      fs.renameSync(tmp, file);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      throw new Error(`LayerCache: cannot write ${file}: ${(e as Error).message}`);
    }
    this.counts.writes++;
  }

  private parse(buf: Buffer, key: string): { h: Header; offset: number } | null {
    if (buf.length < MAGIC.length + 4 || buf.subarray(0, MAGIC.length).toString("latin1") !== MAGIC) return null;
    const n = buf.readUInt32LE(MAGIC.length);
    const offset = MAGIC.length + 4 + n;
    if (offset > buf.length) return null;
    let h: Header;
    try { h = JSON.parse(buf.subarray(MAGIC.length + 4, offset).toString("utf8")) as Header; } catch { return null; }
    if (!h || h.key !== key || !Array.isArray(h.files) || !Array.isArray(h.folders) || typeof h.bytes !== "number" || h.bytes % 4 !== 0) return null;
    const payload = buf.subarray(offset);
    if (payload.length !== h.bytes || crypto.createHash("sha256").update(payload).digest("hex") !== h.sha256) return null;
    const g = h.layer?.grid;
    if (!g || g.width * g.height * 4 !== h.bytes) return null;
    return { h, offset };
  }
}
