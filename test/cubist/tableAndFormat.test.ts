import * as fs from "node:fs";
import * as path from "node:path";
import { discreteValueLists, formatFixed, formatG, readCsvFile, readCsvTable, validateTable, selectTableRows } from "../../src/cubist";
import { FIXTURES } from "./referenceData";

describe("C number formats (checked against C printf via Python)", () => {
  const rows = JSON.parse(fs.readFileSync(path.join(FIXTURES, "cformat_expected.json"), "utf8")) as
    { x: number; g7: string; g6: string; g14: string; g8f32: string; f32: number; f0: string; f1: string; f3: string }[];
  test("every fixture value", () => {
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) {
      expect([r.x, formatG(r.x, 7), formatG(r.x, 6), formatG(r.x, 14), formatG(r.f32, 8), formatFixed(r.x, 0), formatFixed(r.x, 1), formatFixed(r.x, 3)])
        .toEqual([r.x, r.g7, r.g6, r.g14, r.g8f32, r.f0, r.f1, r.f3]);
    }
  });
  test("%.<p>g of float32 values, short decimals, ties and decade edges (make_cformat_g.py)", () => {
    const cases = JSON.parse(fs.readFileSync(path.join(FIXTURES, "cformat_g_scaled.json"), "utf8")) as [number, number, string][];
    expect(cases.length).toBeGreaterThan(10000);
    const wrong = cases.filter(([x, p, want]) => formatG(x, p) !== want);
    expect(wrong.slice(0, 5)).toEqual([]);
  });
  test("doc examples", () => {
    expect(formatFixed(2.5, 0)).toBe("2");
    expect(formatG(12345678, 7)).toBe("1.234568e+07");
    expect(formatG(0.66799998, 8)).toBe("0.66799998");
  });
});

describe("CSV tables", () => {
  test("numeric vs discrete columns, quotes, NA / empty / ? missing, counts", () => {
    const { table, missingCounts } = readCsvTable('x,"lc",y\r\n1,"a",2\nNA,"b,c",\n3.5e1,?,"4"\n');
    expect(table.nRows).toBe(3);
    expect(Array.from(table.columns.x as Float64Array)).toEqual([1, NaN, 35]);
    expect(table.columns.lc).toEqual(["a", "b,c", null]);
    expect(Array.from(table.columns.y as Float64Array)).toEqual([2, NaN, 4]);
    expect(missingCounts).toEqual({ x: 1, lc: 1, y: 1 });
    const doc = readCsvTable('x,lc\n1,"a"\nNA,b\n').table;
    expect(Array.from(doc.columns.x as Float64Array)).toEqual([1, NaN]);
    expect(doc.columns.lc).toEqual(["a", "b"]);
    expect(readCsvTable("a;b\n1;x\n", { separator: ";", missing: ["x"] }).missingCounts).toEqual({ a: 0, b: 1 });
  });
  test("a column with one non-numeric value is discrete", () => {
    expect(readCsvTable("c\n1\n2\nA\n").table.columns.c).toEqual(["1", "2", "A"]);
  });
  test("reference files: ozone has 196 missing predictor cells in total, boston's chas is discrete", () => {
    const tr = readCsvFile(path.join(FIXTURES, "ozone", "train.csv"));
    const te = readCsvFile(path.join(FIXTURES, "ozone", "test.csv"));
    const total = [tr, te].reduce((s, r) => s + Object.values(r.missingCounts).reduce((a, b) => a + b, 0), 0);
    expect(total).toBe(196);
    const b = readCsvFile(path.join(FIXTURES, "boston", "train.csv")).table;
    expect(b.nRows).toBe(405);
    expect(Array.isArray(b.columns.chas)).toBe(true);
    expect(b.columns.medv).toBeInstanceOf(Float64Array);
  });
  test("errors name the source and line", () => {
    expect(() => readCsvTable("", { source: "e.csv" })).toThrow(/e\.csv: empty CSV/);
    expect(() => readCsvTable("a,b\n1\n", { source: "f.csv" })).toThrow(/f\.csv: line 2 has 1 fields, expected 2/);
    expect(() => readCsvTable('a\n"x\n', { source: "g.csv" })).toThrow(/g\.csv: unterminated quoted field starting on line 2/);
    expect(() => readCsvTable("a,a\n1,2\n")).toThrow(/duplicate column name 'a'/);
    expect(() => readCsvTable("a\n1\n", { separator: "ab" })).toThrow(RangeError);
    expect(() => readCsvFile("/nonexistent.csv")).toThrow(/\/nonexistent\.csv: cannot read CSV file/);
  });
  test("validateTable and discreteValueLists (C-locale order)", () => {
    validateTable({ nRows: 1, columns: { a: Float64Array.of(1) } });
    expect(() => validateTable({ nRows: 2, columns: { a: Float64Array.of(1) } })).toThrow(/column 'a' has 1 entries, expected nRows = 2/);
    expect(discreteValueLists([{ nRows: 2, columns: { lc: ["b", "a"] } }])).toEqual({ lc: ["a", "b"] });
    expect(discreteValueLists([{ nRows: 3, columns: { v: ["b", "B", null], y: Float64Array.of(1, 2, 3) } }, { nRows: 1, columns: { v: ["a"] } }]))
      .toEqual({ v: ["B", "a", "b"] });
    expect(() => discreteValueLists([])).toThrow(TypeError);
  });
});

describe("selectTableRows", () => {
  test("chosen columns and rows in the given order; shared columns without rows; a missing column named", () => {
    const t = { nRows: 3, columns: { a: Float64Array.of(1, 2, 3), lc: ["x", null, "z"], b: Float64Array.of(4, 5, 6) } };
    const s = selectTableRows(t, ["a", "lc"], [2, 0]);
    expect(s.nRows).toBe(2);
    expect(Array.from(s.columns.a as Float64Array)).toEqual([3, 1]);
    expect(s.columns.lc).toEqual(["z", "x"]);
    expect(Object.keys(s.columns)).toEqual(["a", "lc"]);
    expect(selectTableRows(t, ["b"]).columns.b).toBe(t.columns.b);
    expect(() => selectTableRows(t, ["c"], null, "fitPool")).toThrow("fitPool: no column 'c'");
  });
});
