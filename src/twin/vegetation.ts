/**
 * NDVI phenology parameters per IGBP class (index = code 1–17): dormant NDVI, peak NDVI, evergreenness
 * (share of the seasonal amplitude kept in winter) and sensitivity to deep-soil water stress.
 * Typical MODIS values for East Asia (SYNTHETIC choices).
 */
const NDVI_MIN = [0, 0.45, 0.62, 0.25, 0.25, 0.3, 0.2, 0.1, 0.25, 0.2, 0.15, 0.15, 0.15, 0.12, 0.2, -0.1, 0.05, -0.1];
const NDVI_MAX = [0, 0.78, 0.86, 0.8, 0.85, 0.83, 0.6, 0.3, 0.75, 0.65, 0.55, 0.7, 0.82, 0.35, 0.8, 0.0, 0.13, -0.1];
const EVERGREEN = [0, 0.7, 0.85, 0, 0, 0.3, 0.2, 0, 0.2, 0, 0, 0, 0, 0.3, 0.1, 0, 0, 0];
const STRESS = [0, 0.1, 0.1, 0.15, 0.15, 0.15, 0.5, 0.7, 0.4, 0.5, 0.7, 0.1, 0.35, 0.2, 0.35, 0, 0.5, 0];

/**
 * "True" NDVI of a land pixel for a compositing period.
 * NDVI = min + (max − min) · (e + (1 − e) · green) · (1 − s · (1 − β₂)) · (1 + 0.16 (n − 0.5)),
 * green = logistic((T_lag − 6 °C) / 2.5 K) with T_lag the climatological temperature two weeks before
 * (so green-up follows latitude and elevation), β₂ the plants' water availability (the generator passes the
 * remembered transpiration stress of both layers; 0 at wilting point, 1 at field
 * capacity), n a static per-pixel uniform number. Snow (SWE > 5 mm) gives NDVI ≈ −0.05…0.05.
 *
 * @example
 * trueNdvi(12, 22, 1, 0.5, 0); // cropland in midsummer, unstressed: ≈ 0.8
 */
export function trueNdvi(landCover: number, tLag: number, beta2: number, n: number, swe: number): number {
  const lc = landCover | 0;
  if (lc < 1 || lc > 17) return NaN;
  if (lc === 17) return -0.1;
  if (swe > 5) return -0.05 + 0.1 * n;
  const green = 1 / (1 + Math.exp(-(tLag - 6) / 2.5));
  const e = EVERGREEN[lc];
  const v = NDVI_MIN[lc] + (NDVI_MAX[lc] - NDVI_MIN[lc]) * (e + (1 - e) * green) * (1 - STRESS[lc] * (1 - beta2));
  return Math.max(-0.2, Math.min(0.95, v * (1 + 0.16 * (n - 0.5))));
}

/** Fraction of vegetation cover from NDVI: ((NDVI − 0.08) / 0.77) clamped to [0, 1]. */
export function vegetationFraction(ndvi: number): number {
  return Math.max(0, Math.min(1, (ndvi - 0.08) / 0.77));
}

/** Share of rain that runs off regardless of soil state (sealed surfaces): urban 0.5, water 1, else 0. */
export function imperviousShare(landCover: number): number {
  return landCover === 13 ? 0.5 : landCover === 17 ? 1 : 0;
}
