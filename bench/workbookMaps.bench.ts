import type { Benchmark } from "./benchmark";
import { fit } from "../src/cubist/fit";
import type { ColumnTable } from "../src/cubist/table";
import { LatLonGrid } from "../src/grid/latLonGrid";
import type { Layer, LayerRequest, LayerSource, VariableName } from "../src/sources/layerSource";
import { applyModelDaily, monthlyMeans } from "../src/workbook/index";
import { pixelMetrics } from "../src/metrics/index";

/** The default 1 km window (550 × 600 pixels) with synthetic layers: ~30 % cloud, 10 % sea, five land-cover classes. */
const grid = new LatLonGrid({ west: 124.5, north: 39, cellSize: 0.01, width: 550, height: 600 });
const CLASSES = [1, 10, 12, 13, 14];

class SyntheticSource implements LayerSource {
  readonly name = "bench";
  readonly variables: readonly VariableName[] = ["amsr2_sm", "ascat_sm", "lst", "ndvi", "landcover", "dem"];
  private cache = new Map<string, Float32Array>();
  async getLayer(req: LayerRequest): Promise<Layer> {
    const d = Number(req.date.slice(8, 10));
    const key = `${req.variable}:${["landcover", "dem"].includes(req.variable) ? 0 : d}`;
    let values = this.cache.get(key);
    if (!values) {
      values = new Float32Array(grid.size);
      for (let i = 0; i < grid.size; i++) {
        const r = Math.floor(i / 550), c = i % 550;
        const sea = c > 500;
        const cloud = ((r * 13 + c * 7 + d * 101) % 97) < 29;
        switch (req.variable) {
          case "landcover": values[i] = sea ? 17 : CLASSES[(Math.floor(r / 40) + Math.floor(c / 50)) % 5]; break;
          case "dem": values[i] = sea ? 0 : 50 + ((r * 3 + c) % 900); break;
          case "amsr2_sm": values[i] = sea ? NaN : 0.1 + ((r + d) % 30) / 100; break;
          case "ascat_sm": values[i] = sea ? NaN : 0.15 + ((c + 2 * d) % 40) / 100; break;
          case "lst": values[i] = sea || cloud ? NaN : 280 + ((r + c + d) % 30); break;
          case "ndvi": values[i] = sea || cloud ? NaN : 0.2 + ((r * c + d) % 60) / 100; break;
          default: throw new Error(`bench source: no ${req.variable}`);
        }
      }
      this.cache.set(key, values);
    }
    return { variable: req.variable, date: req.date, grid, values, units: "", counts: {}, provenance: "bench" };
  }
}

function model() {
  const n = 3000;
  const names = ["Forest", "Grasslands", "Croplands", "Urban and built-up", "Shrublands"];
  const a = Float64Array.from({ length: n }, (_, i) => 0.1 + ((i * 37) % 101) / 250);
  const lst = Float64Array.from({ length: n }, (_, i) => 275 + ((i * 7) % 37));
  const columns: ColumnTable["columns"] = {
    ascat_sm: a, amsr2_sm: Float64Array.from({ length: n }, (_, i) => 0.1 + ((i * 13) % 31) / 100), lst,
    ndvi: Float64Array.from({ length: n }, (_, i) => 0.1 + ((i * 5) % 71) / 100), landcover: Array.from({ length: n }, (_, i) => names[i % 5]),
    dem: Float64Array.from({ length: n }, (_, i) => 20 + ((i * 11) % 97) * 10),
    gldas_sm: Float64Array.from(a, (v, i) => 0.05 + 0.6 * v - 0.002 * (lst[i] - 290) + (i % 5) * 0.02 + (lst[i] > 295 ? 0.03 : 0)),
  };
  return fit({ nRows: n, columns }, { target: "gldas_sm", rules: 30 });
}

const dates = Array.from({ length: 30 }, (_, k) => `2015-06-${String(k + 1).padStart(2, "0")}`);

export const benchmarks: Benchmark[] = [
  {
    name: "workbook.applyModelDaily.window30d",
    size: "550 × 600 pixels × 30 days (default 1 km window; ~30 % cloud), fitted model",
    setup: async () => {
      const src = new SyntheticSource();
      for (const d of dates) for (const v of src.variables) await src.getLayer({ variable: v, grid, date: d });
      return { src, model: model() };
    },
    run: async (input) => {
      const { src, model: m } = input as { src: SyntheticSource; model: ReturnType<typeof model> };
      const app = await applyModelDaily(src, { model: m, grid, dates });
      return `rules=${m.committees[0].rules.length} predicted=${app.totals.predicted} gapShare=${app.totals.cloudGapShare.toFixed(3)}`;
    },
  },
  {
    name: "workbook.monthlyMeans+pixelMetrics.window153d",
    size: "550 × 600 pixels × 153 days cube (monthly means, then per-pixel metrics against a second cube)",
    setup: () => {
      const n = 153 * grid.size;
      const a = new Float32Array(n), b = new Float32Array(n);
      for (let i = 0; i < n; i++) { a[i] = i % 7 === 0 ? NaN : 0.2 + (i % 17) / 100; b[i] = 0.25 + ((i * 3) % 19) / 100; }
      return { a, b };
    },
    run: (input) => {
      const { a, b } = input as { a: Float32Array; b: Float32Array };
      const ds = Array.from({ length: 153 }, (_, k) => new Date(Date.UTC(2015, 4, 1 + k)).toISOString().slice(0, 10));
      const m = monthlyMeans(a, { dates: ds, pixels: grid.size });
      const pm = pixelMetrics(a, b, { pixels: grid.size, minPairs: 10 });
      return `months=${m.months.length} r[0]=${pm.r[0].toFixed(3)}`;
    },
  },
];
