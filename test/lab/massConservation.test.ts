// Mass conservation against numpy reference outputs (test/fixtures/lab/make_mass_conservation.py) and exact invariants.
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { nestedCellMap } from "../../src/grid/nestedCellMap";
import { massConservation, type MassConservationOptions } from "../../src/lab/massConservation";

type Arr = (number | null)[];
const FIX = JSON.parse(fs.readFileSync(path.join(process.cwd(), "test/fixtures/lab/mass_conservation.json"), "utf8")) as {
  to: ConstructorParameters<typeof LatLonGrid>[0]; from: ConstructorParameters<typeof LatLonGrid>[0];
  fine: Arr; coarse: Arr; valid: number[]; missing: number[]; fineMean: Arr; finePixelsOutside: number;
  before: { cells: number; bias: number; rmse: number };
  cases: { options: Partial<MassConservationOptions>; values: Arr; tooFewValid: number }[];
};
const num = (a: Arr) => Float64Array.from(a, (v) => (v === null ? NaN : v));
const from = new LatLonGrid(FIX.from), to = new LatLonGrid(FIX.to);
const fine = num(FIX.fine), coarse = num(FIX.coarse);

function expectClose(got: ArrayLike<number>, want: Arr, tol = 1e-12): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    if (w === null) expect(got[i]).toBeNaN();
    else expect(Math.abs(got[i] - w)).toBeLessThanOrEqual(tol);
  }
}

/** Mean of the valid corrected pixels per coarse cell (an independent pass using the cell map). */
function cellMeans(values: Float64Array): Float64Array {
  const map = nestedCellMap(from, to);
  const s = new Float64Array(to.size), n = new Int32Array(to.size);
  for (let r = 0; r < from.height; r++) for (let c = 0; c < from.width; c++) {
    const v = values[r * from.width + c];
    if (map.rows[r] < 0 || map.cols[c] < 0 || Number.isNaN(v)) continue;
    s[map.rows[r] * to.width + map.cols[c]] += v; n[map.rows[r] * to.width + map.cols[c]]++;
  }
  return s.map((x, i) => x / n[i]);
}

describe("massConservation vs numpy", () => {
  for (const c of FIX.cases) {
    test(JSON.stringify(c.options), () => {
      const r = massConservation(fine, coarse, { from, to, ...c.options });
      expectClose(r.values, c.values);
      expect(Array.from(r.valid)).toEqual(FIX.valid);
      expect(Array.from(r.missing)).toEqual(FIX.missing);
      expectClose(r.fineMean, FIX.fineMean);
      expect(r.counts.finePixelsOutside).toBe(FIX.finePixelsOutside);
      expect(r.counts.withoutValid).toBe(1);
      expect(r.counts.withoutCoarse).toBe(1);
      expect(r.counts.tooFewValid).toBe(c.tooFewValid);
      expect(r.counts.corrected).toBe(to.size - 2 - c.tooFewValid);
      expect(r.before.cells).toBe(FIX.before.cells);
      expect(r.before.bias).toBeCloseTo(FIX.before.bias, 14);
      expect(r.before.rmse).toBeCloseTo(FIX.before.rmse, 14);
    });
  }
});

describe("massConservation invariants", () => {
  test("corrected cells' means equal the coarse values; differences (additive) / ratios (multiplicative) kept", () => {
    for (const mode of ["additive", "multiplicative"] as const) {
      const r = massConservation(fine, coarse, { from, to, mode });
      const m = cellMeans(r.values);
      let checked = 0;
      for (let i = 0; i < to.size; i++) {
        if (Number.isNaN(r.adjustment[i])) continue;
        expect(Math.abs(m[i] - coarse[i])).toBeLessThan(1e-15);
        checked++;
      }
      expect(checked).toBe(r.counts.corrected);
      const map = nestedCellMap(from, to);
      for (let k = 0; k < fine.length; k++) {
        const row = Math.floor(k / from.width), col = k % from.width;
        expect(Number.isNaN(r.values[k])).toBe(Number.isNaN(fine[k]));
        if (map.rows[row] < 0 || map.cols[col] < 0 || Number.isNaN(fine[k])) continue;
        const a = r.adjustment[map.rows[row] * to.width + map.cols[col]];
        if (Number.isNaN(a)) expect(r.values[k]).toBe(fine[k]);
        else if (mode === "additive") expect(r.values[k] - fine[k]).toBeCloseTo(a, 15);
        else expect(r.values[k] / fine[k]).toBeCloseTo(a, 14);
      }
    }
  });

  test("multiplicative leaves cells with a non-positive mean alone; the doc example holds", () => {
    const f = new LatLonGrid({ west: 0, north: 1, cellSize: 0.5, width: 2, height: 2 });
    const c = new LatLonGrid({ west: 0, north: 1, cellSize: 1, width: 1, height: 1 });
    const r = massConservation([-0.1, 0.1, NaN, -0.3], [0.2], { from: f, to: c, mode: "multiplicative" });
    expect(r.counts.nonPositive).toBe(1);
    expect(Array.from(r.values)).toEqual([-0.1, 0.1, NaN, -0.3]);
    const a = massConservation([0.1, 0.2, NaN, 0.3], [0.3], { from: f, to: c });
    expectClose(a.values, [0.2, 0.3, null, 0.4], 1e-15);
    expect(Array.from(a.missing)).toEqual([1]);
  });

  test("options are validated, naming the option and value", () => {
    expect(() => massConservation(fine, coarse, { from, to, mode: "ratio" as never })).toThrow(/mode .*"ratio"/);
    expect(() => massConservation(fine, coarse, { from, to, missingCoarse: "drop" as never })).toThrow(/missingCoarse .*"drop"/);
    expect(() => massConservation(fine, coarse, { from, to, minValidFraction: 2 })).toThrow(/minValidFraction .* got 2/);
    expect(() => massConservation(fine, coarse.slice(1), { from, to })).toThrow(/coarse must hold .* 12 .* got 11/);
    expect(() => massConservation(fine, coarse, { from: to, to: from })).toThrow(/to.cellSize/);
  });
});
