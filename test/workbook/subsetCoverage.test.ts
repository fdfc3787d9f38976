import { DEFAULT_CUBIST_OPTIONS, type CubistAttribute, type CubistModel } from "../../src/cubist/model";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { compareSeries } from "../../src/metrics/compareSeries";
import type { Layer, LayerRequest, LayerSource, VariableName } from "../../src/sources/layerSource";
import { subsetCoverage } from "../../src/workbook/subsetCoverage";
import { fineSkillSample } from "../../src/workbook/fineSkillSample";

// A 4 × 3 window (12 pixels), 3 days. Pixel 0 is water (IGBP 17), pixels 1–11 croplands (12): 11 land pixels ×
// 3 days = 33 land pixel-days. LST is missing (cloud) at pixels 1 and 2 on day 1; ASCAT at pixel 4 on day 3; the
// DEM is never missing. Every count below is worked out by hand from these rules.
const grid = new LatLonGrid({ west: 127, north: 37, cellSize: 0.05, width: 4, height: 3 });
const dates = ["2015-05-01", "2015-05-02", "2015-05-03"];
const day = (date: string) => Number(date.slice(8, 10));
const ascat = (d: number, i: number) => (d === 3 && i === 4 ? NaN : 0.1 + 0.02 * d + 0.01 * i);
const truth = (d: number, i: number) => 0.2 + 0.01 * d + 0.004 * i + (i % 2 ? 0.01 : -0.01);

class FakeSource implements LayerSource {
  readonly name = "fake";
  constructor(readonly variables: readonly VariableName[]) {}
  async getLayer(req: LayerRequest): Promise<Layer> {
    const d = day(req.date);
    const values = Float32Array.from({ length: req.grid.size }, (_, i) => {
      switch (req.variable) {
        case "ascat_sm": return ascat(d, i);
        case "lst": return i === 0 || (d === 1 && (i === 1 || i === 2)) ? NaN : 290 + d;
        case "landcover": return i === 0 ? 17 : 12;
        case "dem": return 100 + i;
        case "truth_sm": return truth(d, i);
        default: throw new Error(`fake: no ${req.variable}`);
      }
    });
    return { variable: req.variable, date: req.date, grid: req.grid, values, units: "", counts: {}, provenance: "fake" };
  }
}

/** A one-rule model sm = 0.1 + 0.5 · ascat on the given attributes (sm = 0.1 without ascat). */
function model(names: string[]): CubistModel {
  const attributes: CubistAttribute[] = names.map((name) => name === "landcover"
    ? { kind: "discrete", name, values: ["Croplands"], mode: "Croplands", ordered: false, valuesComplete: true }
    : { kind: "continuous", name, mean: 0.3, sd: 0.1, min: 0, max: 500 });
  return {
    id: "test", target: { name: "gldas_sm", mean: 0.25, sd: 0.1, min: 0, max: 1, precision: 6 }, attributes,
    globalMean: 0.25, floor: 0, ceiling: 1,
    committees: [{ rules: [{ conditions: [], cover: 100, mean: 0.25, loVal: 0, hiVal: 1, estErr: 0.01, intercept: 0.1, terms: names.includes("ascat_sm") ? [{ attribute: "ascat_sm", coefficient: 0.5 }] : [] }] }],
    options: { ...DEFAULT_CUBIST_OPTIONS, rules: 1 }, maxd: null, redn: null, nTrainingCases: 100,
  };
}

const predictors = ["ascat_sm", "lst", "landcover", "dem"];
const all = ["ascat_sm", "lst", "landcover", "dem"], al = ["ascat_sm", "landcover"];

describe("subsetCoverage", () => {
  test("exact coverage from the hand-built masks; truth skill on the regular sample equals compareSeries on the same rows", async () => {
    const src = new FakeSource(["ascat_sm", "lst", "landcover", "dem", "truth_sm"]);
    const rows = await subsetCoverage(src, { grid, dates, predictors, subsets: [all, al, ["lst"], ["landcover"]], models: [model(all), model(al), null, model(["landcover"])], sampleStep: 2 });
    expect(rows.map((r) => r.label)).toEqual(["ascat_sm+lst+landcover+dem", "ascat_sm+landcover", "lst", "landcover"]);
    expect(rows.map((r) => r.landPixelDays)).toEqual([33, 33, 33, 33]);
    expect(rows.map((r) => r.covered)).toEqual([30, 32, 31, 33]);
    expect(rows[0].coverage).toBeCloseTo(30 / 33, 15);
    // sample (sampleStep 2, pixel i of day index t when i + t is even), land only (pixel 0 is water):
    // day 1: 2, 4, 6, 8, 10; day 2: 1, 3, 5, 7, 9, 11; day 3: 2, 4, 6, 8, 10 → 16 pixel-days
    expect(rows.every((r) => r.sampled === 16)).toBe(true);
    // all four predictors: day 1 without 2 (LST gap), day 2 all, day 3 without 4 (ASCAT gap) → 14 pairs
    const pairs: [number, number][] = [[1, 4], [1, 6], [1, 8], [1, 10], [2, 1], [2, 3], [2, 5], [2, 7], [2, 9], [2, 11], [3, 2], [3, 6], [3, 8], [3, 10]];
    const pred = pairs.map(([d, i]) => 0.1 + 0.5 * Math.fround(ascat(d, i)));
    const ref = compareSeries(pred, pairs.map(([d, i]) => Math.fround(truth(d, i))));
    expect(rows[0].truthStatus).toBe("ok");
    expect(rows[0].truthN).toBe(14);
    expect(rows[0].truthRmse).toBeCloseTo(ref.rmse, 6);
    expect(rows[0].truthR).toBeCloseTo(ref.r, 6);
    expect(rows[0].truthBias).toBeCloseTo(ref.bias, 6);
    expect(rows[1].truthN).toBe(15); // ASCAT + land cover: day 1 pixel 2 is back (no LST needed)
    expect(rows[2].truthStatus).toBe("no model");
    expect(Number.isNaN(rows[2].truthRmse)).toBe(true);
    expect(rows[3].truthStatus).toBe("ok");
    // land cover alone is never missing on land: all 16 sampled pixel-days, predicted 0.1
    const sampled16: [number, number][] = [[1, 2], ...pairs.slice(0, 10), [3, 2], [3, 4], [3, 6], [3, 8], [3, 10]];
    expect(rows[3].truthN).toBe(16);
    expect(rows[3].truthRmse).toBeCloseTo(compareSeries(sampled16.map(() => 0.1), sampled16.map(([d, i]) => Math.fround(truth(d, i)))).rmse, 6);
  });
  test("no truth layer (real data): coverage still exact, skill NaN with status", async () => {
    const rows = await subsetCoverage(new FakeSource(["ascat_sm", "lst", "landcover", "dem"]), { grid, dates, predictors, subsets: [all], models: [model(all)] });
    expect(rows[0].covered).toBe(30);
    expect(rows[0].truthStatus).toBe("no truth");
    expect(Number.isNaN(rows[0].truthR)).toBe(true);
  });
  test("bad options name the option and value", async () => {
    const src = new FakeSource(["ascat_sm", "lst", "landcover", "dem"]);
    await expect(subsetCoverage(src, { grid, dates: [], predictors, subsets: [all] })).rejects.toThrow("subsetCoverage: options.dates must not be empty");
    await expect(subsetCoverage(src, { grid, dates, predictors: ["ndvi"], subsets: [["ndvi"]] })).rejects.toThrow("options.predictors has 'ndvi', which the source 'fake' does not serve");
    await expect(subsetCoverage(src, { grid, dates, predictors, subsets: [["x"]] })).rejects.toThrow("options.subsets has 'x', not one of options.predictors");
    await expect(subsetCoverage(src, { grid, dates, predictors, subsets: [all], models: [] })).rejects.toThrow("options.models must have one model (or null) per subset (1), got 0");
    await expect(subsetCoverage(src, { grid, dates, predictors, subsets: [all], sampleStep: 0 })).rejects.toThrow("options.sampleStep must be an integer ≥ 1, got 0");
    await expect(subsetCoverage({} as never, { grid, dates, predictors, subsets: [all] })).rejects.toThrow("source must be a LayerSource");
  });
});

describe("fineSkillSample", () => {
  test("the sampled pixel-days with predictors, truth and a reference; exact counts per mask of present predictors", async () => {
    const src = new FakeSource(["ascat_sm", "lst", "landcover", "dem", "truth_sm"]);
    const s = await fineSkillSample(src, { grid, dates, predictors: ["ascat_sm", "lst"], sampleStep: 2, reference: "dem" });
    // 33 land pixel-days: LST missing at pixels 1, 2 on day 1 (mask 0b01), ASCAT at pixel 4 on day 3 (0b10), else both (0b11)
    expect(Array.from(s.maskCounts)).toEqual([0, 2, 1, 30]);
    expect(s.landPixelDays).toBe(33);
    // the 16 sampled land pixel-days of the subsetCoverage test, in day then pixel order
    const sampled: [number, number][] = [[1, 2], [1, 4], [1, 6], [1, 8], [1, 10], [2, 1], [2, 3], [2, 5], [2, 7], [2, 9], [2, 11], [3, 2], [3, 4], [3, 6], [3, 8], [3, 10]];
    expect(s.table.nRows).toBe(16);
    expect(Array.from(s.reference!)).toEqual(sampled.map(([, i]) => 100 + i));
    expect(Array.from(s.truth!)).toEqual(sampled.map(([d, i]) => Math.fround(truth(d, i))));
    expect(Array.from(s.table.columns.ascat_sm as Float64Array)).toEqual(sampled.map(([d, i]) => Math.fround(ascat(d, i))));
    expect(Array.from(s.present)).toEqual(sampled.map(([d, i]) => (d === 1 && i === 2 ? 0b01 : d === 3 && i === 4 ? 0b10 : 0b11)));
    // a shared sample: subsetCoverage gives the same rows without reading the source again
    const direct = await subsetCoverage(src, { grid, dates, predictors: ["ascat_sm", "lst"], subsets: [["ascat_sm"], ["ascat_sm", "lst"]], models: [model(["ascat_sm"]), model(["ascat_sm", "lst"])], sampleStep: 2 });
    const noRead = { ...src, name: "fake", variables: src.variables, getLayer: () => { throw new Error("read again"); } } as LayerSource;
    expect(await subsetCoverage(noRead, { predictors: ["ascat_sm", "lst"], subsets: [["ascat_sm"], ["ascat_sm", "lst"]], models: [model(["ascat_sm"]), model(["ascat_sm", "lst"])], sample: s })).toEqual(direct);
    await expect(subsetCoverage(noRead, { predictors: ["lst"], subsets: [["lst"]], sample: s })).rejects.toThrow("options.sample must come from fineSkillSample on the same predictors (lst), got ascat_sm, lst");
    await expect(fineSkillSample(src, { grid, dates, predictors: ["lst"], reference: "gldas_sm" })).rejects.toThrow("fineSkillSample: options.reference is 'gldas_sm', which the source 'fake' does not serve");
  });
});
