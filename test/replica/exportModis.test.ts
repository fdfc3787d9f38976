import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadProductManifest } from "../../src/manifests/loadProductManifest";
import { ModisSinusoidalGrid } from "../../src/grid/modisSinusoidalGrid";
import { exportModisGranules } from "../../src/replica/index";
import { ProductSource } from "../../src/sources/ProductSource";
import { openTwin } from "../../src/twin/openTwin";
import { twinConfig } from "../../src/twin/twinConfig";

const PYTHON = "/usr/bin/python3";
const hasGdal = fs.existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "from osgeo import gdal"]).status === 0;
const withGdal = hasGdal || process.env.CI === "true" ? test : test.skip;
const manifest = (id: string) => loadProductManifest(path.join(process.cwd(), "data-manifests", `${id}.json`));

describe("replica: MODIS HDF4-EOS2 granules from the twin, as the LP DAAC Data Pool lays them out", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "replica-modis-"));
  const replica = path.join(dataDir, "replica");
  const twin = openTwin(twinConfig("tiny"), { dataDir });
  const fine = twin.fineGrid;
  let lstFiles: string[] = [], ndviFiles: string[] = [];
  beforeAll(async () => {
    lstFiles = await exportModisGranules({ source: twin, grid: fine, manifest: manifest("mod11a2"), outDir: replica, from: "2015-05-02", to: "2015-05-02" });
    ndviFiles = await exportModisGranules({ source: twin, grid: fine, manifest: manifest("mod13a2"), outDir: replica, from: "2015-05-02", to: "2015-05-02" });
    const put = (id: string, files: string[]) => {
      fs.mkdirSync(path.join(dataDir, "real", id), { recursive: true });
      for (const f of files) fs.symlinkSync(f, path.join(dataDir, "real", id, path.basename(f)));
    };
    put("mod11a2", lstFiles);
    put("mod13a2", ndviFiles);
  }, 180000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test("one granule per listed tile and composite, at the Data Pool's path", () => {
    expect(lstFiles.map((f) => path.relative(replica, f))).toEqual(["h27v05", "h28v05"].map((t) => `e4ftl01.cr.usgs.gov/MOLT/MOD11A2.061/2015.05.01/MOD11A2.A2015121.${t}.061.2022001000000.hdf`));
    expect(ndviFiles.map((f) => path.relative(replica, f))).toEqual(["h27v05", "h28v05"].map((t) => `e4ftl01.cr.usgs.gov/MOLT/MOD13A2.061/2015.04.23/MOD13A2.A2015113.${t}.061.2022001000000.hdf`));
  });

  test("the product source reads them back as the twin's LST and NDVI (to the products' quantization) and its clear-sky flags", async () => {
    const src = new ProductSource({ routes: { lst: manifest("mod11a2"), ndvi: manifest("mod13a2") }, dataDir });
    // Reading back takes the tile pixel under each cell's centre; the exporter gives each pixel the value of the cell
    // that reads it, so a cell gets its own value (to the product's quantization) unless it shares its pixel with the
    // next cell east or west (a 926 m pixel is wider than a 0.01° cell here): then both get their mean.
    const W = fine.width;
    for (const [variable, step] of [["lst", 0.02], ["ndvi", 1e-4]] as const) {
      const got = (await src.getLayer({ variable, grid: fine, date: "2015-05-02" })).values;
      const want = (await twin.getLayer({ variable, grid: fine, date: "2015-05-02" })).values;
      let own = 0, shared = 0, other = 0;
      const near = (x: number, y: number) => Math.abs(x - y) <= step / 2 + 1e-5;
      for (let i = 0; i < want.length; i++) {
        if (got[i] !== got[i] || want[i] !== want[i]) continue;
        const c = i % W;
        if (near(got[i], want[i])) { own++; continue; }
        const mean = (j: number) => (want[j] === want[j] ? (want[i] + want[j]) / 2 : want[i]);
        if ((c > 0 && near(got[i], mean(i - 1))) || (c < W - 1 && near(got[i], mean(i + 1)))) shared++; else other++;
      }
      expect([variable, other]).toEqual([variable, 0]);
      expect(own / (own + shared)).toBeGreaterThan(0.9);
      console.log(`${variable}: ${own} cells read back their own value, ${shared} the mean with the neighbour sharing their pixel`);
    }
    for (const day of ["2015-05-02", "2015-05-05"]) {
      const got = await src.clearSky(fine, day);
      const want = twin.clearSky(fine, day);
      let differ = 0;
      let same = 0;
      want.values.forEach((v, i) => { if (v === v && got.values[i] === got.values[i]) { if ((v >= 0.5 ? 1 : 0) !== got.values[i]) differ++; else same++; } });
      expect(same).toBeGreaterThan(0);
      expect(differ / (same + differ)).toBeLessThan(0.05); // only cells sharing a pixel with a neighbour can differ
      console.log(`clear sky ${day}: ${same} cells agree, ${differ} take a neighbour's flag`);
    }
  });

  withGdal("GDAL opens a replica granule as HDF4_EOS with the tile's geotransform", () => {
    const py = `
import sys, json
from osgeo import gdal
gdal.UseExceptions()
subs = gdal.Open(sys.argv[1]).GetSubDatasets()
ds = gdal.Open(subs[0][0])
print(json.dumps([len(subs), subs[0][0].split(":")[-2:], ds.GetGeoTransform(), ds.GetRasterBand(1).GetNoDataValue(), ds.GetRasterBand(1).GetScale()]))
`;
    const r = spawnSync(PYTHON, ["-c", py, lstFiles[1]], { encoding: "utf8", timeout: 60000 });
    expect(r.status).toBe(0);
    const [count, names, gt, nodata, scale] = JSON.parse(r.stdout);
    const tile = ModisSinusoidalGrid.tile(28, 5, "1km");
    expect([count, names, nodata, scale]).toEqual([3, ["MODIS_Grid_8Day_1km_LST", "LST_Day_1km"], 0, 0.02]);
    expect(gt[0]).toBeCloseTo(tile.west, 3);
    expect(gt[3]).toBeCloseTo(tile.north, 3);
    expect(gt[1]).toBeCloseTo(tile.pixelSize, 5);
  });
});
