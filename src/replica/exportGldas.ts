import * as fs from "node:fs";
import * as path from "node:path";
import { LatLonGrid } from "../grid/latLonGrid";
import { writeNetcdf4, type Netcdf4AttributeValue } from "../io/hdf5/writeNetcdf4";
import { expandFileList } from "../manifests/expandFileList";
import { replicaPath } from "./replicaPath";
import type { ReplicaExportOptions } from "./replicaExportOptions";

/** GLDAS-2.1's global 0.25° grid: 1440 × 600 cells, 59.875 °S – 89.875 °N, stored south to north. */
export const GLDAS_GLOBAL = new LatLonGrid({ west: -180, north: 90, cellSize: 0.25, width: 1440, height: 600 });
const FILL = -9999;
/** GES DISC's time epoch in GLDAS-2.1 granules (`time:units`, leading space included). */
const TIME_UNITS = " minutes since 2000-01-01 03:00:00";
const EPOCH_MS = Date.UTC(2000, 0, 1, 3);

/** Options of {@link exportGldasGranules}: `source` serves `gldas_sm` (m³ m⁻³); `grid` lies on GLDAS's global 0.25° grid; `manifest` is GLDAS-2.1 Noah 0.25° 3-hourly. */
export type ExportGldasOptions = ReplicaExportOptions;

const f32 = (x: number) => new Float32Array([x]);
function variableAttributes(units: string, standard: string, long: string, vmin: number, vmax: number, cell?: string): [string, Netcdf4AttributeValue][] {
  return [
    ["units", units], ["standard_name", standard], ["long_name", long], ...(cell ? [["cell_methods", cell] as [string, string]] : []),
    ["scale_factor", f32(1)], ["add_offset", f32(0)], ["missing_value", f32(FILL)], ["_FillValue", f32(FILL)], ["vmin", f32(vmin)], ["vmax", f32(vmax)],
  ];
}

/**
 * Writes the source's daily `gldas_sm` as GLDAS-2.1 Noah 3-hourly granules, as GES DISC distributes them: one
 * NetCDF-4 file per 3 hours (`GLDAS_NOAH025_3H.AYYYYMMDD.HH00.021.nc4` under the manifest's URL layout), the global
 * grid stored south to north, `SoilMoi0_10cm_inst` in kg m⁻² (m³ m⁻³ × 100 for the 10 cm layer) with −9999 over
 * water and outside the source's grid, the real attributes, and time in minutes since 2000-01-01 03:00 with its
 * bounds. The eight granules of a day carry the day's value, so their daily mean is the source's (to float32
 * rounding).
 *
 * @returns the files written (absolute paths), in date order
 * @throws RangeError naming the option: a grid not on GLDAS's 0.25° lattice, bad dates; the source's errors.
 * @example
 * await exportGldasGranules({ source: twin, grid: twin.coarseGrid, manifest, outDir: "replica", from: "2015-05-01", to: "2015-05-02" });
 */
export async function exportGldasGranules(options: ExportGldasOptions): Promise<string[]> {
  const { source, grid, manifest, outDir, from, to } = options;
  const col0 = (grid.west - GLDAS_GLOBAL.west) / 0.25, row0 = (GLDAS_GLOBAL.north - grid.north) / 0.25;
  if (grid.cellSize !== 0.25 || !Number.isInteger(col0) || !Number.isInteger(row0) || row0 < 0 || row0 + grid.height > 600 || col0 < 0 || col0 + grid.width > 1440) {
    throw new RangeError(`exportGldasGranules: options.grid ${grid.key()} must be a 0.25° grid on GLDAS's global lattice within 60 °S–90 °N`);
  }
  const files = expandFileList(manifest, { from, to });
  const lat = Float32Array.from({ length: 600 }, (_, i) => -59.875 + 0.25 * i);
  const lon = Float32Array.from({ length: 1440 }, (_, i) => -179.875 + 0.25 * i);
  const written: string[] = [];
  let day = "";
  let plane = new Float32Array(0);
  for (const f of files) {
    if (f.date !== day) {
      day = f.date as string;
      const layer = await source.getLayer({ variable: "gldas_sm", grid, date: day });
      plane = new Float32Array(600 * 1440).fill(FILL);
      for (let r = 0; r < grid.height; r++) {
        const southUpRow = 599 - (row0 + r);
        for (let c = 0; c < grid.width; c++) {
          const v = layer.values[r * grid.width + c];
          if (v === v) plane[southUpRow * 1440 + col0 + c] = v * 100;
        }
      }
    }
    const hour = Number(/\.(\d\d)00\.021\.nc4$/.exec(f.name)?.[1]);
    if (!Number.isInteger(hour)) throw new Error(`exportGldasGranules: cannot read the hour of ${f.name} (manifest ${manifest.id})`);
    const t = (Date.parse(`${day}T00:00:00Z`) + hour * 3600_000 - EPOCH_MS) / 60_000;
    let vmin = Infinity, vmax = -Infinity;
    for (const v of plane) if (v !== FILL) { if (v < vmin) vmin = v; if (v > vmax) vmax = v; }
    const file = replicaPath(outDir, f.url);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await writeNetcdf4(file, {
      dimensions: [["time", 1, true], ["lat", 600], ["lon", 1440], ["bnds", 2]],
      variables: [
        { name: "SoilMoi0_10cm_inst", dimensions: ["time", "lat", "lon"], data: plane, deflate: 4, chunks: [1, 600, 1440], attributes: variableAttributes("kg m-2", "soil_moisture_content", "Soil moisture", vmin === Infinity ? FILL : vmin, vmax === -Infinity ? FILL : vmax, "time: point") },
        { name: "lat", dimensions: ["lat"], data: lat, deflate: 4, attributes: variableAttributes("degrees_north", "latitude", "latitude", -59.875, 89.875) },
        { name: "lon", dimensions: ["lon"], data: lon, deflate: 4, attributes: variableAttributes("degrees_east", "longitude", "longitude", -179.875, 179.875) },
        { name: "time", dimensions: ["time"], data: new Float64Array([t]), attributes: [["units", TIME_UNITS], ["long_name", "time"], ["time_increment", "180"], ["begin_date", day.replace(/-/g, "")], ["begin_time", `${String(hour).padStart(2, "0")}0000`], ["bounds", "time_bnds"]] },
        { name: "time_bnds", dimensions: ["time", "bnds"], data: new Float64Array([t - 180, t]) },
      ],
      attributes: [
        ["missing_value", f32(FILL)], ["tavg definision:", "past 3-hour average"], ["acc definision:", "past 3-hour accumulation"], ["inst definision:", "instantaneous"],
        ["title", "GLDAS2.1 LIS land surface model output"], ["institution", "NASA GSFC"], ["source", "Noah_v3.3"],
        ["history", `sm-downscale replica of the synthetic twin (not NASA data), created ${day}`],
        ["references", "Rodell_etal_BAMS_2004, Kumar_etal_EMS_2006, Peters-Lidard_etal_ISSE_2007"], ["conventions", "CF-1.6"],
        ["comment", "website: http://ldas.gsfc.nasa.gov/gldas, http://lis.gsfc.nasa.gov/"], ["MAP_PROJECTION", "EQUIDISTANT CYLINDRICAL"],
        ["SOUTH_WEST_CORNER_LAT", f32(-59.875)], ["SOUTH_WEST_CORNER_LON", f32(-179.875)], ["DX", f32(0.25)], ["DY", f32(0.25)],
      ],
    });
    written.push(file);
  }
  return written;
}
