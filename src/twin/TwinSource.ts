import { LatLonGrid } from "../grid/latLonGrid";
import type { Layer, LayerRequest, LayerSource, VariableName } from "../sources/layerSource";
import { dayNumber, isoDate } from "./twinConfig";
import { CLEAR_SCALE } from "./generateTwin";
import type { TwinStore } from "./twinStore";
import type { TileData } from "./tileFile";
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

/** Where a request's grid lies: the 0.25° grid, or a block of the 1 km region (its first row and column). */
type Where = { kind: "coarse" } | { kind: "fine"; row0: number; col0: number; grid: LatLonGrid };
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

  constructor(store: TwinStore) {
    this.store = store;
    const cfg = store.meta.config;
    this.name = `twin:${cfg.name}:${cfg.seed}`;
    this.coarseGrid = new LatLonGrid(cfg.coarse);
    this.fineGrid = new LatLonGrid(cfg.window.fine);
    this.coarseSlot = new Int32Array(this.coarseGrid.size).fill(-1);
    store.int("coarseLandCells").forEach((ci, k) => { this.coarseSlot[ci] = k; });
  }

  /** The 0.25° grid index of the cell holding 1 km pixel (row, col) of the region. */
  private coarseOfFine(row: number, col: number): number {
    const c = this.coarseGrid, f = this.fineGrid;
    const ratio = Math.round(c.cellSize / f.cellSize);
    const colOff = Math.round((f.west - c.west) / c.cellSize), rowOff = Math.round((c.north - f.north) / c.cellSize);
    return (rowOff + Math.floor(row / ratio)) * c.width + colOff + Math.floor(col / ratio);
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
   * The layer of `variable` on `grid` for `date` (ignored for static variables). `grid` is the 0.25° grid, the
   * 1 km region, or any block of the region (same cell size, edges on its pixel edges, inside it): 1 km
   * layers are read from the tiles that block overlaps.
   * @throws Error naming the variable, grid or date when the twin cannot serve it.
   */
  layer(request: LayerRequest): Layer {
    const { variable, grid } = request;
    const where = this.whereOf(grid, variable);
    const isStatic = STATIC.includes(variable);
    const day = isStatic ? -1 : this.checkDate(variable, where.kind, request.date);
    const g = where.kind === "coarse" ? this.coarseGrid : where.grid;
    const values = new Float32Array(g.size);
    let sea = 0;
    if (where.kind === "coarse") {
      this.fillCoarse(variable, day, null, values, 0);
      for (let i = 0; i < values.length; i++) if (this.coarseSlot[i] < 0) sea++;
    } else {
      const cells = blockCells(this.fineGrid, where.row0, where.col0, g.width, g.height);
      sea = this.fillFine(variable, day, cells, values, 0);
    }
    let nan = 0;
    for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) nan++;
    const landNan = variable === "landcover" || variable === "dem" ? 0 : Math.max(0, nan - sea);
    return {
      variable, date: isStatic ? null : isoDate(day), grid: g, values, units: TWIN_UNITS[variable],
      counts: { cells: values.length, valid: values.length - nan, missing: nan, seaOrLake: sea, landMissing: landNan },
      provenance: `${this.name}${where.kind === "fine" && COARSE_ON_FINE.includes(variable) ? " (0.25° value, nearest neighbour)" : ""}`,
    };
  }

  /**
   * Values of a variable at chosen cells for a run of days: Float32Array [day][point]
   * (`values[t * cells.length + j]`). Static variables repeat the same value every day. On the 1 km grid
   * the cells are indices of the whole region (`fineGrid`).
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
    const cells = Int32Array.from(request.cells);
    days.forEach((d, t) => {
      const day = STATIC.includes(request.variable) ? -1 : d;
      if (kind === "coarse") this.fillCoarse(request.variable, day, cells, values, t * n);
      else this.fillFine(request.variable, day, cells, values, t * n);
    });
    return { dates: days.map(isoDate), values };
  }

  /** Whole-grid values for a run of days: Float32Array [day][cell]. */
  getCube(request: TwinSeriesRequest): { dates: string[]; values: Float32Array } {
    const kind = this.kindOf(request.grid, request.variable);
    const g = kind === "coarse" ? this.coarseGrid : this.fineGrid;
    const days = this.dayRange(request, kind);
    const values = new Float32Array(days.length * g.size);
    const cells = kind === "fine" ? blockCells(g, 0, 0, g.width, g.height) : null;
    days.forEach((d, t) => {
      const day = STATIC.includes(request.variable) ? -1 : d;
      if (kind === "coarse") this.fillCoarse(request.variable, day, null, values, t * g.size);
      else this.fillFine(request.variable, day, cells!, values, t * g.size);
    });
    return { dates: days.map(isoDate), values };
  }

  /**
   * Daily clear-sky fraction (what MOD11A2's Clear_sky_days flags give): on the 1 km grid (or a block of it)
   * 1 clear / 0 cloudy for the kept days; on the 0.25° grid the clear fraction of the cell's land (cells the
   * 1 km region covers: the mean of their 1 km mask; elsewhere of the mask realised at 8 × 8 places). NaN over sea.
   * @throws Error naming the grid or date when out of range.
   */
  clearSky(grid: LatLonGrid, date: string): { grid: LatLonGrid; date: string; values: Float32Array } {
    const where = this.whereOf(grid, "truth_sm");
    const m = this.store.meta;
    const d = dayNumber(date);
    if (where.kind === "coarse") {
      const values = new Float32Array(this.coarseGrid.size).fill(NaN);
      if (d < m.day0 || d >= m.day0 + m.nDays) throw new Error(`clearSky: date ${date} is outside the twin's period ${isoDate(m.day0)}…${isoDate(m.day0 + m.nDays - 1)}`);
      const L = m.nCoarseLand, clear = this.store.byte("clear"), cells = this.store.int("coarseLandCells"), base = (d - m.day0) * L;
      for (let k = 0; k < L; k++) values[cells[k]] = clear[base + k] / CLEAR_SCALE;
      return { grid: this.coarseGrid, date, values };
    }
    if (d < m.keep0 || d >= m.keep0 + m.nKeep) throw new Error(`clearSky: date ${date} is outside the twin's 1 km days ${isoDate(m.keep0)}…${isoDate(m.keep0 + m.nKeep - 1)}`);
    const g = where.grid;
    const values = new Float32Array(g.size);
    this.readFine(blockCells(this.fineGrid, where.row0, where.col0, g.width, g.height), values, 0, (t) => t.clear(d - m.keep0), true);
    for (let i = 0; i < values.length; i++) values[i] /= CLEAR_SCALE;
    return { grid: g, date, values };
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
    const w = this.whereOf(grid, variable);
    if (w.kind === "fine" && !w.grid.equals(this.fineGrid)) throw new Error(`${this.name}: series and cubes are served on the 0.25° grid or the whole 1 km grid ${this.fineGrid.key()}, not on ${grid.key()}`);
    return w.kind;
  }

  private whereOf(grid: LatLonGrid, variable: VariableName): Where {
    if (!ALL_VARIABLES.includes(variable)) throw new Error(`${this.name}: unknown variable '${String(variable)}' (known: ${ALL_VARIABLES.join(", ")})`);
    if (!grid || typeof (grid as LatLonGrid).equals !== "function") throw new TypeError(`${this.name}: grid must be a LatLonGrid`);
    if (this.coarseGrid.equals(grid)) return { kind: "coarse" };
    const f = this.fineGrid;
    if (this.fineGrid.equals(grid)) return { kind: "fine", row0: 0, col0: 0, grid: f };
    const c = f.cellSize;
    const col0 = Math.round((grid.west - f.west) / c), row0 = Math.round((f.north - grid.north) / c);
    const aligned = Math.abs(grid.cellSize - c) <= 1e-9 * c && Math.abs((grid.west - f.west) / c - col0) < 1e-6 && Math.abs((f.north - grid.north) / c - row0) < 1e-6;
    if (aligned && col0 >= 0 && row0 >= 0 && col0 + grid.width <= f.width && row0 + grid.height <= f.height) return { kind: "fine", row0, col0, grid };
    throw new Error(`${this.name}: grid ${grid.key()} is neither the twin's 0.25° grid ${this.coarseGrid.key()} nor a block of its 1 km grid ${f.key()}`);
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

  /** Writes the 0.25° values of `variable` on day `d` for `cells` (or every cell) into out[offset…]. */
  private fillCoarse(variable: VariableName, d: number, cells: ArrayLike<number> | null, out: Float32Array, offset: number): void {
    const m = this.store.meta, st = this.store;
    const n = cells ? cells.length : this.coarseGrid.size;
    const cellAt = (j: number) => (cells ? cells[j] : j);
    if (variable === "dem" || variable === "landcover" || variable === "soil") {
      const arr = st.float(variable === "dem" ? "coarseDem" : variable === "landcover" ? "coarseLandCover" : "coarseSoil");
      for (let j = 0; j < n; j++) out[offset + j] = arr[cellAt(j)];
      return;
    }
    const L = m.nCoarseLand;
    let arr: Float32Array, base: number;
    if (variable === "lst" || variable === "ndvi") {
      const periods = variable === "lst" ? m.lstPeriods : m.ndviPeriods;
      arr = st.float(variable); base = periods.findIndex((q) => d >= q.start && d <= q.end) * L;
    } else {
      arr = st.float(COARSE_ARRAY[variable]!); base = (d - m.day0) * L;
    }
    for (let j = 0; j < n; j++) { const k = this.coarseSlot[cellAt(j)]; out[offset + j] = k < 0 ? NaN : arr[base + k]; }
  }

  /**
   * Writes the 1 km values of `variable` on day `d` at fine-region pixels `cells` into out[offset…]; returns
   * how many of them are not land (sea or lake).
   */
  private fillFine(variable: VariableName, d: number, cells: Int32Array, out: Float32Array, offset: number): number {
    const m = this.store.meta;
    if (COARSE_ON_FINE.includes(variable)) {
      // the 0.25° value of the cell holding each pixel (nearest neighbour)
      const arr = this.store.float(COARSE_ARRAY[variable]!), base = (d - m.day0) * m.nCoarseLand, W = this.fineGrid.width;
      for (let j = 0; j < cells.length; j++) {
        const k = this.coarseSlot[this.coarseOfFine(Math.floor(cells[j] / W), cells[j] % W)];
        out[offset + j] = k < 0 ? NaN : arr[base + k];
      }
      return this.readFine(cells, new Float32Array(cells.length), 0, null, true);
    }
    if (variable === "dem" || variable === "landcover" || variable === "soil") {
      const pick = variable === "dem" ? "dem" : variable === "landcover" ? "landCover" : "soil";
      return this.readFine(cells, out, offset, (t) => t[pick], false);
    }
    if (variable === "truth_sm") return this.readFine(cells, out, offset, (t) => t.truth(d - m.keep0), true);
    const periods = variable === "lst" ? m.lstPeriods : m.ndviPeriods;
    const p = periods.findIndex((q) => d >= q.start && d <= q.end);
    const j = Array.from(this.store.int(variable === "lst" ? "fineLstPeriodIndex" : "fineNdviPeriodIndex")).indexOf(p);
    return this.readFine(cells, out, offset, (t) => (variable === "lst" ? t.lst(j) : t.ndvi(j)), true);
  }

  /**
   * Reads per-pixel values from the tiles: `get(tile)` gives an array over the tile's land pixels
   * (`overLand`) or over all its pixels; pixels that are not land get NaN when `overLand`. Returns the
   * number of pixels that are not land.
   */
  private readFine(cells: Int32Array, out: Float32Array, offset: number, get: ((t: TileData) => ArrayLike<number>) | null, overLand: boolean): number {
    const f = this.fineGrid, T = this.store.meta.tile;
    const cols = Math.ceil(f.width / T);
    const arrays = new Map<number, { tile: TileData; values: ArrayLike<number> | null }>();
    let sea = 0;
    for (let j = 0; j < cells.length; j++) {
      const r = Math.floor(cells[j] / f.width), c = cells[j] % f.width;
      const tr = Math.floor(r / T), tc = Math.floor(c / T), ti = tr * cols + tc;
      let hit = arrays.get(ti);
      if (!hit) {
        const tile = this.store.tileData(tr, tc);
        hit = { tile, values: get ? get(tile) : null };
        arrays.set(ti, hit);
      }
      const local = (r - tr * T) * hit.tile.width + (c - tc * T);
      const k = hit.tile.slot[local];
      if (k < 0) sea++;
      if (!hit.values) continue;
      out[offset + j] = overLand ? (k < 0 ? NaN : hit.values[k]) : hit.values[local];
    }
    return sea;
  }
}

/** Variables served on the 1 km grid as the 0.25° value of the containing cell. */
const COARSE_ON_FINE: readonly VariableName[] = ["gldas_sm", "amsr2_sm", "ascat_sm", "precip"];
const COARSE_ARRAY: Partial<Record<VariableName, "gldas" | "amsr2" | "ascat" | "precip" | "truth">> = { gldas_sm: "gldas", amsr2_sm: "amsr2", ascat_sm: "ascat", precip: "precip", truth_sm: "truth" };

/** Region pixel indices of a block (row-major). */
function blockCells(fine: LatLonGrid, row0: number, col0: number, width: number, height: number): Int32Array {
  const out = new Int32Array(width * height);
  for (let r = 0; r < height; r++) for (let c = 0; c < width; c++) out[r * width + c] = (row0 + r) * fine.width + col0 + c;
  return out;
}
