import * as path from "path";
import { loadH5wasm, type H5wasm } from "./h5wasmModule";
import { checkHdf5Container, type Hdf5ContainerInfo } from "./hdf5Signature";
import { captureHdf5Errors } from "./captureHdf5Errors";
import { decodeCf, type AttributeValue, type CfCounts, type CfDecodeOptions, type NumericArray } from "./cfDecode";

/** Description of one variable (dataset) of a NetCDF-4/HDF5 file. */
export interface Hdf5VariableInfo {
  /** Full path inside the file, e.g. `/SoilMoi0_10cm_inst` or `/Geophysical Data`. */
  path: string;
  /** Name (last path component). */
  name: string;
  /** Dimension lengths. */
  shape: number[];
  /** Dimension names (from netCDF dimension scales; `dim0`, `dim1`, … when none). */
  dimensions: string[];
  /** HDF5 dtype code: `<h` int16 little-endian, `>H` uint16 big-endian, `<f` float32, `S`/`A` strings, … */
  dtype: string;
  /** True when stored big-endian. */
  bigEndian: boolean;
  /** Attributes (numbers as numbers or number arrays, text as strings; references are omitted). A null-prototype object, so attribute names such as `__proto__` are plain keys. */
  attributes: Record<string, AttributeValue>;
  /** Names of attributes whose value HDF5 could not read (corrupted attribute messages); {@link Hdf5File.read} refuses a variable with any. */
  unreadableAttributes: string[];
}

/** A variable read and CF-decoded: values (NaN = missing) in row-major order of `shape`. */
export interface DecodedVariable extends Hdf5VariableInfo {
  values: Float32Array | Float64Array;
  counts: CfCounts;
  /** `units` attribute or "". */
  units: string;
  /** The scale and offset applied. */
  scale: number;
  offset: number;
}

/** Options of {@link Hdf5File.read}. */
export interface ReadVariableOptions extends CfDecodeOptions {
  /** Hyperslab per dimension as [start, end) pairs (default the whole variable). */
  slice?: Array<[number, number]> | null;
}

type H5Dataset = InstanceType<H5wasm["Dataset"]>;
type H5File = InstanceType<H5wasm["File"]>;
type H5Attribute = InstanceType<H5wasm["Attribute"]>;

/** Most bytes {@link Hdf5File.readRaw} reads in one call (2 GiB; h5wasm's heap is 32-bit). */
const MAX_READ_BYTES = 2 ** 31;

/** Marks an attribute whose value could not be read. */
const UNREADABLE = Symbol("unreadable attribute");

/**
 * Reads an attribute's value with HDF5's error stack captured: {@link UNREADABLE} when the HDF5 library
 * reports an error (a damaged attribute message); null, as for references and compounds, when only h5wasm's
 * conversion fails (a valid attribute of a type it does not convert).
 */
function readAttribute(a: H5Attribute | undefined): AttributeValue | null | typeof UNREADABLE {
  if (!a) return UNREADABLE;
  try {
    return captureHdf5Errors("attribute", () => attributeToValue(a));
  } catch (e) {
    return /HDF5 error/.test((e as Error).message) ? UNREADABLE : null;
  }
}

/** Converts an attribute value from h5wasm to numbers/strings; null for references and compounds. */
function attributeToValue(a: H5Attribute): AttributeValue | null {
  let v: unknown;
  v = a.value;
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return v.replace(/\0+$/, "");
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  if (ArrayBuffer.isView(v)) {
    const arr = Array.from(v as unknown as ArrayLike<number | bigint>, (x) => Number(x));
    return arr.length === 1 ? arr[0] : arr;
  }
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === "string")) return (v as string[]).length === 1 ? (v as string[])[0] : (v as string[]);
    if (v.every((x) => typeof x === "number" || typeof x === "bigint")) {
      const arr = v.map(Number);
      return arr.length === 1 ? arr[0] : arr;
    }
  }
  return null;
}

/** Converts raw h5wasm output to numbers (BigInt64 → Number). */
function toNumeric(raw: unknown, where: string): NumericArray {
  if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) return Float64Array.from(raw as ArrayLike<bigint>, (x) => Number(x));
  if (ArrayBuffer.isView(raw)) return raw as unknown as NumericArray;
  if (typeof raw === "number") return [raw];
  if (typeof raw === "bigint") return [Number(raw)];
  if (Array.isArray(raw) && raw.every((x) => typeof x === "number")) return raw as number[];
  throw new TypeError(`${where}: not a numeric variable`);
}

/**
 * A NetCDF-4/HDF5 file opened read-only through h5wasm, with netCDF conventions: dimension names from
 * dimension scales, attributes as plain numbers/strings, CF decoding of packed and missing data, and
 * errors that name the file and variable. Use {@link Hdf5File.open}; close with {@link Hdf5File.close}.
 *
 * @example
 * const f = await Hdf5File.open("test/fixtures/gldas/GLDAS_NOAH025_3H.A20160101.0300.021.nc4");
 * const sm = f.read("SoilMoi0_10cm_inst");  // Float32Array, NaN where -9999
 * f.close();
 */
export class Hdf5File {
  /** File path as given. */
  readonly file: string;
  /** Superblock facts checked before opening. */
  readonly container: Hdf5ContainerInfo;
  private readonly h5: H5wasm;
  private handle: H5File | null;
  private infoCache = new Map<string, Hdf5VariableInfo>();

  private constructor(file: string, h5: H5wasm, handle: H5File, container: Hdf5ContainerInfo) {
    this.file = file;
    this.h5 = h5;
    this.handle = handle;
    this.container = container;
  }

  /**
   * Opens `file` read-only after checking its HDF5 signature and length.
   * @throws Error naming the file when it is missing, not HDF5/NetCDF-4, truncated, or unreadable.
   */
  static async open(file: string): Promise<Hdf5File> {
    if (typeof file !== "string" || file === "") throw new TypeError(`Hdf5File.open: file must be a non-empty path, got ${String(file)}`);
    const container = checkHdf5Container(file);
    const h5 = await loadH5wasm();
    let handle: H5File;
    try {
      handle = captureHdf5Errors(`${file}: cannot open`, () => new h5.File(path.resolve(file), "r"));
    } catch (err) {
      throw new Error(`${(err as Error).message} (corrupted file?)`);
    }
    if (typeof handle.file_id === "bigint" ? handle.file_id < 0n : Number(handle.file_id) < 0) {
      throw new Error(`${file}: HDF5 library cannot open it (corrupted file?)`);
    }
    const f = new Hdf5File(file, h5, handle, container);
    try {
      captureHdf5Errors(`${file}: root group`, () => f.root().keys());
    } catch (err) {
      f.close();
      throw new Error(`${file}: HDF5 root group is unreadable (corrupted file?): ${(err as Error).message}`);
    }
    return f;
  }

  private root(): H5File {
    if (!this.handle) throw new Error(`${this.file}: file is closed`);
    return this.handle;
  }

  /** Closes the file (idempotent). */
  close(): void {
    if (this.handle) {
      try { this.handle.close(); } catch { /* already closed */ }
      this.handle = null;
    }
  }

  /** Global (root group) attributes. */
  globalAttributes(): Record<string, AttributeValue> {
    const out: Record<string, AttributeValue> = Object.create(null);
    const attrs = this.guard("global attributes", () => this.root().attrs);
    for (const name of this.guard("global attribute names", () => Object.keys(attrs))) {
      // global attributes are descriptive (readers fall back to the file name): an unreadable one is left out
      let a: H5Attribute | undefined;
      try { a = captureHdf5Errors("attribute", () => attrs[name]); } catch { a = undefined; }
      const v = readAttribute(a);
      if (v !== UNREADABLE && v !== null) out[name] = v;
    }
    return out;
  }

  /** Runs an h5wasm call with HDF5's error stack captured, as an error naming the file and `what`. */
  private guard<T>(what: string, fn: () => T): T {
    try {
      return captureHdf5Errors(`${this.file}: ${what}`, fn);
    } catch (err) {
      const m = (err as Error).message;
      throw new Error(m.startsWith(this.file) ? `${m} (corrupted file?)` : `${this.file}: ${what}: ${m} (corrupted file?)`);
    }
  }

  /**
   * Paths of all datasets that are netCDF variables (recursing into groups; the netCDF
   * "dimension but not a variable" placeholders are left out).
   */
  variablePaths(): string[] {
    const out: string[] = [];
    const walk = (groupPath: string): void => {
      const g = this.guard(`group ${groupPath}`, () => this.root().get(groupPath)) as unknown as { keys(): string[] } | null;
      if (!g) return;
      for (const key of this.guard(`group ${groupPath}`, () => g.keys())) {
        const p = groupPath === "/" ? `/${key}` : `${groupPath}/${key}`;
        let e: unknown;
        try {
          e = captureHdf5Errors(`${this.file}: object ${p}`, () => this.root().get(p));
        } catch (err) {
          // HDF5 reports damage (a bad checksum, a truncated header): refuse; other failures (links h5wasm cannot follow) skip the object, as before
          if (/HDF5 error/.test((err as Error).message)) throw new Error(`${(err as Error).message} (corrupted file?)`);
          continue;
        }
        if (e instanceof this.h5.Group) walk(p);
        else if (e instanceof this.h5.Dataset) {
          const nameAttr = this.guard(`attributes of ${p}`, () => (e as H5Dataset).attrs.NAME);
          const nm = nameAttr ? readAttribute(nameAttr) : null;
          if (typeof nm === "string" && nm.startsWith("This is a netCDF dimension but not a netCDF variable")) continue;
          out.push(p);
        }
      }
    };
    walk("/");
    return out;
  }

  /** True when the file has a variable at `name` (a path, or a name looked up at the root). */
  has(name: string): boolean {
    try {
      return captureHdf5Errors("has", () => this.root().get(name.startsWith("/") ? name : `/${name}`)) instanceof this.h5.Dataset;
    } catch {
      return false;
    }
  }

  private dataset(name: string): H5Dataset {
    const p = name.startsWith("/") ? name : `/${name}`;
    const e: unknown = this.guard(`variable "${name}"`, () => this.root().get(p));
    if (!(e instanceof this.h5.Dataset)) {
      const names = this.variablePaths().map((x) => x.replace(/^\//, ""));
      throw new Error(`${this.file}: no variable "${name}" (variables: ${names.join(", ")})`);
    }
    return e as H5Dataset;
  }

  /** Shape, dimension names, dtype and attributes of a variable. @throws Error naming the file and the variable when absent. */
  info(name: string): Hdf5VariableInfo {
    const cached = this.infoCache.get(name);
    if (cached) return cached;
    const d = this.dataset(name);
    const shape = this.guard(`variable "${name}": shape`, () => (d.shape ?? []).map(Number));
    const attributes: Record<string, AttributeValue> = Object.create(null);
    const unreadableAttributes: string[] = [];
    const attrs = this.guard(`variable "${name}": attributes`, () => d.attrs);
    for (const key of this.guard(`variable "${name}": attribute names`, () => Object.keys(attrs))) {
      if (key === "DIMENSION_LIST" || key === "REFERENCE_LIST") continue;
      let a: H5Attribute | undefined;
      try { a = captureHdf5Errors("attribute", () => attrs[key]); } catch { a = undefined; }
      const v = readAttribute(a);
      if (v === UNREADABLE) unreadableAttributes.push(key);
      else if (v !== null) attributes[key] = v;
    }
    const dimensions = shape.map((_, i) => `dim${i}`);
    let dl: H5Attribute | undefined;
    try { dl = captureHdf5Errors("attribute", () => attrs.DIMENSION_LIST); } catch { dl = undefined; }
    if (dl) {
      try {
        const refs = captureHdf5Errors("dimensions", () => (dl as H5Attribute).value) as unknown as unknown[][];
        refs.forEach((r, i) => {
          const ref = Array.isArray(r) ? r[0] : r;
          const target = captureHdf5Errors("dimensions", () => d.dereference(ref as InstanceType<H5wasm["Reference"]>)) as { path?: string } | null;
          if (target && typeof target.path === "string") dimensions[i] = target.path.split("/").pop() as string;
        });
      } catch { /* keep dimN names */ }
    } else if (String(attributes.CLASS ?? "") === "DIMENSION_SCALE" && shape.length === 1) {
      dimensions[0] = d.path.split("/").pop() as string;
    }
    const dtype = this.guard(`variable "${name}": type`, () => (typeof d.dtype === "string" ? d.dtype : JSON.stringify(d.dtype)));
    const meta = this.guard(`variable "${name}": type`, () => d.metadata) as { littleEndian?: boolean; size?: number };
    const info: Hdf5VariableInfo = {
      path: d.path,
      name: d.path.split("/").pop() as string,
      shape,
      dimensions,
      dtype,
      bigEndian: meta.littleEndian === false && (meta.size ?? 1) > 1,
      attributes,
      unreadableAttributes,
    };
    this.infoCache.set(name, info);
    return info;
  }

  /**
   * Raw values (no CF decoding), optionally a hyperslab.
   * @throws Error naming the file and variable when its data, or one of its attributes (a fill value or scaling
   *   might be among them), cannot be read.
   */
  readRaw(name: string, slice: Array<[number, number]> | null = null): NumericArray {
    const d = this.dataset(name);
    const info = this.info(name);
    if (info.unreadableAttributes.length > 0) {
      throw new Error(`${this.file}: variable "${name}": attribute${info.unreadableAttributes.length > 1 ? "s" : ""} ${info.unreadableAttributes.map((a) => `"${a}"`).join(", ")} cannot be read (corrupted file?); fill values, scaling or units may depend on ${info.unreadableAttributes.length > 1 ? "them" : "it"}`);
    }
    if (slice !== null) {
      if (!Array.isArray(slice) || slice.length !== info.shape.length) {
        throw new RangeError(`${this.file}: variable "${name}": slice must give [start, end) for each of ${info.shape.length} dimensions, got ${JSON.stringify(slice)}`);
      }
      slice.forEach(([a, b], i) => {
        if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b > info.shape[i] || a >= b) {
          throw new RangeError(`${this.file}: variable "${name}": slice[${i}] = [${a}, ${b}) is outside 0…${info.shape[i]}`);
        }
      });
    }
    const count = (slice ?? info.shape.map((n) => [0, n] as [number, number])).reduce((p, [a, b]) => p * (b - a), 1);
    const itemBytes = Number((this.guard(`variable "${name}": type`, () => d.metadata) as { size?: number }).size ?? 8);
    if (!Number.isFinite(count) || count * Math.max(1, itemBytes) > MAX_READ_BYTES) {
      throw new Error(`${this.file}: variable "${name}": [${info.shape.join(", ")}] × ${itemBytes}-byte values is more than ${MAX_READ_BYTES} bytes to read at once (corrupted dimensions?); read a slice`);
    }
    let raw: unknown;
    try {
      raw = captureHdf5Errors("read", () => (slice === null ? d.value : d.slice(slice.map(([a, b]) => [a, b] as [number, number]))));
    } catch (err) {
      throw new Error(`${this.file}: variable "${name}": cannot read its data (corrupted or truncated file?): ${(err as Error).message}`);
    }
    if (raw === null || raw === undefined) throw new Error(`${this.file}: variable "${name}": cannot read its data (corrupted file?)`);
    return toNumeric(raw, `${this.file}: variable "${name}"`);
  }

  /** Raw string values of a string variable (fixed or variable length). */
  readStrings(name: string): string[] {
    const d = this.dataset(name);
    let raw: unknown;
    try { raw = captureHdf5Errors("read", () => d.value); } catch (err) { throw new Error(`${this.file}: variable "${name}": cannot read its data (corrupted file?): ${(err as Error).message}`); }
    if (typeof raw === "string") return [raw];
    if (Array.isArray(raw)) return raw.map((x) => String(x));
    throw new TypeError(`${this.file}: variable "${name}" is not a string variable`);
  }

  /**
   * Reads a variable and applies CF decoding ({@link decodeCf}): fill and missing values and values
   * outside the valid range become NaN (counted), then scale_factor/add_offset are applied.
   * @throws Error naming the file and variable when absent or unreadable, or when one of its attributes cannot be
   *   read (its fill value or scaling might be among them); RangeError for a bad slice or option.
   */
  read(name: string, options: ReadVariableOptions = {}): DecodedVariable {
    const info = this.info(name);

    const slice = options.slice ?? null;
    const raw = this.readRaw(name, slice);
    const decoded = decodeCf(raw, info.attributes, info.dtype, options);
    const shape = slice ? slice.map(([a, b]) => b - a) : info.shape;
    const units = typeof info.attributes.units === "string" ? info.attributes.units : "";
    return { ...info, shape, values: decoded.values, counts: decoded.counts, units, scale: decoded.scale, offset: decoded.offset };
  }
}
