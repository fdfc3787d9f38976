import { fieldSummary } from "../../src/workbook/fieldSummary";

describe("fieldSummary", () => {
  test("matches numpy (median 0.058, mean 0.0576667, share < 0.06 = 0.5) and skips NaN", () => {
    const s = fieldSummary([0.02, 0.07, NaN, 0.055, 0.1, 0.04, 0.061, Infinity], { below: 0.06 });
    expect(s.n).toBe(6);
    expect(s.nan).toBe(2);
    expect(s.median).toBeCloseTo(0.057999999999999996, 12);
    expect(s.mean).toBeCloseTo(0.05766666666666667, 12);
    expect(s.shareBelow).toBe(0.5);
    expect(s.min).toBe(0.02);
    expect(s.max).toBe(0.1);
  });

  test("@example and edge cases", () => {
    const s = fieldSummary([0.1, 0.3, NaN, 0.05], { below: 0.06 });
    expect(s.n).toBe(3);
    expect(s.mean).toBeCloseTo(0.15, 12);
    expect(s.median).toBe(0.1);
    expect(s.shareBelow).toBeCloseTo(1 / 3, 12);
    expect(Number.isNaN(fieldSummary([0.1]).shareBelow)).toBe(true);
    expect(Number.isNaN(fieldSummary([NaN]).mean)).toBe(true);
    expect(() => fieldSummary([1], { below: NaN })).toThrow("fieldSummary: options.below must be a finite number, got NaN");
  });
});
