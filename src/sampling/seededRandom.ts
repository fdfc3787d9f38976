/**
 * A seeded pseudo-random generator (mulberry32, 32-bit state): same seed ⇒ same sequence on every
 * platform. Not cryptographic; period 2³².
 *
 * @param seed any finite number (truncated to a 32-bit unsigned integer)
 * @param options `{}` (reserved)
 * @returns a function giving uniform numbers in [0, 1)
 * @throws RangeError when the seed is not finite
 * @example
 * const rnd = seededRandom(42, {});
 * rnd(); // 0.6011037519201636 (always, for seed 42)
 */
export function seededRandom(seed: number, options: Record<string, never> = {}): () => number {
  void options;
  if (!Number.isFinite(seed)) throw new RangeError(`seededRandom: seed must be a finite number, got ${seed}`);
  let a = (Math.trunc(seed) >>> 0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
