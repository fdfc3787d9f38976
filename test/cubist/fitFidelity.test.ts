// Training fidelity, committees 1 (issue 3, check 2): our fit of every reference dataset, written
// as a .model text, against the reference Cubist 2.07 .model (same numbers as its report prints:
// conditions at %.8g, coefficients at %.14g, cover/mean/range/est err, attribute statistics).
// Also the rules-cap sweep on concrete (check 4) and the option variants (rules5, extrap0, unbiased).
import { describe, expect, test } from "@jest/globals";
import { predict } from "../../src/cubist/predict";
import { differingLines, fitDataset, loadDataset, modelLines, rmse } from "./fitFixtures";

describe("fit, committees 1: identical .model text", () => {
  for (const ds of ["boston", "concrete", "servo", "ozone", "sacramento", "friedman1"]) {
    test(`${ds} c1_n0`, () => {
      const model = fitDataset(ds);
      const { mine, ref } = modelLines(model, ds, "c1_n0");
      expect(differingLines(mine, ref)).toEqual([]);
      expect(mine).toEqual(ref);
    });
  }
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
  test("rules26 and rules40: identical (the natural size is 26, so 40 does not bind); RMSE 6.790552", () => {
    for (const cap of [26, 40]) {
      const model = fitDataset("concrete", { rules: cap });
      const { mine, ref } = modelLines(model, "concrete", `rules${cap}`);
      expect(mine).toEqual(ref);
      expect(model.committees[0].rules.length).toBe(26);
      const ds = loadDataset("concrete");
      const r = rmse(predict(model, ds.test, { coverage: "none" }).predictions, ds.test, ds.target);
      expect(r).toBeCloseTo(6.790552, 5);
    }
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
  test("unbiased: identical on boston and concrete", () => {
    for (const ds of ["boston", "concrete"]) {
      const { mine, ref } = modelLines(fitDataset(ds, { unbiased: true }), ds, "unbiased");
      expect(mine).toEqual(ref);
    }
  });
});
