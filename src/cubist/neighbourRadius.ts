/**
 * The neighbourhood radius MAXD of the instance-based correction (algorithm description §13.2):
 * the mean distance between T = min(n, 1000) training cases and randomly drawn partners, rounded
 * to 1/16. Positions refer to the instance array after the KD-tree has reordered it, as in the
 * reference (so the index is built here exactly as prediction builds it).
 */
import { NeighbourIndex, type NeighbourSpace } from "./neighbourIndex";
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
      d += Math.min(1, Math.fround(Math.abs(x[i] - x[j])) / (5 * data.attSd[a]));
    }
  }
  return f32(d);
}

/** The KD-tree over the training cases' predictors (skipped attributes ignored), in the distance space of §13.1. */
export function trainingNeighbourIndex(data: TrainingData): NeighbourIndex {
  const m = data.nAtt - 1;
  const space: NeighbourSpace = { kind: new Uint8Array(m), scale: new Float64Array(m) };
  const columns: (Float32Array | Int32Array | null)[] = [];
  for (let a = 1; a < data.nAtt; a++) {
    if (data.skip[a]) { space.kind[a - 1] = 2; columns.push(null); }
    else if (data.discrete[a]) { space.kind[a - 1] = 1; space.scale[a - 1] = 2 / (data.values[a] as string[]).length; columns.push(data.disc[a]); }
    else { space.kind[a - 1] = 0; space.scale[a - 1] = 5 * data.attSd[a]; columns.push(data.cont[a]); }
  }
  return new NeighbourIndex(space, columns, data.n);
}

/** MAXD (multiple of 1/16) computed with `rng` continuing from its current state. */
export function neighbourRadius(data: TrainingData, rng: CubistRandom): number {
  const n = data.n;
  if (n < 2) return 0;
  const order = trainingNeighbourIndex(data).instanceOrder();
  const T = Math.min(n, 1000);
  let sum = 0;
  for (let t = 0; t < T; t++) {
    const i = T === n ? t : Math.trunc((n * (2 * t + 1)) / (2 * T));
    let j: number;
    do { j = Math.trunc(rng.next() * n); } while (j === i);
    sum += caseDistance(data, order[i], order[j]);
  }
  return Math.round((16 * sum) / T) / 16;
}
