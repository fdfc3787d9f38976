import { subsetSkillFigure } from "../../src/plots/index";

describe("subsetSkillFigure", () => {
  // hand-checked front: sorted by coverage desc: a (0.9, 0.06), b (0.8, 0.05), d (0.8, 0.07, beaten by b), c (0.5, 0.055, beaten by b), e (0.4, 0.04)
  const points = [
    { label: "a", coverage: 0.9, rmse: 0.06, predictors: 1 },
    { label: "b", coverage: 0.8, rmse: 0.05, predictors: 2 },
    { label: "c", coverage: 0.5, rmse: 0.055, predictors: 3 },
    { label: "d", coverage: 0.8, rmse: 0.07, predictors: 2 },
    { label: "e", coverage: 0.4, rmse: 0.04, predictors: 6 },
    { label: "failed", coverage: 0.3, rmse: NaN, predictors: 1 },
  ];
  test("labelled subsets in %, the Pareto front, the marked star", () => {
    const f = subsetSkillFigure(points, { marked: "e", markedLegend: "the paper's six" });
    expect(f.data.map((t) => t.name)).toEqual(["predictor subset", "Pareto front (coverage vs error)", "the paper's six"]);
    expect(f.data[0].text).toEqual(["a", "b", "c", "d", "e"]);
    expect(f.data[0].mode).toBe("markers"); // labels as hover text only…
    expect(f.data[1].text).toEqual(["a", "b", "e"]); // …drawn on the front
    expect(f.data[2].text).toEqual(["e"]);
    expect(subsetSkillFigure(points, { labelAll: true }).data[0].mode).toBe("text+markers");
    expect(f.data[0].x).toEqual([90, 80, 50, 80, 40]);
    expect((f.data[0].marker as { size: number[] }).size).toEqual([5.5, 7, 8.5, 7, 13]);
    expect(f.data[1].x).toEqual([90, 80, 40]);
    expect(f.data[1].y).toEqual([0.06, 0.05, 0.04]);
    expect(f.data[2].x).toEqual([40]);
    expect((f.layout.meta as { front: string[] }).front).toEqual(["a", "b", "e"]);
    expect(subsetSkillFigure(points).data.length).toBe(2);
    expect((f.layout.xaxis as { range: number[] }).range).toEqual([40 - 2 * 6, 90 + 6]); // pad = 0.12 × (90 − 40) = 6, twice on the left for labels
  });
  test("bad input", () => {
    expect(() => subsetSkillFigure([])).toThrow(/points must not be empty/);
    expect(() => subsetSkillFigure(points, { marked: "x" })).toThrow(/marked 'x' is not one of the labels/);
    expect(() => subsetSkillFigure([{ label: "z", coverage: 1.5, rmse: 0.1, predictors: 1 }])).toThrow("coverage of 'z' must be within 0–1, got 1.5");
  });
});
