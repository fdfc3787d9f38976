// Training fidelity with committees (issue 3, check 3): 10 members, rules per member as the
// reference; test RMSE with 5 neighbours within 1 % of the reference predictions' RMSE.
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { predict } from "../../src/cubist/predict";
import { differingLines, FIXTURES, fitDataset, loadDataset, modelLines, rmse, rulesPerMember } from "./fitFixtures";

/** MAXD the R package used for each dataset (reference README) — to isolate training from MAXD. */
const REF_MAXD: Record<string, number> = { boston: 2.6, concrete: 1.7, servo: 1.3, ozone: 2.3, sacramento: 1.2, friedman1: 2.3 };

function refRmse(dataset: string, config: string): number {
  const lines = fs.readFileSync(path.join(FIXTURES, dataset, `${config}.pred.csv`), "utf8").trim().split("\n").slice(1);
  let s = 0;
  for (const l of lines) { const [a, p] = l.split(",").map(Number); s += (a - p) ** 2; }
  return Math.sqrt(s / lines.length);
}

describe("fit, committees 10", () => {
  // exact: identical .model text; near: same rules per member and same conditions, differences
  // in the last printed digit of some intercepts / est errs of later members, none before member
  // `first` (1-based). Issue 16: with the committee targets from unrounded rule values, concrete
  // became exact and the first differing member moved from 3 to 5 (sacramento) and 7 (friedman1,
  // one intercept there instead of three); later members then drift further on sacramento (31
  // lines against 24 before), where intercepts reach 1.9·10⁷ with a longitude coefficient ~10⁵.
  const cases: [string, "exact" | "near", number, number][] = [
    ["boston", "exact", 0, 11], ["servo", "exact", 0, 11], ["ozone", "exact", 0, 11], ["concrete", "exact", 0, 11],
    ["sacramento", "near", 31, 5], ["friedman1", "near", 7, 7],
  ];
  for (const [ds, kind, maxDiff, first] of cases) {
    test(`${ds}: ${kind}`, () => {
      const model = fitDataset(ds, { committees: 10 });
      const { mine, ref } = modelLines(model, ds, "c10_n0");
      const d = differingLines(mine, ref);
      expect(rulesPerMember(mine)).toEqual(rulesPerMember(ref));
      expect(d.length).toBeLessThanOrEqual(maxDiff);
      // member of each differing line: the number of rules= lines up to it
      const memberOf = (i: number) => ref.slice(0, i + 1).filter((l) => l.startsWith("rules=")).length;
      for (const i of d) expect(memberOf(i)).toBeGreaterThanOrEqual(first);
      if (kind === "exact") expect(mine).toEqual(ref);
      // every differing line is a coefficient line or a rule header with the same cover/mean/range
      for (const i of d) {
        const a = mine[i], b = ref[i];
        if (a.startsWith("coeff=")) expect(b.startsWith("coeff=")).toBe(true);
        else expect(a.replace(/esterr=.*/, "")).toBe(b.replace(/esterr=.*/, ""));
      }
      const data = loadDataset(ds);
      const ours = rmse(predict(model, data.test, { neighbors: 5, maxd: REF_MAXD[ds], coverage: "none" }).predictions, data.test, data.target);
      const theirs = refRmse(ds, "c10_n5");
      expect(Math.abs(ours - theirs) / theirs).toBeLessThan(0.01);
    }, 240000);
  }

  test("concrete rules10_c5_n9: the .model text equals the reference", () => {
    const model = fitDataset("concrete", { committees: 5, rules: 10 });
    const { mine, ref } = modelLines(model, "concrete", "rules10_c5_n9");
    expect(rulesPerMember(mine)).toEqual([10, 10, 10, 10, 10]);
    // before issue 16 one intercept differed in the last digit (-240.051 against -240.05)
    expect(mine).toEqual(ref);
    const data = loadDataset("concrete");
    const ours = rmse(predict(model, data.test, { neighbors: 9, maxd: 1.7, coverage: "none" }).predictions, data.test, data.target);
    // R predicts through the saved model text (limits at 6 digits), we from memory: 0.12 % apart
    expect(Math.abs(ours - 4.98572) / 4.98572).toBeLessThan(0.01);
  }, 240000);

  test("MAXD (neighbour radius) matches the reference on all 6 datasets", () => {
    const got: Record<string, number | null> = {};
    for (const ds of Object.keys(REF_MAXD)) got[ds] = fitDataset(ds).maxd;
    // partners are drawn by position in the KD-tree's instance order, as in the reference
    // (algorithm description §13.2); in file order sacramento gave 1.3 instead of 1.2
    expect(got).toEqual(REF_MAXD);
  }, 240000);
});
