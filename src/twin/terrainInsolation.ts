import type { CellFlowNetworkOptions } from "./topographicIndex";

/**
 * Options of {@link cellGradients}: the same cell-nested terrain as the drainage network's (a fine grid whose pixels
 * nest in coarse cells of ratio × ratio pixels; elevation, land mask, pixel sizes in m).
 */
export type CellGradientOptions = CellFlowNetworkOptions;

/**
 * Surface gradient of each land pixel, m m⁻¹, towards east (`dzdx`) and north (`dzdy`): centred differences
 * between the pixel's land neighbours inside its own coarse cell, one-sided where only one of them is there,
 * 0 where neither is. Confined to the cell like the drainage network, so a tile of whole cells gives the same
 * gradients whatever its extent.
 *
 * @example
 * const g = cellGradients({ width: 3, height: 1, ratio: 3, dem: Float32Array.of(0, 10, 20), land: Uint8Array.of(1, 1, 1), pixelHeightM: 1000, pixelWidthM: Float64Array.of(1000) });
 * g.dzdx[1]; // 0.01
 * @throws RangeError naming the option whose size does not match width × height.
 */
export function cellGradients(o: CellGradientOptions): { dzdx: Float32Array; dzdy: Float32Array } {
  const { width: W, height: H, ratio, dem, land } = o;
  const n = W * H;
  if (dem.length !== n) throw new RangeError(`cellGradients: dem has ${dem.length} values, expected width × height = ${n}`);
  if (land.length !== n) throw new RangeError(`cellGradients: land has ${land.length} values, expected ${n}`);
  if (o.pixelWidthM.length !== H) throw new RangeError(`cellGradients: pixelWidthM has ${o.pixelWidthM.length} values, expected height = ${H}`);
  const dzdx = new Float32Array(n), dzdy = new Float32Array(n);
  const ok = (r: number, c: number, br: number, bc: number) => r >= 0 && c >= 0 && r < H && c < W && Math.floor(r / ratio) === br && Math.floor(c / ratio) === bc && land[r * W + c] === 1;
  for (let r = 0; r < H; r++) {
    const br = Math.floor(r / ratio), dx = o.pixelWidthM[r];
    for (let c = 0; c < W; c++) {
      const i = r * W + c;
      if (!land[i]) continue;
      const bc = Math.floor(c / ratio);
      const e = ok(r, c + 1, br, bc), w = ok(r, c - 1, br, bc), nn = ok(r - 1, c, br, bc), s = ok(r + 1, c, br, bc);
      const zE = e ? dem[i + 1] : dem[i], zW = w ? dem[i - 1] : dem[i];
      const zN = nn ? dem[i - W] : dem[i], zS = s ? dem[i + W] : dem[i];
      const nx = (e ? 1 : 0) + (w ? 1 : 0), ny = (nn ? 1 : 0) + (s ? 1 : 0);
      dzdx[i] = nx > 0 ? (zE - zW) / (nx * dx) : 0;
      dzdy[i] = ny > 0 ? (zN - zS) / (ny * o.pixelHeightM) : 0;
    }
  }
  return { dzdx, dzdy };
}

/** Local solar hour of MODIS Terra's daytime overpass (10:30). */
export const TERRA_OVERPASS_HOUR = 10.5;
/** Share of clear-sky solar radiation that is diffuse (isotropic, the same on every slope). */
export const DIFFUSE_SHARE = 0.15;

/**
 * Sun directions (east, north, up) for {@link slopeRatios} at a latitude (degrees) and day of year: first at
 * Terra's overpass, then at the 24 hour angles −172.5°, −157.5°, … 172.5° (15° apart), 3 numbers each. Declination
 * 23.44° sin(2π (doy − 81)/365.25); the vector at hour angle h is (−cos δ sin h, cos φ sin δ − sin φ cos δ cos h,
 * sin φ sin δ + cos φ cos δ cos h).
 * @example sunVectors(36, 196).length; // 75
 */
export function sunVectors(lat: number, doy: number): Float64Array {
  const phi = (lat * Math.PI) / 180;
  const decl = ((23.44 * Math.PI) / 180) * Math.sin((2 * Math.PI * (doy - 81)) / 365.25);
  const sp = Math.sin(phi), cp = Math.cos(phi), sd = Math.sin(decl), cd = Math.cos(decl);
  const out = new Float64Array(75);
  for (let k = 0; k < 25; k++) {
    const h = k === 0 ? ((TERRA_OVERPASS_HOUR - 12) * 15 * Math.PI) / 180 : (((k - 1) * 15 - 172.5) * Math.PI) / 180;
    out[3 * k] = -cd * Math.sin(h); out[3 * k + 1] = cp * sd - sp * cd * Math.cos(h); out[3 * k + 2] = sp * sd + cp * cd * Math.cos(h);
  }
  return out;
}

/**
 * Clear-sky solar radiation on a sloping pixel relative to level ground, at Terra's 10:30 overpass
 * (`overpass`) and summed over the day (`daily`), from the sun directions of {@link sunVectors}: the direct
 * beam goes with the cosine of the angle between the sun and the surface normal (−∂z/∂x, −∂z/∂y, 1)/|·|
 * (0 when the slope faces away), the diffuse share ({@link DIFFUSE_SHARE}) is the same as on the level;
 * the day sums the hour angles with the sun above the horizon. Level ground gives 1 and 1.
 * @param dzdx, dzdy surface gradient towards east and north, m m⁻¹
 * @example slopeRatios(sunVectors(40, 180), 0, 0.1); // a 5.7° south-facing slope in summer: both > 1
 */
export function slopeRatios(sun: Float64Array, dzdx: number, dzdy: number): { overpass: number; daily: number } {
  const norm = Math.sqrt(1 + dzdx * dzdx + dzdy * dzdy);
  const nx = -dzdx / norm, ny = -dzdy / norm, nz = 1 / norm;
  const mix = (slope: number, level: number) => (level > 0 ? (1 - DIFFUSE_SHARE) * (slope / level) + DIFFUSE_SHARE : 1);
  let o1 = 0, o0 = 0, s1 = 0, s0 = 0;
  for (let k = 0; k < 25; k++) {
    const sz = sun[3 * k + 2];
    if (sz <= 0) continue;
    const c = Math.max(0, nx * sun[3 * k] + ny * sun[3 * k + 1] + nz * sz);
    if (k === 0) { o1 = c; o0 = sz; } else { s1 += c; s0 += sz; }
  }
  return { overpass: mix(o1, o0), daily: mix(s1, s0) };
}

/**
 * {@link slopeRatios} at a latitude and day: clear-sky solar radiation on a slope relative to level ground at
 * Terra's 10:30 overpass and over the day. In the northern hemisphere south-facing slopes get more (at 10:30
 * south-east-facing ones most), north-facing ones less: their soils dry faster and their surfaces are warmer.
 * @param lat latitude, degrees; @param doy day of year 1–366; @param dzdx, dzdy surface gradient, m m⁻¹
 * @example slopeInsolation(40, 180, 0, 0.1); // a 5.7° south-facing slope in summer
 */
export function slopeInsolation(lat: number, doy: number, dzdx: number, dzdy: number): { overpass: number; daily: number } {
  return slopeRatios(sunVectors(lat, doy), dzdx, dzdy);
}
