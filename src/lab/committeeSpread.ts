import type { CubistModel } from "../cubist/model";
import { predict, type PredictOptions } from "../cubist/predict";
import type { ColumnTable } from "../cubist/table";

/** Options of {@link committeeSpread}. */
export interface CommitteeSpreadOptions {
  /** Use the first K members, 2..model.committees.length. Default: all (at least 2 needed). */
  committees?: number;
  /** Delta degrees of freedom of the standard deviation: 0 (population, numpy's default) or 1. Default 0. */
  ddof?: 0 | 1;
  /** Keep each member's predictions in the result (K arrays of nRows). Default false. */
  keepMembers?: boolean;
  /** Passed to {@link predict}: how unseen discrete values are handled. Default "error". */
  unseenDiscrete?: PredictOptions["unseenDiscrete"];
}

/** Result of {@link committeeSpread}. */
export interface CommitteeSpreadResult {
  /** The model's combined rule prediction (exactly what {@link predict} gives without neighbours), per case. */
  prediction: Float64Array;
  /** Standard deviation of the members' predictions per case (target units, e.g. m³ m⁻³). */
  std: Float64Array;
  /** max − min of the members' predictions per case. */
  range: Float64Array;
  /** Smallest / largest member prediction per case. */
  min: Float64Array;
  max: Float64Array;
  /** The members' predictions when `keepMembers`; else null. */
  members: Float64Array[] | null;
  /** Members used; cases; cases with a NaN prediction (unseen discrete values under policy "nan"). */
  counts: { members: number; cases: number; nanCases: number };
}

/**
 * Uncertainty from a Cubist committee: per case (e.g. per 1 km pixel-day) the spread of the committee members'
 * rule predictions, std = √(Σ (pₘ − p̄)² / (K − ddof)) and range = max pₘ − min pₘ over the K members (each member
 * its covering rules' average, as {@link predict} combines them; no neighbour correction). The combined
 * prediction returned is the model's own, unchanged.
 *
 * @throws RangeError naming the option for committees outside 2..(members) or a model with one member, a ddof
 *   other than 0 or 1, or a non-boolean keepMembers; errors of {@link predict} (missing columns, unseen values).
 * @example
 * const model = fit(train, { target: "sm", committees: 10 });
 * const { std, range } = committeeSpread(model, pixels);
 */
export function committeeSpread(model: CubistModel, table: ColumnTable, options: CommitteeSpreadOptions = {}): CommitteeSpreadResult {
  const nAll = model.committees.length;
  const k = options.committees ?? nAll;
  const ddof = options.ddof ?? 0;
  const keepMembers = options.keepMembers ?? false;
  if (!Number.isInteger(k) || k < 2 || k > nAll) {
    throw new RangeError(`committeeSpread: committees must be an integer in 2..${nAll} (the model's members; a spread needs at least 2), got ${k}`);
  }
  if (ddof !== 0 && ddof !== 1) throw new RangeError(`committeeSpread: ddof must be 0 or 1, got ${String(ddof)}`);
  if (typeof keepMembers !== "boolean") throw new RangeError(`committeeSpread: keepMembers must be true or false, got ${String(keepMembers)}`);

  const res = predict(model, table, {
    neighbors: 0, committees: k, coverage: "none", members: true, unseenDiscrete: options.unseenDiscrete,
  });
  const members = res.memberPredictions as Float64Array[];
  const n = res.predictions.length;
  const std = new Float64Array(n), range = new Float64Array(n), min = new Float64Array(n), max = new Float64Array(n);
  let nanCases = 0;
  for (let i = 0; i < n; i++) {
    let s = 0, lo = Infinity, hi = -Infinity;
    for (let m = 0; m < k; m++) {
      const v = members[m][i];
      s += v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (s !== s) { std[i] = range[i] = min[i] = max[i] = NaN; nanCases++; continue; }
    const mean = s / k;
    let q = 0;
    for (let m = 0; m < k; m++) q += (members[m][i] - mean) ** 2;
    std[i] = Math.sqrt(q / (k - ddof));
    range[i] = hi - lo;
    min[i] = lo;
    max[i] = hi;
  }
  return { prediction: res.predictions, std, range, min, max, members: keepMembers ? members : null, counts: { members: k, cases: n, nanCases } };
}
