// Neighbours on a paper-like table of 20,000 rows against the C program (fixtures in
// test/fixtures/cubist-neighbours, see its README): MAXD equals the reference's, and the 5-neighbour predictions of 2,000 test rows equal its predictions except
// at the rows listed in KNOWN_OFF, an open difference in the KD-tree search (DESIGN.md "Neighbours").
import * as fs from "node:fs";
import * as path from "node:path";
import { discreteValueLists, parseModelFile, predict } from "../../src/cubist";
import { buildTrainingData } from "../../src/cubist/trainingData";
import { neighbourRadius } from "../../src/cubist/neighbourRadius";
import { CubistRandom } from "../../src/cubist/randomGenerator";
import { paperLikeTable } from "../../bench/cubistTables";

const FIX = path.join(process.cwd(), "test/fixtures/cubist-neighbours");

/** Test rows (0-based) whose reference prediction we do not reproduce yet: a group of equal distances straddling the 20th neighbour keeps other members in the reference. */
const KNOWN_OFF = [6, 254, 315, 321, 381, 427, 519, 563, 569, 668, 676, 690, 871, 1401, 1470, 1619, 1823, 1827, 1874, 1980];

describe("paper-like table, 20,000 training rows (C program fixtures)", () => {
  // (the fitted model's text equals this reference model too; a 20,000-row fit is left to the
  // bench to keep the test fast: the rules come from the reference's model file)
  test("MAXD equals the reference's; 5-neighbour predictions of 2,000 rows equal but for the known rows", () => {
    const train = paperLikeTable(20000, 1);
    const test = paperLikeTable(2000, 2);
    const discreteValues = discreteValueLists([train, test], { exclude: ["sm"] });
    const refText = fs.readFileSync(path.join(FIX, "paper20000.model"), "utf8");
    // MAXD as fit computes it without sampling: the KD-tree's instance order, a fresh KRandom
    const rows = Int32Array.from({ length: train.nRows }, (_, i) => i);
    const data = buildTrainingData(train, { target: "sm", predictors: ["lst", "ndvi", "dem", "amsr2", "ascat", "landcover"], rows, weights: null, discreteValues });
    const maxd = Math.round(neighbourRadius(data, new CubistRandom()) * 10) / 10;
    expect(maxd).toBe(Number(/maxd="([^"]*)"/.exec(refText)![1]));
    const ref = fs.readFileSync(path.join(FIX, "paper20000.n5.pred"), "utf8").trim().split("\n").map(Number);
    const model = parseModelFile(refText, { discreteValues, targetName: "sm" });
    const p = predict(model, test, { neighbors: 5, maxd, instances: { table: train, target: train.columns.sm as Float64Array } }).predictions;
    expect(p.length).toBe(ref.length);
    const off: number[] = [];
    let exact = 0;
    for (let i = 0; i < ref.length; i++) {
      if (Math.fround(ref[i]) === p[i]) exact++;
      if (!(Math.abs(p[i] - ref[i]) <= 1e-6 * Math.abs(ref[i]))) off.push(i);
    }
    expect(off).toEqual(KNOWN_OFF);
    expect(exact).toBeGreaterThanOrEqual(1960); // the others one float32 step apart (rounding at a midpoint)
  }, 120_000);
});
