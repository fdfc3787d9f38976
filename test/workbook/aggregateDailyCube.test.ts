import { LatLonGrid } from "../../src/grid/latLonGrid";
import { aggregateDailyCube } from "../../src/workbook/aggregateDailyCube";

// 4 × 2 fine pixels of 0.5° inside a 1 × 2 coarse grid of 1° (each coarse cell holds 2 × 2 fine pixels)
const from = new LatLonGrid({ west: 0, north: 1, cellSize: 0.5, width: 4, height: 2 });
const to = new LatLonGrid({ west: 0, north: 1, cellSize: 1, width: 2, height: 1 });

describe("aggregateDailyCube", () => {
  test("per-day NaN-aware means with the minimum valid fraction, counted", () => {
    // day 0: left cell 1, 2 / 3, 4 → 2.5; right cell 5, NaN / NaN, NaN → 1 of 4 valid < 0.5 → NaN
    // day 1: left cell NaN, 2 / NaN, 4 → 3 (2 of 4 = 0.5 kept); right cell 6, 6 / 8, 8 → 7
    const cube = Float32Array.from([1, 2, 5, NaN, 3, 4, NaN, NaN, NaN, 2, 6, 6, NaN, 4, 8, 8]);
    const a = aggregateDailyCube(cube, { from, to });
    expect(a.pixels).toBe(2);
    expect(a.cube[0]).toBe(2.5);
    expect(Number.isNaN(a.cube[1])).toBe(true);
    expect(Array.from(a.cube.subarray(2))).toEqual([3, 7]);
    expect(Array.from(a.aggregated)).toEqual([1, 2]);
    expect(Array.from(a.droppedTooFewValid)).toEqual([1, 0]);
    const strict = aggregateDailyCube(cube, { from, to, minValidFraction: 0.75 });
    expect(Number.isNaN(strict.cube[2])).toBe(true);
    expect(strict.cube[3]).toBe(7);
  });

  test("bad inputs are refused by name", () => {
    expect(() => aggregateDailyCube(new Float32Array(7), { from, to })).toThrow("aggregateDailyCube: cube length 7 is not a positive multiple of from.size = 8");
    expect(() => aggregateDailyCube(new Float32Array(8), { from, to, minValidFraction: 2 })).toThrow("minValidFraction must be in [0, 1], got 2");
  });
});
