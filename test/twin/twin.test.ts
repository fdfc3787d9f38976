import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generateTwin, openTwin, twinConfig, TwinStore, TwinSource, twinCacheDir, type TwinData, STATIONS } from "../../src/twin";

const tiny = twinConfig("tiny");
let data: TwinData;
let source: TwinSource;
beforeAll(() => {
  data = generateTwin(tiny);
  source = new TwinSource(TwinStore.fromData(data));
});

function digest(d: TwinData): string[] {
  const s = TwinStore.fromData(d);
  return Object.keys(s.meta.lengths).sort().map((k) => {
    const a = (s as unknown as { arrays: Map<string, ArrayBufferView> }).arrays.get(k)!;
    return k + ":" + Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64").length + ":" + require_hash(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  });
}
function require_hash(b: Buffer): string {
  // FNV-1a over bytes: enough to tell arrays apart
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) { h ^= b[i]; h = Math.imul(h, 0x01000193) >>> 0; }
  return h.toString(16);
}

describe("synthetic twin (tiny configuration)", () => {
  test("same configuration and seed ⇒ byte-identical arrays; another seed ⇒ different", () => {
    const again = generateTwin(twinConfig("tiny"));
    expect(digest(again)).toEqual(digest(data));
    const other = generateTwin(twinConfig("tiny", { seed: 1 }));
    expect(Buffer.from(other.gldas.buffer).equals(Buffer.from(data.gldas.buffer))).toBe(false);
    expect(Buffer.from(other.fineTruth.buffer).equals(Buffer.from(data.fineTruth.buffer))).toBe(false);
  });

  test("a cache hit serves byte-identical layers; the cache is keyed by configuration and seed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-cache-"));
    try {
      const fresh = openTwin(tiny, { dataDir: dir });
      const cacheDir = twinCacheDir(tiny, dir);
      expect(fs.existsSync(path.join(cacheDir, "meta.json"))).toBe(true);
      expect(fs.readdirSync(cacheDir).some((f) => f.includes(".tmp-"))).toBe(false);
      const cached = openTwin(tiny, { dataDir: dir });
      expect(cached.store).not.toBe(fresh.store);
      for (const variable of ["gldas_sm", "amsr2_sm", "ascat_sm", "lst", "ndvi", "precip", "truth_sm", "dem", "landcover", "soil"] as const) {
        for (const grid of [fresh.coarseGrid, fresh.fineGrid]) {
          const a = await fresh.getLayer({ variable, grid, date: "2015-05-07" });
          const b = await cached.getLayer({ variable, grid, date: "2015-05-07" });
          expect(Buffer.from(b.values.buffer).equals(Buffer.from(a.values.buffer))).toBe(true);
        }
      }
      expect(twinCacheDir(twinConfig("tiny", { seed: 2 }), dir)).not.toBe(cacheDir);
      // a truncated array file is named and the cache regenerated, byte-identical (test/bad covers more damage)
      const intact = fs.readFileSync(path.join(cacheDir, "gldas.bin"));
      fs.truncateSync(path.join(cacheDir, "gldas.bin"), 10);
      const said: string[] = [];
      const again = openTwin(tiny, { dataDir: dir, onProgress: (m) => said.push(m) });
      expect(said[0]).toMatch(/gldas\.bin has 10 bytes, expected \d+; regenerating the cache/);
      expect(fs.readFileSync(path.join(cacheDir, "gldas.bin")).equals(intact)).toBe(true);
      expect(again.store.meta.nDays).toBe(fresh.store.meta.nDays);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("physical ranges: soil moisture in [0.02, porosity], LST 230–340 K, NDVI −0.2…1, valid class codes", () => {
    const L = data.coarseLandCells.length, F = data.fineLandCells.length;
    const bad: Record<string, number> = { truth: 0, gldas: 0, amsr2: 0, ascat: 0, fineTruth: 0, lst: 0, ndvi: 0, landcover: 0, soil: 0 };
    for (let t = 0; t < data.nDays; t++) for (let k = 0; k < L; k++) {
      const phi = data.coarsePorosity[data.coarseLandCells[k]];
      const tr = data.truth[t * L + k], g = data.gldas[t * L + k];
      if (!(tr >= 0.02 && tr <= phi + 1e-6)) bad.truth++;
      if (!(g >= 0.02 && g <= phi + 1e-6)) bad.gldas++;
      const am = data.amsr2[t * L + k], as = data.ascat[t * L + k];
      if (!(Number.isNaN(am) || (am >= 0 && am <= 0.5))) bad.amsr2++;
      if (!(Number.isNaN(as) || (as >= 0 && as <= 1))) bad.ascat++;
    }
    for (let t = 0; t < data.nKeep; t++) for (let k = 0; k < F; k++) {
      const v = data.fineTruth[t * F + k];
      if (!(v >= 0.02 && v <= data.finePorosity[data.fineLandCells[k]] + 1e-6)) bad.fineTruth++;
    }
    for (const a of [data.lst, data.fineLst]) for (const v of a) if (!(Number.isNaN(v) || (v >= 230 && v <= 340))) bad.lst++;
    for (const a of [data.ndvi, data.fineNdvi]) for (const v of a) if (!(Number.isNaN(v) || (v >= -0.2 && v <= 1))) bad.ndvi++;
    for (const a of [data.coarseLandCover, data.fineLandCover]) for (const v of a) if (!(Number.isInteger(v) && v >= 1 && v <= 17)) bad.landcover++;
    for (const a of [data.coarseSoil, data.fineSoil]) for (const v of a) if (!(Number.isNaN(v) || (Number.isInteger(v) && v >= 1 && v <= 16))) bad.soil++;
    expect(bad).toEqual({ truth: 0, gldas: 0, amsr2: 0, ascat: 0, fineTruth: 0, lst: 0, ndvi: 0, landcover: 0, soil: 0 });
    // and the layers are not degenerate
    let lo = Infinity, hi = -Infinity;
    for (const v of data.fineTruth) { if (v < lo) lo = v; if (v > hi) hi = v; }
    expect(hi - lo).toBeGreaterThan(0.1);
    // the tiny domain is Korean land: cropland, forest and built-up dominate
    const counts = new Map<number, number>();
    for (const v of data.fineLandCover) counts.set(v, (counts.get(v) ?? 0) + 1);
    const forestCrop = [1, 2, 3, 4, 5, 12, 14].reduce((s, c) => s + (counts.get(c) ?? 0), 0);
    expect(forestCrop / data.fineLandCover.length).toBeGreaterThan(0.7);
    // gaps exist: clouds in LST composites, orbit gaps in the microwave products
    expect(data.ascat.some(Number.isNaN)).toBe(true);
    expect(data.fineLst.some(Number.isNaN)).toBe(true);
  });

  test("the 0.25° mean of the 1 km truth matches GLDAS-like within the declared bias and noise", () => {
    const twin = source;
    const { maxAbsBias, noiseSd } = twin.gldasError;
    const c = twin.coarseGrid, f = twin.fineGrid;
    const resid: number[] = [];
    let compared = 0;
    for (const date of twin.applicationDates()) {
      const truth = twin.layer({ variable: "truth_sm", grid: f, date }).values;
      const gldas = twin.layer({ variable: "gldas_sm", grid: c, date }).values;
      // independent block mean over the 25 × 25 pixels of each 0.25° cell in the window
      const ratio = Math.round(c.cellSize / f.cellSize);
      for (let r = 0; r < f.height / ratio; r++) for (let q = 0; q < f.width / ratio; q++) {
        let s = 0, n = 0;
        for (let a = 0; a < ratio; a++) for (let b = 0; b < ratio; b++) {
          const v = truth[(r * ratio + a) * f.width + q * ratio + b];
          if (!Number.isNaN(v)) { s += v; n++; }
        }
        const ci = c.indexOf(f.lonOf(q * ratio + 1), f.latOf(r * ratio + 1));
        if (n < (ratio * ratio) / 2 || Number.isNaN(gldas[ci])) continue;
        const d = gldas[ci] - s / n;
        expect(Math.abs(d)).toBeLessThanOrEqual(maxAbsBias + 5 * noiseSd);
        resid.push(d - data.gldasBias[ci]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
    const mean = resid.reduce((a, b) => a + b, 0) / resid.length;
    const sd = Math.sqrt(resid.reduce((a, b) => a + (b - mean) ** 2, 0) / resid.length);
    // what remains after removing the declared bias is the noise: centred within its sd, spread below 2 sd
    // (the tiny window holds 16 cells of one smooth, persistent error field, so few independent draws)
    expect(Math.abs(mean)).toBeLessThan(1.5 * noiseSd);
    expect(sd).toBeLessThan(2 * noiseSd);
    expect(resid.some((r) => Math.abs(r) > 1e-4)).toBe(true);
  });

  test("invariant: in the window, the 0.25° truth, clear fraction, LST and NDVI are the means of their 1 km pixels", async () => {
    const c = source.coarseGrid, f = source.fineGrid;
    const ratio = Math.round(c.cellSize / f.cellSize);
    // independent block means over the ratio × ratio pixels of each 0.25° cell, of the served layers
    const check = (fineValues: Float32Array, coarseValues: Float32Array, tol: number): number => {
      let compared = 0;
      for (let r = 0; r < f.height / ratio; r++) for (let q = 0; q < f.width / ratio; q++) {
        let sum = 0, n = 0;
        for (let a = 0; a < ratio; a++) for (let b = 0; b < ratio; b++) {
          const v = fineValues[(r * ratio + a) * f.width + q * ratio + b];
          if (!Number.isNaN(v)) { sum += v; n++; }
        }
        const ci = c.indexOf(f.lonOf(q * ratio + 1), f.latOf(r * ratio + 1));
        if (n === 0 || !Number.isFinite(coarseValues[ci])) continue;
        expect(Math.abs(coarseValues[ci] - sum / n)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(coarseValues[ci])));
        compared++;
      }
      return compared;
    };
    let nTruth = 0, nClear = 0, nLst = 0, nNdvi = 0;
    for (const date of source.applicationDates()) {
      const layer = async (v: "truth_sm" | "lst" | "ndvi", g: typeof c) => (await source.getLayer({ variable: v, grid: g, date })).values;
      nTruth += check(await layer("truth_sm", f), await layer("truth_sm", c), 1e-6);
      nClear += check(source.clearSky(f, date).values.map((v) => v), source.clearSky(c, date).values, 1 / 250 + 1e-6);
      nLst += check(await layer("lst", f), await layer("lst", c), 1e-6);
      nNdvi += check(await layer("ndvi", f), await layer("ndvi", c), 1e-6);
    }
    for (const n of [nTruth, nClear, nLst, nNdvi]) expect(n).toBeGreaterThan(100);
    // and the 1 km cloud mask is not all-or-nothing within cells: partly clear cells exist
    const fr = source.applicationDates().flatMap((d) => Array.from(source.clearSky(c, d).values).filter((v) => Number.isFinite(v)));
    expect(fr.filter((v) => v > 0.05 && v < 0.95).length).toBeGreaterThan(fr.length / 10);
  });

  test("stations: 10 cm series move and do not sit at their probe soil's porosity (≤ 10 % of days)", () => {
    const series = source.stationSeries();
    expect(series.length).toBeGreaterThan(3);
    for (const s of series) {
      const xs = Array.from(s.sm).filter(Number.isFinite);
      expect(xs.length).toBeGreaterThan(60);
      const atPhi = xs.filter((v) => v >= (s.porosity as number) - 0.005).length;
      expect(atPhi / xs.length).toBeLessThanOrEqual(0.1);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
      expect(sd).toBeGreaterThan(0.005);
      expect(Math.max(...xs)).toBeLessThanOrEqual((s.porosity as number) + 1e-6);
    }
  });

  test("stations sit at the Table 2 coordinates with their Table 2 land cover and altitude", () => {
    // Table 2 of Park et al. 2017, copied independently of src/twin/stations.ts
    const table2: Record<string, [number, number, number]> = {
      Andong: [36.538, 128.805, 112], Cheongju: [36.588, 127.505, 57], Geochang: [35.678, 127.923, 195], Geumsan: [36.126, 127.496, 167],
      Gyeongsan: [35.817, 128.813, 57], Gyeryong: [36.2, 127.28, 176], Hwacheon: [38.114, 127.708, 176], Hwasun: [34.97, 127.07, 162],
      Jinan: [35.761, 127.438, 347], Miryang: [35.447, 128.757, 53], Mungyeong: [36.608, 128.208, 106], Okcheon: [36.3, 127.596, 126],
      Sejong: [36.563, 127.298, 22], Wanju: [35.984, 127.22, 52],
    };
    expect(STATIONS).toHaveLength(14);
    for (const s of STATIONS) expect([s.lat, s.lon, s.alt]).toEqual(table2[s.name]);
    const twin = source;
    const series = twin.stationSeries();
    // the tiny window (127–128°E, 36–37°N) holds five of them
    expect(series.map((s) => s.station.name).sort()).toEqual(["Cheongju", "Geumsan", "Gyeryong", "Okcheon", "Sejong"]);
    const dem = twin.layer({ variable: "dem", grid: twin.fineGrid, date: "2015-05-01" }).values;
    const lc = twin.layer({ variable: "landcover", grid: twin.fineGrid, date: "2015-05-01" }).values;
    for (const s of series) {
      expect(s.fineIndex).toBe(twin.fineGrid.indexOf(s.station.lon, s.station.lat));
      expect(lc[s.fineIndex]).toBe(s.station.landCover1km === "Forest" ? 5 : 12);
      expect(Math.abs(dem[s.fineIndex] - s.station.alt)).toBeLessThan(0.5);
      // 10 cm series: plausible values, precipitation non-negative
      const kept = s.dates.map((d, i) => (d >= "2015-05-01" ? i : -1)).filter((i) => i >= 0);
      for (const i of kept) {
        expect(s.sm[i]).toBeGreaterThanOrEqual(0.02);
        expect(s.sm[i]).toBeLessThan(0.65);
        expect(s.precip[i]).toBeGreaterThanOrEqual(0);
      }
    }
  });

  test("LayerSource contract: errors name the variable, grid or date", async () => {
    const twin = source;
    await expect(twin.getLayer({ variable: "gldas_sm", grid: twin.coarseGrid, date: "2014-01-01" })).rejects.toThrow(/2014-01-01.*outside the period/);
    await expect(twin.getLayer({ variable: "truth_sm", grid: twin.fineGrid, date: "2015-04-10" })).rejects.toThrow(/truth_sm.*kept days/);
    const other = twin.coarseGrid.toJSON();
    const { LatLonGrid } = await import("../../src/grid/latLonGrid");
    await expect(twin.getLayer({ variable: "dem", grid: new LatLonGrid({ ...other, cellSize: 0.5 }), date: "2015-05-01" })).rejects.toThrow(/neither the twin's 0.25° grid/);
    await expect(twin.getLayer({ variable: "bogus" as "dem", grid: twin.coarseGrid, date: "2015-05-01" })).rejects.toThrow(/unknown variable 'bogus'/);
    const layer = await twin.getLayer({ variable: "ascat_sm", grid: twin.coarseGrid, date: "2015-05-02" });
    expect(layer.units).toMatch(/fraction/);
    expect(layer.counts.cells).toBe(48);
    expect(layer.counts.valid + layer.counts.missing).toBe(48);
    expect(layer.provenance).toBe("twin:tiny:20170507");
    // bulk access agrees with layer access
    const cells = [3, 17, 40];
    const s = twin.getSeries({ variable: "lst", grid: twin.coarseGrid, cells, start: "2015-05-01", end: "2015-05-03" });
    expect(s.dates).toEqual(["2015-05-01", "2015-05-02", "2015-05-03"]);
    const l2 = twin.layer({ variable: "lst", grid: twin.coarseGrid, date: "2015-05-02" }).values;
    expect(Array.from(s.values.slice(3, 6))).toEqual(cells.map((c) => l2[c]));
    const cube = twin.getCube({ variable: "gldas_sm", grid: twin.coarseGrid, start: "2015-05-01", end: "2015-05-02" });
    expect(cube.values.length).toBe(2 * 48);
    // 1 km service of a 0.25° variable is the containing cell's value
    const fineG = twin.layer({ variable: "gldas_sm", grid: twin.fineGrid, date: "2015-05-02" }).values;
    const coarseG = twin.layer({ variable: "gldas_sm", grid: twin.coarseGrid, date: "2015-05-02" }).values;
    const i = twin.fineGrid.indexOf(127.33, 36.41);
    expect(fineG[i]).toBe(coarseG[twin.coarseGrid.indexOf(127.33, 36.41)]);
  });
});
