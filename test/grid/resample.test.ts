import * as fs from "node:fs";
import * as path from "node:path";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { meanAggregate } from "../../src/grid/meanAggregate";
import { majorityAggregate } from "../../src/grid/majorityAggregate";
import { resampleBilinear } from "../../src/grid/resampleBilinear";
import { resampleNearest } from "../../src/grid/resampleNearest";
import { aggregateLandCover, AGGREGATED_LAND_COVER_CLASSES, IGBP_CLASS_NAMES } from "../../src/grid/aggregateLandCover";
import { nestedCellMap } from "../../src/grid/nestedCellMap";
import { readGeoTiff } from "../../src/io/readGeoTiff";

// Expected values: numpy/scipy, test/fixtures/grid/make-expected.py (see test/fixtures/grid/README.md).
const exp = JSON.parse(fs.readFileSync(path.join(process.cwd(), "test/fixtures/grid/resample-expected.json"), "utf8"));
const nan = (a: (number | null)[]) => a.map((v) => (v === null ? NaN : v));

// The same integer formulas as make-expected.py
function field(h: number, w: number): Float32Array {
  const v = new Float32Array(h * w);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) {
    let x = 0.05 + ((r * 7919 + c * 104729 + r * c * 31) % 1009) / 2018;
    if ((r * 3 + c * 7) % 11 === 0) x = NaN;
    if (r >= 10 && r < 40 && c >= 60 && c < 95) x = NaN;
    v[r * w + c] = x;
  }
  return v;
}
function codes(h: number, w: number): Float32Array {
  const v = new Float32Array(h * w);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) {
    v[r * w + c] = (r * 5 + c * 3) % 13 === 0 ? NaN : ((Math.floor(r / 7) + Math.floor(c / 9)) % 6) + 1;
  }
  return v;
}
const fine = new LatLonGrid({ west: exp.fine.west, north: exp.fine.north, cellSize: exp.fine.cell, width: exp.fine.w, height: exp.fine.h });
const coarse = new LatLonGrid({ west: exp.coarse.west, north: exp.coarse.north, cellSize: exp.coarse.cell, width: exp.coarse.w, height: exp.coarse.h });

function expectArrayClose(actual: ArrayLike<number>, expected: number[], digits: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(expected[i])) { if (!Number.isNaN(actual[i])) throw new Error(`index ${i}: expected NaN, got ${actual[i]}`); }
    else if (!(Math.abs(actual[i] - expected[i]) < 10 ** -digits)) throw new Error(`index ${i}: expected ${expected[i]}, got ${actual[i]}`);
  }
}

describe("meanAggregate (0.01° → 0.25°, partial coverage, a cloud)", () => {
  test("matches numpy with minValidFraction 0.5 and reports dropped cells", () => {
    const r = meanAggregate(field(fine.height, fine.width), { from: fine, to: coarse, minValidFraction: 0.5 });
    const e = nan(exp["mean_minValid0.5"]);
    expectArrayClose(r.values, e, 6);
    expectArrayClose(r.validFraction, exp.validFraction, 6);
    const r0 = meanAggregate(field(fine.height, fine.width), { from: fine, to: coarse, minValidFraction: 0 });
    const e0 = nan(exp.mean_minValid0);
    expectArrayClose(r0.values, e0, 6);
    const dropped = e0.filter((v, i) => !Number.isNaN(v) && Number.isNaN(e[i])).length;
    expect(dropped).toBeGreaterThan(0);
    expect(r.counts.droppedTooFewValid).toBe(dropped);
    expect(r.counts.noValid).toBe(e0.filter(Number.isNaN).length);
    expect(r.counts.aggregated).toBe(e.filter((v) => !Number.isNaN(v)).length);
  });
  test("TSDoc examples and the 90 m → 1 km factor 12 nesting", () => {
    const from = new LatLonGrid({ west: 0, north: 1, cellSize: 0.5, width: 2, height: 2 });
    const to = new LatLonGrid({ west: 0, north: 1, cellSize: 1, width: 1, height: 1 });
    expect(meanAggregate([1, 2, NaN, 3], { from, to }).values[0]).toBe(2);
    expect(meanAggregate([1, NaN, NaN, NaN], { from, to }).counts.droppedTooFewValid).toBe(1);
    const srtm = new LatLonGrid({ west: 127, north: 38, cellSize: 1 / 1200, width: 120, height: 60 });
    const km = new LatLonGrid({ west: 127, north: 38, cellSize: 0.01, width: 10, height: 5 });
    const m = nestedCellMap(srtm, km);
    expect(Array.from(m.expectedCols)).toEqual(new Array(10).fill(12));
    const dem = new Float32Array(srtm.width * srtm.height).map((_, i) => Math.floor(i / 120)); // = row index
    const r = meanAggregate(dem, { from: srtm, to: km });
    expect(r.values[0]).toBeCloseTo(5.5, 5); // rows 0..11
    expect(r.values[49]).toBeCloseTo(53.5, 5); // rows 48..59
  });
  test("options are validated before any work", () => {
    expect(() => meanAggregate([1], { from: coarse, to: fine })).toThrow(/to.cellSize \(0.01\) must be >= from.cellSize \(0.25\)/);
    expect(() => meanAggregate(new Float32Array(fine.size), { from: fine, to: coarse, minValidFraction: 2 })).toThrow(/minValidFraction must be in \[0, 1\], got 2/);
    expect(() => meanAggregate([1, 2], { from: fine, to: coarse })).toThrow(/values must hold from.width\*from.height = 7500 numbers, got 2/);
  });
});

describe("majorityAggregate", () => {
  test("matches numpy bincount/argmax (smallest code on ties)", () => {
    const r = majorityAggregate(codes(fine.height, fine.width), { from: fine, to: coarse });
    expectArrayClose(r.values, nan(exp.majority), 9);
    expect(r.counts.ties).toBe(exp.majorityTies);
  });
  test("ties go to the smallest code and are counted; bad codes are ignored and counted", () => {
    const from = new LatLonGrid({ west: 0, north: 1, cellSize: 0.5, width: 2, height: 2 });
    const to = new LatLonGrid({ west: 0, north: 1, cellSize: 1, width: 1, height: 1 });
    const r = majorityAggregate([4, 1, 4, 1], { from, to });
    expect(r.values[0]).toBe(1);
    expect(r.counts.ties).toBe(1);
    expect(r.share[0]).toBe(0.5);
    const b = majorityAggregate([4, 2.5, -1, 4], { from, to });
    expect(b.values[0]).toBe(4);
    expect(b.counts.invalidCodes).toBe(2);
    expect(majorityAggregate([NaN, NaN, NaN, 3], { from, to, minValidFraction: 0.5 }).counts.droppedTooFewValid).toBe(1);
  });
  test("500 m → 1 km land cover (factor 2) on aggregated classes", () => {
    const m500 = new LatLonGrid({ west: 126, north: 38, cellSize: 1 / 240, width: 4, height: 2 });
    const km = new LatLonGrid({ west: 126, north: 38, cellSize: 1 / 120, width: 2, height: 1 });
    const lc = aggregateLandCover([1, 4, 12, 12, 2, 17, 14, 255], { numbering: "c6" });
    // classes: [1,1,6,6, 1,0,6,NaN] → cell 0: forest 3 of 4; cell 1: croplands 3 of 3
    const r = majorityAggregate(lc.values, { from: m500, to: km });
    expect(Array.from(r.values)).toEqual([1, 6]);
    expect(lc.counts.fill).toBe(1);
  });
});

describe("resampleBilinear (0.25° → 0.05°)", () => {
  test("matches scipy RegularGridInterpolator (edge clamp, NaN outside)", () => {
    const b = exp.bilinear;
    const from = new LatLonGrid({ west: b.from.west, north: b.from.north, cellSize: b.from.cell, width: b.from.w, height: b.from.h });
    const to = new LatLonGrid({ west: b.to.west, north: b.to.north, cellSize: b.to.cell, width: b.to.w, height: b.to.h });
    const g = new Float32Array(from.width * from.height);
    for (let r = 0; r < from.height; r++) for (let c = 0; c < from.width; c++) g[r * from.width + c] = 0.2 + 0.01 * (r * 3 + c * 2) + 0.001 * (r * r + c);
    const r = resampleBilinear(g, { from, to });
    const e = nan(b.values);
    expectArrayClose(r.values, e, 6);
    expect(r.counts.outside).toBe(e.filter(Number.isNaN).length);
    expect(r.counts.outside).toBeGreaterThan(0);
  });
  test("TSDoc example and NaN policies", () => {
    const from = new LatLonGrid({ west: 0, north: 1, cellSize: 1, width: 2, height: 1 });
    const to = new LatLonGrid({ west: 0.5, north: 1, cellSize: 0.5, width: 2, height: 1 });
    expect(Array.from(resampleBilinear([0, 10], { from, to }).values)).toEqual([2.5, 7.5]);
    expect(Array.from(resampleBilinear([NaN, 10], { from, to }).values)).toEqual([10, 10]);
    const p = resampleBilinear([NaN, 10], { from, to, nan: "propagate" });
    expect(Array.from(p.values)).toEqual([NaN, NaN]);
    expect(p.counts.noValidNeighbour).toBe(2);
    expect(() => resampleBilinear([0, 1], { from, to, nan: "zero" as never })).toThrow(/nan must be "renormalize" or "propagate", got zero/);
  });
});

describe("resampleNearest", () => {
  test("TSDoc example: cells outside the source are NaN and counted", () => {
    const from = new LatLonGrid({ west: 0, north: 1, cellSize: 1, width: 1, height: 1 });
    const to = new LatLonGrid({ west: 0, north: 1, cellSize: 0.5, width: 3, height: 2 });
    const r = resampleNearest([7], { from, to });
    expect(Array.from(r.values)).toEqual([7, 7, NaN, 7, 7, NaN]);
    expect(r.counts.outside).toBe(2);
  });
  test("0.25° → 0.01°: every fine cell takes its coarse cell's value", () => {
    const vals = new Float32Array(coarse.size).map((_, i) => i * 0.5);
    const r = resampleNearest(vals, { from: coarse, to: fine });
    for (let row = 0; row < fine.height; row += 7) for (let col = 0; col < fine.width; col += 11) {
      const ci = coarse.indexOf(fine.lonOf(col), fine.latOf(row));
      expect(r.values[row * fine.width + col]).toBe(ci * 0.5);
    }
  });
});

describe("aggregateLandCover (digest Table A1)", () => {
  test("C5 numbering, barren separate: every IGBP code", () => {
    const r = aggregateLandCover([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 254, 255, 17, NaN], { numbering: "c5" });
    expect(Array.from(r.values)).toEqual([0, 1, 1, 1, 1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 6, 8, 9, NaN, NaN, NaN, NaN]);
    expect(r.counts).toEqual({ fill: 1, unclassified: 1, unknown: 1, missing: 1 });
    expect(r.classes).toHaveLength(10);
    expect(r.classes[9]).toEqual({ code: 9, name: "Barren" });
  });
  test("C6 numbering (water 17), Table A1 as printed (barren → grasslands, 9 classes)", () => {
    const r = aggregateLandCover([17, 16, 0, 255], { numbering: "c6", barren: "grassland" });
    expect(Array.from(r.values)).toEqual([0, 4, NaN, NaN]);
    expect(r.counts.unknown).toBe(1); // 0 is not a C6 code
    expect(r.classes.map((c) => c.name)).toEqual(AGGREGATED_LAND_COVER_CLASSES.slice(0, 9).map((c) => c.name));
    expect(IGBP_CLASS_NAMES[16]).toBe("Barren or sparsely vegetated");
  });
  test("TSDoc example", () => {
    const r = aggregateLandCover([17, 1, 5, 12, 14, 16, 255], { numbering: "c6" });
    expect(Array.from(r.values)).toEqual([0, 1, 1, 6, 6, 9, NaN]);
    expect(aggregateLandCover([16], { barren: "grassland" }).values[0]).toBe(4);
    expect(() => aggregateLandCover([1], { numbering: "c7" as never })).toThrow(/numbering must be "c6" or "c5", got c7/);
  });
  test("the real AppEEARS MCD12Q1 C6.1 tile: aggregated histogram equals gdalinfo -hist IGBP counts", async () => {
    // gdalinfo -json -hist MCD12Q1.061_LC_Type1_doy2011001_aid0001.tif → buckets 7: 63255, 10: 24532, 11: 13580, 16: 214, 17: 14742
    const lc = await readGeoTiff(path.join(process.cwd(), "test/fixtures/geotiff/MCD12Q1.061_LC_Type1_doy2011001_aid0001.tif"));
    const r = aggregateLandCover(lc.values, { numbering: "c6" });
    const hist: Record<number, number> = {};
    for (const v of r.values) if (v === v) hist[v] = (hist[v] ?? 0) + 1;
    expect(hist).toEqual({ 2: 63255, 4: 24532, 5: 13580, 9: 214, 0: 14742 });
    expect(r.counts.missing).toBe(724 * 426 - 116323); // the reader turned fill 255 into NaN
  });
});

describe("majority 500 m → 1 km on the real MCD12Q1 tile against gdalwarp -r mode", () => {
  // test/fixtures/grid/MCD12Q1_LC_Type1_1km_gdalwarp_mode.tif was made with (GDAL 3.6.2):
  //   gdalwarp -ovr NONE -r mode -co COMPRESS=DEFLATE -tr 0.008333333332558368 0.008333333332558368
  //     -te -111.7124999896112 64.3749999940134 -108.69583332322507 66.14999999384833 MCD12Q1…tif out.tif
  test("same valid cells; same class wherever the majority is not a tie; GDAL's pick in ties is one of the tied classes", async () => {
    const lc = await readGeoTiff(path.join(process.cwd(), "test/fixtures/geotiff/MCD12Q1.061_LC_Type1_doy2011001_aid0001.tif"));
    const gd = await readGeoTiff(path.join(process.cwd(), "test/fixtures/grid/MCD12Q1_LC_Type1_1km_gdalwarp_mode.tif"));
    const from = LatLonGrid.fromGeoTransform(lc.geoTransform!, lc.width, lc.height);
    const to = LatLonGrid.fromGeoTransform(gd.geoTransform!, gd.width, gd.height);
    const m = majorityAggregate(lc.values, { from, to });
    let same = 0, tieDiff = 0;
    for (let cr = 0; cr < to.height; cr++) for (let cc = 0; cc < to.width; cc++) {
      const i = cr * to.width + cc;
      const mine = m.values[i], theirs = gd.values[i];
      if (Number.isNaN(theirs)) { expect(mine).toBeNaN(); continue; }
      if (mine === theirs) { same++; continue; }
      const cnt = new Map<number, number>();
      for (let dr = 0; dr < 2; dr++) for (let dc = 0; dc < 2; dc++) {
        const v = lc.values[(2 * cr + dr) * from.width + 2 * cc + dc];
        if (v === v) cnt.set(v, (cnt.get(v) ?? 0) + 1);
      }
      expect(cnt.get(mine)).toBe(cnt.get(theirs)); // a tie
      expect(mine).toBeLessThan(theirs); // ours: smallest code
      tieDiff++;
    }
    expect(same).toBeGreaterThan(26000);
    expect(tieDiff).toBeLessThanOrEqual(m.counts.ties);
    expect(m.counts.aggregated).toBe(same + tieDiff);
  });
});
