// `npm run bench -- cubist.sweep`: the rules-cap sweep of notebook 04 (every cap's full fit and its
// cross-validation fits, all independent) on 1 and 2 worker threads, against the same sweep in the
// calling thread. Runs alternate (in-thread, 1 worker, 2 workers, twice) because the machine is shared
// and timings are noisy; the line prints each mode's median and the 1 → 2 worker speed-up, and checks
// that every mode gives the same points. Workers load dist/ when it is current (npm run build), else
// the sources through the in-memory transpile (slower start: rebuild before timing).
import type { Benchmark } from "./benchmark";
import { paperLikeTable } from "./cubistTables";
import { ruleCountSweep, ruleCountSweepParallel, type RuleCountSweepOptions } from "../src/workbook/ruleCountSweep";
import type { ColumnTable } from "../src/cubist/table";

/** A paper-like table with a `point` column (40 consecutive rows per point, as point-days). */
function table(n: number, seed: number): ColumnTable {
  const t = paperLikeTable(n, seed);
  return { nRows: n, columns: { ...t.columns, point: Float64Array.from({ length: n }, (_, i) => Math.floor(i / 40)) } };
}

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];

export const benchmarks: Benchmark[] = [
  {
    name: "cubist.sweep",
    size: "20,787 rows, caps 1/5/20/59 × (1 + 5 folds)",
    setup: () => ({ train: table(20787, 1), validation: table(5000, 2) }),
    run: async (input) => {
      const { train, validation } = input as { train: ColumnTable; validation: ColumnTable };
      const opts: RuleCountSweepOptions = { target: "sm", caps: [1, 5, 20, 59], folds: 5, seed: 1 };
      const times: Record<string, number[]> = { thread: [], w1: [], w2: [] };
      let reference = "";
      const check = (points: unknown) => {
        const s = JSON.stringify(points);
        if (!reference) reference = s;
        else if (s !== reference) throw new Error("cubist.sweep: the modes gave different points");
      };
      for (let round = 0; round < 2; round++) {
        let t0 = performance.now();
        check(ruleCountSweep(train, validation, opts));
        times.thread.push((performance.now() - t0) / 1000);
        for (const w of [1, 2]) {
          t0 = performance.now();
          check(await ruleCountSweepParallel(train, validation, { ...opts, workers: w }));
          times[`w${w}`].push((performance.now() - t0) / 1000);
        }
      }
      const m = (k: string) => median(times[k]);
      return `in-thread ${times.thread.map((t) => t.toFixed(1)).join("/")} s, 1 worker ${times.w1.map((t) => t.toFixed(1)).join("/")} s, 2 workers ${times.w2.map((t) => t.toFixed(1)).join("/")} s; `
        + `speed-up 1 → 2 workers ${(m("w1") / m("w2")).toFixed(2)}× (medians); 24 fits; same points in every mode`;
    },
  },
];
