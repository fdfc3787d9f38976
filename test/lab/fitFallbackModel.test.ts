// fitFallbackModel: the fallback drops the optical predictors, keeps the primary's Cubist options, and on a target
// that depends only on ASCAT recovers the hand-known line gldas = 0.1 + 0.5·ascat.
import { describe, expect, test } from "@jest/globals";
import { fit } from "../../src/cubist/fit";
import { predict } from "../../src/cubist/predict";
import type { ColumnTable } from "../../src/cubist/table";
import { fitFallbackModel } from "../../src/lab/fitFallbackModel";

const n = 120;
const ascat = Float64Array.from({ length: n }, (_, i) => 0.05 + (0.4 * i) / n);
const lst = Float64Array.from({ length: n }, (_, i) => 280 + ((i * 37) % 29));
const ndvi = Float64Array.from({ length: n }, (_, i) => 0.2 + ((i * 13) % 17) / 40);
const train: ColumnTable = { nRows: n, columns: { ascat_sm: ascat, lst, ndvi, gldas_sm: Float64Array.from(ascat, (a) => 0.1 + 0.5 * a) } };

describe("fitFallbackModel", () => {
  const primary = fit(train, { target: "gldas_sm", predictors: ["ascat_sm", "lst", "ndvi"], rules: 3, extrapolation: 50 });
  test("drops lst and ndvi, keeps the options, recovers the ASCAT line", () => {
    const fb = fitFallbackModel(train, { model: primary });
    expect(fb.dropped).toEqual(["lst", "ndvi"]);
    expect(fb.predictors).toEqual(["ascat_sm"]);
    const m = fb.model!;
    expect(m.attributes.map((a) => a.name)).toEqual(["ascat_sm"]);
    expect(m.options.rules).toBe(3);
    expect(m.options.extrapolation).toBe(50);
    const p = predict(m, { nRows: 2, columns: { ascat_sm: Float64Array.of(0.1, 0.3) } }).predictions;
    expect(p[0]).toBeCloseTo(0.15, 3);
    expect(p[1]).toBeCloseTo(0.25, 3);
  });
  test("a primary without optical inputs needs no fallback (model null)", () => {
    const noOptical = fit(train, { target: "gldas_sm", predictors: ["ascat_sm"], rules: 2 });
    const fb = fitFallbackModel(train, { model: noOptical });
    expect(fb.model).toBeNull();
    expect(fb.dropped).toEqual([]);
    expect(fb.predictors).toEqual(["ascat_sm"]);
  });
  test("only ndvi dropped when the primary has no lst", () => {
    const m = fit(train, { target: "gldas_sm", predictors: ["ascat_sm", "ndvi"], rules: 2 });
    expect(fitFallbackModel(train, { model: m }).dropped).toEqual(["ndvi"]);
  });
  test("bad options are RangeErrors naming them", () => {
    expect(() => fitFallbackModel(train, { model: undefined as never })).toThrow(/options.model must be a Cubist model/);
    expect(() => fitFallbackModel(train, { model: primary, drop: ["ascat_sm", "lst", "ndvi"] })).toThrow(/options.drop .* leaves no predictor/);
    expect(() => fitFallbackModel(train, { model: primary, drop: "lst" as never })).toThrow(/options.drop must be a list/);
  });
});
