import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatModelFile, parseModelFile, readModelFile, writeModelFile, rulesPerCommittee } from "../../src/cubist";
import { DATASETS, dataset, modelPath, referenceModel } from "./referenceData";

// rules per committee from the reference README table
const RULES: Record<string, number[]> = {
  "boston/c10_n0": [4, 3, 6, 6, 4, 3, 6, 4, 5, 4],
  "concrete/c10_n0": [26, 9, 6, 13, 7, 19, 9, 21, 13, 11],
  "servo/c10_n0": [4, 4, 5, 5, 2, 7, 3, 7, 2, 7],
  "ozone/c10_n0": [6, 5, 5, 7, 4, 8, 3, 6, 3, 6],
  "sacramento/c10_n0": [8, 5, 6, 4, 6, 6, 6, 5, 6, 6],
  "friedman1/c10_n0": [17, 11, 15, 11, 15, 15, 15, 16, 13, 12],
  "concrete/rules10_c5_n9": [10, 10, 10, 10, 10],
  "friedman1/sample30_seed123": [13],
  "concrete/rules15": [15],
};

describe("Cubist .model files", () => {
  for (const name of DATASETS) {
    test(`${name}: every reference .model parses and is written back byte for byte`, () => {
      const d = dataset(name);
      expect(d.configs.length).toBeGreaterThanOrEqual(4);
      for (const config of d.configs) {
        const text = fs.readFileSync(modelPath(name, config), "utf8");
        const model = parseModelFile(text, { discreteValues: d.discreteValues, targetName: d.target, source: config });
        const written = formatModelFile(model);
        expect(written).toBe(text);
        const again = parseModelFile(written, { discreteValues: d.discreteValues, targetName: d.target });
        expect(again).toEqual(model);
      }
    });
  }

  test("parsed fields agree with the reference README (rules per member, options, header)", () => {
    for (const [key, rules] of Object.entries(RULES)) {
      const [name, config] = key.split("/");
      expect([key, rulesPerCommittee(referenceModel(name, config))]).toEqual([key, rules]);
    }
    const b = referenceModel("boston", "c1_n0");
    expect(b.target).toEqual({ name: "medv", mean: 22.53, sd: 9.290746, min: 5, max: 50, precision: 1 });
    expect([b.globalMean, b.ceiling, b.floor]).toEqual([22.53234, 95, 0]);
    expect(b.attributes[3]).toMatchObject({ kind: "discrete", name: "chas", mode: "c0", values: ["c0", "c1"], valuesComplete: true });
    const r1 = b.committees[0].rules[0];
    expect(r1).toMatchObject({ cover: 83, mean: 13.99, loVal: 5, hiVal: 27.5, estErr: 2.05, intercept: -1.61 });
    expect(r1.conditions).toEqual([{ type: "threshold", attribute: "nox", cut: 0.66799998, op: ">" }]);
    expect(r1.terms[0]).toEqual({ attribute: "crim", coefficient: -0.02 });
    expect(referenceModel("boston", "extrap0").options.extrapolation).toBe(0);
    expect(referenceModel("boston", "sample50_seed7").options).toMatchObject({ sample: 50, seed: 7 });
    expect(referenceModel("friedman1", "sample30_seed123").options).toMatchObject({ sample: 30, seed: 123 });
    expect(referenceModel("servo", "c10_n0").redn).toBe(0.763);
    const oz = referenceModel("ozone", "c1_n0");
    expect(oz.committees[0].rules.some((r) => r.conditions.some((c) => c.type === "subset"))).toBe(true);
  });

  test("instances header (what R's predict passes with neighbours) and atomic file writing", () => {
    const m = referenceModel("boston", "c1_n0");
    m.maxd = 2.5625;
    const text = formatModelFile(m, { withInstancesHeader: true, neighbors: 5 });
    expect(text.split("\n")[1]).toBe('prec="1" globalmean="22.53234" extrap="1" insts="1" nn="5" maxd="2.6" ceiling="95" floor="0"');
    const back = parseModelFile(text);
    expect([back.maxd, back.options.neighbors]).toEqual([2.6, 5]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cubist-"));
    const p = path.join(dir, "m.model");
    writeModelFile(p, m);
    expect(fs.readFileSync(p, "utf8")).toBe(fs.readFileSync(modelPath("boston", "c1_n0"), "utf8"));
    expect(fs.readdirSync(dir)).toEqual(["m.model"]);
  });

  test("without discreteValues, value lists are what the file mentions and marked incomplete", () => {
    const m = readModelFile(modelPath("servo", "c1_n0"));
    const motor = m.attributes.find((a) => a.name === "Motor");
    expect(motor).toMatchObject({ kind: "discrete", valuesComplete: false });
    expect(m.target.name).toBe("outcome");
  });

  test("malformed model files give errors naming the file, line and field", () => {
    const text = fs.readFileSync(modelPath("boston", "c1_n0"), "utf8");
    const bad = (t: string) => () => parseModelFile(t, { source: "bad.model" });
    expect(bad(text.replace('cover="83"', 'cover="x3"'))).toThrow(/bad\.model: line 19: field 'cover' must be a finite number, got 'x3'/);
    expect(bad(text.replace('att="nox" cut', 'att="noz" cut'))).toThrow(/bad\.model: line 20: unknown attribute 'noz'/);
    expect(bad(text.replace('result=">"', 'result="=>"'))).toThrow(/line 20: field 'result' must be "<=" or ">"/);
    expect(bad(text.slice(0, text.indexOf('conds="2" cover="128"')))).toThrow(/bad\.model: .*file ends where field 'conds' was expected \(truncated model\?\)/);
    expect(bad(text.replace('entries="1"', 'entries="2"'))).toThrow(/file ends where field 'rules' was expected/);
    expect(bad(text.replace('prec="1"', 'prex="1"'))).toThrow(/line 2: expected field 'prec', found 'prex'/);
    expect(bad(text.replace('type="2" att="nox" cut="0.66799998" result=">"', 'type="7" att="nox"'))).toThrow(/line 20: field 'type' must be 1, 2 or 3, got '7'/);
    expect(bad(text.replace('cut="0.66799998"', 'cut="0.66799998'))).toThrow(/bad\.model: line 20: /);
    expect(bad(text + 'rules="1"\n')).toThrow(/unexpected field 'rules' after the last rule/);
    expect(bad("garbage")).toThrow(/bad\.model: line 1: field 'garbage' is not followed by ="value"/);
    expect(bad("")).toThrow(/bad\.model: .*'id' was expected/);
    expect(() => readModelFile("/nonexistent/x.model")).toThrow(/\/nonexistent\/x\.model: cannot read model file/);
  });
});
