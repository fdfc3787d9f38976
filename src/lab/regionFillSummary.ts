import { compareSeries } from "../metrics/compareSeries";
import { FILL_SOURCE, type HierarchicalFill } from "./hierarchicalFill";
import type { RegionCells } from "./regionCells";

/** Options of {@link regionFillSummary}. */
export interface RegionFillSummaryOptions {
  /** Cells per day of the day-major cubes. Required. */
  pixels: number;
  /** The regions (e.g. `regionCells(data.coarse)`); cell indices within a day. */
  regions: readonly RegionCells[];
  /** The reference cube the models imitate (e.g. GLDAS), same layout as the fill. Required. */
  reference: ArrayLike<number>;
  /** A second reference (e.g. the twin's truth), or null / omitted. */
  truth?: ArrayLike<number> | null;
  /**
   * The fallback cube given to hierarchicalFill, to score it on the primary-covered cell-days as well (the
   * like-for-like skill lost by leaving out the optical inputs). Default: none.
   */
  fallback?: ArrayLike<number> | null;
}

/** RMSE (NaN without pairs) and Pearson r (NaN with fewer than 3 pairs) of one subset against a reference. */
export interface SubsetSkill {
  n: number;
  rmse: number;
  r: number;
}

/** One region's row of {@link regionFillSummary}. */
export interface RegionFillRow {
  region: string;
  /** Cells of the region on the grid. */
  cells: number;
  /** Counted (land) cell-days of those cells; with a primary value; with a fallback value; with neither. */
  landCellDays: number;
  primary: number;
  filled: number;
  missing: number;
  /** primary / landCellDays and (primary + filled) / landCellDays, 0–1 (NaN without land). */
  primaryShare: number;
  combinedShare: number;
  /** Skill against the reference on primary-covered and on filled cell-days. */
  primaryVsReference: SubsetSkill;
  filledVsReference: SubsetSkill;
  /** The same against `truth` (null without truth). */
  primaryVsTruth: SubsetSkill | null;
  filledVsTruth: SubsetSkill | null;
  /** The fallback on the primary-covered cell-days (where it has a value) vs the reference and the truth; null without `fallback`. */
  fallbackOnPrimaryVsReference: SubsetSkill | null;
  fallbackOnPrimaryVsTruth: SubsetSkill | null;
}

function skill(values: Float64Array, ref: Float64Array): SubsetSkill {
  const c = compareSeries(values, ref, { minPairs: 1 });
  if (c.n === 0) return { n: 0, rmse: NaN, r: NaN };
  return { n: c.n, rmse: c.rmse, r: c.n >= 3 ? c.r : NaN };
}

/**
 * Per region: coverage gained and skill of a {@link hierarchicalFill} — land cell-days, shares with a primary value
 * and after the fill, and RMSE / r against the reference (and the truth) on the primary-covered and on the filled
 * cell-days separately (the fill's skill is on cloudy days, so it is not the primary's skill lost on the same days);
 * with `fallback`, also the fallback on the primary-covered days, the like-for-like skill lost.
 *
 * @param fill a hierarchicalFill result over day-major cubes (its `source` codes are read; land = code counted)
 * @param options `pixels`, `regions`, `reference`, `truth` (none)
 * @throws RangeError naming the option when pixels does not divide the fill's length, a reference has another
 *   length, or a region cell is outside 0..pixels − 1
 * @example
 * const rows = regionFillSummary(fill, { pixels: grid.size, regions: regionCells(grid), reference: gldas.cube, truth: truth.cube });
 */
export function regionFillSummary(fill: HierarchicalFill, options: RegionFillSummaryOptions): RegionFillRow[] {
  const { pixels, regions, reference, truth = null, fallback = null } = options ?? ({} as RegionFillSummaryOptions);
  const n = fill.combined.length;
  if (!Number.isInteger(pixels) || pixels < 1 || n % pixels !== 0) throw new RangeError(`regionFillSummary: options.pixels must be a positive integer dividing the fill's ${n} values, got ${pixels}`);
  if (!reference || reference.length !== n) throw new RangeError(`regionFillSummary: options.reference must have ${n} values, got ${reference ? reference.length : 0}`);
  if (truth && truth.length !== n) throw new RangeError(`regionFillSummary: options.truth must have ${n} values, got ${truth.length}`);
  if (fallback && fallback.length !== n) throw new RangeError(`regionFillSummary: options.fallback must have ${n} values, got ${fallback.length}`);
  const land = fill.counted;
  const D = n / pixels;
  return regions.map((reg) => {
    for (const c of reg.cells) if (c < 0 || c >= pixels) throw new RangeError(`regionFillSummary: region '${reg.name}' has cell ${c} outside 0..${pixels - 1}`);
    // first pass: counts, so the subsets are typed arrays of the right size (millions of 1 km pixel-days)
    let cellDays = 0, np = 0, nf = 0;
    for (let t = 0; t < D; t++) {
      for (const c of reg.cells) {
        const i = t * pixels + c;
        if (!land[i]) continue;
        cellDays++;
        if (fill.source[i] === FILL_SOURCE.primary) np++;
        else if (fill.source[i] === FILL_SOURCE.fallback) nf++;
      }
    }
    const pv = new Float64Array(np), pr = new Float64Array(np), pt = new Float64Array(truth ? np : 0);
    const fv = new Float64Array(nf), fr = new Float64Array(nf), ft = new Float64Array(truth ? nf : 0);
    // the fallback on the primary days (NaN where it has none: compareSeries drops those pairs)
    const bv = new Float64Array(fallback ? np : 0);
    let jp = 0, jf = 0;
    for (let t = 0; t < D; t++) {
      for (const c of reg.cells) {
        const i = t * pixels + c;
        if (!land[i]) continue;
        const s = fill.source[i];
        if (s === FILL_SOURCE.primary) { pv[jp] = fill.combined[i]; pr[jp] = reference[i]; if (truth) pt[jp] = truth[i]; if (fallback) bv[jp] = fallback[i]; jp++; }
        else if (s === FILL_SOURCE.fallback) { fv[jf] = fill.combined[i]; fr[jf] = reference[i]; if (truth) ft[jf] = truth[i]; jf++; }
      }
    }
    return {
      region: reg.name, cells: reg.cells.length, landCellDays: cellDays, primary: np, filled: nf, missing: cellDays - np - nf,
      primaryShare: cellDays > 0 ? np / cellDays : NaN, combinedShare: cellDays > 0 ? (np + nf) / cellDays : NaN,
      primaryVsReference: skill(pv, pr), filledVsReference: skill(fv, fr),
      primaryVsTruth: truth ? skill(pv, pt) : null, filledVsTruth: truth ? skill(fv, ft) : null,
      fallbackOnPrimaryVsReference: fallback ? skill(bv, pr) : null,
      fallbackOnPrimaryVsTruth: fallback && truth ? skill(bv, pt) : null,
    };
  });
}
