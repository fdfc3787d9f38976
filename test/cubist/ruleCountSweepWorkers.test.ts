// The rules-cap sweep of notebook 04 on worker threads (src/workbook/ruleCountSweep.ts): the same
// points and, fit by fit, byte-identical models as the sequential sweep.
import { ruleCountSweep, ruleCountSweepParallel } from "../../src/workbook/ruleCountSweep";
import { paperLikeTable } from "../../bench/cubistTables";
import type { ColumnTable } from "../../src/cubist";

/** A paper-like table with a `point` column (rows grouped by point, 40 rows each). */
function table(n: number, seed: number): ColumnTable {
  const t = paperLikeTable(n, seed);
  return { nRows: n, columns: { ...t.columns, point: Float64Array.from({ length: n }, (_, i) => Math.floor(i / 40)) } };
}

describe("ruleCountSweepParallel", () => {
  test("2 workers give the sequential sweep's points and byte-identical models", async () => {
    const train = table(800, 5), validation = table(200, 6);
    const opts = { target: "sm", caps: [1, 4], folds: 2, seed: 2 };
    const seqModels: string[] = [], parModels: string[] = [];
    const seq = ruleCountSweep(train, validation, { ...opts, onModel: (c, k, j) => seqModels.push(`${c}/${k} ${j}`) });
    const progress: string[] = [];
    const par = await ruleCountSweepParallel(train, validation, { ...opts, workers: 2, onModel: (c, k, j) => parModels.push(`${c}/${k} ${j}`), onProgress: (m) => progress.push(m) });
    expect(par).toEqual(seq);
    expect(parModels.length).toBe(2 * (1 + 2));
    expect(parModels).toEqual(seqModels);
    expect(new Set(parModels).size).toBe(parModels.length); // the fits really differ
    expect(progress).toEqual(["rules cap 1", "rules cap 4"]);
    expect(seq[1].rules).toBeGreaterThan(1);
  }, 120_000);

  test("bad options are refused naming them", async () => {
    const t = table(200, 1);
    await expect(ruleCountSweepParallel(t, t, { target: "sm", caps: [2], folds: 0, workers: 0 })).rejects.toThrow("ruleCountSweepParallel: options.workers must be an integer in 1..64, got 0");
    await expect(ruleCountSweepParallel(t, t, { target: "sm", caps: [2, 1] })).rejects.toThrow("ruleCountSweepParallel: caps must be ascending positive integers, got [2, 1]");
    await expect(ruleCountSweepParallel(t, t, { target: "sm", caps: [2], folds: 0, projectRoot: "/nonexistent" })).rejects.toThrow(/options.projectRoot '\/nonexistent'/);
  });
});
