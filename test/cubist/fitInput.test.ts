// fit(): option validation before any work, bad input (empty table, one row, missing/NaN/infinite
// target, constant target), missing predictor values, case weights, the @example of fit().
import { describe, expect, test } from "@jest/globals";
import { fit, fitWithSummary } from "../../src/cubist/fit";
import { readCsvTable } from "../../src/cubist/readCsvTable";
import { predict } from "../../src/cubist/predict";
import { formatModelFile } from "../../src/cubist/modelFile";
import type { ColumnTable } from "../../src/cubist/table";
import { fitDataset, loadDataset, modelLines } from "./fitFixtures";

const small = (): ColumnTable => {
  const x = Float64Array.from({ length: 40 }, (_, i) => i);
  return { nRows: 40, columns: { x, lc: Array.from({ length: 40 }, (_, i) => (i % 3 ? "a" : "b")), y: Float64Array.from(x, (v) => 2 * v + 1) } };
};

describe("fit options are validated before any work", () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ committees: 0 }, /committees must be an integer in 1\.\.100, got 0/],
    [{ committees: 101 }, /committees .* got 101/],
    [{ committees: 2.5 }, /committees .* got 2\.5/],
    [{ rules: 0 }, /rules must be an integer in 1\.\.1000000, got 0/],
    [{ extrapolation: 101 }, /extrapolation must be a percentage in 0\.\.100, got 101/],
    [{ extrapolation: -1 }, /extrapolation .* got -1/],
    [{ sample: 100 }, /sample must be a percentage with 0 <= sample < 100, got 100/],
    [{ sample: -5 }, /sample .* got -5/],
    [{ seed: -1 }, /seed must be an integer/],
    [{ neighbors: 10 }, /neighbors must be an integer in 0\.\.9, got 10/],
  ];
  for (const [opt, re] of bad) {
    test(JSON.stringify(opt), () => {
      // an invalid table too: the option error must come first
      expect(() => fit({ nRows: 0, columns: {} }, { target: "y", ...opt })).toThrow(RangeError);
      expect(() => fit(small(), { target: "y", ...opt })).toThrow(re);
    });
  }
  test("unbiased must be boolean; target must be named and numeric", () => {
    expect(() => fit(small(), { target: "y", unbiased: 1 as unknown as boolean })).toThrow(/unbiased must be a boolean, got 1/);
    expect(() => fit(small(), { target: "" })).toThrow(/target must be a column name/);
    expect(() => fit(small(), { target: "zz" })).toThrow(/target column 'zz' is not in the table/);
    expect(() => fit(small(), { target: "lc" })).toThrow(/target column 'lc' must be numeric/);
    expect(() => fit(small(), { target: "y", predictors: ["nope"] })).toThrow(/predictor column 'nope'/);
  });
});

describe("bad input", () => {
  test("empty table and a single row: RangeError", () => {
    expect(() => fit({ nRows: 0, columns: { x: new Float64Array(0), y: new Float64Array(0) } }, { target: "y" }))
      .toThrow(/need at least 2 training cases with a known target, got 0/);
    expect(() => fit({ nRows: 1, columns: { x: Float64Array.of(1), y: Float64Array.of(2) } }, { target: "y" }))
      .toThrow(/got 1/);
  });
  test("missing (NaN) target rows are dropped and counted, as Cubist does", () => {
    const t = small();
    const y = t.columns.y as Float64Array;
    y[3] = NaN; y[7] = NaN;
    const { model, summary } = fitWithSummary(t, { target: "y" });
    expect(summary.droppedMissingTarget).toBe(2);
    expect(summary.trainingCases).toBe(38);
    expect(model.nTrainingCases).toBe(38);
    expect(model.instances!.table.nRows).toBe(38);
  });
  test("infinite target or predictor: RangeError naming the column and row", () => {
    const t = small();
    (t.columns.y as Float64Array)[4] = Infinity;
    expect(() => fit(t, { target: "y" })).toThrow(/target 'y' has an infinite value at row 5/);
    const u = small();
    (u.columns.x as Float64Array)[2] = -Infinity;
    expect(() => fit(u, { target: "y" })).toThrow(/column 'x': infinite value at row 3/);
  });
  test("constant target: one rule without conditions predicting the constant", () => {
    const t = small();
    (t.columns.y as Float64Array).fill(3.5);
    const model = fit(t, { target: "y" });
    expect(model.committees[0].rules).toHaveLength(1);
    const r = model.committees[0].rules[0];
    expect(r.conditions).toHaveLength(0);
    expect(r.intercept).toBe(3.5);
    expect(r.terms).toHaveLength(0);
    expect(Array.from(predict(model, t).predictions.subarray(0, 3))).toEqual([3.5, 3.5, 3.5]);
  });
  test("a discrete value outside a supplied value list is an error naming column and value", () => {
    expect(() => fit(small(), { target: "y", discreteValues: { lc: ["a"] } })).toThrow(/column 'lc': value 'b' .* not in discreteValues/);
  });
});

describe("missing predictors, weights, example", () => {
  test("ozone: 196 unknown predictor cells replaced by mean/mode and counted; model identical to the reference", () => {
    const ds = loadDataset("ozone");
    const { model, summary } = fitWithSummary(ds.train, { target: ds.target, discreteValues: ds.discreteValues });
    const replaced = Object.values(summary.replacedUnknowns).reduce((a, b) => a + b, 0);
    expect(replaced).toBeGreaterThan(0);
    const { mine, ref } = modelLines(model, "ozone", "c1_n0");
    expect(mine).toEqual(ref);
  });
  test("weights: equal weights change nothing (normalised by their mean); a weights column is not a predictor", () => {
    const ds = loadDataset("boston");
    const w = new Float64Array(ds.train.nRows).fill(2);
    const a = formatModelFile(fitDataset("boston", { weights: w }));
    const b = formatModelFile(fitDataset("boston"));
    expect(a).toEqual(b);
    const t: ColumnTable = { nRows: ds.train.nRows, columns: { ...ds.train.columns, wt: w } };
    const m = fit(t, { target: ds.target, weights: "wt", discreteValues: ds.discreteValues });
    expect(m.attributes.map((x) => x.name)).not.toContain("wt");
    expect(formatModelFile(m)).toEqual(b);
  });
  test("weights: up-weighting the expensive half moves the rule means up", () => {
    const ds = loadDataset("boston");
    const y = ds.train.columns[ds.target] as Float64Array;
    const w = Float64Array.from(y, (v) => (v > 25 ? 5 : 1));
    const m = fitDataset("boston", { weights: w });
    const plain = fitDataset("boston");
    const meanOf = (mm: typeof m) => mm.committees[0].rules.reduce((s, r) => s + r.mean * r.cover, 0) / mm.committees[0].rules.reduce((s, r) => s + r.cover, 0);
    expect(meanOf(m)).toBeGreaterThan(meanOf(plain));
    expect(m.globalMean).toBeGreaterThan(plain.globalMean);
  });
  test("@example of fit()", () => {
    const { table } = readCsvTable("x,y\n1,2\n2,4.1\n3,5.9\n4,8.2\n5,9.9\n6,12.1\n");
    const model = fit(table, { target: "y" });
    expect(model.committees[0].rules.length).toBe(1);
  });
});
