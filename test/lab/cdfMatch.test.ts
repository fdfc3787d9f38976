// CDF matching against numpy/scipy reference outputs (test/fixtures/lab/make_cdf_match.py).
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { cdfMatch, type CdfMatchOptions } from "../../src/lab/cdfMatch";

interface Case {
  name: string;
  method: "quantile" | "meanStd";
  options: CdfMatchOptions;
  source: (number | null)[];
  reference: (number | null)[];
  binsUsed?: number;
  sourceKnots?: number[];
  referenceKnots?: number[];
  matched: (number | null)[];
  extra: (number | null)[];
  extraMatched: (number | null)[];
  fittedSource: number;
  fittedReference: number;
}

const FIX = JSON.parse(fs.readFileSync(path.join(process.cwd(), "test/fixtures/lab/cdf_match.json"), "utf8")) as { cases: Case[] };
const num = (a: (number | null)[]) => Float64Array.from(a, (v) => (v === null ? NaN : v));

function expectClose(got: Float64Array, want: (number | null)[], tol = 1e-9): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    if (w === null) expect(got[i]).toBeNaN();
    else expect(Math.abs(got[i] - w)).toBeLessThanOrEqual(tol);
  }
}

describe("cdfMatch vs numpy", () => {
  for (const c of FIX.cases) {
    test(c.name, () => {
      const src = num(c.source);
      const r = cdfMatch(src, num(c.reference), { method: c.method, ...c.options });
      expectClose(r.matched, c.matched);
      expectClose(r.transform(num(c.extra)), c.extraMatched);
      expect(r.counts.fittedSource).toBe(c.fittedSource);
      expect(r.counts.fittedReference).toBe(c.fittedReference);
      expect(r.counts.sourceMissing).toBe(c.source.filter((v) => v === null).length);
      if (c.method === "quantile") {
        expect(r.bins).toBe(c.binsUsed);
        expectClose(r.sourceKnots, c.sourceKnots as number[]);
        expectClose(r.referenceKnots, c.referenceKnots as number[]);
        const lo = r.sourceKnots[0], hi = r.sourceKnots[r.sourceKnots.length - 1];
        expect(r.counts.outsideKnots).toBe(Array.from(src).filter((v) => v < lo || v > hi).length);
      }
    });
  }
});

describe("cdfMatch properties", () => {
  const c = FIX.cases[0];
  const src = num(c.source), ref = num(c.reference);

  test("matched quantiles of the fitted days equal the reference's at the knots", () => {
    const r = cdfMatch(src, ref, { bins: 20 });
    // the map sends each source knot to its reference knot, so the matched knot values are the reference percentiles
    expectClose(r.transform(r.sourceKnots), Array.from(r.referenceKnots));
    // monotone: sorting the source sorts the matched values
    const ok = Array.from(src.keys()).filter((i) => Number.isFinite(src[i])).sort((a, b) => src[a] - src[b]);
    for (let k = 1; k < ok.length; k++) expect(r.matched[ok[k]]).toBeGreaterThanOrEqual(r.matched[ok[k - 1]] - 1e-15);
  });

  test("meanStd matches the reference mean and std on the fitted days", () => {
    const r = cdfMatch(src, ref, { method: "meanStd" });
    const joint = Array.from(src.keys()).filter((i) => Number.isFinite(src[i]) && Number.isFinite(ref[i]));
    const m = joint.map((i) => r.matched[i]);
    const mean = m.reduce((a, b) => a + b, 0) / m.length;
    const sd = Math.sqrt(m.reduce((a, b) => a + (b - mean) ** 2, 0) / m.length);
    expect(mean).toBeCloseTo(r.stats.referenceMean, 12);
    expect(sd).toBeCloseTo(r.stats.referenceStd, 12);
  });

  test("options are validated, naming the option and value", () => {
    expect(() => cdfMatch(src, ref, { bins: 0 })).toThrow(/bins .* got 0/);
    expect(() => cdfMatch(src, ref, { minPerBin: 1.5 })).toThrow(/minPerBin .* got 1.5/);
    expect(() => cdfMatch(src, ref, { tails: "cubic" as never })).toThrow(/tails .*"cubic"/);
    expect(() => cdfMatch(src, ref, { method: "x" as never })).toThrow(/method .*"x"/);
    expect(() => cdfMatch(src, ref, { pairing: "y" as never })).toThrow(/pairing .*"y"/);
    expect(() => cdfMatch(src, ref.slice(1))).toThrow(/same length/);
    expect(() => cdfMatch([1, 2, NaN], [1, 2, 3], { minCount: 3 })).toThrow(/minCount = 3 .*got source 2 and reference 2/);
    expect(() => cdfMatch([1, 1, 1], [1, 2, 3], { method: "meanStd", minCount: 2 })).toThrow(/non-zero standard deviation/);
  });
});
