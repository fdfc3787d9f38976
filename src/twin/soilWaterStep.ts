/** Per-pixel parameters of the two-layer bucket (typed arrays of equal length). */
export interface BucketParams {
  /** Porosity = saturation, m³ m⁻³. */
  porosity: Float32Array;
  /** Field capacity, m³ m⁻³. */
  fieldCapacity: Float32Array;
  /** Wilting point, m³ m⁻³. */
  wiltingPoint: Float32Array;
  /** Drainage above field capacity, 1/day. */
  drainage: Float32Array;
  /** Share of water input that runs off whatever the soil state (sealed surfaces). */
  impervious: Float32Array;
  /**
   * Optional: saturated conductivity Ks (mm/h) and Campbell's pore-size index b. When given, the root zone
   * drains by gravity at the unsaturated conductivity K(θ₂) = Ks (θ₂/φ)^(2b+3) (Campbell 1974), in mm/day,
   * instead of the linear 0.03 · k_d · (θ₂ − fc)₊ · 900 mm.
   */
  ksat?: Float32Array;
  poreIndex?: Float32Array;
  /**
   * Optional: air-dry water content, m³ m⁻³ (bare soil dries below the wilting point, a plant limit). When
   * given, soil evaporation's efficiency is (θ₁ − θ_ad)/(φ − θ_ad) instead of (θ₁ − wp)/(φ − wp).
   */
  airDry?: Float32Array;
}

/** State of the bucket: top layer 0–10 cm, root zone 10–100 cm (m³ m⁻³) and snow water equivalent (mm). */
export interface BucketState { theta1: Float32Array; theta2: Float32Array; swe: Float32Array }

/** One day's forcing per pixel. */
export interface BucketForcing {
  /** Precipitation, mm/day. */
  precip: Float32Array;
  /** Air temperature, °C. */
  tair: Float32Array;
  /** Potential evapotranspiration, mm/day. */
  pet: Float32Array;
  /** Vegetation cover fraction 0–1. */
  fveg: Float32Array;
}

/** Layer depths, mm: top 100 (0–10 cm, the GLDAS layer 1), root zone 900 (10–100 cm). */
export const TOP_MM = 100;
export const DEEP_MM = 900;
/** Lowest soil moisture the bucket allows, m³ m⁻³ (the twin's physical floor). */
export const THETA_FLOOR = 0.02;
/** Share of transpiration drawn from the top layer (the rest from the root zone), each scaled by its layer's wetness. */
export const TOP_UPTAKE_SHARE = 0.25;

/**
 * Transpiration's water-stress factor, as {@link soilWaterStep} applies it: TOP_UPTAKE_SHARE · β₁ +
 * (1 − TOP_UPTAKE_SHARE) · β₂ with β = (θ − wp)/(fc − wp) clamped to [0, 1] per layer — the same number
 * scales the canopy's evaporative fraction in the surface energy balance and stresses NDVI, so water, energy and
 * greenness share one stress.
 * @example transpirationStress(0.2, 0.3, 0.3, 0.1); // 0.25 · 0.5 + 0.75 · 1 = 0.875
 */
export function transpirationStress(theta1: number, theta2: number, fieldCapacity: number, wiltingPoint: number): number {
  const b = (t: number) => Math.max(0, Math.min(1, (t - wiltingPoint) / (fieldCapacity - wiltingPoint)));
  return TOP_UPTAKE_SHARE * b(theta1) + (1 - TOP_UPTAKE_SHARE) * b(theta2);
}

/**
 * Advances a two-layer bucket by one day, in place, for pixels 0 … n−1:
 * 1. snow: precipitation at T < 0 °C accumulates; melt = min(SWE, 3 mm K⁻¹ · T⁺);
 * 2. runoff share = impervious + (1 − impervious) · 0.6 · ((θ₁ − fc)/(φ − fc))₊², excess over saturation runs off;
 * 3. drainage top → root zone = k_d · (θ₁ − fc)₊ · 100 mm; root zone → deep = 0.03 · k_d · (θ₂ − fc)₊ · 900 mm,
 *    or, with `ksat` and `poreIndex`, min(24 Ks (θ₂/φ)^(2b+3), (θ₂ − wp)₊ · 900 mm);
 * 4. diffusion between layers 0.06 · (θ₁ − θ₂) · 100 mm (capillary rise when the top is drier);
 * 5. evapotranspiration (none on frozen days): soil evaporation PET · (1 − f_veg) · (θ₁ − wp)/(φ − wp) from
 *    the top (Noah's direct evaporation with exponent 1: it keeps responding to wetness above field capacity);
 *    with `airDry`, (θ₁ − θ_ad)/(φ − θ_ad): bare soil dries below the wilting point towards air-dry;
 *    transpiration PET · f_veg · 0.8, drawn 25 % · β₁ from the top and 75 % · β₂ from the root zone,
 *    β = ((θ − wp)/(fc − wp)) clamped to [0, 1];
 * 6. θ clamped to [0.02, φ].
 *
 * @param runoff optional output: surface runoff of the day per pixel, mm (the share of water input that did
 *   not infiltrate, plus the top layer's saturation excess that did not reach the root zone) — what
 *   {@link routeLateral} moves downslope.
 */
export function soilWaterStep(n: number, p: BucketParams, s: BucketState, f: BucketForcing, runoff?: Float32Array): void {
  const { porosity, fieldCapacity, wiltingPoint, drainage, impervious } = p;
  const { theta1, theta2, swe } = s;
  for (let i = 0; i < n; i++) {
    const phi = porosity[i], fc = fieldCapacity[i], wp = wiltingPoint[i], kd = drainage[i];
    const T = f.tair[i];
    let P = f.precip[i];
    let snow = swe[i];
    if (T < 0) { snow += P; P = 0; }
    else if (snow > 0) { const m = Math.min(snow, 3 * T); snow -= m; P += m; }
    swe[i] = snow;
    let w1 = theta1[i] * TOP_MM, w2 = theta2[i] * DEEP_MM;
    const wet = Math.max(0, (theta1[i] - fc) / (phi - fc));
    const imp = impervious[i];
    const infil = P * (1 - imp - (1 - imp) * 0.6 * wet * wet);
    w1 += infil;
    const cap1 = phi * TOP_MM;
    let ro = P - infil;
    if (w1 > cap1) { w2 += (w1 - cap1) * 0.3; ro += (w1 - cap1) * 0.7; w1 = cap1; }
    if (runoff) runoff[i] = ro;
    const frozen = T < 0 ? 0.2 : 1;
    const d1 = frozen * kd * Math.max(0, w1 / TOP_MM - fc) * TOP_MM;
    w1 -= d1; w2 += d1;
    const diff = 0.06 * (w1 / TOP_MM - w2 / DEEP_MM) * TOP_MM;
    w1 -= diff; w2 += diff;
    const d2 = p.ksat && p.poreIndex
      ? frozen * Math.min(24 * p.ksat[i] * Math.pow(Math.min(1, w2 / DEEP_MM / phi), 2 * p.poreIndex[i] + 3), Math.max(0, w2 / DEEP_MM - wp) * DEEP_MM)
      : frozen * 0.03 * kd * Math.max(0, w2 / DEEP_MM - fc) * DEEP_MM;
    w2 -= d2;
    const cap2 = phi * DEEP_MM;
    if (w2 > cap2) w2 = cap2;
    if (T >= 0) {
      const pet = f.pet[i], fv = f.fveg[i];
      const b1 = Math.max(0, Math.min(1, (w1 / TOP_MM - wp) / (fc - wp)));
      const dry = p.airDry ? p.airDry[i] : wp;
      const e1 = Math.max(0, Math.min(1, (w1 / TOP_MM - dry) / (phi - dry)));
      const b2 = Math.max(0, Math.min(1, (w2 / DEEP_MM - wp) / (fc - wp)));
      const evap = pet * (1 - fv) * e1;
      const tr = pet * fv * 0.8;
      w1 -= evap + tr * TOP_UPTAKE_SHARE * b1;
      w2 -= tr * (1 - TOP_UPTAKE_SHARE) * b2;
    }
    theta1[i] = Math.max(THETA_FLOOR, Math.min(phi, w1 / TOP_MM));
    theta2[i] = Math.max(THETA_FLOOR, Math.min(phi, w2 / DEEP_MM));
  }
}
