import * as path from "path";
import { Hdf5File } from "../io/hdf5/hdf5File";
import { parseCfTimeUnits } from "../io/hdf5/cfTime";
import { withDefaults } from "./withDefaults";

/** One location's series from an H SAF CDR cell file. */
export interface AscatLocationSeries {
  locationId: number;
  lon: number;
  lat: number;
  /** Observation times, ms since 1970 UTC. */
  timeMs: Float64Array;
  /** Soil moisture, fraction of saturation (or % with units "percent"); NaN = missing or masked. */
  values: Float32Array;
}

/** Result of {@link readHsafCdrCell}. */
export interface AscatCdrCell {
  file: string;
  /** H SAF product from the file name (`H111`, `H25`, `H108`, …) or "unknown". */
  product: string;
  locations: AscatLocationSeries[];
  units: string;
  /** total obs; valid; fill (missing_value 127); outOfRange (valid_range 0–100); flagged (proc_flag ≠ 0, when masked); frozen (ssf 2–4, when masked); masked (NaN among the located obs); dropped (obs beyond the sum of row_size, which belong to no location). */
  counts: { total: number; valid: number; fill: number; outOfRange: number; flagged: number; frozen: number; masked: number; filled: number; dropped: number };
}

/** Options of {@link readHsafCdrCell}. */
export interface ReadAscatCdrOptions {
  /** "fraction" (% saturation ÷ 100, default) or "percent". */
  units?: "fraction" | "percent";
  /** Mask observations whose `proc_flag` is non-zero (counted as flagged). Default false. */
  maskProcFlag?: boolean;
  /** Mask observations whose surface state flag `ssf` says frozen, melting or ice (2, 3, 4; counted as frozen). Default false. */
  maskFrozen?: boolean;
}

const DEFAULTS: Required<ReadAscatCdrOptions> = { units: "fraction", maskProcFlag: false, maskFrozen: false };

/**
 * Reads an H SAF ASCAT surface soil moisture CDR time-series cell file (H25, H108, H109, H111, …): a CF
 * contiguous ragged array (`row_size(locations)` with `sample_dimension = "obs"`) of `sm` (% saturation,
 * int8 with `missing_value` 127, `valid_range` 0–100) and `time` (days since 1900-01-01). Returns one
 * series per location, converted to fractions (÷ 100); missing and out-of-range values are NaN and counted.
 *
 * @throws Error naming the file when it is not HDF5/NetCDF-4, truncated, not an H SAF CDR cell file (no
 *   row_size/sm/time/lon/lat), or when the row sizes do not add up to the observation count.
 * @example
 * const cell = await readHsafCdrCell("test/fixtures/ascat/H111_1436.nc");
 * cell.locations[0].values.length; // 13715
 */
export async function readHsafCdrCell(file: string, options: ReadAscatCdrOptions = {}): Promise<AscatCdrCell> {
  const o = withDefaults(DEFAULTS, options);
  if (o.units !== "fraction" && o.units !== "percent") throw new RangeError(`readHsafCdrCell: options.units must be "fraction" or "percent", got ${JSON.stringify(o.units)}`);
  for (const k of ["maskProcFlag", "maskFrozen"] as const) if (typeof o[k] !== "boolean") throw new TypeError(`readHsafCdrCell: options.${k} must be a boolean, got ${JSON.stringify(o[k])}`);
  const f = await Hdf5File.open(file);
  try {
    const vars = f.variablePaths().map((p) => p.replace(/^\//, ""));
    const need = ["row_size", "sm", "time", "lon", "lat"];
    const missing = need.filter((v) => !vars.includes(v));
    if (missing.length) throw new Error(`${file}: not an H SAF ASCAT CDR cell file (missing ${missing.join(", ")}; found ${vars.join(", ")})`);
    const rowSize = Array.from(f.readRaw("row_size"), Number);
    const lon = f.read("lon", { output: "float64", maskDefaultFill: false }).values;
    const lat = f.read("lat", { output: "float64", maskDefaultFill: false }).values;
    const ids = vars.includes("location_id") ? Array.from(f.readRaw("location_id"), Number) : rowSize.map((_, i) => i);
    const t = f.read("time", { output: "float64", maskDefaultFill: false });
    const tu = parseCfTimeUnits(String(t.attributes.units ?? ""));
    const sm = f.read("sm");
    const nObs = sm.values.length;
    const sum = rowSize.reduce((a, b) => a + b, 0);
    // Row sizes may cover fewer observations than the obs dimension holds (the H108 test cell has 52
    // trailing observations that belong to no location): those are dropped and counted.
    if (sum > nObs || t.values.length !== nObs) {
      throw new Error(`${file}: ragged array does not add up: row_size sums to ${sum}, sm has ${nObs} and time ${t.values.length} observations`);
    }
    const counts = { total: nObs, valid: 0, fill: sm.counts.fill, outOfRange: sm.counts.outOfRange, flagged: 0, frozen: 0, masked: 0, filled: 0, dropped: nObs - sum };
    const values = new Float32Array(nObs);
    const factor = o.units === "fraction" ? 0.01 : 1;
    const proc = o.maskProcFlag && vars.includes("proc_flag") ? f.read("proc_flag", { maskDefaultFill: false }).values : null;
    const ssf = o.maskFrozen && vars.includes("ssf") ? f.read("ssf", { maskDefaultFill: false }).values : null;
    for (let i = 0; i < nObs; i++) {
      let x = sm.values[i];
      if (x === x && proc && proc[i] === proc[i] && proc[i] !== 0) { x = NaN; counts.flagged++; }
      else if (x === x && ssf && ssf[i] >= 2 && ssf[i] <= 4) { x = NaN; counts.frozen++; }
      values[i] = x * factor;
      if (x === x && i < sum) counts.valid++;
    }
    counts.masked = sum - counts.valid;
    const timeMs = Float64Array.from(t.values, (x) => tu.epochMs + x * tu.unitMs);
    const locations: AscatLocationSeries[] = [];
    let start = 0;
    rowSize.forEach((n, k) => {
      locations.push({ locationId: ids[k], lon: lon[k], lat: lat[k], timeMs: timeMs.subarray(start, start + n), values: values.subarray(start, start + n) });
      start += n;
    });
    const pm = /^(H\d+)_/i.exec(path.basename(file));
    return { file, product: pm ? pm[1].toUpperCase() : "unknown", locations, units: o.units === "fraction" ? "1" : "%", counts };
  } finally {
    f.close();
  }
}
