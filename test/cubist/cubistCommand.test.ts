import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { main } from "../../src/cli/main";
import type { CommandIO } from "../../src/cli/command";
import { createCubistCommand } from "../../src/cli/cubistCommand";
import { discreteValueLists, predict, readCsvFile, readModelFile } from "../../src/cubist";
import { FIXTURES, modelPath, referencePredictions, referenceModel } from "./referenceData";

function collector(): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => { stdout.push(t); }, err: (t) => { stderr.push(t); } };
}
const B = (f: string) => path.join(FIXTURES, "boston", f);
function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) { const m = /^([a-zA-Z_]+): (.*)$/.exec(line); if (m) out[m[1]] = m[2]; }
  return out;
}

describe("sm-downscale cubist", () => {
  test("--model-in predicts like R: metrics equal the reference README (boston c1_n5)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cubist-cli-"));
    const io = collector();
    const code = await main(["cubist", "--model-in", modelPath("boston", "c1_n5"), "--train", B("train.csv"), "--test", B("test.csv"),
      "--target", "medv", "--neighbors", "5", "--maxd", "2.6", "--pred-out", path.join(dir, "p.csv"),
      "--model-out", path.join(dir, "m.model"), "--report-out", path.join(dir, "r.txt")], io);
    expect(io.stderr).toEqual([]);
    expect(code).toBe(0);
    const out = io.stdout.join("");
    const kv = keyValues(out);
    // reference README table: boston c1_n5 test RMSE 3.718161, MAE 2.318080, corr 0.911155
    expect(Number(kv.test_RMSE)).toBeCloseTo(3.718161, 5);
    expect(Number(kv.test_MAE)).toBeCloseTo(2.31808, 5);
    expect(Number(kv.test_correlation)).toBeCloseTo(0.911155, 5);
    expect(kv.rules_per_committee).toBe("4");
    expect(kv.total_rules).toBe("4");
    for (const k of ["train_time_s", "predict_time_s", "committees", "rules", "extrapolation", "unbiased", "sample", "seed", "neighbors"]) {
      expect(kv[k]).toBeDefined();
    }
    // the report is Cubist's (the reference report minus its added header line)
    const ref = fs.readFileSync(B("c1_n5.report.txt"), "utf8").split("\n").slice(1).join("\n");
    expect(out.startsWith(ref)).toBe(true);
    // predictions file in R's format, identical to the reference values (15 significant digits)
    const lines = fs.readFileSync(path.join(dir, "p.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe('"actual","predicted"');
    const refPred = referencePredictions("boston", "c1_n5");
    lines.slice(1).forEach((l, i) => expect(Math.abs(Number(l.split(",")[1]) - refPred[i]) / refPred[i]).toBeLessThan(1e-6));
    expect(fs.readFileSync(path.join(dir, "m.model"), "utf8")).toBe(fs.readFileSync(modelPath("boston", "c1_n5"), "utf8"));
    expect(fs.readFileSync(path.join(dir, "r.txt"), "utf8")).toContain("test_RMSE: ");
  });

  test("trains with the native fit: boston c1 report and test metrics equal the reference", async () => {
    const io = collector();
    const code = await main(["cubist", "--train", B("train.csv"), "--test", B("test.csv"), "--target", "medv"], io);
    expect([code, io.stderr]).toEqual([0, []]);
    const out = io.stdout.join("");
    const ref = fs.readFileSync(B("c1_n0.report.txt"), "utf8").split("\n").slice(1).join("\n");
    expect(out.startsWith(ref)).toBe(true);
    const kv = keyValues(out);
    expect(Number(kv.test_RMSE)).toBeCloseTo(3.692587, 5); // reference README, boston c1_n0
    expect(Number(kv.test_MAE)).toBeCloseTo(2.48311, 5);
    expect(kv.training_cases).toBe("405");
    expect(Number(kv.train_time_s)).toBeGreaterThan(0);
  });

  test("training goes through the injected trainer with the parsed options", async () => {
    const calls: unknown[] = [];
    const cmd = createCubistCommand((table, options) => {
      calls.push({ rows: table.nRows, ...options, discreteValues: undefined });
      return referenceModel("boston", "c1_n0");
    });
    const io = collector();
    const code = await main(["cubist", "--train", B("train.csv"), "--test", B("test.csv"), "--target", "medv", "--committees", "3",
      "--rules", "7", "--extrapolation", "50", "--sample", "40", "--seed", "9", "--unbiased"], io, [cmd]);
    expect([code, io.stderr]).toEqual([0, []]);
    expect(calls).toEqual([{ rows: 405, target: "medv", committees: 3, rules: 7, extrapolation: 50, unbiased: true, sample: 40, seed: 9, neighbors: undefined, discreteValues: undefined }]);
    expect(Number(keyValues(io.stdout.join("")).test_RMSE)).toBeCloseTo(3.692587, 5);
  });

  test("bad arguments exit 2 with one line naming the option", async () => {
    const cases: [string[], RegExp][] = [
      [["--committees", "0"], /--committees must be an integer in \[1, 100\], got '0'/],
      [["--committees", "101"], /--committees must be an integer in \[1, 100\], got '101'/],
      [["--neighbors", "10"], /--neighbors must be an integer in \[0, 9\], got '10'/],
      [["--extrapolation", "150"], /--extrapolation must be a number in \[0, 100\]/],
      [["--seed", "3"], /--seed is a training option and cannot be used with --model-in/],
      [["--unseen", "zero"], /--unseen must be error, nan, missing or nomatch/],
    ];
    for (const [extra, re] of cases) {
      const io = collector();
      const code = await main(["cubist", "--model-in", modelPath("boston", "c1_n0"), "--test", B("test.csv"), "--target", "medv", ...extra], io);
      expect([extra, code]).toEqual([extra, 2]);
      expect(io.stderr.join("")).toMatch(re);
    }
    const io0 = collector();
    expect(await main(["cubist", "--train", B("train.csv"), "--test", B("test.csv"), "--target", "medv", "--seed", "3"], io0)).toBe(2);
    expect(io0.stderr[0]).toMatch(/--seed needs --sample PCT > 0/);
    const io = collector();
    expect(await main(["cubist", "--model-in", modelPath("boston", "c1_n0"), "--target", "medv"], io)).toBe(2);
    expect(io.stderr[0]).toMatch(/--test S\.csv is required/);
    const io2 = collector();
    expect(await main(["cubist", "--model-in", modelPath("boston", "c1_n0"), "--test", B("test.csv"), "--target", "medv", "--committees", "2"], io2)).toBe(2);
    expect(io2.stderr[0]).toMatch(/--committees is a training option/);
  });

  test("a malformed model file or a missing column fails with exit 1 and a message naming it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cubist-cli-"));
    const bad = path.join(dir, "bad.model");
    fs.writeFileSync(bad, fs.readFileSync(modelPath("boston", "c1_n0"), "utf8").replace('cover="83"', 'cover="?"'));
    const io = collector();
    expect(await main(["cubist", "--model-in", bad, "--test", B("test.csv"), "--target", "medv"], io)).toBe(1);
    expect(io.stderr[0]).toMatch(/bad\.model: line 19: field 'cover' must be a finite number/);
    const noLstat = path.join(dir, "t.csv");
    const text = fs.readFileSync(B("test.csv"), "utf8").split("\n").map((l) => l.split(",").filter((_, i) => i !== 12).join(",")).join("\n");
    fs.writeFileSync(noLstat, text);
    const io2 = collector();
    expect(await main(["cubist", "--model-in", modelPath("boston", "c1_n0"), "--test", noLstat, "--target", "medv"], io2)).toBe(1);
    expect(io2.stderr[0]).toMatch(/column 'lstat' \(a predictor of the model\) is absent/);
  });

  test("discrete values from train ∪ test (sacramento): the CLI predicts like R out of the box; the library still errors", async () => {
    const S = (f: string) => path.join(FIXTURES, "sacramento", f);
    const io = collector();
    expect(await main(["cubist", "--model-in", S("c1_n0.model"), "--train", S("train.csv"), "--test", S("test.csv"), "--target", "price"], io)).toBe(0);
    const kv = keyValues(io.stdout.join(""));
    expect(Number(kv.test_RMSE)).toBeCloseTo(84557.728314, 3); // reference README, sacramento c1_n0
    expect(kv.unseen_discrete).toBe("error (0 values)");
    // the test-only cities are known values no training case has: --unseen nomatch on the training
    // lists alone gives the same predictions
    const io2 = collector();
    expect(await main(["cubist", "--model-in", S("c1_n0.model"), "--train", S("train.csv"), "--test", S("test.csv"), "--target", "price", "--unseen", "nomatch"], io2)).toBe(0);
    expect(Number(keyValues(io2.stdout.join("")).test_RMSE)).toBeCloseTo(84557.728314, 3);
    // library default: unseen values are an error naming the column
    const train = readCsvFile(S("train.csv")).table, test = readCsvFile(S("test.csv")).table;
    const model = readModelFile(S("c1_n0.model"), { targetName: "price", discreteValues: discreteValueLists([train], { exclude: ["price"] }) });
    expect(() => predict(model, test)).toThrow(/column 'city' has \d+ value\(s\) unseen in training \(first: '(COOL|GARDEN_VALLEY|MEADOW_VISTA)'\)/);
  });

  test("the real binary runs --model-in end to end", () => {
    const r = spawnSync(process.execPath, ["bin/sm-downscale.js", "cubist", "--model-in", path.join(FIXTURES, "concrete", "c10_n0.model"),
      "--test", path.join(FIXTURES, "concrete", "test.csv"), "--target", "compressive_strength"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const kv = keyValues(r.stdout);
    expect(kv.rules_per_committee).toBe("26 9 6 13 7 19 9 21 13 11");
    expect(Number(kv.test_RMSE)).toBeCloseTo(5.408951, 5); // reference README, concrete c10_n0
  });
});
