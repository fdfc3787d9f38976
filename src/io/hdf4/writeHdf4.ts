import { deflateSync } from "node:zlib";
import { writeFileAtomic } from "../writeFileAtomic";
import type { Hdf4DataType } from "./hdf4File";

/** One SDS to write. */
export interface Hdf4SdsInput {
  /** SDS name, e.g. `LST_Day_1km`. */
  name: string;
  dataType: Hdf4DataType;
  /** Sizes, slowest first, e.g. [rows, columns]. */
  shape: number[];
  /** Row-major values, already in the stored type's range (raw integers for packed MODIS layers). */
  values: ArrayLike<number>;
  /**
   * Attributes in the order to write them. A number is written in the SDS's type for `_FillValue` and
   * `valid_range` (as the SD library does) and as float64 otherwise; a string as char8. Default none.
   */
  attributes?: [string, number | number[] | string][];
  /** Dimension names (default `fakeDim0`, `fakeDim1`, …, as the SD library names them). */
  dimNames?: string[];
}

/** An HDF-EOS2 grid the SDS belong to (written as the EOS library's `GRID` Vgroups; `StructMetadata.0` is the caller's). */
export interface Hdf4EosGridInput {
  /** Grid name, e.g. `MODIS_Grid_8Day_1km_LST`. */
  name: string;
}

/** Options of {@link writeHdf4}. */
export interface WriteHdf4Options {
  /** The datasets, in file order. */
  sds: Hdf4SdsInput[];
  /** File attributes (e.g. `HDFEOSVersion`, `StructMetadata.0`, `CoreMetadata.0`), in order. Default none. */
  attributes?: [string, number | number[] | string][];
  /** When set, the SDS are also grouped as the fields of this HDF-EOS2 grid. Default none. */
  eosGrid?: Hdf4EosGridInput | null;
  /** "deflate" (as LP DAAC's MODIS granules) or "none". Default "deflate". */
  compression?: "deflate" | "none";
  /** DEFLATE level 1–9. Default 6. */
  level?: number;
}

const NT_CODES: Record<Hdf4DataType, { code: number; size: number }> = {
  int8: { code: 20, size: 1 }, uint8: { code: 21, size: 1 }, int16: { code: 22, size: 2 }, uint16: { code: 23, size: 2 },
  int32: { code: 24, size: 4 }, uint32: { code: 25, size: 4 }, float32: { code: 5, size: 4 }, float64: { code: 6, size: 8 },
};
const RANGES: Partial<Record<Hdf4DataType, [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535], int32: [-(2 ** 31), 2 ** 31 - 1], uint32: [0, 2 ** 32 - 1],
};
const CHAR8 = 4, INT32 = 24;
// Trailers the HDF4 4.2 library writes after a Vgroup's and a Vdata header's class (extension tag/ref, version 3, more).
const VG_TAIL = [0, 0, 0, 0, 0, 3, 0, 0, 0];
const VH_TAIL = [0, 0, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0];
const DEFAULTS = { compression: "deflate" as const, level: 6 };

/**
 * Writes an HDF4 file the way the HDF4 4.2 SD and HDF-EOS2 libraries lay out MODIS land granules: a version
 * element, each SDS as NT + SDD + (DEFLATE-compressed) SD data grouped by an NDG and named by a `Var0.0` Vgroup
 * with its dimension (`Dim0.0`) Vgroups and `Attr0.0` attribute Vdatas, file attributes and everything under a
 * `CDF0.0` Vgroup, and, for HDF-EOS2, the `GRID` / `Data Fields` / `Grid Attributes` Vgroups. GDAL's HDF4 and
 * HDF4_EOS drivers and {@link Hdf4File} read it back (tested). The file is written atomically.
 *
 * @param file output path
 * @param options the datasets and attributes
 * @returns the number of bytes written
 * @throws RangeError naming the option: an empty or duplicate SDS name, a shape that does not match the values,
 *   a value outside the stored type's range or not an integer for an integer type, a bad level or compression.
 * @example
 * writeHdf4("MOD11A2.A2015193.h28v05.061.2021330021306.hdf", {
 *   sds: [{ name: "LST_Day_1km", dataType: "uint16", shape: [1200, 1200], values: raw,
 *           attributes: [["units", "K"], ["valid_range", [7500, 65535]], ["_FillValue", 0], ["scale_factor", 0.02]] }],
 *   attributes: [["StructMetadata.0", odl]], eosGrid: { name: "MODIS_Grid_8Day_1km_LST" },
 * });
 */
export function writeHdf4(file: string, options: WriteHdf4Options): number {
  const o = { ...DEFAULTS, ...options };
  if (!Array.isArray(o.sds) || o.sds.length === 0) throw new RangeError(`writeHdf4: options.sds must be a non-empty array of datasets`);
  if (o.compression !== "deflate" && o.compression !== "none") throw new RangeError(`writeHdf4: options.compression must be "deflate" or "none", got ${JSON.stringify(o.compression)}`);
  if (!Number.isInteger(o.level) || o.level < 1 || o.level > 9) throw new RangeError(`writeHdf4: options.level must be an integer in 1..9, got ${JSON.stringify(o.level)}`);
  const names = new Set<string>();
  for (const [i, s] of o.sds.entries()) {
    if (typeof s.name !== "string" || s.name === "" || s.name.length > 64) throw new RangeError(`writeHdf4: options.sds[${i}].name must be a string of 1..64 characters, got ${JSON.stringify(s.name)}`);
    if (names.has(s.name)) throw new RangeError(`writeHdf4: options.sds[${i}].name ${JSON.stringify(s.name)} is repeated`);
    names.add(s.name);
    if (!(s.dataType in NT_CODES)) throw new RangeError(`writeHdf4: options.sds[${i}].dataType must be one of ${Object.keys(NT_CODES).join(", ")}, got ${JSON.stringify(s.dataType)}`);
    if (!Array.isArray(s.shape) || s.shape.length < 1 || s.shape.some((d) => !Number.isInteger(d) || d < 1)) throw new RangeError(`writeHdf4: options.sds[${i}].shape must be positive integers, got ${JSON.stringify(s.shape)}`);
    const n = s.shape.reduce((a, b) => a * b, 1);
    if (!s.values || s.values.length !== n) throw new RangeError(`writeHdf4: options.sds[${i}] (${s.name}): ${s.values ? s.values.length : 0} values for shape ${JSON.stringify(s.shape)} (${n})`);
    const range = RANGES[s.dataType];
    if (range) {
      for (let k = 0; k < n; k++) {
        const v = s.values[k];
        if (!Number.isInteger(v) || v < range[0] || v > range[1]) throw new RangeError(`writeHdf4: options.sds[${i}] (${s.name}): value ${v} at index ${k} is not a ${s.dataType}`);
      }
    }
    if (s.dimNames && (s.dimNames.length !== s.shape.length || s.dimNames.some((d) => typeof d !== "string" || d === ""))) throw new RangeError(`writeHdf4: options.sds[${i}].dimNames must be ${s.shape.length} non-empty strings, got ${JSON.stringify(s.dimNames)}`);
  }

  const w = new ElementWriter();
  w.add(30, new Bytes().u32(4).u32(2).u32(15).text("HDF Version 4.2 Release 15 (sm-downscale writer)".padEnd(80, "\0")).done());
  const dimGroups = new Map<string, number>(); // "name/size" → Vgroup ref
  const varGroups: number[] = [];
  const ndgRefs: number[] = [];
  for (const s of o.sds) {
    const nt = NT_CODES[s.dataType];
    const ref = w.ref();
    w.add(106, Uint8Array.of(1, nt.code, nt.size * 8, 1), ref);
    const sdd = new Bytes().u16(s.shape.length);
    for (const d of s.shape) sdd.i32(d);
    sdd.u16(106).u16(ref);
    for (let k = 0; k < s.shape.length; k++) sdd.u16(106).u16(ref);
    w.add(701, sdd.done(), ref);
    const raw = encodeNumbers(s.values, s.dataType);
    const sdRef = w.ref();
    if (o.compression === "deflate") {
      const compRef = w.ref();
      w.add(0x4000 | 702, new Bytes().u16(3).u16(0).u32(raw.length).u16(compRef).u16(0).u16(4).u16(o.level).done(), sdRef);
      w.add(40, deflateSync(raw, { level: o.level }), compRef);
    } else w.add(702, raw, sdRef);
    const ndgRef = w.ref();
    w.add(720, new Bytes().u16(702).u16(sdRef).u16(106).u16(ref).u16(701).u16(ref).done(), ndgRef);
    ndgRefs.push(ndgRef);
    const children: [number, number][] = [];
    s.shape.forEach((size, k) => {
      const dimName = s.dimNames?.[k] ?? `fakeDim${k}`;
      const keyOf = `${dimName}/${size}`;
      let g = dimGroups.get(keyOf);
      if (g === undefined) {
        const vd = w.vdata(dimName, "DimVal0.1", INT32, 4, 1, new Bytes().i32(size).done(), "Values");
        g = w.vgroup(dimName, "Dim0.0", [[1962, vd]]);
        dimGroups.set(keyOf, g);
      }
      children.push([1965, g]);
    });
    for (const [name, value] of s.attributes ?? []) children.push([1962, w.attribute(name, value, attributeType(name, s.dataType))]);
    children.push([702, sdRef], [106, ref], [701, ref], [720, ndgRef]);
    varGroups.push(w.vgroup(s.name, "Var0.0", children));
  }
  const globals = (o.attributes ?? []).map(([name, value]) => w.attribute(name, value, typeof value === "string" ? "char" : "float64"));
  if (o.eosGrid) {
    const fields = w.vgroup("Data Fields", "GRID Vgroup", ndgRefs.map((r) => [720, r]));
    const gridAttrs = w.vgroup("Grid Attributes", "GRID Vgroup", []);
    w.vgroup(o.eosGrid.name, "GRID", [[1965, fields], [1965, gridAttrs]]);
  }
  w.vgroup(file.split("/").pop() ?? "file", "CDF0.0", [
    ...Array.from(dimGroups.values(), (r) => [1965, r] as [number, number]),
    ...varGroups.map((r) => [1965, r] as [number, number]),
    ...globals.map((r) => [1962, r] as [number, number]),
  ]);
  const bytes = w.finish();
  writeFileAtomic(file, bytes);
  return bytes.length;
}

type AttributeType = "char" | "float64" | Hdf4DataType;

/** `_FillValue` and `valid_range` take the SDS's type (the SD library requires it); other numbers are float64. */
function attributeType(name: string, sdsType: Hdf4DataType): AttributeType {
  return name === "_FillValue" || name === "valid_range" ? sdsType : "float64";
}

function encodeNumbers(values: ArrayLike<number>, t: Hdf4DataType): Uint8Array {
  const n = values.length, size = NT_CODES[t].size;
  const out = new Uint8Array(n * size);
  const v = new DataView(out.buffer);
  for (let i = 0; i < n; i++) {
    const x = values[i], p = i * size;
    switch (t) {
      case "int8": v.setInt8(p, x); break;
      case "uint8": v.setUint8(p, x); break;
      case "int16": v.setInt16(p, x); break;
      case "uint16": v.setUint16(p, x); break;
      case "int32": v.setInt32(p, x); break;
      case "uint32": v.setUint32(p, x); break;
      case "float32": v.setFloat32(p, x); break;
      case "float64": v.setFloat64(p, x); break;
    }
  }
  return out;
}

/** A growing big-endian byte string. */
class Bytes {
  private parts: number[] = [];
  u16(x: number): this { this.parts.push((x >> 8) & 255, x & 255); return this; }
  u32(x: number): this { this.parts.push((x >>> 24) & 255, (x >>> 16) & 255, (x >>> 8) & 255, x & 255); return this; }
  i32(x: number): this { return this.u32(x >>> 0); }
  text(s: string): this { for (const c of Buffer.from(s, "latin1")) this.parts.push(c); return this; }
  raw(b: ArrayLike<number>): this { for (let i = 0; i < b.length; i++) this.parts.push(b[i]); return this; }
  done(): Uint8Array { return Uint8Array.from(this.parts); }
}

/** Collects elements, assigns refs, and lays out one data-descriptor block followed by the elements. */
class ElementWriter {
  private elements: { tag: number; ref: number; data: Uint8Array }[] = [];
  private nextRef = 1;
  ref(): number {
    if (this.nextRef > 65535) throw new RangeError("writeHdf4: more than 65535 elements");
    return this.nextRef++;
  }
  add(tag: number, data: Uint8Array, ref = this.ref()): number { this.elements.push({ tag, ref, data }); return ref; }
  vgroup(name: string, className: string, children: [number, number][]): number {
    const b = new Bytes().u16(children.length);
    for (const [t] of children) b.u16(t);
    for (const [, r] of children) b.u16(r);
    b.u16(name.length).text(name).u16(className.length).text(className).raw(VG_TAIL);
    return this.add(1965, b.done());
  }
  /** A one-field Vdata (VH header + VS data): `order` values of number type `nt`, `size` bytes each. */
  vdata(name: string, className: string, nt: number, size: number, order: number, data: Uint8Array, field = "VALUES"): number {
    const ref = this.ref();
    this.add(1963, data, ref);
    const h = new Bytes().u16(0).u32(1).u16(size * order).u16(1).u16(nt).u16(size * order).u16(0).u16(order)
      .u16(field.length).text(field).u16(name.length).text(name).u16(className.length).text(className).raw(VH_TAIL);
    this.add(1962, h.done(), ref);
    return ref;
  }
  attribute(name: string, value: number | number[] | string, type: AttributeType): number {
    if (typeof value === "string") {
      const text = Buffer.from(value, "latin1");
      return this.vdata(name, "Attr0.0", CHAR8, 1, Math.max(1, text.length), text.length ? Uint8Array.from(text) : Uint8Array.of(0));
    }
    const list = Array.isArray(value) ? value : [value];
    const t: Hdf4DataType = type === "char" ? "float64" : type;
    return this.vdata(name, "Attr0.0", NT_CODES[t].code, NT_CODES[t].size, list.length, encodeNumbers(list, t));
  }
  finish(): Uint8Array {
    const n = this.elements.length;
    const headerBytes = 4 + 6 + 12 * n;
    let offset = headerBytes;
    const dd = new Bytes().raw([0x0e, 0x03, 0x13, 0x01]).u16(n).u32(0);
    for (const e of this.elements) { dd.u16(e.tag).u16(e.ref).u32(offset).u32(e.data.length); offset += e.data.length; }
    const out = new Uint8Array(offset);
    out.set(dd.done(), 0);
    let at = headerBytes;
    for (const e of this.elements) { out.set(e.data, at); at += e.data.length; }
    return out;
  }
}
