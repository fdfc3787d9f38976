import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { loadProductManifest } from "../../src/manifests/loadProductManifest";
import { ProductSource } from "../../src/sources/ProductSource";
import { layerCube } from "../../src/sources/layerCube";
import { pointSeries } from "../../src/sources/pointSeries";

const root = process.cwd();
const fx = (...p: string[]) => path.join(root, "test/fixtures", ...p);
const manifest = (id: string) => loadProductManifest(path.join(root, "data-manifests", `${id}.json`));
const expected = JSON.parse(fs.readFileSync(fx("sources/expected.json"), "utf8")) as {
  lstFine: { grid: ConstructorParameters<typeof LatLonGrid>[0] };
  lstCoarse: { grid: ConstructorParameters<typeof LatLonGrid>[0] };
};

let dataDir = "";
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sm-bulk-"));
  const put = (id: string, file: string) => {
    fs.mkdirSync(path.join(dataDir, "real", id), { recursive: true });
    fs.symlinkSync(file, path.join(dataDir, "real", id, path.basename(file)));
  };
  for (const f of fs.readdirSync(fx("amsr2")).filter((n) => n.startsWith("GW1AM2_"))) put("amsr2-jaxa-l3-smc", fx("amsr2", f));
  put("mod11a2", fx("modis", "MOD11A2.061_LST_Day_1km_doy2026001000000_aid0001.tif"));
  put("srtm", fx("srtm", "N57E011.hgt.zip"));
});
afterAll(() => { fs.rmSync(dataDir, { recursive: true, force: true }); });

const days = (a: string, n: number) => Array.from({ length: n }, (_, i) => new Date(Date.parse(`${a}T00:00:00Z`) + i * 86400000).toISOString().slice(0, 10));
/** Bit-exact equality, NaN equal to NaN (Float32 bytes compared). */
const sameBytes = (a: Float32Array, b: Float32Array) => expect(Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))).toBe(true);

describe("ProductSource.getCube / getSeries: day-by-day getLayer's values, each slot read once per call", () => {
  test("AMSR2 JAXA, two days on 0.25° and 0.05°: the cube equals the layers byte for byte; 2 decodes with no cache", async () => {
    for (const g of [new LatLonGrid({ west: 126, north: 38, cellSize: 0.25, width: 8, height: 8 }), new LatLonGrid({ west: 126, north: 38, cellSize: 0.05, width: 20, height: 20 })]) {
      const bulk = new ProductSource({ routes: { amsr2_sm: manifest("amsr2-jaxa-l3-smc") }, dataDir, cacheSize: 0 });
      const cube = await bulk.getCube({ variable: "amsr2_sm", grid: g, start: "2015-04-01", end: "2015-04-02" });
      expect(cube.dates).toEqual(["2015-04-01", "2015-04-02"]);
      expect(bulk.decodes).toBe(2);
      const daily = new ProductSource({ routes: { amsr2_sm: manifest("amsr2-jaxa-l3-smc") }, dataDir, cacheSize: 0 });
      for (let t = 0; t < 2; t++) sameBytes(cube.values.subarray(t * g.size, (t + 1) * g.size), (await daily.getLayer({ variable: "amsr2_sm", grid: g, date: cube.dates[t] })).values);
      let valid = 0;
      for (const v of cube.values) if (v === v) valid++;
      expect(valid).toBeGreaterThan(0); // the comparison is not between two all-NaN cubes
    }
  });

  test("MODIS LST, the 8 days of one composite at 1 km and 0.25°: one decode per call (8 day by day without a cache)", async () => {
    for (const spec of [expected.lstFine.grid, expected.lstCoarse.grid]) {
      const grid = new LatLonGrid(spec);
      const dates = days("2026-01-01", 8);
      const bulk = new ProductSource({ routes: { lst: manifest("mod11a2") }, dataDir, cacheSize: 0 });
      const cube = await layerCube(bulk, { variable: "lst", grid, dates });
      expect(bulk.decodes).toBe(1);
      const daily = new ProductSource({ routes: { lst: manifest("mod11a2") }, dataDir, cacheSize: 0 });
      for (let t = 0; t < dates.length; t++) sameBytes(cube.values.subarray(t * grid.size, (t + 1) * grid.size), (await daily.getLayer({ variable: "lst", grid, date: dates[t] })).values);
      expect(daily.decodes).toBe(8);
      const cells = [0, grid.size - 1, Math.floor(grid.size / 2)];
      const series = await bulk.getSeries({ variable: "lst", grid, cells, start: dates[0], end: dates[7] });
      expect(bulk.decodes).toBe(2);
      sameBytes(series.values, Float32Array.from({ length: 8 * 3 }, (_, k) => cube.values[Math.floor(k / 3) * grid.size + cells[k % 3]]));
      sameBytes(await pointSeries(bulk, { variable: "lst", grid, cells, dates }), series.values);
    }
  });

  test("DEM (static): every day of the run is the one layer, read once", async () => {
    const grid = new LatLonGrid({ west: 11, north: 58, cellSize: 0.05, width: 20, height: 20 });
    const src = new ProductSource({ routes: { dem: manifest("srtm") }, dataDir, cacheSize: 0 });
    const cube = await src.getCube({ variable: "dem", grid, start: "2015-01-01", end: "2015-01-03" });
    expect(src.decodes).toBe(1);
    const one = (await src.getLayer({ variable: "dem", grid, date: "2015-01-02" })).values;
    for (let t = 0; t < 3; t++) sameBytes(cube.values.subarray(t * grid.size, (t + 1) * grid.size), one);
  });

  test("bad runs are refused naming the option; a missing day names the day", async () => {
    const src = new ProductSource({ routes: { amsr2_sm: manifest("amsr2-jaxa-l3-smc") }, dataDir });
    const grid = new LatLonGrid({ west: 126, north: 38, cellSize: 0.25, width: 8, height: 8 });
    await expect(src.getCube({ variable: "amsr2_sm", grid, start: "2015-04-02" })).rejects.toThrow(/getCube: start and end must be ISO days/);
    await expect(src.getCube({ variable: "amsr2_sm", grid, start: "2015-04-02", end: "2015-04-01" })).rejects.toThrow("end 2015-04-01 is before start 2015-04-02");
    await expect(src.getCube({ variable: "amsr2_sm", grid, start: "2015-4-1", end: "2015-04-01" })).rejects.toThrow(/start must be an ISO day/);
    await expect(src.getSeries({ variable: "amsr2_sm", grid, cells: [64], start: "2015-04-01", end: "2015-04-01" })).rejects.toThrow("cells[0] = 64 is outside grid");
    await expect(src.getCube({ variable: "lst", grid, start: "2015-04-01", end: "2015-04-01" })).rejects.toThrow("no product serves 'lst'");
    await expect(src.getCube({ variable: "amsr2_sm", grid, start: "2015-04-01", end: "2015-04-03" })).rejects.toThrow(/amsr2_sm for 2015-04-03: .* missing/);
  });
});
