import { describe, expect, it } from "@jest/globals";
import { presortAttributes } from "../../src/cubist/growTree";
import type { TrainingData } from "../../src/cubist/trainingData";
import { seededRandom } from "../../src/sampling/seededRandom";

/** The reference order: by value (−0 before +0, NaN last), ties by case number, by a comparison sort. */
function referenceOrder(x: Float32Array): number[] {
  const rank = (v: number): number => (Number.isNaN(v) ? Infinity : v);
  return Array.from({ length: x.length }, (_, i) => i).sort((p, q) => {
    const a = rank(x[p]), b = rank(x[q]);
    if (a !== b) return a < b ? -1 : 1;
    if (a === 0 && !Object.is(x[p], x[q])) return Object.is(x[p], -0) ? -1 : 1;
    return p - q;
  });
}

describe("presortAttributes", () => {
  it("orders every continuous attribute's cases by value, ties by case number", () => {
    const rnd = seededRandom(11);
    for (const n of [1, 2, 5, 100, 3000]) {
      const x = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const u = rnd();
        x[i] = u < 0.05 ? NaN : u < 0.1 ? -0 : u < 0.15 ? 0 : u < 0.5 ? Math.round((rnd() - 0.5) * 20) : (rnd() - 0.5) * 1e6;
      }
      const data = { n, nAtt: 3, skip: [false, false, false], discrete: [false, false, true], cont: [null, x, null] } as unknown as TrainingData;
      const sorted = presortAttributes(data);
      expect(sorted[2]).toBeNull();
      expect(Array.from(sorted[1] as Int32Array)).toEqual(referenceOrder(x));
    }
  });
});
