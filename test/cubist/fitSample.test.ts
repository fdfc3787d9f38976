// Sampling with a seed (issue 3, check 5): Cubist's own generator and selection sampling select the
// same training rows as the reference, so the sampled models are identical.
import { describe, expect, test } from "@jest/globals";
import { CubistRandom } from "../../src/cubist/randomGenerator";
import { sampleRows } from "../../src/cubist/sampleRows";
import { fitDataset, modelLines } from "./fitFixtures";

describe("KRandom", () => {
  test("test vectors of the algorithm description §14.1", () => {
    const g = new CubistRandom();
    expect([g.next(), g.next(), g.next(), g.next(), g.next()]).toEqual([
      0.0028709734429589462, 0.26955078879711947, 0.38652819459343923, 0.74528356718753841, 0.52607358753982569,
    ]);
    g.reset(0);
    expect([g.next(), g.next(), g.next()]).toEqual([0.4491638055301399, 0.57781256980969342, 0.79193342287484314]);
    g.reset(7);
    expect([g.next(), g.next(), g.next()]).toEqual([0.39208619180768844, 0.036248519878498975, 0.29200226542547836]);
  });
  test("sampleRows selects exactly trunc(F·S/100 + 0.5) rows in order", () => {
    const s = sampleRows(405, 50, 7, new CubistRandom());
    expect(s.length).toBe(203);
    for (let k = 1; k < s.length; k++) expect(s[k]).toBeGreaterThan(s[k - 1]);
    expect(sampleRows(1600, 30, 123, new CubistRandom()).length).toBe(480);
  });
});

describe("fit with sample and seed", () => {
  test("boston sample50_seed7: identical .model (203 of 405 cases)", () => {
    const model = fitDataset("boston", { sample: 50, seed: 7 });
    expect(model.nTrainingCases).toBe(203);
    const { mine, ref } = modelLines(model, "boston", "sample50_seed7");
    expect(mine).toEqual(ref);
  });
  test("friedman1 sample30_seed123: identical .model (480 of 1600 cases)", () => {
    const model = fitDataset("friedman1", { sample: 30, seed: 123 });
    expect(model.nTrainingCases).toBe(480);
    const { mine, ref } = modelLines(model, "friedman1", "sample30_seed123");
    expect(mine).toEqual(ref);
  });
  test("same seed ⇒ same model; other seed ⇒ other sample", () => {
    const a = modelLines(fitDataset("boston", { sample: 50, seed: 7 }), "boston", "sample50_seed7").mine;
    const b = modelLines(fitDataset("boston", { sample: 50, seed: 7 }), "boston", "sample50_seed7").mine;
    const c = modelLines(fitDataset("boston", { sample: 50, seed: 8 }), "boston", "sample50_seed7").mine;
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });
});
