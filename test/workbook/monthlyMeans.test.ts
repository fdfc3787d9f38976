import { monthlyMeans } from "../../src/workbook/monthlyMeans";

describe("monthlyMeans", () => {
  test("@example: NaN days are skipped, months in first-seen order", () => {
    const m = monthlyMeans(new Float32Array([1, NaN, 3, 4, 10, 20]), { dates: ["2015-05-30", "2015-05-31", "2015-06-01"], pixels: 2 });
    expect(m.months).toEqual(["2015-05", "2015-06"]);
    expect(Array.from(m.means[0])).toEqual([2, 4]);
    expect(Array.from(m.means[1])).toEqual([10, 20]);
    expect(Array.from(m.validDays[0])).toEqual([2, 1]);
    expect(m.days).toEqual([2, 1]);
  });

  test("hand-computed means of a 3-pixel cube over two months, minDays and all-NaN pixels", () => {
    // pixel 0: May 0.1, 0.2, 0.6 → 0.3; June 0.4 → 0.4. pixel 1: May NaN, 0.3, NaN → 0.3 (1 day); June NaN → NaN.
    // pixel 2: May 0.2, 0.2, 0.2; June 0.5
    const cube = Float32Array.from([0.1, NaN, 0.2, 0.2, 0.3, 0.2, 0.6, NaN, 0.2, 0.4, NaN, 0.5]);
    const dates = ["2015-05-01", "2015-05-02", "2015-05-31", "2015-06-01"];
    const m = monthlyMeans(cube, { dates, pixels: 3 });
    expect(m.means[0][0]).toBeCloseTo((Math.fround(0.1) + Math.fround(0.2) + Math.fround(0.6)) / 3, 7);
    expect(m.means[0][1]).toBe(Math.fround(0.3));
    expect(m.means[0][2]).toBe(Math.fround(0.2));
    expect(Number.isNaN(m.means[1][1])).toBe(true);
    expect(m.means[1][2]).toBe(Math.fround(0.5));
    const strict = monthlyMeans(cube, { dates, pixels: 3, minDays: 2 });
    expect(Number.isNaN(strict.means[0][1])).toBe(true); // one valid May day < 2
    expect(Number.isNaN(strict.means[1][0])).toBe(true); // one June day < 2
    expect(strict.means[0][0]).toBeCloseTo(0.3, 7);
  });

  test("bad options are refused by name", () => {
    expect(() => monthlyMeans(new Float32Array(4), { dates: ["2015-05-01"], pixels: 2 })).toThrow("monthlyMeans: cube has 4 values, expected dates.length · pixels = 2");
    expect(() => monthlyMeans(new Float32Array(2), { dates: ["2015-05-01"], pixels: 0 })).toThrow("options.pixels must be a positive integer, got 0");
    expect(() => monthlyMeans(new Float32Array(2), { dates: ["2015-05-01"], pixels: 2, minDays: 0 })).toThrow("options.minDays must be a positive integer, got 0");
    expect(() => monthlyMeans(new Float32Array(2), { dates: ["20150501"], pixels: 2 })).toThrow("options.dates[0] must be an ISO date YYYY-MM-DD, got '20150501'");
  });
});
