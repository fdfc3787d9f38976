import * as fs from "fs";
import * as path from "path";
import { readCsvFile } from "../../src/cubist/readCsvTable";
import type { ColumnTable } from "../../src/cubist/table";
import { baselineComparison, selectionSets, variableSelection } from "../../src/lab/index";

// Reference metrics: test/fixtures/baselines/make_baselines.py ("comparison": numpy lstsq and the python CART on rows
// 0–299, metrics by numpy on rows 0–299 and 300–399).
const dir = path.join(process.cwd(), "test/fixtures/baselines");
const expected = JSON.parse(fs.readFileSync(path.join(dir, "expected.json"), "utf8"));
const table = readCsvFile(path.join(dir, "table.csv")).table;
function rows(t: ColumnTable, from: number, to: number): ColumnTable {
  const columns: ColumnTable["columns"] = {};
  for (const [k, c] of Object.entries(t.columns)) columns[k] = c.slice(from, to);
  return { nRows: to - from, columns };
}
const cal = rows(table, 0, 300);
const val = rows(table, 300, 400);
const predictors = ["x1", "x2", "x3", "lc"];

describe("baselineComparison", () => {
  const out = baselineComparison(cal, val, { target: "y", predictors, cubist: { rules: 10 }, forest: { trees: 30, seed: 2 } });
  test("one row per method and set, in order", () => {
    expect(out.map((r) => `${r.method}/${r.set}`)).toEqual([
      "cubist/calibration", "cubist/validation", "linear-regression/calibration", "linear-regression/validation",
      "regression-tree/calibration", "regression-tree/validation", "random-forest/calibration", "random-forest/validation",
    ]);
    for (const r of out) {
      expect(r.status).toBe("ok");
      expect(r.fitSeconds).toBeGreaterThanOrEqual(0);
    }
  });
  test.each(["linear-regression", "regression-tree"])("%s metrics equal numpy's", (method) => {
    for (const set of ["calibration", "validation"] as const) {
      const r = out.find((x) => x.method === method && x.set === set)!;
      const ref = expected.comparison[method][set];
      expect(r.n).toBe(ref.n);
      expect(r.r).toBeCloseTo(ref.r, 10);
      expect(r.rmse).toBeCloseTo(ref.rmse, 10);
      expect(r.bias).toBeCloseTo(ref.bias, 10);
      expect(r.slope).toBeCloseTo(ref.slope, 10);
    }
  });
  test("the nonlinear target: Cubist and the forest beat the linear model on validation", () => {
    const v = (m: string) => out.find((x) => x.method === m && x.set === "validation")!.rmse;
    expect(v("cubist")).toBeLessThan(v("linear-regression"));
    expect(v("random-forest")).toBeLessThan(v("linear-regression"));
  });
  test("a failing method gives failed rows, the others go on", () => {
    const r = baselineComparison(cal, val, { target: "y", predictors, methods: ["random-forest", "linear-regression"], forest: { trees: 0 } });
    expect(r.map((x) => x.status)).toEqual(["failed", "failed", "ok", "ok"]);
    expect(r[0].error).toMatch(/trees must be a whole number 1–2000, got 0/);
    expect(() => baselineComparison(cal, val, { target: "y", predictors, methods: ["svm" as never] })).toThrow(/methods has 'svm'/);
    expect(() => baselineComparison(cal, val, { target: "nope", predictors })).toThrow(/no numeric target column 'nope'/);
  });
});

describe("variableSelection", () => {
  test("selectionSets: all, drop-one, add-one (hand-checked), all-subsets 2^k − 1", () => {
    const s = selectionSets(["a", "b", "c"], ["drop-one", "add-one"]);
    expect(s.map((x) => `${x.design}:${x.set.join("+")}`)).toEqual([
      "all:a+b+c", "drop-one:b+c", "drop-one:a+c", "drop-one:a+b", "add-one:a", "add-one:b", "add-one:c",
    ]);
    expect(selectionSets(["a", "b", "c"], ["add-one"], ["b"]).map((x) => x.set.join("+"))).toEqual(["a+b+c", "a+b", "b+c"]);
    expect(selectionSets(["a", "b", "c", "d", "e", "f"], ["all-subsets"]).length).toBe(63);
  });
  test("per-set metrics, coverage from missing predictors, grouped CV, a failed set does not stop the batch", () => {
    const v2 = rows(val, 0, 100);
    const x3 = Float64Array.from(v2.columns.x3 as Float64Array);
    for (let i = 0; i < 10; i++) x3[i] = NaN; // 10 of 100 validation rows lack x3
    v2.columns = { ...v2.columns, x3 };
    // A candidate that is never known in training: Cubist cannot fit on it alone.
    const c2: ColumnTable = { nRows: cal.nRows, columns: { ...cal.columns, gap: new Float64Array(cal.nRows).fill(NaN) } };
    v2.columns.gap = new Float64Array(100).fill(NaN);
    const folds = Int32Array.from({ length: cal.nRows }, (_, i) => i % 3);
    const seen: number[] = [];
    const out = variableSelection(c2, v2, { target: "y", candidates: ["x1", "x3", "gap"], designs: ["add-one"], cubist: { rules: 5 }, folds, onSet: (_, i) => seen.push(i) });
    expect(out.map((r) => r.label)).toEqual(["x1+x3+gap", "x1", "x3", "gap"]);
    expect(seen).toEqual([0, 1, 2, 3]);
    const [all, x1, x3only] = out;
    expect(x1.status).toBe("ok");
    expect(x1.validationCoverage).toBe(1);
    expect(x1.validationN).toBe(100);
    expect(x3only.validationCoverage).toBeCloseTo(0.9, 12);
    expect(x3only.validationN).toBe(90);
    for (const r of [x1, x3only]) {
      expect(r.rules).toBeGreaterThanOrEqual(1);
      expect(r.rules).toBeLessThanOrEqual(5);
      expect(Number.isFinite(r.cvRmse) && r.cvRmseSe > 0).toBe(true);
    }
    // With a never-known predictor in the set, no row gets a prediction; alone, the fit cannot be used (failed row).
    expect(all.status).toBe("ok");
    expect(all.validationN).toBe(0);
    const gap = out[3];
    expect(gap.status).toBe("failed");
    expect(gap.error).toMatch(/predict/);
    expect(Number.isNaN(gap.validationRmse)).toBe(true);
  });
  test("bad options name the option and value", () => {
    expect(() => variableSelection(cal, val, { target: "y", candidates: [] })).toThrow(/candidates must list at least one column, got \[\]/);
    expect(() => variableSelection(cal, val, { target: "y", candidates: ["x1", "x1"] })).toThrow(/names a column twice/);
    expect(() => variableSelection(cal, val, { target: "y", candidates: ["x1", "zz"] })).toThrow(/no column 'zz'/);
    expect(() => variableSelection(cal, val, { target: "y", candidates: ["x1"], designs: ["forward" as never] })).toThrow(/designs has 'forward'/);
    expect(() => variableSelection(cal, val, { target: "y", candidates: ["x1"], folds: new Int32Array(3) })).toThrow(/folds must be an Int32Array with one fold per calibration row \(300\), got 3/);
  });
});
