import { readFileHead } from "../io/readFileHead";
import * as path from "node:path";
import type { LatLonGrid } from "../grid/latLonGrid";
import type { ModisSinusoidalGrid } from "../grid/modisSinusoidalGrid";
import { Hdf4File, isHdf4Signature } from "../io/hdf4/hdf4File";
import { readGeoTiff } from "../io/readGeoTiff";
import { modisExportGrid, parseModisName } from "./modis";
import { modisSdsGrid } from "./modisHdf4";

/** MOD11A2's per-pixel record of which days of its 8-day composite were clear. */
export interface ModisClearSkyDays {
  /** The file's grid (sinusoidal for granules; geographic or sinusoidal for exports). */
  grid: LatLonGrid | ModisSinusoidalGrid;
  /** The raw `Clear_sky_days` byte of each pixel: bit k set = day k of the composite (k = 0 its first day) clear. */
  bits: Uint8Array;
  /** The composite's first day (from the name or the option). */
  start: string | null;
  sources: string[];
}

/**
 * Reads MOD11A2's `Clear_sky_days` layer (uint8 bit field, bit 0 = the composite's first day; 0 = no clear day,
 * which is also the layer's fill): from an LP DAAC HDF4 granule (SDS `Clear_sky_days`) or an AppEEARS GeoTIFF export
 * of that layer (`MOD11A2.061_Clear_sky_days_doyYYYYDDD…tif`).
 *
 * @param file the granule or export
 * @param options composite start `YYYY-MM-DD` (default from the name)
 * @throws Error naming the file: no `Clear_sky_days` SDS (listing the SDS), not uint8, no grid.
 * @example
 * const c = await readModisClearSkyDays("MOD11A2.A2015193.h28v05.061.2021330021306.hdf");
 * clearFlagsForDay(c, "2015-07-14"); // 1 where the 3rd day of the composite was clear, else 0
 */
export async function readModisClearSkyDays(file: string, options: { start?: string | null } = {}): Promise<ModisClearSkyDays> {
  if (options.start != null && !/^\d{4}-\d{2}-\d{2}$/.test(options.start)) throw new RangeError(`readModisClearSkyDays: options.start must be YYYY-MM-DD, got ${JSON.stringify(options.start)}`);
  const head = readFileHead(file, 4);
  const start = options.start ?? parseModisName(file).date;
  if (isHdf4Signature(head)) {
    const f = Hdf4File.open(file);
    const sds = f.sds.find((s) => s.name === "Clear_sky_days");
    if (!sds) throw new Error(`${file}: no Clear_sky_days SDS (MOD11A2's clear-day flags) in this HDF4 file (has: ${f.sds.map((s) => s.name).join(", ")})`);
    if (sds.dataType !== "uint8" || sds.shape.length !== 2) throw new Error(`${file}: SDS 'Clear_sky_days' is ${sds.dataType} ${JSON.stringify(sds.shape)}, expected a uint8 grid`);
    const grid = modisSdsGrid(f, sds);
    return { grid, bits: f.readRaw("Clear_sky_days") as Uint8Array, start, sources: [file] };
  }
  if (!/Clear_sky_days/i.test(path.basename(file))) throw new Error(`${file}: not an HDF4 granule nor a GeoTIFF export of Clear_sky_days (name lacks Clear_sky_days)`);
  const r = await readGeoTiff(file, { applyScale: false });
  if (r.dataType !== "uint8") throw new Error(`${file}: Clear_sky_days export stored as ${r.dataType}, expected uint8`);
  const bits = new Uint8Array(r.values.length);
  for (let i = 0; i < bits.length; i++) bits[i] = r.values[i] === r.values[i] ? r.values[i] : 0; // nodata (0) = no clear day
  return { grid: modisExportGrid(r, file, "MOD11A2 Clear_sky_days"), bits, start, sources: [file] };
}

/**
 * The day's clear-sky flag of each pixel: 1 where the day's bit of `Clear_sky_days` is set, else 0.
 * @throws RangeError naming the day when it lies outside the composite's 8 days, or when the start is unknown.
 */
export function clearFlagsForDay(c: ModisClearSkyDays, day: string): Float32Array {
  if (!c.start) throw new RangeError(`clearFlagsForDay: the composite start of ${c.sources.join(", ")} is unknown`);
  const k = Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${c.start}T00:00:00Z`)) / 86400000);
  if (!(k >= 0 && k < 8)) throw new RangeError(`clearFlagsForDay: day ${day} is not one of the 8 days of the composite starting ${c.start}`);
  const out = new Float32Array(c.bits.length);
  const bit = 1 << k;
  for (let i = 0; i < out.length; i++) out[i] = c.bits[i] & bit ? 1 : 0;
  return out;
}
