import * as fs from "node:fs";
import * as path from "node:path";
import { writeNetcdf4, type Netcdf4AttributeValue, type Netcdf4Variable } from "../io/hdf5/writeNetcdf4";
import { expandFileList } from "../manifests/expandFileList";
import { replicaPath } from "./replicaPath";
import type { ReplicaExportOptions } from "./replicaExportOptions";

const MISSING = 127;
/** `time:units` epoch of the H SAF CDR (1900-01-01 00:00 UTC). */
const EPOCH_MS = Date.UTC(1900, 0, 1);
const DAY_MS = 86400000;
/** UTC hour of the replica's one observation a day (Metop's 09:30 local descending pass over 127 °E ≈ 01:00 UTC). */
export const ASCAT_REPLICA_HOUR = 1;

/** Options of {@link exportAscat}: `source` serves `ascat_sm` (fraction of saturation); `grid` is 0.25° (one CDR location at each cell centre); `manifest` is the H SAF CDR (`{product}_{cell}.nc`, cells in `files.expand.cell`); `from`–`to` is the record a cell file holds. */
export type ExportAscatOptions = ReplicaExportOptions;

/** The 5° cell number of H SAF's WARP grid: `36 · floor((lon + 180)/5) + floor((lat + 90)/5)`. */
export function hsafCell(lon: number, lat: number): number {
  return 36 * Math.floor((lon + 180) / 5) + Math.floor((lat + 90) / 5);
}

/** The 5° box (degrees) of an H SAF WARP cell number, the inverse of {@link hsafCell}. */
export function hsafCellBox(cell: number): { west: number; south: number; east: number; north: number } {
  const west = -180 + 5 * Math.floor(cell / 36), south = -90 + 5 * (cell % 36);
  return { west, south, east: west + 5, north: south + 5 };
}

const i8 = (...x: number[]) => Int8Array.from(x);
const flag = (long: string, name: string, meanings: string): [string, Netcdf4AttributeValue][] => [
  ["long_name", long], ["name", name], ["flag_meanings", meanings], ["flag_masks", i8(1, 2, 4, 8, 16, 32, 64)], ["coordinates", "time lat lon"], ["valid_range", i8(0, 127)],
];
const coded = (name: string, meanings: string, range: [number, number], long: string, values: number[]): [string, Netcdf4AttributeValue][] => [
  ["name", name], ["flag_meanings", meanings], ["coordinates", "time lat lon"], ["valid_range", i8(...range)], ["long_name", long], ["flag_values", i8(...values)], ["missing_value", i8(MISSING)],
];

/**
 * Writes the source's daily `ascat_sm` as H SAF ASCAT SSM CDR cell files, as H SAF distributes them (H111 layout):
 * one NetCDF-4 file per 5° cell (`<product>_<cell>.nc` at the manifest's URL path) that the manifest lists and the
 * grid overlaps, a CF contiguous ragged array (`row_size(locations)` int64 with `sample_dimension = "obs"`, the
 * `obs` dimension unlimited) with the real sample's variables, types and attributes. Each 0.25° cell of the grid
 * is one location at its centre with one observation a day at {@link ASCAT_REPLICA_HOUR} UTC; `sm` is int8
 * % saturation (`round(100 × fraction)`, missing 127), days without a value are not stored; flags are 0 (no
 * correction), `sat_id` 3 (Metop-A), `ssf` 1 (unfrozen), `dir` 1 (descending), `sm_noise` missing. The day's
 * mean of a location's observations is the source's value to the 0.5 % rounding. Storage is DEFLATE 4 without
 * shuffle (h5wasm offers one filter), `location_description` contiguous.
 *
 * @returns the files written (absolute paths), in the manifest's cell order
 * @throws RangeError naming the option: a grid that is not 0.25°, a manifest that is not the H SAF CDR, bad dates,
 *   a grid that no listed cell covers; the source's errors.
 * @example
 * await exportAscat({ source: twin, grid: twin.coarseGrid, manifest: loadProductManifest("data-manifests/hsaf-ascat-cdr.json"), outDir: "replica", from: "2015-05-01", to: "2015-05-31" });
 */
export async function exportAscat(options: ExportAscatOptions): Promise<string[]> {
  const { source, grid, manifest, outDir, from, to } = options;
  if (grid.cellSize !== 0.25) throw new RangeError(`exportAscat: options.grid ${grid.key()} must be a 0.25° grid`);
  if (!/\{product\}_\{cell\}\.nc$/.test(manifest.files.urlTemplate)) throw new RangeError(`exportAscat: options.manifest ${manifest.id} is not the H SAF CDR cell product (URL template ${manifest.files.urlTemplate})`);
  const t0 = Date.parse(`${from}T00:00:00Z`), t1 = Date.parse(`${to}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !(t0 === t0)) throw new RangeError(`exportAscat: options.from must be YYYY-MM-DD, got ${JSON.stringify(from)}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(to) || !(t1 >= t0)) throw new RangeError(`exportAscat: options.to must be a YYYY-MM-DD on or after from, got ${JSON.stringify(to)}`);
  const days: string[] = [];
  for (let t = t0; t <= t1; t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  // grid cells per 5° cell
  const byCell = new Map<number, number[]>();
  for (let r = 0; r < grid.height; r++) for (let c = 0; c < grid.width; c++) {
    const lon = grid.west + (c + 0.5) * 0.25, lat = grid.north - (r + 0.5) * 0.25;
    const cell = hsafCell(lon, lat);
    if (!byCell.has(cell)) byCell.set(cell, []);
    byCell.get(cell)!.push(r * grid.width + c);
  }
  const files = expandFileList(manifest, {}).filter((f) => byCell.has(Number(/_(\d+)\.nc$/.exec(f.name)?.[1])));
  if (!files.length) throw new RangeError(`exportAscat: options.grid ${grid.key()} lies in cells ${[...byCell.keys()].join(", ")}, none of which manifest ${manifest.id} lists`);
  const series: Float32Array[] = [];
  for (const d of days) series.push((await source.getLayer({ variable: "ascat_sm", grid, date: d })).values);
  const written: string[] = [];
  for (const f of files) {
    const cell = Number(/_(\d+)\.nc$/.exec(f.name)![1]);
    const product = /^([A-Za-z]\w*?)_\d+\.nc$/.exec(f.name)?.[1] ?? "H111";
    const idx = byCell.get(cell)!;
    const rowSize: bigint[] = [], time: number[] = [], sm: number[] = [];
    for (const k of idx) {
      let n = 0;
      days.forEach((d, j) => {
        const v = series[j][k];
        if (v !== v) return;
        sm.push(Math.max(0, Math.min(100, Math.round(v * 100))));
        time.push((Date.parse(`${d}T00:00:00Z`) + ASCAT_REPLICA_HOUR * 3600000 - EPOCH_MS) / DAY_MS);
        n++;
      });
      rowSize.push(BigInt(n));
    }
    const nObs = sm.length;
    if (nObs === 0) continue; // a cell with no observation in the period: H SAF writes no file over open sea
    const nLoc = idx.length;
    const lon = Float32Array.from(idx, (k) => grid.west + ((k % grid.width) + 0.5) * 0.25);
    const lat = Float32Array.from(idx, (k) => grid.north - (Math.floor(k / grid.width) + 0.5) * 0.25);
    const obs = (x: number) => new Int8Array(nObs).fill(x);
    const chunkObs = [Math.min(nObs, 524288)];
    const v = (name: string, data: Netcdf4Variable["data"], attributes: [string, Netcdf4AttributeValue][], dims: string[]): Netcdf4Variable =>
      ({ name, dimensions: dims, data, attributes, ...(Array.isArray(data) ? {} : { deflate: 4, chunks: dims[0] === "obs" ? chunkObs : [nLoc] }) });
    const variables: Netcdf4Variable[] = [
      v("row_size", BigInt64Array.from(rowSize), [["long_name", "number of observations at this location"], ["sample_dimension", "obs"]], ["locations"]),
      v("lon", lon, [["units", "degrees_east"], ["long_name", "location longitude"], ["standard_name", "longitude"], ["valid_range", Float64Array.from([-180, 180])]], ["locations"]),
      v("lat", lat, [["units", "degrees_north"], ["long_name", "location latitude"], ["standard_name", "latitude"], ["valid_range", Float64Array.from([-90, 90])]], ["locations"]),
      v("alt", new Float32Array(nLoc), [["units", "m"], ["long_name", "vertical distance above the surface"], ["standard_name", "height"], ["axis", "Z"], ["positive", "up"]], ["locations"]),
      v("location_id", BigInt64Array.from(idx, (k) => BigInt(cell * 100000 + k)), [], ["locations"]),
      v("location_description", idx.map(() => ""), [], ["locations"]),
      v("time", Float64Array.from(time), [["units", "days since 1900-01-01 00:00:00"], ["long_name", "time of measurement"], ["standard_name", "time"]], ["obs"]),
      v("proc_flag", obs(0), flag("processing flag", "proc_flag", "soil_moisture_set_to_nan_it_was_below_-25 soil_moisture_set_to_nan_it_was_above_125 soil_moisture_set_to_nan_backscatter_not_usable reserved_for_future_use reserved_for_future_use reserved_for_future_use reserved_for_future_use"), ["obs"]),
      v("conf_flag", obs(0), flag("confidence flag", "conf_flag", "bad_surface_state_flag topographic_complexity_above_50perc wetland_above_50perc soil_moisture_noise_above_50perc sensitivity_to_soil_moisture_below_1dB reserved_for_future_use reserved_for_future_use"), ["obs"]),
      v("corr_flag", obs(0), flag("correction flag", "corr_flag", "soil_moisture_set_to_0_it_was_between_0_and_-25 soil_moisture_set_to_100_it_was_between_100_and_125 wet_correction_applied reserved_for_future_use reserved_for_future_use reserved_for_future_use reserved_for_future_use"), ["obs"]),
      v("sm", Int8Array.from(sm), [["long_name", "soil moisture"], ["name", "sm"], ["units", "degree of saturation (%)"], ["missing_value", i8(MISSING)], ["coordinates", "time lat lon alt"], ["valid_range", i8(0, 100)]], ["obs"]),
      v("sat_id", obs(3), coded("sat_id", "ers-1, ers-2, metop-a, metop-b, metop-c", [1, 5], "satellite id", [1, 2, 3, 4, 5]), ["obs"]),
      v("ssf", obs(1), coded("ssf", "unknown unfrozen frozen_temporary melting_water_on_the_surface permanent_ice", [0, 4], "surface state flag", [0, 1, 2, 3, 4]), ["obs"]),
      v("dir", obs(1), coded("dir", "ascending descending", [0, 1], "orbit direction", [0, 1]), ["obs"]),
      v("sm_noise", obs(MISSING), [["long_name", "soil moisture noise"], ["name", "sm_noise"], ["units", "degree of saturation (%)"], ["missing_value", i8(MISSING)], ["coordinates", "time lat lon alt"], ["valid_range", i8(0, 100)]], ["obs"]),
    ];
    const file = replicaPath(outDir, f.url);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await writeNetcdf4(file, {
      dimensions: [["locations", nLoc], ["obs", nObs, true]],
      variables,
      attributes: [
        ["featureType", "timeSeries"], ["keywords_vocabulary", "NASA Global Change Master Directory (GCMD) Science Keywords"],
        ["creater_email", "none (sm-downscale replica)"], ["cov_duration", `${days.length} days`],
        ["creater_name", "sm-downscale replica of the synthetic twin (not H SAF data)"], ["cdm_data_type", "Time Series"],
        ["references", "Wagner, W., Lemoine, G. and Rott, H. (1999), Remote Sens. Environ., 70, 191-207 (the method the real product uses)"],
        ["id", `${cell}.nc`], ["cov_start", `${from} 00:00:00`], ["created_with_software", "sm-downscale replica export"],
        ["uuid", `00000000-0000-0000-0000-${String(cell).padStart(12, "0")}`],
        ["title", `${product} Metop ASCAT soil moisture time series (sm-downscale replica of the synthetic twin)`],
        ["cov_end", `${to} 23:59:59`], ["institution", "none (synthetic twin)"], ["platform", "Metop-A"], ["version", product],
        ["date_created", `${to} 00:00:00`], ["creater_url", "none"], ["software", "sm-downscale"],
      ],
    });
    written.push(file);
  }
  return written;
}
