// hierarchicalFill and regionCells: every expected value worked out by hand from the small inputs below.
import { describe, expect, test } from "@jest/globals";
import { FILL_SOURCE, hierarchicalFill } from "../../src/lab/hierarchicalFill";
import { REGION_BOXES, regionCells } from "../../src/lab/regionCells";
import { LatLonGrid } from "../../src/grid/latLonGrid";

describe("hierarchicalFill", () => {
  const primary = [0.1, NaN, 0.3, NaN, 0.5, NaN];
  const fallback = [0.9, 0.2, 0.9, NaN, 0.9, 0.6];
  test("primary where finite, else fallback, else NaN; counts", () => {
    const f = hierarchicalFill(primary, fallback);
    expect(Array.from(f.combined)).toEqual([Math.fround(0.1), Math.fround(0.2), Math.fround(0.3), NaN, Math.fround(0.5), Math.fround(0.6)]);
    expect(Array.from(f.source)).toEqual([1, 2, 1, 0, 1, 2]);
    expect(f.counts).toEqual({ cells: 6, primary: 3, filled: 2, missing: 1, maskedByGap: 0, primaryShare: 0.5, combinedShare: 5 / 6 });
  });
  test("the gap mask drops finite primary values; the land mask limits the counted cells", () => {
    const f = hierarchicalFill(primary, fallback, { gap: [1, 0, 0, 0, 1, 0], land: [1, 1, 1, 1, 1, 0] });
    // cell 0: gap → fallback 0.9; cell 4: gap → 0.9; cell 5 not land → NaN, uncounted
    expect(Array.from(f.combined)).toEqual([Math.fround(0.9), Math.fround(0.2), Math.fround(0.3), NaN, Math.fround(0.9), NaN]);
    expect(Array.from(f.source)).toEqual([FILL_SOURCE.fallback, 2, FILL_SOURCE.primary, FILL_SOURCE.none, 2, 0]);
    expect(f.counts).toEqual({ cells: 5, primary: 1, filled: 3, missing: 1, maskedByGap: 2, primaryShare: 0.2, combinedShare: 0.8 });
  });
  test("bad lengths are RangeErrors naming the argument", () => {
    expect(() => hierarchicalFill([1, 2], [1])).toThrow(/fallback must have the primary's 2 values, got 1/);
    expect(() => hierarchicalFill([1, 2], [1, 2], { gap: [0] })).toThrow(/options.gap must have 2 values/);
    expect(() => hierarchicalFill([1, 2], [1, 2], { land: [0, 1, 1] })).toThrow(/options.land must have 2 values/);
  });
});

describe("regionCells", () => {
  // 1° cells, 120–124°E, 41–38°N (3 rows × 4 columns); centres at 120.5…123.5°E, 40.5, 39.5, 38.5°N
  const grid = new LatLonGrid({ west: 120, north: 41, cellSize: 1, width: 4, height: 3 });
  test("cells whose centres are in the box, clipped bounds, empty outside", () => {
    const r = regionCells(grid, [
      { name: "a", west: 121, east: 123, south: 39, north: 41 }, // cols 1,2; rows 0,1 → 1,2,5,6
      { name: "b", west: 100, east: 121, south: 0, north: 90 }, // col 0, every row → 0,4,8; clipped to the grid
      { name: "c", west: 130, east: 140, south: 39, north: 41 }, // outside
    ]);
    expect(Array.from(r[0].cells)).toEqual([1, 2, 5, 6]);
    expect(Array.from(r[1].cells)).toEqual([0, 4, 8]);
    expect(r[1].clipped).toEqual({ name: "b", west: 120, east: 121, south: 38, north: 41 });
    expect(r[2].cells.length).toBe(0);
    expect(Number.isNaN(r[2].clipped.west)).toBe(true);
  });
  test("the default boxes start with southern China and Korea holds 127.5°E, 37.5°N", () => {
    expect(REGION_BOXES[0].name).toBe("southern China");
    const g = new LatLonGrid({ west: 127, north: 38, cellSize: 0.5, width: 2, height: 2 });
    const korea = regionCells(g).find((r) => r.name === "Korea")!;
    expect(Array.from(korea.cells)).toEqual([0, 1, 2, 3]);
    expect(regionCells(g)[0].cells.length).toBe(0);
  });
  test("a bad box is a RangeError naming it", () => {
    expect(() => regionCells(grid, [{ name: "bad", west: 5, east: 4, south: 0, north: 1 }])).toThrow(/box 'bad' needs west < east/);
    expect(() => regionCells(grid, [{ name: "nan", west: NaN, east: 4, south: 0, north: 1 }])).toThrow(/box 'nan' has a non-finite west/);
  });
});
