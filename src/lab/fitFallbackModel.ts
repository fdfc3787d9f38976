import { fit } from "../cubist/fit";
import type { CubistModel } from "../cubist/model";
import type { ColumnTable } from "../cubist/table";

/** Options of {@link fitFallbackModel}. */
export interface FitFallbackModelOptions {
  /** The primary (chosen) model: its predictors and its Cubist options (rules cap, committees, …) are reused. */
  model: CubistModel;
  /** Target column of the training table. Default "gldas_sm". */
  target?: string;
  /** Predictors the fallback must do without. Default ["lst", "ndvi"] (the optical inputs missing under clouds). */
  drop?: readonly string[];
}

/** Result of {@link fitFallbackModel}. */
export interface FallbackModel {
  /** The fallback model, or null when the primary model uses none of the dropped predictors (nothing to fill). */
  model: CubistModel | null;
  /** The fallback's predictors (the primary's minus the dropped ones, in the primary's order). */
  predictors: string[];
  /** The dropped predictors the primary model did use. */
  dropped: string[];
}

/**
 * The second model of a hierarchical product (the paper's future work for cloudy pixels): the same Cubist
 * options and calibration samples as the primary model, without the predictors that are missing under clouds.
 *
 * @param train the calibration table (with the target and at least the fallback's predictors)
 * @param options `model` (required), `target` (default "gldas_sm"), `drop` (default ["lst", "ndvi"])
 * @throws RangeError naming the option when model is missing, drop is not a list of names, or dropping leaves no
 *   predictor; fit's errors (e.g. a missing column)
 * @example
 * const fb = fitFallbackModel(train, { model: chosen });
 * fb.predictors; // ["ascat_sm", "amsr2_sm", "landcover", "dem"]
 */
export function fitFallbackModel(train: ColumnTable, options: FitFallbackModelOptions): FallbackModel {
  const { model, target = "gldas_sm", drop = ["lst", "ndvi"] } = options ?? ({} as FitFallbackModelOptions);
  if (!model || !Array.isArray(model.attributes)) throw new RangeError(`fitFallbackModel: options.model must be a Cubist model, got ${String(model)}`);
  if (!Array.isArray(drop) || drop.some((d) => typeof d !== "string")) throw new RangeError(`fitFallbackModel: options.drop must be a list of predictor names, got ${JSON.stringify(drop)}`);
  const used = model.attributes.map((a) => a.name);
  const dropped = used.filter((p) => drop.includes(p));
  const predictors = used.filter((p) => !drop.includes(p));
  if (predictors.length === 0) throw new RangeError(`fitFallbackModel: options.drop = ${JSON.stringify(drop)} leaves no predictor of the model's ${used.join(", ")}`);
  if (dropped.length === 0) return { model: null, predictors, dropped };
  const o = model.options;
  const fallback = fit(train, {
    target, predictors, committees: o.committees, rules: o.rules, extrapolation: o.extrapolation, unbiased: o.unbiased,
    sample: o.sample, seed: o.seed, neighbors: o.neighbors,
  });
  return { model: fallback, predictors, dropped };
}
