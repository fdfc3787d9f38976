import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { frameToHtml, frameToText, formatCell } from "../../src/workbook/display";
import { frameToCsv, saveTable } from "../../src/workbook/saveTable";
import { workbookContext } from "../../src/workbook/workbookConfig";

describe("workbook tables", () => {
  const frame = { columns: ["name", "value"], values: [["a<b", 1.23456789], ["c,d", NaN], ["e", 42]] };
  test("frameToHtml escapes and rounds to 6 significant digits", () => {
    const html = frameToHtml(frame);
    expect(html).toContain("<td>a&lt;b</td><td>1.23457</td>");
    expect(html).toContain('<table class="dataframe"');
    expect(frameToHtml({ columns: ["a"], values: [[1.23456789]] })).toContain("<td>1.23457</td>");
  });
  test("frameToHtml notes cut rows", () => {
    expect(frameToHtml(frame, { maxRows: 2 })).toContain("3 rows × 2 columns (first 2 shown)");
  });
  test("frameToText aligns columns", () => {
    expect(frameToText(frame).split("\n")).toEqual(["name  value", "a<b   1.23457", "c,d   NaN", "e     42"]);
  });
  test("formatCell", () => {
    expect(formatCell(null)).toBe("");
    expect(formatCell(0.1 + 0.2)).toBe("0.3");
    expect(formatCell(20787)).toBe("20787");
  });
  test("CSV keeps full precision, quotes commas, leaves NaN empty", () => {
    expect(frameToCsv(frame)).toBe('name,value\na<b,1.23456789\n"c,d",\ne,42\n');
    expect(frameToCsv({ columns: ["a", "b"], values: [[1, "x,y"]] })).toBe('a,b\n1,"x,y"\n');
  });
  test("saveTable writes atomically and refuses path-like names", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tables-"));
    const file = saveTable(frame, { dir, name: "t1" });
    expect(file).toBe(path.join(dir, "t1.csv"));
    expect(fs.readdirSync(dir)).toEqual(["t1.csv"]);
    expect(() => saveTable(frame, { dir, name: "../x" })).toThrow("saveTable: name must be a plain file name, got '../x'");
  });
  test("workbookContext reads SM_CONFIG and SM_OUTPUT_DIR", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "ctx-"));
    const ctx = workbookContext({ env: { SM_CONFIG: "tiny", SM_OUTPUT_DIR: out } });
    expect(ctx.config).toBe("tiny");
    expect(ctx.figuresDir).toBe(path.join(out, "figures"));
    expect(fs.existsSync(ctx.tablesDir)).toBe(true);
    expect(() => workbookContext({ env: { SM_CONFIG: "../etc" } })).toThrow("SM_CONFIG must be a configuration name such as default or tiny, got '../etc'");
  });
});
