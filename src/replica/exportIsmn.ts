import * as path from "node:path";
import { writeFileAtomic } from "../io/writeFileAtomic";
import { zipBytes } from "../io/writeZip";
import type { ProductManifest } from "../manifests/productManifest";
import type { StationRecord } from "../twin/TwinSource";
import { replicaPath } from "./replicaPath";

/** Options of {@link exportIsmn}. */
export interface ExportIsmnOptions {
  /** The stations' daily series (e.g. the twin's `stationSeries()`): soil moisture m³ m⁻³, precipitation mm day⁻¹. */
  stations: readonly StationRecord[];
  /** The ISMN product manifest (`ismn`: its URL gives the folder, its `nameTemplate` the archive's name). */
  manifest: ProductManifest;
  /** Replica directory. */
  outDir: string;
  /** Network name written in the files (the paper's stations belong to RDA, South Korea). Default "RDA". */
  network?: string;
  /** Sensor name. Default "TDR" (the paper's probes). */
  sensor?: string;
  /** Sensor depth, m (from = to). Default 0.1. */
  depth?: number;
}

const DEFAULTS = { network: "RDA", sensor: "TDR", depth: 0.1 };
const pad = (s: string, w: number) => (s.length >= w ? `${s} ` : s.padEnd(w));
const num = (x: number, w: number, d: number) => x.toFixed(d).padStart(w);
/** ISMN's names use `_` where a station name has spaces. */
const safe = (s: string) => s.replace(/\s+/g, "_");

/** An ISMN "header + values" file: the fixed-width metadata line, then `YYYY/MM/DD HH:MM value G M`, CRLF. */
function stmText(o: { network: string; station: string; lat: number; lon: number; elev: number; from: number; to: number; sensor: string }, rows: string[]): string {
  const head = `${pad(o.network, 11)}${pad(o.network, 16)}${pad(o.station, 18)}${num(o.lat, 8, 5)}${num(o.lon, 12, 5)}${num(o.elev, 8, 2)}${num(o.from, 8, 2)}${num(o.to, 8, 2)} ${o.sensor}`;
  return [head, ...rows].join("\r\n") + "\r\n";
}

/**
 * Writes station series as an ISMN download archive in the "Variables stored in separate files (Header+values)"
 * format: `Data_separate_files_header_<first>_<last>.zip` (the manifest's `nameTemplate`, dates `YYYYMMDD`) in the
 * folder of the manifest's URL, holding `<network>/<station>/<network>_<network>_<station>_sm_<d>_<d>_<sensor>_<first>_<last>.stm`
 * and `…_p_0.000000_0.000000_…stm` per station. Each day's soil moisture is written for the 24 hours (`%.4f`
 * m³ m⁻³, flag `G`, original flag `M`), so the daily mean is the series' value to 5·10⁻⁵; precipitation as 24
 * hourly amounts of a 24th of the day's total (`%.4f` mm), the daily sum to 24 × 5·10⁻⁵ mm. Days without a value
 * have no rows (ISMN leaves gaps). Lines end in CRLF, as ISMN's recent downloads.
 *
 * @returns the archive written (absolute path)
 * @throws RangeError naming the option: no stations, series of unequal dates, a bad network, sensor or depth.
 * @example
 * exportIsmn({ stations: twin.stationSeries(), manifest: loadProductManifest("data-manifests/ismn.json"), outDir: "replica" });
 */
export function exportIsmn(options: ExportIsmnOptions): string {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<ExportIsmnOptions>;
  if (!Array.isArray(o.stations) || o.stations.length === 0) throw new RangeError(`exportIsmn: options.stations must list at least one station record, got ${Array.isArray(o.stations) ? 0 : typeof o.stations}`);
  if (typeof o.network !== "string" || !/^[A-Za-z0-9-]+$/.test(o.network)) throw new RangeError(`exportIsmn: options.network must be a name of letters, digits and '-', got ${JSON.stringify(o.network)}`);
  if (typeof o.sensor !== "string" || !/^[A-Za-z0-9-]+$/.test(o.sensor)) throw new RangeError(`exportIsmn: options.sensor must be a name of letters, digits and '-', got ${JSON.stringify(o.sensor)}`);
  if (!(o.depth > 0 && o.depth < 10)) throw new RangeError(`exportIsmn: options.depth must be a depth in metres (0, 10), got ${o.depth}`);
  if (!/Data_separate_files_header_\{\*\}\.zip$/.test(o.manifest.files.nameTemplate)) throw new RangeError(`exportIsmn: options.manifest ${o.manifest.id} is not the ISMN product (name template ${o.manifest.files.nameTemplate})`);
  const dates = o.stations[0].dates;
  for (const s of o.stations) {
    if (s.dates.length !== dates.length || s.dates[0] !== dates[0]) throw new RangeError(`exportIsmn: options.stations: ${s.station.name}'s dates (${s.dates[0]}…, ${s.dates.length}) differ from ${o.stations[0].station.name}'s (${dates[0]}…, ${dates.length})`);
  }
  const ymd = (d: string) => d.replace(/-/g, "");
  const span = `${ymd(dates[0])}_${ymd(dates[dates.length - 1])}`;
  const hours = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, "0")}:00`);
  const entries: { name: string; data: Uint8Array }[] = [];
  for (const s of o.stations) {
    const station = safe(s.station.name);
    const rows = (values: Float32Array, perHour: (v: number) => number) => {
      const out: string[] = [];
      values.forEach((v, t) => {
        if (v !== v) return;
        const day = dates[t].replace(/-/g, "/");
        for (const h of hours) out.push(`${day} ${h}${num(perHour(v), 9, 4)} G M`);
      });
      return out;
    };
    const meta = { network: o.network, station, lat: s.station.lat, lon: s.station.lon, elev: Number.isFinite(s.station.alt) ? s.station.alt : -99.9 };
    const dir = `${o.network}/${station}/${o.network}_${o.network}_${station}`;
    const d = o.depth.toFixed(6);
    entries.push({ name: `${dir}_sm_${d}_${d}_${o.sensor}_${span}.stm`, data: Buffer.from(stmText({ ...meta, from: o.depth, to: o.depth, sensor: o.sensor }, rows(s.sm, (v) => v)), "latin1") });
    entries.push({ name: `${dir}_p_0.000000_0.000000_Rain-gauge_${span}.stm`, data: Buffer.from(stmText({ ...meta, from: 0, to: 0, sensor: "Rain-gauge" }, rows(s.precip, (v) => v / 24)), "latin1") });
  }
  const file = path.join(replicaPath(o.outDir, o.manifest.files.urlTemplate), o.manifest.files.nameTemplate.replace("{*}", span));
  writeFileAtomic(file, zipBytes(entries));
  return file;
}
