import { pixelMetrics } from "../../src/metrics/pixelMetrics";
import { PairAccumulator } from "../../src/production/pairAccumulator";

test("streamed per-pixel statistics equal pixelMetrics on the cube (r, p, RMSE, rRMSE, n)", () => {
  const P = 500, D = 40;
  let s = 17;
  const r = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
  const pred = new Float32Array(P * D), ref = new Float32Array(P * D);
  for (let d = 0; d < D; d++) {
    for (let i = 0; i < P; i++) {
      const base = 0.1 + 0.3 * Math.sin(d / 5 + i);
      ref[d * P + i] = i % 50 === 0 ? 0.25 : base + 0.02 * r();
      pred[d * P + i] = r() < 0.3 ? NaN : i % 77 === 0 ? 0.3 : 0.8 * base + 0.05 + 0.03 * r();
    }
  }
  const acc = new PairAccumulator(P);
  for (let d = 0; d < D; d++) acc.add(pred.subarray(d * P, (d + 1) * P), ref.subarray(d * P, (d + 1) * P));
  const got = acc.result(10);
  const want = pixelMetrics(pred, ref, { pixels: P, minPairs: 10 });
  expect(Array.from(got.n)).toEqual(Array.from(want.n));
  for (const k of ["r", "pValue", "rmse", "rrmse"] as const) {
    let worst = 0, nanMismatch = 0;
    for (let i = 0; i < P; i++) {
      const a = got[k][i], b = want[k][i];
      if (Number.isNaN(a) !== Number.isNaN(b)) nanMismatch++;
      else if (!Number.isNaN(a)) worst = Math.max(worst, Math.abs(a - b) / Math.max(1e-3, Math.abs(b)));
    }
    expect([k, nanMismatch]).toEqual([k, 0]);
    expect(worst).toBeLessThan(1e-5);
  }
  expect(Number.isNaN(got.r[0])).toBe(true); // constant reference
  expect(() => acc.add(new Float32Array(3), new Float32Array(3))).toThrow(/expected 500 values/);
});
