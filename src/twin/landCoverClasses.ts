/** MODIS MCD12Q1 collection 6 `LC_Type1` (IGBP) codes 1–17, water = 17. */
export const IGBP_CLASSES: Readonly<Record<number, string>> = {
  1: "Evergreen needleleaf forest", 2: "Evergreen broadleaf forest", 3: "Deciduous needleleaf forest",
  4: "Deciduous broadleaf forest", 5: "Mixed forest", 6: "Closed shrublands", 7: "Open shrublands",
  8: "Woody savannas", 9: "Savannas", 10: "Grasslands", 11: "Permanent wetlands", 12: "Croplands",
  13: "Urban and built-up", 14: "Cropland/natural vegetation mosaic", 15: "Snow and ice",
  16: "Barren or sparsely vegetated", 17: "Water",
};

/** Major cities (lon, lat, radius km) that the twin paints as urban (IGBP 13). */
const CITIES: readonly number[][] = [
  [126.98, 37.55, 14], [129.05, 35.15, 9], [128.6, 35.87, 8], [126.7, 37.45, 7], [127.38, 36.35, 7], [126.85, 35.15, 7],
  [129.3, 35.55, 5], [127.03, 37.27, 6], [125.75, 39.03, 8], [127.49, 36.64, 4], [127.15, 35.82, 4],
  [116.4, 39.9, 25], [121.47, 31.23, 28], [113.26, 23.13, 22], [114.06, 22.55, 15], [104.07, 30.67, 16],
  [106.55, 29.56, 12], [117.2, 39.13, 16], [114.3, 30.6, 16], [108.94, 34.34, 12], [118.78, 32.06, 12],
  [120.16, 30.27, 12], [123.43, 41.8, 12], [126.63, 45.75, 12], [125.32, 43.88, 10], [113.65, 34.76, 10],
  [117.0, 36.67, 10], [120.38, 36.07, 9], [121.6, 38.91, 9], [112.55, 37.87, 8], [111.67, 40.82, 7],
  [103.83, 36.06, 8], [102.71, 25.04, 9], [106.71, 26.58, 7], [108.32, 22.82, 8], [119.3, 26.08, 8],
  [118.09, 24.48, 7], [121.56, 25.04, 12], [120.3, 22.63, 8], [139.69, 35.69, 35], [135.5, 34.69, 22],
  [136.91, 35.18, 14], [130.4, 33.59, 10], [141.35, 43.06, 10], [140.87, 38.27, 8], [132.46, 34.39, 7],
  [106.92, 47.92, 7], [131.89, 43.12, 7], [135.07, 48.48, 6],
];

/** Large lakes (lon, lat, semi-axis lon°, semi-axis lat°) painted as water (IGBP 17, soil Waterbodies). */
const LAKES: readonly number[][] = [
  [116.3, 29.1, 0.25, 0.3], [112.9, 29.3, 0.2, 0.15], [120.2, 31.2, 0.2, 0.15], [132.4, 45.0, 0.35, 0.28],
  [117.4, 49.0, 0.3, 0.2], [117.5, 33.2, 0.2, 0.1], [118.5, 33.3, 0.25, 0.2], [136.1, 35.2, 0.1, 0.2],
];

/** True when the place lies in one of the twin's large lakes. */
export function inLake(lon: number, lat: number): boolean {
  for (const [x, y, a, b] of LAKES) if (Math.abs(lon - x) < a && Math.abs(lat - y) < b && ((lon - x) / a) ** 2 + ((lat - y) / b) ** 2 < 1) return true;
  return false;
}

/** Inputs of {@link classifyLandCover} at one land place. */
export interface LandCoverPlace {
  lon: number; lat: number; elev: number; tMean: number; pAnnual: number;
  /** Local relief, m, a slope proxy. */
  relief: number;
  /** Smooth static noise in [0, 1): n1 ~ 10 km patches, n2 ~ 3 km patches, n3 ~ 1 km speckle. */
  n1: number; n2: number; n3: number;
}

function nearCity(lon: number, lat: number, jitter: number): boolean {
  const k = Math.cos((lat * Math.PI) / 180);
  for (const [x, y, r] of CITIES) {
    if (Math.abs(lat - y) > 0.4 || Math.abs(lon - x) > 0.5) continue;
    const d = Math.hypot((lon - x) * k, lat - y) * 111.2;
    if (d < r * (0.75 + 0.5 * jitter)) return true;
  }
  return false;
}

/**
 * IGBP land-cover code (MCD12Q1 C6 numbering) of a land place, by climate and terrain rules: deserts barren,
 * steppe grassland/open shrubland, humid lowlands cropland (mosaic on gentle slopes), humid hills forest
 * (needleleaf/mixed in the cold north, mixed/deciduous in the temperate belt, evergreen broadleaf in the
 * warm south), woody savannas at the dry edge of forest, wetlands in north-eastern lowlands, urban around
 * the major cities, snow/ice on the highest summits, water in the large lakes.
 */
export function classifyLandCover(p: LandCoverPlace): number {
  if (inLake(p.lon, p.lat)) return 17;
  if (p.elev > 4700) return 15;
  if (nearCity(p.lon, p.lat, p.n2)) return 13;
  const peff = p.pAnnual - 20 * (p.tMean - 5) + 120 * (p.n1 - 0.5);
  if (peff < 170) return p.n3 > 0.85 ? 7 : 16;
  if (peff < 280) return p.n2 > 0.55 ? 10 : p.n3 > 0.5 ? 7 : 16;
  if (peff < 460) return p.elev < 1300 && p.relief < 60 && p.n1 > 0.45 ? 12 : p.n3 > 0.85 ? 7 : 10;
  if (p.lat > 44 && p.elev < 90 && p.relief < 20 && p.n2 > 0.8) return 11;
  const flat = 1 / (1 + Math.exp((p.elev - 320) / 70)) * 1 / (1 + Math.exp((p.relief - 80) / 25));
  const crop = flat + 0.35 * (p.n2 - 0.5) + 0.15 * (p.n3 - 0.5);
  if (crop > 0.48) return 12;
  if (crop > 0.36) return 14;
  if (peff < 560) return p.n1 > 0.55 ? 8 : 9;
  if (p.tMean < 2) return p.n2 > 0.45 ? 3 : 5;
  if (p.tMean < 10) return p.n2 > 0.6 ? 4 : p.n2 < 0.15 ? 1 : 5;
  if (p.tMean < 16) return p.n2 > 0.7 ? 4 : p.n2 < 0.25 ? 1 : 5;
  if (peff > 1100) return p.n3 > 0.9 ? 8 : 2;
  return p.n2 > 0.5 ? 8 : 2;
}
