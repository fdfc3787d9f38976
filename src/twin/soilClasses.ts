/**
 * The 16 soil classes of the paper's Table A2 (FAO/WRB-style dominant soils), coded 1–16 in the table's
 * order, with the twin's hydraulic parameters (volumetric, m³ m⁻³; typical textbook values for the
 * dominant texture) and a daily drainage coefficient above field capacity (1/day).
 */
export interface SoilClass {
  code: number;
  name: string;
  porosity: number;
  fieldCapacity: number;
  wiltingPoint: number;
  drainage: number;
}

export const SOIL_CLASSES: readonly SoilClass[] = [
  { code: 1, name: "Waterbodies", porosity: 0.5, fieldCapacity: 0.4, wiltingPoint: 0.2, drainage: 0.2 },
  { code: 2, name: "Calcisols, Cambisols, Luvisols", porosity: 0.42, fieldCapacity: 0.24, wiltingPoint: 0.1, drainage: 0.5 },
  { code: 3, name: "Arenosols", porosity: 0.4, fieldCapacity: 0.13, wiltingPoint: 0.05, drainage: 0.75 },
  { code: 4, name: "Andosols", porosity: 0.55, fieldCapacity: 0.38, wiltingPoint: 0.18, drainage: 0.45 },
  { code: 5, name: "Leptosols, Regosols", porosity: 0.42, fieldCapacity: 0.21, wiltingPoint: 0.08, drainage: 0.6 },
  { code: 6, name: "Anthrosols", porosity: 0.48, fieldCapacity: 0.34, wiltingPoint: 0.15, drainage: 0.25 },
  { code: 7, name: "Fluvisols, Gleysols, Cambisols", porosity: 0.47, fieldCapacity: 0.32, wiltingPoint: 0.14, drainage: 0.35 },
  { code: 8, name: "Gleysols, Histosols, Fluvisols", porosity: 0.55, fieldCapacity: 0.4, wiltingPoint: 0.18, drainage: 0.2 },
  { code: 9, name: "Chernozems, Phaeozems", porosity: 0.5, fieldCapacity: 0.33, wiltingPoint: 0.14, drainage: 0.4 },
  { code: 10, name: "Planosols", porosity: 0.45, fieldCapacity: 0.34, wiltingPoint: 0.17, drainage: 0.2 },
  { code: 11, name: "Cambisols", porosity: 0.45, fieldCapacity: 0.28, wiltingPoint: 0.12, drainage: 0.45 },
  { code: 12, name: "Kastanozems, Solonetz", porosity: 0.44, fieldCapacity: 0.25, wiltingPoint: 0.11, drainage: 0.45 },
  { code: 13, name: "Acrisols, Alisols, Plinthosols", porosity: 0.46, fieldCapacity: 0.32, wiltingPoint: 0.16, drainage: 0.35 },
  { code: 14, name: "Luvisols, Cambisols", porosity: 0.45, fieldCapacity: 0.3, wiltingPoint: 0.13, drainage: 0.4 },
  { code: 15, name: "Ferralsols, Acrisols, Nitisols", porosity: 0.5, fieldCapacity: 0.33, wiltingPoint: 0.18, drainage: 0.5 },
  { code: 16, name: "Nitisols", porosity: 0.52, fieldCapacity: 0.35, wiltingPoint: 0.18, drainage: 0.45 },
];

/** Inputs of {@link classifySoil} at one place. */
export interface SoilPlace {
  lon: number; lat: number; elev: number; tMean: number; pAnnual: number;
  /** Local relief, m (standard deviation of detail), a proxy for slope. */
  relief: number;
  /** Two independent uniform numbers in [0, 1) of smooth static noise. */
  n1: number; n2: number;
  /** IGBP land-cover code (17 = water ⇒ Waterbodies). */
  landCover: number;
}

/**
 * Dominant soil class (Table A2 codes 1–16) by simple climate/terrain rules: mountains → Leptosols;
 * deserts → Arenosols/Calcisols; steppe → Kastanozems; the north-east → Chernozems/Phaeozems (wet
 * lowlands Gleysols/Histosols, some Planosols); river plains → Fluvisols; Sichuan basin and the Yangtze
 * delta → Anthrosols; Loess → Calcisols; the humid south → Acrisols (Ferralsols/Nitisols in the tropics);
 * Korea → Leptosols and Acrisols only, Japan → Leptosols, Acrisols, Andosols (as the paper states).
 */
export function classifySoil(p: SoilPlace): number {
  if (p.landCover === 17) return 1;
  const peff = p.pAnnual - 20 * (p.tMean - 5);
  const korea = p.lon > 124.5 && p.lon < 130.7 && p.lat > 33 && p.lat < 42.3 && !(p.lon < 126 && p.lat > 40) && !(p.lat > 41.3 && p.lon > 127.5);
  const japan = p.lon > 129.6 && p.lat > 30.5 && p.lat < 45.6 && !(p.lon < 131.5 && p.lat > 42.5) && !(p.lon < 130.3 && p.lat > 34.8);
  if (japan) return p.elev > 700 || p.relief > 160 ? 5 : p.n1 > 0.5 ? 4 : 13;
  if (korea) return p.elev > 400 || p.relief > 160 ? 5 : 13;
  if (p.elev > 2500 || p.relief > 420) return 5;
  if (peff < 200) return p.n1 > 0.45 ? 3 : 2;
  if (peff < 380) return p.n2 > 0.85 ? 2 : 12;
  if (p.lat > 43) {
    if (p.elev < 120 && p.n1 > 0.72) return 8;
    if (p.n2 < 0.07) return 10;
    return p.elev > 700 ? 14 : 9;
  }
  if (p.lat > 34 && p.lat < 40 && p.lon > 103 && p.lon < 113 && p.elev > 700) return 2;
  if (p.lat > 28.5 && p.lat < 32 && p.lon > 103.5 && p.lon < 108 && p.elev < 800) return 6;
  if (p.lat > 29 && p.lat < 33 && p.lon > 118 && p.elev < 40) return 6;
  if (p.elev < 100 && p.lat > 32 && p.lat < 41 && p.lon > 112 && p.lon < 122.5) return 7;
  if (p.tMean >= 16) {
    if (p.lat < 21.5) return p.n1 > 0.5 ? 15 : 16;
    return p.elev < 50 && p.n2 > 0.8 ? 7 : 13;
  }
  if (p.tMean >= 10) return p.n1 > 0.5 ? 11 : 14;
  return p.n1 > 0.5 ? 14 : 11;
}
