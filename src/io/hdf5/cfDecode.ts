/** A netCDF/HDF5 attribute value as the project sees it: numbers as numbers, text as strings. */
export type AttributeValue = number | string | number[] | string[];

/** Counts of what CF decoding did (the project's NaN policy: nothing is masked silently). */
export interface CfCounts {
  /** Number of values read. */
  total: number;
  /** Finite values kept. */
  valid: number;
  /** Equal to `_FillValue`, `missing_value`, the netCDF default fill (when no fill attribute), or NaN on disk → NaN. */
  fill: number;
  /** Outside `valid_range` / `valid_min` / `valid_max` (or beyond an extra `validRange` option) → NaN. */
  outOfRange: number;
}

/** Options of {@link decodeCf}. */
export interface CfDecodeOptions {
  /** Apply `scale_factor` and `add_offset` (default true). */
  applyScale?: boolean;
  /** Mask the netCDF default fill value of the type when the variable has no `_FillValue` (default true; never for 8-bit types, as netCDF-C). */
  maskDefaultFill?: boolean;
  /** Extra physical-unit range [min, max] after scaling; values outside → NaN, counted as outOfRange (default none). */
  validRange?: [number, number] | null;
  /** Output array type (default "float32"). */
  output?: "float32" | "float64";
}

/** The netCDF-4 default fill values by HDF5 integer/float class (netcdf.h NC_FILL_*). */
export function netcdfDefaultFill(dtype: string): number | null {
  const t = dtype.replace(/^[<>|=]/, "");
  switch (t) {
    case "b": case "B": return null; // netCDF-C does not mask default fill for bytes
    case "h": return -32767;
    case "H": return 65535;
    case "i": return -2147483647;
    case "I": return 4294967295;
    case "q": return -9223372036854775806;
    case "Q": return 18446744073709551614;
    case "f": return 9.969209968386869e36;
    case "d": return 9.969209968386869e36;
    default: return null;
  }
}

function num(v: AttributeValue | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "number") return v;
  if (Array.isArray(v) && typeof v[0] === "number") return v[0] as number;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function nums(v: AttributeValue | undefined): number[] {
  if (v === undefined) return [];
  if (typeof v === "number") return [v];
  if (Array.isArray(v)) return (v as unknown[]).filter((x): x is number => typeof x === "number");
  return [];
}

/** Reinterprets a signed integer as unsigned of `bits` bits (for `_Unsigned = "true"`). */
function toUnsigned(x: number, bits: number): number {
  return x < 0 ? x + 2 ** bits : x;
}

/** Raw numeric data as read from HDF5 (BigInt arrays are converted by the caller). */
export type NumericArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array | number[];

/**
 * Applies the CF/netCDF packing and missing-data conventions to raw values, in this order:
 * `_Unsigned = "true"` reinterprets signed integers (and the fill/valid attributes) as unsigned; on a variable
 * of an unsigned type, a negative fill/valid attribute is read in the variable's type (−2 on a ubyte is 254);
 * raw values equal to `_FillValue`, any `missing_value`, or (without `_FillValue`) the netCDF default
 * fill, or NaN, become NaN (`fill`); raw values outside `valid_range` or `valid_min`/`valid_max`
 * (compared in packed units, as netCDF4-python does) become NaN (`outOfRange`); then
 * value = raw × scale_factor + add_offset; finally the optional physical `validRange`.
 *
 * @param raw raw values (typed array).
 * @param attrs the variable's attributes (numbers as numbers or arrays, strings as strings).
 * @param dtype the HDF5 dtype string of the variable (`<h`, `>H`, `<f`, …) used for the default fill and `_Unsigned`.
 * @returns decoded values (NaN = missing) and the counts.
 * @throws RangeError when `options.validRange` is not [min ≤ max].
 * @example
 * decodeCf(new Int16Array([1, -32767, 5000]), { scale_factor: 0.01, _FillValue: -32767, valid_range: [0, 4000] }, "<h").values;
 * // Float32Array [0.01, NaN, NaN], counts { total: 3, valid: 1, fill: 1, outOfRange: 1 }
 */
export function decodeCf(
  raw: NumericArray,
  attrs: Record<string, AttributeValue>,
  dtype: string,
  options: CfDecodeOptions = {},
): { values: Float32Array | Float64Array; counts: CfCounts; scale: number; offset: number } {
  const applyScale = options.applyScale ?? true;
  const maskDefaultFill = options.maskDefaultFill ?? true;
  const extra = options.validRange ?? null;
  const output = options.output ?? "float32";
  if (extra !== null && (!Array.isArray(extra) || extra.length !== 2 || !(extra[0] <= extra[1]))) {
    throw new RangeError(`decodeCf: options.validRange must be [min, max] with min ≤ max, got ${JSON.stringify(extra)}`);
  }
  if (output !== "float32" && output !== "float64") throw new RangeError(`decodeCf: options.output must be "float32" or "float64", got ${String(output)}`);

  const t = dtype.replace(/^[<>|=]/, "");
  const bitsByType: Record<string, number> = { b: 8, h: 16, i: 32, q: 64 };
  const unsignedBitsByType: Record<string, number> = { B: 8, H: 16, I: 32, Q: 64 };
  const unsignedFlag = String(attrs._Unsigned ?? "").toLowerCase() === "true";
  const unsBits = unsignedFlag ? bitsByType[t] : undefined;
  // Attributes are interpreted in the variable's type (NUG/CF): a signed attribute on an unsigned variable
  // (EUMETSAT ASCAT swath files store valid_max = -2b on ubyte flags, -29536s for 36000 on ushort angles)
  // means its two's-complement unsigned value, so the range is not empty.
  const attrBits = unsBits ?? unsignedBitsByType[t];
  const fix = (x: number): number => (attrBits !== undefined && Number.isInteger(x) ? toUnsigned(x, attrBits) : x);

  const fills = new Set<number>();
  const fv = num(attrs._FillValue);
  if (fv !== undefined) fills.add(fix(fv));
  for (const m of nums(attrs.missing_value)) fills.add(fix(m));
  if (fv === undefined && maskDefaultFill) {
    const unsignedType = unsBits !== undefined ? ({ 8: "B", 16: "H", 32: "I", 64: "Q" } as Record<number, string>)[unsBits] : t;
    const d = netcdfDefaultFill(unsignedType);
    if (d !== null) fills.add(d);
  }
  let lo = -Infinity;
  let hi = Infinity;
  const vr = nums(attrs.valid_range);
  if (vr.length === 2) { lo = fix(vr[0]); hi = fix(vr[1]); }
  const vmin = num(attrs.valid_min);
  const vmax = num(attrs.valid_max);
  if (vmin !== undefined) lo = fix(vmin);
  if (vmax !== undefined) hi = fix(vmax);

  const scale = applyScale ? num(attrs.scale_factor) ?? 1 : 1;
  const offset = applyScale ? num(attrs.add_offset) ?? 0 : 0;
  const n = raw.length;
  const out = output === "float64" ? new Float64Array(n) : new Float32Array(n);
  const counts: CfCounts = { total: n, valid: 0, fill: 0, outOfRange: 0 };
  // float32 data: compare with the fills rounded to float32 (an attribute may be stored as float64)
  const fillList = Array.from(fills, (x) => (t === "f" ? Math.fround(x) : x));
  const nf = fillList.length;
  const f0 = nf > 0 ? fillList[0] : NaN;
  const xlo = extra ? extra[0] : -Infinity;
  const xhi = extra ? extra[1] : Infinity;
  for (let i = 0; i < n; i++) {
    let r = raw[i];
    if (unsBits !== undefined && r < 0) r += 2 ** unsBits;
    if (r !== r) { out[i] = NaN; counts.fill++; continue; }
    let isFill = r === f0;
    if (!isFill && nf > 1) for (let k = 1; k < nf; k++) if (r === fillList[k]) { isFill = true; break; }
    if (isFill) { out[i] = NaN; counts.fill++; continue; }
    if (r < lo || r > hi) { out[i] = NaN; counts.outOfRange++; continue; }
    const v = r * scale + offset;
    if (v < xlo || v > xhi) { out[i] = NaN; counts.outOfRange++; continue; }
    out[i] = v;
    counts.valid++;
  }
  return { values: out, counts, scale, offset };
}
