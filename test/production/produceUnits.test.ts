import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CubistModel } from "../../src/cubist";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { produceUnits, readUnitRecord, unitPaths } from "../../src/production/produceUnits";
import { shardUnits, tileUnits } from "../../src/production/tileUnits";
import { applyModelDaily } from "../../src/workbook/applyModelDaily";
import { inflateSync } from "node:zlib";
import { proceduralModel } from "./proceduralModel";
import { ProceduralSource } from "./proceduralSource";
import { fileTree, differingFiles } from "./fileTree";

describe("produceUnits: streamed tile × day production", () => {
  const source = new ProceduralSource(3);
  const grid = new LatLonGrid({ west: 125, north: 38, cellSize: 0.01, width: 100, height: 70 });
  const dates = ["2015-05-01", "2015-05-02", "2015-06-01"];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "produce-"));
  let model: CubistModel;
  beforeAll(async () => { model = await proceduralModel(source, ["2015-04-01", "2015-04-02"], { rules: 20 }); });

  test("units: days × row-major tiles, ids, interleaved shards that cover every unit once", () => {
    const u = tileUnits({ grid, dates, tileSize: 32 });
    expect(u.length).toBe(3 * 4 * 3);
    expect(u[0].id).toBe("20150501/r0c0");
    expect(u[5].tile).toMatchObject({ row: 1, col: 1, x0: 32, y0: 32, width: 32, height: 32 });
    expect(u[11].tile).toMatchObject({ row: 2, col: 3, x0: 96, y0: 64, width: 4, height: 6 });
    const shards = [1, 2, 3, 4, 5].map((i) => shardUnits(u, i, 5).map((x) => x.index));
    expect(shards.flat().sort((a, b) => a - b)).toEqual(u.map((x) => x.index));
    expect(() => shardUnits(u, 6, 5)).toThrow(/shard must be an integer in 1..5, got 6/);
    expect(() => tileUnits({ grid, dates: ["2015-5-1"] })).toThrow(/'2015-5-1', not an ISO date/);
  });

  test("each unit holds what applyModelDaily (predict()) gives on its tile; gaps counted", async () => {
    expect(model.committees[0].rules.length).toBeGreaterThan(3);
    const out = path.join(root, "single");
    const res = await produceUnits({ model, source, grid, dates, outDir: out, tileSize: 32 });
    expect(res).toMatchObject({ units: 36, done: 36, skipped: 0, pixels: 3 * grid.size });
    for (const unit of tileUnits({ grid, dates, tileSize: 32 }).filter((_, i) => i % 5 === 0)) {
      const rec = readUnitRecord(out, unit.id);
      expect(rec).not.toBeNull();
      const buf = inflateSync(fs.readFileSync(unitPaths(out, unit.id).values));
      const mine = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
      const ref = await applyModelDaily(source, { model, grid: unit.tile.grid, dates: [unit.date] });
      let diff = 0;
      for (let i = 0; i < mine.length; i++) if (!Object.is(mine[i], ref.cube[i])) diff++;
      expect([unit.id, diff]).toEqual([unit.id, 0]);
      expect(rec!.counts).toMatchObject({ land: ref.landPixels, predicted: ref.predicted[0], cloudGaps: ref.cloudGaps[0], unseen: ref.unseen[0] });
    }
    expect(res.cloudGaps).toBeGreaterThan(0);
  });

  test("a model without LST: units equal applyModelDaily on the tile, LST gaps are not counted", async () => {
    const m5 = await proceduralModel(source, ["2015-04-01", "2015-04-02"], { rules: 10, predictors: ["amsr2_sm", "ascat_sm", "ndvi", "landcover", "dem"] });
    expect(m5.attributes.map((a) => a.name)).not.toContain("lst");
    const out = path.join(root, "no-lst");
    const res = await produceUnits({ model: m5, source, grid, dates, outDir: out, tileSize: 32 });
    // the procedural source's LST and NDVI clouds coincide, so the gap total equals the six-predictor one; what
    // differs is that LST is neither read nor counted (below), and the values equal applyModelDaily's
    expect(res.cloudGaps).toBeGreaterThan(0);
    for (const unit of tileUnits({ grid, dates, tileSize: 32 }).filter((_, i) => i % 4 === 0)) {
      const rec = readUnitRecord(out, unit.id)!;
      const buf = inflateSync(fs.readFileSync(unitPaths(out, unit.id).values));
      const mine = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
      const ref = await applyModelDaily(source, { model: m5, grid: unit.tile.grid, dates: [unit.date] });
      let diff = 0;
      for (let i = 0; i < mine.length; i++) if (!Object.is(mine[i], ref.cube[i])) diff++;
      expect([unit.id, diff]).toEqual([unit.id, 0]);
      expect(rec.counts).toMatchObject({ cloudGaps: ref.cloudGaps[0], predicted: ref.predicted[0] });
      expect(Object.keys(rec.counts.missing).sort()).toEqual(["amsr2_sm", "ascat_sm", "dem", "ndvi"]);
    }
  });

  test("3 shards, and 2 workers, give byte-identical folders; a rerun skips everything", async () => {
    const single = fileTree(path.join(root, "single"));
    const sharded = path.join(root, "sharded");
    for (const i of [3, 1, 2]) await produceUnits({ model, source, grid, dates, outDir: sharded, tileSize: 32, shard: { index: i, count: 3 } });
    expect(differingFiles(single, fileTree(sharded))).toEqual([]);
    const pooled = path.join(root, "pooled");
    await produceUnits({ model, source, grid, dates, outDir: pooled, tileSize: 32, workers: 2 });
    expect(differingFiles(single, fileTree(pooled))).toEqual([]);
    const again = await produceUnits({ model, source, grid, dates, outDir: pooled, tileSize: 32, workers: 2 });
    expect(again).toMatchObject({ done: 0, skipped: 36 });
  });

  test("after a crash (truncated values, missing record, temporary files) a rerun redoes only the broken units", async () => {
    const dir = path.join(root, "crashed");
    fs.cpSync(path.join(root, "single"), dir, { recursive: true });
    const u = tileUnits({ grid, dates, tileSize: 32 });
    const a = unitPaths(dir, u[4].id), b = unitPaths(dir, u[17].id);
    fs.truncateSync(a.values, 10);
    fs.rmSync(b.record);
    fs.writeFileSync(`${b.values}.tmp-99999`, "partial");
    expect(readUnitRecord(dir, u[4].id)).toBeNull();
    const res = await produceUnits({ model, source, grid, dates, outDir: dir, tileSize: 32 });
    expect(res).toMatchObject({ done: 2, skipped: 34 });
    expect(differingFiles(fileTree(path.join(root, "single")), fileTree(dir))).toEqual([]);
  });

  test("a folder of another run is refused; bad options are named", async () => {
    await expect(produceUnits({ model, source, grid, dates: dates.slice(0, 2), outDir: path.join(root, "single"), tileSize: 32 })).rejects.toThrow(/production.json describes another run/);
    await expect(produceUnits({ model, source, grid, dates, outDir: path.join(root, "x"), workers: 99 })).rejects.toThrow(/options.workers must be an integer in 0..64, got 99/);
  });
});
