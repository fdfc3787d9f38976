import { compareSeries } from "../metrics/compareSeries";

/** One group's metrics (prediction vs reference). RMSE and bias in the units of the inputs. */
export interface GroupMetricsRow {
  group: string;
  n: number;
  r: number;
  rmse: number;
  slope: number;
  bias: number;
}

/** Options of {@link metricsByGroup}. */
export interface MetricsByGroupOptions {
  /** The group of each pair (same length as the data); null = in no group. */
  groups: ArrayLike<string | null>;
  /** Order of the groups in the result; groups not listed follow in first-seen order. Default: first-seen order. */
  order?: readonly string[];
  /** Minimum pairs per group (fewer: NaN metrics, n kept). Default 3. */
  minPairs?: number;
}

/**
 * Prediction-vs-reference metrics ({@link compareSeries}: n, r, RMSE, OLS slope of prediction on reference,
 * bias) for each group of the pairs — e.g. per season or per land-cover class of the samples — plus an
 * "all" row. Pairs with a NaN on either side are left out (joint masking).
 * @example
 * metricsByGroup(pred, gldas, { groups: dates.map(seasonOf) });
 * // [{ group: "MAM", n, r, rmse, slope, bias }, …, { group: "all", … }]
 * @throws RangeError when the lengths of pred, ref and groups differ or minPairs is not an integer ≥ 1
 */
export function metricsByGroup(pred: ArrayLike<number>, ref: ArrayLike<number>, options: MetricsByGroupOptions): GroupMetricsRow[] {
  const minPairs = options.minPairs ?? 3;
  const groups = options.groups;
  if (!groups || typeof groups.length !== "number") throw new TypeError("metricsByGroup: groups must be an array of group names");
  if (!Number.isInteger(minPairs) || minPairs < 1) throw new RangeError(`metricsByGroup: minPairs must be an integer >= 1, got ${minPairs}`);
  if (pred.length !== ref.length || groups.length !== ref.length) {
    throw new RangeError(`metricsByGroup: pred, ref and groups must have the same length, got ${pred.length}, ${ref.length} and ${groups.length}`);
  }
  const index = new Map<string, number[]>();
  for (const g of options.order ?? []) index.set(g, []);
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (g === null) continue;
    let list = index.get(g);
    if (!list) { list = []; index.set(g, list); }
    list.push(i);
  }
  const row = (group: string, p: ArrayLike<number>, o: ArrayLike<number>): GroupMetricsRow => {
    const m = compareSeries(p, o, { minPairs });
    return { group, n: m.n, r: m.r, rmse: m.rmse, slope: m.slope, bias: m.bias };
  };
  const rows: GroupMetricsRow[] = [];
  index.forEach((rowsOf, g) => {
    rows.push(row(g, Float64Array.from(rowsOf, (i) => pred[i]), Float64Array.from(rowsOf, (i) => ref[i])));
  });
  rows.push(row("all", pred, ref));
  return rows;
}
