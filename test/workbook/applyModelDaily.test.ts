import { DEFAULT_CUBIST_OPTIONS, type CubistAttribute, type CubistModel, type CubistRule } from "../../src/cubist/model";
import { predict } from "../../src/cubist/predict";
import type { ColumnTable } from "../../src/cubist/table";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import type { Layer, LayerRequest, LayerSource, VariableName } from "../../src/sources/layerSource";
import { applyModelDaily } from "../../src/workbook/applyModelDaily";
import { predictorTable } from "../../src/workbook/predictorTable";
import { toCubistTable } from "../../src/workbook/sampleSet";

// The 6 × 5 window of closed-form layers and the two-rule model: test/workbook/fakeWindowSource.ts.
import { grid, day, ascatFn, lcCode, lstFn, ndviFn, demFn, FakeSource, twoRuleModel } from "./fakeWindowSource";

const dates = ["2015-05-01", "2015-05-02", "2016-05-03"]; // the third day is in another land-cover year

describe("applyModelDaily", () => {
  const model = twoRuleModel();

  test("the hand-made model predicts its two equations (precondition of the expected values)", () => {
    const t: ColumnTable = { nRows: 2, columns: { ascat_sm: Float64Array.of(0.2, 0.2), amsr2_sm: Float64Array.of(0.2, 0.2), lst: Float64Array.of(290, 290), ndvi: Float64Array.of(0.5, 0.5), landcover: ["Croplands", "Grasslands"], dem: Float64Array.of(100, 100) } };
    const p = predict(model, t).predictions;
    expect(p[0]).toBeCloseTo(0.2, 5);
    expect(p[1]).toBeCloseTo(0.3, 5);
  });

  test("values: the class's equation where all six predictors exist, NaN for sea, fill, clouds, missing DEM and the unseen class", async () => {
    const app = await applyModelDaily(new FakeSource(), { model, grid, dates });
    expect(app.pixels).toBe(30);
    expect(app.cube.length).toBe(90);
    for (let t = 0; t < 3; t++) {
      const d = t + 1;
      for (let i = 0; i < 30; i++) {
        const v = app.cube[t * 30 + i];
        const gap = i <= 2 || i === 9 || (i === 3 && d >= 3) || (d === 2 && i >= 5 && i <= 7) || (d === 3 && i === 8);
        if (gap) { expect(Number.isNaN(v)).toBe(true); continue; }
        const a = Math.fround(ascatFn(d, i));
        expect(v).toBeCloseTo(i < 15 ? 0.1 + 0.5 * a : 0.4 - 0.5 * a, 5);
      }
    }
  });

  test("counts per day and in total: land pixels, cloud gaps, unseen class, per-predictor misses; sea is not a gap", async () => {
    const app = await applyModelDaily(new FakeSource(), { model, grid, dates });
    // land = 30 − sea − fill = 28 in 2015; pixel 3 turns to water in 2016 → 27 (land cover re-read for the new year)
    expect(app.landPixels).toBe(27);
    expect(Array.from(app.landPerDay)).toEqual([28, 28, 27]);
    // gaps: day 1 DEM@9; day 2 DEM@9 + LST@5,6,7; day 3 DEM@9 + NDVI@8
    expect(Array.from(app.cloudGaps)).toEqual([1, 4, 2]);
    expect(Array.from(app.unseen)).toEqual([1, 1, 1]); // forest at pixel 2
    expect(Array.from(app.predicted)).toEqual([28 - 1 - 1, 28 - 4 - 1, 27 - 2 - 1]);
    expect(app.missing).toEqual({ amsr2_sm: 0, ascat_sm: 0, lst: 3, ndvi: 1, dem: 3 });
    expect(app.totals).toEqual({ landPixelDays: 28 + 28 + 27, predicted: 26 + 23 + 24, cloudGaps: 7, unseen: 3, cloudGapShare: 7 / 83 });
  });

  test("static layers are read once per calendar year, dynamic ones every day", async () => {
    const src = new FakeSource();
    await applyModelDaily(src, { model, grid, dates });
    const asked = (v: string) => src.requests.filter((r) => r.variable === v).map((r) => r.date);
    expect(asked("landcover")).toEqual(["2015-05-01", "2016-05-03"]);
    expect(asked("dem")).toEqual(["2015-05-01", "2016-05-03"]);
    expect(asked("lst")).toEqual(dates);
  });

  test("same predictions and NaN pattern as predictorTable + predict day by day", async () => {
    const src = new FakeSource();
    const app = await applyModelDaily(src, { model, grid, dates });
    for (let t = 0; t < dates.length; t++) {
      const p = await predictorTable(src, { grid, date: dates[t] });
      const pred = predict(model, p.table, { unseenDiscrete: "nan" }).predictions;
      for (let i = 0; i < 30; i++) {
        const expected = p.incomplete[i] ? NaN : Math.fround(pred[i]);
        expect(app.cube[t * 30 + i]).toBe(expected);
      }
    }
  });

  test("bad options are refused by name", async () => {
    await expect(applyModelDaily(new FakeSource(), { model, grid, dates: [] })).rejects.toThrow("applyModelDaily: options.dates must not be empty");
    await expect(applyModelDaily(new FakeSource(), { model: {} as never, grid, dates })).rejects.toThrow("options.model must be a Cubist model");
    await expect(applyModelDaily({} as never, { model, grid, dates })).rejects.toThrow("source must be a LayerSource");
  });

  test("@example: the first day's map is a subarray of the cube", async () => {
    const app = await applyModelDaily(new FakeSource(), { model, grid, dates });
    expect(app.cube.subarray(0, app.pixels).length).toBe(30);
    expect(app.totals.cloudGapShare).toBeCloseTo(7 / 83, 12);
  });

  test("a five-predictor model (no LST): LST is not read, its cloud gaps do not count, predictions = predict() on the same rows", async () => {
    const m5 = twoRuleModel();
    m5.attributes = m5.attributes.filter((a) => a.name !== "lst");
    const src = new FakeSource();
    const app = await applyModelDaily(src, { model: m5, grid, dates });
    expect(src.requests.some((r) => r.variable === "lst")).toBe(false);
    // gaps by hand without LST: day 1 DEM@9; day 2 DEM@9 (LST@5,6,7 no longer gaps); day 3 DEM@9 + NDVI@8
    expect(Array.from(app.cloudGaps)).toEqual([1, 1, 2]);
    expect(Array.from(app.predicted)).toEqual([28 - 1 - 1, 28 - 1 - 1, 27 - 2 - 1]);
    expect(app.missing).toEqual({ amsr2_sm: 0, ascat_sm: 0, ndvi: 1, dem: 3 });
    expect("lst" in app.missing).toBe(false);
    for (let t = 0; t < dates.length; t++) {
      const p = await predictorTable(src, { grid, date: dates[t], predictors: ["ascat_sm", "amsr2_sm", "ndvi", "landcover", "dem"] });
      expect("lst" in p.table.columns).toBe(false);
      const pred = predict(m5, p.table, { unseenDiscrete: "nan" }).predictions;
      for (let i = 0; i < 30; i++) expect(app.cube[t * 30 + i]).toBe(p.incomplete[i] ? NaN : Math.fround(pred[i]));
    }
    // day 2 pixel 6 (cropland, LST cloudy) now has the cropland equation 0.1 + 0.5 · ascat
    expect(app.cube[30 + 6]).toBeCloseTo(0.1 + 0.5 * ascatFn(2, 6), 6);
  });

  test("a model using a predictor the application cannot read is refused by name", async () => {
    const bad = twoRuleModel();
    bad.attributes = [...bad.attributes, { kind: "continuous", name: "soil", mean: 0, sd: 1, min: 0, max: 1 }];
    await expect(applyModelDaily(new FakeSource(), { model: bad, grid, dates })).rejects.toThrow("the model's predictor 'soil'");
  });

  test("land cover: training (toCubistTable) and the 1 km application agree — water and fill are missing in both", async () => {
    // every IGBP code, fill and NaN, as training rows and as one row of pixels of a day
    const codes = [...Array.from({ length: 17 }, (_, k) => k + 1), 255, NaN];
    const n = codes.length;
    const samples = {
      n, pointId: new Int32Array(n), cell: new Int32Array(n), dayIndex: new Int32Array(n), dates: ["2015-05-01"],
      columns: { landcover: Float32Array.from(codes), gldas_sm: new Float32Array(n).fill(0.2) },
    };
    const train = toCubistTable(samples, { predictors: ["landcover"] }).columns.landcover as (string | null)[];
    const g = new LatLonGrid({ west: 127, north: 37, cellSize: 0.05, width: n, height: 1 });
    const src: LayerSource = {
      name: "codes", variables: ["landcover", "ascat_sm"],
      async getLayer(req: LayerRequest): Promise<Layer> {
        const values = req.variable === "landcover" ? Float32Array.from(codes) : new Float32Array(n).fill(0.2);
        return { variable: req.variable, date: req.date, grid: req.grid, values, units: "", counts: {}, provenance: "codes" };
      },
    };
    const m = twoRuleModel();
    m.attributes = m.attributes.filter((a) => a.name === "ascat_sm" || a.name === "landcover");
    const app = await applyModelDaily(src, { model: m, grid: g, dates: ["2015-05-01"] });
    const water = codes.map((c, i) => (train[i] === null ? i : -1)).filter((i) => i >= 0);
    expect(water.map((i) => codes[i])).toEqual([17, 255, NaN]); // water, fill, NaN: missing in training
    expect(app.landPixels).toBe(n - water.length); // …and not land (no value, no gap) in the application
    for (const i of water) expect(app.cube[i]).toBeNaN();
    expect(app.cloudGaps[0]).toBe(0);
    // a land pixel's class name is the training one: croplands (12) → the cropland equation, grasslands (10) → theirs
    expect(train[11]).toBe("Croplands");
    expect(app.cube[11]).toBeCloseTo(0.1 + 0.5 * 0.2, 6);
    expect(train[9]).toBe("Grasslands");
    expect(app.cube[9]).toBeCloseTo(0.4 - 0.5 * 0.2, 6);
  });

  test("precip (optional seventh predictor): read every day, its gaps counted, its coefficient applied", async () => {
    class WithPrecip extends FakeSource {
      readonly variables: readonly VariableName[] = ["amsr2_sm", "ascat_sm", "lst", "ndvi", "landcover", "dem", "precip"];
      async getLayer(req: LayerRequest): Promise<Layer> {
        if (req.variable !== "precip") return super.getLayer(req);
        this.requests.push(req);
        const values = Float32Array.from({ length: req.grid.size }, (_, i) => (i === 20 ? NaN : 2 * day(req.date)));
        return { variable: "precip", date: req.date, grid: req.grid, values, units: "mm/day", counts: {}, provenance: "fake" };
      }
    }
    const m7 = twoRuleModel();
    m7.attributes = [...m7.attributes, { kind: "continuous", name: "precip", mean: 2, sd: 1, min: 0, max: 100 }];
    m7.committees[0].rules[0].terms.push({ attribute: "precip", coefficient: 0.01 }); // croplands: 0.1 + 0.5·ascat + 0.01·precip
    const src = new WithPrecip();
    const app = await applyModelDaily(src, { model: m7, grid, dates });
    expect(src.requests.filter((r) => r.variable === "precip").map((r) => r.date)).toEqual(dates);
    expect(app.missing.precip).toBe(3); // pixel 20 (grassland) on each of the three days
    expect(Array.from(app.cloudGaps)).toEqual([2, 5, 3]); // the six-predictor gaps + pixel 20
    expect(app.cube[4]).toBeCloseTo(0.1 + 0.5 * ascatFn(1, 4) + 0.01 * 2, 6); // day 1, cropland pixel 4, precip 2 mm
    expect(app.cube[20]).toBeNaN();
  });
});
