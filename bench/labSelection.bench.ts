// `npm run bench -- lab.selection`: notebook 08's all-subsets variable selection at the default configuration's
// size (20,787 calibration rows, 63 subsets × (1 + 5 grouped folds) = 378 Cubist fits, rules cap 59) on 2 worker
// threads — the estimate of notebook 08's selection time on the default run. Paper-like table (bench/cubistTables);
// the twin's samples may need more rules, so read it as a lower bound.
import type { Benchmark } from "./benchmark";
import { paperLikeTable } from "./cubistTables";
import { variableSelectionParallel } from "../src/lab/variableSelection";
import type { ColumnTable } from "../src/cubist/table";

export const benchmarks: Benchmark[] = [
  {
    name: "lab.selection",
    size: "20,787 rows, 63 subsets × (1 + 5 folds), 2 workers",
    setup: () => ({ train: paperLikeTable(20787, 1), validation: paperLikeTable(5000, 2) }),
    run: async (input) => {
      const { train, validation } = input as { train: ColumnTable; validation: ColumnTable };
      const folds = Int32Array.from({ length: train.nRows }, (_, i) => Math.floor(i / 40) % 5);
      const rows = await variableSelectionParallel(train, validation, {
        target: "sm", candidates: ["ascat", "amsr2", "lst", "ndvi", "landcover", "dem"], designs: ["all-subsets"], folds, workers: 2, cubist: { rules: 59 },
      });
      const failed = rows.filter((r) => r.status !== "ok").length;
      return `${rows.length} subsets, ${failed} failed; full fits ${rows.reduce((s, r) => s + (r.fitSeconds || 0), 0).toFixed(1)} s in total`;
    },
  },
];
