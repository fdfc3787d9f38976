import type { Benchmark } from "./benchmark";
import { compareSeries, pixelMetrics } from "../src/metrics";

function series(n: number): { p: Float32Array; o: Float32Array } {
  const p = new Float32Array(n);
  const o = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    o[i] = 0.25 + 0.08 * Math.sin(0.37 * i);
    p[i] = i % 17 === 0 ? NaN : 0.05 + 0.7 * o[i] + 0.05 * Math.sin(2.713 * i);
  }
  return { p, o };
}

export const benchmarks: Benchmark[] = [
  {
    name: "metrics.compareSeries.1e6",
    size: "10⁶ pairs, 6 % NaN",
    setup: () => series(1_000_000),
    run: (input) => {
      const { p, o } = input as { p: Float32Array; o: Float32Array };
      const c = compareSeries(p, o);
      return `r=${c.r.toFixed(4)} n=${c.n}`;
    },
  },
  {
    name: "metrics.pixelMetrics.fig8",
    size: "153 days × 1,000,000 pixels (Figure 8 at ~1 km over a 1000 × 1000 window)",
    setup: () => {
      const days = 153, pixels = 1_000_000;
      const pred = new Float32Array(days * pixels);
      const ref = new Float32Array(days * pixels);
      for (let d = 0; d < days; d++) {
        for (let i = 0; i < pixels; i++) {
          const k = d * pixels + i;
          ref[k] = 0.2 + 0.1 * Math.sin(0.1 * d + (i % 977) * 0.01);
          pred[k] = (i + d) % 5 === 0 ? NaN : 0.8 * ref[k] + 0.03 * Math.sin(d * 1.7 + i);
        }
      }
      return { pred, ref, pixels };
    },
    run: (input) => {
      const { pred, ref, pixels } = input as { pred: Float32Array; ref: Float32Array; pixels: number };
      const m = pixelMetrics(pred, ref, { pixels });
      return `r[0]=${m.r[0].toFixed(3)}`;
    },
  },
];
