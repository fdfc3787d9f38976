// regionFillSummary on 2 days × 4 cells with two regions; every count and metric worked out by hand.
import { describe, expect, test } from "@jest/globals";
import { hierarchicalFill } from "../../src/lab/hierarchicalFill";
import { regionFillSummary } from "../../src/lab/regionFillSummary";

describe("regionFillSummary", () => {
  // day-major, 4 cells: cell 3 is sea (land 0)
  const primary = [0.1, NaN, 0.3, NaN, /* day 2 */ 0.2, 0.4, NaN, NaN];
  const fallback = [0.5, 0.2, 0.5, NaN, /* day 2 */ 0.5, 0.5, 0.3, NaN];
  const land = [1, 1, 1, 0, 1, 1, 1, 0];
  const reference = [0.1, 0.25, 0.2, NaN, 0.3, 0.4, 0.2, NaN];
  const fill = hierarchicalFill(primary, fallback, { land });
  const regions = [{ name: "A", clipped: { name: "A", west: 0, east: 1, south: 0, north: 1 }, cells: Int32Array.of(0, 1, 2, 3) },
    { name: "B", clipped: { name: "B", west: 0, east: 1, south: 0, north: 1 }, cells: Int32Array.of(3) }];
  test("counts, shares and skills per region", () => {
    const [a, b] = regionFillSummary(fill, { pixels: 4, regions, reference, truth: reference });
    // day 1: c0 primary 0.1, c1 filled 0.2, c2 primary 0.3; day 2: c0 primary 0.2, c1 primary 0.4, c2 filled 0.3
    expect(a).toMatchObject({ region: "A", cells: 4, landCellDays: 6, primary: 4, filled: 2, missing: 0, combinedShare: 1 });
    expect(a.primaryShare).toBeCloseTo(4 / 6, 12);
    // primary pairs (0.1|0.1) (0.3|0.2) (0.2|0.3) (0.4|0.4): RMSE √(0.02/4), r = 0.04 / 0.05 = 0.8
    expect(a.primaryVsReference.n).toBe(4);
    expect(a.primaryVsReference.rmse).toBeCloseTo(Math.sqrt(0.005), 6);
    expect(a.primaryVsReference.r).toBeCloseTo(0.8, 6);
    // filled pairs (0.2|0.25) (0.3|0.2): RMSE √((0.0025 + 0.01)/2); r needs 3 pairs → NaN
    expect(a.filledVsReference.n).toBe(2);
    expect(a.filledVsReference.rmse).toBeCloseTo(Math.sqrt(0.00625), 6);
    expect(Number.isNaN(a.filledVsReference.r)).toBe(true);
    expect(a.primaryVsTruth!.rmse).toBeCloseTo(Math.sqrt(0.005), 6);
    // region B is the sea cell only
    expect(b).toMatchObject({ region: "B", cells: 1, landCellDays: 0, primary: 0, filled: 0 });
    expect(Number.isNaN(b.primaryShare)).toBe(true);
    expect(regionFillSummary(fill, { pixels: 4, regions, reference })[0].primaryVsTruth).toBeNull();
    expect(a.fallbackOnPrimaryVsReference).toBeNull();
  });
  test("the fallback scored on the primary days (like for like)", () => {
    const [a] = regionFillSummary(fill, { pixels: 4, regions, reference, truth: reference, fallback });
    // primary days c0 d1, c2 d1, c0 d2, c1 d2: fallback 0.5, 0.5, 0.5, 0.5 vs reference 0.1, 0.2, 0.3, 0.4
    // errors 0.4, 0.3, 0.2, 0.1 → RMSE √(0.30/4); reference varies but the fallback is constant → r NaN
    expect(a.fallbackOnPrimaryVsReference!.n).toBe(4);
    expect(a.fallbackOnPrimaryVsReference!.rmse).toBeCloseTo(Math.sqrt(0.3 / 4), 6);
    expect(Number.isNaN(a.fallbackOnPrimaryVsReference!.r)).toBe(true);
    expect(a.fallbackOnPrimaryVsTruth!.rmse).toBeCloseTo(Math.sqrt(0.3 / 4), 6);
    expect(() => regionFillSummary(fill, { pixels: 4, regions, reference, fallback: [1] })).toThrow(/options.fallback must have 8 values/);
  });
  test("bad options are RangeErrors naming them", () => {
    expect(() => regionFillSummary(fill, { pixels: 3, regions, reference })).toThrow(/options.pixels must be a positive integer dividing/);
    expect(() => regionFillSummary(fill, { pixels: 4, regions, reference: [1] })).toThrow(/options.reference must have 8 values/);
    expect(() => regionFillSummary(fill, { pixels: 4, regions: [{ ...regions[1], cells: Int32Array.of(4) }], reference })).toThrow(/region 'B' has cell 4 outside/);
  });
});
