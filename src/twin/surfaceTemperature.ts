/** Inputs of {@link surfaceTemperature} for one clear-sky overpass. */
export interface SurfaceState {
  /** Air temperature at 2 m, °C. */
  tair: number;
  /** Cosine of the solar zenith angle at the overpass (0–1). */
  cosZenith: number;
  /** Wetness of the top layer and of the root zone: (θ − wp)/(fc − wp) clamped to [0, 1]. */
  beta1: number;
  beta2: number;
  /** Vegetation cover fraction 0–1. */
  fveg: number;
  /** Canopy height, m (forest ≈ 15, shrubs ≈ 1.5, crops and grass ≈ 0.5, bare ≈ 0.05). */
  canopyHeight: number;
  /** Snow water equivalent, mm (> 5 mm: snow-covered). */
  swe: number;
}

const RHO_CP = 1200; // J m⁻³ K⁻¹
const KARMAN = 0.41;
const WIND = 2.5; // m s⁻¹ at 2 m above the canopy

/**
 * Clear-sky land-surface temperature (K) from a one-source surface energy balance:
 * Rn = (1 − albedo) · 1000 W m⁻² · 0.75 · cos Z − 90 W m⁻² (net long-wave), albedo 0.22 − 0.07 f_veg;
 * ground heat G = Rn · (0.05 + 0.25 (1 − f_veg)); evaporative fraction of the available energy from
 * Priestley–Taylor, EF = 1.26 · Δ/(Δ + γ) · β (≤ 1), with β = f_veg · β₂ + (1 − f_veg) · β₁ (transpiration draws on
 * the root zone, bare soil on the top layer); sensible heat H = (Rn − G)(1 − EF); and
 * LST = T_air + H · r_a / (ρ c_p), with the aerodynamic resistance r_a = ln((z − d)/z₀)² / (k² u)
 * (z₀ = 0.1 h, d = 0.67 h, z = h + 2 m, u = 2.5 m s⁻¹), reduced by free convection as r_a / (1 + 0.05 ΔT)
 * (two fixed-point passes). Drier soil → smaller EF → warmer; tall, rough vegetation couples the surface to
 * the air and damps the contrast (the LST–vegetation "triangle"). Snow: T_air − 1.5 K.
 *
 * @example surfaceTemperature({ tair: 25, cosZenith: 0.9, beta1: 0.1, beta2: 0.2, fveg: 0.1, canopyHeight: 0.1, swe: 0 }); // ≈ 318 K
 */
export function surfaceTemperature(s: SurfaceState): number {
  if (s.swe > 5) return s.tair + 273.15 - 1.5;
  const f = Math.max(0, Math.min(1, s.fveg));
  const albedo = 0.22 - 0.07 * f;
  const rn = Math.max(0, (1 - albedo) * 750 * Math.max(0, s.cosZenith) - 90);
  const g = rn * (0.05 + 0.25 * (1 - f));
  // Δ/(Δ+γ) from the slope of the saturation vapour pressure curve at T_air (kPa/K), γ = 0.066 kPa/K
  const T = s.tair;
  const es = 0.6108 * Math.exp((17.27 * T) / (T + 237.3));
  const delta = (4098 * es) / ((T + 237.3) ** 2);
  const beta = f * s.beta2 + (1 - f) * s.beta1;
  const ef = Math.min(1, 1.26 * (delta / (delta + 0.066)) * Math.max(0, Math.min(1, beta)));
  const h = (rn - g) * (1 - ef);
  const hc = Math.max(0.05, s.canopyHeight);
  const z0 = 0.1 * hc, d = 0.67 * hc, z = hc + 2;
  const ra0 = Math.log((z - d) / z0) ** 2 / (KARMAN * KARMAN * WIND);
  let dT = (h * ra0) / RHO_CP;
  for (let k = 0; k < 2; k++) dT = (h * ra0) / (1 + 0.05 * Math.max(0, dT)) / RHO_CP;
  return T + 273.15 + dT;
}

/** Canopy height (m) of an IGBP class for {@link surfaceTemperature}: forests 15 (mixed/deciduous 12), shrubs 1.5, savannas 3, grass/crops/wetlands 0.5, urban 5, snow/barren 0.05. */
export function canopyHeight(landCover: number): number {
  const lc = landCover | 0;
  if (lc >= 1 && lc <= 2) return 15;
  if (lc >= 3 && lc <= 5) return 12;
  if (lc === 6 || lc === 7) return 1.5;
  if (lc === 8 || lc === 9) return 3;
  if (lc === 13) return 5;
  if (lc === 15 || lc === 16) return 0.05;
  return 0.5;
}
