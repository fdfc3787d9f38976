import type { CaseColumns } from "./caseColumns";
import type { CubistModel } from "./model";
import { MAX_NEIGHBOURS_KEPT, NeighbourIndex } from "./neighbourIndex";


/** Inputs of {@link instanceCorrection}. */
export interface InstanceCorrectionInput {
  model: CubistModel;
  /** Cases to correct (resolved columns) and their committee rule predictions. */
  cases: CaseColumns;
  casePredictions: Float64Array;
  /** Training instances (resolved with the same value lists as `cases`), their targets and rule predictions. */
  instances: CaseColumns;
  instanceTargets: Float64Array;
  instancePredictions: Float64Array;
  /** Number of neighbours K, 1..9. */
  neighbors: number;
  /** Neighbourhood radius MAXD in distance units. */
  maxd: number;
  /** Skip instance i when correcting case i (cases = the instances: leave-one-out training evaluation). Default false. */
  excludeSelf?: boolean;
  /** Correct only these case rows (ascending or not; each once). Default: every row. */
  rows?: Int32Array;
}

/**
 * Cubist's instance-based correction (algorithm description §13), applied in place to
 * `casePredictions` (rows with a NaN prediction are left alone).
 *
 * Distance (Manhattan, over every predictor, accumulated in double, then float32 and rounded to a
 * multiple of 1/16): continuous `min(1, |x1 − x2| / (5·sd))`; unordered discrete 0 if equal,
 * else `2/k` (k = number of known values of the attribute); ordered discrete 0 (Cubist quirk).
 * Neighbours: the instances the reference's KD-tree search finds within MAXD (and within the
 * K-th distance found so far), nearest first, at most 20 (ties at the 20th place keep the
 * instances examined last). With fewer than ⌈K/2⌉ neighbours the rule
 * prediction stays. Otherwise each neighbour j gives `clamp(y_j + P(x) − P_j, Floor, Ceiling)`
 * with weight `1/(d_j + 0.5)`; neighbours are taken in groups of equal distance while the count
 * stays ≤ K, a group that would overflow has its weights scaled by float32((K − count)/(group size));
 * the weighted mean, clamped to [Floor, Ceiling] and stored as float32, replaces the prediction.
 *
 * Neighbours are found with a {@link NeighbourIndex}, a replica of the reference's KD-tree search
 * (the same neighbours, which a brute-force scan does not always give). The overflow factor is
 * held as float32, as in the reference (checked to the last bit against the C program).
 */
export function instanceCorrection(input: InstanceCorrectionInput): void {
  const { model, cases, casePredictions, instances, instanceTargets, instancePredictions, neighbors: K, maxd } = input;
  const excludeSelf = input.excludeSelf ?? false;
  const f = Math.fround;
  const index = new NeighbourIndex(model, instances);
  const floor = f(model.floor), ceiling = f(model.ceiling);
  const bestD = new Float64Array(MAX_NEIGHBOURS_KEPT);
  const bestJ = new Int32Array(MAX_NEIGHBOURS_KEPT);
  const minFound = (K + 1) >> 1;
  const rows = input.rows;
  const nWork = rows ? rows.length : cases.nRows;
  for (let r = 0; r < nWork; r++) {
    const i = rows ? rows[r] : r;
    const px = casePredictions[i];
    if (px !== px) continue;
    const found = index.search(cases, i, maxd, bestD, bestJ, excludeSelf ? i : -1, K);
    if (found < minFound) continue;
    let wsum = 0, vsum = 0, count = 0;
    let g = 0;
    while (g < found && count < K) {
      let h = g;
      while (h < found && bestD[h] === bestD[g]) h++;
      const size = h - g;
      const factor = count + size <= K ? 1 : f((K - count) / size); // a float in the reference
      for (let q = g; q < h; q++) {
        const j = bestJ[q];
        let adj = instanceTargets[j] + px - instancePredictions[j];
        if (adj < floor) adj = floor; else if (adj > ceiling) adj = ceiling;
        const w = factor / (bestD[q] + 0.5);
        wsum += w;
        vsum += w * adj;
      }
      count += size;
      g = h;
    }
    let est = vsum / wsum;
    if (est < floor) est = floor; else if (est > ceiling) est = ceiling;
    casePredictions[i] = f(est);
  }
}
