import type { LatLonGrid } from "../grid/latLonGrid";
import type { StationRecord, TwinSource } from "../twin/TwinSource";
import type { Layer, LayerRequest, LayerSource, VariableName } from "./layerSource";
import type { DayRun, MaybePromise } from "./maybePromise";

type RunRequest = { variable: VariableName; grid: LatLonGrid; start?: string; end?: string };
type Bulk = LayerSource & {
  getCube?(r: RunRequest): MaybePromise<DayRun>;
  getSeries?(r: RunRequest & { cells: ArrayLike<number> }): MaybePromise<DayRun>;
};

/** Options of {@link RoutedSource}. */
export interface RoutedSourceOptions {
  /** Who serves each variable: the twin or a real-product source. */
  routes: Partial<Record<VariableName, LayerSource>>;
  /** The 0.25° training grid (the study's domain) and the 1 km application grid (its window). */
  coarseGrid: LatLonGrid;
  fineGrid: LatLonGrid;
  /** Every day of the study period, and the 1 km application days (ISO). */
  dates: readonly string[];
  applicationDates: readonly string[];
  /** The twin, when some variable is routed to it (serves `layer()` and `clearSky()` for its variables). Default null. */
  twin?: TwinSource | null;
  /** The station records (twin, ISMN or station CSV), read on first call; null: no station source. Default null. */
  stations?: (() => StationRecord[]) | null;
  /** What `stations` is, for messages (`twin`, `ismn`). Default "none". */
  stationsFrom?: string;
  /** More limitations to list (e.g. a variable deliberately not served). Default []. */
  notes?: readonly string[];
}

/**
 * The study's data when some variables come from real files: each variable is answered by the source the
 * study manifest names (`sources.<variable>`: the twin, or a {@link ProductSource}), with the twin's interface
 * where it can be kept:
 *
 * - `getLayer()` for every routed variable; `layer()` (synchronous) only for variables served by the twin, else
 *   an Error naming `layer()` and the product (real files are read asynchronously: use `await getLayer()`).
 * - `clearSky()` exists when `lst` comes from the twin or from MOD11A2 files (their `Clear_sky_days`, see
 *   `ProductSource.clearSky`); else it is listed in {@link limitations}.
 * - `getCube()`/`getSeries()` from the variable's source: synchronous for the twin's variables, a promise for
 *   the products' (`ProductSource.getCube`, each slot's files read once per call).
 * - `stationSeries()` from the station source (twin, or ISMN/station-CSV files); an Error naming the method when
 *   the study has none. `dates()` / `applicationDates()` from the study manifest.
 *
 * @example
 * const raw = new RoutedSource({ routes: { gldas_sm: products, lst: twin }, twin, coarseGrid, fineGrid, dates, applicationDates });
 * const l = await raw.getLayer({ variable: "gldas_sm", grid: coarseGrid, date: "2015-05-01" });
 * @throws RangeError naming `routes` when it is empty, TypeError naming a route that is not a LayerSource.
 */
/** A day's clear-sky fraction of each cell (the twin's, or MOD11A2's `Clear_sky_days`). */
export interface ClearSkyLayer { grid: LatLonGrid; date: string; values: Float32Array }

export class RoutedSource implements LayerSource {
  readonly name: string;
  readonly variables: readonly VariableName[];
  readonly coarseGrid: LatLonGrid;
  readonly fineGrid: LatLonGrid;
  readonly routes: Readonly<Partial<Record<VariableName, LayerSource>>>;
  /** What this source cannot do that the twin can, and why (print it in a notebook). */
  readonly limitations: readonly string[];
  /** Present only when `lst` is served by the twin or by MOD11A2 files (see the class notes). */
  readonly clearSky?: (grid: LatLonGrid, date: string) => ClearSkyLayer | Promise<ClearSkyLayer>;
  private readonly twin: TwinSource | null;
  private readonly stations: (() => StationRecord[]) | null;
  private readonly stationsFrom: string;
  private readonly allDates: readonly string[];
  private readonly appDates: readonly string[];
  private stationCache: StationRecord[] | null = null;

  constructor(options: RoutedSourceOptions) {
    const o = options ?? ({} as RoutedSourceOptions);
    const routes = o.routes ?? {};
    const entries = Object.entries(routes) as Array<[VariableName, LayerSource | undefined]>;
    if (!entries.length) throw new RangeError("RoutedSource: options.routes names no variable");
    for (const [v, s] of entries) if (!s || typeof s.getLayer !== "function") throw new TypeError(`RoutedSource: options.routes.${v} must be a LayerSource`);
    if (!o.coarseGrid || !o.fineGrid) throw new RangeError("RoutedSource: options.coarseGrid and options.fineGrid must be LatLonGrids");
    this.routes = routes;
    this.variables = entries.map(([v]) => v);
    this.coarseGrid = o.coarseGrid;
    this.fineGrid = o.fineGrid;
    this.twin = o.twin ?? null;
    this.stations = o.stations ?? null;
    this.stationsFrom = o.stationsFrom ?? "none";
    this.allDates = [...(o.dates ?? [])];
    this.appDates = [...(o.applicationDates ?? [])];
    const bySource = new Map<string, VariableName[]>();
    for (const [v, s] of entries) bySource.set((s as LayerSource).name, [...(bySource.get((s as LayerSource).name) ?? []), v]);
    this.name = `study[${Array.from(bySource, ([n, vs]) => `${vs.join("+")}: ${n}`).join("; ")}]`;
    const limitations: string[] = [];
    const twin = this.twin;
    const lstSource = routes.lst as (LayerSource & { clearSky?: (g: LatLonGrid, d: string) => ClearSkyLayer | Promise<ClearSkyLayer> }) | undefined;
    if (twin && routes.lst === twin) {
      this.clearSky = (grid, date) => twin.clearSky(grid, date);
    } else if (lstSource && typeof lstSource.clearSky === "function") {
      this.clearSky = (grid, date) => lstSource.clearSky!(grid, date);
    } else {
      limitations.push(`clearSky(): lst is served by ${routes.lst ? routes.lst.name : "no source"}, which has no clear-sky layer; the sampling keeps every day whose predictors are all valid`);
    }
    if (!this.stations) limitations.push("stationSeries(): the study manifest names no station source (sources.stations)");
    this.limitations = [...limitations, ...(o.notes ?? [])];
  }

  private route(variable: VariableName, method: string): LayerSource {
    const s = this.routes[variable];
    if (!s) throw new Error(`${this.name}: ${method}: no source serves '${String(variable)}' (served: ${this.variables.join(", ")}); set sources.${String(variable)} in the study manifest`);
    return s;
  }

  /** The layer from the source the study manifest names for `request.variable`. */
  getLayer(request: LayerRequest): Promise<Layer> {
    try {
      return this.route(request.variable, "getLayer()").getLayer(request);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * A run of days on `grid` ([day][cell]) from the variable's source: the twin's `getCube` (synchronous) or the
   * product source's (a promise); a source without one is read day by day through `getLayer` (then `start` and
   * `end` are required).
   * @throws Error naming `getCube()` and the variable when no source serves it; the source's errors.
   */
  getCube(request: RunRequest): MaybePromise<DayRun> {
    const s = this.route(request.variable, "getCube()") as Bulk;
    if (typeof s.getCube === "function") return s.getCube(request);
    return this.dayByDay(s, request, null);
  }

  /** As {@link getCube}, at `cells` ([day][point]), from the source's `getSeries`. */
  getSeries(request: RunRequest & { cells: ArrayLike<number> }): MaybePromise<DayRun> {
    const s = this.route(request.variable, "getSeries()") as Bulk;
    if (typeof s.getSeries === "function") return s.getSeries(request);
    return this.dayByDay(s, request, request.cells);
  }

  private async dayByDay(s: LayerSource, request: RunRequest, cells: ArrayLike<number> | null): Promise<DayRun> {
    const { start, end, variable, grid } = request;
    if (!start || !end) throw new RangeError(`${this.name}: ${cells ? "getSeries" : "getCube"}(): start and end are required for ${variable} (served by ${s.name}, read day by day)`);
    const dates: string[] = [];
    for (let t = Date.parse(`${start}T00:00:00Z`), e = Date.parse(`${end}T00:00:00Z`); t <= e; t += 86400000) dates.push(new Date(t).toISOString().slice(0, 10));
    const w = cells ? cells.length : grid.size;
    const values = new Float32Array(dates.length * w);
    for (let t = 0; t < dates.length; t++) {
      const l = (await s.getLayer({ variable, grid, date: dates[t] })).values;
      if (cells) for (let j = 0; j < w; j++) values[t * w + j] = l[cells[j]];
      else values.set(l, t * w);
    }
    return { dates, values };
  }

  /**
   * Synchronous layer, for variables served by the twin.
   * @throws Error naming `layer()` and the product when the variable comes from real files.
   */
  layer(request: LayerRequest): Layer {
    const s = this.route(request.variable, "layer()");
    if (this.twin && s === this.twin) return this.twin.layer(request);
    throw new Error(`layer(): ${request.variable} is served by ${s.name} from real files, which are read asynchronously; use \`await source.getLayer({ variable, grid, date })\` instead`);
  }

  /** Every day of the study period (ISO). */
  dates(): string[] { return [...this.allDates]; }

  /** The 1 km application days (ISO). */
  applicationDates(): string[] { return [...this.appDates]; }

  /**
   * The in-situ station records (read once, then kept).
   * @throws Error naming `stationSeries()` when the study names no station source; the station readers' errors.
   */
  stationSeries(): StationRecord[] {
    if (!this.stations) throw new Error(`stationSeries(): ${this.name} has no station source (sources.stations is ${this.stationsFrom}); set sources.stations to "twin" or "ismn" in the study manifest`);
    if (!this.stationCache) this.stationCache = this.stations();
    return this.stationCache;
  }
}
