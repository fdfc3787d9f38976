/** One predictor subset as {@link subsetTradeoffs} reads it (a variable-selection row joined with its 1 km coverage). */
export interface SubsetTradeoffInput {
  /** The subset's predictors. */
  set: readonly string[];
  /** Grouped-CV RMSE and its standard error, m³ m⁻³ (NaN: failed or no CV; such rows are ignored). */
  cvRmse: number;
  cvRmseSe: number;
  /** Share of 1 km land pixel-days with a prediction, 0–1. */
  coverage: number;
  /** RMSE against the 1 km truth, m³ m⁻³ (NaN on real data). */
  truthRmse: number;
}

/** What leaving one predictor out of the full set costs and gives. */
export interface PredictorTradeoff {
  predictor: string;
  /** Coverage of the full set without it minus that of the full set (> 0: dropping it gains coverage). */
  coverageGain: number;
  /** CV RMSE of the full set without it minus that of the full set (> 0: the predictor adds skill). */
  cvRmseCost: number;
  /** The same against the 1 km truth (NaN without truth). */
  truthRmseCost: number;
  /** The best subset (lowest CV RMSE) without the predictor, and its coverage gain over the full set. */
  bestWithout: SubsetTradeoffInput | null;
  bestWithoutCoverageGain: number;
}

/** Result of {@link subsetTradeoffs}. */
export interface SubsetTradeoffs {
  full: SubsetTradeoffInput;
  /** The lowest CV RMSE. */
  best: SubsetTradeoffInput;
  /** best.cvRmse + best.cvRmseSe (the one-standard-error threshold). */
  threshold: number;
  /** Fewest predictors with CV RMSE ≤ threshold (ties: the lower CV RMSE); the paper's "few inputs" in numbers. */
  fewest: SubsetTradeoffInput;
  /** Among the subsets within the threshold, the one with the highest coverage. */
  widest: SubsetTradeoffInput;
  /** Per predictor asked for (e.g. the cloud-limited LST and NDVI). */
  predictors: PredictorTradeoff[];
}

/**
 * The paper's argument for few inputs answered with numbers from the all-subsets experiment: the best subset by
 * grouped-CV RMSE, the fewest predictors within one standard error of it (Breiman's 1-se rule), the widest-coverage
 * subset within that error, and for each named predictor what leaving it out of the full set gains in 1 km coverage
 * and costs in CV and truth RMSE, with the best subset without it.
 * @param rows one per subset (failed rows, NaN cvRmse, are ignored)
 * @param options `full`: the full predictor set (required; must be one of the rows); `predictors`: the predictors to
 *   cost (default none)
 * @throws RangeError when no row has a finite cvRmse, `full` is not one of the rows, or a predictor is not in `full`
 * @example subsetTradeoffs(rows, { full: ["ascat_sm", "amsr2_sm", "lst", "ndvi", "landcover", "dem"], predictors: ["lst", "ndvi"] }).fewest.set;
 */
export function subsetTradeoffs(rows: readonly SubsetTradeoffInput[], options: { full: readonly string[]; predictors?: readonly string[] }): SubsetTradeoffs {
  const who = "subsetTradeoffs";
  const key = (s: readonly string[]) => [...s].sort().join("+");
  const ok = rows.filter((r) => Number.isFinite(r.cvRmse));
  if (!ok.length) throw new RangeError(`${who}: no row has a finite cvRmse (run the selection with folds)`);
  const full = ok.find((r) => key(r.set) === key(options.full));
  if (!full) throw new RangeError(`${who}: options.full '${options.full.join("+")}' is not one of the fitted rows`);
  const lowest = (a: SubsetTradeoffInput, b: SubsetTradeoffInput) => (b.cvRmse < a.cvRmse ? b : a);
  const best = ok.reduce(lowest);
  const threshold = best.cvRmse + (Number.isFinite(best.cvRmseSe) ? best.cvRmseSe : 0);
  const within = ok.filter((r) => r.cvRmse <= threshold);
  const fewest = within.reduce((a, b) => (b.set.length < a.set.length || (b.set.length === a.set.length && b.cvRmse < a.cvRmse) ? b : a));
  const widest = within.reduce((a, b) => (b.coverage > a.coverage || (b.coverage === a.coverage && b.cvRmse < a.cvRmse) ? b : a));
  const predictors = (options.predictors ?? []).map((p): PredictorTradeoff => {
    if (!options.full.includes(p)) throw new RangeError(`${who}: options.predictors has '${p}', not in options.full`);
    const minus = ok.find((r) => key(r.set) === key(options.full.filter((x) => x !== p)));
    const without = ok.filter((r) => !r.set.includes(p));
    const bestWithout = without.length ? without.reduce(lowest) : null;
    return {
      predictor: p,
      coverageGain: minus ? minus.coverage - full.coverage : NaN,
      cvRmseCost: minus ? minus.cvRmse - full.cvRmse : NaN,
      truthRmseCost: minus ? minus.truthRmse - full.truthRmse : NaN,
      bestWithout, bestWithoutCoverageGain: bestWithout ? bestWithout.coverage - full.coverage : NaN,
    };
  });
  return { full, best, threshold, fewest, widest, predictors };
}
