import * as fs from "fs";
import * as path from "path";
import { compareSeries, pixelMetrics } from "../../src/metrics";

const fixture = JSON.parse(fs.readFileSync(path.join(process.cwd(), "test/fixtures/metrics/expected.json"), "utf8"));
const cube = fixture.cube as { days: number; pixels: number; pred: (number | null)[]; ref: (number | null)[]; expected: Record<string, number | string | null>[] };
const toF32 = (a: (number | null)[]) => Float32Array.from(a.map((v) => (v === null ? NaN : v)));

describe("pixelMetrics vs numpy/scipy per pixel (25 days × 6 pixels)", () => {
  const pred = toF32(cube.pred);
  const ref = toF32(cube.ref);
  const statusCode: Record<string, number> = { ok: 0, too_few_pairs: 1, constant_input: 2 };

  test.each([["flat cube", "flat"], ["array of days", "days"]])("%s", (_label, layout) => {
    const days = (a: Float32Array) => Array.from({ length: cube.days }, (_, d) => a.subarray(d * cube.pixels, (d + 1) * cube.pixels));
    const m = layout === "flat" ? pixelMetrics(pred, ref, { pixels: cube.pixels }) : pixelMetrics(days(pred), days(ref), {});
    expect(m.days).toBe(25);
    expect(m.pixels).toBe(6);
    for (let j = 0; j < cube.pixels; j++) {
      const e = cube.expected[j];
      expect(m.n[j]).toBe(e.n);
      expect(m.status[j]).toBe(statusCode[e.status as string]);
      const pairs: [keyof typeof m, string][] = [["r", "r"], ["pValue", "pValue"], ["rmse", "rmse"], ["rrmse", "rrmse"], ["bias", "bias"], ["ubrmsd", "ubrmsd"], ["slope", "slope"]];
      for (const [mk, ek] of pairs) {
        const got = (m[mk] as Float32Array)[j];
        const want = e[ek] === undefined || e[ek] === null ? NaN : (e[ek] as number);
        if (Number.isNaN(want)) expect(got).toBeNaN();
        // outputs are float32: relative 1e-6
        else expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-6 * Math.abs(want) + 1e-12);
      }
    }
    expect(m.status[4]).toBe(1); // two valid days only
    expect(m.status[3]).toBe(2); // constant prediction
    expect(m.r[5]).toBeLessThan(-0.99);
  });

  test("agrees with compareSeries on every pixel of a random cube", () => {
    let s = 12345;
    const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const D = 40, P = 50;
    const a = new Float32Array(D * P);
    const b = new Float32Array(D * P);
    for (let i = 0; i < a.length; i++) {
      b[i] = 0.1 + 0.3 * rnd();
      a[i] = rnd() < 0.2 ? NaN : b[i] * 0.8 + 0.1 * rnd();
    }
    const m = pixelMetrics(a, b, { pixels: P, minPairs: 5 });
    for (let j = 0; j < P; j++) {
      const pa = new Float64Array(D), pb = new Float64Array(D);
      for (let d = 0; d < D; d++) { pa[d] = a[d * P + j]; pb[d] = b[d * P + j]; }
      const c = compareSeries(pa, pb, { minPairs: 5 });
      expect(m.n[j]).toBe(c.n);
      expect(m.r[j]).toBeCloseTo(c.r, 6);
      expect(m.rmse[j]).toBeCloseTo(c.rmse, 7);
      expect(m.pValue[j]).toBeCloseTo(c.pValue, 7);
    }
  });

  test("doc example and errors", () => {
    const p = new Float32Array([0.1, 0.2, 0.2, 0.3, 0.3, 0.1]);
    const o = new Float32Array([0.1, 0.2, 0.2, 0.2, 0.3, 0.3]);
    expect(pixelMetrics(p, o, { pixels: 2 }).r[0]).toBeCloseTo(1, 6);
    expect(() => pixelMetrics(p, o, {})).toThrow(/options.pixels is required/);
    expect(() => pixelMetrics(p, o, { pixels: 4 })).toThrow(/not a multiple of pixels=4/);
    expect(() => pixelMetrics(p, new Float32Array(4), { pixels: 2 })).toThrow(/pred has 3 days but ref has 2/);
    expect(() => pixelMetrics(p, o, { pixels: 2, minPairs: -1 })).toThrow(/minPairs must be an integer >= 1, got -1/);
    expect(() => pixelMetrics([p], [new Float32Array(5)], {})).toThrow(/pred has 6 pixels per day but ref has 5/);
  });
});
