// Committee spread: member predictions and their std / range against an independent numpy evaluation of the
// RuleQuest boston 10-member model (test/fixtures/lab/make_committee_spread.py), for the model read from its
// .model file and for the same model fitted here.
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { discreteValueLists } from "../../src/cubist/discreteValueLists";
import { fit } from "../../src/cubist/fit";
import { readModelFile } from "../../src/cubist/modelFile";
import { predict } from "../../src/cubist/predict";
import { readCsvFile } from "../../src/cubist/readCsvTable";
import { committeeSpread } from "../../src/lab/committeeSpread";

const DIR = path.join(process.cwd(), "test/fixtures/lab");
const REF = JSON.parse(fs.readFileSync(path.join(DIR, "committee_spread.json"), "utf8")) as {
  members: number[][]; mean: number[]; std: number[]; std1: number[]; range: number[]; std5: number[];
};
const testTable = readCsvFile(path.join(DIR, "committee/test.csv")).table;
const trainTable = readCsvFile(path.join(process.cwd(), "test/fixtures/cubist/boston/train.csv")).table;
const discreteValues = discreteValueLists([trainTable, testTable], { exclude: ["medv"] });
const fileModel = readModelFile(path.join(DIR, "committee/c10_n0.model"), { discreteValues, targetName: "medv" });

/** Member predictions are float32 values of ~5–50; the numpy evaluation is float64: agree to ~1e-5. */
const TOL = 2e-5;
function expectClose(got: ArrayLike<number>, want: number[], tol = TOL): void {
  expect(got.length).toBe(want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
  expect(worst).toBeLessThanOrEqual(tol);
}

describe("member predictions", () => {
  test("predict's members match the numpy rule evaluation; the combined prediction is unchanged", () => {
    const plain = predict(fileModel, testTable, { neighbors: 0, coverage: "none" });
    const res = predict(fileModel, testTable, { neighbors: 0, coverage: "none", members: true });
    expect(plain.memberPredictions).toBeNull();
    expect(Array.from(res.predictions)).toEqual(Array.from(plain.predictions));
    const mp = res.memberPredictions as Float64Array[];
    expect(mp.length).toBe(10);
    mp.forEach((m, k) => expectClose(m, REF.members[k]));
    // combined = float32 of the members' mean (summed in double)
    for (let i = 0; i < testTable.nRows; i++) {
      let s = 0;
      for (const m of mp) s += m[i];
      expect(res.predictions[i]).toBe(Math.fround(s / 10));
    }
    expect(() => predict(fileModel, testTable, { members: "yes" as never })).toThrow(/members must be true or false, got yes/);
  });
});

describe("committeeSpread vs numpy", () => {
  test("the RuleQuest model: std (ddof 0 and 1), range, first 5 members", () => {
    const r = committeeSpread(fileModel, testTable, { keepMembers: true });
    expectClose(r.std, REF.std);
    expectClose(r.range, REF.range);
    expectClose(r.prediction, REF.mean);
    expect(r.counts).toEqual({ members: 10, cases: 101, nanCases: 0 });
    expect((r.members as Float64Array[]).length).toBe(10);
    for (let i = 0; i < r.std.length; i++) expect(r.max[i] - r.min[i]).toBe(r.range[i]);
    expectClose(committeeSpread(fileModel, testTable, { ddof: 1 }).std, REF.std1);
    const five = committeeSpread(fileModel, testTable, { committees: 5 });
    expectClose(five.std, REF.std5);
    expect(five.members).toBeNull();
    expect(Array.from(five.prediction)).toEqual(Array.from(predict(fileModel, testTable, { committees: 5, neighbors: 0 }).predictions));
  });

  test("a model fitted here on the boston fixture (10 members) gives the same spread", () => {
    const model = fit(trainTable, { target: "medv", discreteValues, committees: 10 });
    const r = committeeSpread(model, testTable);
    expectClose(r.std, REF.std);
    expectClose(r.range, REF.range);
    // the spread is not trivially zero: members disagree by up to several units of medv
    expect(Math.max(...r.range)).toBeGreaterThan(1);
  }, 120000);

  test("options are validated, naming the option and value", () => {
    expect(() => committeeSpread(fileModel, testTable, { committees: 1 })).toThrow(/committees must be an integer in 2\.\.10 .*got 1/);
    expect(() => committeeSpread(fileModel, testTable, { committees: 11 })).toThrow(/got 11/);
    expect(() => committeeSpread(fileModel, testTable, { ddof: 2 as never })).toThrow(/ddof must be 0 or 1, got 2/);
    expect(() => committeeSpread(fileModel, testTable, { keepMembers: 1 as never })).toThrow(/keepMembers .* got 1/);
  });
});
