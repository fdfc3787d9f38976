// massConservationDaily: per-day mass conservation of a [day][pixel] cube, checked with the numpy fixture of
// test/fixtures/lab (day 1) and the invariant that the corrected cube aggregates back to the coarse values.
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { aggregateDailyCube } from "../../src/workbook/aggregateDailyCube";
import { massConservationDaily } from "../../src/workbook/massConservationDaily";

type Arr = (number | null)[];
const FIX = JSON.parse(fs.readFileSync(path.join(process.cwd(), "test/fixtures/lab/mass_conservation.json"), "utf8")) as {
  to: ConstructorParameters<typeof LatLonGrid>[0]; from: ConstructorParameters<typeof LatLonGrid>[0];
  fine: Arr; coarse: Arr; before: { cells: number; bias: number; rmse: number }; cases: { options: { mode: string }; values: Arr }[];
};
const f32 = (a: Arr) => Float32Array.from(a, (v) => (v === null ? NaN : v));
const from = new LatLonGrid(FIX.from), to = new LatLonGrid(FIX.to);

describe("massConservationDaily", () => {
  // day 1: the fixture; day 2: the fixture's fine field halved, its coarse field unchanged
  const day1 = f32(FIX.fine), day2 = day1.map((v) => v / 2);
  const cube = new Float32Array(2 * from.size); cube.set(day1); cube.set(day2, from.size);
  const coarse = new Float32Array(2 * to.size); coarse.set(f32(FIX.coarse)); coarse.set(f32(FIX.coarse), to.size);

  test("day 1 equals the numpy reference (float32); every corrected day aggregates back to the coarse values", () => {
    const r = massConservationDaily(cube, { from, to, coarse });
    const want = FIX.cases[0].values; // additive
    for (let i = 0; i < from.size; i++) {
      if (want[i] === null) expect(r.cube[i]).toBeNaN();
      else expect(Math.abs(r.cube[i] - (want[i] as number))).toBeLessThan(1e-6);
    }
    expect(r.days[0].cells).toBe(FIX.before.cells);
    expect(r.days[0].bias).toBeCloseTo(FIX.before.bias, 6);
    expect(r.days[0].rmse).toBeCloseTo(FIX.before.rmse, 6);
    expect(r.days[0].withoutValid).toBe(1);
    expect(r.days[1].corrected).toBe(r.days[0].corrected);
    const back = aggregateDailyCube(r.cube, { from, to, minValidFraction: 0 }).cube;
    let checked = 0;
    for (let i = 0; i < coarse.length; i++) {
      if (Number.isNaN(back[i]) || Number.isNaN(coarse[i])) continue;
      expect(Math.abs(back[i] - coarse[i])).toBeLessThan(1e-6);
      checked++;
    }
    expect(checked).toBe(r.days[0].corrected + r.days[1].corrected);
    // halving the field moves the aggregate's bias accordingly (day 2 bias = mean(m/2 − g) over the same cells)
    expect(r.days[1].bias).toBeLessThan(r.days[0].bias);
  });

  test("options are validated", () => {
    expect(() => massConservationDaily(cube.subarray(1), { from, to, coarse })).toThrow(/cube length .* from.size = 280/);
    expect(() => massConservationDaily(cube, { from, to, coarse: coarse.subarray(1) })).toThrow(/options.coarse must hold 2 days × to.size 12 = 24 values, got 23/);
    expect(() => massConservationDaily(cube, { from, to, coarse, mode: "x" as never })).toThrow(/mode .*"x"/);
  });
});
