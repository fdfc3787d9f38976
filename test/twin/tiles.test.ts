import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generateTwin, openTwin, twinConfig, TwinStore, TwinSource, type TwinConfig, type TwinData } from "../../src/twin";
import { LatLonGrid } from "../../src/grid/latLonGrid";

// tiny with 2 × 2 cells per tile: four 50 × 50 tiles over the 100 × 100 window
const tiny = twinConfig("tiny");
const tiled: TwinConfig = { ...tiny, window: { ...tiny.window, tile: 50 } };
let data: TwinData;
beforeAll(() => { data = generateTwin(tiled); });

const ARRAYS = ["truth", "gldas", "amsr2", "ascat", "precip", "clear", "lst", "ndvi", "fineTruth", "fineClear", "fineLst", "fineNdvi", "fineDem", "finePorosity", "fineLandCells"] as const;
function bytesOf(d: TwinData, k: typeof ARRAYS[number]): Buffer {
  const a = d[k] as ArrayBufferView;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

describe("the 1 km region in tiles (tiny, 4 tiles)", () => {
  test("tiles computed in another order, or with another tile size, give the same bytes", () => {
    const reordered = generateTwin(tiled, { tileOrder: [3, 1, 0, 2] });
    const oneTile = generateTwin(tiny); // one 100 × 100 tile
    for (const k of ARRAYS) {
      expect([k, bytesOf(reordered, k).equals(bytesOf(data, k))]).toEqual([k, true]);
      expect([k, bytesOf(oneTile, k).equals(bytesOf(data, k))]).toEqual([k, true]);
    }
    expect(reordered.stations.map((s) => Buffer.from(s.sm.buffer).toString("base64"))).toEqual(data.stations.map((s) => Buffer.from(s.sm.buffer).toString("base64")));
    expect(() => generateTwin(tiled, { tileOrder: [0, 1, 2, 2] })).toThrow(/tileOrder must be a permutation of 0…3/);
  });

  test("0.25° truth, clear fraction, LST and NDVI are the means of the 1 km values served, on every kept day", async () => {
    const src = new TwinSource(TwinStore.fromData(data));
    const c = src.coarseGrid, f = src.fineGrid;
    const ratio = Math.round(c.cellSize / f.cellSize);
    const colOff = Math.round((f.west - c.west) / c.cellSize), rowOff = Math.round((c.north - f.north) / c.cellSize);
    let worst = 0, cellDays = 0;
    for (const date of src.applicationDates()) {
      for (const variable of ["truth_sm", "lst", "ndvi", "clear"] as const) {
        const fineV = variable === "clear" ? src.clearSky(f, date).values : (await src.getLayer({ variable, grid: f, date })).values;
        const coarseV = variable === "clear" ? src.clearSky(c, date).values : (await src.getLayer({ variable, grid: c, date })).values;
        const sum = new Float64Array(c.size), n = new Float64Array(c.size), land = new Float64Array(c.size);
        const lc = (await src.getLayer({ variable: "landcover", grid: f, date })).values;
        for (let i = 0; i < f.size; i++) {
          if (lc[i] === 17) continue;
          const ci = (rowOff + Math.floor(Math.floor(i / f.width) / ratio)) * c.width + colOff + Math.floor((i % f.width) / ratio);
          land[ci]++;
          if (!Number.isNaN(fineV[i])) { sum[ci] += fineV[i]; n[ci]++; }
        }
        for (let ci = 0; ci < c.size; ci++) {
          if (land[ci] === 0 || Number.isNaN(coarseV[ci])) continue;
          // composites need ≥ 50 % valid pixels; daily layers are means over all land pixels
          if (variable === "lst" || variable === "ndvi") expect(n[ci]).toBeGreaterThanOrEqual(0.5 * land[ci]);
          else expect(n[ci]).toBe(land[ci]);
          const tol = variable === "clear" ? 0.5 / 250 : Math.abs(coarseV[ci]) * 1.2e-7;
          worst = Math.max(worst, Math.abs(sum[ci] / n[ci] - coarseV[ci]) / (tol || 1));
          cellDays++;
        }
      }
    }
    expect(cellDays).toBeGreaterThan(4 * 14 * 4 * 3);
    expect(worst).toBeLessThanOrEqual(1);
  });

  test("tile files (int16 encoding) serve the same values as the in-memory arrays; any block of the region reads as the region", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-tiles-"));
    try {
      const files = openTwin(tiled, { dataDir: dir, fineStorage: "tiles" });
      expect(files.store.meta.fineStorage).toBe("tiles");
      const tilesDir = path.join(dir, "twin", fs.readdirSync(path.join(dir, "twin"))[0], "tiles");
      expect(fs.readdirSync(tilesDir).sort()).toEqual(["r000c000.tile", "r000c001.tile", "r001c000.tile", "r001c001.tile"]);
      const mem = new TwinSource(TwinStore.fromData(data));
      const f = mem.fineGrid;
      // a block straddling all four tiles
      const block = new LatLonGrid({ west: f.west + 0.3, north: f.north - 0.2, cellSize: f.cellSize, width: 37, height: 45 });
      const date = mem.applicationDates()[5];
      for (const variable of ["truth_sm", "lst", "ndvi", "dem", "landcover", "soil", "gldas_sm", "amsr2_sm", "precip"] as const) {
        const a = await mem.getLayer({ variable, grid: f, date });
        const b = await files.getLayer({ variable, grid: f, date });
        expect([variable, Buffer.from(b.values.buffer).equals(Buffer.from(a.values.buffer))]).toEqual([variable, true]);
        expect(b.counts).toEqual(a.counts);
        const sub = await files.getLayer({ variable, grid: block, date });
        let same = 0;
        for (let r = 0; r < block.height; r++) for (let c = 0; c < block.width; c++) if (Object.is(sub.values[r * block.width + c], a.values[(20 + r) * f.width + 30 + c])) same++;
        expect([variable, same]).toEqual([variable, block.size]);
      }
      expect(Buffer.from(files.clearSky(block, date).values.buffer).equals(Buffer.from(mem.clearSky(block, date).values.buffer))).toBe(true);
      // station series through getSeries on the region's pixel indices
      const cells = mem.stationSeries().map((s) => s.fineIndex);
      const sa = mem.getSeries({ variable: "truth_sm", grid: f, cells }), sb = files.getSeries({ variable: "truth_sm", grid: f, cells });
      expect(Buffer.from(sb.values.buffer).equals(Buffer.from(sa.values.buffer))).toBe(true);
      // a block outside the region, or misaligned, is refused naming the grid
      const outside = new LatLonGrid({ west: f.west - 0.05, north: f.north, cellSize: f.cellSize, width: 10, height: 10 });
      expect(() => files.layer({ variable: "dem", grid: outside, date })).toThrow(/nor a block of its 1 km grid/);
      // a damaged tile file is named
      fs.truncateSync(path.join(tilesDir, "r001c001.tile"), 100);
      const broken = openTwin(tiled, { dataDir: dir });
      expect(() => broken.layer({ variable: "truth_sm", grid: f, date })).toThrow(/r001c001\.tile has 100 bytes/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("physical ranges of the tiled 1 km layers", () => {
    const F = data.fineLandCells.length;
    let bad = 0;
    for (let t = 0; t < data.nKeep; t++) for (let k = 0; k < F; k++) {
      const v = data.fineTruth[t * F + k];
      if (!(v >= 0.02 && v <= data.finePorosity[data.fineLandCells[k]] + 1e-6)) bad++;
    }
    for (const v of data.fineLst) if (!(Number.isNaN(v) || (v >= 230 && v <= 340))) bad++;
    for (const v of data.fineNdvi) if (!(Number.isNaN(v) || (v >= -0.2 && v <= 1))) bad++;
    for (const v of data.fineClear) if (v !== 0 && v !== 250) bad++;
    expect(bad).toBe(0);
    expect(() => generateTwin({ ...tiny, window: { ...tiny.window, tile: 30 } })).toThrow(/window\.tile must be a positive multiple of 25/);
  });
});
