import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CsvScanner, readCsvBlocks, readCsvFile, readCsvTable, type ColumnTable } from "../../src/cubist";
import { FIXTURES } from "./referenceData";

function tmpFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "csvblocks-"));
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

describe("CSV straight into typed columns", () => {
  test("numbers parsed from bytes equal Number(text) (fast path and fallback)", () => {
    const texts = ["0", "-0", "1.5", "280.16", ".5", "5.", "+3", "1e-7", "3.5E+2", "123456789012345", "1234567890123456789", "0.1000000000000000055511151231257827",
      "9007199254740993", "1e23", "2.2250738585072014e-308", "0.000001", "-12.345678901234", "00012.5000"];
    let s = 20170332;
    for (let i = 0; i < 2000; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const digits = (s % 17) + 1, dec = s % (digits + 1);
      const str = String(s).padStart(digits, "7").slice(0, digits);
      texts.push(dec === 0 ? str : `${str.slice(0, digits - dec)}.${str.slice(digits - dec)}`);
    }
    const csv = "v\n" + texts.join("\n") + "\n";
    const scanner = new CsvScanner(",", "t");
    const got: number[] = [];
    let first = true;
    scanner.scan(Buffer.from(csv), 0, Buffer.byteLength(csv), true, (b) => { if (first) { first = false; return; } got.push(scanner.number(b, 0)); });
    expect(got.map((v) => Object.is(v, -0) ? "-0" : v)).toEqual(texts.map((t) => (Object.is(Number(t), -0) ? "-0" : Number(t))));
    for (const bad of ["1e", "e5", "1.2.3", "--1", "0x10", "1 2", "Infinity", "."]) {
      const sc = new CsvScanner(",", "t");
      let v = 0;
      sc.scan(Buffer.from(`${bad}\n`), 0, bad.length + 1, true, (b) => { v = sc.number(b, 0); });
      expect([bad, v]).toEqual([bad, NaN]);
    }
  });

  test("pooledText equals text for every field (pooled, quoted, non-ASCII, long), one string per pooled value", () => {
    const fields = ["forest", "savanna", "forest", '"a""b"', "é", "x".repeat(70), "savanna", "forest", "fores", "forestt", "tsetof"];
    const csv = fields.map((f) => `${f}\n`).join("");
    const sc = new CsvScanner(",", "t");
    const pool = new Map<number, string>();
    const got: string[] = [], want: string[] = [];
    sc.scan(Buffer.from(csv), 0, Buffer.byteLength(csv), true, (b) => { got.push(sc.pooledText(b, 0, pool)); want.push(sc.text(b, 0)); });
    expect(got).toEqual(want);
    expect(want).toEqual(["forest", "savanna", "forest", 'a"b', "é", "x".repeat(70), "savanna", "forest", "fores", "forestt", "tsetof"]);
    expect(new Set(pool.values()).has("forest") && !new Set(pool.values()).has('a"b')).toBe(true);
    // a full pool still gives the right text
    const small = new Map<number, string>();
    const got2: string[] = [];
    sc.scan(Buffer.from(csv), 0, Buffer.byteLength(csv), true, (b) => { got2.push(sc.pooledText(b, 0, small, 1)); });
    expect(got2).toEqual(want);
    expect(small.size).toBe(1);
  });

  test("readCsvBlocks gives the blocks of readCsvFile's table, whatever the block and chunk sizes", () => {
    for (const name of ["ozone", "sacramento"]) {
      const file = path.join(FIXTURES, name, "train.csv");
      const whole = readCsvFile(file);
      const kinds = Object.fromEntries(Object.entries(whole.table.columns).map(([c, col]) => [c, col instanceof Float64Array ? "number" : "text"])) as Record<string, "number" | "text">;
      for (const [blockRows, chunkBytes] of [[1, 16], [37, 100], [65536, 1 << 22]]) {
        const parts: Record<string, (number | string | null)[]> = {};
        let next = 0;
        const res = readCsvBlocks(file, { columns: kinds, blockRows, chunkBytes }, (block: ColumnTable, first) => {
          expect(first).toBe(next);
          next += block.nRows;
          for (const [c, col] of Object.entries(block.columns)) (parts[c] ??= []).push(...Array.from(col as ArrayLike<number | string | null>));
        });
        expect(res.nRows).toBe(whole.table.nRows);
        expect(res.missingCounts).toEqual(whole.missingCounts);
        for (const [c, col] of Object.entries(whole.table.columns)) expect([name, c, parts[c]]).toEqual([name, c, Array.from(col as ArrayLike<number | string | null>)]);
      }
    }
  });

  test("quoting, CRLF, blank lines, BOM and a record split across chunks", () => {
    const text = '\ufeffx,"l c",y\r\n1,"a ""q""",2\r\n\r\nNA,"b,\nc",\n3.5e1,?,"4"';
    const t = readCsvTable(text).table;
    expect(Object.keys(t.columns)).toEqual(["x", "l c", "y"]);
    expect(t.columns["l c"]).toEqual(['a "q"', "b,\nc", null]);
    const f = tmpFile("q.csv", text);
    const seen: (string | null)[] = [];
    readCsvBlocks(f, { columns: { "l c": "text", y: "number" }, blockRows: 2, chunkBytes: 16 }, (b) => { seen.push(...(b.columns["l c"] as (string | null)[])); });
    expect(seen).toEqual(['a "q"', "b,\nc", null]);
  });

  test("errors name the file, the line, the column and the text", () => {
    const f = tmpFile("e.csv", "a,b\n1,x\n2,3\n");
    expect(() => readCsvBlocks(f, { columns: { b: "number" } }, () => {})).toThrow(/e\.csv: line 2, column 'b': 'x' is not a number/);
    expect(() => readCsvBlocks(f, { columns: { z: "number" } }, () => {})).toThrow(/e\.csv: column 'z' is absent \(header: a, b\)/);
    const g = tmpFile("g.csv", "a,b\n1\n");
    expect(() => readCsvBlocks(g, { columns: { a: "number" } }, () => {})).toThrow(/g\.csv: line 2 has 1 fields, expected 2/);
    expect(() => readCsvBlocks("/nonexistent.csv", { columns: { a: "number" } }, () => {})).toThrow(/\/nonexistent\.csv: cannot read CSV file/);
    expect(() => readCsvBlocks(f, { columns: { a: "number" }, blockRows: 0 }, () => {})).toThrow(/blockRows must be an integer ≥ 1, got 0/);
    expect(() => readCsvTable('a\n"x"y\n', { source: "h.csv" })).toThrow(/h\.csv: line 2: text after the closing quote/);
  });
});
