import type { Benchmark } from "./benchmark";
import { LatLonGrid } from "../src/grid/latLonGrid";
import { exportFigures, mapFigure, scatterFigure } from "../src/plots";

/** A 1 km-like field over the paper's box (0.01°: 3,700 × 7,200 cells ≈ 26.6 M). */
function bigField() {
  const grid = new LatLonGrid({ west: 106, north: 47, cellSize: 0.01, width: 7200, height: 3700 });
  const values = new Float32Array(grid.size);
  for (let r = 0; r < grid.height; r++) for (let c = 0; c < grid.width; c++) {
    values[r * grid.width + c] = c > 4400 ? NaN : 0.2 + 0.1 * Math.sin(c / 300) * Math.cos(r / 200);
  }
  return { grid, values };
}

function scatterData(n: number) {
  const ref = new Float32Array(n), pred = new Float32Array(n);
  for (let i = 0; i < n; i++) { ref[i] = 0.05 + 0.4 * ((i * 0.618034) % 1); pred[i] = 0.05 + 0.77 * ref[i] + 0.04 * Math.sin(i * 12.9898); }
  return { ref, pred };
}

export const benchmarks: Benchmark[] = [
  {
    name: "plots.mapFigure.fig7",
    size: "10 panels of 3,700 × 7,200 cells (0.01°) → block mean to ≤ 200k cells, coastlines",
    setup: bigField,
    run: (input) => {
      const { grid, values } = input as ReturnType<typeof bigField>;
      const panels = Array.from({ length: 10 }, (_, k) => ({ grid, values, title: `panel ${k}` }));
      const fig = mapFigure(panels, { columns: 2, colorbarTitle: "Soil moisture (m³ m⁻³)" });
      return `spec ${(JSON.stringify(fig).length / 1e6).toFixed(1)} MB`;
    },
  },
  {
    name: "plots.export.fig4",
    size: "Figure 4 (2 density panels, 36,412 points): PNG 300 dpi + SVG + PDF, browser start included",
    setup: () => scatterFigure([{ ...scatterData(20787), title: "Calibration" }, { ...scatterData(15625), title: "Validation" }], {}),
    run: async (input) => {
      const res = await exportFigures([{ figure: input as ReturnType<typeof scatterFigure>, basePath: "/tmp/sm-downscale-bench/fig4" }], { formats: ["png", "svg", "pdf"] });
      return res.status === "skipped" ? res.message : `${res.status}: ${res.jobs[0].files.map((f) => `${f.format} ${(f.bytes / 1024).toFixed(0)} kB`).join(", ")}`;
    },
  },
];
