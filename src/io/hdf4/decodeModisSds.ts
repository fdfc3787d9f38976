import type { AttributeValue, CfCounts, NumericArray } from "../hdf5/cfDecode";
import type { Hdf4Sds } from "./hdf4File";

/** Values of an SDS in physical units, with what was masked. */
export interface DecodedSds {
  /** NaN where the raw value is the fill or outside `valid_range`. */
  values: Float64Array;
  counts: CfCounts;
  /** value = raw × scale + offset (for the divisor convention, scale = 1 / scale_factor). */
  scale: number;
  offset: number;
  /** The rule applied, in words. */
  rule: string;
}

function numbers(v: AttributeValue | undefined): number[] {
  if (typeof v === "number") return [v];
  if (Array.isArray(v)) return (v as unknown[]).filter((x): x is number => typeof x === "number");
  return [];
}

/** How a MODIS SDS's raw values become physical ones: value = raw × scale + offset, or raw ÷ divisor + offset. */
export interface ModisSdsScaling {
  /** value = raw × scale + offset (for the divisor convention, scale = 1 / scale_factor). */
  scale: number;
  offset: number;
  /** The scale_factor when it is a divisor (above 1, as MOD13's 10000), else null. */
  divisor: number | null;
  /** The rule, in words. */
  rule: string;
}

/**
 * The scaling a MODIS land SDS declares (see {@link decodeModisSds}), from its attributes alone.
 * @example modisSdsScaling(f.get("Emis_31")); // { scale: 0.002, offset: 0.49, divisor: null, rule: "raw × 0.002 + 0.49" }
 */
export function modisSdsScaling(sds: Hdf4Sds): ModisSdsScaling {
  const factor = numbers(sds.attributes.scale_factor)[0];
  const offset = numbers(sds.attributes.add_offset)[0] ?? 0;
  if (factor !== undefined && factor > 1) return { scale: 1 / factor, offset, divisor: factor, rule: `raw ÷ ${factor} (scale_factor above 1 is a divisor, as MOD13)` };
  if (factor !== undefined) return { scale: factor, offset, divisor: null, rule: `raw × ${factor}${offset ? ` + ${offset}` : ""}` };
  return { scale: 1, offset: 0, divisor: null, rule: "raw values (no scale_factor)" };
}

/**
 * Decodes a MODIS land SDS the way its product documents: raw values equal to `_FillValue` or outside
 * `valid_range` (raw units) become NaN, counted; then value = raw × scale_factor + add_offset (the MODIS land
 * convention, e.g. MOD11 LST "LST data * scale_factor", emissivity "+ add_offset" 0.49; GDAL reports the same
 * Scale/Offset). A `scale_factor` above 1 is a divisor (MOD13 NDVI: scale_factor 10000, value = raw / 10000).
 * Without `scale_factor` the values are raw (QC bit fields, land-cover codes).
 *
 * @param raw the SDS's raw values (`Hdf4File.readRaw`)
 * @param sds its description (attributes)
 * @returns values, counts, the effective scale and offset, and the rule
 * @example
 * decodeModisSds(f.readRaw("LST_Day_1km"), f.get("LST_Day_1km")).scale; // 0.02
 */
export function decodeModisSds(raw: Exclude<NumericArray, number[]>, sds: Hdf4Sds): DecodedSds {
  const a = sds.attributes;
  const fill = numbers(a._FillValue)[0];
  const range = numbers(a.valid_range);
  const lo = range.length === 2 ? range[0] : -Infinity, hi = range.length === 2 ? range[1] : Infinity;
  const { scale, offset, divisor, rule } = modisSdsScaling(sds);
  const n = raw.length;
  const values = new Float64Array(n);
  const counts: CfCounts = { total: n, valid: 0, fill: 0, outOfRange: 0 };
  for (let i = 0; i < n; i++) {
    const r = raw[i];
    if (r === fill || r !== r) { values[i] = NaN; counts.fill++; continue; }
    if (r < lo || r > hi) { values[i] = NaN; counts.outOfRange++; continue; }
    values[i] = divisor !== null ? r / divisor + offset : r * scale + offset;
    counts.valid++;
  }
  return { values, counts, scale, offset, rule };
}
