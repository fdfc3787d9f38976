import * as fs from "node:fs";
import * as path from "node:path";
import type { LatLonGrid } from "../grid/latLonGrid";
import { ModisSinusoidalGrid, MODIS_SPHERE_RADIUS, type ModisResolution } from "../grid/modisSinusoidalGrid";
import { writeHdf4, type Hdf4SdsInput } from "../io/hdf4/writeHdf4";
import { formatHdfEosGrids } from "../io/hdf4/hdfEosGrid";
import type { ProductManifest } from "../manifests/productManifest";
import { expandFileList } from "../manifests/expandFileList";
import type { LayerSource } from "../sources/layerSource";
import { gridIndexMap } from "../grid/gridIndexMap";
import { replicaPath } from "./replicaPath";

/** The MODIS products the replica writes, with LP DAAC's grid names and resolutions. */
const PRODUCTS = {
  MOD11A2: { grid: "MODIS_Grid_8Day_1km_LST", resolution: "1km" as ModisResolution, days: 8 },
  MOD13A2: { grid: "MODIS_Grid_16DAY_1km_VI", resolution: "1km" as ModisResolution, days: 16 },
  MCD12Q1: { grid: "MCD12Q1", resolution: "500m" as ModisResolution, days: 0 },
} as const;
type ModisProduct = keyof typeof PRODUCTS;

/** The 0.25° cells the sampling reads clear-sky fractions on. */
const COARSE_CELL = 0.25;

/** The production time stamp in replica file names (real names carry the processing date; any 13 digits list the same way). */
export const REPLICA_PRODUCTION = "2022001000000";

/** A source with the clear-sky layer MOD11A2's `Clear_sky_days` is made from (the twin). */
interface ClearSkySource extends LayerSource {
  clearSky(grid: LatLonGrid, date: string): { values: Float32Array } | Promise<{ values: Float32Array }>;
}

/** Options of {@link exportModisGranules}. */
export interface ExportModisOptions {
  /** The data: `lst`, `ndvi`, `landcover` on `grid`, and `clearSky` for MOD11A2. */
  source: ClearSkySource;
  /** The source's grid (0.01°; for the replica the whole 0.25° domain, `TwinExportSource`). Tile pixels outside it are fill. */
  grid: LatLonGrid;
  /** The product manifest (mod11a2, mod13a2 or mcd12q1): its URL template and tiles give the files. */
  manifest: ProductManifest;
  outDir: string;
  from: string;
  to: string;
}

/** For each pixel of a sinusoidal tile, the index of the lat/lon cell containing its centre, or −1. */
function tileToGrid(tile: ModisSinusoidalGrid, grid: LatLonGrid): Int32Array {
  const map = new Int32Array(tile.width * tile.height).fill(-1);
  const R = MODIS_SPHERE_RADIUS, deg = 180 / Math.PI;
  for (let r = 0; r < tile.height; r++) {
    const y = tile.north - (r + 0.5) * tile.pixelSize;
    const lat = (y / R) * deg;
    const gr = Math.floor((grid.north - lat) / grid.cellSize);
    if (gr < 0 || gr >= grid.height) continue;
    const cosLat = Math.cos(y / R);
    for (let c = 0; c < tile.width; c++) {
      const x = tile.west + (c + 0.5) * tile.pixelSize;
      const lon = (x / (R * cosLat)) * deg; // the sinusoidal projection's inverse on the MODIS sphere
      const gc = Math.floor((lon - grid.west) / grid.cellSize);
      if (gc >= 0 && gc < grid.width) map[r * tile.width + c] = gr * grid.width + gc;
    }
  }
  return map;
}

/**
 * Which lat/lon cells read each tile pixel back: the readers put a tile on a lat/lon grid by nearest neighbour
 * (each cell takes the pixel containing its centre, `gridIndexMap`), so a pixel is "claimed" by the cells whose
 * centres it contains: none, one, or (a sinusoidal pixel is wider than a 0.01° cell at these latitudes) two.
 * CSR layout: the cells of pixel p are `cells[start[p]] … cells[start[p + 1] − 1]`.
 */
export interface PixelClaims { start: Int32Array; cells: Int32Array; under: Int32Array }

/** The {@link PixelClaims} of a tile for a grid, plus the cell under each pixel's centre (`under`, for unclaimed pixels). */
export function pixelClaims(tile: ModisSinusoidalGrid, grid: LatLonGrid): PixelClaims {
  const read = gridIndexMap(tile, grid);
  const n = tile.width * tile.height;
  const start = new Int32Array(n + 1);
  for (let i = 0; i < read.length; i++) if (read[i] >= 0) start[read[i] + 1]++;
  for (let p = 0; p < n; p++) start[p + 1] += start[p];
  const fill = start.slice(0, n);
  const cells = new Int32Array(start[n]);
  for (let i = 0; i < read.length; i++) if (read[i] >= 0) cells[fill[read[i]]++] = i;
  return { start, cells, under: tileToGrid(tile, grid) };
}

/**
 * Tile pixel values from grid values so that the readers' nearest-neighbour step gives each cell its own value back:
 * a pixel claimed by one cell takes that cell's value; by several, `resolve` of theirs; by none (never read back on
 * this grid) the value under its centre. NaN → `fill`.
 */
function pixelValues(claims: PixelClaims, values: Float32Array, encode: (v: number) => number, fill: number, out: Uint8Array | Uint16Array | Int16Array | Int8Array, resolve: (cells: Int32Array) => number): typeof out {
  const { start, cells, under } = claims;
  for (let p = 0; p < out.length; p++) {
    const a = start[p], b = start[p + 1];
    const v = b - a === 1 ? values[cells[a]] : b > a ? resolve(cells.subarray(a, b)) : under[p] >= 0 ? values[under[p]] : NaN;
    out[p] = v === v ? encode(v) : fill;
  }
  return out;
}

/** Several cells read one pixel: the mean of their valid values (keeps the sum, so a 0.25° mean, when they share a cell). */
const meanOf = (values: Float32Array) => (cells: Int32Array): number => {
  let s = 0, n = 0;
  for (const c of cells) { const v = values[c]; if (v === v) { s += v; n++; } }
  return n ? s / n : NaN;
};

/**
 * Writes the source's MODIS layers as LP DAAC's HDF4-EOS2 granules: MOD11A2 (`LST_Day_1km` uint16 × 0.02 K, `QC_Day`,
 * `Clear_sky_days` from the source's daily clear-sky flags), MOD13A2 (`1 km 16 days NDVI` int16 × 10⁻⁴, `1 km 16 days
 * pixel reliability`) or MCD12Q1 (`LC_Type1` at 500 m), one file per sinusoidal tile the manifest lists and
 * composite, named and placed as the Data Pool's URL template says (production stamp {@link REPLICA_PRODUCTION}).
 * Pixel values are chosen for the readers' way back (each grid cell takes the tile pixel containing its centre):
 * a pixel takes the value of the cell that reads it, the mean of the cells (LST, NDVI; the first for land cover;
 * for the clear-sky bits "all clear" inside one 0.25° cell, "any clear" across cells) when two read it, and the cell
 * under its centre when none does; so a cell gets its own value back unless it shares a pixel (a 926 m pixel is wider
 * than a 0.01° cell south of about 42° N). Pixels outside the grid or without a value are fill.
 *
 * @returns the files written
 * @throws RangeError naming the manifest when it is not one of these products; the source's errors.
 * @example
 * await exportModisGranules({ source: twin, grid: twin.fineGrid, manifest: mod11a2, outDir: "replica", from: "2015-05-01", to: "2015-05-08" });
 */
export async function exportModisGranules(options: ExportModisOptions): Promise<string[]> {
  const { source, grid, manifest, outDir, from, to } = options;
  const product = String(manifest.shortName) as ModisProduct;
  if (!(product in PRODUCTS)) throw new RangeError(`exportModisGranules: options.manifest ${manifest.id} is ${product}, not MOD11A2, MOD13A2 or MCD12Q1`);
  const spec = PRODUCTS[product];
  const written: string[] = [];
  for (const f of expandFileList(manifest, { from, to })) {
    const m = /\.h(\d\d)v(\d\d)\./.exec(f.name);
    if (!m || !f.date) throw new Error(`exportModisGranules: ${f.name} names no tile or date (manifest ${manifest.id})`);
    const tile = ModisSinusoidalGrid.tile(Number(m[1]), Number(m[2]), spec.resolution);
    const claims = pixelClaims(tile, grid);
    const n = tile.width * tile.height;
    const inGrid = (p: number) => claims.start[p + 1] > claims.start[p] || claims.under[p] >= 0;
    const dims = [`YDim:${spec.grid}`, `XDim:${spec.grid}`];
    const sds: Hdf4SdsInput[] = [];
    if (product === "MOD11A2") {
      const lst = (await source.getLayer({ variable: "lst", grid, date: f.date })).values;
      const raw = pixelValues(claims, lst, (v) => Math.min(65535, Math.max(7500, Math.round(v / 0.02))), 0, new Uint16Array(n), meanOf(lst)) as Uint16Array;
      const qc = Uint8Array.from(raw, (x, i) => (x === 0 ? (inGrid(i) ? 2 : 3) : 0)); // bits 0-1: 0 good, 2 cloud, 3 not produced
      const bits = new Uint8Array(n);
      // A pixel read by several cells is clear if they all are clear when they share a 0.25° cell (a cloudy pixel
      // is never lost inside a cell), and if any is clear otherwise (a fully clear cell never gains a cloudy pixel).
      const per = Math.max(1, Math.round(COARSE_CELL / grid.cellSize)); // grid cells per 0.25° cell (the grid starts on a 0.25° corner)
      const coarseOf = (cell: number) => Math.floor(Math.floor(cell / grid.width) / per) * 1e6 + Math.floor((cell % grid.width) / per);
      const sameCoarse = (cells: Int32Array) => cells.every((c) => coarseOf(c) === coarseOf(cells[0]));
      for (let k = 0; k < spec.days; k++) {
        const day = new Date(Date.parse(`${f.date}T00:00:00Z`) + k * 86400000).toISOString().slice(0, 10);
        if (day.slice(0, 4) !== f.date.slice(0, 4)) break; // the year's last composite is shorter
        const clear = (await source.clearSky(grid, day)).values;
        const flag = pixelValues(claims, clear, (v) => (v >= 0.5 ? 1 : 0), 0, new Uint8Array(n), (cells) => {
          const flags = Array.from(cells, (c) => (clear[c] >= 0.5 ? 1 : 0));
          return sameCoarse(cells) ? Math.min(...flags) : Math.max(...flags);
        });
        for (let i = 0; i < n; i++) if (flag[i]) bits[i] |= 1 << k;
      }
      sds.push(
        { name: "LST_Day_1km", dataType: "uint16", shape: [tile.height, tile.width], values: raw, dimNames: dims, attributes: [["long_name", "Daytime Land Surface Temperature"], ["units", "K"], ["valid_range", [7500, 65535]], ["_FillValue", 0], ["scale_factor", 0.02], ["add_offset", 0]] },
        { name: "QC_Day", dataType: "uint8", shape: [tile.height, tile.width], values: qc, dimNames: dims, attributes: [["long_name", "Daytime LSTE quality control"], ["units", "none"], ["valid_range", [0, 255]]] },
        { name: "Clear_sky_days", dataType: "uint8", shape: [tile.height, tile.width], values: bits, dimNames: dims, attributes: [["long_name", "Day clear-sky coverage"], ["units", "none"], ["valid_range", [1, 255]], ["_FillValue", 0]] },
      );
    } else if (product === "MOD13A2") {
      const ndvi = (await source.getLayer({ variable: "ndvi", grid, date: f.date })).values;
      const raw = pixelValues(claims, ndvi, (v) => Math.min(10000, Math.max(-2000, Math.round(v * 10000))), -3000, new Int16Array(n), meanOf(ndvi)) as Int16Array;
      const reliability = Int8Array.from(raw, (x, i) => (x === -3000 ? (inGrid(i) ? 3 : -1) : 0)); // 0 good, 3 cloudy, -1 fill
      sds.push(
        { name: "1 km 16 days NDVI", dataType: "int16", shape: [tile.height, tile.width], values: raw, dimNames: dims, attributes: [["long_name", "1 km 16 days NDVI"], ["units", "NDVI"], ["valid_range", [-2000, 10000]], ["_FillValue", -3000], ["scale_factor", 10000], ["add_offset", 0]] },
        { name: "1 km 16 days pixel reliability", dataType: "int8", shape: [tile.height, tile.width], values: reliability, dimNames: dims, attributes: [["long_name", "1 km 16 days pixel reliability"], ["units", "rank"], ["valid_range", [0, 3]], ["_FillValue", -1]] },
      );
    } else {
      const lc = (await source.getLayer({ variable: "landcover", grid, date: f.date })).values;
      const raw = pixelValues(claims, lc, (v) => Math.round(v), 255, new Uint8Array(n), (cells) => lc[cells[0]]) as Uint8Array;
      sds.push({ name: "LC_Type1", dataType: "uint8", shape: [tile.height, tile.width], values: raw, dimNames: dims, attributes: [["long_name", "Land Cover Type 1: Annual International Geosphere-Biosphere Programme (IGBP) classification"], ["valid_range", [1, 17]], ["_FillValue", 255]] });
    }
    const structure = formatHdfEosGrids([{
      name: spec.grid, width: tile.width, height: tile.height, upperLeft: [tile.west, tile.north],
      lowerRight: [tile.west + tile.width * tile.pixelSize, tile.north - tile.height * tile.pixelSize],
      projection: "GCTP_SNSOID", projParams: [MODIS_SPHERE_RADIUS],
      fields: sds.map((s) => ({ name: s.name, dataType: `DFNT_${s.dataType.toUpperCase()}`, dimensions: ["YDim", "XDim"] })),
    }]);
    const file = replicaPath(outDir, f.url.replace("*", REPLICA_PRODUCTION));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeHdf4(file, { sds, attributes: [["HDFEOSVersion", "HDFEOS_V2.19"], ["StructMetadata.0", structure]], eosGrid: { name: spec.grid } });
    written.push(file);
  }
  return written;
}
