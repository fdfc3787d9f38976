// applyModelCube on the same closed-form fake source as applyModelDaily's test (layers copied from it): the six-
// predictor model gives applyModelDaily's cube bit for bit; a model without LST/NDVI has values under the clouds,
// worked out by hand; the committee spread of a two-member model is |a − b| / 2.
import { DEFAULT_CUBIST_OPTIONS, type CubistAttribute, type CubistModel, type CubistRule } from "../../src/cubist/model";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import type { Layer, LayerRequest, LayerSource, VariableName } from "../../src/sources/layerSource";
import { applyModelDaily } from "../../src/workbook/applyModelDaily";
import { applyModelCube } from "../../src/workbook/applyModelCube";

// A 6 × 5 window of 0.05° pixels whose layers are closed-form functions of (variable, day, pixel), so every
// expected value and count below is worked out by hand from these rules.
const grid = new LatLonGrid({ west: 127, north: 37, cellSize: 0.05, width: 6, height: 5 });
const day = (date: string) => Number(date.slice(8, 10));
const ascatFn = (d: number, i: number) => 0.1 + 0.01 * d + 0.01 * i;
// pixel 0: sea (IGBP c6 17 = water), 1: fill (255), 2: forest (never seen in training), 3–14 croplands (3 is water
// from 2016 on), 15–29 grasslands
const lcCode = (i: number, year: number) => (i === 0 ? 17 : i === 1 ? 255 : i === 2 ? 1 : i === 3 && year >= 2016 ? 17 : i < 15 ? 12 : 10);
// clouds: LST missing at pixels 5, 6, 7 on day 2; NDVI missing at pixel 8 on day 3; DEM missing at pixel 9; sea has NaN LST/NDVI
const lstFn = (d: number, i: number) => (i === 0 || (d === 2 && i >= 5 && i <= 7) ? NaN : 290 + d);
const ndviFn = (d: number, i: number) => (i === 0 || (d === 3 && i === 8) ? NaN : 0.5);
const demFn = (i: number) => (i === 9 ? NaN : i === 0 ? 0 : 100 + i);

class FakeSource implements LayerSource {
  readonly name = "fake";
  readonly variables: readonly VariableName[] = ["amsr2_sm", "ascat_sm", "lst", "ndvi", "landcover", "dem"];
  requests: LayerRequest[] = [];
  async getLayer(req: LayerRequest): Promise<Layer> {
    this.requests.push(req);
    const d = day(req.date);
    const values = Float32Array.from({ length: req.grid.size }, (_, i) => {
      switch (req.variable) {
        case "ascat_sm": return ascatFn(d, i);
        case "amsr2_sm": return 0.2;
        case "lst": return lstFn(d, i);
        case "ndvi": return ndviFn(d, i);
        case "dem": return demFn(i);
        case "landcover": return lcCode(i, Number(req.date.slice(0, 4)));
        default: throw new Error(`fake: no ${req.variable}`);
      }
    });
    return { variable: req.variable, date: req.date, grid: req.grid, values, units: "", counts: {}, provenance: "fake" };
  }
}

// a hand-made two-rule model: croplands gldas = 0.1 + 0.5·ascat, grasslands gldas = 0.4 − 0.5·ascat;
// the land-cover value list is complete, so forest is detectably unseen
function twoRuleModel(): CubistModel {
  const cont = (name: string): CubistAttribute => ({ kind: "continuous", name, mean: 0.3, sd: 0.1, min: 0, max: 500 });
  const rule = (value: string, intercept: number, slope: number): CubistRule => ({
    conditions: [{ type: "equals", attribute: "landcover", value }], cover: 100, mean: 0.25, loVal: 0, hiVal: 1, estErr: 0.01,
    intercept, terms: [{ attribute: "ascat_sm", coefficient: slope }],
  });
  return {
    id: "two-rule test model", target: { name: "gldas_sm", mean: 0.25, sd: 0.1, min: 0, max: 1, precision: 6 },
    attributes: [cont("ascat_sm"), cont("amsr2_sm"), cont("lst"), cont("ndvi"),
      { kind: "discrete", name: "landcover", values: ["Croplands", "Grasslands"], mode: "Croplands", ordered: false, valuesComplete: true }, cont("dem")],
    globalMean: 0.25, floor: 0, ceiling: 1, committees: [{ rules: [rule("Croplands", 0.1, 0.5), rule("Grasslands", 0.4, -0.5)] }],
    options: { ...DEFAULT_CUBIST_OPTIONS, rules: 2 }, maxd: null, redn: null, nTrainingCases: 200,
  };
}

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
