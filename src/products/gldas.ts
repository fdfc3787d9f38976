import type { LatLonGrid } from "../grid/latLonGrid";
import { Hdf5File } from "../io/hdf5/hdf5File";
import { parseCfTimeUnits, cfTimeToDate } from "../io/hdf5/cfTime";
import { gridFromAxes } from "./gridFromAxes";
import { cropToGrid } from "./cropToGrid";
import { withDefaults } from "./withDefaults";
import { emptyCounts, isoDay, type ProductCounts, type ProductLayer } from "./productLayer";

/** Options of {@link readGldas}. */
export interface ReadGldasOptions {
  /** Variable to read (default `SoilMoi0_10cm_inst`). */
  variable?: string;
  /** Crop to this grid (same 0.25° cells, aligned); default null = the file's whole grid. */
  grid?: LatLonGrid | null;
  /** Convert soil moisture `SoilMoiA_Bcm_*` from kg m⁻² to m³ m⁻³ (÷ (1000 kg m⁻³ × layer thickness)); default true. */
  convert?: boolean;
}

/** GLDAS time steps read from one file (a 3-hourly granule has one step, a subset has many). */
export interface GldasSteps {
  variable: string;
  grid: LatLonGrid;
  /** Time of each step (UTC). */
  times: Date[];
  /** One north → south raster per step, NaN = fill. */
  steps: Float32Array[];
  units: string;
  counts: ProductCounts;
  sources: string[];
}

const GLDAS_DEFAULTS = { variable: "SoilMoi0_10cm_inst", grid: null as LatLonGrid | null, convert: true };

/** Layer thickness in metres from a GLDAS soil-moisture name (`SoilMoi0_10cm_inst` → 0.1), or null. */
export function gldasLayerThickness(variable: string): number | null {
  const m = /^SoilMoi(\d+)_(\d+)cm/.exec(variable);
  return m ? (Number(m[2]) - Number(m[1])) / 100 : null;
}

function validateGldasOptions(options: ReadGldasOptions): Required<ReadGldasOptions> {
  const o = withDefaults(GLDAS_DEFAULTS, options);
  if (typeof o.variable !== "string" || o.variable === "") throw new TypeError(`readGldas: options.variable must be a variable name, got ${JSON.stringify(o.variable)}`);
  if (typeof o.convert !== "boolean") throw new TypeError(`readGldas: options.convert must be a boolean, got ${JSON.stringify(o.convert)}`);
  return o;
}

/**
 * Reads a GLDAS-2.1 Noah NetCDF-4 file (a `GLDAS_NOAH025_3H.AYYYYMMDD.HH00.021.nc4` granule or a subset with
 * a time dimension, `(time, lat, lon)`): fill values (`_FillValue`/`missing_value` −9999) → NaN (counted),
 * latitude stored south → north flipped to the project's north → south rows, soil moisture converted
 * from kg m⁻² to m³ m⁻³ (÷ 100 for the 0–10 cm layer).
 *
 * @throws Error naming the file: not HDF5, truncated or corrupted; not a GLDAS file (no `lat`/`lon`/`time`
 *   or no `SoilMoi*` variable); unknown variable (the message lists the file's variables); grid mismatch with
 *   `options.grid`; a variable not shaped (time, lat, lon); a variable without `_FillValue`/`missing_value` or
 *   `units`, or with an attribute HDF5 cannot read (a corrupted file would otherwise read −9999 as data).
 * @example
 * const g = await readGldas("test/fixtures/gldas/GLDAS_NOAH025_3H.A20160101.0300.021.nc4");
 * g.times[0].toISOString(); // "2016-01-01T03:00:00.000Z"; g.steps[0] in m³ m⁻³, g.units "m3 m-3"
 */
export async function readGldas(file: string, options: ReadGldasOptions = {}): Promise<GldasSteps> {
  const o = validateGldasOptions(options);
  const f = await Hdf5File.open(file);
  try {
    const vars = f.variablePaths().map((p) => p.replace(/^\//, ""));
    if (!vars.includes("lat") || !vars.includes("lon") || !vars.some((v) => v.startsWith("SoilMoi"))) {
      throw new Error(`${file}: not a GLDAS Noah file (expected lat, lon and SoilMoi* variables; found ${vars.join(", ")})`);
    }
    const info = f.info(o.variable);
    if (!("_FillValue" in info.attributes) && !("missing_value" in info.attributes)) {
      throw new Error(`${file}: variable "${o.variable}" has no _FillValue or missing_value attribute (corrupted or not a GLDAS file?): GLDAS marks water cells with -9999, which could not be told from data`);
    }
    if (typeof info.attributes.units !== "string" || info.attributes.units.trim() === "") {
      throw new Error(`${file}: variable "${o.variable}" has no units attribute (corrupted or not a GLDAS file?): the unit conversion cannot be decided`);
    }
    const lat = f.read("lat", { output: "float64", maskDefaultFill: false }).values;
    const lon = f.read("lon", { output: "float64", maskDefaultFill: false }).values;
    const { grid: native, latAscending } = gridFromAxes(lat, lon, file);
    const dims = info.dimensions;
    const shape = info.shape;
    let nt: number;
    if (shape.length === 3 && shape[1] === lat.length && shape[2] === lon.length) nt = shape[0];
    else if (shape.length === 2 && shape[0] === lat.length && shape[1] === lon.length) nt = 1;
    else throw new Error(`${file}: variable "${o.variable}" has dimensions (${dims.join(", ")}) = [${shape.join(", ")}], expected (time, lat, lon)`);
    let times: Date[] = [];
    if (vars.includes("time")) {
      const t = f.read("time", { output: "float64", maskDefaultFill: false });
      const units = parseCfTimeUnits(String(t.attributes.units ?? ""));
      times = Array.from(t.values, (x) => cfTimeToDate(x, units));
    }
    if (times.length !== nt) throw new Error(`${file}: ${times.length} time values for ${nt} steps of "${o.variable}"`);
    const decoded = f.read(o.variable);
    const thickness = gldasLayerThickness(o.variable);
    const srcUnits = decoded.units.trim();
    const convert = o.convert && thickness !== null && /^kg\s*m-2$/i.test(srcUnits);
    const factor = convert ? 1 / (1000 * (thickness as number)) : 1;
    const grid = o.grid ?? native;
    const counts = emptyCounts(grid.size * nt);
    counts.fill = decoded.counts.fill;
    counts.outOfRange = decoded.counts.outOfRange;
    counts.outside = 0;
    const steps: Float32Array[] = [];
    const ny = native.height, nx = native.width, plane = ny * nx;
    for (let k = 0; k < nt; k++) {
      const northUp = new Float32Array(plane);
      for (let r = 0; r < ny; r++) {
        const srcRow = latAscending ? ny - 1 - r : r;
        const base = k * plane + srcRow * nx;
        for (let c = 0; c < nx; c++) northUp[r * nx + c] = decoded.values[base + c] * factor;
      }
      let vals = northUp;
      if (o.grid) {
        const cropped = cropToGrid(native, northUp, o.grid, `${file}`);
        vals = cropped.values;
        counts.outside += cropped.outside;
      }
      let valid = 0;
      for (let i = 0; i < vals.length; i++) if (vals[i] === vals[i]) valid++;
      counts.valid += valid;
      steps.push(vals);
    }
    counts.masked = counts.total - counts.valid - counts.outside;
    return { variable: o.variable, grid, times, steps, units: convert ? "m3 m-3" : srcUnits, counts, sources: [file] };
  } finally {
    f.close();
  }
}

/** Options of {@link gldasDailyMeans}. */
export interface GldasDailyOptions extends ReadGldasOptions {
  /** Steps in a complete day (default 8: 00, 03, …, 21 UTC). */
  stepsPerDay?: number;
  /** Leave out days with fewer than `stepsPerDay` steps (counted as dropped) instead of averaging what there is; default false. */
  requireFullDay?: boolean;
}

/** Result of {@link gldasDailyMeans}. */
export interface GldasDailyResult {
  /** One layer per UTC day, in date order. */
  days: ProductLayer[];
  /** Days with fewer than `stepsPerDay` steps (averaged anyway unless `requireFullDay`). */
  incompleteDays: Array<{ date: string; steps: number }>;
  /** Days left out because `requireFullDay` is set. */
  droppedDays: string[];
}

/**
 * Daily means of GLDAS steps per UTC day (the paper's "mean of the 3-hourly values"): each pixel is the
 * mean of its valid steps of the day; a pixel with no valid step is NaN. Accepts already read steps or
 * file paths (granules and/or subsets, in any order; a time step present twice is an error).
 *
 * Counts per day: `steps` (time steps averaged), `partialPixels` (pixels valid in some steps but not all),
 * `masked` (NaN pixels); days left out by `requireFullDay` are listed in `droppedDays`.
 * @throws Error naming the files when their grids differ (grid mismatch) or a time step repeats; RangeError for bad options.
 * @example
 * const { days, incompleteDays } = await gldasDailyMeans(["test/fixtures/gldas/GLDAS_NOAH025_3H_subset_EastAsia_20160101-20160102.nc4"]);
 * days.map((d) => d.date); // ["2016-01-01", "2016-01-02"]; incompleteDays [{ date: "2016-01-02", steps: 2 }]
 */
export async function gldasDailyMeans(inputs: Array<string | GldasSteps>, options: GldasDailyOptions = {}): Promise<GldasDailyResult> {
  const stepsPerDay = options.stepsPerDay ?? 8;
  const requireFullDay = options.requireFullDay ?? false;
  if (!Number.isInteger(stepsPerDay) || stepsPerDay < 1) throw new RangeError(`gldasDailyMeans: options.stepsPerDay must be a positive integer, got ${stepsPerDay}`);
  if (typeof requireFullDay !== "boolean") throw new TypeError(`gldasDailyMeans: options.requireFullDay must be a boolean, got ${JSON.stringify(requireFullDay)}`);
  if (!Array.isArray(inputs) || inputs.length === 0) throw new RangeError("gldasDailyMeans: inputs must be a non-empty array of files or read steps");
  const readOpts: ReadGldasOptions = { variable: options.variable, grid: options.grid, convert: options.convert };
  const all: GldasSteps[] = [];
  for (const x of inputs) all.push(typeof x === "string" ? await readGldas(x, readOpts) : x);
  const ref = all[0];
  for (const s of all) {
    if (!s.grid.equals(ref.grid)) {
      throw new Error(`gldasDailyMeans: grid mismatch: ${s.sources.join(", ")} has grid ${JSON.stringify(s.grid.toJSON())}, ${ref.sources.join(", ")} has ${JSON.stringify(ref.grid.toJSON())}`);
    }
  }
  const byDay = new Map<string, Array<{ t: number; values: Float32Array; source: string }>>();
  const seen = new Map<number, string>();
  for (const s of all) {
    s.times.forEach((t, k) => {
      const ms = t.getTime();
      if (seen.has(ms)) throw new Error(`gldasDailyMeans: time step ${t.toISOString()} appears twice (${seen.get(ms)} and ${s.sources.join(", ")})`);
      seen.set(ms, s.sources.join(", "));
      const day = isoDay(t);
      if (!byDay.has(day)) byDay.set(day, []);
      (byDay.get(day) as Array<{ t: number; values: Float32Array; source: string }>).push({ t: ms, values: s.steps[k], source: s.sources.join(", ") });
    });
  }
  const days: ProductLayer[] = [];
  const incompleteDays: Array<{ date: string; steps: number }> = [];
  const droppedDays: string[] = [];
  const n = ref.grid.size;
  for (const day of Array.from(byDay.keys()).sort()) {
    const steps = (byDay.get(day) as Array<{ t: number; values: Float32Array; source: string }>).sort((a, b) => a.t - b.t);
    if (steps.length < stepsPerDay) incompleteDays.push({ date: day, steps: steps.length });
    if (requireFullDay && steps.length < stepsPerDay) { droppedDays.push(day); continue; }
    const sum = new Float64Array(n);
    const cnt = new Uint16Array(n);
    for (const s of steps) {
      const v = s.values;
      for (let i = 0; i < n; i++) { const x = v[i]; if (x === x) { sum[i] += x; cnt[i]++; } }
    }
    const values = new Float32Array(n);
    const counts = emptyCounts(n);
    counts.steps = steps.length;
    counts.partialPixels = 0;
    for (let i = 0; i < n; i++) {
      if (cnt[i] === 0) { values[i] = NaN; counts.masked++; continue; }
      values[i] = sum[i] / cnt[i];
      counts.valid++;
      if (cnt[i] < steps.length) counts.partialPixels++;
    }
    days.push({ variable: ref.variable, grid: ref.grid, values, date: day, units: ref.units, counts, sources: Array.from(new Set(steps.map((s) => s.source))) });
  }
  return { days, incompleteDays, droppedDays };
}
