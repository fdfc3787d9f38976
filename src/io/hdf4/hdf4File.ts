import * as fs from "node:fs";
import { inflateSync } from "node:zlib";
import type { AttributeValue, NumericArray } from "../hdf5/cfDecode";

/** The four bytes every HDF4 file starts with (`^N^C^S^A`). */
export const HDF4_MAGIC = [0x0e, 0x03, 0x13, 0x01] as const;

/** Whether `head` starts with the HDF4 signature. */
export function isHdf4Signature(head: Uint8Array): boolean {
  return head.length >= 4 && HDF4_MAGIC.every((b, i) => head[i] === b);
}

/** One scientific dataset (SDS) of an HDF4 file, as the SD interface (mfhdf) stores it. */
export interface Hdf4Sds {
  /** SDS name (the name of its "Var0.0" Vgroup), e.g. `LST_Day_1km`. */
  name: string;
  /** Sizes, slowest first (rows, columns for a grid field). */
  shape: number[];
  /** Dimension names, e.g. `YDim:MODIS_Grid_Daily_1km_LST` (empty strings when unnamed). */
  dimNames: string[];
  /** Sample type: int8, uint8, int16, uint16, int32, uint32, float32, float64. */
  dataType: Hdf4DataType;
  /** Attributes (null-prototype: keys come from the file). Numbers as numbers or arrays, text as strings. */
  attributes: Record<string, AttributeValue>;
  /** How the data are stored: "none" (contiguous), "deflate", or "empty" (never written: all fill). */
  compression: "none" | "deflate" | "empty";
}

/** HDF4 sample types this reader decodes. */
export type Hdf4DataType = "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "float32" | "float64";

// HDF4 tags (hdf.h / htags.h) and number types (hntdefs.h)
const TAG_NT = 106;
const TAG_SDD = 701;
const TAG_SD = 702;
const TAG_NDG = 720;
const TAG_VH = 1962;
const TAG_VS = 1963;
const TAG_VG = 1965;
const TAG_COMPRESSED = 40;
const SPECIAL_FLAG = 0x4000;
const SPECIAL_COMP = 3;
const COMP_NONE = 0;
const COMP_DEFLATE = 4;
const NT_LITEND = 0x4000;
const NUMBER_TYPES: Record<number, { type: Hdf4DataType | "char"; size: number }> = {
  3: { type: "char", size: 1 }, // DFNT_UCHAR8
  4: { type: "char", size: 1 }, // DFNT_CHAR8
  5: { type: "float32", size: 4 },
  6: { type: "float64", size: 8 },
  20: { type: "int8", size: 1 },
  21: { type: "uint8", size: 1 },
  22: { type: "int16", size: 2 },
  23: { type: "uint16", size: 2 },
  24: { type: "int32", size: 4 },
  25: { type: "uint32", size: 4 },
};
/** Upper bounds on sizes read from the file (they meet memory): a hostile header is refused before allocating. */
const MAX_DD_BLOCKS = 1 << 16;
const MAX_RANK = 32;
const MAX_SDS_BYTES = 2 ** 31 - 1;

interface DataDescriptor { tag: number; ref: number; offset: number; length: number }
interface Vgroup { ref: number; name: string; className: string; children: { tag: number; ref: number }[] }
interface SdsRecord { sds: Hdf4Sds; ndgRef: number; dataTag: number; dataRef: number; littleEndian: boolean }

const key = (tag: number, ref: number): string => `${tag}/${ref}`;

/**
 * A file in HDF4 (the Hierarchical Data Format 4 that LP DAAC distributes MODIS land products in), read with no
 * native library: the data-descriptor blocks, the SD interface's scientific datasets (NDG groups with their SDD
 * dimension record and NT number types, named by their "Var0.0" Vgroups, attributes as "Attr0.0" Vdatas), file
 * attributes (HDF-EOS2's `StructMetadata.0` among them), contiguous and DEFLATE-compressed data. Values are raw
 * (no fill masking or scaling here: see `hdf4InfoHandler` and the MODIS reader), as GDAL's HDF4 driver returns them.
 *
 * Other storage (chunked, linked blocks, external files, RLE/N-bit/Huffman/SZIP compression) is refused with an
 * error naming the file, the SDS and the storage.
 *
 * @example
 * const f = Hdf4File.open("test/fixtures/modis/MOD11A1.A2019305.h14v09.006.2019306084028.hdf");
 * f.sds.map((s) => s.name);            // ["LST_Day_1km", "QC_Day", …]
 * const raw = f.readRaw("LST_Day_1km"); // Uint16Array, 1200 × 1200, fill 0, × 0.02 → K
 */
export class Hdf4File {
  /** The path given. */
  readonly file: string;
  /** Every scientific dataset, in file order. */
  readonly sds: Hdf4Sds[];
  /** File (global) attributes, e.g. `StructMetadata.0`, `CoreMetadata.0` (null-prototype). */
  readonly attributes: Record<string, AttributeValue>;
  private readonly bytes: Buffer;
  private readonly dds: Map<string, DataDescriptor>;
  private readonly records: Map<string, SdsRecord>;

  private constructor(file: string, bytes: Buffer) {
    this.file = file;
    this.bytes = bytes;
    this.dds = readDataDescriptors(file, bytes);
    const vgroups = this.readVgroups();
    const { sds, records, attributes } = this.readScientificData(vgroups);
    this.sds = sds;
    this.records = records;
    this.attributes = attributes;
  }

  /**
   * Opens and indexes an HDF4 file (the whole file is read: MODIS granules are a few to tens of MB).
   * @throws Error naming the file when it is missing, not HDF4, truncated, or structurally impossible.
   */
  static open(file: string): Hdf4File {
    let bytes: Buffer;
    try { bytes = fs.readFileSync(file); } catch (e) { throw new Error(`${file}: cannot read: ${(e as Error).message}`); }
    if (!isHdf4Signature(bytes)) throw new Error(`${file}: not an HDF4 file (no HDF4 signature 0e 03 13 01)`);
    return new Hdf4File(file, bytes);
  }

  /** The SDS named `name`. @throws Error naming the file and listing the SDS when absent. */
  get(name: string): Hdf4Sds {
    const r = this.records.get(name);
    if (!r) throw new Error(`${this.file}: no SDS '${name}' (has: ${this.sds.map((s) => s.name).join(", ")})`);
    return r.sds;
  }

  /**
   * Reads an SDS's raw values (row-major, in its stored type, native byte order after conversion).
   * @throws Error naming the file and SDS: absent, unsupported storage, truncated or corrupted data, or a stream
   *   that inflates past the size its header declares.
   */
  readRaw(name: string): Exclude<NumericArray, number[]> {
    const rec = this.records.get(name);
    if (!rec) throw new Error(`${this.file}: no SDS '${name}' (has: ${this.sds.map((s) => s.name).join(", ")})`);
    const { sds } = rec;
    const where = `${this.file}: SDS '${name}'`;
    const count = sds.shape.reduce((a, b) => a * b, 1);
    const size = NUMBER_TYPES[numberTypeCode(sds.dataType)].size;
    const nbytes = count * size;
    let data: Buffer;
    if (sds.compression === "empty") {
      const fill = sds.attributes._FillValue;
      const out = typedArrayFor(sds.dataType, count);
      if (typeof fill === "number") out.fill(fill as never);
      return out;
    }
    const dd = this.dds.get(key(rec.dataTag, rec.dataRef))!;
    if (rec.dataTag === TAG_SD) {
      if (dd.length < nbytes) throw new Error(`${where}: truncated data (${dd.length} bytes stored, ${nbytes} expected)`);
      data = this.bytes.subarray(dd.offset, dd.offset + nbytes);
    } else {
      const head = this.bytes.subarray(dd.offset, dd.offset + dd.length);
      const comp = parseCompressedHeader(head, where);
      if (comp.length !== nbytes) throw new Error(`${where}: the compressed element declares ${comp.length} bytes, the dimensions ${nbytes}`);
      const cdd = this.dds.get(key(TAG_COMPRESSED, comp.compRef));
      if (!cdd) throw new Error(`${where}: compressed data block (tag 40, ref ${comp.compRef}) missing`);
      const stream = this.bytes.subarray(cdd.offset, cdd.offset + cdd.length);
      if (comp.compType === COMP_NONE) data = stream;
      else {
        try {
          // one byte of room past the declared size: zlib then reaches the stream's end and checks its Adler-32
          // (stopping exactly at the size would accept a corrupted stream that still fills the buffer)
          data = inflateSync(stream, { maxOutputLength: nbytes + 1 });
          if (data.length > nbytes) throw Object.assign(new Error("too large"), { code: "ERR_BUFFER_TOO_LARGE" });
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (code === "ERR_BUFFER_TOO_LARGE") throw new Error(`${where}: DEFLATE data inflate past the declared ${nbytes} bytes (corrupted or hostile file)`);
          throw new Error(`${where}: corrupted DEFLATE data (${(e as Error).message})`);
        }
      }
      if (data.length < nbytes) throw new Error(`${where}: data decode to ${data.length} bytes, ${nbytes} expected (truncated?)`);
    }
    return decodeNumbers(data, sds.dataType, count, rec.littleEndian);
  }

  private element(tag: number, ref: number, where: string): Buffer {
    const dd = this.dds.get(key(tag, ref));
    if (!dd) throw new Error(`${this.file}: ${where}: element tag ${tag} ref ${ref} missing`);
    return this.bytes.subarray(dd.offset, dd.offset + dd.length);
  }

  private readVgroups(): Vgroup[] {
    const out: Vgroup[] = [];
    for (const dd of this.dds.values()) {
      if (dd.tag !== TAG_VG) continue;
      const b = this.bytes.subarray(dd.offset, dd.offset + dd.length);
      const r = new Reader(b, `${this.file}: Vgroup ref ${dd.ref}`);
      const n = r.u16();
      const tags = Array.from({ length: n }, () => r.u16());
      const refs = Array.from({ length: n }, () => r.u16());
      const name = r.text(r.u16());
      const className = r.text(r.u16());
      out.push({ ref: dd.ref, name, className, children: tags.map((tag, i) => ({ tag, ref: refs[i] })) });
    }
    return out;
  }

  /** An "Attr0.0" Vdata: one field named VALUES, `order` values of one number type, one record. */
  private readAttribute(ref: number): { name: string; value: AttributeValue } | null {
    const where = `Vdata ref ${ref}`;
    const r = new Reader(this.element(TAG_VH, ref, where), `${this.file}: ${where}`);
    r.u16(); // interlace
    const nvert = r.u32();
    r.u16(); // record size
    const nfields = r.u16();
    if (nfields !== 1) return null;
    const type = r.u16();
    r.u16(); // isize
    r.u16(); // offset
    const order = r.u16();
    r.text(r.u16()); // field name ("VALUES")
    const name = r.text(r.u16());
    const className = r.text(r.u16());
    if (className !== "Attr0.0") return null;
    const nt = NUMBER_TYPES[type & ~NT_LITEND];
    if (!nt) throw new Error(`${this.file}: attribute '${name}': unknown number type ${type}`);
    const count = order * nvert;
    const data = this.element(TAG_VS, ref, `attribute '${name}'`);
    if (data.length < count * nt.size) throw new Error(`${this.file}: attribute '${name}': truncated (${data.length} bytes, ${count * nt.size} expected)`);
    if (nt.type === "char") {
      const end = data.subarray(0, count).indexOf(0);
      return { name, value: data.subarray(0, end < 0 ? count : end).toString("latin1") };
    }
    const values = Array.from(decodeNumbers(data, nt.type, count, (type & NT_LITEND) !== 0));
    return { name, value: values.length === 1 ? values[0] : values };
  }

  private readScientificData(vgroups: Vgroup[]): { sds: Hdf4Sds[]; records: Map<string, SdsRecord>; attributes: Record<string, AttributeValue> } {
    const attributes: Record<string, AttributeValue> = Object.create(null);
    const byRef = new Map(vgroups.map((g) => [g.ref, g]));
    for (const g of vgroups) {
      if (g.className !== "CDF0.0") continue;
      for (const c of g.children) {
        if (c.tag !== TAG_VH) continue;
        const a = this.readAttribute(c.ref);
        if (a) attributes[a.name] = a.value;
      }
    }
    const sds: Hdf4Sds[] = [];
    const records = new Map<string, SdsRecord>();
    for (const g of vgroups) {
      if (g.className !== "Var0.0") continue;
      const ndg = g.children.find((c) => c.tag === TAG_NDG);
      if (!ndg) continue; // a coordinate variable without data
      const where = `SDS '${g.name}'`;
      const members = new Reader(this.element(TAG_NDG, ndg.ref, where), `${this.file}: ${where}`);
      const refs = new Map<number, number>();
      while (members.remaining() >= 4) { const tag = members.u16(); refs.set(tag, members.u16()); }
      const sddRef = refs.get(TAG_SDD);
      if (sddRef === undefined) throw new Error(`${this.file}: ${where}: no dimension record (SDD)`);
      const sdd = new Reader(this.element(TAG_SDD, sddRef, where), `${this.file}: ${where}: dimension record`);
      const rank = sdd.u16();
      if (rank < 1 || rank > MAX_RANK) throw new Error(`${this.file}: ${where}: rank ${rank} outside 1..${MAX_RANK}`);
      const shape = Array.from({ length: rank }, () => sdd.i32());
      if (shape.some((d) => d < 0)) throw new Error(`${this.file}: ${where}: negative dimension in ${JSON.stringify(shape)}`);
      const ntTag = sdd.u16(), ntRef = sdd.u16();
      if (ntTag !== TAG_NT) throw new Error(`${this.file}: ${where}: the dimension record does not name a number type`);
      const nt = this.element(TAG_NT, ntRef, where);
      if (nt.length < 4) throw new Error(`${this.file}: ${where}: truncated number type`);
      const code = nt[1], klass = nt[3];
      const info = NUMBER_TYPES[code];
      if (!info || info.type === "char") throw new Error(`${this.file}: ${where}: number type ${code} is not a numeric type this reader decodes`);
      const count = shape.reduce((a, b) => a * b, 1);
      if (count * info.size > MAX_SDS_BYTES) throw new Error(`${this.file}: ${where}: ${JSON.stringify(shape)} × ${info.size} bytes exceeds ${MAX_SDS_BYTES} bytes`);
      // the byte order is the number type's class: 1 = big-endian (MBO / IEEE), 4 = little-endian (IBO / PC)
      const littleEndian = klass === 4;
      const attrs: Record<string, AttributeValue> = Object.create(null);
      const dimNames: string[] = [];
      for (const c of g.children) {
        if (c.tag === TAG_VH) { const a = this.readAttribute(c.ref); if (a) attrs[a.name] = a.value; }
        else if (c.tag === TAG_VG) { const d = byRef.get(c.ref); if (d && d.className.startsWith("Dim")) dimNames.push(d.name); }
      }
      while (dimNames.length < rank) dimNames.push("");
      let dataTag = TAG_SD, compression: Hdf4Sds["compression"] = "none";
      const sdRef = refs.get(TAG_SD);
      if (sdRef === undefined || (!this.dds.has(key(TAG_SD, sdRef)) && !this.dds.has(key(TAG_SD | SPECIAL_FLAG, sdRef)))) compression = "empty";
      else if (this.dds.has(key(TAG_SD | SPECIAL_FLAG, sdRef))) {
        dataTag = TAG_SD | SPECIAL_FLAG;
        const comp = parseCompressedHeader(this.element(dataTag, sdRef, where), `${this.file}: ${where}`);
        compression = comp.compType === COMP_DEFLATE ? "deflate" : "none";
      }
      const s: Hdf4Sds = { name: g.name, shape, dimNames: dimNames.slice(0, rank), dataType: info.type, attributes: attrs, compression };
      if (records.has(g.name)) throw new Error(`${this.file}: two SDS named '${g.name}'`);
      sds.push(s);
      records.set(g.name, { sds: s, ndgRef: ndg.ref, dataTag, dataRef: sdRef ?? 0, littleEndian });
    }
    return { sds, records, attributes };
  }
}

function numberTypeCode(t: Hdf4DataType): number {
  for (const [code, info] of Object.entries(NUMBER_TYPES)) if (info.type === t) return Number(code);
  throw new RangeError(`unknown HDF4 data type ${t}`);
}

/** Reads the chain of data-descriptor blocks: tag, ref, offset, length of every element. */
function readDataDescriptors(file: string, bytes: Buffer): Map<string, DataDescriptor> {
  const dds = new Map<string, DataDescriptor>();
  let at = 4;
  const seen = new Set<number>();
  for (let block = 0; at !== 0; block++) {
    if (block >= MAX_DD_BLOCKS || seen.has(at)) throw new Error(`${file}: the data-descriptor blocks loop or exceed ${MAX_DD_BLOCKS} (corrupted file)`);
    seen.add(at);
    if (at + 6 > bytes.length) throw new Error(`${file}: truncated (a data-descriptor block at byte ${at} lies past the end, ${bytes.length} bytes)`);
    const n = bytes.readUInt16BE(at);
    const next = bytes.readUInt32BE(at + 2);
    if (at + 6 + 12 * n > bytes.length) throw new Error(`${file}: truncated (data-descriptor block at byte ${at} holds ${n} entries past the end)`);
    for (let i = 0; i < n; i++) {
      const p = at + 6 + 12 * i;
      const tag = bytes.readUInt16BE(p);
      if (tag === 1) continue; // DFTAG_NULL: an empty slot
      const ref = bytes.readUInt16BE(p + 2), offset = bytes.readUInt32BE(p + 4), length = bytes.readUInt32BE(p + 8);
      if (offset + length > bytes.length && length !== 0xffffffff) {
        throw new Error(`${file}: truncated (element tag ${tag} ref ${ref} spans bytes ${offset}..${offset + length}, the file has ${bytes.length})`);
      }
      dds.set(key(tag, ref), { tag, ref, offset, length });
    }
    at = next;
  }
  return dds;
}

function parseCompressedHeader(head: Buffer, where: string): { length: number; compRef: number; compType: number } {
  const r = new Reader(head, `${where}: special element header`);
  const special = r.u16();
  if (special !== SPECIAL_COMP) {
    const names: Record<number, string> = { 1: "linked blocks", 2: "an external file", 4: "variable-length linked blocks", 5: "chunks", 6: "buffered", 7: "compressed raster" };
    throw new Error(`${where}: stored as ${names[special] ?? `special element ${special}`}, which this reader does not decode (contiguous and DEFLATE-compressed SDS only)`);
  }
  r.u16(); // version
  const length = r.u32();
  const compRef = r.u16();
  r.u16(); // model type
  const compType = r.u16();
  if (compType !== COMP_NONE && compType !== COMP_DEFLATE) {
    const names: Record<number, string> = { 1: "RLE", 2: "N-bit", 3: "skipping Huffman", 5: "SZIP", 6: "JPEG" };
    throw new Error(`${where}: ${names[compType] ?? `compression ${compType}`} compression is not supported (DEFLATE and none only)`);
  }
  return { length, compRef, compType };
}

function typedArrayFor(t: Hdf4DataType, n: number): Exclude<NumericArray, number[]> {
  switch (t) {
    case "int8": return new Int8Array(n);
    case "uint8": return new Uint8Array(n);
    case "int16": return new Int16Array(n);
    case "uint16": return new Uint16Array(n);
    case "int32": return new Int32Array(n);
    case "uint32": return new Uint32Array(n);
    case "float32": return new Float32Array(n);
    case "float64": return new Float64Array(n);
  }
}

function decodeNumbers(data: Buffer, t: Hdf4DataType, n: number, littleEndian: boolean): Exclude<NumericArray, number[]> {
  const out = typedArrayFor(t, n);
  const size = out.BYTES_PER_ELEMENT;
  if (size === 1) { new Uint8Array(out.buffer).set(data.subarray(0, n)); return out; }
  const bytes = new Uint8Array(out.buffer);
  bytes.set(data.subarray(0, n * size));
  const hostLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (littleEndian !== hostLittle) {
    for (let i = 0; i < bytes.length; i += size) {
      for (let a = i, b = i + size - 1; a < b; a++, b--) { const x = bytes[a]; bytes[a] = bytes[b]; bytes[b] = x; }
    }
  }
  return out;
}

/** A bounds-checked big-endian cursor over one element: running past its end is an error naming it. */
class Reader {
  private at = 0;
  constructor(private readonly b: Buffer, private readonly where: string) {}
  private need(n: number): void {
    if (this.at + n > this.b.length) throw new Error(`${this.where}: truncated (needs ${this.at + n} bytes, has ${this.b.length})`);
  }
  remaining(): number { return this.b.length - this.at; }
  u16(): number { this.need(2); const v = this.b.readUInt16BE(this.at); this.at += 2; return v; }
  u32(): number { this.need(4); const v = this.b.readUInt32BE(this.at); this.at += 4; return v; }
  i32(): number { this.need(4); const v = this.b.readInt32BE(this.at); this.at += 4; return v; }
  text(n: number): string { this.need(n); const s = this.b.subarray(this.at, this.at + n).toString("latin1"); this.at += n; return s; }
}
