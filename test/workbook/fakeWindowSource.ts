// The closed-form 1 km window shared by the applyModelDaily and applyModelCube tests (a helper, not a test).
import { DEFAULT_CUBIST_OPTIONS, type CubistAttribute, type CubistModel, type CubistRule } from "../../src/cubist/model";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import type { Layer, LayerRequest, LayerSource, VariableName } from "../../src/sources/layerSource";

// A 6 × 5 window of 0.05° pixels whose layers are closed-form functions of (variable, day, pixel), so every
// expected value and count below is worked out by hand from these rules.
export const grid = new LatLonGrid({ west: 127, north: 37, cellSize: 0.05, width: 6, height: 5 });
export const day = (date: string) => Number(date.slice(8, 10));
export const ascatFn = (d: number, i: number) => 0.1 + 0.01 * d + 0.01 * i;
// pixel 0: sea (IGBP c6 17 = water), 1: fill (255), 2: forest (never seen in training), 3–14 croplands (3 is water
// from 2016 on), 15–29 grasslands
export const lcCode = (i: number, year: number) => (i === 0 ? 17 : i === 1 ? 255 : i === 2 ? 1 : i === 3 && year >= 2016 ? 17 : i < 15 ? 12 : 10);
// clouds: LST missing at pixels 5, 6, 7 on day 2; NDVI missing at pixel 8 on day 3; DEM missing at pixel 9; sea has NaN LST/NDVI
export const lstFn = (d: number, i: number) => (i === 0 || (d === 2 && i >= 5 && i <= 7) ? NaN : 290 + d);
export const ndviFn = (d: number, i: number) => (i === 0 || (d === 3 && i === 8) ? NaN : 0.5);
export const demFn = (i: number) => (i === 9 ? NaN : i === 0 ? 0 : 100 + i);

export class FakeSource implements LayerSource {
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
export function twoRuleModel(): CubistModel {
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
