import * as fs from "node:fs";
import * as path from "node:path";
import { LatLonGrid } from "../grid/latLonGrid";
import { writeNetcdf4, type Netcdf4AttributeValue, type Netcdf4Variable } from "../io/hdf5/writeNetcdf4";
import { expandFileList } from "../manifests/expandFileList";
import { replicaPath } from "./replicaPath";
import type { ReplicaExportOptions } from "./replicaExportOptions";

/** LPRM AMSR2 L3's global 0.25° grid: 1440 × 720 cells, row 0 at 89.875 °N (stored transposed, (Longitude, Latitude)). */
export const LPRM_GLOBAL = new LatLonGrid({ west: -180, north: 90, cellSize: 0.25, width: 1440, height: 720 });
const NX = 1440, NY = 720;
const FILL = -32767;
/**
 * The `hhmmss` stamp after the date in replica file names (`…_V001_YYYYMMDD<stamp>.nc4`), and the hour of the
 * pass's `scantime`: about 01:30 (descending) and 13:30 (ascending) UTC. Real names carry a stamp the fetcher
 * resolves by listing the directory, so any six digits are read the same way.
 */
export const LPRM_STAMP: Readonly<Record<"A" | "D", string>> = { A: "133000", D: "013000" };
/** `scantime:units` epoch (1993-01-01 00:00 UTC). */
const SCAN_EPOCH_MS = Date.UTC(1993, 0, 1);

/** Options of {@link exportAmsr2}: `source` serves `amsr2_sm` (fraction); `grid` lies on LPRM's global 0.25° lattice; `manifest` is LPRM AMSR2 L3 (`amsr2-lprm-l3`, its `pass` expansion gives the files). */
export type ExportAmsr2Options = ReplicaExportOptions;

const f32 = (x: number) => new Float32Array([x]);
const i16 = (x: number) => new Int16Array([x]);

/** The per-variable attributes of the real granule (GES DISC LPRM_AMSR2_D_SOILM3 v001), in its order. */
function lprmVariable(name: string, long: string, units: string | null, scale: number | null, fill: number | null): { name: string; attributes: [string, Netcdf4AttributeValue][] } {
  const a: [string, Netcdf4AttributeValue][] = [["long_name", long]];
  if (units !== null) a.push(["units", units]);
  a.push(["coordinates", "Longitude Latitude"]);
  if (fill !== null) a.push(["_FillValue", name === "scantime" ? new Float64Array([fill]) : i16(fill)]);
  if (scale !== null) a.push(["scale_factor", f32(scale)], ["add_offset", f32(0)]);
  return { name, attributes: a };
}

const SHORT_VARIABLES = [
  lprmVariable("ts", "Skin Temperature (2mm)", "Kelvin", 0.1, FILL),
  lprmVariable("soil_moisture_c1", "Volumetric Soil Moisture from 6.9 GHZ", "percent", 1, FILL),
  lprmVariable("opt_depth_c1", "Optical Depth from 6.9 GHz", null, 0.01, FILL),
  lprmVariable("soil_moisture_c2", "Volumetric Soil Moisture from 7.3 GHz", "percent", 1, FILL),
  lprmVariable("opt_depth_c2", "Optical Depth from 7.3 GHz", null, 0.01, FILL),
  lprmVariable("soil_moisture_x", "Volumetric Soil Moisture from 10.7 GHz", "percent", 1, FILL),
  lprmVariable("opt_depth_x", "Optical Depth from 10.7 GHz", null, 0.01, FILL),
  lprmVariable("mask", "Bit Mask", null, null, null),
  lprmVariable("soil_moisture_c1_error", "Uncertainty of Soil Moisture in 6.9 GHz", "percent", 0.01, FILL),
  lprmVariable("soil_moisture_c2_error", "Uncertainty of Soil Moisture in 7.3 GHz", "percent", 0.01, FILL),
  lprmVariable("soil_moisture_x_error", "Uncertainty of Soil Moisture in 10.7 GHz", "percent", 0.01, FILL),
  lprmVariable("frequency_map", "Frequency map", "GHz", 0.1, -1),
];

/**
 * Writes the source's daily `amsr2_sm` as LPRM AMSR2 L3 daily granules, as GES DISC distributes them
 * (`LPRM_AMSR2_A|D_SOILM3` v001): one NetCDF-4 file per day and pass (`LPRM-AMSR2_L3_<pass>_SOILM3_V001_YYYYMMDD<stamp>.nc4`
 * under the manifest's URL layout, stamp {@link LPRM_STAMP}), the real granule's variables, attributes and types,
 * every 2-D variable stored **(Longitude, Latitude)** (transposed) with Latitude from 89.875 °N down, one chunk,
 * DEFLATE 2 without shuffle. `soil_moisture_c1` (the variable the manifest serves) holds the source's value in
 * integer percent (`round(100 × fraction)`, int16, scale 1); both passes carry the day's value, so their mean is
 * the source's to the 0.5 % rounding. `scantime` is the pass time over those cells; every other variable (other
 * bands, errors, optical depths, skin temperature, frequency map) is fill, and `mask` is 0. Cells outside the
 * source's grid and NaN cells are −32767.
 *
 * @returns the files written (absolute paths), in date and pass order
 * @throws RangeError naming the option: a grid not on the 0.25° global lattice, a manifest without the LPRM
 *   URL layout, bad dates (from expandFileList); the source's errors.
 * @example
 * await exportAmsr2({ source: twin, grid: twin.coarseGrid, manifest: loadProductManifest("data-manifests/amsr2-lprm-l3.json"), outDir: "replica", from: "2015-05-01", to: "2015-05-02" });
 */
export async function exportAmsr2(options: ExportAmsr2Options): Promise<string[]> {
  const { source, grid, manifest, outDir, from, to } = options;
  const col0 = (grid.west - LPRM_GLOBAL.west) / 0.25, row0 = (LPRM_GLOBAL.north - grid.north) / 0.25;
  if (grid.cellSize !== 0.25 || !Number.isInteger(col0) || !Number.isInteger(row0) || row0 < 0 || row0 + grid.height > NY || col0 < 0 || col0 + grid.width > NX) {
    throw new RangeError(`exportAmsr2: options.grid ${grid.key()} must be a 0.25° grid on the global 0.25° lattice`);
  }
  if (!/LPRM-AMSR2_L3_\{pass\}_SOILM3_V\d+_\{yyyymmdd\}\{\*\}\.nc4$/.test(manifest.files.urlTemplate)) {
    throw new RangeError(`exportAmsr2: options.manifest ${manifest.id} is not the LPRM AMSR2 L3 product (URL template ${manifest.files.urlTemplate})`);
  }
  const lat = Float32Array.from({ length: NY }, (_, j) => 89.875 - 0.25 * j);
  const lon = Float32Array.from({ length: NX }, (_, i) => -179.875 + 0.25 * i);
  const written: string[] = [];
  let day = "";
  let sm = new Int16Array(0);
  for (const f of expandFileList(manifest, { from, to })) {
    const pass = /LPRM-AMSR2_L3_([AD])_/.exec(f.name)?.[1] as "A" | "D" | undefined;
    if (!pass || !f.date) throw new Error(`exportAmsr2: ${f.name} names no pass or date (manifest ${manifest.id})`);
    if (f.date !== day) {
      day = f.date;
      const layer = await source.getLayer({ variable: "amsr2_sm", grid, date: day });
      sm = new Int16Array(NX * NY).fill(FILL);
      for (let r = 0; r < grid.height; r++) {
        for (let c = 0; c < grid.width; c++) {
          const v = layer.values[r * grid.width + c];
          if (v === v) sm[(col0 + c) * NY + row0 + r] = Math.max(0, Math.min(100, Math.round(v * 100)));
        }
      }
    }
    const stamp = LPRM_STAMP[pass];
    const scanSeconds = (Date.parse(`${day}T${stamp.slice(0, 2)}:${stamp.slice(2, 4)}:${stamp.slice(4)}Z`) - SCAN_EPOCH_MS) / 1000;
    const scantime = new Float64Array(NX * NY);
    for (let i = 0; i < sm.length; i++) if (sm[i] !== FILL) scantime[i] = scanSeconds;
    const fillPlane = new Int16Array(NX * NY).fill(FILL);
    const variables: Netcdf4Variable[] = [
      { name: "Latitude", dimensions: ["Latitude"], data: lat, deflate: 2, chunks: [NY], attributes: [["units", "degrees_north"], ["scale_factor", f32(1)], ["add_offset", f32(0)], ["long_name", "Latitude"], ["_CoordinateAxisType", "Lat"]] },
      { name: "Longitude", dimensions: ["Longitude"], data: lon, deflate: 2, chunks: [NX], attributes: [["units", "degrees_east"], ["scale_factor", f32(1)], ["add_offset", f32(0)], ["long_name", "Longitude"], ["_CoordinateAxisType", "Lon"]] },
      ...SHORT_VARIABLES.map((v): Netcdf4Variable => ({
        name: v.name, dimensions: ["Longitude", "Latitude"], deflate: 2, chunks: [NX, NY], attributes: v.attributes,
        data: v.name === "soil_moisture_c1" ? sm : v.name === "mask" ? new Int16Array(NX * NY) : v.name === "frequency_map" ? new Int16Array(NX * NY).fill(-1) : fillPlane,
      })),
      { name: "scantime", dimensions: ["Longitude", "Latitude"], data: scantime, deflate: 2, chunks: [NX / 2, NY / 2], attributes: lprmVariable("scantime", "Scan time", "seconds since 1993-01-01 00:00:00", null, 0).attributes },
    ];
    const file = replicaPath(outDir, f.url.replace("*", stamp));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await writeNetcdf4(file, { dimensions: [["Longitude", NX], ["Latitude", NY]], variables, attributes: [["Conventions", "CF-1.0"], ["_nc3_strict", new Int32Array([1])]] });
    written.push(file);
  }
  return written;
}
