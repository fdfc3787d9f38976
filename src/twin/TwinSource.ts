import { LatLonGrid } from "../grid/latLonGrid";
import type { Layer, LayerRequest, LayerSource, VariableName } from "../sources/layerSource";
import { dayNumber, isoDate } from "./twinConfig";
import { CLEAR_SCALE } from "./generateTwin";
import type { TwinStore } from "./twinStore";
import type { Station } from "./stations";

/** Units of each variable as the twin serves it (the real readers' units after conversion). */
export const TWIN_UNITS: Readonly<Record<VariableName, string>> = {
  gldas_sm: "m3 m-3", amsr2_sm: "fraction (% / 100)", ascat_sm: "fraction of saturation (% / 100)", lst: "K", ndvi: "1",
  landcover: "IGBP code (MCD12Q1 C6 LC_Type1, 1-17, water 17)", dem: "m", soil: "soil class (Table A2 order, 1-16)",
  precip: "mm day-1", truth_sm: "m3 m-3",
};

const ALL_VARIABLES: readonly VariableName[] = ["gldas_sm", "amsr2_sm", "ascat_sm", "lst", "ndvi", "landcover", "dem", "soil", "precip", "truth_sm"];
const STATIC: readonly VariableName[] = ["landcover", "dem", "soil"];

/** A station's series as served: dates, 10 cm soil moisture (m³ m⁻³) and precipitation (mm/day). */
export interface StationRecord {
  station: Station;
  /** Index of the station's pixel in the 1 km grid. */
  fineIndex: number;
  /** Saturation (porosity) of the probe's own soil, m³ m⁻³: the series' physical ceiling (twin stations only). */
  porosity?: number;
  dates: string[];
  sm: Float32Array;
  precip: Float32Array;
}

/** Options of {@link TwinSource.getSeries} and {@link TwinSource.getCube}. */
export interface TwinSeriesRequest {
  variable: VariableName;
  grid: LatLonGrid;
  /** First and last ISO date (inclusive). Default: the whole period (coarse) or the kept window days (1 km truth). */
  start?: string;
  end?: string;
}

type Kind = "coarse" | "fine";

/**
 * The synthetic twin as a {@link LayerSource}: `getLayer({variable, grid, date})` answers on the twin's
 * 0.25° grid (`coarseGrid`) or its 1 km window grid (`fineGrid`).
 *
 * On the 0.25° grid every variable exists for every day of the period (LST/NDVI: the 8-/16-day composite
 * whose period contains the day; outside the window these are what a 1 km → 0.25° mean gives). On the
 * 1 km grid: dem, landcover, soil always; truth_sm for the kept window days; lst/ndvi for the composites
 * overlapping them; gldas_sm, amsr2_sm, ascat_sm and precip as the 0.25° value of the cell containing
 * each pixel (nearest-neighbour resampling, no new information) for any day of the period.
 * NaN marks sea (soil moisture, LST, NDVI, soil class), clouds (LST/NDVI composites with no clear day),
 * orbit gaps and frozen or snow-covered soil (AMSR2/ASCAT). Over sea, DEM is 0 and land cover 17.
 *
 * @example
 * const twin = openTwin(twinConfig("tiny"));
 * const layer = await twin.getLayer({ variable: "gldas_sm", grid: twin.coarseGrid, date: "2015-05-01" });
 */
export class TwinSource implements LayerSource {
  readonly name: string;
  readonly variables: readonly VariableName[] = ALL_VARIABLES;
  readonly coarseGrid: LatLonGrid;
  readonly fineGrid: LatLonGrid;
  readonly store: TwinStore;
  private readonly coarseSlot: Int32Array;
  private readonly fineSlot: Int32Array;
  private readonly fineToCoarse: Int32Array;

  constructor(store: TwinStore) {
    this.store = store;
    const cfg = store.meta.config;
    this.name = `twin:${cfg.name}:${cfg.seed}`;
    this.coarseGrid = new LatLonGrid(cfg.coarse);
    this.fineGrid = new LatLonGrid(cfg.window.fine);
    this.coarseSlot = new Int32Array(this.coarseGrid.size).fill(-1);
    store.int("coarseLandCells").forEach((ci, k) => { this.coarseSlot[ci] = k; });
    this.fineSlot = new Int32Array(this.fineGrid.size).fill(-1);
    store.int("fineLandCells").forEach((i, k) => { this.fineSlot[i] = k; });
    const c = this.coarseGrid, f = this.fineGrid;
    const ratio = Math.round(c.cellSize / f.cellSize);
    const colOff = Math.round((f.west - c.west) / c.cellSize), rowOff = Math.round((c.north - f.north) / c.cellSize);
    this.fineToCoarse = new Int32Array(f.size);
    for (let r = 0; r < f.height; r++) for (let col = 0; col < f.width; col++) {
      this.fineToCoarse[r * f.width + col] = (rowOff + Math.floor(r / ratio)) * c.width + colOff + Math.floor(col / ratio);
    }
  }

  /** Every date of the simulated period (ISO). */
  dates(): string[] {
    const m = this.store.meta;
    return Array.from({ length: m.nDays }, (_, t) => isoDate(m.day0 + t));
  }

  /** The dates whose 1 km layers are kept (the application days, ISO). */
  applicationDates(): string[] {
    const m = this.store.meta;
    return Array.from({ length: m.nKeep }, (_, t) => isoDate(m.keep0 + t));
  }

  /** The declared GLDAS-like error model: |bias| ≤ maxAbsBias, AR(1) noise sd and lag-1 correlation (m³ m⁻³). */
  get gldasError(): { maxAbsBias: number; noiseSd: number; noiseRho: number; noiseScale: number } { return this.store.meta.gldasError; }

  /** Asynchronous {@link layer} (the LayerSource interface). */
  getLayer(request: LayerRequest): Promise<Layer> {
    try {
      return Promise.resolve(this.layer(request));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * The layer of `variable` on `grid` for `date` (ignored for static variables).
   * @throws Error naming the variable, grid or date when the twin cannot serve it.
   */
  layer(request: LayerRequest): Layer {
    const { variable, grid } = request;
    const kind = this.kindOf(grid, variable);
    const isStatic = STATIC.includes(variable);
    const day = isStatic ? -1 : this.checkDate(variable, kind, request.date);
    const g = kind === "coarse" ? this.coarseGrid : this.fineGrid;
    const values = new Float32Array(g.size);
    this.fill(variable, kind, day, null, values, 0);
    let nan = 0, sea = 0;
    const slot = kind === "coarse" ? this.coarseSlot : this.fineSlot;
    for (let i = 0; i < values.length; i++) {
      if (slot[i] < 0) sea++;
      if (Number.isNaN(values[i])) nan++;
    }
    const landNan = variable === "landcover" || variable === "dem" ? 0 : Math.max(0, nan - sea);
    return {
      variable, date: isStatic ? null : isoDate(day), grid: g, values, units: TWIN_UNITS[variable],
      counts: { cells: values.length, valid: values.length - nan, missing: nan, seaOrLake: sea, landMissing: landNan },
      provenance: `${this.name}${kind === "fine" && ["gldas_sm", "amsr2_sm", "ascat_sm", "precip"].includes(variable) ? " (0.25° value, nearest neighbour)" : ""}`,
    };
  }

  /**
   * Values of a variable at chosen cells for a run of days: Float32Array [day][point]
   * (`values[t * cells.length + j]`). Static variables repeat the same value every day.
   * @throws Error naming the variable, grid, date or cell index when out of range.
   */
  getSeries(request: TwinSeriesRequest & { cells: ArrayLike<number> }): { dates: string[]; values: Float32Array } {
    const kind = this.kindOf(request.grid, request.variable);
    const g = kind === "coarse" ? this.coarseGrid : this.fineGrid;
    for (let j = 0; j < request.cells.length; j++) {
      const c = request.cells[j];
      if (!Number.isInteger(c) || c < 0 || c >= g.size) throw new RangeError(`getSeries: cells[${j}] = ${c} is not a cell index of the ${kind} grid (0…${g.size - 1})`);
    }
    const days = this.dayRange(request, kind);
    const n = request.cells.length;
    const values = new Float32Array(days.length * n);
    days.forEach((d, t) => this.fill(request.variable, kind, STATIC.includes(request.variable) ? -1 : d, request.cells, values, t * n));
    return { dates: days.map(isoDate), values };
  }

  /** Whole-grid values for a run of days: Float32Array [day][cell]. */
  getCube(request: TwinSeriesRequest): { dates: string[]; values: Float32Array } {
    const kind = this.kindOf(request.grid, request.variable);
    const g = kind === "coarse" ? this.coarseGrid : this.fineGrid;
    const days = this.dayRange(request, kind);
    const values = new Float32Array(days.length * g.size);
    days.forEach((d, t) => this.fill(request.variable, kind, STATIC.includes(request.variable) ? -1 : d, null, values, t * g.size));
    return { dates: days.map(isoDate), values };
  }

  /**
   * Daily clear-sky fraction (what MOD11A2's Clear_sky_days flags give): on the 1 km grid 1 clear / 0
   * cloudy for the kept days; on the 0.25° grid the clear fraction of the cell's land (window cells: of
   * their 1 km pixels; elsewhere 0 or 1). NaN over sea.
   * @throws Error naming the grid or date when out of range.
   */
  clearSky(grid: LatLonGrid, date: string): { grid: LatLonGrid; date: string; values: Float32Array } {
    const kind = this.kindOf(grid, "truth_sm");
    const m = this.store.meta;
    const d = dayNumber(date);
    const values = new Float32Array(kind === "coarse" ? this.coarseGrid.size : this.fineGrid.size).fill(NaN);
    if (kind === "coarse") {
      if (d < m.day0 || d >= m.day0 + m.nDays) throw new Error(`clearSky: date ${date} is outside the twin's period ${isoDate(m.day0)}…${isoDate(m.day0 + m.nDays - 1)}`);
      const L = m.nCoarseLand, clear = this.store.byte("clear"), cells = this.store.int("coarseLandCells"), base = (d - m.day0) * L;
      for (let k = 0; k < L; k++) values[cells[k]] = clear[base + k] / CLEAR_SCALE;
    } else {
      if (d < m.keep0 || d >= m.keep0 + m.nKeep) throw new Error(`clearSky: date ${date} is outside the twin's 1 km days ${isoDate(m.keep0)}…${isoDate(m.keep0 + m.nKeep - 1)}`);
      const F = m.nFineLand, clear = this.store.byte("fineClear"), cells = this.store.int("fineLandCells"), base = (d - m.keep0) * F;
      for (let k = 0; k < F; k++) values[cells[k]] = clear[base + k] / CLEAR_SCALE;
    }
    return { grid: kind === "coarse" ? this.coarseGrid : this.fineGrid, date, values };
  }

  /** The 14 stations' daily series over the whole period (stations whose pixel is land). */
  stationSeries(): StationRecord[] {
    const m = this.store.meta;
    const sm = this.store.float("stationSm"), pr = this.store.float("stationPrecip");
    const dates = this.dates();
    return m.stations.map((s, j) => ({
      station: s.station, fineIndex: s.fineIndex, porosity: s.porosity, dates,
      sm: sm.slice(j * m.nDays, (j + 1) * m.nDays), precip: pr.slice(j * m.nDays, (j + 1) * m.nDays),
    }));
  }

  private kindOf(grid: LatLonGrid, variable: VariableName): Kind {
    if (!ALL_VARIABLES.includes(variable)) throw new Error(`${this.name}: unknown variable '${String(variable)}' (known: ${ALL_VARIABLES.join(", ")})`);
    if (!grid || typeof (grid as LatLonGrid).equals !== "function") throw new TypeError(`${this.name}: grid must be a LatLonGrid`);
    if (this.coarseGrid.equals(grid)) return "coarse";
    if (this.fineGrid.equals(grid)) return "fine";
    throw new Error(`${this.name}: grid ${grid.key()} is neither the twin's 0.25° grid ${this.coarseGrid.key()} nor its 1 km grid ${this.fineGrid.key()}`);
  }

  private checkDate(variable: VariableName, kind: Kind, date: string): number {
    const m = this.store.meta;
    const d = dayNumber(date);
    if (d < m.day0 || d >= m.day0 + m.nDays) throw new Error(`${this.name}: date ${date} for ${variable} is outside the period ${isoDate(m.day0)}…${isoDate(m.day0 + m.nDays - 1)}`);
    if (kind === "fine") {
      if (variable === "truth_sm" && (d < m.keep0 || d >= m.keep0 + m.nKeep)) {
        throw new Error(`${this.name}: date ${date} for truth_sm on the 1 km grid is outside the kept days ${isoDate(m.keep0)}…${isoDate(m.keep0 + m.nKeep - 1)}`);
      }
      if (variable === "lst" || variable === "ndvi") {
        const periods = variable === "lst" ? m.lstPeriods : m.ndviPeriods;
        const kept = this.store.int(variable === "lst" ? "fineLstPeriodIndex" : "fineNdviPeriodIndex");
        const p = periods.findIndex((q) => d >= q.start && d <= q.end);
        if (!kept.includes(p)) throw new Error(`${this.name}: date ${date} for ${variable} on the 1 km grid is in no kept composite (kept: ${Array.from(kept).map((i) => periods[i].label).join(", ")})`);
      }
    }
    return d;
  }

  private dayRange(request: TwinSeriesRequest, kind: Kind): number[] {
    const m = this.store.meta;
    const fineDaily = kind === "fine" && request.variable === "truth_sm";
    const d0 = request.start !== undefined ? dayNumber(request.start) : fineDaily ? m.keep0 : m.day0;
    const d1 = request.end !== undefined ? dayNumber(request.end) : fineDaily ? m.keep0 + m.nKeep - 1 : m.day0 + m.nDays - 1;
    if (d1 < d0) throw new RangeError(`${this.name}: end ${isoDate(d1)} is before start ${isoDate(d0)}`);
    const out: number[] = [];
    for (let d = d0; d <= d1; d++) out.push(d);
    if (!STATIC.includes(request.variable)) { this.checkDate(request.variable, kind, isoDate(d0)); this.checkDate(request.variable, kind, isoDate(d1)); }
    return out;
  }

  /** Writes the values of `variable` on day `d` for `cells` (or every cell) into out[offset…]. */
  private fill(variable: VariableName, kind: Kind, d: number, cells: ArrayLike<number> | null, out: Float32Array, offset: number): void {
    const m = this.store.meta, st = this.store;
    const n = cells ? cells.length : kind === "coarse" ? this.coarseGrid.size : this.fineGrid.size;
    const cellAt = (j: number) => (cells ? cells[j] : j);
    // static layers
    if (variable === "dem" || variable === "landcover" || variable === "soil") {
      const arr = st.float(kind === "coarse"
        ? (variable === "dem" ? "coarseDem" : variable === "landcover" ? "coarseLandCover" : "coarseSoil")
        : (variable === "dem" ? "fineDem" : variable === "landcover" ? "fineLandCover" : "fineSoil"));
      for (let j = 0; j < n; j++) out[offset + j] = arr[cellAt(j)];
      return;
    }
    const L = m.nCoarseLand, F = m.nFineLand;
    // the 0.25° series (served on the 1 km grid by the containing cell)
    const coarseDaily = variable === "gldas_sm" || variable === "amsr2_sm" || variable === "ascat_sm" || variable === "precip" || (variable === "truth_sm" && kind === "coarse");
    if (coarseDaily) {
      const arr = st.float(variable === "gldas_sm" ? "gldas" : variable === "amsr2_sm" ? "amsr2" : variable === "ascat_sm" ? "ascat" : variable === "precip" ? "precip" : "truth");
      const base = (d - m.day0) * L;
      for (let j = 0; j < n; j++) {
        const ci = kind === "coarse" ? cellAt(j) : this.fineToCoarse[cellAt(j)];
        const k = this.coarseSlot[ci];
        out[offset + j] = k < 0 ? NaN : arr[base + k];
      }
      return;
    }
    if (variable === "truth_sm") {
      const arr = st.float("fineTruth"), base = (d - m.keep0) * F;
      for (let j = 0; j < n; j++) { const k = this.fineSlot[cellAt(j)]; out[offset + j] = k < 0 ? NaN : arr[base + k]; }
      return;
    }
    // composites
    const periods = variable === "lst" ? m.lstPeriods : m.ndviPeriods;
    const p = periods.findIndex((q) => d >= q.start && d <= q.end);
    if (kind === "coarse") {
      const arr = st.float(variable === "lst" ? "lst" : "ndvi"), base = p * L;
      for (let j = 0; j < n; j++) { const k = this.coarseSlot[cellAt(j)]; out[offset + j] = k < 0 ? NaN : arr[base + k]; }
    } else {
      const kept = st.int(variable === "lst" ? "fineLstPeriodIndex" : "fineNdviPeriodIndex");
      const fj = kept.indexOf(p);
      const arr = st.float(variable === "lst" ? "fineLst" : "fineNdvi"), base = fj * F;
      for (let j = 0; j < n; j++) { const k = this.fineSlot[cellAt(j)]; out[offset + j] = k < 0 ? NaN : arr[base + k]; }
    }
  }
}
