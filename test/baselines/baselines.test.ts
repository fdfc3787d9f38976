import * as fs from "fs";
import * as path from "path";
import { readCsvFile } from "../../src/cubist/readCsvTable";
import type { ColumnTable } from "../../src/cubist/table";
import {
  encodeFeatures, featureEncoding, fitLinearRegression, fitRandomForest, fitRegressionTree, predictBaseline,
} from "../../src/baselines/index";
import { rmse } from "../../src/metrics/index";

// Reference values: test/fixtures/baselines/make_baselines.py (numpy lstsq; an independent python CART), see README.
const dir = path.join(process.cwd(), "test/fixtures/baselines");
const expected = JSON.parse(fs.readFileSync(path.join(dir, "expected.json"), "utf8"));
const table = readCsvFile(path.join(dir, "table.csv")).table;

function rows(t: ColumnTable, from: number, to: number): ColumnTable {
  const columns: ColumnTable["columns"] = {};
  for (const [k, c] of Object.entries(t.columns)) columns[k] = c instanceof Float64Array ? c.slice(from, to) : c.slice(from, to);
  return { nRows: to - from, columns };
}

describe("feature encoding", () => {
  test("levels sorted, indicators, unseen level and missing values invalid", () => {
    const t: ColumnTable = { nRows: 3, columns: { x: Float64Array.of(1, NaN, 3), lc: ["b", "a", "b"] } };
    const e = featureEncoding(t, { predictors: ["x", "lc"] });
    expect(e.features).toEqual(["x", "lc=a", "lc=b"]);
    expect(featureEncoding(t, { predictors: ["x", "lc"], dropFirstLevel: true }).features).toEqual(["x", "lc=b"]);
    const enc = encodeFeatures({ nRows: 3, columns: { x: Float64Array.of(2, 5, 1), lc: ["a", "z", null] } }, e);
    expect(Array.from(enc.valid)).toEqual([1, 0, 0]);
    expect(Array.from(enc.x.slice(0, 3))).toEqual([2, 1, 0]);
    expect(Number.isNaN(enc.x[3])).toBe(true);
    expect(() => featureEncoding(t, { predictors: ["nope"] })).toThrow(/predictors names 'nope'/);
  });
});

describe("multiple linear regression", () => {
  test("coefficients equal numpy.linalg.lstsq on the fixture table", () => {
    const m = fitLinearRegression(table, { target: "y", predictors: ["x1", "x2", "x3", "lc"] });
    expect(m.encoding.features).toEqual(["x1", "x2", "x3", "lc=b", "lc=c"]);
    expect(m.intercept).toBeCloseTo(expected.mlr.intercept, 12);
    expected.mlr.coefficients.forEach((c: number, j: number) => expect(m.coefficients[j]).toBeCloseTo(c, 12));
    const p = predictBaseline(m, table);
    expected.mlr.predictions.forEach((v: number, i: number) => expect(p[i]).toBeCloseTo(v, 12));
    expect(m.dropped).toEqual([]);
  });
  test("an exact line, a duplicated column dropped, missing rows left out", () => {
    const x = Float64Array.of(0, 1, 2, 3, NaN);
    const t: ColumnTable = { nRows: 5, columns: { x, x2: Float64Array.from(x, (v) => 2 * v), y: Float64Array.of(1, 3, 5, 7, 100) } };
    const m = fitLinearRegression(t, { target: "y" });
    expect(m.nTrain).toBe(4);
    expect(m.dropped).toEqual(["x2"]);
    expect(m.intercept).toBeCloseTo(1, 12);
    expect(m.coefficients[0]).toBeCloseTo(2, 12);
    expect(Number.isNaN(predictBaseline(m, t)[4])).toBe(true);
  });
  test("bad options name the option and value", () => {
    expect(() => fitLinearRegression(table, { target: "lc" })).toThrow(/target 'lc' must be a numeric column/);
    expect(() => fitLinearRegression(table, { target: "y", tolerance: 2 })).toThrow(/tolerance must be in \[0, 1\), got 2/);
    expect(() => fitLinearRegression(rows(table, 0, 3), { target: "y" })).toThrow(/3 usable rows for 5 coefficients/);
  });
});

describe("regression tree (CART)", () => {
  test("a hand-checkable split: two steps", () => {
    const t: ColumnTable = { nRows: 6, columns: { x: Float64Array.of(1, 2, 3, 10, 11, 12), y: Float64Array.of(0, 0, 0, 6, 6, 9) } };
    const m = fitRegressionTree(t, { target: "y", minLeaf: 1, maxDepth: 1 });
    // Cut between 3 and 10 (sum² / n: 0 + 21²/3 = 147 beats any other cut), threshold the midpoint 6.5.
    expect(m.tree.feature[0]).toBe(0);
    expect(m.tree.threshold[0]).toBe(6.5);
    expect(Array.from(predictBaseline(m, t))).toEqual([0, 0, 0, 7, 7, 7]);
    const deep = fitRegressionTree(t, { target: "y", minLeaf: 1, maxDepth: 5 });
    expect(Array.from(predictBaseline(deep, t))).toEqual([0, 0, 0, 6, 6, 9]);
    // Constant target: no split.
    const flat = fitRegressionTree({ nRows: 4, columns: { x: Float64Array.of(1, 2, 3, 4), y: Float64Array.of(2, 2, 2, 2) } }, { target: "y", minLeaf: 1 });
    expect(flat.tree.feature.length).toBe(1);
  });
  test.each([0, 1])("same tree as the python reference (case %i)", (k) => {
    const ref = expected.trees[k];
    const m = fitRegressionTree(rows(table, 0, ref.rows), { target: "y", predictors: ["x1", "x2", "x3", "lc"], minLeaf: ref.minLeaf, maxDepth: ref.maxDepth });
    expect(m.encoding.features).toEqual(["x1", "x2", "x3", "lc=a", "lc=b", "lc=c"]);
    const t = m.tree;
    expect(t.feature.length).toBe(ref.nodes.length);
    ref.nodes.forEach((nd: { feature: number; threshold: number | null; count: number; value: number; left: number; right: number }, i: number) => {
      expect([t.feature[i], t.left[i], t.right[i], t.count[i]]).toEqual([nd.feature, nd.left, nd.right, nd.count]);
      if (nd.threshold !== null) expect(t.threshold[i]).toBe(nd.threshold);
      expect(t.value[i]).toBeCloseTo(nd.value, 12);
    });
    const p = predictBaseline(m, table);
    ref.predictions.forEach((v: number, i: number) => expect(p[i]).toBeCloseTo(v, 12));
    // Invariants: leaves hold ≥ minLeaf rows, children's counts add up, depth within maxDepth.
    for (let i = 0; i < t.feature.length; i++) {
      if (t.feature[i] < 0) expect(t.count[i]).toBeGreaterThanOrEqual(ref.minLeaf);
      else expect(t.count[t.left[i]] + t.count[t.right[i]]).toBe(t.count[i]);
    }
    expect(t.depth).toBeLessThanOrEqual(ref.maxDepth);
  });
  test("bad options", () => {
    expect(() => fitRegressionTree(table, { target: "y", minLeaf: 0 })).toThrow(/minLeaf must be a whole number ≥ 1, got 0/);
    expect(() => fitRegressionTree(table, { target: "y", maxDepth: 1.5 })).toThrow(/maxDepth must be a whole number 0–64, got 1.5/);
    expect(() => fitRegressionTree(table, { target: "y", predictors: ["y"] })).toThrow(/predictors includes the target 'y'/);
  });
});

describe("random forest", () => {
  const train = rows(table, 0, 300);
  const test_ = rows(table, 300, 400);
  const opts = { target: "y", predictors: ["x1", "x2", "x3", "lc"], trees: 60, seed: 7 };
  test("same seed, same bytes; another seed, another forest", () => {
    const a = predictBaseline(fitRandomForest(train, opts), test_);
    const b = predictBaseline(fitRandomForest(train, opts), test_);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    const c = predictBaseline(fitRandomForest(train, { ...opts, seed: 8 }), test_);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
  });
  test("held-out RMSE below the single tree's", () => {
    const y = test_.columns.y as Float64Array;
    const forest = rmse(predictBaseline(fitRandomForest(train, opts), test_), y);
    const tree = rmse(predictBaseline(fitRegressionTree(train, { target: "y", predictors: ["x1", "x2", "x3", "lc"] }), test_), y);
    expect(forest).toBeLessThan(tree);
  });
  test("bad options", () => {
    expect(() => fitRandomForest(train, { ...opts, trees: 0 })).toThrow(/trees must be a whole number 1–2000, got 0/);
    expect(() => fitRandomForest(train, { ...opts, featuresPerSplit: 0 })).toThrow(/featuresPerSplit must be a whole number ≥ 1, got 0/);
    expect(() => fitRandomForest(train, { ...opts, sampleFraction: 0 })).toThrow(/sampleFraction must be in \(0, 1\], got 0/);
  });
});
