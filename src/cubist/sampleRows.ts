/**
 * Cubist's `sample` option (algorithm description §14.2): selection sampling of the training
 * records in file order with Cubist's own generator, so that a seed selects the same rows as the
 * reference implementation.
 */
import { CubistRandom } from "./randomGenerator";

/**
 * Selects `trunc(nRecords·percent/100 + 0.5)` of `nRecords` records, in order.
 * Returns the selected record indices; `rng` is reset with `seed` first and continues after.
 * @example
 * sampleRows(405, 50, 7, new CubistRandom()).length; // 203
 */
export function sampleRows(nRecords: number, percent: number, seed: number, rng: CubistRandom): Int32Array {
  let want = Math.trunc((nRecords * percent) / 100 + 0.5);
  const out = new Int32Array(want);
  rng.reset(seed);
  let k = 0;
  for (let i = 0, left = nRecords; i < nRecords; i++, left--) {
    if (rng.next() < Math.fround(want / left)) {
      out[k++] = i;
      want--;
    }
  }
  return out.subarray(0, k);
}
