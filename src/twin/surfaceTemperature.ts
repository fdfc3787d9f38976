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
  /**
   * Optional: water content of the top layer and its porosity, m³ m⁻³. When both are given, the ground heat
   * flux under the bare fraction follows the soil's thermal inertia ({@link soilThermalInertia}); otherwise
   * G = Rn · (0.05 + 0.25 (1 − f_veg)).
   */
  theta1?: number;
  porosity?: number;
}

/** Angular frequency of the diurnal cycle, s⁻¹ (2π / 86,400 s). */
export const DIURNAL_OMEGA = (2 * Math.PI) / 86400;

/**
 * Thermal inertia P = √(λ C) of a soil layer, J m⁻² K⁻¹ s⁻½, from its water content θ and porosity φ:
 * heat capacity C = 2.0 MJ m⁻³ K⁻¹ · (1 − φ) + 4.18 MJ m⁻³ K⁻¹ · θ; conductivity by Johansen (1975) as in
 * Peters-Lidard et al. (1998): λ = λ_dry + Ke (λ_sat − λ_dry), λ_dry = (0.135 ρ_b + 64.7)/(2700 − 0.947 ρ_b)
 * with ρ_b = 2700 (1 − φ) kg m⁻³, λ_sat = λ_s^(1−φ) · 0.57^φ with λ_s = 3.0 W m⁻¹ K⁻¹ (mixed mineralogy),
 * Kersten number Ke = log₁₀(θ/φ) + 1 clamped to [0, 1]. Wetter soil conducts and stores more heat, so
 * more of the midday energy goes into the ground: the physics behind thermal-inertia soil moisture methods.
 * Dry sandy soil ≈ 600–800, moist loam ≈ 1,500–2,000.
 *
 * @example soilThermalInertia(0.3, 0.45); // ≈ 1,690
 * @throws RangeError when porosity is not in (0, 1) or theta is negative.
 */
export function soilThermalInertia(theta: number, porosity: number): number {
  if (!(porosity > 0 && porosity < 1)) throw new RangeError(`soilThermalInertia: porosity must be in (0, 1), got ${porosity}`);
  if (!(theta >= 0)) throw new RangeError(`soilThermalInertia: theta must be ≥ 0, got ${theta}`);
  const th = Math.min(theta, porosity);
  const heatCapacity = 2.0e6 * (1 - porosity) + 4.18e6 * th;
  const rhoB = 2700 * (1 - porosity);
  const lDry = (0.135 * rhoB + 64.7) / (2700 - 0.947 * rhoB);
  const lSat = Math.pow(3.0, 1 - porosity) * Math.pow(0.57, porosity);
  const sr = th / porosity;
  const ke = sr > 0 ? Math.max(0, Math.min(1, Math.log10(sr) + 1)) : 0;
  return Math.sqrt((lDry + ke * (lSat - lDry)) * heatCapacity);
}

const RHO_CP = 1200; // J m⁻³ K⁻¹
const KARMAN = 0.41;
const WIND = 2.5; // m s⁻¹ at 2 m above the canopy

/**
 * Clear-sky land-surface temperature (K) from a one-source surface energy balance:
 * Rn = (1 − albedo) · 1000 W m⁻² · 0.75 · cos Z − 90 W m⁻² (net long-wave), albedo 0.22 − 0.07 f_veg;
 * evaporative fraction of the available energy from Priestley–Taylor, EF = 1.26 · Δ/(Δ + γ) · β (≤ 1), with
 * β = f_veg · β₂ + (1 − f_veg) · β₁ (transpiration draws on the root zone, bare soil on the top layer);
 * sensible heat H = (Rn − G)(1 − EF); and LST = T_air + H · r_a / (ρ c_p), with the aerodynamic resistance
 * r_a = ln((z − d)/z₀)² / (k² u) (z₀ = 0.1 h, d = 0.67 h, z = h + 2 m, u = 2.5 m s⁻¹), reduced by free
 * convection as r_a / (1 + 0.05 ΔT). Ground heat: without `theta1`/`porosity`, G = Rn (0.05 + 0.25 (1 − f_veg))
 * (two fixed-point passes); with them, G = 0.05 Rn f_veg + (1 − f_veg) · √2 P √ω · ΔT, the flux into a
 * soil of thermal inertia P ({@link soilThermalInertia}) under a sinusoidal diurnal wave, which leads the
 * surface temperature by 3 h (so at the morning overpass G ≈ √2 P √ω times the surface's excess over its
 * daily mean, taken as T_air), solved with the sensible heat for ΔT (six fixed-point passes on the free-convection
 * factor). Drier soil → smaller EF and less heat into the ground → warmer; tall, rough vegetation couples the surface
 * to the air and damps the contrast (the LST–vegetation "triangle"). Snow: T_air − 1.5 K.
 *
 * @example surfaceTemperature({ tair: 25, cosZenith: 0.9, beta1: 0.1, beta2: 0.2, fveg: 0.1, canopyHeight: 0.1, swe: 0 }); // ≈ 318 K
 */
export function surfaceTemperature(s: SurfaceState): number {
  if (s.swe > 5) return s.tair + 273.15 - 1.5;
  const f = Math.max(0, Math.min(1, s.fveg));
  const albedo = 0.22 - 0.07 * f;
  const rn = Math.max(0, (1 - albedo) * 750 * Math.max(0, s.cosZenith) - 90);
  // Δ/(Δ+γ) from the slope of the saturation vapour pressure curve at T_air (kPa/K), γ = 0.066 kPa/K
  const T = s.tair;
  const es = 0.6108 * Math.exp((17.27 * T) / (T + 237.3));
  const delta = (4098 * es) / ((T + 237.3) ** 2);
  const beta = f * s.beta2 + (1 - f) * s.beta1;
  const ef = Math.min(1, 1.26 * (delta / (delta + 0.066)) * Math.max(0, Math.min(1, beta)));
  const hc = Math.max(0.05, s.canopyHeight);
  const z0 = 0.1 * hc, d = 0.67 * hc, z = hc + 2;
  const ra0 = Math.log((z - d) / z0) ** 2 / (KARMAN * KARMAN * WIND);
  if (s.theta1 === undefined || s.porosity === undefined) {
    const g = rn * (0.05 + 0.25 * (1 - f));
    const h = (rn - g) * (1 - ef);
    let dT = (h * ra0) / RHO_CP;
    for (let k = 0; k < 2; k++) dT = (h * ra0) / (1 + 0.05 * Math.max(0, dT)) / RHO_CP;
    return T + 273.15 + dT;
  }
  // (1 − EF)(Rn − Gc − kG ΔT) = kH ΔT, kH = ρ c_p (1 + 0.05 ΔT) / r_a0, kG = (1 − f) √2 P √ω
  const kG = (1 - f) * Math.SQRT2 * soilThermalInertia(Math.max(0, s.theta1), s.porosity) * Math.sqrt(DIURNAL_OMEGA);
  const avail = (1 - ef) * rn * (1 - 0.05 * f);
  let dT = avail / (RHO_CP / ra0 + (1 - ef) * kG);
  for (let k = 0; k < 6; k++) dT = avail / ((RHO_CP * (1 + 0.05 * Math.max(0, dT))) / ra0 + (1 - ef) * kG);
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
