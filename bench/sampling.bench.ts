import type { Benchmark } from "./benchmark";
import { SampleTableBuilder, clearSkyFilter, stratifiedSample } from "../src/sampling";

/** A synthetic 146 × 289 domain (the paper's extent at 0.25°) with patchy classes. */
function domain() {
  const n = 146 * 289;
  const landcover = new Float32Array(n), dem = new Float32Array(n), soil = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = Math.floor(i / 289), c = i % 289;
    const wave = Math.sin(r * 0.11) + Math.cos(c * 0.07);
    landcover[i] = c > 180 ? 17 : [1, 4, 6, 8, 10, 11, 12, 13, 14, 16][Math.floor((wave + 2) * 2.49) % 10];
    dem[i] = c > 180 ? -20 + (r % 5) : Math.max(-150, (wave + 1) * 1500 + (r % 7) * 10);
    soil[i] = 1 + ((r * 7 + c * 3) % 16);
  }
  return { landcover, dem, soil };
}

export const benchmarks: Benchmark[] = [
  {
    name: "sampling.stratified.paperDomain",
    size: "602 points on 146 × 289 cells",
    setup: domain,
    run: (input) => {
      const s = stratifiedSample(input as ReturnType<typeof domain>, { seed: 1 });
      return `points=${s.totalPoints} notes=${s.notes.length}`;
    },
  },
  {
    name: "sampling.extract.3years",
    size: "602 points × 1095 days × 7 variables, clear-sky filter",
    setup: () => {
      const n = 146 * 289;
      const layer = new Float32Array(n);
      for (let i = 0; i < n; i++) layer[i] = i % 13 === 0 ? NaN : 0.2 + (i % 100) / 1000;
      return layer;
    },
    run: (input) => {
      const layer = input as Float32Array;
      const vars = ["ascat_sm", "amsr2_sm", "lst", "ndvi", "landcover", "dem", "gldas_sm"];
      const points = Array.from({ length: 602 }, (_, k) => k * 70);
      const b = new SampleTableBuilder(points, { gridCells: layer.length, variables: vars, expectedDays: 1095 });
      const layers: Record<string, Float32Array> = {};
      for (const v of vars) layers[v] = layer;
      const start = Date.UTC(2013, 0, 1);
      for (let d = 0; d < 1095; d++) b.addDay(new Date(start + d * 86400000).toISOString().slice(0, 10), layers);
      const cs = clearSkyFilter(b.finish(), {});
      return `rows=${cs.before} kept=${cs.kept}`;
    },
  },
];
