/** Options shared by the single-metric functions. */
export interface MetricOptions {
  /**
   * Minimum number of jointly valid pairs; below it the metric is NaN. Default 3
   * (the same default as {@link compareSeries}). Must be an integer ≥ 1.
   */
  minPairs?: number;
}

/** Default of {@link MetricOptions.minPairs}. */
export const DEFAULT_MIN_PAIRS = 3;

/**
 * Validates `minPairs` and returns it with its default applied.
 * @throws RangeError naming `minPairs` and the bad value
 * @example
 * resolveMinPairs({}, "rmse"); // 3
 */
export function resolveMinPairs(options: MetricOptions, fn: string): number {
  const minPairs = options.minPairs ?? DEFAULT_MIN_PAIRS;
  if (!Number.isInteger(minPairs) || minPairs < 1) {
    throw new RangeError(`${fn}: minPairs must be an integer >= 1, got ${minPairs}`);
  }
  return minPairs;
}
