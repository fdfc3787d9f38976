import type { RasterInfo, RasterInfoHandler } from "../rasterInfo";
import { rasterStatistics } from "../rasterStatistics";
import { Hdf5File, type Hdf5VariableInfo } from "./hdf5File";
import { parseCfTimeUnits, cfTimeToDate } from "./cfTime";
import { decodeCf, type AttributeValue } from "./cfDecode";

const LAT_NAMES = ["lat", "latitude", "Latitude", "LATITUDE", "y"];
const LON_NAMES = ["lon", "longitude", "Longitude", "LONGITUDE", "x"];

function firstNumber(v: AttributeValue | undefined): number | null {
  if (typeof v === "number") return v;
  if (Array.isArray(v) && typeof v[0] === "number") return v[0] as number;
  return null;
}

/** Regular 1-D axis → [first centre, step], or null. */
function regularAxis(a: ArrayLike<number>): [number, number] | null {
  if (a.length < 2) return null;
  const d = (a[a.length - 1] - a[0]) / (a.length - 1);
  for (let i = 1; i < a.length; i++) if (Math.abs(a[i] - a[i - 1] - d) > Math.max(1e-4, Math.abs(d) * 1e-3)) return null;
  return [a[0], d];
}

/** Main variables of the study's products, preferred as the default `--var`. */
const PREFERRED = ["SoilMoi0_10cm_inst", "soil_moisture", "soil_moisture_c1", "sm", "Geophysical Data"];

/** The main variable: a known product variable, else the first with the highest rank that is not a coordinate or bounds variable. */
function mainVariable(infos: Hdf5VariableInfo[]): Hdf5VariableInfo | undefined {
  for (const name of PREFERRED) {
    const hit = infos.find((v) => v.name === name);
    if (hit) return hit;
  }
  const data = infos.filter((v) => !(v.shape.length === 1 && v.dimensions[0] === v.name) && !/_bnds$|_bounds$/.test(v.name) && !/^S|^A|vlen|string/i.test(v.dtype));
  let best: Hdf5VariableInfo | undefined;
  for (const v of data) if (!best || v.shape.length > best.shape.length) best = v;
  return best ?? infos[0];
}

/**
 * `raster-info` handler for NetCDF-4 / HDF5 files (GLDAS, LPRM, JAXA AMSR2, ASCAT swaths and cells, …).
 * Variables are the datasets (`--var` takes a name or a path); the default is the product's soil-moisture
 * variable when present, else the first variable of the highest rank that is not a coordinate. Values are CF-decoded (fill, missing, valid range → NaN; scale and
 * offset applied). A variable with 1-D latitude/longitude coordinates (any order, transposed or not) gets
 * EPSG:4326, a geotransform and a bounding box; JAXA "Geophysical Data" gets the documented global 0–360° grid.
 */
export const hdf5InfoHandler: RasterInfoHandler = {
  name: "netcdf4/hdf5",
  detect: (head) => head.length >= 8 && head[0] === 0x89 && head[1] === 0x48 && head[2] === 0x44 && head[3] === 0x46 && head[4] === 0x0d && head[5] === 0x0a && head[6] === 0x1a && head[7] === 0x0a,
  async describe(file, { variable }): Promise<RasterInfo> {
    const f = await Hdf5File.open(file);
    try {
      const infos = f.variablePaths().map((p) => f.info(p));
      let v: Hdf5VariableInfo | undefined;
      if (variable !== undefined) {
        v = infos.find((x) => x.name === variable || x.path === variable || x.path === `/${variable}`);
        if (!v) throw new Error(`${file}: no variable '${variable}' (has: ${infos.map((x) => x.path.replace(/^\//, "")).join(", ")})`);
      } else v = mainVariable(infos);
      if (!v) throw new Error(`${file}: no variables`);
      // JAXA AMSR2 L3: "SCALE FACTOR" (not CF) and negative = missing
      const jaxaScale = firstNumber(v.attributes["SCALE FACTOR"]);
      const decoded = jaxaScale !== null
        ? (() => {
          const raw = f.readRaw(v.path);
          const d = decodeCf(raw, { scale_factor: jaxaScale, valid_min: 0 }, v.dtype, { output: "float64", maskDefaultFill: false });
          return { values: d.values, counts: d.counts, scale: d.scale, offset: d.offset };
        })()
        : f.read(v.path, { output: "float64" });
      const dims = v.dimensions;
      const byName = (names: string[]) => infos.find((x) => names.includes(x.name) && x.shape.length === 1 && dims.includes(x.name));
      const latVar = byName(LAT_NAMES), lonVar = byName(LON_NAMES);
      let width: number | null = v.shape.length >= 2 ? v.shape[v.shape.length - 1] : v.shape[0] ?? null;
      let height: number | null = v.shape.length >= 2 ? v.shape[v.shape.length - 2] : 1;
      let crs: string | null = null;
      let geoTransform: number[] | null = null;
      let bbox: number[] | null = null;
      const notes: Record<string, unknown> = {};
      if (latVar && lonVar && v.shape.length >= 2) {
        const lat = f.read(latVar.path, { output: "float64", maskDefaultFill: false }).values;
        const lon = f.read(lonVar.path, { output: "float64", maskDefaultFill: false }).values;
        const la = regularAxis(lat), lo = regularAxis(lon);
        width = lon.length; height = lat.length;
        if (la && lo) {
          const dLat = Math.abs(la[1]), north = Math.max(lat[0], lat[lat.length - 1]) + dLat / 2;
          crs = "EPSG:4326";
          geoTransform = [lon[0] - lo[1] / 2, lo[1], 0, north, 0, -dLat];
          bbox = [lon[0] - lo[1] / 2, north - dLat * lat.length, lon[0] - lo[1] / 2 + lo[1] * lon.length, north];
          notes.latitudeOrder = la[1] > 0 ? "south to north (flipped by the readers)" : "north to south";
          notes.storageOrder = dims.indexOf(lonVar.name) < dims.indexOf(latVar.name) ? "longitude-major (transposed)" : "latitude-major";
        }
      } else if (v.name === "Geophysical Data" && v.shape.length >= 2 && v.shape[1] === 2 * v.shape[0]) {
        const cell = 180 / v.shape[0];
        crs = "EPSG:4326";
        geoTransform = [0, cell, 0, 90, 0, -cell];
        bbox = [0, -90, 360, 90];
        notes.grid = "JAXA L3 global grid, columns 0–360° E (the AMSR2 reader shifts it to −180…180)";
      }
      let timeSteps: string[] | null = null;
      const timeVar = infos.find((x) => x.name === "time" && x.shape.length === 1 && dims.includes("time"));
      if (timeVar) {
        try {
          const t = f.read(timeVar.path, { output: "float64", maskDefaultFill: false });
          const u = parseCfTimeUnits(String(t.attributes.units ?? ""));
          timeSteps = Array.from(t.values, (x) => cfTimeToDate(x, u).toISOString());
        } catch { timeSteps = null; }
      }
      const a = v.attributes;
      const fill: number | string | null = firstNumber(a._FillValue) ?? firstNumber(a.missing_value) ?? (jaxaScale !== null ? "negative" : null);
      const units = typeof a.units === "string" ? a.units : typeof a.UNIT === "string" ? a.UNIT : null;
      return {
        file,
        format: "NetCDF4/HDF5",
        variables: infos.map((x) => ({ name: x.path.replace(/^\//, ""), dataType: x.dtype, shape: x.shape, units: typeof x.attributes.units === "string" ? x.attributes.units : null })),
        variable: v.path.replace(/^\//, ""),
        width,
        height,
        dataType: v.dtype,
        crs,
        geoTransform,
        bbox,
        nodata: fill,
        scale: decoded.scale,
        offset: decoded.offset,
        units,
        timeSteps,
        statistics: rasterStatistics(decoded.values),
        details: { dimensions: dims, shape: v.shape, bigEndian: v.bigEndian, counts: decoded.counts, superblockVersion: f.container.superblockVersion, ...notes },
      };
    } finally {
      f.close();
    }
  },
};
