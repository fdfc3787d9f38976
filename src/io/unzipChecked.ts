import { unzipSync } from "fflate";
import { crc32 } from "./crc32";

/** Options of {@link unzipChecked}. */
export interface UnzipCheckedOptions {
  /** Only entries whose name passes (directories are always left out). Default: every file entry. */
  filter?: (name: string) => boolean;
  /** Largest uncompressed size of one entry, in bytes, as the archive declares it; default 1 GiB (2³⁰). */
  maxEntryBytes?: number;
}

interface CentralEntry { name: string; crc: number; compressedSize: number; size: number }

/** Entries of the zip's central directory (name, CRC-32, sizes). */
function centralDirectory(buf: Uint8Array, file: string): CentralEntry[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file}: corrupted or truncated zip archive (no end of central directory record)`);
  const count = dv.getUint16(eocd + 10, true);
  let p = dv.getUint32(eocd + 16, true);
  const out: CentralEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || dv.getUint32(p, true) !== 0x02014b50) throw new Error(`${file}: corrupted or truncated zip archive (central directory entry ${k + 1} of ${count} is damaged)`);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    const name = Buffer.from(buf.subarray(p + 46, p + 46 + nameLen)).toString("utf8");
    out.push({ name, crc: dv.getUint32(p + 16, true), compressedSize: dv.getUint32(p + 20, true), size: dv.getUint32(p + 24, true) });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/**
 * The file entries of a zip archive, decompressed with fflate, each checked against the CRC-32 and size its
 * central directory records (fflate checks neither), with every entry's declared size bounded before
 * anything is decompressed. Entry names are keys of a Map, so names such as `__proto__` are kept as they are.
 * @param bytes the archive
 * @param file the archive's path, for messages
 * @throws Error naming the archive: not a zip, truncated or corrupted, an entry larger than `maxEntryBytes`,
 *   an entry whose CRC-32 or size differs from the directory's ("damaged: CRC-32 …").
 * @example
 * const entries = unzipChecked(fs.readFileSync("N57E011.hgt.zip"), "N57E011.hgt.zip", { filter: (n) => n.endsWith(".hgt") });
 */
export function unzipChecked(bytes: Uint8Array, file: string, options: UnzipCheckedOptions = {}): Map<string, Uint8Array> {
  const filter = options.filter ?? (() => true);
  const maxEntryBytes = options.maxEntryBytes ?? 2 ** 30;
  if (typeof filter !== "function") throw new TypeError(`unzipChecked: options.filter must be a function, got ${typeof filter}`);
  if (!(Number.isFinite(maxEntryBytes) && maxEntryBytes > 0)) throw new RangeError(`unzipChecked: options.maxEntryBytes must be a positive number, got ${maxEntryBytes}`);
  if (bytes.length < 4 || new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true) !== 0x04034b50) throw new Error(`${file}: not a zip archive`);
  const directory = centralDirectory(bytes, file);
  const wanted = new Map<string, CentralEntry>();
  for (const e of directory) {
    if (e.name.endsWith("/") || !filter(e.name)) continue;
    if (e.size !== 0xffffffff && e.size > maxEntryBytes) throw new Error(`${file}: zip entry ${e.name} declares ${e.size} bytes uncompressed, more than the ${maxEntryBytes} allowed (options.maxEntryBytes)`);
    wanted.set(e.name, e);
  }
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (f) => wanted.has(f.name) });
  } catch (err) {
    throw new Error(`${file}: corrupted or truncated zip archive: ${(err as Error).message}`);
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, e] of wanted) {
    const data = Object.prototype.hasOwnProperty.call(entries, name) ? entries[name] : undefined;
    if (!data) throw new Error(`${file}: zip entry ${name} is listed in the directory but could not be read (corrupted archive?)`);
    if (e.size !== 0xffffffff && data.length !== e.size) throw new Error(`${file}: zip entry ${name} is damaged: ${data.length} bytes decompressed, the directory says ${e.size}`);
    const c = crc32(data);
    if (c !== e.crc) throw new Error(`${file}: zip entry ${name} is damaged: CRC-32 ${c.toString(16).padStart(8, "0")} does not match the recorded ${e.crc.toString(16).padStart(8, "0")}`);
    out.set(name, data);
  }
  return out;
}
