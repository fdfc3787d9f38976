import { subsetTradeoffs } from "../../src/lab/index";

// Hand-made rows over {a, l, n} (l, n cloud-limited): every expected value below is read off this table.
const rows = [
  { set: ["a", "l", "n"], cvRmse: 0.050, cvRmseSe: 0.002, coverage: 0.40, truthRmse: 0.060 },
  { set: ["a", "l"], cvRmse: 0.051, cvRmseSe: 0.002, coverage: 0.55, truthRmse: 0.061 },
  { set: ["a", "n"], cvRmse: 0.049, cvRmseSe: 0.003, coverage: 0.60, truthRmse: 0.058 },
  { set: ["a"], cvRmse: 0.060, cvRmseSe: 0.002, coverage: 0.95, truthRmse: 0.070 },
  { set: ["l"], cvRmse: 0.052, cvRmseSe: 0.002, coverage: 0.50, truthRmse: 0.080 },
  { set: ["n"], cvRmse: NaN, cvRmseSe: NaN, coverage: 0.70, truthRmse: NaN },
];

describe("subsetTradeoffs", () => {
  test("best, the 1-se fewest and widest, and what leaving l / n out gains and costs", () => {
    const t = subsetTradeoffs(rows, { full: ["n", "l", "a"], predictors: ["l", "n"] });
    expect(t.full).toBe(rows[0]);
    expect(t.best).toBe(rows[2]);
    expect(t.threshold).toBeCloseTo(0.052, 15);
    expect(t.fewest).toBe(rows[4]); // "l" alone: 0.052 ≤ 0.052, one predictor
    expect(t.widest).toBe(rows[2]); // within 0.052: coverages 0.40, 0.55, 0.60, 0.50 → a+n
    const [l, n] = t.predictors;
    expect(l.coverageGain).toBeCloseTo(0.20, 12); // a+n 0.60 − 0.40
    expect(l.cvRmseCost).toBeCloseTo(-0.001, 12);
    expect(l.truthRmseCost).toBeCloseTo(-0.002, 12);
    expect(l.bestWithout).toBe(rows[2]);
    expect(n.coverageGain).toBeCloseTo(0.15, 12);
    expect(n.cvRmseCost).toBeCloseTo(0.001, 12);
    expect(n.bestWithout).toBe(rows[1]); // n alone failed (NaN) and is ignored
    expect(n.bestWithoutCoverageGain).toBeCloseTo(0.15, 12);
  });
  test("bad input", () => {
    expect(() => subsetTradeoffs([rows[5]], { full: ["n"] })).toThrow("subsetTradeoffs: no row has a finite cvRmse");
    expect(() => subsetTradeoffs(rows, { full: ["x"] })).toThrow("options.full 'x' is not one of the fitted rows");
    expect(() => subsetTradeoffs(rows, { full: ["a", "l", "n"], predictors: ["z"] })).toThrow("options.predictors has 'z', not in options.full");
  });
});
