import type { CubistModel } from "../cubist/model";
import { predict } from "../cubist/predict";
import type { ColumnTable } from "../cubist/table";
import { AGGREGATED_LAND_COVER_CLASSES } from "../grid/aggregateLandCover";
import { landCoverColumn } from "./landCoverColumn";
import type { LatLonGrid } from "../grid/latLonGrid";
import type { LayerSource, VariableName } from "../sources/layerSource";

/** The predictors that change from day to day (the static ones are land cover and DEM); precip is optional. */
const DYNAMIC: readonly VariableName[] = ["amsr2_sm", "ascat_sm", "lst", "ndvi", "precip"];
/** Every numeric predictor a model may use. */
const NUMERIC: readonly string[] = [...DYNAMIC, "dem"];

/**
 * The numeric predictors a Cubist model was trained on (`model.attributes`, in the model's order), checked to be
 * ones the sources serve; land cover is not listed (it is read always, as the land mask).
 * @throws RangeError naming the attribute when the model uses one the application cannot read
 * @example modelPredictors(model) // ["ascat_sm", "amsr2_sm", "ndvi", "dem"] for a model without LST
 */
export function modelPredictors(model: Pick<CubistModel, "attributes">): { numeric: string[]; landcover: boolean } {
  const numeric: string[] = [];
  let landcover = false;
  for (const a of model.attributes) {
    if (a.name === "landcover") landcover = true;
    else if (NUMERIC.includes(a.name)) numeric.push(a.name);
    else throw new RangeError(`applyModelDaily: the model's predictor '${a.name}' is not one of landcover, ${NUMERIC.join(", ")}`);
  }
  return { numeric, landcover };
}

/** Options of {@link applyModelDaily}. */
export interface ApplyModelDailyOptions {
  /**
   * The chosen Cubist model (target gldas_sm; predictors among ascat_sm, amsr2_sm, lst, ndvi, landcover, dem).
   * Its own predictor set (`model.attributes`) decides which layers are read and which gaps count.
   */
  model: CubistModel;
  /** The application grid, e.g. the 1 km window (`data.fine`). */
  grid: LatLonGrid;
  /** ISO dates to apply the model on (e.g. May–September 2015); at least one. */
  dates: readonly string[];
}

/** Result of {@link applyModelDaily}. */
export interface DailyApplication {
  dates: string[];
  grid: LatLonGrid;
  /** Pixels per day (`grid.size`). */
  pixels: number;
  /** Downscaled soil moisture (m³ m⁻³), day-major: value of day t, pixel i at `t · pixels + i`; NaN = no value. */
  cube: Float32Array;
  /** Pixels with a land-cover class other than water (the last year's land cover). */
  landPixels: number;
  /** Per day: land pixels (changes only with the land-cover year). */
  landPerDay: Int32Array;
  /** Per day: pixels with a value. */
  predicted: Int32Array;
  /** Per day: land pixels without a value because a predictor was missing (clouds, orbit gaps, DEM). */
  cloudGaps: Int32Array;
  /** Per day: land pixels whose land-cover class the model never saw in training (NaN, predict's "nan" policy). */
  unseen: Int32Array;
  /** Per predictor the model uses (land cover aside): land pixel-days on which it was missing (a pixel-day can miss several). */
  missing: Record<string, number>;
  /** Totals over the days; `cloudGapShare` = cloudGaps / landPixelDays (0–1). */
  totals: { landPixelDays: number; predicted: number; cloudGaps: number; unseen: number; cloudGapShare: number };
}

function sameValues(a: ArrayLike<number> | null, b: ArrayLike<number>): boolean {
  if (a === b) return true;
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(a[i] !== a[i] && b[i] !== b[i])) return false;
  return true;
}

/**
 * The paper's daily 1 km application (docs/paper.md §8): for each day, the model's predictors (its own
 * `model.attributes`: the paper's six, or a study's subset) at every pixel of `grid`
 * (same semantics as {@link predictorTable}: land cover as the aggregated class names with water and fill
 * missing, AMSR2/ASCAT as the source serves them on the grid), the model applied to the pixels where all of them
 * are present (a predictor the model does not use is not read and its gaps do not count), NaN elsewhere — no value under clouds, as in the paper (Cubist's mean substitution is NOT
 * used). Pixels of an unseen land-cover class get NaN and are counted (predict's `unseenDiscrete: "nan"`).
 *
 * Bulk variant of `predictorTable` + `predict`: the static layers are read once per calendar year (land cover
 * is annual, MCD12Q1; the DEM static) and the land-cover classes converted only when they change; only
 * complete pixels are predicted; the per-day column buffers are reused. Gaps are counted over land pixels
 * (sea is not a gap).
 *
 * @param source the prepared (gap-filled) predictors, e.g. `data.prepared`
 * @param options `model`, `grid`, `dates` (no defaults)
 * @returns the [day][pixel] Float32Array cube and the counts per day and in total
 * @throws TypeError when `source` or `options.model` is not what is expected
 * @throws RangeError when `options.dates` is empty, `options.grid` is missing or a static layer has the wrong size;
 *   the source's and predict's errors otherwise
 * @example
 * const app = await applyModelDaily(data.prepared, { model, grid: data.fine, dates: datesOf(plan.evaluation) });
 * app.cube.subarray(0, app.pixels); // the first day's map
 * app.totals.cloudGapShare;          // e.g. 0.31
 */
export async function applyModelDaily(source: LayerSource, options: ApplyModelDailyOptions): Promise<DailyApplication> {
  const { model, grid } = options ?? ({} as ApplyModelDailyOptions);
  if (!source || typeof source.getLayer !== "function") throw new TypeError("applyModelDaily: source must be a LayerSource");
  if (!model || !Array.isArray(model.committees)) throw new TypeError("applyModelDaily: options.model must be a Cubist model");
  if (!grid || typeof grid.size !== "number") throw new RangeError(`applyModelDaily: options.grid must be a LatLonGrid, got ${String(grid)}`);
  const dates = Array.from(options.dates ?? []);
  if (dates.length === 0) throw new RangeError("applyModelDaily: options.dates must not be empty");
  const N = grid.size;
  const D = dates.length;
  const cube = new Float32Array(D * N).fill(NaN);
  const predicted = new Int32Array(D), cloudGaps = new Int32Array(D), unseen = new Int32Array(D), landPerDay = new Int32Array(D);
  const used = modelPredictors(model);
  const dynUsed = DYNAMIC.filter((v) => used.numeric.includes(v));
  const withDem = used.numeric.includes("dem");
  const numericOrder = [...dynUsed, ...(withDem ? ["dem"] : [])];
  const missing: Record<string, number> = {};
  for (const v of numericOrder) missing[v] = 0;
  const names = AGGREGATED_LAND_COVER_CLASSES.map((c) => c.name);
  // static columns, recomputed only when the source's values change
  let lcRaw: Float32Array | null = null;
  let lcClass = new Int8Array(N); // aggregated class, -1 = missing (water, fill)
  let landPixels = 0;
  // reused buffers of the complete rows of one day
  const cols: Float64Array[] = numericOrder.map(() => new Float64Array(N));
  const lcCol: (string | null)[] = new Array(N).fill(null);
  const rowPixel = new Int32Array(N);
  let dem: ArrayLike<number> = new Float32Array(0);
  const miss = new Float64Array(numericOrder.length);
  for (let t = 0; t < D; t++) {
    const date = dates[t];
    if (t === 0 || date.slice(0, 4) !== dates[t - 1].slice(0, 4)) {
      // land cover is annual (MCD12Q1) and the DEM static: read once per calendar year, converted only when changed
      const lc = (await source.getLayer({ variable: "landcover", grid, date })).values;
      if (lc.length !== N) throw new RangeError(`applyModelDaily: landcover of ${date} has ${lc.length} values for a grid of ${N}`);
      if (!sameValues(lcRaw, lc)) {
        // the one land-cover rule of training and prediction (landCoverColumn): water and fill are missing
        lcClass = landCoverColumn(lc).classes;
        landPixels = 0;
        for (let i = 0; i < N; i++) if (lcClass[i] >= 0) landPixels++;
        lcRaw = Float32Array.from(lc);
      }
      if (withDem) {
        dem = (await source.getLayer({ variable: "dem", grid, date })).values;
        if (dem.length !== N) throw new RangeError(`applyModelDaily: dem of ${date} has ${dem.length} values for a grid of ${N}`);
      }
    }
    landPerDay[t] = landPixels;
    const layers: ArrayLike<number>[] = [];
    for (const v of dynUsed) {
      const values = (await source.getLayer({ variable: v, grid, date })).values;
      if (values.length !== N) throw new RangeError(`applyModelDaily: ${v} of ${date} has ${values.length} values for a grid of ${N}`);
      layers.push(values);
    }
    if (withDem) layers.push(dem);
    const Q = layers.length;
    miss.fill(0);
    let m = 0, gaps = 0;
    for (let i = 0; i < N; i++) {
      const k = lcClass[i];
      if (k < 0) continue; // sea, water, fill: not land, not a gap
      let complete = true;
      for (let q = 0; q < Q; q++) {
        const x = layers[q][i];
        if (x !== x) { miss[q]++; complete = false; }
      }
      if (!complete) { gaps++; continue; }
      for (let q = 0; q < Q; q++) cols[q][m] = layers[q][i];
      lcCol[m] = names[k];
      rowPixel[m] = i;
      m++;
    }
    numericOrder.forEach((v, q) => { missing[v] += miss[q]; });
    cloudGaps[t] = gaps;
    if (m > 0) {
      lcCol.length = m;
      const columns: ColumnTable["columns"] = {};
      numericOrder.forEach((v, q) => { columns[v] = cols[q].subarray(0, m); });
      if (used.landcover) columns.landcover = lcCol;
      const table: ColumnTable = { nRows: m, columns };
      const res = predict(model, table, { unseenDiscrete: "nan", coverage: "none" });
      const out = cube.subarray(t * N, (t + 1) * N);
      const p = res.predictions;
      for (let j = 0; j < m; j++) out[rowPixel[j]] = p[j];
      unseen[t] = res.nanRows;
      predicted[t] = m - res.nanRows;
      lcCol.length = N;
    }
  }
  let landPixelDays = 0, nPred = 0, nGaps = 0, nUnseen = 0;
  for (let t = 0; t < D; t++) { nPred += predicted[t]; nGaps += cloudGaps[t]; nUnseen += unseen[t]; }
  landPixelDays = nPred + nGaps + nUnseen;
  return {
    dates, grid, pixels: N, cube, landPixels, landPerDay, predicted, cloudGaps, unseen, missing,
    totals: { landPixelDays, predicted: nPred, cloudGaps: nGaps, unseen: nUnseen, cloudGapShare: landPixelDays > 0 ? nGaps / landPixelDays : NaN },
  };
}
