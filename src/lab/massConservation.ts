import { checkAggregation } from "../grid/meanAggregate";
import type { LatLonGrid } from "../grid/latLonGrid";
import { nestedCellMap } from "../grid/nestedCellMap";

/** Options of {@link massConservation}. */
export interface MassConservationOptions {
  /** The fine grid of `fine` (e.g. the 1 km grid). Required. */
  from: LatLonGrid;
  /** The coarse grid of `coarse` (e.g. the 0.25° GLDAS grid), coarser than `from`. Required. */
  to: LatLonGrid;
  /**
   * `"additive"` (default): every valid pixel of a cell is shifted by g − m (g = coarse value, m = mean of the
   * cell's valid fine pixels), keeping the pixel differences. `"multiplicative"`: scaled by g / m, keeping the
   * ratios; cells with m ≤ 0 or g < 0 are left as they are and counted in `nonPositive`.
   */
  mode?: "additive" | "multiplicative";
  /**
   * Minimum fraction (0–1) of a cell's expected fine pixels (on an unbounded fine grid, so parts outside `from`
   * count as missing) that must be valid for the cell to be corrected; cells below are left as they are and
   * counted in `tooFewValid`. Default 0 (any valid pixel).
   */
  minValidFraction?: number;
  /** Fine pixels of cells whose coarse value is not finite: `"keep"` them uncorrected (default) or set `"nan"`. */
  missingCoarse?: "keep" | "nan";
}

/** Result of {@link massConservation}. */
export interface MassConservationResult {
  /** The corrected fine field, row-major on `from` (float64; NaN where the input is NaN). */
  values: Float64Array;
  /** Per coarse cell (row-major on `to`): valid fine pixels. */
  valid: Int32Array;
  /** Per coarse cell: expected fine pixels minus valid ones (missing inside `from` or outside it). */
  missing: Int32Array;
  /** Per coarse cell: mean of the valid fine pixels before correction (NaN without valid pixels). */
  fineMean: Float64Array;
  /** Per coarse cell: the offset g − m (additive) or ratio g / m (multiplicative) applied; NaN where not corrected. */
  adjustment: Float64Array;
  counts: {
    /** Cells corrected. */
    corrected: number;
    /** Cells without any valid fine pixel. */
    withoutValid: number;
    /** Cells with valid fine pixels but a non-finite coarse value. */
    withoutCoarse: number;
    /** Cells below minValidFraction. */
    tooFewValid: number;
    /** Multiplicative mode: cells with m ≤ 0 or g < 0, left uncorrected. */
    nonPositive: number;
    /** Fine pixels whose centre lies outside `to` (left as they are). */
    finePixelsOutside: number;
  };
  /** m − g before correction over the cells with both (the aggregated fine field's bias against the coarse one). */
  before: { cells: number; bias: number; rmse: number };
}

/**
 * Mass-conserving correction of a downscaled fine field (e.g. 1 km soil moisture) to a coarse one (e.g. the
 * 0.25° GLDAS value it was downscaled from): afterwards the mean of each coarse cell's valid fine pixels equals
 * the coarse value, g = (1/n) Σ vᵢ' (to rounding), by vᵢ' = vᵢ + (g − m) or vᵢ' = vᵢ · g / m with m the mean of
 * the valid vᵢ. Fine pixels go to the coarse cell containing their centre ({@link nestedCellMap}); NaN pixels
 * stay NaN. Reports per-cell valid / missing counts and the cells that could not be corrected. Note that an
 * additive shift can leave the physical range (e.g. below 0 m³ m⁻³); it is not clipped so the mass stays exact.
 *
 * @param fine fine values, row-major on `options.from` (NaN = missing)
 * @param coarse coarse values, row-major on `options.to` (NaN = missing)
 * @throws RangeError naming the option for a missing grid, `to` finer than `from`, minValidFraction outside
 *   [0, 1], a bad mode / missingCoarse, or arrays of the wrong length.
 * @example
 * const from = new LatLonGrid({ west: 0, north: 1, cellSize: 0.5, width: 2, height: 2 });
 * const to = new LatLonGrid({ west: 0, north: 1, cellSize: 1, width: 1, height: 1 });
 * massConservation([0.1, 0.2, NaN, 0.3], [0.3], { from, to }).values; // [0.2, 0.3, NaN, 0.4]
 */
export function massConservation(fine: ArrayLike<number>, coarse: ArrayLike<number>, options: MassConservationOptions): MassConservationResult {
  const { from, to, mode = "additive", minValidFraction = 0, missingCoarse = "keep" } = options ?? ({} as MassConservationOptions);
  checkAggregation("massConservation", fine, from, to, minValidFraction);
  if (mode !== "additive" && mode !== "multiplicative") throw new RangeError(`massConservation: mode must be "additive" or "multiplicative", got ${JSON.stringify(mode)}`);
  if (missingCoarse !== "keep" && missingCoarse !== "nan") throw new RangeError(`massConservation: missingCoarse must be "keep" or "nan", got ${JSON.stringify(missingCoarse)}`);
  if (!coarse || coarse.length !== to.width * to.height) {
    throw new RangeError(`massConservation: coarse must hold to.width*to.height = ${to.width * to.height} numbers, got ${coarse ? coarse.length : 0}`);
  }
  const map = nestedCellMap(from, to);
  const nc = to.width * to.height;
  const sum = new Float64Array(nc);
  const valid = new Int32Array(nc);
  let finePixelsOutside = 0;
  const fw = from.width, tw = to.width;
  for (let r = 0; r < from.height; r++) {
    const cr = map.rows[r];
    for (let c = 0; c < fw; c++) {
      const cc = map.cols[c];
      if (cr < 0 || cc < 0) { finePixelsOutside++; continue; }
      const v = fine[r * fw + c];
      if (v === v) { sum[cr * tw + cc] += v; valid[cr * tw + cc]++; }
    }
  }
  const missing = new Int32Array(nc);
  const fineMean = new Float64Array(nc);
  const adjustment = new Float64Array(nc).fill(NaN);
  /** 0 = correct, 1 = keep, 2 = set NaN. */
  const action = new Uint8Array(nc);
  const counts = { corrected: 0, withoutValid: 0, withoutCoarse: 0, tooFewValid: 0, nonPositive: 0, finePixelsOutside };
  let bCells = 0, bSum = 0, bSq = 0;
  for (let cr = 0; cr < to.height; cr++) {
    for (let cc = 0; cc < tw; cc++) {
      const i = cr * tw + cc;
      const expected = map.expectedRows[cr] * map.expectedCols[cc];
      missing[i] = Math.max(0, expected - valid[i]);
      const n = valid[i];
      const m = n > 0 ? sum[i] / n : NaN;
      fineMean[i] = m;
      const g = coarse[i];
      action[i] = 1;
      if (n === 0) { counts.withoutValid++; continue; }
      if (!Number.isFinite(g)) { counts.withoutCoarse++; if (missingCoarse === "nan") action[i] = 2; continue; }
      bCells++; bSum += m - g; bSq += (m - g) * (m - g);
      if (expected > 0 && n / expected + 1e-12 < minValidFraction) { counts.tooFewValid++; continue; }
      if (mode === "multiplicative") {
        if (!(m > 0) || g < 0) { counts.nonPositive++; continue; }
        adjustment[i] = g / m;
      } else adjustment[i] = g - m;
      action[i] = 0;
      counts.corrected++;
    }
  }
  const values = new Float64Array(fine.length);
  const mult = mode === "multiplicative";
  for (let r = 0; r < from.height; r++) {
    const cr = map.rows[r];
    for (let c = 0; c < fw; c++) {
      const k = r * fw + c;
      const v = fine[k];
      const cc = map.cols[c];
      if (cr < 0 || cc < 0 || v !== v) { values[k] = v; continue; }
      const i = cr * tw + cc;
      const a = action[i];
      values[k] = a === 1 ? v : a === 2 ? NaN : mult ? v * adjustment[i] : v + adjustment[i];
    }
  }
  return {
    values, valid, missing, fineMean, adjustment, counts,
    before: { cells: bCells, bias: bCells ? bSum / bCells : NaN, rmse: bCells ? Math.sqrt(bSq / bCells) : NaN },
  };
}
