import * as zlib from "node:zlib";
import { crc32 } from "./crc32";

/** One member of {@link zipBytes}. */
export interface ZipEntryInput {
  /** Name inside the archive (forward slashes, ASCII). */
  name: string;
  data: Uint8Array;
}

/** Options of {@link zipBytes}. */
export interface ZipBytesOptions {
  /** Modification time stamped on every entry (DOS time, local fields). Default 2010-01-01T00:00:00. */
  date?: Date;
  /** "deflate" (method 8, zlib level 6) or "store" (method 0). Default "deflate". */
  method?: "deflate" | "store";
}

/**
 * A PKZIP archive (no ZIP64, so each entry and the whole archive under 4 GiB; no encryption): local headers with
 * CRC-32 and sizes, then the central directory and its end record, as `unzip -t` and our {@link unzipChecked} expect.
 * @throws RangeError naming the entry when a name is empty or not ASCII, or the archive would need ZIP64.
 * @example const zip = zipBytes([{ name: "srtm_61_05.tif", data: tif }]);
 */
export function zipBytes(entries: ZipEntryInput[], options: ZipBytesOptions = {}): Uint8Array {
  const d = options.date ?? new Date(2010, 0, 1);
  const method = options.method ?? "deflate";
  if (method !== "deflate" && method !== "store") throw new RangeError(`zipBytes: options.method must be "deflate" or "store", got ${JSON.stringify(method)}`);
  const dosTime = (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1);
  const dosDate = ((d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate();
  const parts: Buffer[] = [], central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    if (!e.name || !/^[\x20-\x7e]+$/.test(e.name)) throw new RangeError(`zipBytes: entry name ${JSON.stringify(e.name)} must be non-empty ASCII`);
    const name = Buffer.from(e.name, "ascii");
    const body = method === "deflate" ? zlib.deflateRawSync(e.data, { level: 6 }) : Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength);
    const crc = crc32(e.data);
    if (e.data.byteLength >= 0xffffffff || offset + body.length + 30 + name.length >= 0xffffffff) throw new RangeError(`zipBytes: ${e.name} would need ZIP64 (over 4 GiB)`);
    const m = method === "deflate" ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0, 6); local.writeUInt16LE(m, 8);
    local.writeUInt16LE(dosTime, 10); local.writeUInt16LE(dosDate, 12); local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18); local.writeUInt32LE(e.data.byteLength, 22); local.writeUInt16LE(name.length, 26); local.writeUInt16LE(0, 28);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0); cen.writeUInt16LE(20, 4); cen.writeUInt16LE(20, 6); cen.writeUInt16LE(0, 8); cen.writeUInt16LE(m, 10);
    cen.writeUInt16LE(dosTime, 12); cen.writeUInt16LE(dosDate, 14); cen.writeUInt32LE(crc, 16);
    cen.writeUInt32LE(body.length, 20); cen.writeUInt32LE(e.data.byteLength, 24); cen.writeUInt16LE(name.length, 28);
    cen.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    central.push(cen, name);
    offset += 30 + name.length + body.length;
  }
  const cenSize = central.reduce((s, b) => s + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cenSize, 12); end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, ...central, end]));
}
