import { Hdf5File } from "../io/hdf5/hdf5File";
import { parseCfTimeUnits } from "../io/hdf5/cfTime";
import { withDefaults } from "./withDefaults";

/** ASCAT swath observations as flat arrays (one entry per swath node). */
export interface AscatSwath {
  file: string;
  lon: Float64Array;
  lat: Float64Array;
  /** Observation time (the node line's UTC time), ms since 1970. */
  timeMs: Float64Array;
  /** Soil moisture, fraction of saturation (or %), NaN = missing. */
  values: Float32Array;
  units: string;
  /** total nodes; valid; fill (65535 / missing); outOfRange; noLocation (lat/lon missing); masked. */
  counts: { total: number; valid: number; fill: number; outOfRange: number; noLocation: number; masked: number; filled: number; dropped: number };
}

/** Options of {@link readAscatSwath}. */
export interface ReadAscatSwathOptions {
  /** "fraction" (% saturation ÷ 100, default) or "percent". */
  units?: "fraction" | "percent";
}

/**
 * Reads a EUMETSAT ASCAT L2 soil-moisture swath netCDF (`W_XX-EUMETSAT-Darmstadt,…_250_ssm_l2.nc`, SOMO25,
 * or `_125_` SOMO12): `soil_moisture` (numRows, numCells) big-endian ushort with `_Unsigned`, scale 0.01 %,
 * no `_FillValue` (empty nodes hold the netCDF default 65535 → NaN, counted), latitude/longitude int32 × 1e-6
 * with missing −2147483648, and `utc_line_nodes` (seconds since 2000-01-01) per row.
 *
 * @throws Error naming the file when it is not HDF5/NetCDF-4, truncated, or not an ASCAT swath file.
 * @example
 * const s = await readAscatSwath("test/fixtures/ascat/W_XX-EUMETSAT-Darmstadt,SURFACE+SATELLITE,METOPA+ASCAT_C_EUMP_20170220041500_53652_eps_o_250_ssm_l2.nc");
 * s.counts.valid; // 15372
 */
export async function readAscatSwath(file: string, options: ReadAscatSwathOptions = {}): Promise<AscatSwath> {
  const o = withDefaults({ units: "fraction" } as Required<ReadAscatSwathOptions>, options);
  if (o.units !== "fraction" && o.units !== "percent") throw new RangeError(`readAscatSwath: options.units must be "fraction" or "percent", got ${JSON.stringify(o.units)}`);
  const f = await Hdf5File.open(file);
  try {
    const vars = f.variablePaths().map((p) => p.replace(/^\//, ""));
    const need = ["soil_moisture", "latitude", "longitude", "utc_line_nodes"];
    const missing = need.filter((v) => !vars.includes(v));
    if (missing.length) throw new Error(`${file}: not a EUMETSAT ASCAT soil-moisture swath file (missing ${missing.join(", ")}; found ${vars.join(", ")})`);
    const sm = f.read("soil_moisture");
    const lat = f.read("latitude", { output: "float64" });
    const lon = f.read("longitude", { output: "float64" });
    const t = f.read("utc_line_nodes", { output: "float64" });
    const tu = parseCfTimeUnits(String(t.attributes.units ?? ""));
    if (sm.shape.length !== 2 || lat.values.length !== sm.values.length || lon.values.length !== sm.values.length || t.values.length !== sm.shape[0]) {
      throw new Error(`${file}: soil_moisture [${sm.shape.join(", ")}], latitude/longitude and utc_line_nodes [${t.values.length}] shapes do not match`);
    }
    const [rows, cells] = sm.shape;
    const n = rows * cells;
    const factor = o.units === "fraction" ? 0.01 : 1;
    const values = new Float32Array(n);
    const timeMs = new Float64Array(n);
    const counts = { total: n, valid: 0, fill: sm.counts.fill, outOfRange: sm.counts.outOfRange, noLocation: 0, masked: 0, filled: 0, dropped: 0 };
    for (let r = 0; r < rows; r++) {
      const tr = t.values[r];
      const ms = tr === tr ? tu.epochMs + tr * tu.unitMs : NaN;
      for (let c = 0; c < cells; c++) {
        const i = r * cells + c;
        let x = sm.values[i];
        timeMs[i] = ms;
        if (x === x && (lat.values[i] !== lat.values[i] || lon.values[i] !== lon.values[i] || ms !== ms)) { x = NaN; counts.noLocation++; }
        values[i] = x * factor;
        if (x === x) counts.valid++;
      }
    }
    counts.masked = n - counts.valid;
    return { file, lon: lon.values as Float64Array, lat: lat.values as Float64Array, timeMs, values, units: o.units === "fraction" ? "1" : "%", counts };
  } finally {
    f.close();
  }
}
