// `npm run bench -- products`: reading the study's real product files (fixtures) with the product readers.
import * as path from "path";
import type { Benchmark } from "./benchmark";
import { LatLonGrid } from "../src/grid/latLonGrid";
import { readGldas, readLprmAmsr2, readAscatSwath, ascatDailyGrid, readHgt, demToGrid, readIsmnStm } from "../src/products";
import { loadH5wasm } from "../src/io/hdf5/h5wasmModule";

const fx = (p: string) => path.join(process.cwd(), "test/fixtures", p);

export const benchmarks: Benchmark[] = [
  {
    name: "products.gldas.granule",
    size: "GLDAS-2.1 0.25° 3-hourly granule, 1440 × 600 float32 (deflate+shuffle), ÷100 and north-up flip",
    setup: () => loadH5wasm(),
    run: async () => {
      const g = await readGldas(fx("gldas/GLDAS_NOAH025_3H.A20160101.0300.021.nc4"));
      return `valid=${g.counts.valid}`;
    },
  },
  {
    name: "products.lprm.granule",
    size: "LPRM AMSR2 L3 daily, 1440 × 720 int16 transposed, CF-decoded to fractions",
    setup: () => loadH5wasm(),
    run: async () => `valid=${(await readLprmAmsr2(fx("amsr2/LPRM-AMSR2_L3_D_SOILM3_V001_20150401013507.nc4"))).counts.valid}`,
  },
  {
    name: "products.ascat.swath-daily",
    size: "EUMETSAT ASCAT 25 km swath (1632 × 42 nodes) read and gridded to the global 0.25° grid",
    setup: () => loadH5wasm(),
    run: async () => {
      const s = await readAscatSwath(fx("ascat/W_XX-EUMETSAT-Darmstadt,SURFACE+SATELLITE,METOPA+ASCAT_C_EUMP_20170220041500_53652_eps_o_250_ssm_l2.nc"));
      const grid = new LatLonGrid({ west: -180, north: 90, cellSize: 0.25, width: 1440, height: 720 });
      const d = ascatDailyGrid([{ lon: s.lon, lat: s.lat, timeMs: s.timeMs, values: s.values, units: s.units, source: s.file }], { grid, date: "2017-02-20" });
      return `cells=${d.counts.valid}`;
    },
  },
  {
    name: "products.srtm.hgt-to-1km",
    size: "SRTM3 tile 1201² (zipped .hgt) read and averaged to 0.01° (100 × 100)",
    run: async () => {
      const dem = await readHgt(fx("srtm/N57E011.hgt.zip"));
      const km = demToGrid(dem, { grid: new LatLonGrid({ west: 11, north: 58, cellSize: 0.01, width: 100, height: 100 }) });
      return `cells=${km.counts.aggregated}`;
    },
  },
  {
    name: "products.ismn.stm",
    size: "ISMN header+values file, 6,865 hourly rows",
    run: async () => `valid=${(await readIsmnStm(fx("ismn/COSMOS_COSMOS_ARM-1_sm_0.000000_0.190000_Cosmic-ray-Probe_20170810_20180809.stm")))[0].counts.valid}`,
  },
];
