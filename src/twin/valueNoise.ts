import { hash4, hashGauss } from "./prng";

/**
 * Smooth static noise at a place: value noise on a global lattice of `spacing` degrees whose node values
 * are keyed standard normals (hashGauss(seed, stream, ix, iy)), interpolated with smoothstep weights and
 * divided by the interpolation's standard deviation, so the result is N(0, 1) at every point.
 * Because nodes are keyed by global lattice indices, the value at a place does not depend on the grid
 * that asks for it.
 *
 * @param lon degrees east; @param lat degrees north; @param spacing lattice spacing in degrees (> 0).
 * @example
 * const z = valueNoise(127.5, 36.2, 0.5, 7, 3); // a standard-normal number, same every call
 */
export function valueNoise(lon: number, lat: number, spacing: number, seed: number, stream: number): number {
  const fx = lon / spacing, fy = lat / spacing;
  const ix = Math.floor(fx), iy = Math.floor(fy);
  let tx = fx - ix, ty = fy - iy;
  tx = tx * tx * (3 - 2 * tx);
  ty = ty * ty * (3 - 2 * ty);
  const w00 = (1 - tx) * (1 - ty), w10 = tx * (1 - ty), w01 = (1 - tx) * ty, w11 = tx * ty;
  const v = w00 * hashGauss(seed, stream, ix, iy) + w10 * hashGauss(seed, stream, ix + 1, iy) +
    w01 * hashGauss(seed, stream, ix, iy + 1) + w11 * hashGauss(seed, stream, ix + 1, iy + 1);
  return v / Math.sqrt(w00 * w00 + w10 * w10 + w01 * w01 + w11 * w11);
}

/**
 * Fractal sum of {@link valueNoise} octaves from `spacing` down by halves (`octaves` of them, gain 0.5),
 * normalised to unit variance.
 */
export function fractalNoise(lon: number, lat: number, spacing: number, octaves: number, seed: number, stream: number): number {
  let sum = 0, norm = 0, amp = 1, s = spacing;
  for (let o = 0; o < octaves; o++) {
    sum += amp * valueNoise(lon, lat, s, seed, stream * 16 + o);
    norm += amp * amp;
    amp *= 0.5;
    s *= 0.5;
  }
  return sum / Math.sqrt(norm);
}

/** Uniform number in [0, 1) keyed by a place on a lattice of `spacing` degrees (white noise per cell). */
export function cellUniform(lon: number, lat: number, spacing: number, seed: number, stream: number): number {
  return hash4(seed, stream, Math.floor(lon / spacing + 1e-9), Math.floor(lat / spacing + 1e-9)) / 4294967296;
}
