import { aggregateLandCover } from "../grid/aggregateLandCover";
/**
 * The paper's Table A2 (Park et al. 2017, Appendix A): area and sample-point percentages of each
 * stratum of the study area, for elevation classes, aggregated land-cover classes and soil types.
 * Transcribed from the paper's Table A2 (docs/paper.md §5). Codes:
 * - DEM classes 0–6 by the edges {@link DEM_CLASS_EDGES} (lower edge inclusive);
 * - land cover 0–9: the Table A1 aggregated codes 0 Water … 8 Snow and ice, plus 9 Barren kept
 *   separate as Table A2 and Rule 1 do (docs/paper.md §12.3);
 * - soil 1–16 in the table's order (the twin's soil codes, src/twin/soilClasses.ts).
 * The soil "Points %" column sums to 91.52 % in the paper (about 51 of the 602 points have no listed
 * soil class); the samplers give that remainder to an "other / unclassified soil" level.
 */
export interface StratumSpec {
  /** Level code within its factor. */
  code: number;
  /** Label as printed in the paper. */
  name: string;
  /** Share of the study area, % (paper). */
  areaPct: number;
  /** Share of the 602 sample points, % (paper). */
  pointsPct: number;
}

/** Factors of the stratification. */
export type StratumFactor = "dem" | "landcover" | "soil";

/** DEM class edges, m: class k is edges[k] ≤ DEM < edges[k+1] (Table A2). */
export const DEM_CLASS_EDGES: readonly number[] = [-151, -1, 0, 120, 340, 710, 1110, 7601];

/** Points the paper drew on its whole domain. */
export const PAPER_POINTS = 602;

export const TABLE_A2: Readonly<Record<StratumFactor, readonly StratumSpec[]>> = {
  dem: [
    { code: 0, name: "−151 ≤ DEM < −1", areaPct: 0.026, pointsPct: 0.17 },
    { code: 1, name: "−1 ≤ DEM < 0", areaPct: 0.45, pointsPct: 0.66 },
    { code: 2, name: "0 ≤ DEM < 120", areaPct: 14.98, pointsPct: 15.78 },
    { code: 3, name: "120 ≤ DEM < 340", areaPct: 20.41, pointsPct: 13.79 },
    { code: 4, name: "340 ≤ DEM < 710", areaPct: 21.15, pointsPct: 19.93 },
    { code: 5, name: "710 ≤ DEM < 1110", areaPct: 14.14, pointsPct: 16.78 },
    { code: 6, name: "1110 ≤ DEM < 7601", areaPct: 28.84, pointsPct: 32.89 },
  ],
  landcover: [
    { code: 0, name: "Water", areaPct: 47.14, pointsPct: 1.99 },
    { code: 1, name: "Forest", areaPct: 18.11, pointsPct: 30.07 },
    { code: 2, name: "Shrublands", areaPct: 0.26, pointsPct: 4.15 },
    { code: 3, name: "Savannas", areaPct: 1.25, pointsPct: 6.15 },
    { code: 4, name: "Grassland", areaPct: 12.88, pointsPct: 21.93 },
    { code: 5, name: "Wetland", areaPct: 0.29, pointsPct: 0.66 },
    { code: 6, name: "Cropland", areaPct: 17.23, pointsPct: 23.59 },
    { code: 7, name: "Built up", areaPct: 0.81, pointsPct: 1.33 },
    { code: 8, name: "Snow and ice", areaPct: 0.01, pointsPct: 0.5 },
    { code: 9, name: "Barren", areaPct: 2.02, pointsPct: 9.63 },
  ],
  soil: [
    { code: 1, name: "Waterbodies", areaPct: 0.06, pointsPct: 1.0 },
    { code: 2, name: "Calcisols, Cambisols, Luvisols", areaPct: 5.76, pointsPct: 7.14 },
    { code: 3, name: "Arenosols", areaPct: 0.14, pointsPct: 3.16 },
    { code: 4, name: "Andosols", areaPct: 1.67, pointsPct: 1.5 },
    { code: 5, name: "Leptosols, Regosols", areaPct: 22.62, pointsPct: 20.43 },
    { code: 6, name: "Anthrosols", areaPct: 2.97, pointsPct: 2.82 },
    { code: 7, name: "Fluvisols, Gleysols, Cambisols", areaPct: 3.16, pointsPct: 3.65 },
    { code: 8, name: "Gleysols, Histosols, Fluvisols", areaPct: 3.21, pointsPct: 3.65 },
    { code: 9, name: "Chernozems, Phaeozems", areaPct: 7.37, pointsPct: 3.99 },
    { code: 10, name: "Planosols", areaPct: 0.39, pointsPct: 0.5 },
    { code: 11, name: "Cambisols", areaPct: 8.55, pointsPct: 13.29 },
    { code: 12, name: "Kastanozems, Solonetz", areaPct: 15.65, pointsPct: 9.3 },
    { code: 13, name: "Acrisols, Alisols, Plinthosols", areaPct: 20.89, pointsPct: 13.12 },
    { code: 14, name: "Luvisols, Cambisols", areaPct: 6.7, pointsPct: 5.32 },
    { code: 15, name: "Ferralsols, Acrisols, Nitisols", areaPct: 0.01, pointsPct: 0.66 },
    { code: 16, name: "Nitisols", areaPct: 0.83, pointsPct: 1.99 },
  ],
};

/**
 * Aggregated land-cover class (Table A2 codes 0–9) of a MODIS MCD12Q1 collection 6/6.1 `LC_Type1`
 * (IGBP) code, following Table A1 with Barren kept separate (docs/paper.md §10 and appendix A): 17 → 0 Water, 1–5 → 1 Forest,
 * 6–7 → 2 Shrublands, 8–9 → 3 Savannas, 10 → 4 Grassland, 11 → 5 Wetland, 12 and 14 → 6 Cropland,
 * 13 → 7 Built up, 15 → 8 Snow and ice, 16 → 9 Barren.
 *
 * @param igbp IGBP code (1–17); anything else (255 fill, NaN) gives NaN
 * @param options `{}` (reserved)
 * @example
 * paperLandCoverClass(14, {}); // 6 (Cropland)
 */
export function paperLandCoverClass(igbp: number, options: Record<string, never> = {}): number {
  void options;
  return aggregateLandCover([igbp]).values[0];
}

/**
 * DEM class (0–6) of an elevation by {@link DEM_CLASS_EDGES}; values below −151 m fall in class 0 and
 * values ≥ 7601 m in class 6 (clamped).
 *
 * @param dem elevation, m
 * @param options `{}` (reserved)
 * @returns class 0–6, or NaN for a non-finite elevation
 * @example
 * demClass(119.9, {}); // 2
 * demClass(120, {});   // 3
 */
export function demClass(dem: number, options: Record<string, never> = {}): number {
  void options;
  if (!Number.isFinite(dem)) return NaN;
  const e = DEM_CLASS_EDGES;
  for (let k = e.length - 2; k >= 1; k--) if (dem >= e[k]) return k;
  return 0;
}
