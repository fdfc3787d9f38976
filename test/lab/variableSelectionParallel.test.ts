// variableSelectionParallel (src/lab/variableSelection.ts) on worker threads: the same rows as the in-thread
// variableSelection, field for field (fitSeconds aside), the same models byte for byte, failed sets included.
import * as path from "path";
import { readCsvFile } from "../../src/cubist/readCsvTable";
import type { ColumnTable } from "../../src/cubist/table";
import { fit } from "../../src/cubist/fit";
import { predict } from "../../src/cubist/predict";
import { variableSelection, variableSelectionParallel } from "../../src/lab/index";

const table = readCsvFile(path.join(process.cwd(), "test/fixtures/baselines/table.csv")).table;
function rows(t: ColumnTable, idx: number[]): ColumnTable {
  const columns: ColumnTable["columns"] = {};
  for (const [k, c] of Object.entries(t.columns)) columns[k] = c instanceof Float64Array ? Float64Array.from(idx, (i) => c[i]) : idx.map((i) => c[i]);
  return { nRows: idx.length, columns };
}
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
const cal = rows(table, range(0, 240));
const val = rows(table, range(300, 400));
const withGap: ColumnTable = { nRows: cal.nRows, columns: { ...cal.columns, gap: new Float64Array(cal.nRows).fill(NaN) } };
const valGap: ColumnTable = { nRows: val.nRows, columns: { ...val.columns, gap: new Float64Array(val.nRows).fill(NaN) } };
const folds = Int32Array.from({ length: cal.nRows }, (_, i) => Math.floor(i / 20) % 3);

describe("variableSelectionParallel", () => {
  test("2 workers give the in-thread rows and models (all subsets of 3, a failing set, grouped CV)", async () => {
    const opts = { target: "y", candidates: ["x1", "lc", "gap"], designs: ["all-subsets" as const], cubist: { rules: 4 }, folds };
    const seqModels: string[] = [], parModels: string[] = [], order: number[] = [];
    const seq = variableSelection(withGap, valGap, { ...opts, onModel: (l, j) => seqModels.push(`${l} ${j}`) });
    const par = await variableSelectionParallel(withGap, valGap, { ...opts, workers: 2, onModel: (l, j) => parModels.push(`${l} ${j}`), onSet: (_, i) => order.push(i) });
    expect(par.length).toBe(7);
    const strip = (r: (typeof seq)[number]) => ({ ...r, fitSeconds: 0 });
    expect(par.map(strip)).toEqual(seq.map(strip));
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(parModels).toEqual(seqModels);
    expect(par.find((r) => r.label === "gap")!.status).toBe("failed");
    expect(par.filter((r) => r.status === "ok").length).toBeGreaterThanOrEqual(3);
    expect(new Set(par.filter((r) => r.status === "ok").map((r) => r.cvRmse)).size).toBeGreaterThan(1); // the sets really differ
  }, 120_000);

  test("CV RMSE and its standard error equal a direct fold-by-fold computation", async () => {
    const [row] = await variableSelectionParallel(cal, val, { target: "y", candidates: ["x1", "x2"], designs: [], cubist: { rules: 3 }, folds, workers: 2 });
    const y = cal.columns.y as Float64Array;
    const rmse: number[] = [];
    for (let f = 0; f < 3; f++) {
      const inF = range(0, cal.nRows).filter((i) => folds[i] === f), outF = range(0, cal.nRows).filter((i) => folds[i] !== f);
      const m = fit(rows(cal, outF), { target: "y", predictors: ["x1", "x2"], rules: 3, committees: 1, neighbors: 0 });
      const p = predict(m, rows(cal, inF)).predictions;
      rmse.push(Math.sqrt(inF.reduce((s, i, j) => s + (p[j] - y[i]) ** 2, 0) / inF.length));
    }
    const mean = (rmse[0] + rmse[1] + rmse[2]) / 3;
    const sd = Math.sqrt(rmse.reduce((s, e) => s + (e - mean) ** 2, 0) / 2);
    expect(row.cvRmse).toBeCloseTo(mean, 12);
    expect(row.cvRmseSe).toBeCloseTo(sd / Math.sqrt(3), 12);
  }, 120_000);

  test("bad workers are refused naming the option", async () => {
    await expect(variableSelectionParallel(cal, val, { target: "y", candidates: ["x1"], workers: 0 })).rejects.toThrow("variableSelectionParallel: options.workers must be an integer in 1..64, got 0");
    await expect(variableSelectionParallel(cal, val, { target: "y", candidates: [] })).rejects.toThrow(/candidates must list at least one column/);
  });
});
