// `npm run bench -- cubist.fit`: training Cubist on a paper-sized synthetic table (Park et al. 2017:
// 20,787 training rows, six predictors of which one is a 10-class land cover) and on 200,000 and
// 2,000,000 rows. Baselines: the C reference (RuleQuest Cubist 2.07 via R) on this 2-core machine.
import type { Benchmark } from "./benchmark";
import { fit } from "../src/cubist/fit";
import type { ColumnTable } from "../src/cubist/table";
import { paperLikeTable } from "./cubistTables";

export { paperLikeTable };

function fitBench(name: string, size: string, rows: number, committees: number, seconds: number): Benchmark {
  return {
    name,
    size,
    setup: () => paperLikeTable(rows),
    run: (input) => {
      const model = fit(input as ColumnTable, { target: "sm", committees });
      const rules = model.committees.map((c) => c.rules.length);
      return `rules=${rules.length > 1 ? rules.join("/") : rules[0]}`;
    },
    baseline: { label: "C reference", seconds },
  };
}

export const benchmarks: Benchmark[] = [
  fitBench("cubist.fit.paper", "20,787 × 6 (1 discrete), default options", 20787, 1, 0.38),
  fitBench("cubist.fit.paper.c10", "20,787 × 6, 10 committees", 20787, 10, 3.3),
  fitBench("cubist.fit.200k", "200,000 × 6, default options", 200000, 1, 7),
  fitBench("cubist.fit.2M", "2,000,000 × 6, default options", 2000000, 1, 265),
];
