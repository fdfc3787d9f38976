import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compareRuns, compareTables } from "../../src/workbook/compareRuns";
import { REPLICA_TOLERANCES, SAME_MODEL_TOLERANCES } from "../../src/workbook/replicaTolerances";

const tol = (abs: number, extra: object = {}) => ({ abs, why: "test", ...extra });

describe("compareTables: two runs' CSV tables within a tolerance", () => {
  test("numbers within abs + rel·|b| pass, and the largest difference per column is reported", () => {
    const r = compareTables("v,x,y\na,1.004,200\nb,2,101\n", "v,x,y\na,1,200\nb,2.001,100\n", "t", tol(0.005, { rel: 0.01 }));
    expect(r.status).toBe("ok");
    expect(r.maxAbs.x).toBeCloseTo(0.004, 12);
    expect(r.maxAbs.y).toBe(1); // 1 ≤ 0.005 + 0.01 · 100
  });

  test("one number beyond the tolerance fails, naming the row, the column and both values", () => {
    const r = compareTables("v,x\na,1.006\n", "v,x\na,1\n", "t", tol(0.005));
    expect(r.status).toBe("beyond tolerance");
    expect(r.problems[0]).toBe("row 1 (a), x: 1.006 vs 1 (|d| 0.00600 > 0.005)");
  });

  test("numbers inside text are compared with the tolerance; the text around them must be equal", () => {
    expect(compareTables("q,v\nrmse,0.0312 → 0.0401\n", "q,v\nrmse,0.0310 → 0.0400\n", "t", tol(0.001)).status).toBe("ok");
    expect(compareTables("q,v\nrmse,0.0312 → 0.0401\n", "q,v\nrmse,0.0310 → 0.0500\n", "t", tol(0.001)).status).toBe("beyond tolerance");
    expect(compareTables("q,v\nsplit,2014-11-01 … 2015-04-30\n", "q,v\nsplit,2014-11-01 … 2015-04-30\n", "t", tol(0)).status).toBe("ok");
    const s = compareTables("q,v\nsource,products\n", "q,v\nsource,twin\n", "t", tol(1));
    expect(s.status).toBe("shape");
  });

  test("per-column tolerances, ignored columns and rows; empty only against empty; row counts and headers must match", () => {
    expect(compareTables("v,x,src\na,1.5,p\n", "v,x,src\na,1,t\n", "t", tol(0, { columns: { x: { abs: 0.5 } }, ignore: ["src"] })).status).toBe("ok");
    expect(compareTables("v,x\nsource: products,1\nb,2\n", "v,x\nsource: twin,5\nb,2\n", "t", tol(0, { ignoreRows: /^source/ })).status).toBe("ok");
    expect(compareTables("v,x\na,\n", "v,x\na,\n", "t", tol(0)).status).toBe("ok");
    expect(compareTables("v,x\na,NaN\n", "v,x\na,0.1\n", "t", tol(1)).status).toBe("shape");
    expect(compareTables("v,x\na,1\nb,2\n", "v,x\na,1\n", "t", tol(1)).problems[0]).toBe("2 rows vs 1");
    expect(compareTables("v,y\na,1\n", "v,x\na,1\n", "t", tol(1)).status).toBe("shape");
  });
});

describe("compareRuns: every table of two workbook output folders", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "compare-runs-"));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const run = (name: string, tables: Record<string, string>) => {
    const dir = path.join(root, name);
    fs.mkdirSync(path.join(dir, "tables"), { recursive: true });
    for (const [t, text] of Object.entries(tables)) fs.writeFileSync(path.join(dir, "tables", `${t}.csv`), text);
    return dir;
  };

  test("tables in one run only are 'missing'; a table without a tolerance must be equal", () => {
    const a = run("a", { t1: "x\n1\n", t2: "x\n1.1\n", t3: "x\n1\n" });
    const b = run("b", { t1: "x\n1\n", t2: "x\n1\n" });
    const r = compareRuns(a, b, { t2: tol(0.2) });
    expect(r.map((t) => [t.table, t.status])).toEqual([["t1", "ok"], ["t2", "ok"], ["t3", "missing"]]);
    expect(compareRuns(a, b, {}).find((t) => t.table === "t2")?.status).toBe("beyond tolerance");
    expect(() => compareRuns(path.join(root, "none"), b, {})).toThrow(/has no tables\/ folder/);
    // listedOnly: only the tables with an entry; a key with a / names another CSV of the run folder
    for (const [d, v] of [[a, "1.004"], [b, "1"]]) { fs.mkdirSync(path.join(d, "work"), { recursive: true }); fs.writeFileSync(path.join(d, "work", "s.csv"), `x\n${v}\n`); }
    const listed = compareRuns(a, b, { t2: tol(0.2), "work/s": tol(0.005) }, { listedOnly: true });
    expect(listed.map((t) => [t.table, t.status])).toEqual([["t1", "not compared"], ["t2", "ok"], ["t3", "not compared"], ["work/s", "ok"]]);
    expect(compareRuns(a, b, { "work/s": tol(0.001) }, { listedOnly: true }).find((t) => t.table === "work/s")?.status).toBe("beyond tolerance");
  });

  test("the replica tolerances: every entry states why, and a difference beyond one fails", () => {
    for (const [name, t] of Object.entries({ ...REPLICA_TOLERANCES, ...SAME_MODEL_TOLERANCES })) {
      expect([name, t.why.length > 20]).toEqual([name, true]);
      expect(t.abs).toBeGreaterThanOrEqual(0);
    }
    // GLDAS is stored as float32: its inventory row must agree to float32 rounding
    const inv = REPLICA_TOLERANCES["01_inventory_025deg"];
    const head = "variable,source,grid,days,cellDays,validPercent,min,mean,max,units\n";
    const row = (mean: number) => `${head}gldas_sm,x,0.25°,212,9964,100,0.17,${mean},0.46,m3 m-3\n`;
    expect(compareTables(row(0.28482568), row(0.2848256816530457), "01_inventory_025deg", inv).status).toBe("ok");
    expect(compareTables(row(0.2858), row(0.2848256816530457), "01_inventory_025deg", inv).status).toBe("beyond tolerance");
    // the same model on both runs: soil-moisture metrics within 1e-3 (0.139 × half an ASCAT step), r within 0.05
    const ov = SAME_MODEL_TOLERANCES["06_overall"];
    const h = "comparison,pixel-days,r,RMSE (m³ m⁻³),bias (m³ m⁻³),ubRMSD (m³ m⁻³),slope,mean per-pixel r\n";
    const line = (n: number, r: number, rmse: number) => `${h}downscaled vs GLDAS (1 km),${n},${r},${rmse},-0.0203,0.0409,0.166,0.298\n`;
    expect(compareTables(line(122426, 0.4345, 0.04563), line(122202, 0.4320, 0.04570), "06_overall", ov).status).toBe("ok");
    expect(compareTables(line(122426, 0.4345, 0.04800), line(122202, 0.4320, 0.04570), "06_overall", ov).problems[0]).toMatch(/RMSE \(m³ m⁻³\): 0\.048 vs 0\.0457/);
    expect(compareTables(line(122426, 0.5000, 0.04570), line(122202, 0.4320, 0.04570), "06_overall", ov).problems[0]).toMatch(/, r: 0\.5 vs 0\.432/);
    expect(compareTables(line(125000, 0.4320, 0.04570), line(122202, 0.4320, 0.04570), "06_overall", ov).problems[0]).toMatch(/pixel-days: 125000 vs 122202/);
  });
});
