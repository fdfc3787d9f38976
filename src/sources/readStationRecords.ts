import * as fs from "node:fs";
import * as path from "node:path";
import { unzipChecked } from "../io/unzipChecked";
import { decodeText } from "../io/decodeText";
import type { LatLonGrid } from "../grid/latLonGrid";
import type { StudyStation } from "../manifests/studyManifest";
import { parseIsmnStm } from "../products/stations/ismnStm";
import { parseStationCsv } from "../products/stations/stationCsv";
import { stationDailyMeans, type StationSeries } from "../products/stations/stationSeries";
import type { Station } from "../twin/stations";
import type { StationRecord } from "../twin/TwinSource";

/** Options of {@link readStationRecords}. */
export interface ReadStationRecordsOptions {
  /** The 1 km grid; stations outside it are left out (counted `outside`). */
  fine: LatLonGrid;
  /** The days of the records (ISO, consecutive); days without data are NaN. */
  dates: readonly string[];
  /** The study's stations (Table 2): an in-situ station with the same name (case-insensitive) takes its id and metadata. Default []. */
  studyStations?: readonly StudyStation[];
  /** Sensor depth (m) the comparison wants: of a station's soil-moisture sensors, the one whose mid-depth is closest is used. Default 0.1 (the paper's 10 cm). */
  depth?: number;
  /** Quality flags kept (ISMN `G` = good). Default ["G"]. */
  keepFlags?: readonly string[];
  /** Hours added to UTC before cutting days (e.g. 9 for Korea); default 0 (UTC days, as the GLDAS daily means). */
  utcOffsetHours?: number;
}

/** Result of {@link readStationRecords}. */
export interface StationRecords {
  records: StationRecord[];
  counts: { files: number; series: number; stations: number; outside: number; noSoilMoisture: number; rejectedFlag: number; missingValue: number };
  /** Files read. */
  sources: string[];
}

/**
 * In-situ station records from a folder of station files, synchronously (like the twin's `stationSeries()`):
 * ISMN `.stm` files in any of the three layouts, ISMN download archives (`.zip`), and station CSVs in the
 * project's schema (`*.csv` other than ISMN `*_static_variables.csv`). Per station: the soil-moisture sensor whose
 * mid-depth is closest to `depth` (ties: the shallower), daily means by UTC day (+ `utcOffsetHours`) over
 * `dates`; precipitation (when the station has a series) as the daily sum of its valid values; flags not
 * in `keepFlags` masked (counted). Station letters: the study station of the same name, else `s1`, `s2`, … .
 *
 * @throws Error naming the folder when it does not exist, or a file when it is malformed (the parsers' errors);
 *   RangeError naming a bad option.
 * @example
 * const { records } = readStationRecords("data/real/ismn", { fine, dates: datesOf(plan.evaluation), studyStations: plan.study.stations });
 */
export function readStationRecords(dir: string, options: ReadStationRecordsOptions): StationRecords {
  const o = options ?? ({} as ReadStationRecordsOptions);
  const depth = o.depth ?? 0.1;
  const keepFlags = o.keepFlags ?? ["G"];
  const utcOffsetHours = o.utcOffsetHours ?? 0;
  const studyStations = o.studyStations ?? [];
  if (!o.fine || typeof o.fine.indexOf !== "function") throw new RangeError("readStationRecords: options.fine must be a LatLonGrid");
  if (!Array.isArray(o.dates) || o.dates.length === 0) throw new RangeError("readStationRecords: options.dates must be a non-empty array of ISO days");
  if (!(depth >= 0 && depth <= 5)) throw new RangeError(`readStationRecords: options.depth must be within 0–5 m, got ${depth}`);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`readStationRecords: station folder ${dir} does not exist; fetch the ISMN files (see data-manifests/ismn.json) into it`);
  const series: StationSeries[] = [];
  const sources: string[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (/\.stm$/i.test(name)) {
      series.push(...parseIsmnStm(decodeText(fs.readFileSync(file)).text, file, { keepFlags }));
    } else if (/\.zip$/i.test(name)) {
      const buf = fs.readFileSync(file);
      const entries = unzipChecked(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), file, { filter: (n) => /\.stm$/i.test(n) });
      for (const inner of [...entries.keys()].sort()) series.push(...parseIsmnStm(decodeText(entries.get(inner) as Uint8Array).text, `${file}:${inner}`, { keepFlags }));
    } else if (/\.csv$/i.test(name) && !/_static_variables\.csv$/i.test(name)) {
      series.push(...parseStationCsv(fs.readFileSync(file, "utf8"), file, { keepFlags }));
    } else continue;
    sources.push(file);
  }
  const counts = { files: sources.length, series: series.length, stations: 0, outside: 0, noSoilMoisture: 0, rejectedFlag: 0, missingValue: 0 };
  const byStation = new Map<string, StationSeries[]>();
  for (const s of series) {
    const key = `${s.network}/${s.station}`;
    if (!byStation.has(key)) byStation.set(key, []);
    (byStation.get(key) as StationSeries[]).push(s);
  }
  const d0 = Date.parse(`${o.dates[0]}T00:00:00Z`) / 86400000;
  const n = o.dates.length;
  const onDates = (s: StationSeries, sum: boolean): Float32Array => {
    const daily = stationDailyMeans(s, { utcOffsetHours });
    const out = new Float32Array(n).fill(NaN);
    daily.dates.forEach((d, k) => {
      const t = Date.parse(`${d}T00:00:00Z`) / 86400000 - d0;
      if (t >= 0 && t < n) out[t] = sum ? daily.values[k] * daily.n[k] : daily.values[k];
    });
    return out;
  };
  const records: StationRecord[] = [];
  let auto = 0;
  for (const [, list] of byStation) {
    const sm = list.filter((s) => s.variable === "soil_moisture");
    if (!sm.length) { counts.noSoilMoisture++; continue; }
    const mid = (s: StationSeries) => { const m = (s.depthFrom + s.depthTo) / 2; return m === m ? m : Infinity; }; // unknown depth: last
    sm.sort((a, b) => (Math.abs(mid(a) - depth) - Math.abs(mid(b) - depth)) || (mid(a) - mid(b)) || 0);
    // a sensor may be split over several files (periods): merge those at the chosen depth
    const chosen = sm.filter((s) => Object.is(s.depthFrom, sm[0].depthFrom) && Object.is(s.depthTo, sm[0].depthTo) && s.sensor === sm[0].sensor);
    const first = chosen[0];
    const fineIndex = o.fine.indexOf(first.lon, first.lat);
    if (fineIndex < 0) { counts.outside++; continue; }
    const smValues = new Float32Array(n).fill(NaN);
    for (const s of chosen) {
      counts.rejectedFlag += s.counts.rejectedFlag;
      counts.missingValue += s.counts.missingValue;
      onDates(s, false).forEach((x, t) => { if (x === x) smValues[t] = x; });
    }
    const precip = new Float32Array(n).fill(NaN);
    for (const p of list.filter((s) => s.variable === "precipitation")) onDates(p, true).forEach((x, t) => { if (x === x) precip[t] = x; });
    const study = studyStations.find((s) => s.name.toLowerCase() === first.station.toLowerCase());
    const station: Station = study
      ? { id: study.id, name: study.name, lat: first.lat, lon: first.lon, alt: Number.isFinite(first.elevation) ? first.elevation : study.altitude, landCover1km: study.landCover1km, landCover25km: study.landCover25km.join(", ") }
      : { id: `s${++auto}`, name: first.station, lat: first.lat, lon: first.lon, alt: first.elevation, landCover1km: "", landCover25km: "" };
    records.push({ station, fineIndex, dates: [...o.dates], sm: smValues, precip });
    counts.stations++;
  }
  return { records, counts, sources };
}
