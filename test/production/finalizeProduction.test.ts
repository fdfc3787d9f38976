import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inflateSync } from "node:zlib";
import type { CubistModel } from "../../src/cubist";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { readGeoTiff } from "../../src/io/readGeoTiff";
import { pixelMetrics } from "../../src/metrics/pixelMetrics";
import { finalizeProduction, ProductionIncompleteError, SM_INT16 } from "../../src/production/finalizeProduction";
import { produceUnits, unitPaths } from "../../src/production/produceUnits";
import { tileUnits } from "../../src/production/tileUnits";
import { dynamicRange } from "../../src/workbook/dynamicRange";
import { proceduralModel } from "./proceduralModel";
import { ProceduralSource } from "./proceduralSource";
import { fileTree } from "./fileTree";

const VALIDATOR = ["/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_cloud_optimized_geotiff.py", "/usr/share/doc/python3-gdal/examples/validate_cloud_optimized_geotiff.py"].find((p) => fs.existsSync(p));
const withGdal = VALIDATOR && fs.existsSync("/usr/bin/python3") ? test : test.skip;
const SCHEMAS = path.join(process.cwd(), "test/fixtures/stac-schemas");

describe("finalizeProduction: COGs, streamed statistics, STAC", () => {
  const source = new ProceduralSource(5, 0.25);
  const grid = new LatLonGrid({ west: 126, north: 37, cellSize: 0.01, width: 90, height: 60 });
  const dates = ["2015-05-30", "2015-05-31", ...Array.from({ length: 12 }, (_, k) => `2015-06-${String(k + 1).padStart(2, "0")}`)];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "finalize-"));
  const reference = { source, variable: "gldas_sm" as const };
  let model: CubistModel;
  const one = path.join(root, "one");
  beforeAll(async () => {
    model = await proceduralModel(source, ["2015-04-01"], { rules: 12 });
    await produceUnits({ model, source, grid, dates, outDir: one, tileSize: 32 });
  });

  test("refuses while units are missing, naming them", async () => {
    const dir = path.join(root, "partial");
    await produceUnits({ model, source, grid, dates, outDir: dir, tileSize: 32, shard: { index: 1, count: 2 } });
    const err = await finalizeProduction({ outDir: dir }).catch((e) => e);
    expect(err).toBeInstanceOf(ProductionIncompleteError);
    const all = tileUnits({ grid, dates, tileSize: 32 });
    expect((err as ProductionIncompleteError).missing).toEqual(all.filter((u) => u.index % 2 === 1).map((u) => u.id));
    expect(String(err.message)).toMatch(/42 of 84 units are missing or corrupt/);
  });

  test("daily COGs hold the units' values; statistics equal pixelMetrics / dynamicRange on the cube", async () => {
    const fin = await finalizeProduction({ outDir: one, reference, minPairs: 5 });
    expect(fin.days.map((d) => d.date)).toEqual(dates);
    // the cube, built here from the unit files, for the independent in-memory computations
    const cube = new Float32Array(dates.length * grid.size).fill(NaN), gl = new Float32Array(dates.length * grid.size);
    for (const u of tileUnits({ grid, dates, tileSize: 32 })) {
      const buf = inflateSync(fs.readFileSync(unitPaths(one, u.id).values));
      const v = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      const g = (await source.getLayer({ variable: "gldas_sm", grid: u.tile.grid, date: u.date })).values;
      const d = dates.indexOf(u.date);
      for (let r = 0; r < u.tile.height; r++) for (let c = 0; c < u.tile.width; c++) {
        const at = d * grid.size + (u.tile.y0 + r) * grid.width + u.tile.x0 + c;
        cube[at] = v[r * u.tile.width + c]; gl[at] = g[r * u.tile.width + c];
      }
    }
    const day3 = await readGeoTiff(fin.days[3].file);
    // readGeoTiff applies the file's scale/offset and turns nodata into NaN
    expect(day3.scale).toBe(SM_INT16.scale);
    const got = day3.values;
    let bad = 0, gaps = 0;
    for (let i = 0; i < grid.size; i++) {
      const want = cube[3 * grid.size + i];
      if (Number.isNaN(want)) { gaps++; if (!Number.isNaN(got[i])) bad++; } else if (!(Math.abs(got[i] - want) <= 0.5001 * SM_INT16.scale)) bad++;
    }
    expect(bad).toBe(0);
    expect(gaps).toBeGreaterThan(0);
    expect(fin.days[3].predicted).toBe(grid.size - gaps);
    expect(fin.days[3].cloudGaps).toBeGreaterThan(0);
    const pm = pixelMetrics(cube, gl, { pixels: grid.size, minPairs: 5 });
    for (const [name, want] of [["r", pm.r], ["rmse", pm.rmse], ["rrmse", pm.rrmse], ["p_value", pm.pValue]] as const) {
      const got = (await readGeoTiff(fin.statistics!.files[name])).values;
      let worst = 0, nanBad = 0;
      for (let i = 0; i < grid.size; i++) {
        const a = got[i] === -9999 ? NaN : got[i], b = want[i];
        if (Number.isNaN(a) !== Number.isNaN(b)) nanBad++; else if (!Number.isNaN(a)) worst = Math.max(worst, Math.abs(a - b) / Math.max(1e-3, Math.abs(b)));
      }
      expect([name, nanBad]).toEqual([name, 0]);
      expect(worst).toBeLessThan(1e-4);
    }
    // Figure 7: June monthly means, and the dynamic range from the histograms
    const june = dates.map((d, k) => (d.startsWith("2015-06") ? k : -1)).filter((k) => k >= 0);
    const mean = (c: Float32Array, all: boolean): Float32Array => {
      const out = new Float32Array(grid.size);
      for (let i = 0; i < grid.size; i++) {
        let s = 0, n = 0;
        for (const k of june) { const v = c[k * grid.size + i]; if (!Number.isNaN(v)) { s += v; n++; } }
        out[i] = n > 0 ? s / n : NaN;
        void all;
      }
      return out;
    };
    const mp = mean(cube, false), mr = mean(gl, true);
    const gotMp = (await readGeoTiff(fin.monthly[1].product)).values;
    let worst = 0;
    for (let i = 0; i < grid.size; i++) if (!Number.isNaN(mp[i])) worst = Math.max(worst, Math.abs(gotMp[i] - mp[i]));
    expect(worst).toBeLessThan(1e-6);
    const dr = dynamicRange(mp, mr);
    const rg = fin.ranges[1];
    expect(rg.month).toBe("2015-06");
    expect(rg.pixels).toBe(dr.n);
    expect(Math.abs(rg.product.p98 - rg.product.p2 - dr.pred.range)).toBeLessThan(2e-5);
    expect(Math.abs(rg.shrinkageP2P98! - dr.shrinkage)).toBeLessThan(4e-5);
    const full = dynamicRange(mp, mr, { lower: 0, upper: 1 });
    expect(rg.shrinkageMinMax).toBeCloseTo(full.shrinkage, 6);
  });

  test("2 shards + finalize, and 2 workers + finalize, are byte-identical to one run", async () => {
    const a = path.join(root, "sharded");
    for (const i of [2, 1]) await produceUnits({ model, source, grid, dates, outDir: a, tileSize: 32, shard: { index: i, count: 2 } });
    await finalizeProduction({ outDir: a, reference, minPairs: 5 });
    const b = path.join(root, "workers");
    await produceUnits({ model, source, grid, dates, outDir: b, tileSize: 32, workers: 2 });
    await finalizeProduction({ outDir: b, reference, minPairs: 5 });
    const t1 = fileTree(one), ta = fileTree(a), tb = fileTree(b);
    expect(t1.size).toBeGreaterThan(84 * 2 + dates.length);
    for (const t of [ta, tb]) {
      const diff = [...new Set([...t1.keys(), ...t.keys()])].filter((k) => !t.has(k) || !t1.has(k) || !t.get(k)!.equals(t1.get(k)!));
      expect(diff).toEqual([]);
    }
  });

  withGdal("GDAL's validator accepts every COG the run wrote", () => {
    const cogs = [...fileTree(one).keys()].filter((k) => k.endsWith(".tif"));
    expect(cogs.length).toBe(dates.length + 2 * 2 + 5);
    for (const f of cogs) {
      const v = spawnSync("/usr/bin/python3", [VALIDATOR as string, path.join(one, f)], { encoding: "utf8" });
      expect([f, v.status]).toEqual([f, 0]);
    }
  });

  test("stac-node-validator accepts the collection and every item (schemas from test/fixtures/stac-schemas)", () => {
    const bin = path.join(process.cwd(), "node_modules/.bin/stac-node-validator");
    const map = [
      `https://schemas.stacspec.org/v1.0.0/=${SCHEMAS}/stac/v1.0.0/`,
      `https://stac-extensions.github.io/projection/v1.1.0/=${SCHEMAS}/projection/v1.1.0/`,
      `https://stac-extensions.github.io/raster/v1.1.0/=${SCHEMAS}/raster/v1.1.0/`,
      `https://stac-extensions.github.io/file/v2.1.0/=${SCHEMAS}/file/v2.1.0/`,
      `https://geojson.org/schema/=${SCHEMAS}/geojson/`,
      `https://proj.org/schemas/v0.5/=${SCHEMAS}/projjson/v0.5/`,
    ];
    const files = [path.join(one, "stac/collection.json"), ...fs.readdirSync(path.join(one, "stac/items")).map((f) => path.join(one, "stac/items", f))];
    expect(files.length).toBe(1 + dates.length);
    const run = (fs_: string[]) => spawnSync(process.execPath, [bin, ...fs_, ...map.flatMap((m) => ["--schemaMap", m])], { encoding: "utf8" });
    const res = run(files);
    expect(res.stdout).toMatch(new RegExp(`Passed: ${files.length}\\s+Invalid: 0\\s+Skipped: 0`));
    expect(res.status).toBe(0);
    const item = JSON.parse(fs.readFileSync(files[1], "utf8"));
    // the schemas really are applied: a wrong extension field and a wrong checksum type are rejected
    const broken = path.join(root, "broken.json");
    fs.writeFileSync(broken, JSON.stringify({ ...item, properties: { ...item.properties, "proj:epsg": "4326" } }));
    expect(run([broken]).stdout).toMatch(/Invalid: 1/);
    fs.writeFileSync(broken, JSON.stringify({ ...item, assets: { soil_moisture: { ...item.assets.soil_moisture, "file:size": "big" } } }));
    expect(run([broken]).stdout).toMatch(/Invalid: 1/);
    expect(item.assets.soil_moisture["file:checksum"]).toMatch(/^1220[0-9a-f]{64}$/);
    expect(fs.existsSync(path.resolve(path.dirname(files[1]), item.assets.soil_moisture.href))).toBe(true);
  });
});
