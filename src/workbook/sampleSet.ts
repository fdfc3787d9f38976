import { landCoverColumn } from "./landCoverColumn";
import type { LatLonGrid } from "../grid/latLonGrid";
import type { ColumnTable } from "../cubist/table";
import { stratifiedSample, type StratifiedSample } from "../sampling/stratifiedSample";
import { extractSamples } from "../sampling/extractSamples";
import { clearSkyFilter, PAPER_SAMPLE_VARIABLES, type ClearSkyResult } from "../sampling/clearSkyFilter";
import { splitByDate } from "../sampling/splitByDate";
import { takeRows, type SampleTable } from "../sampling/sampleTable";
import { seededRandom } from "../sampling/seededRandom";
import type { LayerSource, VariableName } from "../sources/layerSource";
import { pointSeries } from "../sources/pointSeries";
import { datesOf, type StudyPlan } from "./studyPlan";

/** The paper's six predictors (the default set) in the order the workbook gives them to Cubist, and the target. */
export const PREDICTORS = ["ascat_sm", "amsr2_sm", "lst", "ndvi", "landcover", "dem"] as const;
/** Every predictor column a study may choose (layer variables): the paper's six and `precip` (mm/day, optional). */
export const PREDICTOR_COLUMNS: readonly string[] = [...PREDICTORS, "precip"];
export const TARGET = "gldas_sm";

/** A source of the daily clear-sky fraction of each cell (MOD11A2 `Clear_sky_days` for the day; the twin has it). */
export interface ClearSkyCapable {
  clearSky(grid: LatLonGrid, date: string): { values: Float32Array } | Promise<{ values: Float32Array }>;
}

/** What {@link buildSampleSet} produced, with every count a reader needs to follow it. */
export interface SampleSet {
  points: StratifiedSample;
  /** All point-days before filtering. */
  all: SampleTable;
  clear: ClearSkyResult;
  train: SampleTable;
  validation: SampleTable;
  /** The clear-sky rule, in words. */
  rule: string;
  /** Point-days outside the train and validation ranges (dropped by the split). */
  outsideSplit: number;
  /** Clear-sky samples before thinning to the target counts, and the targets (see {@link buildSampleSet}). */
  thinning: { trainBefore: number; validationBefore: number; trainTarget: number; validationTarget: number };
}

/**
 * A seeded random subset of `count` rows of a sample table, kept in their original (day-major) order;
 * the table itself when it has no more rows than that.
 * @example thinSamples(table, { count: 100, seed: 1 }).n // min(100, table.n)
 * @throws RangeError when count is not a non-negative integer.
 */
export function thinSamples(table: SampleTable, options: { count: number; seed: number }): SampleTable {
  const { count } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`thinSamples: count must be a non-negative integer, got ${count}`);
  if (table.n <= count) return table;
  const rand = seededRandom(options.seed);
  const idx = Int32Array.from({ length: table.n }, (_, i) => i);
  for (let i = 0; i < count; i++) { // partial Fisher–Yates: the first `count` entries are a uniform sample
    const j = i + Math.floor(rand() * (table.n - i));
    const t = idx[i]; idx[i] = idx[j]; idx[j] = t;
  }
  return takeRows(table, idx.subarray(0, count).sort());
}

/**
 * The paper's sampling step (§2.3, Table A2): stratified points on the 0.25° grid by land cover, DEM and
 * soil; every predictor and GLDAS at the points for every day of the training and validation periods; the
 * clear-sky filter; the split by date.
 *
 * The clear-sky rule chosen here (the paper's is not recovered, docs/paper.md §6, §13): a point-day is kept when
 * the chosen predictors (`predictors`, layer variables, default the paper's six {@link PREDICTORS}) and GLDAS are
 * valid AND the day was clear at the cell — the MODIS daily clear-sky flag
 * (MOD11A2 `Clear_sky_days`; the twin's `clearSky`) covers at least `minClearFraction` of the cell's land
 * (default 1: a fully clear 25 km cell; on the twin, whose cloud mask follows a MODIS-like climatology, this
 * keeps ≈ 6 % of the point-days against the paper's 5.5 %, where 0.5 would keep ≈ 34 %). Where the source
 * has no clear-sky layer, only the validity test applies (said in `rule`). A predictor that is not chosen is
 * neither extracted nor required (dropping LST does not drop its cloudy days); the samples carry only the chosen
 * predictors. From a study configuration: `predictors: predictorVariables(ctx.study)`,
 * `minClearFraction: minClearFractionOf(ctx.study)` (the study's `clearSky` "all-valid" is the default 1).
 *
 * Thinning: the paper kept 5.5 % of its point-days (20,787 calibration and 15,625 validation samples from 602
 * points). When the clear-sky samples outnumber the paper's counts (scaled by points / 602), a seeded random
 * subset of that size is kept (a no-op when they do not), so the model is trained and judged at
 * the paper's scale; `thinning` reports the counts before and after. Set `thin: false` to keep every sample.
 *
 * @example const set = await buildSampleSet(twin, plan, { grid: twin.coarseGrid, seed: 1 });
 * @throws RangeError naming an option when it is invalid; the source's errors otherwise.
 */
export async function buildSampleSet(source: LayerSource, plan: StudyPlan, options: { grid: LatLonGrid; seed?: number; minClearFraction?: number; thin?: boolean; predictors?: readonly string[] }): Promise<SampleSet> {
  const { grid } = options;
  const chosen = Array.from(options.predictors ?? PREDICTORS);
  if (chosen.length === 0) throw new RangeError("buildSampleSet: predictors must name at least one predictor");
  for (const name of chosen) if (!PREDICTOR_COLUMNS.includes(name)) throw new RangeError(`buildSampleSet: predictors has '${name}', not one of ${PREDICTOR_COLUMNS.join(", ")}`);
  const seed = options.seed ?? 1;
  const minClear = options.minClearFraction ?? 1;
  if (!(minClear >= 0 && minClear <= 1)) throw new RangeError(`buildSampleSet: minClearFraction must be in [0, 1], got ${minClear}`);
  const anyDate = plan.train.start;
  const layer = async (variable: VariableName) => (await source.getLayer({ variable, grid, date: anyDate })).values;
  const [landcover, dem, soil] = [await layer("landcover"), await layer("dem"), await layer("soil")];
  const eligible = new Uint8Array(grid.size);
  for (let i = 0; i < grid.size; i++) eligible[i] = landcover[i] !== 17 && Number.isFinite(landcover[i]) ? 1 : 0;
  const points = stratifiedSample({ landcover, dem, soil, eligible }, { seed, totalPoints: plan.points, grid });

  const dates = [...datesOf(plan.train), ...datesOf(plan.validation)];
  const cells = points.cells;
  const P = cells.length;
  const stacks: Record<string, Float32Array> = {};
  for (const v of ["ascat_sm", "amsr2_sm", "lst", "ndvi", "precip", "gldas_sm"] as const) {
    if (v === "gldas_sm" || chosen.includes(v)) stacks[v] = await pointSeries(source, { variable: v, grid, cells, dates });
  }
  if (chosen.includes("landcover")) stacks.landcover = Float32Array.from(cells, (c) => landcover[c]);
  if (chosen.includes("dem")) stacks.dem = Float32Array.from(cells, (c) => dem[c]);
  const clearCapable = typeof (source as unknown as ClearSkyCapable).clearSky === "function";
  const required = [...PAPER_SAMPLE_VARIABLES.filter((v) => v === TARGET || chosen.includes(v)), ...chosen.filter((v) => !PAPER_SAMPLE_VARIABLES.includes(v))];
  const paperSix = chosen.length === PREDICTORS.length && PREDICTORS.every((p) => chosen.includes(p));
  const which = paperSix ? "all six predictors" : `the ${chosen.length} chosen predictors (${chosen.join(", ")})`;
  let rule = `${which} and GLDAS valid`;
  if (clearCapable) {
    const flag = new Float32Array(dates.length * P);
    for (const [t, d] of dates.entries()) {
      const clear = (await (source as unknown as ClearSkyCapable).clearSky(grid, d)).values;
      for (let j = 0; j < P; j++) flag[t * P + j] = clear[cells[j]] >= minClear ? 1 : NaN;
    }
    stacks.clear_sky = flag;
    required.push("clear_sky");
    rule = `${which} and GLDAS valid, and a clear-sky day (MODIS daily clear-sky flag on ≥ ${Math.round(minClear * 100)} % of the cell's land)`;
  }
  // The series are [day][point] arrays: a "grid" of P cells whose cell j is point j.
  const all = extractSamples(Int32Array.from({ length: P }, (_, j) => j), dates, stacks, { gridCells: P });
  for (let i = 0; i < all.n; i++) all.cell[i] = cells[all.pointId[i]];
  const clear = clearSkyFilter(all, { required });
  const split = splitByDate(clear.table, { train: { from: plan.train.start, to: plan.train.end }, validation: { from: plan.validation.start, to: plan.validation.end } });
  const scale = P / 602;
  const thin = options.thin ?? true;
  const trainTarget = thin ? Math.round(20787 * scale) : split.train.n;
  const validationTarget = thin ? Math.round(15625 * scale) : split.validation.n;
  const train = thinSamples(split.train, { count: trainTarget, seed: seed + 1 });
  const validation = thinSamples(split.validation, { count: validationTarget, seed: seed + 2 });
  return {
    points, all, clear, train, validation, rule, outsideSplit: clear.table.n - split.train.n - split.validation.n,
    thinning: { trainBefore: split.train.n, validationBefore: split.validation.n, trainTarget, validationTarget },
  };
}

/**
 * A sample table as a Cubist table: the chosen predictors (`predictors`, layer variables, default the paper's six;
 * land cover as the paper's class names, a discrete attribute, water and fill missing by {@link landCoverColumn} —
 * the same rule as in prediction) and the target, plus `date` and `point` for bookkeeping when `withKeys` is set.
 * @throws RangeError when `predictors` names a variable that is not one of {@link PREDICTOR_COLUMNS}.
 * @example const t = toCubistTable(set.train); t.columns.landcover[0]; // "Forest"
 */
export function toCubistTable(samples: SampleTable, options: { withKeys?: boolean; predictors?: readonly string[] } = {}): ColumnTable {
  const columns: ColumnTable["columns"] = {};
  const chosen = options.predictors ?? PREDICTORS;
  for (const name of chosen) if (!PREDICTOR_COLUMNS.includes(name)) throw new RangeError(`toCubistTable: predictors has '${name}', not one of ${PREDICTOR_COLUMNS.join(", ")}`);
  for (const name of chosen) {
    if (name === "landcover") columns.landcover = landCoverColumn(samples.columns.landcover).column;
    else columns[name] = Float64Array.from(samples.columns[name]);
  }
  columns[TARGET] = Float64Array.from(samples.columns[TARGET]);
  if (options.withKeys) {
    columns.date = Array.from(samples.dayIndex, (d) => samples.dates[d]);
    columns.point = Float64Array.from(samples.pointId);
  }
  return { nRows: samples.n, columns };
}
