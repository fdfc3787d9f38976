import type { LatLonGrid } from "../grid/latLonGrid";
import type { CellStrata } from "./classifyStrata";
import { StratumFactor, StratumSpec, TABLE_A2 } from "./tableA2";

/** One row of the allocation table: a stratum, its share of the domain and of the points, and the paper's. */
export interface AllocationRow {
  factor: StratumFactor;
  /** Level code (−1: the "other / unclassified" soil level). */
  code: number;
  name: string;
  /** Domain cells in the stratum. */
  cells: number;
  /** Share of the domain's area, % (cos-latitude weighted when a grid is given, else cell counts). */
  areaPct: number;
  /** Points falling in the stratum. */
  points: number;
  /** Share of the points, %. */
  pointsPct: number;
  /** Paper's area share, % (NaN for the "other" soil level). */
  paperAreaPct: number;
  /** Paper's points share, % (the remainder 8.48 % for the "other" soil level). */
  paperPointsPct: number;
}

/** Options of {@link allocationTable}. */
export interface AllocationTableOptions {
  /** When given (and of `strata.cells` cells), area shares weight each cell by cos(latitude). */
  grid?: LatLonGrid;
  /** Stratum definitions (default: the paper's Table A2). */
  table?: Readonly<Record<StratumFactor, readonly StratumSpec[]>>;
}

const FACTORS: readonly StratumFactor[] = ["dem", "landcover", "soil"];

/**
 * The allocation table of a point set: for each stratum of DEM, land cover and soil, the domain
 * cells and area share, the points and points share achieved, next to the paper's Table A2 shares.
 * Area shares are over the cells where the factor is defined (soil: all cells, the "other" level included);
 * point shares are over all points.
 *
 * @param points grid-cell indices of the sample points
 * @param strata per-cell strata from {@link classifyStrata}
 * @param options `grid` (area weights), `table` (default Table A2)
 * @throws RangeError when a point index is outside the grid or the grid size differs from the strata
 * @example
 * const s = classifyStrata({ landcover: [12, 12, 16, 17], dem: [50, 60, 1500, -5] }, {});
 * const rows = allocationTable([0, 2], s, {});
 * rows.find((r) => r.factor === "landcover" && r.name === "Cropland")!.pointsPct; // 50
 */
export function allocationTable(points: ArrayLike<number>, strata: CellStrata, options: AllocationTableOptions = {}): AllocationRow[] {
  const table = options.table ?? TABLE_A2;
  const grid = options.grid;
  if (grid && grid.size !== strata.cells) throw new RangeError(`allocationTable: grid has ${grid.size} cells but strata has ${strata.cells}`);
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (!Number.isInteger(p) || p < 0 || p >= strata.cells) throw new RangeError(`allocationTable: points[${i}] = ${p} is not a cell index of a ${strata.cells}-cell grid`);
  }
  const weight = new Float64Array(strata.cells).fill(1);
  if (grid) {
    for (let r = 0; r < grid.height; r++) {
      const w = Math.cos((grid.latOf(r) * Math.PI) / 180);
      weight.fill(w, r * grid.width, (r + 1) * grid.width);
    }
  }
  const rows: AllocationRow[] = [];
  for (const factor of FACTORS) {
    const lv = strata[factor];
    const specs = table[factor];
    const levels: { code: number; name: string; paperAreaPct: number; paperPointsPct: number }[] =
      specs.map((s) => ({ code: s.code, name: s.name, paperAreaPct: s.areaPct, paperPointsPct: s.pointsPct }));
    if (factor === "soil") {
      const sum = specs.reduce((a, s) => a + s.pointsPct, 0);
      levels.push({ code: -1, name: "Other / unclassified soil", paperAreaPct: NaN, paperPointsPct: Math.max(0, Math.round((100 - sum) * 100) / 100) });
    }
    const cellCount = new Map<number, number>();
    const area = new Map<number, number>();
    const pts = new Map<number, number>();
    let totalArea = 0;
    for (let i = 0; i < strata.cells; i++) {
      const c = lv[i];
      if (c < 0 && factor !== "soil") continue;
      cellCount.set(c, (cellCount.get(c) ?? 0) + 1);
      area.set(c, (area.get(c) ?? 0) + weight[i]);
      totalArea += weight[i];
    }
    for (let i = 0; i < points.length; i++) {
      const c = lv[points[i]];
      pts.set(c, (pts.get(c) ?? 0) + 1);
    }
    for (const l of levels) {
      const np = pts.get(l.code) ?? 0;
      rows.push({
        factor, code: l.code, name: l.name, cells: cellCount.get(l.code) ?? 0,
        areaPct: totalArea > 0 ? (100 * (area.get(l.code) ?? 0)) / totalArea : NaN,
        points: np, pointsPct: points.length > 0 ? (100 * np) / points.length : NaN,
        paperAreaPct: l.paperAreaPct, paperPointsPct: l.paperPointsPct,
      });
    }
  }
  return rows;
}
