// `npm run bench -- rasters`: GeoTIFF read/write and 1 km → 0.25° aggregation at study sizes.
// A MODIS-like 1200 × 1200 float32 tile (Deflate, 256-px tiles, written by writeGeoTiff in setup) is read back;
// a 4000 × 7000 layer at 0.01° (40° × 70°, about the paper's East Asian domain at 1 km) is mean-aggregated
// to 0.25° (160 × 280) and written as a Deflate-compressed, tiled float32 GeoTIFF (COG layout).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Benchmark } from "./benchmark";
import { readGeoTiff } from "../src/io/readGeoTiff";
import { writeGeoTiff, writeGeoTiffAsync } from "../src/io/writeGeoTiff";
import { LatLonGrid } from "../src/grid/latLonGrid";
import { meanAggregate } from "../src/grid/meanAggregate";

/** A smooth soil-moisture-like field with 10 % NaN gaps (clouds), deterministic. */
function field(width: number, height: number): Float32Array {
  const v = new Float32Array(width * height);
  for (let r = 0; r < height; r++) {
    const sr = Math.sin(r / 97);
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      v[i] = (Math.imul(i, 2654435761) >>> 0) % 10 === 0 ? NaN : 0.05 + 0.2 * (1 + sr * Math.cos(c / 131)) + 0.01 * ((i * 40503) % 7);
    }
  }
  return v;
}

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "bench-rasters-"));
const big = new LatLonGrid({ west: 75, north: 55, cellSize: 0.01, width: 7000, height: 4000 });

export const benchmarks: Benchmark[] = [
  {
    name: "rasters.read.deflate1200",
    size: "1200×1200 float32, Deflate, 256 tiles",
    setup: async () => {
      const file = path.join(tmpDir(), "tile.tif");
      const grid = new LatLonGrid({ west: 126, north: 40, cellSize: 1 / 120, width: 1200, height: 1200 });
      writeGeoTiff(file, field(1200, 1200), { grid, nodata: -9999 });
      // warm-up on a small Deflate file, so the timed read does not include geotiff's lazy decoder import and JIT
      const small = path.join(path.dirname(file), "small.tif");
      writeGeoTiff(small, field(256, 256), { width: 256, height: 256, geoTransform: [0, 1, 0, 0, 0, -1], crs: "EPSG:4326" });
      await readGeoTiff(small);
      return file;
    },
    run: async (file) => {
      const r = await readGeoTiff(file as string);
      fs.rmSync(path.dirname(file as string), { recursive: true, force: true });
      return `valid=${r.counts.valid}`;
    },
  },
  {
    name: "rasters.aggregate.4000x7000",
    size: "4000×7000 at 0.01° → 0.25° mean",
    setup: () => field(big.width, big.height),
    run: (values) => {
      const to = new LatLonGrid({ west: 75, north: 55, cellSize: 0.25, width: 280, height: 160 });
      const r = meanAggregate(values as Float32Array, { from: big, to, minValidFraction: 0.5 });
      return `aggregated=${r.counts.aggregated} dropped=${r.counts.droppedTooFewValid}`;
    },
  },
  {
    name: "rasters.write.4000x7000",
    size: "4000×7000 float32, Deflate, 256 tiles",
    setup: () => ({ values: field(big.width, big.height), dir: tmpDir() }),
    run: (input) => {
      const { values, dir } = input as { values: Float32Array; dir: string };
      const res = writeGeoTiff(path.join(dir, "big.tif"), values, { grid: big, nodata: -9999 });
      fs.rmSync(dir, { recursive: true, force: true });
      return `bytes=${res.bytes} tiles=${res.tiles}`;
    },
  },
  {
    name: "rasters.write.4000x7000.pred",
    size: "same, predictor 3 + Deflate level 1",
    setup: () => ({ values: field(big.width, big.height), dir: tmpDir() }),
    run: (input) => {
      const { values, dir } = input as { values: Float32Array; dir: string };
      const res = writeGeoTiff(path.join(dir, "big.tif"), values, { grid: big, nodata: -9999, predictor: true, deflateLevel: 1 });
      fs.rmSync(dir, { recursive: true, force: true });
      return `bytes=${res.bytes} tiles=${res.tiles}`;
    },
  },
  {
    name: "rasters.write.4000x7000.async",
    size: "same as rasters.write, parallel deflate",
    setup: () => ({ values: field(big.width, big.height), dir: tmpDir() }),
    run: async (input) => {
      const { values, dir } = input as { values: Float32Array; dir: string };
      const res = await writeGeoTiffAsync(path.join(dir, "big.tif"), values, { grid: big, nodata: -9999 });
      fs.rmSync(dir, { recursive: true, force: true });
      return `bytes=${res.bytes} tiles=${res.tiles}`;
    },
  },
  {
    name: "rasters.read.lzw.appeears",
    size: "956×802 uint16 LZW BigTIFF (MOD11A2 fixture)",
    setup: async () => {
      await readGeoTiff(path.join(process.cwd(), "test/fixtures/geotiff/float.tif")); // module warm-up
      return path.join(process.cwd(), "test/fixtures/geotiff/MOD11A2.061_LST_Day_1km_doy2026001000000_aid0001.tif");
    },
    run: async (file) => {
      const r = await readGeoTiff(file as string);
      return `valid=${r.counts.valid} scale=${r.scale}`;
    },
  },
];
