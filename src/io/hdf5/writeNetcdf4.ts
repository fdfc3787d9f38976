import * as fs from "node:fs";
import * as path from "node:path";
import { loadH5wasm } from "./h5wasmModule";

/** An attribute value: text (char), a number (float64), or a typed array whose type is the attribute's. */
export type Netcdf4AttributeValue = string | number | Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** One variable to write. */
export interface Netcdf4Variable {
  name: string;
  /** Dimension names, slowest first (each declared in `dimensions`). */
  dimensions: string[];
  /**
   * Values, row-major; the typed array's type is the variable's (Float32Array → float, Int16Array → short,
   * BigInt64Array → int64, …); an array of strings is a netCDF-4 `string` variable (HDF5 variable-length UTF-8,
   * stored contiguous: h5wasm cannot compress variable-length data, so `deflate` and `chunks` are refused for it).
   */
  data: Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | string[];
  /** Attributes, in order. Default none. */
  attributes?: [string, Netcdf4AttributeValue][];
  /** Chunk sizes (default: contiguous, or the whole extent when a dimension is unlimited or deflate is set). */
  chunks?: number[];
  /** DEFLATE level 1–9, or 0 for none (default 0). */
  deflate?: number;
}

/** Options of {@link writeNetcdf4}. */
export interface WriteNetcdf4Options {
  /** Dimensions in netCDF order: name, size, unlimited (default false). */
  dimensions: [string, number, boolean?][];
  variables: Netcdf4Variable[];
  /** Global attributes, in order. Default none. */
  attributes?: [string, Netcdf4AttributeValue][];
}

const DTYPES: Record<string, string> = {
  Float32Array: "<f", Float64Array: "<d", Int8Array: "<b", Uint8Array: "<B", Int16Array: "<h", Uint16Array: "<H", Int32Array: "<i", Uint32Array: "<I", BigInt64Array: "<q",
};
const isStrings = (d: unknown): d is string[] => Array.isArray(d) && d.every((x) => typeof x === "string");
/** The text netCDF-C gives a dimension without a coordinate variable. */
const PURE_DIMENSION = "This is a netCDF dimension but not a netCDF variable.";

type H5Like = { create_dataset(a: Record<string, unknown>): H5DatasetLike; create_attribute(n: string, v: unknown, s?: number[] | null, d?: string): void; close(): void };
type H5DatasetLike = { make_scale(n?: string): void; attach_scale(i: number, p: string): void; create_attribute(n: string, v: unknown, s?: number[] | null, d?: string): void };

function putAttribute(target: { create_attribute: H5DatasetLike["create_attribute"] }, name: string, value: Netcdf4AttributeValue): void {
  if (typeof value === "string") {
    // netCDF text attributes are fixed-length ASCII strings (NC_CHAR), not HDF5 variable-length strings
    target.create_attribute(name, value, null, `A${Math.max(1, Buffer.byteLength(value, "latin1"))}`);
  } else if (typeof value === "number") {
    target.create_attribute(name, new Float64Array([value]), [1], "<d");
  } else {
    target.create_attribute(name, value, [value.length], DTYPES[value.constructor.name]);
  }
}

/**
 * Writes a NetCDF-4 file (HDF5 with netCDF-4's dimension scales) through h5wasm: dimensions become dimension-scale
 * datasets (the coordinate variable of the same name, or a pure dimension as netCDF-C writes it), variables are
 * datasets with their scales attached in order, text attributes are fixed-length ASCII (NC_CHAR), and the file is
 * renamed into place when complete. `ncdump` and netCDF4-python read it as netCDF-4 (tested).
 *
 * @param file output path
 * @param options dimensions, variables and global attributes
 * @returns the number of bytes written
 * @throws RangeError naming the option: unknown or repeated names, a dimension size that does not match a
 *   variable's data, a bad deflate level or chunk shape.
 * @example
 * await writeNetcdf4("g.nc4", { dimensions: [["time", 1, true], ["lat", 600], ["lon", 1440]], variables: [
 *   { name: "SoilMoi0_10cm_inst", dimensions: ["time", "lat", "lon"], data: sm, deflate: 4,
 *     attributes: [["units", "kg m-2"], ["_FillValue", new Float32Array([-9999])]] }] });
 */
export async function writeNetcdf4(file: string, options: WriteNetcdf4Options): Promise<number> {
  const dims = new Map<string, { size: number; unlimited: boolean }>();
  for (const [i, d] of (options?.dimensions ?? []).entries()) {
    const [name, size, unlimited = false] = d;
    if (typeof name !== "string" || !/^[A-Za-z_][A-Za-z0-9_.@+-]*$/.test(name) || dims.has(name)) throw new RangeError(`writeNetcdf4: options.dimensions[${i}] name ${JSON.stringify(name)} must be a new netCDF name`);
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`writeNetcdf4: options.dimensions[${i}] (${name}) size must be a positive integer, got ${size}`);
    dims.set(name, { size, unlimited });
  }
  const names = new Set<string>();
  for (const [i, v] of (options?.variables ?? []).entries()) {
    if (typeof v.name !== "string" || !/^[A-Za-z_][A-Za-z0-9_.@+-]*$/.test(v.name) || names.has(v.name)) throw new RangeError(`writeNetcdf4: options.variables[${i}] name ${JSON.stringify(v.name)} must be a new netCDF name`);
    names.add(v.name);
    if (!v.data || !(isStrings(v.data) || v.data.constructor.name in DTYPES)) throw new RangeError(`writeNetcdf4: options.variables[${i}] (${v.name}) data must be a typed array or an array of strings`);
    if (isStrings(v.data) && ((v.deflate ?? 0) > 0 || v.chunks)) throw new RangeError(`writeNetcdf4: options.variables[${i}] (${v.name}) is a string variable: deflate and chunks are not supported for it`);
    const n = v.dimensions.reduce((a, d) => {
      const dim = dims.get(d);
      if (!dim) throw new RangeError(`writeNetcdf4: options.variables[${i}] (${v.name}) uses the undeclared dimension ${JSON.stringify(d)}`);
      return a * dim.size;
    }, 1);
    if (v.data.length !== n) throw new RangeError(`writeNetcdf4: options.variables[${i}] (${v.name}) has ${v.data.length} values, its dimensions ${v.dimensions.join(" × ")} hold ${n}`);
    if (v.deflate !== undefined && (!Number.isInteger(v.deflate) || v.deflate < 0 || v.deflate > 9)) throw new RangeError(`writeNetcdf4: options.variables[${i}] (${v.name}) deflate must be an integer in 0..9, got ${v.deflate}`);
    if (v.chunks && (v.chunks.length !== v.dimensions.length || v.chunks.some((c, k) => !Number.isInteger(c) || c < 1 || c > dims.get(v.dimensions[k])!.size))) throw new RangeError(`writeNetcdf4: options.variables[${i}] (${v.name}) chunks ${JSON.stringify(v.chunks)} must give 1..size per dimension`);
  }

  const h5 = await loadH5wasm();
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}`);
  // creation order is tracked (as netCDF-C does), so variables and attributes keep the order given
  const f = new (h5 as unknown as { File: new (p: string, m: string, o: { track_order: boolean }) => H5Like }).File(tmp, "w", { track_order: true });
  try {
    const dimOrder = Array.from(dims.keys());
    const create = (v: Netcdf4Variable): H5DatasetLike => {
      const shape = v.dimensions.map((d) => dims.get(d)!.size);
      const unlimited = v.dimensions.some((d) => dims.get(d)!.unlimited);
      const chunked = unlimited || (v.deflate ?? 0) > 0 || v.chunks !== undefined;
      const ds = f.create_dataset({
        name: v.name, data: v.data, shape, ...(isStrings(v.data) ? {} : { dtype: DTYPES[v.data.constructor.name] }), track_order: true,
        ...(chunked ? { chunks: v.chunks ?? shape, maxshape: v.dimensions.map((d) => (dims.get(d)!.unlimited ? null : dims.get(d)!.size)) } : {}),
        ...((v.deflate ?? 0) > 0 ? { compression: "gzip", compression_opts: v.deflate } : {}),
      });
      for (const [name, value] of v.attributes ?? []) putAttribute(ds, name, value);
      return ds;
    };
    const isCoordinate = (v: Netcdf4Variable) => dims.has(v.name) && v.dimensions.length === 1 && v.dimensions[0] === v.name;
    // dimensions without a coordinate variable: the hidden datasets netCDF-C writes for them
    const datasets = new Map<string, H5DatasetLike>();
    for (const [name, dim] of dims) {
      if (options.variables.some((v) => v.name === name && isCoordinate(v))) continue;
      const ds = f.create_dataset({ name, data: new Float32Array(dim.size), shape: [dim.size], dtype: "<f", track_order: true, ...(dim.unlimited ? { chunks: [dim.size], maxshape: [null] } : {}) });
      ds.make_scale(PURE_DIMENSION);
      datasets.set(name, ds);
    }
    // variables in the order given; coordinate variables are their dimension's scale
    for (const v of options.variables) {
      const ds = create(v);
      if (isCoordinate(v)) ds.make_scale(v.name);
      datasets.set(v.name, ds);
    }
    // dimension ids: netCDF-C numbers dimensions by this attribute (in declaration order)
    for (const [k, name] of dimOrder.entries()) datasets.get(name)!.create_attribute("_Netcdf4Dimid", new Int32Array([k]), [1], "<i");
    for (const v of options.variables) {
      if (isCoordinate(v)) continue;
      v.dimensions.forEach((d, k) => datasets.get(v.name)!.attach_scale(k, `/${d}`));
    }
    for (const [name, value] of options.attributes ?? []) putAttribute(f, name, value);
  } catch (e) {
    f.close();
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  f.close();
  fs.renameSync(tmp, file);
  return fs.statSync(file).size;
}
