import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fit } from "../../src/cubist/fit";
import { modelToJson } from "../../src/cubist/modelJson";
import { predict } from "../../src/cubist/predict";
import { readWorkModel } from "../../src/workbook/readWorkModel";

describe("readWorkModel", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "readWorkModel-"));
  test("a missing hand-off file names the notebook to run first", () => {
    const file = path.join(dir, "model_chosen.json");
    expect(() => readWorkModel(file, {})).toThrow(`${file} does not exist: run notebooks/04_rule_count.ipynb first (npm run workbook -- --only 04)`);
    expect(() => readWorkModel(file, { writtenBy: "notebooks/03_training.ipynb", only: "03" })).toThrow("run notebooks/03_training.ipynb first (npm run workbook -- --only 03)");
    expect(() => readWorkModel(file, { only: "4" })).toThrow("readWorkModel: only must be a two-digit notebook prefix, got '4'");
  });
  test("a written model reads back and predicts the same values", () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => i / 4);
    const table = { nRows: 40, columns: { x, y: Float64Array.from(x, (v) => (v < 5 ? 1 + 2 * v : 30 - v)) } };
    const model = fit(table, { target: "y", rules: 4 });
    const file = path.join(dir, "m.json");
    fs.writeFileSync(file, modelToJson(model));
    const back = readWorkModel(file, {});
    expect(Array.from(predict(back, table).predictions)).toEqual(Array.from(predict(model, table).predictions));
  });
  test("a file that is not a model is refused naming the file", () => {
    const file = path.join(dir, "bad.json");
    fs.writeFileSync(file, "{not json");
    expect(() => readWorkModel(file, {})).toThrow(`${file}: not valid JSON`);
  });
});
