import { metricsByGroup } from "../../src/workbook/metricsByGroup";
import { seasonOf } from "../../src/workbook/seasonOf";

// Expected values: scipy.stats.linregress (r, slope) and numpy (RMSE, bias) on the same pairs after
// dropping NaN pairs and null groups (numpy 2.4.6, scipy 1.17.1).
const pred = [0.1, 0.15, 0.22, 0.3, 0.28, NaN, 0.35, 0.4, 0.12, 0.5];
const ref = [0.12, 0.14, 0.25, 0.33, 0.3, 0.2, 0.31, 0.45, 0.1, 0.48];
const groups = ["MAM", "MAM", "JJA", "JJA", "JJA", "JJA", "SON", "SON", "MAM", null];

describe("metricsByGroup", () => {
  const rows = metricsByGroup(pred, ref, { groups, order: ["DJF", "MAM", "JJA", "SON"] });
  test("one row per group in the given order, then all", () => {
    expect(rows.map((r) => r.group)).toEqual(["DJF", "MAM", "JJA", "SON", "all"]);
    expect(rows.map((r) => r.n)).toEqual([0, 3, 3, 2, 9]);
  });
  test("values match scipy/numpy", () => {
    const [, mam, jja, son, all] = rows;
    expect(mam.r).toBeCloseTo(0.5960395606792701, 10);
    expect(mam.rmse).toBeCloseTo(0.017320508075688763, 12);
    expect(mam.slope).toBeCloseTo(0.75, 10);
    expect(mam.bias).toBeCloseTo(0.003333333333333327, 12);
    expect(jja.r).toBeCloseTo(0.990536064687909, 10);
    expect(jja.rmse).toBeCloseTo(0.0270801280154532, 12);
    expect(jja.slope).toBeCloseTo(1.0204081632653057, 10);
    expect(Number.isNaN(son.r)).toBe(true); // 2 pairs < minPairs 3
    expect(all.r).toBeCloseTo(0.9758875461859882, 10);
    expect(all.rmse).toBeCloseTo(0.02905932629027115, 12);
    expect(all.slope).toBeCloseTo(0.9578428487345497, 10);
  });
  test("bad inputs are refused by name", () => {
    expect(() => metricsByGroup(pred, ref, { groups: groups.slice(1) })).toThrow("metricsByGroup: pred, ref and groups must have the same length, got 10, 10 and 9");
    expect(() => metricsByGroup(pred, ref, { groups, minPairs: 0 })).toThrow("metricsByGroup: minPairs must be an integer >= 1, got 0");
  });
});

describe("seasonOf", () => {
  test("meteorological seasons", () => {
    expect(["2015-01-31", "2015-03-01", "2015-05-31", "2015-06-01", "2015-08-31", "2015-09-01", "2015-11-30", "2015-12-01"].map(seasonOf))
      .toEqual(["DJF", "MAM", "MAM", "JJA", "JJA", "SON", "SON", "DJF"]);
  });
  test("a bad date is refused by value", () => {
    expect(() => seasonOf("2015-13-01")).toThrow("seasonOf: date must be YYYY-MM-DD with a month 01-12, got '2015-13-01'");
  });
});
