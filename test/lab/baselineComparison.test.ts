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
  test("grouped CV rows (fold = row mod 3) equal numpy's refits of lstsq and the python CART", () => {
    const folds = Int32Array.from({ length: cal.nRows }, (_, i) => i % 3);
    const cv = baselineComparison(cal, val, { target: "y", predictors, methods: ["linear-regression", "regression-tree"], folds });
    expect(cv.map((r) => `${r.method}/${r.set}`)).toEqual([
      "linear-regression/calibration", "linear-regression/validation", "linear-regression/grouped CV",
      "regression-tree/calibration", "regression-tree/validation", "regression-tree/grouped CV",
    ]);
    for (const method of ["linear-regression", "regression-tree"]) {
      const r = cv.find((x) => x.method === method && x.set === "grouped CV")!;
      const ref = expected.comparison[method]["grouped CV"];
      expect(r.n).toBe(ref.n);
      for (const k of ["r", "rmse", "rmseSe", "bias", "slope"] as const) expect(r[k]).toBeCloseTo(ref[k], 10);
    }
    expect(() => baselineComparison(cal, val, { target: "y", predictors, folds: new Int32Array(3) })).toThrow(/folds must be an Int32Array with one fold per calibration row \(300\), got 3/);
    expect(() => baselineComparison(cal, val, { target: "y", predictors, folds: new Int32Array(300) })).toThrow(/at least 2 non-empty folds, got 0/);
  });
  test("1 km rows: every method on the same pairs (truth, predictors, reference known), GLDAS-at-cell as numpy scores it", () => {
    const truth = Float64Array.from(val.columns.y as Float64Array);
    const x3 = Float64Array.from(val.columns.x3 as Float64Array);
    for (let i = 0; i < 5; i++) truth[i] = NaN; // rows 300–304: no truth
    for (let i = 5; i < 10; i++) x3[i] = NaN; // rows 305–309: a predictor unknown (cloud)
    const reference = Float64Array.from(truth, (_, i) => (val.columns.y as Float64Array)[i] + 0.02 * Math.sin(300 + i));
    reference[10] = NaN; // row 310: no reference
    const fineTable: ColumnTable = { nRows: val.nRows, columns: { ...val.columns, x3 } };
    const r = baselineComparison(cal, val, { target: "y", predictors, methods: ["linear-regression", "cubist"], cubist: { rules: 5 }, fine: { table: fineTable, truth, reference } });
    expect(r.map((x) => `${x.method}/${x.set}`)).toEqual([
      "linear-regression/calibration", "linear-regression/validation", "linear-regression/1 km truth",
      "cubist/calibration", "cubist/validation", "cubist/1 km truth", "gldas-at-cell/1 km truth",
    ]);
    const lm = r[2], ref = expected.comparison["linear-regression"]["1 km truth"];
    expect(lm.n).toBe(89);
    for (const k of ["r", "rmse", "bias", "slope"] as const) expect(lm[k]).toBeCloseTo(ref[k], 10);
    expect(r[5].n).toBe(89); // Cubist on the same pairs
    const g = r[6], gRef = expected.comparison["gldas-at-cell"]["1 km truth"];
    expect(g.n).toBe(89);
    for (const k of ["r", "rmse", "bias", "slope"] as const) expect(g[k]).toBeCloseTo(gRef[k], 10);
    // a land-cover class never seen in calibration: no method predicts it, so the pixel-day leaves every 1 km row
    const lc = (val.columns.lc as (string | null)[]).slice();
    lc[99] = "z";
    const unseen = baselineComparison(cal, val, { target: "y", predictors, methods: ["linear-regression", "cubist"], cubist: { rules: 5 }, fine: { table: { ...fineTable, columns: { ...fineTable.columns, lc } }, truth, reference } });
    expect(unseen.filter((x) => x.set === "1 km truth").map((x) => x.n)).toEqual([88, 88, 88]);
    expect(() => baselineComparison(cal, val, { target: "y", predictors, fine: { table: fineTable, truth: new Float64Array(2) } })).toThrow(/fine.truth must be a Float64Array of 100 values, got 2/);
    expect(() => baselineComparison(cal, val, { target: "y", predictors, fine: { table: { nRows: 100, columns: {} }, truth } })).toThrow(/fine.table has no predictor column 'x1'/);
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
