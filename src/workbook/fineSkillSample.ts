import type { ColumnTable } from "../cubist/table";
import { aggregateLandCover, AGGREGATED_LAND_COVER_CLASSES } from "../grid/aggregateLandCover";
import type { LatLonGrid } from "../grid/latLonGrid";
import type { LayerSource, VariableName } from "../sources/layerSource";

/** Options of {@link fineSkillSample}. */
export interface FineSkillSampleOptions {
  /** The application grid, e.g. the 1 km window (`data.fine`). Required. */
  grid: LatLonGrid;
  /** ISO dates of the evaluation period (`datesOf(plan.evaluation)`); at least one. Required. */
  dates: readonly string[];
  /** The predictor columns (source variables, e.g. `predictorVariables(ctx.study)`), 1..12 distinct. Required. */
  predictors: readonly string[];
  /**
   * Pixel i (row-major) of day t (0-based) is sampled when (i + t) mod `sampleStep` = 0 — a staggered regular grid,
   * one pixel-day in `sampleStep`, that visits every day and every pixel (a whole-day sample such as every 7th day is
   * biased: the error changes with the day's wetness). Integer ≥ 1; 1 = every pixel-day. Default 28.
   */
  sampleStep?: number;
  /** The truth layer; when the source does not serve it (real data) `truth` is null. Default "truth_sm". */
  truth?: VariableName;
  /**
   * A reference product read on the same pixel-days, e.g. "gldas_sm" (GLDAS at its cell: the 0.25° value of the cell
   * containing the pixel, as the source serves it on the fine grid); null for none. Default null.
   */
  reference?: VariableName | null;
}

/** Land pixel-days of a period, counted exactly, and a regular sample of them with every predictor. */
export interface FineSkillSample {
  /** The predictors, in option order (bit j of a mask is predictors[j]). */
  predictors: string[];
  /**
   * Land pixel-days of the whole period per mask of present predictors (index = mask; land cover counts as present
   * on land). Sum = `landPixelDays`.
   */
  maskCounts: Float64Array;
  /** Land pixel-days of the period (land = a land-cover class other than water; sea and fill are not counted). */
  landPixelDays: number;
  /**
   * The sampled land pixel-days: one column per predictor (numbers, NaN when missing; land cover as the aggregated
   * class names, as in the workbook's sample tables), `nRows` = the sample size.
   */
  table: ColumnTable;
  /** Mask of present predictors of each sampled pixel-day. */
  present: Int32Array;
  /** The truth at each sampled pixel-day (NaN where unknown), or null when the source has no truth. */
  truth: Float64Array | null;
  /** The reference product at each sampled pixel-day (NaN where unknown), or null without `reference`. */
  reference: Float64Array | null;
}

const LAND_COVER_NAMES = AGGREGATED_LAND_COVER_CLASSES.map((c) => c.name);

/**
 * Reads the predictors (and the truth, and optionally a reference product) of every day of a period on the fine
 * grid once, counts the land pixel-days per combination of present predictors exactly, and keeps a staggered regular
 * sample of them as a table — the input of 1 km coverage and skill experiments ({@link subsetCoverage}, the
 * baselines' 1 km rows in notebook 08). Semantics of {@link applyModelDaily}: land cover as the aggregated class
 * names (water and fill are not land), AMSR2/ASCAT as the source serves them on the grid, land cover and static
 * layers read once per calendar year.
 * @throws TypeError when `source` is not a LayerSource
 * @throws RangeError naming the option and value: no grid, empty dates, empty or repeated predictors (or more than
 *   12), a predictor or reference the source does not serve, sampleStep not an integer ≥ 1, a layer of the wrong size
 * @example
 * const s = await fineSkillSample(data.prepared, { grid: data.fine, dates: datesOf(plan.evaluation), predictors, reference: "gldas_sm" });
 * s.landPixelDays; s.table.nRows; s.truth;
 */
export async function fineSkillSample(source: LayerSource, options: FineSkillSampleOptions): Promise<FineSkillSample> {
  const who = "fineSkillSample";
  if (!source || typeof source.getLayer !== "function") throw new TypeError(`${who}: source must be a LayerSource`);
  const o = options ?? ({} as FineSkillSampleOptions);
  const sampleStep = o.sampleStep ?? 28, truthName = o.truth ?? "truth_sm", refName = o.reference ?? null;
  const grid = o.grid;
  if (!grid || typeof grid.size !== "number") throw new RangeError(`${who}: options.grid must be a LatLonGrid, got ${String(grid)}`);
  const dates = Array.from(o.dates ?? []);
  if (!dates.length) throw new RangeError(`${who}: options.dates must not be empty`);
  const predictors = Array.from(o.predictors ?? []);
  if (!predictors.length || predictors.length > 12 || new Set(predictors).size !== predictors.length) throw new RangeError(`${who}: options.predictors must list 1..12 distinct columns, got ${JSON.stringify(predictors)}`);
  for (const p of predictors) if (!source.variables.includes(p as VariableName)) throw new RangeError(`${who}: options.predictors has '${p}', which the source '${source.name}' does not serve`);
  if (refName !== null && !source.variables.includes(refName)) throw new RangeError(`${who}: options.reference is '${refName}', which the source '${source.name}' does not serve`);
  if (!Number.isInteger(sampleStep) || sampleStep < 1) throw new RangeError(`${who}: options.sampleStep must be an integer ≥ 1, got ${sampleStep}`);
  const hasTruth = source.variables.includes(truthName);

  const N = grid.size, D = dates.length, P = predictors.length;
  const lcAt = predictors.indexOf("landcover");
  const staticVars = new Set(["landcover", "dem", "soil"]);
  const maskCounts = new Float64Array(1 << P);
  const cap = D * Math.ceil(N / sampleStep);
  const cols: (Float64Array | (string | null)[])[] = predictors.map((p) => (p === "landcover" ? new Array<string | null>(cap).fill(null) : new Float64Array(cap)));
  const present = new Int32Array(cap), truthAt = new Float64Array(cap), refAt = new Float64Array(cap);
  let m = 0;
  let lcClass = new Int8Array(N);
  const stat: Record<string, ArrayLike<number>> = {};
  const sized = (values: ArrayLike<number>, what: string, date: string) => {
    if (values.length !== N) throw new RangeError(`${who}: ${what} of ${date} has ${values.length} values for a grid of ${N}`);
    return values;
  };
  for (let t = 0; t < D; t++) {
    const date = dates[t];
    if (t === 0 || date.slice(0, 4) !== dates[t - 1].slice(0, 4)) {
      const lc = sized((await source.getLayer({ variable: "landcover", grid, date })).values, "landcover", date);
      lcClass = Int8Array.from(aggregateLandCover(lc).values, (k) => (Number.isNaN(k) || k === 0 ? -1 : k));
      for (const p of predictors) if (staticVars.has(p) && p !== "landcover") stat[p] = sized((await source.getLayer({ variable: p as VariableName, grid, date })).values, p, date);
    }
    const layers: (ArrayLike<number> | null)[] = [];
    for (const p of predictors) layers.push(p === "landcover" ? null : staticVars.has(p) ? stat[p] : sized((await source.getLayer({ variable: p as VariableName, grid, date })).values, p, date));
    const truth = hasTruth ? sized((await source.getLayer({ variable: truthName, grid, date })).values, truthName, date) : null;
    const ref = refName !== null ? sized((await source.getLayer({ variable: refName, grid, date })).values, refName, date) : null;
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
      maskCounts[mask]++;
      if ((i + shift) % sampleStep === 0) {
        for (let j = 0; j < P; j++) {
          const col = cols[j];
          if (j === lcAt) (col as (string | null)[])[m] = LAND_COVER_NAMES[k];
          else (col as Float64Array)[m] = (layers[j] as ArrayLike<number>)[i];
        }
        present[m] = mask;
        truthAt[m] = truth ? truth[i] : NaN;
        refAt[m] = ref ? ref[i] : NaN;
        m++;
      }
    }
  }
  let landPixelDays = 0;
  for (const c of maskCounts) landPixelDays += c;
  const columns: ColumnTable["columns"] = {};
  predictors.forEach((p, j) => { const c = cols[j]; columns[p] = c instanceof Float64Array ? c.slice(0, m) : c.slice(0, m); });
  return {
    predictors, maskCounts, landPixelDays, table: { nRows: m, columns }, present: present.slice(0, m),
    truth: hasTruth ? truthAt.slice(0, m) : null, reference: refName !== null ? refAt.slice(0, m) : null,
  };
}
