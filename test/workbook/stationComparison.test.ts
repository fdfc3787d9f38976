import { stationComparison, type StationDailySeries } from "../../src/workbook/stationComparison";

// Expected values from scipy.stats.linregress (slope, r, two-sided p) and numpy (RMSD = sqrt(mean((p-o)^2)), bias),
// computed once with numpy 2.4.6 / scipy 1.17.1 on the same hand-built series after dropping NaN pairs.
const f = (a: number[]) => Float64Array.from(a);
const series = (id: string, v: { insitu: number[]; downscaled: number[]; gldas: number[]; truth?: number[] }): StationDailySeries => ({
  id, name: `S${id}`, dates: v.insitu.map((_, i) => `2015-05-${String(i + 1).padStart(2, "0")}`),
  insitu: f(v.insitu), downscaled: f(v.downscaled), gldas: f(v.gldas), truth: f(v.truth ?? v.insitu.map(() => NaN)), precip: f(v.insitu.map(() => 0)),
});
const s1 = series("a", {
  insitu: [0.2, 0.25, 0.3, 0.28, 0.35, 0.22, 0.31], downscaled: [0.18, NaN, 0.27, 0.29, 0.3, 0.21, 0.26],
  gldas: [0.15, 0.16, 0.2, 0.21, 0.25, 0.17, 0.2], truth: [0.19, 0.2, 0.26, 0.3, 0.31, 0.2, 0.27],
});
const s2 = series("b", { insitu: [0.1, 0.2, 0.3, 0.4, 0.25], downscaled: [0.12, 0.28, 0.5, 0.71, 0.41], gldas: [0.2, 0.22, 0.26, 0.3, 0.25] });
// only two days with a downscaled value (cloudy station): no metrics, left out of the means
const s3 = series("c", { insitu: [0.3, 0.31, 0.32, 0.33], downscaled: [0.2, NaN, NaN, 0.25], gldas: [NaN, NaN, NaN, NaN] });

describe("stationComparison", () => {
  const cmp = stationComparison([s1, s2, s3], {});
  test("per-station metrics of downscaled vs in situ match scipy/numpy", () => {
    const [a, b, c] = cmp.rows;
    expect(a.n).toBe(6);
    expect(a.slope).toBeCloseTo(0.7582644628099177, 10);
    expect(a.r).toBeCloseTo(0.9148450838104504, 10);
    expect(a.p).toBeCloseTo(0.010568295160934882, 8);
    expect(a.rmsd).toBeCloseTo(0.032914029430219156, 12);
    expect(a.bias).toBeCloseTo(-0.025, 12);
    expect(b.n).toBe(5);
    expect(b.slope).toBeCloseTo(1.99, 10);
    expect(b.r).toBeCloseTo(0.9976974295189353, 10);
    expect(b.p).toBeCloseTo(0.0001325876889145965, 10);
    expect(b.rmsd).toBeCloseTo(0.18357559750685817, 12);
    expect(c.n).toBe(2);
    expect(Number.isNaN(c.r) && Number.isNaN(c.rmsd) && Number.isNaN(c.slope)).toBe(true);
  });
  test("GLDAS vs in situ and downscaled vs truth use the same formulas", () => {
    const [a, b] = cmp.rows;
    expect(a.gldasN).toBe(7);
    expect(a.gldasSlope).toBeCloseTo(0.6015358361774744, 10);
    expect(a.gldasR).toBeCloseTo(0.9246651142976201, 10);
    expect(a.gldasRmsd).toBeCloseTo(0.08459989868281673, 12);
    expect(a.truthN).toBe(6);
    expect(a.truthSlope).toBeCloseTo(0.9203187250996014, 10);
    expect(a.truthR).toBeCloseTo(0.9793206763920888, 10);
    expect(a.truthRmsd).toBeCloseTo(0.01, 12);
    expect(b.gldasSlope).toBeCloseTo(0.34, 10);
    expect(b.gldasRmsd).toBeCloseTo(0.06633249580710801, 12);
    expect(b.truthN).toBe(0);
    expect(Number.isNaN(b.truthR)).toBe(true);
  });
  test("means over the stations with metrics; significance at alpha", () => {
    expect(cmp.mean.slope).toBeCloseTo((0.7582644628099177 + 1.99) / 2, 10);
    expect(cmp.mean.rmsd).toBeCloseTo((0.032914029430219156 + 0.18357559750685817) / 2, 12);
    expect(cmp.mean.r).toBeCloseTo((0.9148450838104504 + 0.9976974295189353) / 2, 10);
    expect(cmp.mean.truthR).toBeCloseTo(0.9793206763920888, 10); // only station a has truth
    expect(cmp.evaluated).toBe(2);
    expect(cmp.significant).toBe(1); // a: p = 0.0106 is not < 0.01
    expect(stationComparison([s1, s2, s3], { alpha: 0.05 }).significant).toBe(2);
    expect(cmp.metrics[1].intercept).toBeCloseTo(2.02 / 5 - 1.99 * (1.25 / 5), 10);
  });
  test("bad inputs are refused by name", () => {
    expect(() => stationComparison([], {})).toThrow("stationComparison: stations must be a non-empty array");
    expect(() => stationComparison([s1], { alpha: 1 })).toThrow("stationComparison: alpha must be in (0, 1), got 1");
    expect(() => stationComparison([s1], { minPairs: 2 })).toThrow("stationComparison: minPairs must be an integer >= 3, got 2");
    expect(() => stationComparison([{ ...s1, gldas: f([0.1]) }], {})).toThrow("station 0 (Sa) has 1 gldas values for 7 dates");
  });
});
