import { dynamicRange } from "../../src/workbook/dynamicRange";

// expected quantiles from numpy 1.26: np.quantile(x, q) (method "linear")
const p = [0.12, 0.31, 0.25, 0.18, 0.40, 0.22, 0.29, 0.35, 0.15, 0.27];
const r = [0.10, 0.36, 0.28, 0.14, 0.47, 0.21, 0.33, 0.41, 0.09, 0.30];

describe("dynamicRange", () => {
  test("2–98 % spread matches numpy, shrinkage = ref range − pred range", () => {
    const d = dynamicRange(p, r);
    expect(d.n).toBe(10);
    expect(d.pred.lo).toBeCloseTo(0.12539999999999998, 12);
    expect(d.pred.hi).toBeCloseTo(0.391, 12);
    expect(d.ref.lo).toBeCloseTo(0.09179999999999999, 12);
    expect(d.ref.hi).toBeCloseTo(0.4592, 12);
    expect(d.shrinkage).toBeCloseTo((0.4592 - 0.0918) - (0.391 - 0.1254), 12);
  });

  test("10–90 % spread matches numpy; pixels not valid in both are left out", () => {
    const d = dynamicRange([...p, NaN, 0.9], [...r, 0.5, NaN], { lower: 0.1, upper: 0.9 });
    expect(d.n).toBe(10);
    expect(d.pred.lo).toBeCloseTo(0.147, 12);
    expect(d.pred.hi).toBeCloseTo(0.355, 12);
    expect(d.ref.range).toBeCloseTo(0.416 - 0.099, 12);
  });

  test("@example: lower 0 and upper 1 give max − min", () => {
    const d = dynamicRange([0.2, 0.3, 0.4, NaN], [0.1, 0.3, 0.5, 0.9], { lower: 0, upper: 1 });
    expect(d.pred.range).toBeCloseTo(0.2, 12);
    expect(d.ref.range).toBeCloseTo(0.4, 12);
    expect(d.shrinkage).toBeCloseTo(0.2, 12);
  });

  test("no jointly valid pixel gives NaN; bad options are refused by name", () => {
    expect(Number.isNaN(dynamicRange([NaN], [1]).shrinkage)).toBe(true);
    expect(() => dynamicRange([1], [1, 2])).toThrow("dynamicRange: pred has 1 values but ref has 2");
    expect(() => dynamicRange([1], [1], { lower: 0.5, upper: 0.5 })).toThrow("options.upper must be in (lower, 1], got 0.5");
    expect(() => dynamicRange([1], [1], { lower: -0.1 })).toThrow("options.lower must be in [0, 1), got -0.1");
  });
});
