import type { LatLonGrid } from "../grid/latLonGrid";
import { resampleBilinear } from "../grid/resampleBilinear";
import type { GapFillCounts } from "./GapFilledSource";
import type { Layer, LayerRequest, LayerSource, VariableName } from "./layerSource";
import { thenMaybe, type DayRun, type MaybePromise } from "./maybePromise";

type RunRequest = { variable: VariableName; grid: LatLonGrid; start?: string; end?: string };
type Inner = LayerSource & {
  getCube?(r: RunRequest): MaybePromise<DayRun>;
  getSeries?(r: RunRequest & { cells: ArrayLike<number> }): MaybePromise<DayRun>;
  clearSky?(grid: LatLonGrid, date: string): { values: Float32Array } | Promise<{ values: Float32Array }>;
  counts?: Partial<Record<VariableName, GapFillCounts>>;
};

/** Options of {@link BilinearCoarseSource}. */
export interface BilinearCoarseSourceOptions {
  /** The grid the variables are native on (the 0.25° grid, `twin.coarseGrid`). Required. */
  coarse: LatLonGrid;
  /** Variables served bilinearly off `coarse`. Default `["amsr2_sm", "ascat_sm"]` (the two 0.25° predictors). */
  variables?: readonly VariableName[];
}

/**
 * The study setting `resampling=bilinear`: a source in which the 0.25° AMSR2 and ASCAT reach a finer grid (the
 * 1 km window or a tile of it) by bilinear interpolation between the 0.25° cell centres ({@link resampleBilinear},
 * NaN neighbours renormalized) instead of the inner source's nearest neighbour (the value of the containing cell,
 * the paper's choice). The inner layer is read on `coarse` for the day (so the inner source's gap filling applies
 * first, as in the paper) and resampled; requests on `coarse` itself, and every other variable, pass through
 * unchanged. `getCube`/`getSeries`/`clearSky`/`counts` are forwarded when the inner source has them (a fine-grid
 * run of a resampled variable is built from the inner coarse run, day by day).
 *
 * @example
 * const prepared = new BilinearCoarseSource(new GapFilledSource(twin), { coarse: twin.coarseGrid });
 * (await prepared.getLayer({ variable: "amsr2_sm", grid: twin.fineGrid, date: "2015-05-01" })).values;
 * @throws RangeError naming `coarse` or `variables` when they are not a grid / a list of the inner source's variables
 */
export class BilinearCoarseSource implements LayerSource {
  readonly name: string;
  readonly variables: readonly VariableName[];
  readonly coarse: LatLonGrid;
  readonly resampled: readonly VariableName[];
  private readonly inner: Inner;

  constructor(inner: LayerSource, options: BilinearCoarseSourceOptions) {
    const o = options ?? ({} as BilinearCoarseSourceOptions);
    if (!o.coarse || typeof o.coarse.colOf !== "function") throw new RangeError(`BilinearCoarseSource: options.coarse must be a LatLonGrid, got ${String(o.coarse)}`);
    const vars = Array.from(o.variables ?? (["amsr2_sm", "ascat_sm"] as VariableName[]));
    for (const v of vars) if (!inner.variables.includes(v)) throw new RangeError(`BilinearCoarseSource: options.variables has '${v}', which ${inner.name} does not serve`);
    this.inner = inner as Inner;
    this.name = `${inner.name} (${vars.join(", ")} bilinear off 0.25°)`;
    this.variables = inner.variables;
    this.coarse = o.coarse;
    this.resampled = vars;
    const self = this as { getCube?: unknown; getSeries?: unknown; clearSky?: unknown };
    if (typeof this.inner.getCube !== "function") { self.getCube = undefined; self.getSeries = undefined; }
    if (typeof this.inner.getSeries !== "function") self.getSeries = undefined;
    if (typeof this.inner.clearSky !== "function") self.clearSky = undefined;
  }

  /** The inner source's gap-fill counts (a GapFilledSource inside), or an empty record. */
  get counts(): Partial<Record<VariableName, GapFillCounts>> {
    return this.inner.counts ?? {};
  }

  private resamples(variable: VariableName, grid: LatLonGrid): boolean {
    return this.resampled.includes(variable) && !grid.equals(this.coarse);
  }

  async getLayer(request: LayerRequest): Promise<Layer> {
    if (!this.resamples(request.variable, request.grid)) return this.inner.getLayer(request);
    const coarse = await this.inner.getLayer({ ...request, grid: this.coarse });
    const r = resampleBilinear(coarse.values, { from: this.coarse, to: request.grid });
    return {
      ...coarse, grid: request.grid, values: r.values,
      counts: { ...coarse.counts, outsideCoarse: r.counts.outside, noValidNeighbour: r.counts.noValidNeighbour },
      provenance: `${coarse.provenance}; bilinear from 0.25°`,
    };
  }

  /** A run of days on a grid ([day][cell]); resampled variables off a coarse run, day by day. A promise when the inner source's is. */
  getCube(request: RunRequest): MaybePromise<DayRun> {
    if (!this.inner.getCube) throw new Error(`${this.name}: the inner source has no getCube`);
    if (!this.resamples(request.variable, request.grid)) return this.inner.getCube(request);
    return thenMaybe(this.inner.getCube({ ...request, grid: this.coarse }), (run) => {
      const C = this.coarse.size, N = request.grid.size;
      const out = new Float32Array(run.dates.length * N);
      for (let t = 0; t < run.dates.length; t++) {
        out.set(resampleBilinear(run.values.subarray(t * C, (t + 1) * C), { from: this.coarse, to: request.grid }).values, t * N);
      }
      return { dates: run.dates, values: out };
    });
  }

  /** A run of days at chosen cells ([day][point]); resampled variables taken from {@link getCube}. */
  getSeries(request: RunRequest & { cells: ArrayLike<number> }): MaybePromise<DayRun> {
    if (!this.resamples(request.variable, request.grid)) {
      if (!this.inner.getSeries) throw new Error(`${this.name}: the inner source has no getSeries`);
      return this.inner.getSeries(request);
    }
    return thenMaybe(this.getCube(request), (cube) => {
      const N = request.grid.size, P = request.cells.length;
      const out = new Float32Array(cube.dates.length * P);
      for (let t = 0; t < cube.dates.length; t++) for (let j = 0; j < P; j++) out[t * P + j] = cube.values[t * N + request.cells[j]];
      return { dates: cube.dates, values: out };
    });
  }

  /** The inner source's clear-sky layer (the twin and MOD11A2 have one). */
  clearSky(grid: LatLonGrid, date: string): { values: Float32Array } | Promise<{ values: Float32Array }> {
    if (!this.inner.clearSky) throw new Error(`${this.name}: the inner source has no clear-sky layer`);
    return this.inner.clearSky(grid, date);
  }
}
