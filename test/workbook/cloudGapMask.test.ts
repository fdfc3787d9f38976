// cloudGapMask: a fake clear-sky source with hand-set fractions; every expected mask value set by hand.
import { describe, expect, test } from "@jest/globals";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { cloudGapMask } from "../../src/workbook/cloudGapMask";

const grid = new LatLonGrid({ west: 126, north: 38, cellSize: 0.25, width: 2, height: 2 });
const fractions: Record<string, number[]> = { "2015-05-01": [1, 0.49, 0.5, NaN], "2015-05-02": [0, 0.75, 0.2, NaN] };
const source = { clearSky: (_g: LatLonGrid, date: string) => ({ values: Float32Array.from(fractions[date]) }) };

describe("cloudGapMask", () => {
  test("cloudy where the clear fraction is below minClear; sea (NaN) is not counted", async () => {
    const m = await cloudGapMask(source, { grid, dates: ["2015-05-01", "2015-05-02"] });
    expect(Array.from(m.gap)).toEqual([0, 1, 0, 0, 1, 0, 1, 0]);
    expect(m.withFraction).toBe(6);
    expect(m.cloudy).toBe(3);
    const strict = await cloudGapMask(source, { grid, dates: ["2015-05-01"], minClear: 1 });
    expect(Array.from(strict.gap)).toEqual([0, 1, 1, 0]);
  });
  test("bad options are errors naming them", async () => {
    await expect(cloudGapMask(source, { grid, dates: [] })).rejects.toThrow(/options.dates must not be empty/);
    await expect(cloudGapMask(source, { grid, dates: ["2015-05-01"], minClear: 0 })).rejects.toThrow(/options.minClear must be in \(0, 1\], got 0/);
    await expect(cloudGapMask({} as never, { grid, dates: ["2015-05-01"] })).rejects.toThrow(/source must have clearSky/);
  });
});
