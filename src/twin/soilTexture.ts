import { fractalNoise, valueNoise } from "./valueNoise";
import { hash4, hashUniform } from "./prng";

/** Soil texture at a place: sand and clay as mass fractions (0–1) and organic matter in % by mass. */
export interface SoilTexture { sand: number; clay: number; organicMatter: number }

/** Hydraulic properties from {@link saxtonRawls}: volumetric water contents (m³ m⁻³) and Ks (mm h⁻¹). */
export interface SoilHydraulics {
  wiltingPoint: number; fieldCapacity: number; porosity: number; ksat: number;
  /** Slope B of the moisture–tension curve ln ψ = A − B ln θ (Campbell's b): K(θ) = Ks (θ/φ)^(3 + 2B). */
  poreIndex: number;
  /**
   * Air-dry water content, m³ m⁻³: the same moisture–tension curve extended from 1,500 kPa to
   * {@link AIR_DRY_KPA} (θ = θ₁₅₀₀ · (1500 / 100,000)^(1/B)). Bare soil keeps evaporating below the wilting
   * point (a plant limit) down to about this.
   */
  airDry: number;
}

/** Matric suction of air-dry soil, kPa (−100 MPa; a soil in equilibrium with air of ≈ 48 % relative humidity at 20 °C). */
export const AIR_DRY_KPA = 100_000;

/**
 * Pedotransfer of Saxton & Rawls (2006), "Soil water characteristic estimates by texture and organic matter
 * for hydrologic solutions", Soil Sci. Soc. Am. J. 70:1569–1578 (their equations 1–3, 5 and 16), density
 * factor 1, no gravel: water content at 1,500 kPa (wilting point), at 33 kPa (field capacity), at saturation
 * (porosity) and saturated conductivity Ks = 1930 (θs − θ33)^(3 − λ), λ = 1/B,
 * B = (ln 1500 − ln 33) / (ln θ33 − ln θ1500); the air-dry content extends that curve to 100 MPa.
 *
 * @param t sand and clay fractions 0–1, organic matter % (the equations hold for OM ≤ 8 %, clay ≤ 60 %).
 * @throws RangeError naming `sand`, `clay` or `organicMatter` when outside those ranges or sand + clay > 1.
 * @example
 * saxtonRawls({ sand: 0.4, clay: 0.2, organicMatter: 2.5 }); // loam: wp ≈ 0.14, fc ≈ 0.28, φ ≈ 0.46, Ks ≈ 15 mm/h
 */
export function saxtonRawls(t: SoilTexture): SoilHydraulics {
  const S = t.sand, C = t.clay, OM = t.organicMatter;
  if (!(S >= 0 && S <= 1)) throw new RangeError(`saxtonRawls: sand must be a fraction in [0, 1], got ${S}`);
  if (!(C >= 0 && C <= 0.6)) throw new RangeError(`saxtonRawls: clay must be a fraction in [0, 0.6], got ${C}`);
  if (S + C > 1 + 1e-9) throw new RangeError(`saxtonRawls: sand + clay must be ≤ 1, got ${S + C}`);
  if (!(OM >= 0 && OM <= 8)) throw new RangeError(`saxtonRawls: organicMatter must be in [0, 8] %, got ${OM}`);
  const t1500 = -0.024 * S + 0.487 * C + 0.006 * OM + 0.005 * S * OM - 0.013 * C * OM + 0.068 * S * C + 0.031;
  const wp = t1500 + (0.14 * t1500 - 0.02);
  const t33 = -0.251 * S + 0.195 * C + 0.011 * OM + 0.006 * S * OM - 0.027 * C * OM + 0.452 * S * C + 0.299;
  const fc = t33 + (1.283 * t33 * t33 - 0.374 * t33 - 0.015);
  const ts33 = 0.278 * S + 0.034 * C + 0.022 * OM - 0.018 * S * OM - 0.027 * C * OM - 0.584 * S * C + 0.078;
  const s33 = ts33 + (0.636 * ts33 - 0.107);
  const phi = fc + s33 - 0.097 * S + 0.043;
  const B = (Math.log(1500) - Math.log(33)) / (Math.log(fc) - Math.log(wp));
  const ksat = 1930 * Math.pow(Math.max(0, phi - fc), 3 - 1 / B);
  const airDry = wp * Math.pow(1500 / AIR_DRY_KPA, 1 / B);
  return { wiltingPoint: wp, fieldCapacity: fc, porosity: phi, ksat, poreIndex: B, airDry };
}

/** Places the parent-material provinces of {@link soilTextureAt} are seeded on: a jittered lattice, degrees. */
export const PROVINCE_SPACING = 1.2;

/**
 * Parent material of a geology-like province: a Voronoi tessellation of jittered lattice points, its
 * boundaries bent by a warp of the coordinates (fractal noise, ± ≈ 0.4°), so no boundary is a straight line.
 * Each province draws a sand and clay offset (granite-like sandy, basalt/shale-like clayey, loess-like silty).
 * @returns sand and clay offsets (fractions) of the province.
 */
export function provinceMaterial(lon: number, lat: number, seed: number): { dSand: number; dClay: number } {
  const wx = lon + 0.35 * fractalNoise(lon, lat, 0.8, 3, seed, 121);
  const wy = lat + 0.35 * fractalNoise(lon, lat, 0.8, 3, seed, 122);
  const s = PROVINCE_SPACING;
  const ix = Math.floor(wx / s), iy = Math.floor(wy / s);
  let best = Infinity, bx = 0, by = 0;
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const gx = ix + dx, gy = iy + dy;
      const px = (gx + hashUniform(seed, 123, gx, gy)) * s, py = (gy + hashUniform(seed, 124, gx, gy)) * s;
      const d = (px - wx) ** 2 + (py - wy) ** 2;
      if (d < best) { best = d; bx = gx; by = gy; }
    }
  }
  const kind = hash4(seed, 125, bx, by) % 4; // 0 granite-like, 1 basalt/shale-like, 2 loess-like, 3 mixed
  const u = hashUniform(seed, 126, bx, by) - 0.5;
  const dSand = [0.18, -0.12, -0.15, 0][kind] + 0.08 * u;
  const dClay = [-0.06, 0.12, -0.02, 0][kind] - 0.05 * u;
  return { dSand, dClay };
}

/**
 * Topsoil texture at a place (SYNTHETIC): a climate base (weathering makes the warm humid south clayey,
 * arid soils sandy), plus the place's parent-material province ({@link provinceMaterial}), plus relief
 * (ridges and steep slopes keep coarse material, hollows and valley floors collect fines: ± 0.12 sand per
 * 300 m of local relative height), plus correlated random fields at 30 km → 2 km. Organic matter rises with
 * humidity and coolness and under forest. Sand + clay ≤ 0.95, clay 0.04–0.55, sand 0.05–0.9.
 *
 * @param relHeight height above the local mean terrain, m (positive on ridges, negative in valleys)
 * @param forest 1 under forest, 0 otherwise
 * @example soilTextureAt(127.3, 36.4, 40, 12.5, 1300, 0, 1); // a sand/clay/OM triple
 */
export function soilTextureAt(lon: number, lat: number, relHeight: number, tMean: number, pAnnual: number, forest: number, seed: number): SoilTexture {
  const humid = Math.max(0, Math.min(1, (pAnnual - 300) / 1300));
  const warm = Math.max(0, Math.min(1, (tMean - 4) / 18));
  let clay = 0.12 + 0.16 * humid * warm + 0.04 * humid;
  let sand = 0.55 - 0.25 * humid - 0.08 * warm;
  const prov = provinceMaterial(lon, lat, seed);
  sand += prov.dSand; clay += prov.dClay;
  const rel = Math.tanh(relHeight / 300);
  sand += 0.12 * rel; clay -= 0.06 * rel;
  const n1 = fractalNoise(lon, lat, 0.3, 4, seed, 127);
  const n2 = valueNoise(lon, lat, 0.03, seed, 128);
  sand += 0.07 * n1 + 0.035 * n2;
  clay += 0.04 * fractalNoise(lon, lat, 0.3, 4, seed, 129) - 0.015 * n2;
  clay = Math.max(0.04, Math.min(0.55, clay));
  sand = Math.max(0.05, Math.min(0.9, sand));
  if (sand + clay > 0.95) sand = 0.95 - clay;
  const om = Math.max(0.3, Math.min(6, 0.6 + 2.2 * humid * (1 - 0.5 * warm) + 1.2 * forest + 0.3 * valueNoise(lon, lat, 0.1, seed, 130)));
  return { sand, clay, organicMatter: om };
}

/** The points of a soil's moisture–tension curve that {@link equalPotentialTheta} uses, m³ m⁻³, and Campbell's B. */
export interface RetentionPoints { wiltingPoint: number; fieldCapacity: number; porosity: number; poreIndex: number }

/**
 * The water content of soil `to` at the matric potential that soil `from` has at water content θ — how water
 * shared between two soils in contact settles (equal potential, not equal content). Below field capacity on
 * the Saxton–Rawls/Campbell curve ψ = 1500 kPa · (wp/θ)^B (33 kPa at fc, 1,500 kPa at wp, extended below wp
 * as for the air-dry content); between field capacity and saturation at the same share of (φ − fc).
 * Clamped to [0.02, φ_to]. A clay holds more water than a sand at the same potential.
 *
 * @example equalPotentialTheta(0.2, loam, sand); // the sand's θ at the loam's potential at 0.2 m³ m⁻³
 * @throws RangeError when θ is not a finite number ≥ 0.
 */
export function equalPotentialTheta(theta: number, from: RetentionPoints, to: RetentionPoints): number {
  if (!(theta >= 0 && Number.isFinite(theta))) throw new RangeError(`equalPotentialTheta: theta must be a finite number ≥ 0, got ${theta}`);
  let out: number;
  if (theta >= from.fieldCapacity) {
    const s = Math.max(0, Math.min(1, (theta - from.fieldCapacity) / (from.porosity - from.fieldCapacity)));
    out = to.fieldCapacity + s * (to.porosity - to.fieldCapacity);
  } else {
    const psi = 1500 * Math.pow(from.wiltingPoint / Math.max(theta, 1e-6), from.poreIndex);
    out = to.wiltingPoint * Math.pow(1500 / psi, 1 / to.poreIndex);
  }
  return Math.max(0.02, Math.min(to.porosity, out));
}

/** Daily drainage coefficient of the bucket above field capacity (1/day) from Ks (mm/h): 1 − exp(−Ks / 20), in [0.05, 0.85]. */
export function drainageFromKsat(ksat: number): number {
  return Math.max(0.05, Math.min(0.85, 1 - Math.exp(-ksat / 20)));
}
