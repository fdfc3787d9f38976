import type { CubistModel } from "../cubist/model";
import { predict } from "../cubist/predict";
import { selectTableRows, type ColumnTable } from "../cubist/table";
import type { LatLonGrid } from "../grid/latLonGrid";
import { compareSeries } from "../metrics/compareSeries";
import type { LayerSource, VariableName } from "../sources/layerSource";
import { fineSkillSample, type FineSkillSample } from "./fineSkillSample";

/** Options of {@link subsetCoverage}. */
export interface SubsetCoverageOptions {
  /** The application grid, e.g. the 1 km window (`data.fine`). Required unless `sample` is given. */
  grid?: LatLonGrid;
  /** ISO dates of the evaluation period (`datesOf(plan.evaluation)`); at least one. Required unless `sample` is given. */
  dates?: readonly string[];
  /** The candidate predictor columns (source variables, e.g. `predictorVariables(ctx.study)`), at most 12. Required. */
  predictors: readonly string[];
  /** The predictor subsets to score (each names some of `predictors`). Required, at least one. */
  subsets: readonly (readonly string[])[];
  /** One model per subset (its fit on that subset), or null for none (skill NaN, status `no model`). Default: no models. */
  models?: readonly (CubistModel | null)[];
  /**
   * Skill sample: pixel i (row-major) of day t (0-based) is sampled when (i + t) mod `sampleStep` = 0 — a staggered
   * regular grid, one pixel-day in `sampleStep`, that visits every day and every pixel (a whole-day sample such as
   * every 7th day is biased: the error changes with the day's wetness). Integer ≥ 1; 1 = every pixel-day. Default 28.
   */
  sampleStep?: number;
  /** The truth layer; when the source does not serve it (real data) skill is NaN with status `no truth`. Default "truth_sm". */
  truth?: VariableName;
  /**
   * A sample already read by {@link fineSkillSample} on the same `predictors` (e.g. shared with the baselines' 1 km
   * rows): the source is then not read again, and `grid`, `dates`, `sampleStep` and `truth` are the sample's. Default none.
   */
  sample?: FineSkillSample;
}

/** One subset's 1 km coverage and truth skill. */
export interface SubsetCoverageRow {
  /** The subset's predictors joined by "+". */
  label: string;
  /** Land pixel-days (all days, all pixels) where every predictor of the subset is present. Exact. */
  covered: number;
  /** Land pixel-days of the period (land = a land-cover class other than water; sea and fill are not counted). */
  landPixelDays: number;
  /** covered / landPixelDays (0–1). */
  coverage: number;
  /** `ok`; `no truth` (the source has no truth layer), `no model`, or `no pairs` (no sampled pixel-day covered). */
  truthStatus: "ok" | "no truth" | "no model" | "no pairs";
  /** Sampled land pixel-days (the same for every subset), of which `truthN` pairs (subset covered, prediction and truth known) are scored. */
  sampled: number;
  truthN: number;
  /** Pearson r, RMSE and bias (prediction − truth, m³ m⁻³) against the 1 km truth on the sampled covered pixel-days. */
  truthR: number;
  truthRmse: number;
  truthBias: number;
}

/**
 * For each predictor subset: the share of 1 km land pixel-days on which all its predictors are present (coverage:
 * cloud gaps come from LST and NDVI, orbit gaps from AMSR2/ASCAT), counted exactly over every pixel and day; and,
 * on the twin, the subset's model applied on a staggered regular sample of those pixel-days (one in `sampleStep`,
 * every day and every pixel visited) and scored against the 1 km truth (r, RMSE, bias). The layers are read once for all
 * subsets, with the semantics of {@link applyModelDaily}: land cover as the aggregated class names (water and fill
 * are not land), AMSR2/ASCAT as the source serves them on the grid, land cover and DEM read once per calendar year.
 * Unseen land-cover classes get no prediction (predict's "nan" policy) and are left out of the pairs.
 * @throws TypeError when `source` is not a LayerSource
 * @throws RangeError naming the option and value: no grid, empty dates, empty or repeated predictors (or more than
 *   12), a predictor the source does not serve, an empty subset or one naming a non-predictor, models of the wrong
 *   length, sampleStep not an integer ≥ 1
 * @example
 * const cov = await subsetCoverage(data.prepared, { grid: data.fine, dates: datesOf(plan.evaluation), predictors, subsets: [["ascat_sm", "lst"]], models: [model] });
 * cov[0].coverage; cov[0].truthRmse;
 */
export async function subsetCoverage(source: LayerSource, options: SubsetCoverageOptions): Promise<SubsetCoverageRow[]> {
  const who = "subsetCoverage";
  if (!source || typeof source.getLayer !== "function") throw new TypeError(`${who}: source must be a LayerSource`);
  const o = options ?? ({} as SubsetCoverageOptions);
  const predictors = Array.from(o.predictors ?? []);
  const subsets = Array.from(o.subsets ?? []);
  if (!subsets.length) throw new RangeError(`${who}: options.subsets must list at least one subset`);
  const bits = subsets.map((s) => {
    if (!s.length) throw new RangeError(`${who}: options.subsets has an empty subset`);
    let b = 0;
    for (const n of s) {
      const j = predictors.indexOf(n);
      if (j < 0) throw new RangeError(`${who}: options.subsets has '${n}', not one of options.predictors`);
      b |= 1 << j;
    }
    return b;
  });
  if (o.models !== undefined && o.models.length !== subsets.length) throw new RangeError(`${who}: options.models must have one model (or null) per subset (${subsets.length}), got ${o.models.length}`);
  let sample: FineSkillSample;
  if (o.sample !== undefined) {
    if (!o.sample || !Array.isArray(o.sample.predictors) || o.sample.predictors.join(",") !== predictors.join(",")) throw new RangeError(`${who}: options.sample must come from fineSkillSample on the same predictors (${predictors.join(", ")}), got ${o.sample && Array.isArray(o.sample.predictors) ? o.sample.predictors.join(", ") : String(o.sample)}`);
    sample = o.sample;
  } else try {
    // grid and dates are validated there, naming the option
    sample = await fineSkillSample(source, { grid: o.grid as LatLonGrid, dates: o.dates as readonly string[], predictors, sampleStep: o.sampleStep, truth: o.truth });
  } catch (e) {
    if (e instanceof Error) e.message = e.message.replace(/^fineSkillSample:/, `${who}:`);
    throw e;
  }
  const { maskCounts, landPixelDays, table, present, truth } = sample;
  const m = table.nRows;
  return subsets.map((s, q) => {
    const b = bits[q];
    let covered = 0;
    for (let mask = 0; mask < maskCounts.length; mask++) if ((mask & b) === b) covered += maskCounts[mask];
    const row: SubsetCoverageRow = { label: s.join("+"), covered, landPixelDays, coverage: landPixelDays ? covered / landPixelDays : NaN, truthStatus: "ok", sampled: m, truthN: 0, truthR: NaN, truthRmse: NaN, truthBias: NaN };
    const model = o.models?.[q] ?? null;
    if (!truth) { row.truthStatus = "no truth"; return row; }
    if (!model) { row.truthStatus = "no model"; return row; }
    const idx: number[] = [];
    for (let r = 0; r < m; r++) if ((present[r] & b) === b && truth[r] === truth[r]) idx.push(r);
    if (!idx.length) { row.truthStatus = "no pairs"; return row; }
    const pred = predict(model, selectTableRows(table, s, idx, who), { unseenDiscrete: "nan", coverage: "none" }).predictions;
    const c = compareSeries(pred, Float64Array.from(idx, (r) => truth[r]));
    Object.assign(row, { truthN: c.n, truthR: c.r, truthRmse: c.rmse, truthBias: c.bias });
    if (c.n === 0) row.truthStatus = "no pairs";
    return row;
  });
}
