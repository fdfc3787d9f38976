import { chooseRuleCount, groupFolds, ruleCountSweep, type RuleCountPoint } from "../../src/workbook/ruleCountSweep";
import { exampleRules, paperNumber, ruleEquation, usageVsPaper } from "../../src/workbook/ruleTables";
import { fit } from "../../src/cubist/fit";
import { predict } from "../../src/cubist/predict";
import type { ColumnTable } from "../../src/cubist/table";

const point = (cap: number, cvRmse: number, cvRmseSe: number): RuleCountPoint =>
  ({ cap, rules: cap, trainRmse: 0, trainR: 0, validationRmse: 0, validationR: 0, cvRmse, cvR: 0, cvRmseSe });

describe("chooseRuleCount (one-standard-error rule)", () => {
  test("picks the smallest cap within one SE of the minimum CV RMSE", () => {
    const sweep = [point(1, 0.08, 0.002), point(5, 0.052, 0.002), point(20, 0.050, 0.003), point(59, 0.049, 0.002), point(100, 0.0495, 0.002)];
    const c = chooseRuleCount(sweep);
    expect(c.best.cap).toBe(59);
    expect(c.threshold).toBeCloseTo(0.051, 12);
    expect(c.cap).toBe(20); // 0.050 ≤ 0.051; 5 (0.052) is not
  });
  test("refuses a sweep without cross-validation", () => {
    expect(() => chooseRuleCount([point(1, NaN, NaN)])).toThrow("chooseRuleCount: the sweep has no cross-validation RMSE");
  });
});

describe("groupFolds", () => {
  test("keeps every group in one fold, uses every fold, and is seeded", () => {
    const groups = Float64Array.from({ length: 200 }, (_, i) => i % 10);
    const f = groupFolds(groups, { folds: 5, seed: 7 });
    const foldOfGroup = new Map<number, number>();
    groups.forEach((g, i) => {
      if (foldOfGroup.has(g)) expect(f[i]).toBe(foldOfGroup.get(g));
      else foldOfGroup.set(g, f[i]);
    });
    expect(new Set(f).size).toBe(5);
    expect(Array.from(groupFolds(groups, { folds: 5, seed: 7 }))).toEqual(Array.from(f));
    expect(() => groupFolds(groups, { folds: 11 })).toThrow("groupFolds: 10 groups cannot fill 11 folds");
  });
});

// A piecewise-linear target: y = 1 + 2x when lc = "a", 5 − x when lc = "b" (Cubist finds the split).
function table(n: number, seed: number): ColumnTable {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const x = new Float64Array(n), y = new Float64Array(n), pt = new Float64Array(n);
  const lc: string[] = [];
  for (let i = 0; i < n; i++) {
    x[i] = rnd() * 4;
    lc.push(rnd() < 0.5 ? "a" : "b");
    y[i] = (lc[i] === "a" ? 1 + 2 * x[i] : 5 - x[i]) + (rnd() - 0.5) * 0.01;
    pt[i] = i % 20;
  }
  return { nRows: n, columns: { x, lc, y, point: pt } };
}

describe("ruleCountSweep", () => {
  test("more rules fit the two regimes; cross-validation sees it without the validation set", () => {
    const sweep = ruleCountSweep(table(2000, 1), table(400, 2), { target: "y", caps: [1, 2, 8], folds: 4, seed: 3 });
    expect(sweep.map((p) => p.cap)).toEqual([1, 2, 8]);
    expect(sweep[1].rules).toBe(2);
    // one linear model cannot fit two opposite slopes: RMSE ≈ the spread of y (≈ 2)
    expect(sweep[0].validationRmse).toBeGreaterThan(1.5);
    expect(sweep[0].cvRmse).toBeGreaterThan(1.5);
    // with the land-cover split the noise (uniform ±0.005, sd 0.0029) is all that is left
    expect(sweep[1].validationRmse).toBeLessThan(0.01);
    expect(sweep[2].cvRmse).toBeLessThan(sweep[0].cvRmse / 10);
    expect(sweep[2].cvRmseSe).toBeGreaterThan(0);
    expect(chooseRuleCount(sweep).cap).toBe(8);
  });
  test("committees and neighbours reach every fit: the full-fit scores equal an independent fit with them", () => {
    const train = table(600, 1), validation = table(200, 2);
    const opts = { target: "y", predictors: ["x", "lc"], caps: [2], folds: 0, committees: 3, neighbors: 2 };
    const [p] = ruleCountSweep(train, validation, opts);
    const sel = (t: ColumnTable): ColumnTable => ({ nRows: t.nRows, columns: { x: t.columns.x, lc: t.columns.lc, y: t.columns.y } });
    const m = fit(sel(train), { target: "y", rules: 2, committees: 3, neighbors: 2 });
    const pred = predict(m, sel(validation), { unseenDiscrete: "nan" }).predictions;
    const y = validation.columns.y as Float64Array;
    let se = 0;
    for (let i = 0; i < y.length; i++) se += (pred[i] - y[i]) ** 2;
    expect(p.validationRmse).toBeCloseTo(Math.sqrt(se / y.length), 10);
    const [plain] = ruleCountSweep(train, validation, { ...opts, committees: 1, neighbors: 0 });
    expect(plain.validationRmse).not.toBeCloseTo(p.validationRmse, 10);
    expect(() => ruleCountSweep(train, validation, { ...opts, committees: 0 })).toThrow("ruleCountSweep: committees must be an integer in 1..100, got 0");
  });
  test("rejects caps that are not ascending positive integers", () => {
    expect(() => ruleCountSweep(table(40, 1), table(20, 2), { target: "y", caps: [5, 2] })).toThrow("ruleCountSweep: caps must be ascending positive integers, got [5, 2]");
  });
});

describe("rule tables", () => {
  test("paper-style numbers and equations", () => {
    expect(paperNumber(0.00083)).toBe("8.3×10^-4");
    expect(paperNumber(-0.115)).toBe("0.115");
    expect(ruleEquation({ intercept: 0.3293702, coefficients: { ndvi: 0.115, lst: -0.0083 } })).toBe("GLDAS = 0.3293702 + 0.115·NDVI − 0.0083·LST");
  });
  test("example rules are the most-covering ones, in rule order", () => {
    const model = fit({ nRows: 400, columns: { x: table(400, 1).columns.x, lc: table(400, 1).columns.lc, y: table(400, 1).columns.y } }, { target: "y" });
    const ex = exampleRules(model, { count: 1 });
    expect(ex).toHaveLength(1);
    expect(ex[0].cases).toBe(Math.max(...model.committees[0].rules.map((r) => r.cover)));
    expect(() => exampleRules(model, { count: 0 })).toThrow("exampleRules: count must be a positive integer, got 0");
  });
  test("usage next to Table 4 keeps the paper's order and numbers", () => {
    const rows = usageVsPaper([{ attribute: "dem", conditions: 50.4, model: 99.6 }]);
    expect(rows[1]).toEqual({ attribute: "DEM", "conditions % (this run)": 50, "conditions % (paper)": 83, "models % (this run)": 100, "models % (paper)": 97 });
    expect(rows[0]["conditions % (paper)"]).toBe(91);
  });
  test("usage with the study's predictors: a dropped paper attribute is null, precip is added after the paper's rows", () => {
    const rows = usageVsPaper([{ attribute: "dem", conditions: 10, model: 20 }, { attribute: "precip", conditions: 30, model: 40 }], { predictors: ["ascat_sm", "dem", "precip"] });
    expect(rows.find((r) => r.attribute === "LST")).toMatchObject({ "conditions % (this run)": null, "models % (this run)": null, "conditions % (paper)": 82 });
    expect(rows.find((r) => r.attribute === "ASCAT")).toMatchObject({ "conditions % (this run)": 0, "models % (this run)": 0 });
    expect(rows[rows.length - 1]).toEqual({ attribute: "precip", "conditions % (this run)": 30, "conditions % (paper)": null, "models % (this run)": 40, "models % (paper)": null });
    expect(rows).toHaveLength(7);
  });
});
