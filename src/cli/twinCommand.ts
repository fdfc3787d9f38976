import * as fs from "node:fs";
import * as path from "node:path";
import type { Command, CommandIO } from "./command";
import { parseOptions, numberOption } from "./parseOptions";
import { UsageError } from "./usageError";
import { writeGeoTiff } from "../io/writeGeoTiff";
import { openTwin, twinConfig, dayNumber, isoDate, type TwinSource } from "../twin/index";
import { writeFileAtomic } from "../io/writeFileAtomic";
import type { VariableName } from "../sources/layerSource";
import type { LatLonGrid } from "../grid/latLonGrid";

const USAGE = `usage: sm-downscale twin --config default|domain|tiny [--seed N] --out DIR [--from YYYY-MM-DD --to YYYY-MM-DD] [--date YYYY-MM-DD ...] [--data-dir DIR]

Generates (or reads from the cache under --data-dir, default $SM_DATA_DIR or ./data) the synthetic twin and
writes, for inspection in a GIS:
  DIR/025deg/{dem,landcover,soil}.tif                      static 0.25° layers
  DIR/025deg/<variable>_<date>.tif                         gldas_sm amsr2_sm ascat_sm lst ndvi precip truth_sm clear_sky
  DIR/1km/{dem,landcover,soil}.tif                         static 1 km window layers
  DIR/1km/<variable>_<date>.tif                            truth_sm lst ndvi clear_sky, and gldas_sm amsr2_sm ascat_sm
                                                           precip as served on the 1 km grid (their 0.25° value,
                                                           nearest neighbour) — dates inside the 1 km days
  DIR/stations.csv                                         station,name,lat,lon,alt_m,date,sm_10cm,precip_mm
  DIR/twin-files.json                                      written last: every file of the run with its size
                                                           (absent after a killed or failed run)
clear_sky is the clear-sky fraction of each 0.25° cell and the 1 km cloud mask (1 clear, 0 cloudy).
GeoTIFFs are EPSG:4326, float32 (nodata -9999) or uint8 class codes. --from/--to write every day of the range
(inclusive); --date may repeat; default: the first 1 km day. Prints a summary of ranges and gaps over the whole period.`;

/** Written last into --out DIR, listing every file of the run: its presence marks a complete set. */
export const TWIN_FILES_MARKER = "twin-files.json";

const DAILY_COARSE: VariableName[] = ["gldas_sm", "amsr2_sm", "ascat_sm", "lst", "ndvi", "precip", "truth_sm"];
const DAILY_FINE: VariableName[] = ["truth_sm", "lst", "ndvi", "gldas_sm", "amsr2_sm", "ascat_sm", "precip"];

function writeClearSky(twin: TwinSource, grid: LatLonGrid, date: string, file: string): void {
  const { values } = twin.clearSky(grid, date);
  writeGeoTiff(file, values, { grid, nodata: -9999, units: "1", metadata: { PROVENANCE: `${twin.name} clear-sky ${grid === twin.fineGrid ? "mask" : "fraction"}`, DATE: date } });
}

function writeLayer(twin: TwinSource, variable: VariableName, grid: LatLonGrid, date: string, file: string): void {
  const layer = twin.layer({ variable, grid, date });
  if (variable === "landcover" || variable === "soil") {
    const bytes = new Uint8Array(layer.values.length);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.isNaN(layer.values[i]) ? 0 : layer.values[i];
    writeGeoTiff(file, bytes, { grid, dataType: "uint8", nodata: 0, units: layer.units, metadata: { PROVENANCE: layer.provenance } });
  } else {
    writeGeoTiff(file, layer.values, { grid, nodata: -9999, units: layer.units, metadata: { PROVENANCE: layer.provenance, DATE: layer.date ?? "static" } });
  }
}

/** Range and gap summary of one variable over the whole period on the 0.25° land cells. */
function summaryLine(twin: TwinSource, variable: VariableName): string {
  const L = twin.store.meta.nCoarseLand;
  const cells = twin.store.int("coarseLandCells");
  const { values } = twin.getSeries({ variable, grid: twin.coarseGrid, cells });
  let mn = Infinity, mx = -Infinity, s = 0, n = 0, nan = 0;
  for (const v of values) {
    if (Number.isNaN(v)) { nan++; continue; }
    if (v < mn) mn = v;
    if (v > mx) mx = v;
    s += v; n++;
  }
  const f = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(3));
  return `  ${variable.padEnd(9)} min ${f(mn).padStart(7)}  mean ${f(s / Math.max(1, n)).padStart(7)}  max ${f(mx).padStart(7)}  missing ${(100 * nan / values.length).toFixed(1).padStart(5)} %  (${values.length / L} days × ${L} land cells)`;
}

export const twinCommand: Command = {
  name: "twin",
  summary: "generate the synthetic twin and write its layers as GeoTIFFs and stations as CSV",
  usage: USAGE,
  async run(argv: string[], io: CommandIO): Promise<number> {
    const { values } = parseOptions("twin", argv, {
      config: { type: "string" }, seed: { type: "string" }, out: { type: "string" },
      date: { type: "string", multiple: true }, from: { type: "string" }, to: { type: "string" }, "data-dir": { type: "string" },
    });
    const name = values.config;
    if (name !== "default" && name !== "tiny" && name !== "domain") throw new UsageError(`twin: --config must be 'default', 'domain' or 'tiny', got '${name ?? ""}'`);
    if (!values.out) throw new UsageError("twin: --out DIR is required");
    const seed = numberOption("twin", "seed", values.seed, { min: 0, max: 0xffffffff, integer: true });
    const config = twinConfig(name, seed === undefined ? {} : { seed });
    for (const d of values.date ?? []) {
      try { dayNumber(d); } catch { throw new UsageError(`twin: --date must be YYYY-MM-DD, got '${d}'`); }
    }
    if ((values.from === undefined) !== (values.to === undefined)) throw new UsageError("twin: --from and --to must be given together");
    for (const [key, d] of [["from", values.from], ["to", values.to]] as const) {
      if (d === undefined) continue;
      try { dayNumber(d); } catch { throw new UsageError(`twin: --${key} must be YYYY-MM-DD, got '${d}'`); }
    }
    if (values.from !== undefined && values.to !== undefined && values.to < values.from) throw new UsageError(`twin: --to ${values.to} is before --from ${values.from}`);
    const t0 = Date.now();
    const twin = openTwin(config, { dataDir: values["data-dir"], onProgress: (m) => io.err(`twin: ${m}`) });
    const range: string[] = [];
    if (values.from !== undefined && values.to !== undefined) for (let d = dayNumber(values.from); d <= dayNumber(values.to); d++) range.push(isoDate(d));
    const listed = [...range, ...(values.date ?? [])];
    const dates = listed.length ? [...new Set(listed)].sort() : [twin.applicationDates()[0]];
    const period = twin.dates();
    for (const d of dates) {
      if (d < period[0] || d > period[period.length - 1]) throw new UsageError(`twin: --date ${d} is outside the twin's period ${period[0]}…${period[period.length - 1]}`);
    }
    const out = values.out;
    const coarseDir = path.join(out, "025deg"), fineDir = path.join(out, "1km");
    fs.mkdirSync(coarseDir, { recursive: true });
    fs.mkdirSync(fineDir, { recursive: true });
    // the completion marker: removed first, written last (a killed run leaves no marker)
    const marker = path.join(out, TWIN_FILES_MARKER);
    fs.rmSync(marker, { force: true });
    const written: string[] = [];
    const w = (file: string): string => { written.push(file); return file; };
    for (const v of ["dem", "landcover", "soil"] as VariableName[]) {
      writeLayer(twin, v, twin.coarseGrid, period[0], w(path.join(coarseDir, `${v}.tif`)));
      writeLayer(twin, v, twin.fineGrid, period[0], w(path.join(fineDir, `${v}.tif`)));
    }
    const kept = new Set(twin.applicationDates());
    for (const d of dates) {
      for (const v of DAILY_COARSE) writeLayer(twin, v, twin.coarseGrid, d, w(path.join(coarseDir, `${v}_${d}.tif`)));
      writeClearSky(twin, twin.coarseGrid, d, w(path.join(coarseDir, `clear_sky_${d}.tif`)));
      if (kept.has(d)) {
        for (const v of DAILY_FINE) writeLayer(twin, v, twin.fineGrid, d, w(path.join(fineDir, `${v}_${d}.tif`)));
        writeClearSky(twin, twin.fineGrid, d, w(path.join(fineDir, `clear_sky_${d}.tif`)));
      }
    }
    // stations
    const lines = ["station,name,lat,lon,alt_m,date,sm_10cm,precip_mm"];
    for (const s of twin.stationSeries()) {
      s.dates.forEach((d, t) => {
        if (Number.isNaN(s.sm[t])) return;
        lines.push([s.station.id, s.station.name, s.station.lat, s.station.lon, s.station.alt, d, s.sm[t].toFixed(4), s.precip[t].toFixed(1)].join(","));
      });
    }
    writeFileAtomic(w(path.join(out, "stations.csv")), lines.join("\n") + "\n");
    const files = written.length;
    writeFileAtomic(marker, JSON.stringify({
      complete: true, config: config.name, seed: config.seed, dates,
      files: written.map((f) => ({ path: path.relative(out, f).split(path.sep).join("/"), bytes: fs.statSync(f).size })),
    }, null, 1) + "\n");
    const m = twin.store.meta;
    io.out(`twin ${config.name} seed ${config.seed}: ${period[0]}…${period[period.length - 1]} (${m.nDays} days), ` +
      `0.25° grid ${twin.coarseGrid.width}×${twin.coarseGrid.height} (${m.nCoarseLand} land cells), ` +
      `1 km window ${twin.fineGrid.width}×${twin.fineGrid.height} (${m.nFineLand} land pixels, ${m.nKeep} days kept), ` +
      `${m.stations.length} stations; ${files} files in ${out} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    io.out("0.25° land cells over the whole period:");
    for (const v of DAILY_COARSE) io.out(summaryLine(twin, v));
    return 0;
  },
};
