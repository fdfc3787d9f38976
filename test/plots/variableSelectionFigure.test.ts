import { variableSelectionFigure } from "../../src/plots/index";

describe("variableSelectionFigure", () => {
  const points = [
    { label: "all 6", predictors: 6, validationRmse: 0.05, cvRmse: 0.06 },
    { label: "−lst", predictors: 5, validationRmse: 0.052, cvRmse: NaN },
    { label: "gap only", predictors: 1, validationRmse: NaN },
  ];
  test("labelled validation points, CV points where finite, the marked set as a star", () => {
    const f = variableSelectionFigure(points, { marked: "all 6", markedLegend: "the paper's six" });
    expect(f.data.map((t) => t.name)).toEqual(["Validation RMSE", "Grouped-CV RMSE", "the paper's six"]);
    expect(variableSelectionFigure(points, { marked: "−lst" }).data[2].name).toBe("−lst");
    expect(f.data[0].text).toEqual(["all 6", "−lst"]); // the failed set (NaN) is left out
    expect(f.data[0].x).toEqual([6, 5]);
    expect(f.data[1].y).toEqual([0.06]);
    expect(f.data[1].x).toEqual([6 - 0.12]);
    expect(f.data[2].x).toEqual([6]);
    expect((f.layout.meta as { sets: number }).sets).toBe(3);
  });
  test("bad input", () => {
    expect(() => variableSelectionFigure([])).toThrow(/points must not be empty/);
    expect(() => variableSelectionFigure(points, { marked: "x" })).toThrow(/marked 'x' is not one of the labels/);
  });
});
