import { pairedMoments } from "./pairedMoments";
import { pearsonPValue } from "./pearsonPValue";

/** Why a comparison has no (or only partial) metrics. */
export type ComparisonStatus = "ok" | "too_few_pairs" | "constant_input";

/** Options of {@link compareSeries}. */
export interface CompareSeriesOptions {
  /** Minimum number of jointly valid pairs; fewer give status `too_few_pairs` and all-NaN metrics. Default 3. */
  minPairs?: number;
  /**
   * What a constant series (all valid values equal) does, status `constant_input`:
   * `"nan-correlation"` (default) sets r, pValue and — when the reference is constant — slope and
   * intercept to NaN and keeps the error metrics (RMSE, MAE, bias, ubRMSD, rRMSE), which stay well defined;
   * `"nan-all"` sets every metric to NaN (strict pytesmo-style).
   */
  constantInput?: "nan-correlation" | "nan-all";
}

/** All metrics of one prediction/reference comparison. Units: those of the inputs (m³ m⁻³ for soil moisture). */
export interface SeriesComparison {
  status: ComparisonStatus;
  /** Jointly valid pairs (always reported, also when the status is not ok). */
  n: number;
  /** Pearson correlation. */
  r: number;
  /** Two-sided p-value of r (t-test, n − 2 df). */
  pValue: number;
  /** RMSE = RMSD = √mean((p − o)²). */
  rmse: number;
  /** mean |p − o|. */
  mae: number;
  /** mean(p − o). */
  bias: number;
  /** √(RMSE² − bias²). */
  ubrmsd: number;
  /** OLS slope of p on o. */
  slope: number;
  /** OLS intercept of p on o. */
  intercept: number;
  /** RMSE / mean(o), a fraction. */
  rrmse: number;
  /** mean(p) over valid pairs. */
  meanPred: number;
  /** mean(o) over valid pairs. */
  meanRef: number;
}

/**
 * Compares a prediction with a reference series: joint NaN masking (a pair counts only when both
 * values are finite), then n, Pearson r and its p-value, RMSE (= RMSD), MAE, bias, ubRMSD,
 * OLS slope/intercept of prediction on reference and rRMSE. The metric formulas are the
 * replication's assumptions listed in docs/paper.md §13 (the paper's equations are not recovered).
 *
 * Status: `too_few_pairs` when n < minPairs (every metric NaN, n kept), `constant_input` when either
 * series is constant over the valid pairs (see {@link CompareSeriesOptions.constantInput}), else `ok`.
 *
 * @param pred prediction (e.g. downscaled), any numeric array-like
 * @param ref reference (e.g. GLDAS or in situ), same length
 * @param options `minPairs` (default 3), `constantInput` (default "nan-correlation")
 * @throws RangeError when the lengths differ, `minPairs` is not an integer ≥ 1, or `constantInput` is unknown
 * @example
 * const c = compareSeries([0.1, 0.2, 0.35, NaN], [0.12, 0.18, 0.3, 0.2]);
 * c.status; // "ok"
 * c.n;      // 3
 */
export function compareSeries(pred: ArrayLike<number>, ref: ArrayLike<number>, options: CompareSeriesOptions = {}): SeriesComparison {
  const minPairs = options.minPairs ?? 3;
  const constantInput = options.constantInput ?? "nan-correlation";
  if (!Number.isInteger(minPairs) || minPairs < 1) throw new RangeError(`compareSeries: minPairs must be an integer >= 1, got ${minPairs}`);
  if (constantInput !== "nan-correlation" && constantInput !== "nan-all") {
    throw new RangeError(`compareSeries: constantInput must be "nan-correlation" or "nan-all", got ${String(constantInput)}`);
  }
  if (pred.length !== ref.length) {
    throw new RangeError(`compareSeries: pred and ref must have the same length, got ${pred.length} and ${ref.length}`);
  }
  const m = pairedMoments(pred, ref);
  const out: SeriesComparison = {
    status: "ok", n: m.n, r: NaN, pValue: NaN, rmse: NaN, mae: NaN, bias: NaN, ubrmsd: NaN,
    slope: NaN, intercept: NaN, rrmse: NaN, meanPred: NaN, meanRef: NaN,
  };
  if (m.n < minPairs || m.n < 2) {
    out.status = "too_few_pairs";
    return out;
  }
  const constant = m.predConstant || m.refConstant;
  if (constant) {
    out.status = "constant_input";
    if (constantInput === "nan-all") return out;
  }
  out.meanPred = m.meanPred;
  out.meanRef = m.meanRef;
  out.rmse = Math.sqrt(m.sumSqDiff / m.n);
  out.mae = m.sumAbsDiff / m.n;
  out.bias = m.meanPred - m.meanRef;
  out.ubrmsd = Math.sqrt(Math.max(0, m.syy + m.sxx - 2 * m.sxy) / m.n);
  out.rrmse = m.meanRef === 0 ? NaN : out.rmse / m.meanRef;
  if (!m.refConstant) {
    out.slope = m.sxy / m.sxx;
    out.intercept = m.meanPred - out.slope * m.meanRef;
  }
  if (!constant) {
    out.r = Math.max(-1, Math.min(1, m.sxy / Math.sqrt(m.sxx * m.syy)));
    out.pValue = pearsonPValue(out.r, m.n);
  }
  return out;
}
