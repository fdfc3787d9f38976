import * as path from "path";
import type { LatLonGrid } from "../grid/latLonGrid";
import { LatLonGrid as Grid } from "../grid/latLonGrid";
import { Hdf5File } from "../io/hdf5/hdf5File";
import { decodeCf } from "../io/hdf5/cfDecode";
import { gridFromAxes } from "./gridFromAxes";
import { cropToGrid } from "./cropToGrid";
import { withDefaults } from "./withDefaults";
import { emptyCounts, type ProductLayer } from "./productLayer";

/** An AMSR2 daily map of one pass direction. */
export interface Amsr2Pass extends ProductLayer {
  /** Orbit direction of the map. */
  direction: "ascending" | "descending";
}

/** Options of {@link readJaxaAmsr2} and {@link readLprmAmsr2}. */
export interface ReadAmsr2Options {
  /** Crop to this grid (0.25° cells, aligned); default null = the whole global grid. */
  grid?: LatLonGrid | null;
  /** Output units: "fraction" (% ÷ 100, the paper's use; default) or "percent". */
  units?: "fraction" | "percent";
  /** LPRM only: variable (default `soil_moisture_c1`, 6.9 GHz; also `soil_moisture_c2`, `soil_moisture_x`). */
  variable?: string;
}

const DEFAULTS: Required<ReadAmsr2Options> = { grid: null, units: "fraction", variable: "soil_moisture_c1" };

function check(o: Required<ReadAmsr2Options>, fn: string): void {
  if (o.units !== "fraction" && o.units !== "percent") throw new RangeError(`${fn}: options.units must be "fraction" or "percent", got ${JSON.stringify(o.units)}`);
  if (typeof o.variable !== "string" || !o.variable) throw new TypeError(`${fn}: options.variable must be a variable name, got ${JSON.stringify(o.variable)}`);
}

/** Parses `GW1AM2_YYYYMMDD_01D_EQMx_L3SGSMC…h5`: date and direction, or null. */
export function parseJaxaAmsr2Name(file: string): { date: string; direction: "ascending" | "descending"; resolution: "H" | "L" | "?" } | null {
  const m = /GW1AM2_(\d{4})(\d{2})(\d{2})_01D_EQM([AD])_L3SGSMC([A-Z])/.exec(path.basename(file));
  if (!m) return null;
  const r = m[5] === "H" || m[5] === "L" ? m[5] : "?";
  return { date: `${m[1]}-${m[2]}-${m[3]}`, direction: m[4] === "A" ? "ascending" : "descending", resolution: r };
}

/**
 * Reads a JAXA AMSR2 L3 daily soil-moisture HDF5 file (`GW1AM2_YYYYMMDD_01D_EQMA|EQMD_L3SGSMC…h5`):
 * dataset "Geophysical Data" int16 × "SCALE FACTOR" (0.1) = % volumetric; negative values are missing
 * (→ NaN, counted as `fill`); the 0–360° E grid (column 0 at 0.125° E for 0.25°, 0.05° E for 0.1°; row 0
 * at the north edge) is shifted to −180…180° E. Date and direction come from the file name (or the
 * `OrbitDirection` attribute).
 *
 * @throws Error naming the file when it is not HDF5, truncated, not a JAXA L3 SMC file (no "Geophysical
 *   Data"), has an unexpected grid shape, or the requested grid does not align (grid mismatch).
 * @example
 * const a = await readJaxaAmsr2("test/fixtures/amsr2/GW1AM2_20150401_01D_EQMA_L3SGSMCLA2220220.h5");
 * a.direction; // "ascending"; a.units "1" (fraction); a.grid.west -180
 */
export async function readJaxaAmsr2(file: string, options: ReadAmsr2Options = {}): Promise<Amsr2Pass> {
  const o = withDefaults(DEFAULTS, options);
  check(o, "readJaxaAmsr2");
  const f = await Hdf5File.open(file);
  try {
    if (!f.has("Geophysical Data")) {
      throw new Error(`${file}: not a JAXA AMSR2 L3 file (no dataset "Geophysical Data"; found ${f.variablePaths().join(", ")})`);
    }
    const info = f.info("Geophysical Data");
    const shape = info.shape.length === 3 && info.shape[2] === 1 ? info.shape.slice(0, 2) : info.shape;
    if (shape.length !== 2 || shape[1] !== 2 * shape[0]) {
      throw new Error(`${file}: "Geophysical Data" has shape [${info.shape.join(", ")}], expected a global (rows, 2·rows) grid`);
    }
    const [ny, nx] = shape;
    const cellSize = 180 / ny;
    const scaleAttr = info.attributes["SCALE FACTOR"] ?? info.attributes.scale_factor;
    const scale = typeof scaleAttr === "number" ? scaleAttr : Array.isArray(scaleAttr) && typeof scaleAttr[0] === "number" ? scaleAttr[0] : NaN;
    if (!(scale > 0)) throw new Error(`${file}: "Geophysical Data" has no positive "SCALE FACTOR" attribute`);
    const raw = f.readRaw("Geophysical Data");
    const factor = o.units === "fraction" ? scale / 100 : scale;
    // shift 0..360 → −180..180: output column c takes input column (c + nx/2) mod nx
    const half = nx / 2;
    const native = new Grid({ west: -180, north: 90, cellSize, width: nx, height: ny });
    const vals = new Float32Array(ny * nx);
    const counts = emptyCounts(ny * nx);
    counts.fill = 0;
    for (let r = 0; r < ny; r++) {
      for (let c = 0; c < nx; c++) {
        const x = raw[r * nx + ((c + half) % nx)];
        if (x < 0 || x !== x) { vals[r * nx + c] = NaN; counts.fill++; } else vals[r * nx + c] = x * factor;
      }
    }
    const named = parseJaxaAmsr2Name(file);
    const g = f.globalAttributes();
    const dirAttr = String(g.OrbitDirection ?? "").toLowerCase();
    const direction = named?.direction ?? (dirAttr.startsWith("asc") ? "ascending" : dirAttr.startsWith("desc") ? "descending" : null);
    if (!direction) throw new Error(`${file}: cannot tell the orbit direction (file name is not GW1AM2_…_EQMA|EQMD_… and no OrbitDirection attribute)`);
    const startAttr = String(g.ObservationStartDateTime ?? "");
    const date = named?.date ?? (/^\d{4}-\d{2}-\d{2}/.test(startAttr) ? startAttr.slice(0, 10) : null);
    return finish(file, "Geophysical Data", native, vals, counts, o, date, direction);
  } finally {
    f.close();
  }
}

function finish(file: string, variable: string, native: LatLonGrid, vals: Float32Array, counts: ReturnType<typeof emptyCounts>,
  o: Required<ReadAmsr2Options>, date: string | null, direction: "ascending" | "descending"): Amsr2Pass {
  let values = vals;
  let grid = native;
  counts.outside = 0;
  if (o.grid) {
    const c = cropToGrid(native, vals, o.grid, file);
    values = c.values;
    grid = o.grid;
    counts.outside = c.outside;
    counts.total = grid.size;
  }
  let valid = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) valid++;
  counts.valid = valid;
  counts.masked = counts.total - valid - counts.outside;
  return { variable, grid, values, date, units: o.units === "fraction" ? "1" : "%", counts, sources: [file], direction };
}

/** Parses `LPRM-AMSR2_L3_D_SOILM3_V001_YYYYMMDDhhmmss.nc4` (A = ascending/day, D = descending/night). */
export function parseLprmName(file: string): { date: string; direction: "ascending" | "descending" } | null {
  const m = /LPRM-AMSR2_L3_([AD])_SOILM3_V\d+_(\d{4})(\d{2})(\d{2})/.exec(path.basename(file));
  return m ? { date: `${m[2]}-${m[3]}-${m[4]}`, direction: m[1] === "A" ? "ascending" : "descending" } : null;
}

/**
 * Reads an LPRM AMSR2 L3 daily NetCDF-4 file (GES DISC `LPRM_AMSR2_A|D_SOILM3`): variables stored
 * (Longitude, Latitude), i.e. transposed, with Latitude descending; int16 with `_FillValue` −32767 and
 * `scale_factor` (CF-decoded, fill → NaN counted). Output on the north → south 0.25° grid, in fraction or %.
 *
 * @throws Error naming the file when it is not HDF5/NetCDF-4, truncated, not an LPRM file (no
 *   Longitude/Latitude/soil_moisture_* variables), the variable is absent, or the grid does not align.
 * @example
 * const d = await readLprmAmsr2("test/fixtures/amsr2/LPRM-AMSR2_L3_D_SOILM3_V001_20150401013507.nc4", { variable: "soil_moisture_x" });
 * d.direction; // "descending"; d.date "2015-04-01"
 */
export async function readLprmAmsr2(file: string, options: ReadAmsr2Options = {}): Promise<Amsr2Pass> {
  const o = withDefaults(DEFAULTS, options);
  check(o, "readLprmAmsr2");
  const f = await Hdf5File.open(file);
  try {
    const vars = f.variablePaths().map((p) => p.replace(/^\//, ""));
    if (!vars.includes("Longitude") || !vars.includes("Latitude") || !vars.some((v) => v.startsWith("soil_moisture"))) {
      throw new Error(`${file}: not an LPRM AMSR2 L3 file (expected Longitude, Latitude and soil_moisture_* variables; found ${vars.join(", ")})`);
    }
    const info = f.info(o.variable);
    if (!("_FillValue" in info.attributes) && !("missing_value" in info.attributes)) {
      throw new Error(`${file}: variable "${o.variable}" has no _FillValue attribute (corrupted or not an LPRM file?): missing cells could not be told from data`);
    }
    const lat = f.read("Latitude", { output: "float64", maskDefaultFill: false }).values;
    const lon = f.read("Longitude", { output: "float64", maskDefaultFill: false }).values;
    const { grid: native, latAscending } = gridFromAxes(lat, lon, file);
    const ny = lat.length, nx = lon.length;
    const lonMajor = info.dimensions[0] === "Longitude" || (info.shape[0] === nx && info.shape[1] === ny && nx !== ny);
    if (info.shape.length !== 2 || info.shape[0] * info.shape[1] !== nx * ny) {
      throw new Error(`${file}: variable "${o.variable}" has shape [${info.shape.join(", ")}], expected (Longitude, Latitude) = [${nx}, ${ny}]`);
    }
    const raw = f.readRaw(o.variable);
    const dec = decodeCf(raw, info.attributes, info.dtype);
    const factor = o.units === "fraction" ? 0.01 : 1;
    const vals = new Float32Array(nx * ny);
    for (let r = 0; r < ny; r++) {
      const li = latAscending ? ny - 1 - r : r;
      for (let c = 0; c < nx; c++) {
        const x = lonMajor ? dec.values[c * ny + li] : dec.values[li * nx + c];
        vals[r * nx + c] = x * factor;
      }
    }
    const counts = emptyCounts(nx * ny);
    counts.fill = dec.counts.fill;
    counts.outOfRange = dec.counts.outOfRange;
    const named = parseLprmName(file);
    if (!named) throw new Error(`${file}: cannot tell the date and pass from the name (expected LPRM-AMSR2_L3_A|D_SOILM3_V001_YYYYMMDD….nc4)`);
    return finish(file, o.variable, native, vals, counts, o, named.date, named.direction);
  } finally {
    f.close();
  }
}
