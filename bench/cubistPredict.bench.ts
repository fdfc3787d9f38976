// `npm run bench -- cubist.predict`: applying Cubist rules to tens of millions of pixels.
import * as path from "node:path";
import type { Benchmark } from "./benchmark";
import { predict, readCsvFile, readModelFile, type ColumnTable, type CubistModel } from "../src/cubist";

const ROWS = 10_000_000;
const FIX = path.join(process.cwd(), "test/fixtures/cubist/concrete");

/**
 * 10 million rows made from the concrete test split: row i copies test row (i mod 206) and
 * perturbs every value by a seeded ±2 % (so the rules see varied values; deterministic).
 */
function bigTable(): ColumnTable {
  const test = readCsvFile(path.join(FIX, "test.csv")).table;
  const columns: Record<string, Float64Array> = {};
  let s = 12345;
  const rand = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
  for (const [name, col] of Object.entries(test.columns)) {
    const src = col as Float64Array;
    const out = new Float64Array(ROWS);
    for (let i = 0; i < ROWS; i++) out[i] = src[i % src.length] * (0.98 + 0.04 * rand());
    columns[name] = out;
  }
  return { nRows: ROWS, columns };
}

function setup(): { model: CubistModel; table: ColumnTable } {
  return { model: readModelFile(path.join(FIX, "c10_n0.model")), table: bigTable() };
}

function rate(seconds: number): string {
  return `${(ROWS / seconds / 1e6).toFixed(1)} M rows/s`;
}

export const benchmarks: Benchmark[] = [
  {
    name: "cubist.predict.61rules",
    size: "10,000,000 rows × 8 cols, 5 members, 61 rules",
    setup,
    run: (input) => {
      const { model, table } = input as { model: CubistModel; table: ColumnTable };
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const r = predict(model, table, { committees: 5, coverage: "first" });
      const s = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(c0).user / 1e6;
      let covered = 0;
      for (let i = 0; i < ROWS; i++) if (r.ruleCount![i] > 0) covered++;
      return `${rate(s)} wall, ${rate(cpu)} CPU (busy machines); rows covered by ≥1 rule: ${covered}`;
    },
  },
  {
    name: "cubist.predict.26rules",
    size: "10,000,000 rows × 8 cols, 1 member, 26 rules",
    setup: () => ({ model: readModelFile(path.join(FIX, "c1_n0.model")), table: bigTable() }),
    run: (input) => {
      const { model, table } = input as { model: CubistModel; table: ColumnTable };
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      predict(model, table, { coverage: "none" });
      return `${rate((performance.now() - t0) / 1000)} wall, ${rate(process.cpuUsage(c0).user / 1e6)} CPU`;
    },
  },
];
