import { maskWhereMissing } from "../../src/workbook/maskWhereMissing";

describe("maskWhereMissing", () => {
  test("@example: NaN where the mask is missing, masked counts only values that were finite", () => {
    const r = maskWhereMissing([1, 2, 3], { like: [0.1, NaN, 0.3] });
    expect(Array.from(r.values)).toEqual([1, NaN, 3]);
    expect(r.masked).toBe(1);
  });

  test("infinite mask entries mask too; values already NaN stay NaN and are not counted; input untouched", () => {
    const values = Float32Array.from([0.25, NaN, 0.5, 0.75]);
    const r = maskWhereMissing(values, { like: Float32Array.from([Infinity, NaN, 1, 2]) });
    expect(Array.from(r.values)).toEqual([NaN, NaN, 0.5, 0.75]);
    expect(r.masked).toBe(1);
    expect(values[0]).toBe(0.25);
  });

  test("a length mismatch is refused by name", () => {
    expect(() => maskWhereMissing([1, 2], { like: [1] })).toThrow("maskWhereMissing: options.like must have 2 values (as values), got 1");
  });
});
