import type { CubistModel } from "../cubist/model";
import { predict } from "../cubist/predict";
import type { ColumnTable } from "../cubist/table";
import { aggregateLandCover, AGGREGATED_LAND_COVER_CLASSES } from "../grid/aggregateLandCover";
import type { LatLonGrid } from "../grid/latLonGrid";
import { compareSeries } from "../metrics/compareSeries";
import type { LayerSource, VariableName } from "../sources/layerSource";

/** Options of {@link subsetCoverage}. */
export interface SubsetCoverageOptions {
  /** The application grid, e.g. the 1 km window (`data.fine`). Required. */
  grid: LatLonGrid;
  /** ISO dates of the evaluation period (`datesOf(plan.evaluation)`); at least one. Required. */
  dates: readonly string[];
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

const LAND_COVER_NAMES = AGGREGATED_LAND_COVER_CLASSES.map((c) => c.name);

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
  const sampleStep = o.sampleStep ?? 28, truthName = o.truth ?? "truth_sm";
  const grid = o.grid;
  if (!grid || typeof grid.size !== "number") throw new RangeError(`${who}: options.grid must be a LatLonGrid, got ${String(grid)}`);
  const dates = Array.from(o.dates ?? []);
  if (!dates.length) throw new RangeError(`${who}: options.dates must not be empty`);
  const predictors = Array.from(o.predictors ?? []);
  if (!predictors.length || predictors.length > 12 || new Set(predictors).size !== predictors.length) throw new RangeError(`${who}: options.predictors must list 1..12 distinct columns, got ${JSON.stringify(predictors)}`);
  for (const p of predictors) if (!source.variables.includes(p as VariableName)) throw new RangeError(`${who}: options.predictors has '${p}', which the source '${source.name}' does not serve`);
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
  if (!Number.isInteger(sampleStep) || sampleStep < 1) throw new RangeError(`${who}: options.sampleStep must be an integer ≥ 1, got ${sampleStep}`);
  const hasTruth = source.variables.includes(truthName);

  const N = grid.size, D = dates.length, P = predictors.length;
  const lcAt = predictors.indexOf("landcover");
  const staticVars = new Set(["landcover", "dem", "soil"]);
  const counts = new Float64Array(1 << P); // land pixel-days per mask of present predictors
  // the skill sample: land pixel-days of the sampled days and pixels, all predictors (NaN / null when missing)
  const cap = D * Math.ceil(N / sampleStep);
  const sCols: (Float64Array | (string | null)[])[] = predictors.map((p) => (p === "landcover" ? new Array<string | null>(cap).fill(null) : new Float64Array(cap)));
  const sMask = new Int32Array(cap), sTruth = new Float64Array(cap);
  let m = 0;
  let lcClass = new Int8Array(N);
  const stat: Record<string, ArrayLike<number>> = {};
  for (let t = 0; t < D; t++) {
    const date = dates[t];
    if (t === 0 || date.slice(0, 4) !== dates[t - 1].slice(0, 4)) {
      const lc = (await source.getLayer({ variable: "landcover", grid, date })).values;
      if (lc.length !== N) throw new RangeError(`${who}: landcover of ${date} has ${lc.length} values for a grid of ${N}`);
      const agg = aggregateLandCover(lc).values;
      lcClass = Int8Array.from(agg, (k) => (Number.isNaN(k) || k === 0 ? -1 : k));
      for (const p of predictors) if (staticVars.has(p) && p !== "landcover") stat[p] = (await source.getLayer({ variable: p as VariableName, grid, date })).values;
    }
    const layers: (ArrayLike<number> | null)[] = [];
    for (const p of predictors) layers.push(p === "landcover" ? null : staticVars.has(p) ? stat[p] : (await source.getLayer({ variable: p as VariableName, grid, date })).values);
    layers.forEach((l, j) => { if (l && l.length !== N) throw new RangeError(`${who}: ${predictors[j]} of ${date} has ${l.length} values for a grid of ${N}`); });
    const truth = hasTruth ? (await source.getLayer({ variable: truthName, grid, date })).values : null;
    const shift = t % sampleStep;
    for (let i = 0; i < N; i++) {
      const k = lcClass[i];
      if (k < 0) continue; // sea, water, fill: not land
      let mask = 0;
      for (let j = 0; j < P; j++) {
        const l = layers[j];
        if (l === null) mask |= 1 << j; // land cover: known on land
        else { const v = l[i]; if (v === v) mask |= 1 << j; }
      }
      counts[mask]++;
      if ((i + shift) % sampleStep === 0) {
        for (let j = 0; j < P; j++) {
          const col = sCols[j];
          if (j === lcAt) (col as (string | null)[])[m] = LAND_COVER_NAMES[k];
          else (col as Float64Array)[m] = (layers[j] as ArrayLike<number>)[i];
        }
        sMask[m] = mask;
        sTruth[m] = truth ? truth[i] : NaN;
        m++;
      }
    }
  }
  let landPixelDays = 0;
  for (const c of counts) landPixelDays += c;
  return subsets.map((s, q) => {
    const b = bits[q];
    let covered = 0;
    for (let mask = 0; mask < counts.length; mask++) if ((mask & b) === b) covered += counts[mask];
    const row: SubsetCoverageRow = { label: s.join("+"), covered, landPixelDays, coverage: landPixelDays ? covered / landPixelDays : NaN, truthStatus: "ok", sampled: m, truthN: 0, truthR: NaN, truthRmse: NaN, truthBias: NaN };
    const model = o.models?.[q] ?? null;
    if (!hasTruth) { row.truthStatus = "no truth"; return row; }
    if (!model) { row.truthStatus = "no model"; return row; }
    const idx: number[] = [];
    for (let r = 0; r < m; r++) if ((sMask[r] & b) === b && sTruth[r] === sTruth[r]) idx.push(r);
    if (!idx.length) { row.truthStatus = "no pairs"; return row; }
    const columns: ColumnTable["columns"] = {};
    for (const n of s) {
      const col = sCols[predictors.indexOf(n)];
      columns[n] = col instanceof Float64Array ? Float64Array.from(idx, (r) => col[r]) : idx.map((r) => col[r]);
    }
    const pred = predict(model, { nRows: idx.length, columns }, { unseenDiscrete: "nan", coverage: "none" }).predictions;
    const c = compareSeries(pred, Float64Array.from(idx, (r) => sTruth[r]));
    Object.assign(row, { truthN: c.n, truthR: c.r, truthRmse: c.rmse, truthBias: c.bias });
    if (c.n === 0) row.truthStatus = "no pairs";
    return row;
  });
}
