// `npm run bench -- sources`: ProductSource answering "variable V on grid G for date D" from a fetched-style
// data directory (the real fixture files, symlinked under <tmp>/real/<manifest id>/).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Benchmark } from "./benchmark";
import { LatLonGrid } from "../src/grid/latLonGrid";
import { loadProductManifest } from "../src/manifests/loadProductManifest";
import { ProductSource } from "../src/sources/ProductSource";
import { loadH5wasm } from "../src/io/hdf5/h5wasmModule";
import { LayerCache } from "../src/sources/layerCache";

const fx = (p: string) => path.join(process.cwd(), "test/fixtures", p);
const manifest = (id: string) => loadProductManifest(path.join(process.cwd(), "data-manifests", `${id}.json`));

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sm-bench-sources-"));
  const put = (id: string, file: string) => {
    fs.mkdirSync(path.join(dir, "real", id), { recursive: true });
    fs.symlinkSync(fx(file), path.join(dir, "real", id, path.basename(file)));
  };
  put("gldas-noah025-3h-v2.1", "gldas/GLDAS_NOAH025_3H.A20160101.0300.021.nc4");
  put("amsr2-jaxa-l3-smc", "amsr2/GW1AM2_20150401_01D_EQMA_L3SGSMCLA2220220.h5");
  put("amsr2-jaxa-l3-smc", "amsr2/GW1AM2_20150401_01D_EQMD_L3SGSMCLA2220220.h5");
  put("mod11a2", "modis/MOD11A2.061_LST_Day_1km_doy2026001000000_aid0001.tif");
  return dir;
}

/** The study's 0.25° domain size (184 × 144) and 1 km window size (550 × 600). */
const studyCoarse = new LatLonGrid({ west: 100, north: 54, cellSize: 0.25, width: 184, height: 144 });
const lstCoarse = new LatLonGrid({ west: -80, north: -10, cellSize: 0.25, width: 184, height: 144 });
const lstFine = new LatLonGrid({ west: -56, north: -28, cellSize: 0.01, width: 550, height: 600 });

/** `n` GLDAS day layers (1 granule each) on the study's 0.25° grid, each through a fresh source (no in-memory hit), decoded or from the disk cache. */
async function gldasLayers(dir: string, n: number, cacheDir: string | null): Promise<string> {
  const t0 = process.hrtime.bigint();
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const layerCache = cacheDir ? new LayerCache({ dir: cacheDir }) : null;
    const src = new ProductSource({ routes: { gldas_sm: manifest("gldas-noah025-3h-v2.1") }, dataDir: dir, missingFiles: "count", cacheSize: 0, layerCache });
    await src.getLayer({ variable: "gldas_sm", grid: studyCoarse, date: "2016-01-01" });
    hits += layerCache ? layerCache.counts.hits : 0;
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return `layers/s=${(n / s).toFixed(1)}; GLDAS granules/s=${(n / s).toFixed(1)} (1 granule per layer); cache hits=${hits}/${n}`;
}

export const benchmarks: Benchmark[] = [
  {
    name: "sources.gldas.decode",
    size: "10 GLDAS day layers (1 granule each), 184 × 144 0.25°, decoded",
    setup: async () => { await loadH5wasm(); return dataDir(); },
    run: (dir) => gldasLayers(dir as string, 10, null),
  },
  {
    name: "sources.gldas.cached",
    size: "200 GLDAS day layers, 184 × 144 0.25°, from the disk LayerCache",
    setup: async () => {
      await loadH5wasm();
      const dir = dataDir();
      const cacheDir = path.join(dir, "cache", "layers");
      await gldasLayers(dir, 1, cacheDir); // warm: one decode, one entry written
      return { dir, cacheDir };
    },
    run: (x) => { const { dir, cacheDir } = x as { dir: string; cacheDir: string }; return gldasLayers(dir, 200, cacheDir); },
  },
  {
    name: "sources.gldas.day",
    size: "gldas_sm for one day on the study's 184 × 144 0.25° grid (1 of 8 granules present, counted)",
    setup: async () => { await loadH5wasm(); return dataDir(); },
    run: async (dir) => {
      const src = new ProductSource({ routes: { gldas_sm: manifest("gldas-noah025-3h-v2.1") }, dataDir: dir as string, missingFiles: "count", cacheSize: 0 });
      const l = await src.getLayer({ variable: "gldas_sm", grid: studyCoarse, date: "2016-01-01" });
      return `valid=${l.counts.valid}`;
    },
  },
  {
    name: "sources.amsr2-jaxa.day",
    size: "amsr2_sm for one day (ascending + descending JAXA L3 files) on the 184 × 144 0.25° grid",
    setup: async () => { await loadH5wasm(); return dataDir(); },
    run: async (dir) => {
      const src = new ProductSource({ routes: { amsr2_sm: manifest("amsr2-jaxa-l3-smc") }, dataDir: dir as string, cacheSize: 0 });
      const l = await src.getLayer({ variable: "amsr2_sm", grid: studyCoarse, date: "2015-04-01" });
      return `valid=${l.counts.valid}`;
    },
  },
  {
    name: "sources.lst.coarse",
    size: "lst composite to a 184 × 144 0.25° grid: nearest onto 4600 × 3600 0.01° pixels, then mean",
    setup: () => dataDir(),
    run: async (dir) => {
      const src = new ProductSource({ routes: { lst: manifest("mod11a2") }, dataDir: dir as string, cacheSize: 0 });
      const l = await src.getLayer({ variable: "lst", grid: lstCoarse, date: "2026-01-03" });
      return `aggregated=${l.counts.aggregated}`;
    },
  },
  {
    name: "sources.lst.fine",
    size: "lst composite on a 550 × 600 1 km grid (the study window's size), nearest neighbour",
    setup: () => dataDir(),
    run: async (dir) => {
      const src = new ProductSource({ routes: { lst: manifest("mod11a2") }, dataDir: dir as string, cacheSize: 0 });
      const l = await src.getLayer({ variable: "lst", grid: lstFine, date: "2026-01-03" });
      return `valid=${l.counts.valid}`;
    },
  },
];
