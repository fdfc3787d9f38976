import * as fs from "fs";
import type { RasterInfo, RasterInfoHandler } from "../../io/rasterInfo";
import { rasterStatistics } from "../../io/rasterStatistics";
import { readIsmnStm } from "./ismnStm";
import { readStationCsv } from "./stationCsv";
import { readIsmnStatic } from "./ismnStatic";
import type { StationSeries } from "./stationSeries";

function headText(head: Uint8Array): string {
  return Buffer.from(head).toString("latin1");
}

/**
 * `raster-info` handler for station files: ISMN `.stm` (all three layouts), ISMN static-variables CSVs and
 * the project's station CSV. Variables are the series, named `<variable>@<depth_from>-<depth_to>m` (plus
 * `<station>:` when a CSV holds several stations); statistics use the default quality filter (flag G kept).
 */
export const stationInfoHandler: RasterInfoHandler = {
  name: "station",
  detect: (head, file) => {
    if (/\.stm$/i.test(file)) return true;
    if (!/\.csv$/i.test(file)) return false;
    const first = headText(head).split(/\r\n|\r|\n/).find((l) => l.trim() !== "" && !l.trim().startsWith("#")) ?? "";
    return /quantity_name;/.test(first) || (/(^|,)station(,|$)/i.test(first) && /(^|,)lat(,|$)/i.test(first) && /(^|,)value(,|$)/i.test(first));
  },
  async describe(file, { variable }): Promise<RasterInfo> {
    const head = Buffer.alloc(512);
    const fd = fs.openSync(file, "r");
    try { fs.readSync(fd, head, 0, 512, 0); } finally { fs.closeSync(fd); }
    if (/quantity_name;/.test(headText(head))) {
      const rows = await readIsmnStatic(file);
      const names = rows.map((r) => `${r.quantity}${Number.isFinite(r.depthFrom) ? `@${r.depthFrom}-${r.depthTo}m` : ""}`);
      const k = variable === undefined ? 0 : names.indexOf(variable);
      if (k < 0) throw new Error(`${file}: no variable '${variable}' (has: ${names.join(", ")})`);
      const r = rows[k];
      return {
        file, format: "ISMN static variables CSV", variables: rows.map((x, i) => ({ name: names[i], dataType: typeof x.value === "number" ? "float64" : "string", units: x.unit || null })),
        variable: names[k], width: null, height: null, dataType: typeof r.value === "number" ? "float64" : "string", crs: null, geoTransform: null, bbox: null,
        nodata: null, scale: 1, offset: 0, units: r.unit || null, timeSteps: null,
        statistics: rasterStatistics(typeof r.value === "number" ? [r.value] : []),
        details: { value: r.value, description: r.description, source: r.sourceName },
      };
    }
    const series: StationSeries[] = /\.stm$/i.test(file) ? await readIsmnStm(file) : await readStationCsv(file);
    const multi = new Set(series.map((s) => s.station)).size > 1;
    const nameOf = (s: StationSeries) => `${multi ? `${s.station}:` : ""}${s.variable}@${s.depthFrom}-${s.depthTo}m`;
    const names = series.map(nameOf);
    const k = variable === undefined ? 0 : names.indexOf(variable);
    if (k < 0) throw new Error(`${file}: no variable '${variable}' (has: ${names.join(", ")})`);
    const s = series[k];
    const first = s.timeMs.length ? new Date(s.timeMs[0]).toISOString() : null;
    const last = s.timeMs.length ? new Date(s.timeMs[s.timeMs.length - 1]).toISOString() : null;
    return {
      file,
      format: s.layout === "csv" ? "station CSV" : `ISMN station file (${s.layout})`,
      variables: series.map((x, i) => ({ name: names[i], dataType: "float32", shape: [x.timeMs.length], units: x.units })),
      variable: names[k],
      width: null,
      height: null,
      dataType: "float32",
      crs: "EPSG:4326",
      geoTransform: null,
      bbox: [s.lon, s.lat, s.lon, s.lat],
      nodata: null,
      scale: 1,
      offset: 0,
      units: s.units,
      timeSteps: null,
      statistics: rasterStatistics(s.values),
      details: {
        network: s.network, station: s.station, lat: s.lat, lon: s.lon, elevation: Number.isNaN(s.elevation) ? null : s.elevation,
        depthFrom: s.depthFrom, depthTo: s.depthTo, sensor: s.sensor, timeCount: s.timeMs.length, firstTime: first, lastTime: last,
        counts: s.counts, flagCounts: s.flagCounts, keptFlags: ["G"],
      },
    };
  },
};
