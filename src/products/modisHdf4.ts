import { ModisSinusoidalGrid, MODIS_SPHERE_RADIUS } from "../grid/modisSinusoidalGrid";
import { Hdf4File, type Hdf4Sds } from "../io/hdf4/hdf4File";
import { parseHdfEosGrids, hdfEosGeoTransform, gridOfSds } from "../io/hdf4/hdfEosGrid";
import { modisSdsScaling } from "../io/hdf4/decodeModisSds";
import { MODIS_LAYERS, parseModisName, type ModisLayerKind, type ModisRaster, type ReadModisOptions } from "./modis";
import { emptyCounts } from "./productLayer";

/** The SDS of each layer in LP DAAC's HDF4 granules (MOD11A1/A2, MOD13A2 and MOD13A1, MCD12Q1). */
export const MODIS_HDF4_SDS: Record<ModisLayerKind, readonly string[]> = {
  lst: ["LST_Day_1km"],
  ndvi: ["1 km 16 days NDVI", "500m 16 days NDVI"],
  landcover: ["LC_Type1"],
};

/**
 * Reads a MODIS layer from an LP DAAC HDF4-EOS2 granule (`MOD11A2.A2015193.h28v05.061.*.hdf`, MOD13A2, MCD12Q1):
 * the layer's SDS ({@link MODIS_HDF4_SDS}), its sinusoidal grid from `StructMetadata.0`, the fill and valid range
 * of the product (`MODIS_LAYERS`), and the SDS's own scale, which must equal the product's (so a wrong layer or
 * product is refused, never read with the wrong scale). The result is the same {@link ModisRaster} as from a
 * GeoTIFF export, so `modisToLatLon` and the sources take either.
 *
 * @param file the granule
 * @param options kind (default from the product in the name) and composite start date (default from `.AYYYYDDD.`)
 * @throws Error naming the file: not HDF4, no layer SDS (listing the SDS), wrong type or scale, no sinusoidal grid.
 * @example
 * const lst = await readModisHdf4("MOD11A2.A2015193.h28v05.061.2021330021306.hdf");
 * lst.grid; // ModisSinusoidalGrid of tile h28v05, 1200 × 1200
 */
/**
 * The MODIS sinusoidal grid of an SDS of an HDF-EOS2 file: its grid in `StructMetadata.0`, which must be GCTP_SNSOID on
 * the MODIS sphere and match the SDS's 2-D shape.
 * @throws Error naming the file, SDS and grid otherwise.
 */
export function modisSdsGrid(f: Hdf4File, sds: Hdf4Sds): ModisSinusoidalGrid {
  const file = f.file;
  const meta = f.attributes["StructMetadata.0"];
  const grid = typeof meta === "string" ? gridOfSds(parseHdfEosGrids(meta, file), sds.name) : null;
  if (!grid) throw new Error(`${file}: SDS '${sds.name}' belongs to no HDF-EOS2 grid in StructMetadata.0`);
  const radius = grid.projParams[0];
  if (grid.projection !== "GCTP_SNSOID" || Math.abs(radius - MODIS_SPHERE_RADIUS) > 1e-3) {
    throw new Error(`${file}: grid '${grid.name}' is ${grid.projection} (sphere ${radius} m), not the MODIS sinusoidal grid (GCTP_SNSOID, ${MODIS_SPHERE_RADIUS} m)`);
  }
  const [height, width] = sds.shape.slice(-2);
  if (sds.shape.length !== 2 || grid.width !== width || grid.height !== height) throw new Error(`${file}: SDS '${sds.name}' ${JSON.stringify(sds.shape)} does not match grid '${grid.name}' ${grid.height} × ${grid.width}`);
  const gt = hdfEosGeoTransform(grid);
  return new ModisSinusoidalGrid({ west: gt[0], north: gt[3], pixelSize: gt[1], width, height });
}

export async function readModisHdf4(file: string, options: ReadModisOptions = {}): Promise<ModisRaster> {
  if (options.kind !== undefined && options.kind !== null && !(options.kind in MODIS_LAYERS)) throw new RangeError(`readModisHdf4: options.kind must be "lst", "ndvi" or "landcover", got ${JSON.stringify(options.kind)}`);
  if (options.date !== undefined && options.date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(options.date)) throw new RangeError(`readModisHdf4: options.date must be YYYY-MM-DD, got ${JSON.stringify(options.date)}`);
  const f = Hdf4File.open(file);
  const named = parseModisName(file);
  let kind = options.kind ?? named.kind;
  let sds: Hdf4Sds | undefined;
  if (!kind) {
    for (const k of Object.keys(MODIS_HDF4_SDS) as ModisLayerKind[]) {
      sds = f.sds.find((s) => MODIS_HDF4_SDS[k].includes(s.name));
      if (sds) { kind = k; break; }
    }
  } else sds = f.sds.find((s) => MODIS_HDF4_SDS[kind!].includes(s.name));
  if (!kind || !sds) {
    throw new Error(`${file}: no ${kind ? MODIS_LAYERS[kind].label : "MODIS LST, NDVI or land-cover"} SDS (${(kind ? MODIS_HDF4_SDS[kind] : Object.values(MODIS_HDF4_SDS).flat()).join(" / ")}) in this HDF4 file (has: ${f.sds.map((s) => s.name).join(", ")})`);
  }
  const spec = MODIS_LAYERS[kind];
  if (sds.dataType !== spec.rawType) throw new Error(`${file}: SDS '${sds.name}' is ${sds.dataType}, but ${spec.label} is ${spec.rawType}: wrong product or layer?`);
  const raster = modisSdsGrid(f, sds);
  const raw = f.readRaw(sds.name);
  const scaling = modisSdsScaling(sds);
  const declared = kind === "landcover" ? 1 : scaling.scale;
  if (kind !== "landcover" && Math.abs(scaling.scale - spec.scale) > spec.scale * 1e-6) {
    throw new Error(`${file}: SDS '${sds.name}' declares ${scaling.rule}, but ${spec.label} uses × ${spec.scale}: wrong product or layer?`);
  }
  // The product's fill and valid range decide, on the raw values, and the product's scale (equal to the SDS's,
  // checked above) is applied as for GeoTIFF exports, so both give the same values.
  const n = raw.length;
  const values = new Float32Array(n);
  const counts = emptyCounts(n);
  counts.fill = 0; counts.outOfRange = 0;
  for (let i = 0; i < n; i++) {
    const x = raw[i];
    if (x === spec.fill) { values[i] = NaN; counts.fill++; continue; }
    if (x < spec.rawValid[0] || x > spec.rawValid[1]) { values[i] = NaN; counts.outOfRange++; continue; }
    values[i] = kind === "landcover" ? x : x * spec.scale;
    counts.valid++;
  }
  counts.masked = n - counts.valid;
  return {
    kind, grid: raster, values, date: options.date ?? named.date, units: spec.units,
    scaling: kind === "landcover" ? "none" : "file", declaredScale: declared, counts, sources: [file],
  };
}
