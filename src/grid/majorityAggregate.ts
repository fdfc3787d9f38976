import type { LatLonGrid } from "./latLonGrid";
import { nestedCellMap } from "./nestedCellMap";
import { checkAggregation } from "./meanAggregate";

/** Options of {@link majorityAggregate}. */
export interface MajorityAggregateOptions {
  /** Grid of the input codes (finer), e.g. 500 m land cover. */
  from: LatLonGrid;
  /** Output grid (coarser), e.g. 1 km or 0.25°. */
  to: LatLonGrid;
  /** Minimum valid fraction of a coarse cell's expected fine cells (as in meanAggregate). Default 0. */
  minValidFraction?: number;
  /** Largest class code accepted (codes are integers 0…maxCode). Default 255. */
  maxCode?: number;
}

/** Result of {@link majorityAggregate}. */
export interface MajorityAggregateResult {
  /** Most frequent code per coarse cell (NaN where no valid code or too few valid), row-major on `to`. */
  values: Float32Array;
  /** Share of the winning code among the valid fine cells of each coarse cell (0 where NaN). */
  share: Float32Array;
  counts: {
    aggregated: number;
    droppedTooFewValid: number;
    noValid: number;
    /** Coarse cells whose majority was a tie, broken towards the smallest code. */
    ties: number;
    /** Fine values that were not integers in [0, maxCode] (ignored like NaN). */
    invalidCodes: number;
  };
}

/**
 * Majority (mode) aggregation of class codes from a fine LatLonGrid to a coarser one, e.g. MODIS land cover
 * 500 m → 1 km and → 0.25°. Each fine cell votes for the coarse cell containing its centre; NaN and codes that
 * are not integers in [0, maxCode] do not vote. **Ties are broken deterministically towards the smallest code**
 * (and counted). Aggregate IGBP codes to the paper's classes first (aggregateLandCover) so that, e.g., forest
 * subtypes vote together.
 *
 * @param codes fine class codes, row-major on `options.from` (NaN = missing)
 * @throws RangeError naming the option (from, to, minValidFraction, maxCode) or `values` length.
 * @example
 * const from = new LatLonGrid({ west: 0, north: 1, cellSize: 0.5, width: 2, height: 2 });
 * const to = new LatLonGrid({ west: 0, north: 1, cellSize: 1, width: 1, height: 1 });
 * majorityAggregate([4, 1, 4, 1], { from, to }).values[0]; // 1 (tie 2–2, smallest code wins)
 */
export function majorityAggregate(codes: ArrayLike<number>, options: MajorityAggregateOptions): MajorityAggregateResult {
  const { from, to, minValidFraction = 0, maxCode = 255 } = options ?? ({} as MajorityAggregateOptions);
  checkAggregation("majorityAggregate", codes, from, to, minValidFraction);
  if (!Number.isInteger(maxCode) || maxCode < 0 || maxCode > 65535) throw new RangeError(`majorityAggregate: maxCode must be an integer in [0, 65535], got ${maxCode}`);
  const map = nestedCellMap(from, to);
  const tw = to.width, fw = from.width;
  const nCodes = maxCode + 1;
  // which codes occur at all, so the per-cell arg-max scans only those
  const seen = new Uint8Array(nCodes);
  let invalidCodes = 0;
  for (let i = 0; i < codes.length; i++) {
    const v = codes[i];
    if (v !== v) continue;
    if (v >= 0 && v <= maxCode && Number.isInteger(v)) seen[v] = 1; else invalidCodes++;
  }
  const present: number[] = [];
  for (let k = 0; k < nCodes; k++) if (seen[k]) present.push(k);
  const slot = new Int32Array(nCodes).fill(-1);
  present.forEach((k, j) => { slot[k] = j; });
  const np = Math.max(1, present.length);
  const hist = new Int32Array(tw * np);
  const nValid = new Int32Array(tw);
  const out = new Float32Array(tw * to.height).fill(NaN);
  const share = new Float32Array(tw * to.height);
  let aggregated = 0, dropped = 0, noValid = 0, ties = 0;
  const flush = (cr: number) => {
    for (let cc = 0; cc < tw; cc++) {
      const i = cr * tw + cc;
      const nv = nValid[cc];
      const expected = map.expectedRows[cr] * map.expectedCols[cc];
      if (nv === 0) { noValid++; continue; }
      if (expected > 0 && nv / expected + 1e-12 < minValidFraction) { dropped++; continue; }
      let best = -1, bestN = 0, tie = false;
      const h0 = cc * np;
      for (let j = 0; j < np; j++) {
        const cnt = hist[h0 + j];
        if (cnt > bestN) { bestN = cnt; best = j; tie = false; } else if (cnt === bestN && cnt > 0) tie = true;
      }
      out[i] = present[best];
      share[i] = bestN / nv;
      if (tie) ties++;
      aggregated++;
    }
  };
  let currentRow = -1;
  const rowsDone = new Uint8Array(to.height);
  for (let r = 0; r < from.height; r++) {
    const cr = map.rows[r];
    if (cr < 0) continue;
    if (cr !== currentRow) {
      if (currentRow >= 0) { flush(currentRow); rowsDone[currentRow] = 1; }
      hist.fill(0); nValid.fill(0);
      currentRow = cr;
    }
    const base = r * fw;
    for (let c = 0; c < fw; c++) {
      const cc = map.cols[c];
      if (cc < 0) continue;
      const v = codes[base + c];
      if (v !== v || !(v >= 0 && v <= maxCode)) continue;
      const j = slot[v];
      if (!(j >= 0)) continue; // non-integer code (slot undefined)
      hist[cc * np + j]++;
      nValid[cc]++;
    }
  }
  if (currentRow >= 0) { flush(currentRow); rowsDone[currentRow] = 1; }
  for (let cr = 0; cr < to.height; cr++) if (!rowsDone[cr]) noValid += tw; // coarse rows no fine row reached
  return { values: out, share, counts: { aggregated, droppedTooFewValid: dropped, noValid, ties, invalidCodes } };
}
