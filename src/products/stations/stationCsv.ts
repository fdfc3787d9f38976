import * as fs from "fs";
import { DEFAULT_KEEP_FLAGS, flagKept, type StationSeries } from "./stationSeries";

/** Columns of the project's station CSV (see README.md in this folder). */
export const STATION_CSV_REQUIRED = ["station", "lat", "lon", "variable", "units", "time", "value"] as const;
export const STATION_CSV_OPTIONAL = ["network", "elevation_m", "depth_from_m", "depth_to_m", "sensor", "flag"] as const;

const UNIT_CONVERSIONS: Record<string, Record<string, { to: string; factor: number }>> = {
  soil_moisture: { "m3 m-3": { to: "m3 m-3", factor: 1 }, "%": { to: "m3 m-3", factor: 0.01 } },
  precipitation: { mm: { to: "mm", factor: 1 } },
  soil_temperature: { degC: { to: "degC", factor: 1 } },
  air_temperature: { degC: { to: "degC", factor: 1 } },
};

/** Options of {@link parseStationCsv}. */
export interface StationCsvOptions {
  /** Flags kept when a `flag` column exists (rows with an empty flag are kept). Default ["G"]; "*" keeps all. */
  keepFlags?: readonly string[];
}

/** Parses ISO 8601 `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z` or an offset, refusing impossible dates and times (no roll-over). */
function parseIsoTime(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|([+-])(\d{2}):?(\d{2}))$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  const daysInMonth = mo >= 1 && mo <= 12 ? new Date(Date.UTC(y, mo, 0)).getUTCDate() : 0;
  if (!(d >= 1 && d <= daysInMonth) || h > 23 || mi > 59 || s > 59) return null;
  let offsetMin = 0;
  if (m[8] !== "Z") {
    const oh = Number(m[10]), om = Number(m[11]);
    if (oh > 14 || om > 59) return null;
    offsetMin = (m[9] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(y, mo - 1, d, h, mi, s) + Math.round(Number(m[7] ?? 0) * 1000) - offsetMin * 60000;
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "", q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ",") { out.push(cur); cur = ""; }
    else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/**
 * Parses a station CSV in the project's schema (for networks other than ISMN, e.g. the paper's Korean RDA
 * stations): comma-separated, a header row naming at least `station, lat, lon, variable, units, time,
 * value` (optional `network, elevation_m, depth_from_m, depth_to_m, sensor, flag`), lines starting with `#`
 * ignored; `time` ISO 8601 with an explicit `Z` or offset (`2015-05-01T00:00+09:00`); empty value or `NA`
 * = missing. Soil moisture in `%` is converted to m³ m⁻³. Returns one series per (station, variable, depth).
 *
 * @throws Error naming the source and line: missing, unknown or repeated columns, a row with more or fewer fields
 *   than the header, unknown variable/units pairs, times without a zone or impossible (30 February, 25:75), rows
 *   of a station out of time order or repeated, non-numeric values, metadata (lat/lon) changing within a station.
 * @example
 * parseStationCsv("station,lat,lon,variable,units,time,value\nS1,37.1,127.2,soil_moisture,%,2015-05-01T00:00Z,23.5\n", "rda.csv")[0].values[0]; // 0.235
 */
export function parseStationCsv(text: string, source: string, options: StationCsvOptions = {}): StationSeries[] {
  const keep = new Set(options.keepFlags ?? DEFAULT_KEEP_FLAGS);
  const lines = text.split(/\r\n|\r|\n/);
  let hi = lines.findIndex((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  if (hi < 0) throw new Error(`${source}: empty station CSV`);
  const header = splitCsvLine(lines[hi].replace(/^\uFEFF/, "")).map((h) => h.toLowerCase());
  const known = new Set<string>([...STATION_CSV_REQUIRED, ...STATION_CSV_OPTIONAL]);
  const unknown = header.filter((h) => !known.has(h));
  if (unknown.length) throw new Error(`${source}: line ${hi + 1}: unknown column(s) ${unknown.map((u) => JSON.stringify(u)).join(", ")} (columns: ${[...known].join(", ")})`);
  const dup = header.find((h, i) => header.indexOf(h) !== i);
  if (dup !== undefined) throw new Error(`${source}: line ${hi + 1}: column "${dup}" appears twice`);
  const missing = STATION_CSV_REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) throw new Error(`${source}: not a station CSV in the project's schema: missing column(s) ${missing.join(", ")} (header: ${header.join(", ")})`);
  const col = (name: string) => header.indexOf(name);
  const groups = new Map<string, { s: Omit<StationSeries, "timeMs" | "values"> & { times: number[]; vals: number[] } }>();
  for (let i = hi + 1; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === "" || raw.trim().startsWith("#")) continue;
    const f = splitCsvLine(raw);
    const where = `${source}: line ${i + 1}`;
    if (f.length !== header.length) throw new Error(`${where}: ${f.length} fields, the header has ${header.length} (extra or missing columns, or a line cut short)`);
    const get = (name: string) => (col(name) >= 0 ? f[col(name)] ?? "" : "");
    const variable = get("variable"), units = get("units");
    const conv = UNIT_CONVERSIONS[variable]?.[units];
    if (!conv) throw new Error(`${where}: unsupported variable/units "${variable}" in "${units}" (supported: ${Object.entries(UNIT_CONVERSIONS).map(([v, u]) => `${v} [${Object.keys(u).join(", ")}]`).join("; ")})`);
    const timeText = get("time");
    if (!/(Z|[+-]\d{2}:?\d{2})$/.test(timeText)) throw new Error(`${where}: time "${timeText}" has no time zone (write Z or an offset such as +09:00)`);
    const t = parseIsoTime(timeText);
    if (t === null) throw new Error(`${where}: time "${timeText}" is not a valid ISO 8601 date and time (YYYY-MM-DDTHH:MM[:SS] with Z or an offset; impossible dates such as 30 February are refused)`);
    const lat = Number(get("lat")), lon = Number(get("lon"));
    if (!(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) throw new Error(`${where}: lat/lon "${get("lat")}", "${get("lon")}" out of range`);
    const vText = get("value");
    const isMissing = vText === "" || vText.toUpperCase() === "NA";
    if (!isMissing && !Number.isFinite(Number(vText))) throw new Error(`${where}: value "${vText}" is not a number`);
    const dFrom = get("depth_from_m") === "" ? NaN : Number(get("depth_from_m"));
    const dTo = get("depth_to_m") === "" ? dFrom : Number(get("depth_to_m"));
    const station = get("station");
    const key = `${station}|${variable}|${dFrom}|${dTo}`;
    if (!groups.has(key)) {
      groups.set(key, { s: {
        network: get("network"), station, lat, lon, elevation: get("elevation_m") === "" ? NaN : Number(get("elevation_m")),
        depthFrom: dFrom, depthTo: dTo, sensor: get("sensor"), variable, units: conv.to, flags: [],
        counts: { total: 0, valid: 0, masked: 0, filled: 0, dropped: 0, missingValue: 0, rejectedFlag: 0 }, flagCounts: Object.create(null) as Record<string, number>,
        layout: "csv", source, times: [], vals: [],
      } });
    }
    const g = (groups.get(key) as { s: Omit<StationSeries, "timeMs" | "values"> & { times: number[]; vals: number[] } }).s;
    if (Math.abs(g.lat - lat) > 1e-9 || Math.abs(g.lon - lon) > 1e-9) throw new Error(`${where}: station ${station} moves from (${g.lat}, ${g.lon}) to (${lat}, ${lon})`);
    const flag = get("flag");
    const last = g.times.length ? g.times[g.times.length - 1] : -Infinity;
    if (t <= last) throw new Error(`${where}: time "${timeText}" ${t === last ? "repeats" : "comes before"} the previous row of station ${station} (rows of a station must be in time order)`);
    g.counts.total++;
    g.flagCounts[flag] = (g.flagCounts[flag] ?? 0) + 1;
    let v = isMissing ? NaN : Number(vText) * conv.factor;
    if (isMissing) g.counts.missingValue++;
    else if (flag !== "" && !flagKept(flag, keep)) { v = NaN; g.counts.rejectedFlag++; }
    if (v === v) g.counts.valid++; else g.counts.masked++;
    g.times.push(t); g.vals.push(v); g.flags.push(flag);
  }
  return Array.from(groups.values()).map(({ s }) => {
    const { times, vals, ...rest } = s;
    return { ...rest, timeMs: Float64Array.from(times), values: Float32Array.from(vals) };
  });
}

/** Reads a station CSV file ({@link parseStationCsv}). @throws Error naming the file. */
export async function readStationCsv(file: string, options: StationCsvOptions = {}): Promise<StationSeries[]> {
  let text: string;
  try { text = await fs.promises.readFile(file, "utf8"); } catch (err) { throw new Error(`${file}: cannot read: ${(err as Error).message}`); }
  return parseStationCsv(text, file, options);
}
