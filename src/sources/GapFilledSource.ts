import type { LatLonGrid } from "../grid/latLonGrid";
import { fillFromPreviousDays } from "../products/gapFill";
import type { Layer, LayerRequest, LayerSource, VariableName } from "./layerSource";
import { thenMaybe, type DayRun, type MaybePromise } from "./maybePromise";

/** What was filled, per variable: cells filled from 1, 2, … days back, and cells left missing. */
export interface GapFillCounts {
  filledByLag: number[];
  filled: number;
  /** Gaps left unfilled (cells observed on some day of the request but missing on this one). */
  remaining: number;
  /** Cell-days of cells never observed in a whole multi-day request (e.g. sea): not gaps, not filled. */
  neverObserved: number;
  /** Cells examined (requests × cells). */
  cells: number;
}

const shiftDate = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);

type RunRequest = { variable: VariableName; grid: LatLonGrid; start?: string; end?: string };
type Inner = LayerSource & {
  getCube?(r: RunRequest): MaybePromise<DayRun>;
  getSeries?(r: RunRequest & { cells: ArrayLike<number> }): MaybePromise<DayRun>;
};

/**
 * A source whose daily layers are gap-filled the paper's way (§2.2): a missing AMSR2 cell takes the previous
 * day's value (`amsr2_sm: 1` day back) and a missing ASCAT cell the value of one of the two previous days
 * (`ascat_sm: 2`). Filling looks at the inner source's raw values of earlier days (not at filled ones), so a
 * value never travels further than the stated number of days. Days before the source's first day count as
 * missing. Every filled cell is counted in {@link GapFilledSource.counts}; other variables pass through.
 *
 * @example
 * const prepared = new GapFilledSource(twin, { maxDaysBack: { amsr2_sm: 1, ascat_sm: 2 } });
 * const layer = await prepared.getLayer({ variable: "ascat_sm", grid: twin.coarseGrid, date: "2015-05-02" });
 * layer.counts.gapFilled; // cells filled on that day
 * @throws RangeError naming a variable whose maxDaysBack is not a non-negative integer.
 */
export class GapFilledSource implements LayerSource {
  readonly name: string;
  readonly variables: readonly VariableName[];
  readonly maxDaysBack: Readonly<Partial<Record<VariableName, number>>>;
  /** Counts per filled variable, accumulated over every request. */
  readonly counts: Partial<Record<VariableName, GapFillCounts>> = {};
  private readonly inner: Inner;

  constructor(inner: LayerSource, options: { maxDaysBack?: Partial<Record<VariableName, number>> } = {}) {
    const maxDaysBack = options.maxDaysBack ?? { amsr2_sm: 1, ascat_sm: 2 };
    for (const [v, k] of Object.entries(maxDaysBack)) {
      if (!Number.isInteger(k) || (k as number) < 0) throw new RangeError(`GapFilledSource: maxDaysBack.${v} must be a non-negative integer, got ${k}`);
    }
    this.inner = inner as Inner;
    this.name = `${inner.name} (gap-filled)`;
    this.variables = inner.variables;
    this.maxDaysBack = maxDaysBack;
    // Offer the bulk methods only when the inner source has them, so callers that test for them
    // (layerCube, pointSeries) fall back to day-by-day getLayer otherwise.
    const self = this as { getCube?: unknown; getSeries?: unknown; clearSky?: unknown };
    if (typeof this.inner.getCube !== "function") self.getCube = undefined;
    if (typeof this.inner.getSeries !== "function") self.getSeries = undefined;
    if (typeof (this.inner as { clearSky?: unknown }).clearSky !== "function") self.clearSky = undefined;
  }

  private record(variable: VariableName, filledByLag: number[], remaining: number, cells: number, neverObserved = 0): void {
    const c = this.counts[variable] ?? (this.counts[variable] = { filledByLag: filledByLag.map(() => 0), filled: 0, remaining: 0, neverObserved: 0, cells: 0 });
    filledByLag.forEach((n, k) => { c.filledByLag[k] += n; c.filled += n; });
    c.remaining += remaining;
    c.neverObserved += neverObserved;
    c.cells += cells;
  }

  async getLayer(request: LayerRequest): Promise<Layer> {
    const k = this.maxDaysBack[request.variable] ?? 0;
    const layer = await this.inner.getLayer(request);
    if (k === 0) return layer;
    const previous: (Float32Array | null)[] = [];
    for (let lag = 1; lag <= k; lag++) {
      try {
        previous.push((await this.inner.getLayer({ ...request, date: shiftDate(request.date, -lag) })).values);
      } catch {
        previous.push(null); // before the source's first day: nothing to fill from
      }
    }
    const r = fillFromPreviousDays(layer.values, previous, { maxDaysBack: k });
    this.record(request.variable, r.filledByLag, r.remaining, layer.values.length);
    return { ...layer, values: r.values, counts: { ...layer.counts, gapFilled: r.filled, stillMissing: r.remaining }, provenance: `${layer.provenance}; gap-filled ≤ ${k} day(s) back` };
  }

  /** A run of days at chosen cells ([day][point]), filled like {@link getLayer}; a promise when the inner source's is. */
  getSeries(request: RunRequest & { cells: ArrayLike<number> }): MaybePromise<DayRun> {
    return this.run(request, request.cells.length, (r) => this.innerRun("getSeries", { ...r, cells: request.cells }));
  }

  /** A run of days on the whole grid ([day][cell]), filled like {@link getLayer}; a promise when the inner source's is. */
  getCube(request: RunRequest): MaybePromise<DayRun> {
    return this.run(request, request.grid.size, (r) => this.innerRun("getCube", r));
  }

  /** Passes the inner source's clear-sky layer through (the twin and MOD11A2 have one). */
  clearSky(grid: LatLonGrid, date: string): { values: Float32Array } | Promise<{ values: Float32Array }> {
    const inner = this.inner as unknown as { clearSky?: (g: LatLonGrid, d: string) => { values: Float32Array } | Promise<{ values: Float32Array }> };
    if (!inner.clearSky) throw new Error(`${this.name}: the inner source has no clear-sky layer`);
    return inner.clearSky(grid, date);
  }

  private innerRun(method: "getSeries" | "getCube", r: RunRequest & { cells?: ArrayLike<number> }): MaybePromise<DayRun> {
    const fn = this.inner[method];
    if (!fn) throw new Error(`${this.name}: the inner source has no ${method}`);
    return (fn as (x: typeof r) => MaybePromise<DayRun>).call(this.inner, r);
  }

  private run(request: RunRequest, width: number, read: (r: RunRequest) => MaybePromise<DayRun>): MaybePromise<DayRun> {
    const k = this.maxDaysBack[request.variable] ?? 0;
    if (k === 0 || !request.start) return read(request);
    const start = request.start;
    // Read k extra days before the run so its first days can be filled too (when the source has them).
    const from = (extra: number): MaybePromise<{ raw: DayRun; extra: number }> => {
      let r: MaybePromise<DayRun>;
      try { r = read({ ...request, start: shiftDate(start, -extra) }); } catch (e) { if (extra === 0) throw e; return from(extra - 1); }
      if (r instanceof Promise) return r.then((raw) => ({ raw, extra }), (e) => { if (extra === 0) throw e; return from(extra - 1); });
      return { raw: r, extra };
    };
    return thenMaybe(from(k), ({ raw, extra }) => this.fillRun(request, width, k, raw, extra));
  }

  private fillRun(request: RunRequest, width: number, k: number, raw: DayRun, extra: number): DayRun {
    const all = raw;
    const days = all.dates.length - extra;
    const observed = new Uint8Array(width);
    for (let t = 0; t < all.dates.length; t++) {
      const base = t * width;
      for (let i = 0; i < width; i++) if (all.values[base + i] === all.values[base + i]) observed[i] = 1;
    }
    let never = 0;
    for (let i = 0; i < width; i++) if (!observed[i]) never++;
    const out = new Float32Array(days * width);
    let filledByLag = new Array<number>(k).fill(0), remaining = 0;
    for (let t = 0; t < days; t++) {
      const at = t + extra;
      const previous: (Float32Array | null)[] = [];
      for (let lag = 1; lag <= k; lag++) previous.push(at - lag >= 0 ? all.values.subarray((at - lag) * width, (at - lag + 1) * width) : null);
      const r = fillFromPreviousDays(all.values.subarray(at * width, (at + 1) * width), previous, { maxDaysBack: k });
      out.set(r.values, t * width);
      filledByLag = filledByLag.map((n, i) => n + r.filledByLag[i]);
      remaining += r.remaining;
    }
    this.record(request.variable, filledByLag, remaining - never * days, days * width, never * days);
    return { dates: all.dates.slice(extra), values: out };
  }
}
