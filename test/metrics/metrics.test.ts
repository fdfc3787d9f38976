import * as fs from "fs";
import * as path from "path";
import {
  bias, compareSeries, countPairs, linearFit, logBeta, logGamma, mae, pearson, pearsonPValue,
  regularizedIncompleteBeta, rmse, rmsd, rrmse, studentTCdf, ubrmsd,
} from "../../src/metrics";

// Expected values made by numpy/scipy: test/fixtures/metrics/make_fixtures.py (see the README there).
const fixture = JSON.parse(fs.readFileSync(path.join(process.cwd(), "test/fixtures/metrics/expected.json"), "utf8"));

type Num = number | null | string;
const num = (v: Num): number => (v === null ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : (v as number));

function expectClose(actual: number, expected: number, relTol: number, what: string): void {
  if (Number.isNaN(expected)) {
    if (!Number.isNaN(actual)) throw new Error(`${what}: expected NaN, got ${actual}`);
    return;
  }
  const err = Math.abs(actual - expected);
  const tol = relTol * Math.max(Math.abs(expected), 1e-300);
  if (!(err <= tol)) throw new Error(`${what}: expected ${expected}, got ${actual} (|err| ${err.toExponential(3)} > ${tol.toExponential(3)})`);
}

/** Same series as make_fixtures.py `gen`. */
function gen(kind: string, n: number): { p: Float64Array; o: Float64Array } {
  const p = new Float64Array(n);
  const o = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const oi = 0.25 + 0.08 * Math.sin(0.37 * i) + 0.03 * Math.cos(1.91 * i + 0.2);
    const noise = 0.05 * Math.sin(((2.713 * i * i) % 6.283185307179586) + 1.0);
    o[i] = oi;
    p[i] = kind === "pos" ? 0.05 + 0.7 * oi + noise : kind === "neg" ? 0.45 - 0.6 * oi + noise : 0.2 + 0.002 * oi + noise;
  }
  return { p, o };
}

const METRIC_KEYS = ["r", "pValue", "rmse", "mae", "bias", "ubrmsd", "slope", "intercept", "rrmse"] as const;

describe("special functions vs scipy", () => {
  test("logGamma and logBeta on known values", () => {
    expectClose(logGamma(5), Math.log(24), 1e-15, "lnΓ(5)");
    expectClose(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-15, "lnΓ(½)");
    expectClose(logBeta(2, 3), Math.log(1 / 12), 1e-14, "lnB(2,3)");
    // Stirling branch vs the Lanczos branch where both are accurate
    expectClose(logBeta(12.5, 0.5), logGamma(12.5) + logGamma(0.5) - logGamma(13), 1e-13, "lnB(12.5,½)");
  });

  // scipy's cephes incbet loses ~1e-9 relative for a ≈ 5e5 (lgam cancellation); the 40-digit mpmath
  // values are the accuracy reference (1e-10), scipy is checked to its own accuracy (1e-8).
  test.each(fixture.betainc as { x: number; a: number; b: number; value: number; mpmath: number }[])(
    "regularizedIncompleteBeta(%o)", ({ x, a, b, value, mpmath }) => {
      const got = regularizedIncompleteBeta(x, a, b);
      expectClose(got, mpmath, 1e-10, `I_${x}(${a},${b}) vs mpmath`);
      expectClose(got, value, 1e-8, `I_${x}(${a},${b}) vs scipy`);
    });

  test.each(fixture.tcdf as { t: number; df: number; cdf: number }[])("studentTCdf(%o)", ({ t, df, cdf }) => {
    expectClose(studentTCdf(t, df), cdf, 1e-10, `F_t(${t}; ${df})`);
  });

  test("doc examples and limits", () => {
    expect(regularizedIncompleteBeta(0.5, 2, 3)).toBeCloseTo(0.6875, 14);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
    expect(studentTCdf(Infinity, 4)).toBe(1);
    expect(studentTCdf(-Infinity, 4)).toBe(0);
    expect(() => regularizedIncompleteBeta(1.5, 2, 3)).toThrow(/x must be in \[0, 1\], got 1.5/);
    expect(() => regularizedIncompleteBeta(0.5, 0, 3)).toThrow(/a must be > 0, got 0/);
    expect(() => studentTCdf(1, -2)).toThrow(/df must be > 0, got -2/);
    expect(() => regularizedIncompleteBeta(0.5, 2, 3, { maxIterations: 0 })).toThrow(/maxIterations/);
  });
});

describe("pearsonPValue vs scipy.stats.pearsonr's beta formula", () => {
  test.each(fixture.pValues as { r: number; n: number; pValue: number; mpmath: number }[])("r=$r n=$n", ({ r, n, pValue, mpmath }) => {
    const p = pearsonPValue(r, n);
    if (pValue === 0) { expect(p).toBeLessThan(1e-300); return; }
    expectClose(p, mpmath, 1e-10, `p(r=${r}, n=${n}) vs mpmath`);
    expectClose(p, pValue, 1e-8, `p(r=${r}, n=${n}) vs scipy`);
  });
  test("edge cases", () => {
    expect(pearsonPValue(1, 10)).toBe(0);
    expect(pearsonPValue(-1.0000000001, 10)).toBe(0);
    expect(pearsonPValue(0, 10)).toBeCloseTo(1, 14);
    expect(pearsonPValue(0.5, 2)).toBeNaN();
    expect(pearsonPValue(NaN, 10)).toBeNaN();
    expect(() => pearsonPValue(0.5, 2.5)).toThrow(/n must be a non-negative integer, got 2.5/);
  });
});

describe("compareSeries vs numpy/scipy on explicit cases", () => {
  for (const c of fixture.cases as { name: string; pred: Num[]; ref: Num[]; expected: Record<string, Num> }[]) {
    test(c.name, () => {
      const pred = c.pred.map(num);
      const ref = c.ref.map(num);
      const res = compareSeries(pred, ref);
      expect(res.n).toBe(c.expected.n);
      expect(res.status).toBe(c.expected.status);
      for (const k of METRIC_KEYS) {
        const e = c.expected[k] === undefined ? NaN : num(c.expected[k]);
        if (k === "pValue" && e === 0) { expect(res.pValue).toBeLessThan(1e-300); continue; }
        // p-values near 1e-25 and r = ±1 need a relative tolerance; offsets of 1000 lose ~1e-13 × 1000/0.1
        const tol = c.name === "offset_large" ? 1e-9 : 1e-11;
        expectClose(res[k], e, tol, `${c.name}.${k}`);
      }
    });
  }

  test("the single-metric functions agree with compareSeries and with scipy", () => {
    const c = (fixture.cases as { name: string; pred: number[]; ref: number[]; expected: Record<string, number> }[])
      .find((x) => x.name === "nan_pairs")!;
    const pred = c.pred.map(num);
    const ref = c.ref.map(num);
    expectClose(rmse(pred, ref), c.expected.rmse, 1e-12, "rmse");
    expect(rmsd(pred, ref)).toBe(rmse(pred, ref));
    expectClose(mae(pred, ref), c.expected.mae, 1e-12, "mae");
    expectClose(bias(pred, ref), c.expected.bias, 1e-12, "bias");
    expectClose(ubrmsd(pred, ref), c.expected.ubrmsd, 1e-12, "ubrmsd");
    expectClose(rrmse(pred, ref), c.expected.rrmse, 1e-12, "rrmse");
    const pr = pearson(pred, ref);
    expectClose(pr.r, c.expected.r, 1e-12, "r");
    expectClose(pr.pValue, c.expected.pValue, 1e-10, "p");
    const fit = linearFit(pred, ref);
    expectClose(fit.slope, c.expected.slope, 1e-12, "slope");
    expectClose(fit.intercept, c.expected.intercept, 1e-12, "intercept");
    expect(countPairs(pred, ref)).toBe(c.expected.n);
  });

  test("Float32Array inputs give the scipy values of the float32-rounded data", () => {
    const c = (fixture.cases as { name: string; pred: number[]; ref: number[]; expected: Record<string, number> }[])
      .find((x) => x.name === "float32")!;
    const res = compareSeries(Float32Array.from(c.pred), Float32Array.from(c.ref));
    for (const k of METRIC_KEYS) expectClose(res[k], c.expected[k], 1e-11, `float32.${k}`);
  });
});

describe("compareSeries on generated long series (n up to 10⁶)", () => {
  for (const g of fixture.generated as { kind: string; n: number; expected: Record<string, Num> }[]) {
    test(`${g.kind} n=${g.n}`, () => {
      const { p, o } = gen(g.kind, g.n);
      const res = compareSeries(p, o);
      expect(res.n).toBe(g.n);
      expect(res.status).toBe("ok");
      for (const k of METRIC_KEYS) {
        const e = num(g.expected[k]);
        if (k === "pValue" && e === 0) { expect(res.pValue).toBeLessThan(1e-300); continue; }
        // 1e-8: naive vs numpy pairwise summation over 10⁶ values, and scipy's own ~1e-9 on p for n ≥ 10⁵
        expectClose(res[k], e, 1e-8, `${g.kind}${g.n}.${k}`);
      }
    });
  }
});

describe("statuses, options and errors", () => {
  test("minPairs raises the bar; too few pairs give all-NaN metrics but keep n", () => {
    const res = compareSeries([0.1, 0.2, 0.3, 0.4], [0.1, 0.25, 0.28, 0.5], { minPairs: 5 });
    expect(res.status).toBe("too_few_pairs");
    expect(res.n).toBe(4);
    for (const k of METRIC_KEYS) expect(res[k]).toBeNaN();
    expect(rmse([0.1, 0.2], [0.1, 0.3])).toBeNaN(); // default minPairs 3
    expect(rmse([0.1, 0.2], [0.1, 0.3], { minPairs: 1 })).toBeCloseTo(Math.sqrt(0.005), 15);
  });

  test("constant input: correlation NaN, error metrics kept; nan-all drops everything", () => {
    const pred = [0.2, 0.2, 0.2, 0.2];
    const ref = [0.1, 0.25, 0.3, 0.2];
    const res = compareSeries(pred, ref);
    expect(res.status).toBe("constant_input");
    expect(res.r).toBeNaN();
    expect(res.pValue).toBeNaN();
    expect(res.slope).toBe(0); // slope of a constant prediction on a varying reference is 0
    expect(res.rmse).toBeCloseTo(Math.sqrt((0.01 + 0.0025 + 0.01 + 0) / 4), 14);
    const strict = compareSeries(pred, ref, { constantInput: "nan-all" });
    expect(strict.status).toBe("constant_input");
    for (const k of METRIC_KEYS) expect(strict[k]).toBeNaN();
  });

  test("Infinity counts as invalid, like NaN", () => {
    expect(countPairs([1, NaN, 3], [1, 2, Infinity])).toBe(1);
    expect(compareSeries([1, 2, 3, -Infinity], [1, 3, 2, 4]).n).toBe(3);
  });

  test("doc examples", () => {
    expect(rmse([1, 2, 3, NaN], [1, 3, 2, 7])).toBeCloseTo(Math.sqrt(2 / 3), 15);
    expect(pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]).r).toBeCloseTo(0.8, 15);
    const f = linearFit([2, 4, 7], [1, 2, 3]);
    expect(f.slope).toBeCloseTo(2.5, 15);
    expect(f.intercept).toBeCloseTo(-2 / 3, 14);
    const c = compareSeries([0.1, 0.2, 0.35, NaN], [0.12, 0.18, 0.3, 0.2]);
    expect(c.status).toBe("ok");
    expect(c.n).toBe(3);
  });

  test("bad options and shapes throw errors naming them", () => {
    expect(() => compareSeries([1, 2], [1])).toThrow(/same length, got 2 and 1/);
    expect(() => compareSeries([1, 2, 3], [1, 2, 3], { minPairs: 0 })).toThrow(/minPairs must be an integer >= 1, got 0/);
    expect(() => compareSeries([1, 2, 3], [1, 2, 3], { constantInput: "zero" as never })).toThrow(/constantInput .* got zero/);
    expect(() => rmse([1, 2, 3], [1, 2, 3], { minPairs: 1.5 })).toThrow(/rmse: minPairs .* got 1.5/);
  });
});
