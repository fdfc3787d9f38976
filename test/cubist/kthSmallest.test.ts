import { describe, expect, it } from "@jest/globals";
import { kthSmallest } from "../../src/cubist/kthSmallest";
import { seededRandom } from "../../src/sampling/seededRandom";

/** The reference: the value a full sort puts at rank k (Float64Array sort orders −0 before +0). */
const sortedAt = (a: Float64Array, k: number): number => a.slice().sort()[k];

describe("kthSmallest", () => {
  it("is the documented example", () => {
    expect(kthSmallest(Float64Array.of(3, -1, 2, 0.5), 1)).toBe(0.5);
  });

  it("equals the sorted array's value at every rank, with ties, runs and signed zeros", () => {
    const rnd = seededRandom(42);
    const cases: Float64Array[] = [Float64Array.of(7), Float64Array.of(2, 1), Float64Array.of(1, 1, 1, 1)];
    for (let t = 0; t < 60; t++) {
      const n = 1 + Math.floor(rnd() * 200);
      const a = new Float64Array(n);
      const kind = t % 4;
      for (let i = 0; i < n; i++) {
        const u = rnd();
        // continuous; few distinct values; signed zeros mixed with ± values; sorted runs
        a[i] = kind === 0 ? u - 0.5 : kind === 1 ? Math.floor(u * 4) - 2 : kind === 2 ? [0, -0, 1, -1][Math.floor(u * 4)] : i < n / 2 ? i : n - i;
      }
      cases.push(a);
    }
    for (const a of cases) {
      for (let k = 0; k < a.length; k++) {
        const got = kthSmallest(a.slice(), k);
        expect(Object.is(got, sortedAt(a, k))).toBe(true);
      }
    }
  });

  it("rejects a rank out of range, naming it", () => {
    expect(() => kthSmallest(Float64Array.of(1, 2), 2)).toThrow(/k must be an integer in 0\.\.1, got 2/);
    expect(() => kthSmallest(Float64Array.of(1, 2), -1)).toThrow(RangeError);
  });
});
