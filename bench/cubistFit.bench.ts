// `npm run bench -- cubist.fit`: training Cubist on a paper-sized synthetic table (Park et al. 2017:
// 20,787 training rows, six predictors of which one is a 10-class land cover) and on 200,000 and
// 2,000,000 rows. Baselines: the C reference (RuleQuest Cubist 2.07 via R) on this 2-core machine.
import type { Benchmark } from "./benchmark";
import { fit } from "../src/cubist/fit";
import type { ColumnTable } from "../src/cubist/table";
import { seededRandom } from "../src/sampling/seededRandom";

/** Deterministic generator (the project's seeded mulberry32). */
const rng = (seed: number) => seededRandom(seed);

const LC = ["barren", "cropland", "forest_dbf", "forest_enf", "forest_mixed", "grassland", "savanna", "shrubland", "urban", "wetland"];

/**
 * A paper-like table: LST (K, 2 decimals), NDVI (4 decimals), elevation (m, integer), AMSR2 and
 * ASCAT soil moisture (m³/m³, 3 decimals), land cover (10 classes), and a soil-moisture target
 * (3 decimals) that depends non-linearly on them plus noise. Same seed ⇒ same table.
 */
export function paperLikeTable(nRows: number, seed = 20170332): ColumnTable {
  const r = rng(seed);
  const lst = new Float64Array(nRows), ndvi = new Float64Array(nRows), dem = new Float64Array(nRows);
  const amsr = new Float64Array(nRows), ascat = new Float64Array(nRows), y = new Float64Array(nRows);
  const lc: string[] = new Array(nRows);
  for (let i = 0; i < nRows; i++) {
    const k = Math.floor(r() * LC.length);
    lc[i] = LC[k];
    const wet = r();
    const v = Math.min(0.95, Math.max(-0.1, 0.15 + 0.6 * r() * (k === 0 ? 0.3 : 1)));
    const elev = Math.floor(3000 * r() * r());
    const t = 275 + 40 * r() - 0.004 * elev + 10 * (1 - wet) * (1 - v);
    const sm = 0.05 + 0.35 * wet * (0.6 + 0.4 * v) - 0.00003 * elev + (k === 9 ? 0.08 : k === 8 ? -0.03 : 0);
    lst[i] = Math.round(t * 100) / 100;
    ndvi[i] = Math.round(v * 10000) / 10000;
    dem[i] = elev;
    amsr[i] = Math.round((0.8 * sm + 0.05 + 0.03 * (r() - 0.5)) * 1000) / 1000;
    ascat[i] = Math.round((0.6 * sm + 0.1 + 0.05 * (r() - 0.5)) * 1000) / 1000;
    y[i] = Math.round(Math.max(0.02, sm + 0.02 * (r() - 0.5) + 0.01 * Math.sin(t / 3)) * 1000) / 1000;
  }
  return { nRows, columns: { lst, ndvi, dem, amsr2: amsr, ascat, landcover: lc, sm: y } };
}

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
