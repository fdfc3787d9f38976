/**
 * The neighbourhood radius MAXD of the instance-based correction (algorithm description §13.2):
 * the mean distance between T = min(n, 1000) training cases and randomly drawn partners, rounded
 * to 1/16. The reference draws partners from the instance array after its KD-tree reordering; we
 * use file order, so the value can differ in the last 1/16 (tests compare it after R's rounding to
 * one decimal).
 */
import type { CubistRandom } from "./randomGenerator";
import type { TrainingData } from "./trainingData";
import { f32 } from "./trainingData";

/** Manhattan distance of §13.1 between training cases i and j. */
export function caseDistance(data: TrainingData, i: number, j: number): number {
  let d = 0;
  for (let a = 1; a < data.nAtt; a++) {
    if (data.skip[a]) continue;
    if (data.discrete[a]) {
      const v = data.disc[a] as Int32Array;
      if (v[i] !== v[j]) d += 2 / (data.values[a] as string[]).length;
    } else {
      const x = data.cont[a] as Float32Array;
      d += Math.min(1, Math.abs(x[i] - x[j]) / (5 * data.attSd[a]));
    }
  }
  return f32(d);
}

/** MAXD (multiple of 1/16) computed with `rng` continuing from its current state. */
export function neighbourRadius(data: TrainingData, rng: CubistRandom): number {
  const n = data.n;
  if (n < 2) return 0;
  const T = Math.min(n, 1000);
  let sum = 0;
  for (let t = 0; t < T; t++) {
    const i = T === n ? t : Math.trunc((n * (2 * t + 1)) / (2 * T));
    let j: number;
    do { j = Math.trunc(rng.next() * n); } while (j === i);
    sum += caseDistance(data, i, j);
  }
  return Math.round((16 * sum) / T) / 16;
}
