// applyModelCube on the same closed-form fake source as applyModelDaily's test (layers copied from it): the six-
// predictor model gives applyModelDaily's cube bit for bit; a model without LST/NDVI has values under the clouds,
// worked out by hand; the committee spread of a two-member model is |a − b| / 2.
import { DEFAULT_CUBIST_OPTIONS, type CubistAttribute, type CubistModel, type CubistRule } from "../../src/cubist/model";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import type { Layer, LayerRequest, LayerSource, VariableName } from "../../src/sources/layerSource";
import { applyModelDaily } from "../../src/workbook/applyModelDaily";
import { applyModelCube } from "../../src/workbook/applyModelCube";

// The 6 × 5 window of closed-form layers and the two-rule model: test/workbook/fakeWindowSource.ts.
import { grid, day, ascatFn, lcCode, lstFn, ndviFn, demFn, FakeSource, twoRuleModel } from "./fakeWindowSource";

const dates = ["2015-05-01", "2015-05-02", "2015-05-03"];

/** The two-rule model without the optical inputs (ascat, landcover, dem only), optionally as two members. */
function noOpticalModel(members = 1): CubistModel {
  const m = twoRuleModel();
  const keep = ["ascat_sm", "landcover", "dem"];
  const second = { rules: m.committees[0].rules.map((r) => ({ ...r, intercept: r.intercept + 0.02 })) };
  return { ...m, attributes: m.attributes.filter((a) => keep.includes(a.name)), committees: members === 2 ? [m.committees[0], second] : m.committees };
}

describe("applyModelCube", () => {
  test("the six-predictor model: the same cube and counts as applyModelDaily", async () => {
    const model = twoRuleModel();
    const a = await applyModelDaily(new FakeSource(), { model, grid, dates });
    const b = await applyModelCube(new FakeSource(), { model, grid, dates });
    expect(Array.from(b.cube)).toEqual(Array.from(a.cube));
    expect(b.totals).toEqual({ land: a.totals.landPixelDays, predicted: a.totals.predicted, gaps: a.totals.cloudGaps, unseen: a.totals.unseen });
    expect(b.missing.lst).toBe(a.missing.lst);
    expect(b.spread).toBeNull();
  });
  test("without LST/NDVI: values under the clouds, hand-computed", async () => {
    const b = await applyModelCube(new FakeSource(), { model: noOpticalModel(), grid, dates });
    expect(b.predictors).toEqual(["ascat_sm", "landcover", "dem"]);
    // land = pixels 2..29 (0 sea, 1 fill) on 3 days = 84; DEM missing at 9 → 3 gaps; forest (2) unseen on 3 days
    expect(b.totals).toEqual({ land: 84, predicted: 78, gaps: 3, unseen: 3 });
    for (let t = 0; t < 3; t++) {
      const d = t + 1;
      // pixel 6 is cloudy on day 2 (LST missing) but gets croplands' 0.1 + 0.5·ascat; pixel 20 grasslands 0.4 − 0.5·ascat
      expect(b.cube[t * 30 + 6]).toBeCloseTo(0.1 + 0.5 * ascatFn(d, 6), 5);
      expect(b.cube[t * 30 + 20]).toBeCloseTo(0.4 - 0.5 * ascatFn(d, 20), 5);
      expect(Number.isNaN(b.cube[t * 30 + 0])).toBe(true);
      expect(Number.isNaN(b.cube[t * 30 + 9])).toBe(true);
      expect(b.land[t * 30 + 0]).toBe(0);
      expect(b.land[t * 30 + 9]).toBe(1);
    }
  });
  test("spread of a two-member committee: members 0.02 apart → std 0.01, prediction their mean", async () => {
    const b = await applyModelCube(new FakeSource(), { model: noOpticalModel(2), grid, dates, spread: true });
    const s = b.spread!;
    expect(s[30 + 6]).toBeCloseTo(0.01, 6);
    expect(b.cube[30 + 6]).toBeCloseTo(0.1 + 0.5 * ascatFn(2, 6) + 0.01, 5);
    expect(Number.isNaN(s[9])).toBe(true);
  });
  test("bad options are RangeErrors naming them", async () => {
    await expect(applyModelCube(new FakeSource(), { model: twoRuleModel(), grid, dates: [] })).rejects.toThrow(/options.dates must not be empty/);
    await expect(applyModelCube(new FakeSource(), { model: twoRuleModel(), grid, dates, spread: true })).rejects.toThrow(/options.spread needs a committee model/);
    await expect(applyModelCube(new FakeSource(), { model: null as never, grid, dates })).rejects.toThrow(/options.model must be a Cubist model/);
  });
});
