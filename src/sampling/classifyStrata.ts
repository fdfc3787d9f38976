import { aggregateLandCover } from "../grid/aggregateLandCover";
import { demClass } from "./tableA2";

/** Per-cell inputs of the stratification, one value per grid cell (row-major, `grid.size` values). */
export interface StrataInput {
  /** Land cover: IGBP `LC_Type1` codes 1–17 (default) or already-aggregated Table A2 codes 0–9. NaN = none. */
  landcover: ArrayLike<number>;
  /** Elevation, m. NaN = none. */
  dem: ArrayLike<number>;
  /** Soil class, Table A2 codes 1–16; other codes or NaN form the "other / unclassified" soil level. Optional. */
  soil?: ArrayLike<number>;
  /** Optional mask: a cell may be sampled only where this is truthy (e.g. cells where the predictors exist). */
  eligible?: ArrayLike<number | boolean>;
}

/** Options of {@link classifyStrata}. */
export interface ClassifyStrataOptions {
  /** How `landcover` is coded: `"igbp"` (MCD12Q1 C6 LC_Type1, the LayerSource convention; default) or `"paper"` (0–9). */
  landCoverCodes?: "igbp" | "paper";
}

/** Stratum of every cell. Level −1 means "no value" (land cover, DEM) or "other soil" (soil). */
export interface CellStrata {
  cells: number;
  /** Aggregated land-cover class 0–9, or −1. */
  landcover: Int8Array;
  /** DEM class 0–6, or −1. */
  dem: Int8Array;
  /** Soil class 1–16, or −1 (other / unclassified / no soil layer). */
  soil: Int8Array;
  /** 1 where the cell may be sampled: land cover and DEM known and the optional mask truthy. */
  eligible: Uint8Array;
  counts: {
    cells: number;
    eligible: number;
    /** Cells without a (known) land-cover class. */
    noLandCover: number;
    /** Cells without elevation. */
    noDem: number;
    /** Cells whose soil code is missing or not in Table A2. */
    otherSoil: number;
    /** Cells below −151 m or at/above 7601 m, put in the first/last DEM class. */
    demClamped: number;
    /** Cells excluded only by the `eligible` mask. */
    excludedByMask: number;
  };
}

/**
 * Puts every grid cell into its land-cover, DEM and soil stratum (Table A2 classes).
 *
 * @param input per-cell land cover, DEM, optional soil and optional eligibility mask (equal lengths)
 * @param options `landCoverCodes` ("igbp" default, or "paper")
 * @throws RangeError when the arrays differ in length or `landCoverCodes` is unknown
 * @example
 * const s = classifyStrata({ landcover: [12, 17, 16], dem: [50, -5, 1500], soil: [7, 1, 3] }, {});
 * Array.from(s.landcover); // [6, 0, 9]
 * Array.from(s.dem);       // [2, 0, 6]
 */
export function classifyStrata(input: StrataInput, options: ClassifyStrataOptions = {}): CellStrata {
  const codes = options.landCoverCodes ?? "igbp";
  if (codes !== "igbp" && codes !== "paper") throw new RangeError(`classifyStrata: landCoverCodes must be "igbp" or "paper", got ${String(codes)}`);
  const n = input.landcover.length;
  if (input.dem.length !== n) throw new RangeError(`classifyStrata: dem has ${input.dem.length} cells but landcover has ${n}`);
  if (input.soil && input.soil.length !== n) throw new RangeError(`classifyStrata: soil has ${input.soil.length} cells but landcover has ${n}`);
  if (input.eligible && input.eligible.length !== n) throw new RangeError(`classifyStrata: eligible has ${input.eligible.length} cells but landcover has ${n}`);
  const lc = new Int8Array(n).fill(-1);
  const dm = new Int8Array(n).fill(-1);
  const so = new Int8Array(n).fill(-1);
  const el = new Uint8Array(n);
  const counts = { cells: n, eligible: 0, noLandCover: 0, noDem: 0, otherSoil: 0, demClamped: 0, excludedByMask: 0 };
  // IGBP → the paper's classes through the one mapping the project has (src/grid/aggregateLandCover).
  const paperClasses = codes === "igbp" ? aggregateLandCover(input.landcover).values : null;
  for (let i = 0; i < n; i++) {
    const v = input.landcover[i];
    const c = paperClasses ? paperClasses[i] : (Number.isInteger(v) && v >= 0 && v <= 9 ? v : NaN);
    if (Number.isNaN(c)) counts.noLandCover++; else lc[i] = c;
    const z = input.dem[i];
    const k = demClass(z);
    if (Number.isNaN(k)) counts.noDem++; else {
      dm[i] = k;
      if (z < -151 || z >= 7601) counts.demClamped++;
    }
    const s = input.soil ? input.soil[i] : NaN;
    if (Number.isInteger(s) && s >= 1 && s <= 16) so[i] = s; else counts.otherSoil++;
    if (lc[i] >= 0 && dm[i] >= 0) {
      if (input.eligible && !input.eligible[i]) counts.excludedByMask++;
      else { el[i] = 1; counts.eligible++; }
    }
  }
  return { cells: n, landcover: lc, dem: dm, soil: so, eligible: el, counts };
}
