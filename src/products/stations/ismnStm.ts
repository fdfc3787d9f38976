import * as fs from "fs";
import * as path from "path";
import { decodeText } from "../../io/decodeText";
import { DEFAULT_KEEP_FLAGS, flagKept, type StationCounts, type StationLayout, type StationSeries } from "./stationSeries";

/** Options of {@link readIsmnStm} and {@link parseIsmnStm}. */
export interface ReadIsmnOptions {
  /** Quality flags kept (others → NaN, counted as rejectedFlag). Default ["G"]; "*" keeps every flag. */
  keepFlags?: readonly string[];
}

const VARIABLE_BY_CODE: Record<string, { variable: string; units: string }> = {
  sm: { variable: "soil_moisture", units: "m3 m-3" },
  ts: { variable: "soil_temperature", units: "degC" },
  p: { variable: "precipitation", units: "mm" },
  ta: { variable: "air_temperature", units: "degC" },
  su: { variable: "soil_suction", units: "kPa" },
  sweq: { variable: "snow_water_equivalent", units: "mm" },
  sd: { variable: "snow_depth", units: "mm" },
};

/** Variable and depth from an ISMN file name `<net>_<net>_<station>_<var>_<from>_<to>_<sensor>_<start>_<end>.stm`. */
export function parseIsmnName(file: string): { variable: string; units: string } | null {
  const m = /_(sm|ts|p|ta|su|sweq|sd)_(-?\d+\.\d+)_(-?\d+\.\d+)_/.exec(path.basename(file));
  return m ? VARIABLE_BY_CODE[m[1]] : null;
}

function isNum(s: string | undefined): boolean {
  return s !== undefined && /^-?\d+(\.\d+)?$/.test(s);
}

function parseTime(date: string, time: string, where: string): number {
  const m = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || !t) throw new Error(`${where}: bad date/time "${date} ${time}" (expected YYYY/MM/DD HH:MM)`);
  const [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(t[1]), Number(t[2])];
  const daysInMonth = mo >= 1 && mo <= 12 ? new Date(Date.UTC(y, mo, 0)).getUTCDate() : 0;
  if (!(d >= 1 && d <= daysInMonth) || h > 23 || mi > 59) throw new Error(`${where}: impossible date/time "${date} ${time}"`);
  return Date.UTC(y, mo - 1, d, h, mi);
}

/** ISMN quality flags: G, M, U, C01…, D01…, or comma lists of them (`D03,D05`). */
const ISMN_FLAG = /^([GMU]|[CD]\d{2})(,([GMU]|[CD]\d{2}))*$/;

function checkFlag(flag: string, where: string): void {
  if (!ISMN_FLAG.test(flag)) throw new Error(`${where}: quality flag "${flag}" is not an ISMN flag (G, M, U, Cnn, Dnn or a comma list of them): line cut or not an ISMN file?`);
}

function newCounts(): StationCounts {
  return { total: 0, valid: 0, masked: 0, filled: 0, dropped: 0, missingValue: 0, rejectedFlag: 0 };
}

/** Splits the metadata tokens `cse network station… lat lon elev [depth_from depth_to]`: station may contain spaces. */
function splitMeta(tokens: string[], nNumbers: number, where: string): { cse: string; network: string; station: string; nums: number[]; rest: string[] } {
  for (let k = 3; k + nNumbers <= tokens.length; k++) {
    if (tokens.slice(k, k + nNumbers).every(isNum)) {
      return { cse: tokens[0], network: tokens[1], station: tokens.slice(2, k).join(" "), nums: tokens.slice(k, k + nNumbers).map(Number), rest: tokens.slice(k + nNumbers) };
    }
  }
  throw new Error(`${where}: cannot find network, station, latitude, longitude and elevation`);
}

class SeriesBuilder {
  times: number[] = [];
  values: number[] = [];
  flags: string[] = [];
  counts = newCounts();
  flagCounts: Record<string, number> = Object.create(null);
  private lastTime = -Infinity;
  constructor(readonly keep: ReadonlySet<string>) {}
  /** Refuses a time that does not follow the previous one (unsorted or repeated rows). */
  checkOrder(t: number, where: string): void {
    if (t <= this.lastTime) {
      throw new Error(`${where}: time ${new Date(t).toISOString().slice(0, 16).replace("T", " ")} ${t === this.lastTime ? "repeats" : "comes before"} the previous row's ${new Date(this.lastTime).toISOString().slice(0, 16).replace("T", " ")} (rows must be in time order)`);
    }
    this.lastTime = t;
  }
  add(t: number, v: number, flag: string, missing: boolean): void {
    this.counts.total++;
    this.flagCounts[flag] = (this.flagCounts[flag] ?? 0) + 1;
    let x = v;
    if (missing || !Number.isFinite(v)) { x = NaN; this.counts.missingValue++; }
    else if (!flagKept(flag, this.keep)) { x = NaN; this.counts.rejectedFlag++; }
    this.times.push(t); this.values.push(x); this.flags.push(flag);
    if (x === x) this.counts.valid++; else this.counts.masked++;
  }
}

/** Detects the layout of ISMN `.stm` text from its first non-empty lines. */
export function detectIsmnLayout(lines: string[]): StationLayout | null {
  const first = lines[0]?.trim().split(/\s+/) ?? [];
  const dateRe = /^\d{4}\/\d{2}\/\d{2}$/;
  if (first.length >= 9 && !dateRe.test(first[0])) return "header_values";
  if (dateRe.test(first[0]) && dateRe.test(first[2] ?? "")) {
    // CEOP separate: … elev depth_from depth_to value flag [orig]; old CEOP: … elev - depth temp flag sm flag
    return first.includes("-") && first.length >= 16 ? "ceop" : "ceop_sep";
  }
  return null;
}

/**
 * Parses ISMN `.stm` text in any of the three layouts: "header_values" (a metadata line `cse network
 * station lat lon elev depth_from depth_to sensor`, then `YYYY/MM/DD HH:MM value ismn_flag orig_flag`),
 * "ceop_sep" (every line `utc_date utc_time cse_date cse_time cse network station lat lon elev depth_from
 * depth_to value ismn_flag orig_flag`) and the old all-variables "ceop" (`… elev - depth soil_temperature flag
 * soil_moisture flag`, depths interleaved, −999.99 missing) — one series per variable and depth. Line
 * endings CR, LF or CRLF; flags may be comma lists (`D03,D05`); values with a flag not in `keepFlags` are NaN.
 *
 * @param source the file name (for messages and to learn the variable from `_sm_`, `_ts_`, … in the name).
 * Refused, naming the source and line: impossible dates or times (30 February, 25:75), extra or missing fields,
 * a quality flag that is not an ISMN flag (a line cut inside its flag), rows out of time order or repeated.
 * Gaps in time are normal (missing hours) and kept as they are.
 * @throws Error naming the source and the line for unrecognised layouts or malformed lines.
 * @example
 * const [s] = parseIsmnStm(text, "SMOSMANIA_SMOSMANIA_Narbonne_sm_0.050000_0.050000_ThetaProbe-ML2X_20070101_20070131.stm", { keepFlags: ["G", "U"] });
 */
export function parseIsmnStm(text: string, source: string, options: ReadIsmnOptions = {}): StationSeries[] {
  const keepFlags = options.keepFlags ?? DEFAULT_KEEP_FLAGS;
  if (!Array.isArray(keepFlags) || keepFlags.some((f) => typeof f !== "string")) throw new TypeError(`parseIsmnStm: options.keepFlags must be an array of flag strings, got ${JSON.stringify(keepFlags)}`);
  const keep = new Set(keepFlags);
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new Error(`${source}: empty ISMN file`);
  const layout = detectIsmnLayout(lines);
  if (!layout) throw new Error(`${source}: not an ISMN .stm file (first line "${lines[0].slice(0, 80)}" matches none of the header+values, CEOP-separate and CEOP layouts)`);
  const named = parseIsmnName(source);
  const where = (i: number) => `${source}: line ${i + 1}`;
  const mk = (meta: { network: string; station: string; nums: number[] }, depthFrom: number, depthTo: number, sensor: string, variable: string, units: string, b: SeriesBuilder, lay: StationLayout): StationSeries => ({
    network: meta.network, station: meta.station, lat: meta.nums[0], lon: meta.nums[1],
    elevation: meta.nums[2] <= -99.8 && meta.nums[2] >= -100 ? NaN : meta.nums[2],
    depthFrom, depthTo, sensor, variable, units,
    timeMs: Float64Array.from(b.times), values: Float32Array.from(b.values), flags: b.flags,
    counts: b.counts, flagCounts: b.flagCounts, layout: lay, source,
  });
  if (layout === "header_values") {
    const tok = lines[0].trim().split(/\s+/);
    const meta = splitMeta(tok, 5, where(0));
    const sensor = meta.rest.join(" ");
    const b = new SeriesBuilder(keep);
    for (let i = 1; i < lines.length; i++) {
      const t = lines[i].trim().split(/\s+/);
      if (t.length < 4 || t.length > 5 || !isNum(t[2])) throw new Error(`${where(i)}: expected "YYYY/MM/DD HH:MM value flag [orig_flag]" (4 or 5 fields), got ${t.length} fields "${lines[i].trim().slice(0, 80)}"`);
      const v = Number(t[2]);
      const time = parseTime(t[0], t[1], where(i));
      checkFlag(t[3], where(i));
      b.checkOrder(time, where(i));
      b.add(time, v, t[3], v <= -9999 || v === -999.99);
    }
    const vu = named ?? { variable: "unknown", units: "" };
    return [mk(meta, meta.nums[3], meta.nums[4], sensor, vu.variable, vu.units, b, layout)];
  }
  if (layout === "ceop_sep") {
    let meta: ReturnType<typeof splitMeta> | null = null;
    const b = new SeriesBuilder(keep);
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i].trim().split(/\s+/);
      const m = splitMeta(t.slice(4), 5, where(i));
      if (!meta) meta = m;
      else if (m.station !== meta.station || m.nums[3] !== meta.nums[3] || m.nums[4] !== meta.nums[4]) {
        throw new Error(`${where(i)}: station or depth changes within a CEOP-separate file (${m.station} ${m.nums[3]}–${m.nums[4]} m vs ${meta.station} ${meta.nums[3]}–${meta.nums[4]} m)`);
      }
      const rest = m.rest;
      if (rest.length < 2 || rest.length > 3 || !isNum(rest[0])) throw new Error(`${where(i)}: expected "value flag [orig_flag]" after the depths, got "${rest.join(" ")}"`);
      const v = Number(rest[0]);
      const time = parseTime(t[0], t[1], where(i));
      parseTime(t[2], t[3], where(i));
      checkFlag(rest[1], where(i));
      b.checkOrder(time, where(i));
      b.add(time, v, rest[1], v <= -9999 || v === -999.99);
    }
    const m = meta as ReturnType<typeof splitMeta>;
    const vu = named ?? { variable: "soil_moisture", units: "m3 m-3" };
    const sensor = /_-?\d+\.\d+_-?\d+\.\d+_(.+)_\d{8}_\d{8}/.exec(path.basename(source))?.[1] ?? "";
    return [mk({ network: m.network, station: m.station, nums: m.nums.slice(0, 3) }, m.nums[3], m.nums[4], sensor, vu.variable, vu.units, b, layout)];
  }
  // old CEOP: … elev - depth soil_temperature flag soil_moisture flag
  const builders = new Map<string, { meta: ReturnType<typeof splitMeta>; depth: number; variable: string; units: string; b: SeriesBuilder }>();
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim().split(/\s+/);
    const m = splitMeta(t.slice(4), 3, where(i));
    const r = m.rest;
    if (r.length !== 6 || r[0] !== "-" || !isNum(r[1]) || !isNum(r[2]) || !isNum(r[4])) {
      throw new Error(`${where(i)}: expected "- depth soil_temperature flag soil_moisture flag" after the elevation, got "${r.join(" ")}"`);
    }
    const time = parseTime(t[0], t[1], where(i));
    checkFlag(r[3], where(i));
    checkFlag(r[5], where(i));
    const depth = Number(r[1]);
    const parts: Array<[string, string, number, string]> = [["soil_temperature", "degC", Number(r[2]), r[3]], ["soil_moisture", "m3 m-3", Number(r[4]), r[5]]];
    for (const [variable, units, v, flag] of parts) {
      const key = `${variable}@${depth}`;
      if (!builders.has(key)) builders.set(key, { meta: m, depth, variable, units, b: new SeriesBuilder(keep) });
      const sb = (builders.get(key) as { b: SeriesBuilder }).b;
      sb.checkOrder(time, where(i));
      sb.add(time, v, flag, v <= -999.99 + 1e-9);
    }
  }
  return Array.from(builders.values())
    .sort((a, b) => (a.variable === b.variable ? a.depth - b.depth : a.variable < b.variable ? -1 : 1))
    .map((x) => mk(x.meta, x.depth, x.depth, "", x.variable, x.units, x.b, "ceop"));
}

/**
 * Reads an ISMN `.stm` file (any layout, see {@link parseIsmnStm}).
 * @throws Error naming the file when it cannot be read, is empty, binary, or not an ISMN file.
 * @example
 * const [cosmos] = await readIsmnStm("test/fixtures/ismn/COSMOS_COSMOS_ARM-1_sm_0.000000_0.190000_Cosmic-ray-Probe_20170810_20180809.stm");
 * cosmos.counts.valid; // rows flagged G
 */
export async function readIsmnStm(file: string, options: ReadIsmnOptions = {}): Promise<StationSeries[]> {
  let buf: Buffer;
  try { buf = await fs.promises.readFile(file); } catch (err) { throw new Error(`${file}: cannot read: ${(err as Error).message}`); }
  if (buf.subarray(0, 4096).includes(0)) throw new Error(`${file}: binary data, not an ISMN .stm text file`);
  return parseIsmnStm(decodeText(buf).text, file, options);
}
