// cdfMatchPixels: per-pixel CDF matching of a day-major cube, checked against the numpy fixture of test/fixtures/lab.
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { cdfMatchPixels } from "../../src/workbook/cdfMatchPixels";
import { cdfMatch } from "../../src/lab/cdfMatch";

type Arr = (number | null)[];
const FIX = JSON.parse(fs.readFileSync(path.join(process.cwd(), "test/fixtures/lab/cdf_match.json"), "utf8")) as {
  cases: { name: string; source: Arr; reference: Arr; matched: Arr }[];
};
const c = FIX.cases.find((x) => x.name === "b20_linear")!;
const D = c.source.length;

describe("cdfMatchPixels", () => {
  // pixel 0: the fixture's series; pixel 1: only 5 days with both values (skipped); pixel 2: the fixture reversed
  const P = 3;
  const cube = new Float32Array(D * P), ref = new Float32Array(D * P);
  for (let t = 0; t < D; t++) {
    cube[t * P] = c.source[t] ?? NaN; ref[t * P] = c.reference[t] ?? NaN;
    cube[t * P + 1] = t < 5 ? 0.2 + t / 100 : NaN; ref[t * P + 1] = 0.3;
    cube[t * P + 2] = c.source[D - 1 - t] ?? NaN; ref[t * P + 2] = c.reference[D - 1 - t] ?? NaN;
  }

  test("each pixel equals numpy's percentile matching of its series (float32 input); short series left alone", () => {
    const r = cdfMatchPixels(cube, ref, { pixels: P, bins: 20, minPerBin: 10 });
    expect(r.matched).toBe(2);
    expect(r.skipped).toBe(1);
    let worst = 0;
    for (let t = 0; t < D; t++) {
      const w0 = c.matched[t], w2 = c.matched[D - 1 - t];
      if (w0 === null) expect(r.cube[t * P]).toBeNaN(); else worst = Math.max(worst, Math.abs(r.cube[t * P] - w0));
      if (w2 === null) expect(r.cube[t * P + 2]).toBeNaN(); else worst = Math.max(worst, Math.abs(r.cube[t * P + 2] - w2));
      expect(Object.is(r.cube[t * P + 1], cube[t * P + 1])).toBe(true);
    }
    expect(worst).toBeLessThan(1e-6); // float32 rounding of the inputs and output
  });

  test("fallback pooled: the short pixel takes the map fitted on every pair of the cube", () => {
    const r = cdfMatchPixels(cube, ref, { pixels: P, bins: 20, minPerBin: 10, fallback: "pooled" });
    expect(r).toMatchObject({ matched: 2, skipped: 0, pooled: 1 });
    // independent: pool the pairs by hand (pixel-day order does not matter to percentiles) and fit cdfMatch on them
    const s: number[] = [], q: number[] = [];
    for (let i = 0; i < cube.length; i++) if (cube[i] === cube[i] && ref[i] === ref[i]) { s.push(cube[i]); q.push(ref[i]); }
    const map = cdfMatch(s, q, { bins: 20, minPerBin: 10 });
    expect(r.pooledBins).toBe(map.bins);
    const want = map.transform(Float64Array.from({ length: D }, (_, t) => cube[t * P + 1]));
    for (let t = 0; t < D; t++) {
      if (Number.isNaN(want[t])) expect(r.cube[t * P + 1]).toBeNaN();
      else expect(r.cube[t * P + 1]).toBeCloseTo(want[t], 6);
    }
    // the pixel's own 5 values moved (0.2…0.24 are not where the pooled reference puts them)
    expect(Math.abs(r.cube[1] - cube[1])).toBeGreaterThan(1e-3);
    // the other pixels are unchanged by the fallback
    expect(r.cube[0]).toBe(cdfMatchPixels(cube, ref, { pixels: P, bins: 20, minPerBin: 10 }).cube[0]);
  });

  test("options are validated", () => {
    expect(() => cdfMatchPixels(cube, ref, { pixels: P, fallback: "region" as never })).toThrow(/options.fallback must be "none" or "pooled", got "region"/);
    expect(() => cdfMatchPixels(cube, ref, { pixels: 0 })).toThrow(/options.pixels must be a positive integer, got 0/);
    expect(() => cdfMatchPixels(cube, ref.subarray(1), { pixels: P })).toThrow(/reference must have/);
    expect(() => cdfMatchPixels(cube, ref, { pixels: P, minPairs: 1 })).toThrow(/minPairs .* got 1/);
    expect(() => cdfMatchPixels(cube, ref, { pixels: P, bins: 0 })).toThrow(/bins .* got 0/);
  });
});
