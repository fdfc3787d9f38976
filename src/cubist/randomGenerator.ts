/**
 * Cubist's own random number generator ("KRandom", algorithm description §14.1): a subtractive
 * lagged-Fibonacci generator with 55 slots whose indices are 31 apart. Reproducing it exactly is
 * what makes `sample` with a seed select the same training rows as the reference implementation.
 *
 * @example
 * const g = new CubistRandom();
 * g.reset(7);
 * g.next(); // 0.39208619180768844
 */
export class CubistRandom {
  private readonly u = new Float64Array(55);
  private f = 0;
  private s = 0;

  /**
   * Next uniform draw in [0, 1). The first draw of a fresh (or reset) generator initialises the
   * state from the constants 1.0 and 0.314159285 with six warm-up passes.
   */
  next(): number {
    const u = this.u;
    if (this.f === this.s) {
      this.f = 0;
      this.s = 31;
      let v1 = 1.0;
      let v2 = 0.314159285;
      for (let i = 1; i <= 55; i++) {
        const j = (21 * i) % 55;
        u[j] = v1;
        const old = v1;
        v1 = v2 - v1;
        if (v1 < 0) v1 += 1.0;
        v2 = old;
      }
      for (let pass = 0; pass < 6; pass++) {
        for (let i = 0; i < 55; i++) {
          u[i] -= u[(i + 30) % 55];
          if (u[i] < 0) u[i] += 1.0;
        }
      }
    }
    this.f = (this.f + 1) % 55;
    this.s = (this.s + 1) % 55;
    u[this.f] -= u[this.s];
    if (u[this.f] < 0) u[this.f] += 1.0;
    return u[this.f];
  }

  /**
   * Restarts the stream for `seed`: the state is cleared and `seed + 1000` values are drawn
   * (the first of them re-initialises the slots), as Cubist's `ResetKR` does.
   * @throws RangeError when `seed` is not an integer ≥ −1000.
   */
  reset(seed: number): void {
    if (!Number.isInteger(seed) || seed < -1000) {
      throw new RangeError(`seed must be an integer >= -1000, got ${seed}`);
    }
    this.f = 0;
    this.s = 0;
    for (let i = 0; i < seed + 1000; i++) this.next();
  }
}
