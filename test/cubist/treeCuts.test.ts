import { describe, expect, it } from "@jest/globals";
import { cutInterval } from "../../src/cubist/treeCuts";
import { seededRandom } from "../../src/sampling/seededRandom";

describe("cutInterval", () => {
  it("is the documented example", () => {
    expect(cutInterval(2, Float64Array.of(1, 2, 5))).toBe(1);
  });

  it("counts the cuts a value is above (NaN above all), so v <= cuts[j] exactly when interval <= j", () => {
    const rnd = seededRandom(3);
    for (let t = 0; t < 200; t++) {
      const m = Math.floor(rnd() * 9);
      const cuts = Float64Array.from(new Set(Array.from({ length: m }, () => Math.round(rnd() * 20) - 10))).sort();
      const v = rnd() < 0.1 ? NaN : Math.round(rnd() * 24) - 12;
      const g = cutInterval(v, cuts);
      expect(g).toBe(cuts.filter((c) => !(v <= c)).length);
      cuts.forEach((c, j) => expect(v <= c).toBe(g <= j));
    }
  });
});
