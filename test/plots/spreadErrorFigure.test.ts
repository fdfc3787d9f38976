// spreadErrorFigure's spec: the bins' points, the 1:1 line to 1.05 × the largest value, axes from 0.
import { describe, expect, test } from "@jest/globals";
import { spreadErrorFigure } from "../../src/plots/spreadErrorFigure";

describe("spreadErrorFigure", () => {
  const bins = [{ spreadMean: 0.01, meanAbsError: 0.02, n: 5 }, { spreadMean: 0.03, meanAbsError: 0.04, n: 6 }];
  test("points, 1:1 line and ranges", () => {
    const f = spreadErrorFigure(bins, { title: "t" });
    expect(f.data[0].x).toEqual([0.01, 0.03]);
    expect(f.data[0].y).toEqual([0.02, 0.04]);
    expect(f.data[0].text).toEqual(["5 cases", "6 cases"]);
    expect(f.data[1].x).toEqual([0, 0.042]);
    expect((f.data[1].y as number[])[1]).toBeCloseTo(0.042, 12);
    expect((f.layout.xaxis as { range: number[] }).range[1]).toBeCloseTo(0.042, 12);
    expect((f.layout.yaxis as { range: number[] }).range[0]).toBe(0);
    expect(f.layout.width).toBe(520);
    expect((f.layout.meta as { bins: number }).bins).toBe(2);
  });
  test("bad input is a RangeError", () => {
    expect(() => spreadErrorFigure([])).toThrow(/bins must not be empty/);
    expect(() => spreadErrorFigure([{ spreadMean: NaN, meanAbsError: 0, n: 1 }])).toThrow(/bins\[0\] needs finite/);
  });
});
