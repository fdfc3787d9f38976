// `npm run bench -- cubist.predict`: applying Cubist rules to tens of millions of pixels.
import * as path from "node:path";
import type { Benchmark } from "./benchmark";
import { predict, readCsvFile, readModelFile, type ColumnTable, type CubistModel } from "../src/cubist";
import { fit } from "../src/cubist/fit";
import { paperLikeTable } from "./cubistFit.bench";

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

/** Paper-sized table: 6 predictors (one a 10-class land cover), seeded, with a smooth target. */
function paperTable(n: number, seed: number): ColumnTable {
  let s = seed >>> 0;
  const rand = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
  const cols: Record<string, Float64Array> = {};
  for (const name of ["gldas", "lst", "ndvi", "dem", "lat"]) cols[name] = new Float64Array(n);
  const lc: string[] = new Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = 0.05 + 0.4 * rand(), lst = 260 + 60 * rand(), ndvi = rand(), dem = 3000 * rand() ** 2, lat = 20 + 30 * rand();
    const c = Math.floor(10 * rand());
    cols.gldas[i] = Math.round(g * 1e4) / 1e4; cols.lst[i] = Math.round(lst * 100) / 100; cols.ndvi[i] = Math.round(ndvi * 1e4) / 1e4;
    cols.dem[i] = Math.round(dem); cols.lat[i] = Math.round(lat * 100) / 100; lc[i] = `lc${c}`;
    y[i] = Math.round((0.8 * g + 0.05 * ndvi - 0.0008 * (lst - 290) * (1 - ndvi) + 0.01 * (c % 3) - 0.00001 * dem + 0.02 * (rand() - 0.5)) * 1e4) / 1e4;
  }
  return { nRows: n, columns: { ...cols, landcover: lc, sm: y } };
}

benchmarks.push({
  name: "cubist.predict.neighbors5.paper",
  size: "15,625 cases × 20,787 instances, 6 predictors, K = 5",
  setup: () => {
    const train = paperTable(20787, 1);
    const test = paperTable(15625, 2);
    const model = fit(train, { target: "sm" });
    return { model, test, train };
  },
  run: (input) => {
    const { model, test, train } = input as { model: CubistModel; test: ColumnTable; train: ColumnTable };
    const r = predict(model, test, { neighbors: 5, instances: { table: train, target: train.columns.sm as Float64Array } });
    return `rules=${model.committees[0].rules.length}; maxd=${model.maxd}; first prediction ${r.predictions[0].toFixed(4)}`;
  },
});

const PIXELS = 10_000_000;

benchmarks.push({
  name: "cubist.predict.59rules.paper",
  size: "10,000,000 paper-like pixels × 6 (1 discrete), 59 rules",
  // the paper's case: a 59-rule model (here trained on 600,000 paper-like rows with rules = 59)
  // applied to millions of 1 km pixels; the 10M pixels are another seed of the same generator
  setup: () => ({ model: fit(paperLikeTable(600_000), { target: "sm", rules: 59 }), pixels: paperLikeTable(PIXELS, 7) }),
  run: (input) => {
    const { model, pixels } = input as { model: CubistModel; pixels: ColumnTable };
    const t0 = performance.now();
    predict(model, pixels, { coverage: "none" });
    const s = (performance.now() - t0) / 1000;
    return `rules=${model.committees[0].rules.length}; ${(PIXELS / s / 1e6).toFixed(1)} M pixels/s`;
  },
});
