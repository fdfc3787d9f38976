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
/** kB⁻¹ = ln(z₀m / z₀h): the excess resistance to heat over momentum (≈ 2.3 for vegetation, Garratt 1992). */
export const KB_INV = 2.3;
/** Momentum roughness of a bare soil surface, m (smooth, tilled or crusted soil: 0.001–0.01 m). */
export const SOIL_Z0M = 0.005;

/**
 * Aerodynamic resistance to heat transfer, s m⁻¹, over a surface of canopy height `h` (m) in neutral air:
 * r_ah = ln((z − d)/z₀m) · ln((z − d)/z₀h) / (k² u), z₀m = 0.1 h, d = 0.67 h, z₀h = z₀m e^(−kB⁻¹), z = h + 2 m,
 * u = 2.5 m s⁻¹, k = 0.41. A bare soil patch (`h` ≤ 0.05) uses z₀m = {@link SOIL_Z0M}, d = 0, z = 2 m.
 * Forest (15 m) ≈ 14, shrubs (1.5 m) ≈ 34, grass/crops (0.5 m) ≈ 54, bare soil ≈ 118 s m⁻¹.
 * @example heatResistance(0.5); // ≈ 54
 * @throws RangeError when h is not a positive number.
 */
export function heatResistance(h: number): number {
  if (!(h > 0)) throw new RangeError(`heatResistance: canopy height must be > 0 m, got ${h}`);
  const bare = h <= 0.05;
  const z0m = bare ? SOIL_Z0M : 0.1 * h, d = bare ? 0 : 0.67 * h, z = bare ? 2 : h + 2;
  const lm = Math.log((z - d) / z0m);
  return (lm * (lm + KB_INV)) / (KARMAN * KARMAN * WIND);
}

/**
 * Surface minus air temperature (K) of one patch from its energy balance, solved for ΔT by fixed point:
 * (1 − EF) (A − k_G ΔT) = ρ c_p (1 + 0.05 ΔT⁺) ΔT / r_ah, i.e. sensible heat H = (1 − EF)(A − G) carried by
 * the resistance r_ah (reduced by free convection as r_ah / (1 + 0.05 ΔT)), with ground heat G = G₀ + k_G ΔT
 * folded into A = Rn − G₀ (W m⁻²) and k_G (W m⁻² K⁻¹).
 */
function patchExcess(avail: number, ef: number, kG: number, ra: number): number {
  const a = (1 - ef) * avail;
  let dT = a / (RHO_CP / ra + (1 - ef) * kG);
  for (let k = 0; k < 8; k++) dT = a / ((RHO_CP * (1 + 0.05 * Math.max(0, dT))) / ra + (1 - ef) * kG);
  return dT;
}

/**
 * Clear-sky land-surface temperature (K) from a two-source (soil + canopy) surface energy balance in the
 * patch form of Norman et al. (1995) and Kustas & Norman (1999): the pixel is a canopy patch (cover f_veg)
 * and an exposed soil patch (1 − f_veg), each in balance with the air over its own aerodynamic resistance
 * ({@link heatResistance}), and the radiometric LST is (f_veg T_c⁴ + (1 − f_veg) T_s⁴)^¼ (equal emissivities).
 * Net radiation Rn = (1 − albedo) · 750 W m⁻² · cos Z − 90 W m⁻² (net long-wave), albedo 0.22 soil, 0.15 canopy.
 * Evaporative fractions of the available energy from Priestley–Taylor, EF = 1.26 · Δ/(Δ + γ) · β (≤ 1):
 * the soil patch with the top layer's evaporation efficiency `beta1`, the canopy with the transpiration
 * stress `beta2`. Canopy: G = 0.05 Rn, resistance of its height. Soil: resistance of a bare surface whatever
 * the canopy around it (the canopy's roughness cools the leaves, not the sunlit soil between them: what a
 * one-source model gets wrong for partial cover), and ground heat flux — without `theta1`/`porosity`,
 * G = 0.3 Rn; with them, G = √2 P √ω · ΔT_s, the flux into a soil of thermal inertia P ({@link soilThermalInertia})
 * under a sinusoidal diurnal wave, which leads the surface temperature by 3 h (so at the morning overpass
 * G ≈ √2 P √ω times the surface's excess over its daily mean, taken as T_air). Each patch's ΔT solves
 * its balance with the free-convection reduction r_ah / (1 + 0.05 ΔT). The result is the LST–vegetation
 * "triangle": dry bare soil hottest, wet bare soil cooler (evaporation and heat storage), a transpiring canopy
 * close to the air temperature, and the moisture contrast damped as the cover grows. Snow: T_air − 1.5 K.
 *
 * @example surfaceTemperature({ tair: 25, cosZenith: 0.9, beta1: 0.1, beta2: 0.2, fveg: 0.1, canopyHeight: 0.1, swe: 0 }); // ≈ 314 K
 */
export function surfaceTemperature(s: SurfaceState): number {
  if (s.swe > 5) return s.tair + 273.15 - 1.5;
  const f = Math.max(0, Math.min(1, s.fveg));
  const cz = Math.max(0, s.cosZenith);
  const rnSoil = Math.max(0, 0.78 * 750 * cz - 90), rnCanopy = Math.max(0, 0.85 * 750 * cz - 90);
  // Δ/(Δ+γ) from the slope of the saturation vapour pressure curve at T_air (kPa/K), γ = 0.066 kPa/K
  const T = s.tair;
  const es = 0.6108 * Math.exp((17.27 * T) / (T + 237.3));
  const delta = (4098 * es) / ((T + 237.3) ** 2);
  const pt = 1.26 * (delta / (delta + 0.066));
  const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
  const efSoil = Math.min(1, pt * clamp01(s.beta1)), efCanopy = Math.min(1, pt * clamp01(s.beta2));
  const withInertia = s.theta1 !== undefined && s.porosity !== undefined;
  const kG = withInertia ? Math.SQRT2 * soilThermalInertia(Math.max(0, s.theta1!), s.porosity!) * Math.sqrt(DIURNAL_OMEGA) : 0;
  const dTs = patchExcess(withInertia ? rnSoil : 0.7 * rnSoil, efSoil, kG, heatResistance(0.05));
  const dTc = patchExcess(0.95 * rnCanopy, efCanopy, 0, heatResistance(Math.max(0.05, s.canopyHeight)));
  const Ts = T + 273.15 + dTs, Tc = T + 273.15 + dTc;
  return Math.pow(f * Tc ** 4 + (1 - f) * Ts ** 4, 0.25);
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
