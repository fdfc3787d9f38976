import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { studyPlan, datesOf } from "../../src/workbook/studyPlan";
import { dataInventory, landMask } from "../../src/workbook/dataInventory";
import { buildSampleSet, toCubistTable, thinSamples, PREDICTORS } from "../../src/workbook/sampleSet";
import { openStudySource } from "../../src/workbook/openStudySource";
import { workbookContext } from "../../src/workbook/workbookConfig";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pipeline-"));
const ctx = workbookContext({ env: { SM_CONFIG: "tiny", SM_OUTPUT_DIR: path.join(dataDir, "out"), SM_DATA_DIR: dataDir } });

describe("studyPlan", () => {
  test("default uses the study manifest's split as it stands", () => {
    const plan = studyPlan({ config: "default" });
    expect(plan.train).toEqual({ start: "2013-01-01", end: "2014-12-31" });
    expect(plan.validation).toEqual({ start: "2015-01-01", end: "2015-12-31" });
    expect(plan.evaluation).toEqual({ start: "2015-05-01", end: "2015-09-30" });
    expect(datesOf(plan.evaluation)).toHaveLength(153);
    expect(plan.points).toBe(602);
    expect(plan.notes).toEqual([]);
  });
  test("tiny trains before the 1 km window and says why", () => {
    const plan = studyPlan({ config: "tiny" });
    const twin = plan.twin;
    const dayBefore = new Date(Date.parse(`${twin.window.start}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);
    expect(plan.train).toEqual({ start: twin.period.start, end: dayBefore });
    expect(plan.validation).toEqual({ start: twin.window.start, end: twin.period.end });
    expect(plan.evaluation).toEqual({ start: twin.window.start, end: twin.window.end });
    expect(plan.points).toBe(12);
    expect(plan.notes[0]).toContain(`covers ${twin.period.start}…${twin.period.end} only`);
  });
  test("default: the study's calibration/validation years drive the periods", () => {
    const plan = studyPlan({ config: "default", calibrationYears: [2013], validationYears: [2014] });
    expect(plan.train).toEqual({ start: "2013-01-01", end: "2013-12-31" });
    expect(plan.validation).toEqual({ start: "2014-01-01", end: "2014-12-31" });
    expect(plan.evaluation).toEqual({ start: "2015-05-01", end: "2015-09-30" });
    expect(plan.notes).toEqual([]);
    const paper = studyPlan({ config: "default", calibrationYears: [2013, 2014], validationYears: [2015] });
    expect(paper.train).toEqual({ start: "2013-01-01", end: "2014-12-31" });
    expect(paper.validation).toEqual({ start: "2015-01-01", end: "2015-12-31" });
  });
  test("bad years are refused by name; tiny keeps its short split and says the years are not applied", () => {
    expect(() => studyPlan({ config: "default", calibrationYears: [2013, 2015], validationYears: [2014] })).toThrow("studyPlan: calibrationYears must be consecutive whole years, got [2013,2015]");
    expect(() => studyPlan({ config: "default", calibrationYears: [2011, 2012] })).toThrow("studyPlan: calibrationYears [2011,2012] lie outside");
    expect(() => studyPlan({ config: "default", calibrationYears: [2014], validationYears: [2014] })).toThrow("validationYears [2014] overlap calibrationYears [2014]");
    const tiny = studyPlan({ config: "tiny", calibrationYears: [2013, 2014], validationYears: [2015] });
    expect(tiny.train).toEqual(studyPlan({ config: "tiny" }).train);
    expect(tiny.notes.some((n) => n.includes("are not applied on 'tiny'"))).toBe(true);
  });
  test("an unknown configuration is refused by name", () => {
    expect(() => studyPlan({ config: "huge" })).toThrow("studyPlan: config must be 'default' or 'tiny', got 'huge'");
  });
});

describe("thinSamples", () => {
  test("keeps a seeded uniform subset in the original order", () => {
    const n = 1000;
    const t = { n, pointId: new Int32Array(n), cell: new Int32Array(n), dayIndex: Int32Array.from({ length: n }, (_, i) => i), dates: ["2015-01-01"], columns: { x: Float32Array.from({ length: n }, (_, i) => i) } };
    const a = thinSamples(t, { count: 100, seed: 5 });
    expect(a.n).toBe(100);
    const kept = Array.from(a.columns.x);
    expect(kept).toEqual([...kept].sort((p, q) => p - q));
    expect(new Set(kept).size).toBe(100);
    expect(Array.from(thinSamples(t, { count: 100, seed: 5 }).columns.x)).toEqual(kept);
    expect(thinSamples(t, { count: 2000, seed: 5 })).toBe(t);
    // a uniform draw: the kept rows' mean index is near the middle (sd of the mean ≈ 29)
    expect(Math.abs(kept.reduce((s, v) => s + v, 0) / 100 - 499.5)).toBeLessThan(120);
    expect(() => thinSamples(t, { count: -1, seed: 1 })).toThrow("thinSamples: count must be a non-negative integer, got -1");
  });
});

describe("the tiny twin through inventory and sampling", () => {
  const plan = studyPlan({ config: "tiny" });
  const data = openStudySource(plan, ctx);
  const land = landMask(data.raw.layer({ variable: "landcover", grid: data.coarse, date: plan.train.start }).values);

  test("the inventory counts land cell-days and agrees with a direct count", async () => {
    const dates = datesOf(plan.validation);
    const [row] = await dataInventory(data.raw, { grid: data.coarse, dates, variables: ["ascat_sm"], mask: land });
    let valid = 0, count = 0;
    for (const d of dates) {
      const v = data.raw.layer({ variable: "ascat_sm", grid: data.coarse, date: d }).values;
      v.forEach((x, i) => { if (land[i]) { count++; if (!Number.isNaN(x)) valid++; } });
    }
    expect(row.cellDays).toBe(count);
    expect(row.validPercent).toBeCloseTo((100 * valid) / count, 10);
    expect(row.days).toBe(31);
  });

  test("sampling accounts for every point-day: kept + dropped = all, train + validation + outside = kept", async () => {
    const set = await buildSampleSet(data.prepared, plan, { grid: data.coarse, seed: 3 });
    const P = set.points.cells.length;
    expect(P).toBe(12);
    expect(set.all.n).toBe(P * (datesOf(plan.train).length + datesOf(plan.validation).length));
    expect(set.clear.kept + set.clear.dropped).toBe(set.all.n);
    expect(set.thinning.trainBefore + set.thinning.validationBefore + set.outsideSplit).toBe(set.clear.kept);
    expect(set.train.n).toBe(Math.min(set.thinning.trainBefore, Math.round((20787 * 12) / 602)));
    expect(set.validation.n).toBe(Math.min(set.thinning.validationBefore, Math.round((15625 * 12) / 602)));
    expect(set.outsideSplit).toBe(0);
    expect(set.rule).toMatch(/clear-sky day/);
    expect(set.clear.invalidByVariable.clear_sky).toBeGreaterThan(0);
    for (let i = 0; i < set.train.n; i++) expect(set.train.dates[set.train.dayIndex[i]] <= plan.train.end).toBe(true);
    // every sampled cell is land
    for (const c of set.points.cells) expect(land[c]).toBe(1);
    // same seed, same points
    const again = await buildSampleSet(data.prepared, plan, { grid: data.coarse, seed: 3 });
    expect(Array.from(again.points.cells)).toEqual(Array.from(set.points.cells));
  });

  test("the Cubist table carries the six predictors with land cover as class names", async () => {
    const set = await buildSampleSet(data.prepared, plan, { grid: data.coarse, seed: 3 });
    const t = toCubistTable(set.train, { withKeys: true });
    expect(Object.keys(t.columns)).toEqual([...PREDICTORS, "gldas_sm", "date", "point"]);
    expect(t.nRows).toBe(set.train.n);
    const names = new Set(t.columns.landcover as string[]);
    for (const n of names) expect(["Forest", "Shrublands", "Savannas", "Grasslands", "Permanent wetlands", "Croplands", "Urban and built-up", "Snow and ice", "Barren"]).toContain(n);
  });

  test("a reduced predictor set (no LST): LST is not extracted nor required; kept = an independent count on the full extraction", async () => {
    const full = await buildSampleSet(data.prepared, plan, { grid: data.coarse, seed: 3, thin: false });
    const reduced = ["ascat_sm", "amsr2_sm", "ndvi", "landcover", "dem"];
    const set = await buildSampleSet(data.prepared, plan, { grid: data.coarse, seed: 3, thin: false, predictors: reduced });
    expect("lst" in set.all.columns).toBe(false);
    expect("lst" in set.clear.invalidByVariable).toBe(false);
    expect(set.rule).toContain("the 5 chosen predictors (ascat_sm, amsr2_sm, ndvi, landcover, dem)");
    // independent count on the full extraction's all-rows table: every column but LST finite
    const need = [...reduced, "gldas_sm", "clear_sky"];
    let expected = 0;
    for (let i = 0; i < full.all.n; i++) if (need.every((v) => Number.isFinite(full.all.columns[v][i]))) expected++;
    expect(set.clear.kept).toBe(expected);
    expect(set.clear.kept).toBeGreaterThanOrEqual(full.clear.kept);
    const t = toCubistTable(set.train, { withKeys: true, predictors: reduced });
    expect(Object.keys(t.columns)).toEqual([...reduced, "gldas_sm", "date", "point"]);
    await expect(buildSampleSet(data.prepared, plan, { grid: data.coarse, predictors: ["soil"] })).rejects.toThrow("buildSampleSet: predictors has 'soil'");
  });

  test("precip as a seventh predictor: extracted at the points (= the source's series), required valid, written to the table", async () => {
    const seven = [...PREDICTORS, "precip"];
    const set = await buildSampleSet(data.prepared, plan, { grid: data.coarse, seed: 3, thin: false, predictors: seven });
    expect("precip" in set.clear.invalidByVariable).toBe(true);
    expect(set.rule).toContain("precip");
    const t = toCubistTable(set.train, { predictors: seven });
    expect(Object.keys(t.columns)).toEqual([...seven, "gldas_sm"]);
    // an independent read: the first kept row's precip is the source's layer value at its cell and day
    const i = 0, date = set.train.dates[set.train.dayIndex[i]];
    const layer = (await data.prepared.getLayer({ variable: "precip", grid: data.coarse, date })).values;
    expect(t.columns.precip[i]).toBe(layer[set.train.cell[i]]);
  });
});
