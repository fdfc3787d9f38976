import { inverseNormalCdf } from "./normalTables";
/**
 * The twin's deterministic randomness: no `Math.random` anywhere in the twin.
 *
 * Two tools, both 32-bit integer arithmetic only (bit-identical on every JavaScript engine):
 *
 * - {@link SplitMix32}: a sequential generator. State advances by the Weyl constant 0x9E3779B9 (the
 *   golden ratio · 2³²) and each output is the state passed through MurmurHash3's 32-bit finaliser
 *   `fmix32` (Appleby 2011). This is the 32-bit analogue of Steele, Lea & Flood's SplitMix64
 *   (OOPSLA 2014); it passes the usual smoke tests and is ample for a synthetic data generator.
 * - {@link hash4}: a counter-based generator — the uniform number for a key (stream, a, b, c) is
 *   fmix32 applied to a mix of the key, so a value depends only on its key, never on the order of
 *   calls. The twin keys static noise by global lattice coordinates, which makes a field at a place
 *   the same whatever grid or window asks for it.
 */

/** MurmurHash3 fmix32 finaliser: a bijective avalanche on 32-bit integers. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hash of four 32-bit integers to a 32-bit unsigned integer (counter-based randomness).
 * @example
 * hash4(1, 2, 3, 4) === hash4(1, 2, 3, 4); // true, and differs from hash4(1, 2, 3, 5)
 */
export function hash4(a: number, b: number, c: number, d: number): number {
  let h = fmix32((a ^ 0x9e3779b9) >>> 0);
  h = fmix32((h ^ Math.imul(b | 0, 0x85ebca6b)) >>> 0);
  h = fmix32((h ^ Math.imul(c | 0, 0xc2b2ae35)) >>> 0);
  h = fmix32((h ^ Math.imul(d | 0, 0x27d4eb2f)) >>> 0);
  return h;
}

/** Uniform number in (0, 1) for a key: (hash + 0.5) / 2³². */
export function hashUniform(a: number, b: number, c: number, d: number): number {
  return (hash4(a, b, c, d) + 0.5) / 4294967296;
}

/**
 * Standard normal number for a key: Φ⁻¹ of the keyed uniform, from a 4,097-entry table of Acklam's
 * inverse-normal approximation with linear interpolation (tails clipped at |z| ≈ 5.3).
 */
export function hashGauss(a: number, b: number, c: number, d: number): number {
  return gaussOfHash(hash4(a, b, c, d));
}

/** Standard normal number from a 32-bit unsigned hash (inverse-CDF table, see {@link hashGauss}). */
export function gaussOfHash(h: number): number {
  const x = (h + 0.5) * (GAUSS_N / 4294967296);
  const i = Math.floor(x);
  return GAUSS_TABLE[i] + (x - i) * (GAUSS_TABLE[i + 1] - GAUSS_TABLE[i]);
}

const GAUSS_N = 4096;
const GAUSS_TABLE = (() => {
  const t = new Float64Array(GAUSS_N + 1);
  for (let i = 0; i <= GAUSS_N; i++) t[i] = inverseNormalCdf(Math.min(1 - 1e-7, Math.max(1e-7, i / GAUSS_N)));
  return t;
})();


/**
 * Sequential 32-bit SplitMix generator (Weyl sequence + fmix32).
 * @example
 * const r = new SplitMix32(42);
 * const u = r.next(); // in (0, 1), same sequence for the same seed
 */
export class SplitMix32 {
  private state: number;
  /** @throws RangeError when `seed` is not a finite number. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`SplitMix32: seed must be a finite number, got ${seed}`);
    this.state = (Math.floor(seed) >>> 0) ^ 0x6a09e667;
  }
  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return fmix32(this.state);
  }
  /** Next uniform number in (0, 1). */
  next(): number {
    return (this.nextUint32() + 0.5) / 4294967296;
  }
  /** Next standard normal number (Box–Muller). */
  gauss(): number {
    const u1 = this.next();
    const u2 = this.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}
