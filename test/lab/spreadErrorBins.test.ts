// spreadErrorBins against a hand computation (small case) and scipy's pearsonr / spearmanr (values printed by
// python3 -c "from scipy import stats; ..." for the arrays below, pasted as literals).
import { describe, expect, test } from "@jest/globals";
import { spreadErrorBins } from "../../src/lab/spreadErrorBins";

describe("spreadErrorBins", () => {
  test("hand example: 4 pairs, 2 bins, NaN dropped, |error| used", () => {
    const s = spreadErrorBins([0.4, 0.1, NaN, 0.3, 0.2], [-0.2, 0.05, 1, 0.3, -0.1], { bins: 2 });
    // sorted by spread: 0.1 (|e| 0.05), 0.2 (0.1) | 0.3 (0.3), 0.4 (0.2)
    expect(s.n).toBe(4);
    expect(s.dropped).toBe(1);
    expect(s.bins[0]).toMatchObject({ bin: 1, n: 2, spreadMin: 0.1, spreadMax: 0.2 });
    expect(s.bins[0].spreadMean).toBeCloseTo(0.15, 12);
    expect(s.bins[0].meanAbsError).toBeCloseTo(0.075, 12);
    expect(s.bins[0].rmsError).toBeCloseTo(Math.sqrt((0.05 ** 2 + 0.1 ** 2) / 2), 12);
    expect(s.bins[1].meanAbsError).toBeCloseTo(0.25, 12);
    // spearman: ranks of spread 4,1,3,2 and of |e| 3,1,4,2 → 1 − 6·Σd²/(n(n²−1)) = 1 − 6·2/60 = 0.8
    expect(s.spearman).toBeCloseTo(0.8, 12);
  });
  test("Pearson and Spearman (with ties) equal scipy's", () => {
    const spread = [0.01, 0.02, 0.02, 0.05, 0.03, 0.04, 0.08, 0.01, 0.06, 0.07];
    const error = [0.02, -0.01, 0.03, 0.06, -0.02, 0.02, -0.09, 0.01, 0.03, 0.05];
    const s = spreadErrorBins(spread, error, { bins: 5 });
    // scipy.stats.pearsonr(spread, abs(error)) and spearmanr(spread, abs(error))
    expect(s.pearson).toBeCloseTo(0.8222725358, 8);
    expect(s.spearman).toBeCloseTo(0.8044098948, 8);
    expect(s.bins.map((b) => b.n)).toEqual([2, 2, 2, 2, 2]);
  });
  test("bad options are RangeErrors naming them", () => {
    expect(() => spreadErrorBins([1], [1], { bins: 0 })).toThrow(/options.bins must be an integer in 1..100, got 0/);
    expect(() => spreadErrorBins([1, 2], [1])).toThrow(/same length/);
    expect(() => spreadErrorBins([1, NaN], [1, 1], { bins: 2 })).toThrow(/at least options.bins = 2 finite pairs, got 1/);
  });
});
