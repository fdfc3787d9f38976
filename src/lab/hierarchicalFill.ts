/** Options of {@link hierarchicalFill}. */
export interface HierarchicalFillOptions {
  /**
   * Cells (same length as the cubes) where the primary value is treated as missing even when finite, 1 = gap:
   * e.g. cloudy cell-days derived from a clear-sky fraction when the predictors themselves carry no gap.
   * Default: none (only NaN primary values are gaps).
   */
  gap?: ArrayLike<number>;
  /** Cells that count (e.g. land cell-days), 1 = counted; others are left NaN in the result. Default: every cell. */
  land?: ArrayLike<number>;
}

/** Where each value of {@link HierarchicalFill.combined} comes from. */
export const FILL_SOURCE = { none: 0, primary: 1, fallback: 2 } as const;

/** Result of {@link hierarchicalFill}. */
export interface HierarchicalFill {
  /** The primary value where it exists (and is not a gap), else the fallback's, else NaN (float32). */
  combined: Float32Array;
  /** Per cell: {@link FILL_SOURCE} code (0 none, 1 primary, 2 fallback). */
  source: Uint8Array;
  /** Per cell: 1 where it is counted (the `land` mask, else every cell). */
  counted: Uint8Array;
  counts: {
    /** Cells counted (the `land` mask, else every cell). */
    cells: number;
    /** Counted cells with a primary value (finite, not a gap). */
    primary: number;
    /** Counted cells without a primary value but with a fallback value. */
    filled: number;
    /** Counted cells with neither. */
    missing: number;
    /** Counted cells whose finite primary value was dropped by the `gap` mask. */
    maskedByGap: number;
    /** primary / cells and (primary + filled) / cells, 0–1 (NaN without cells). */
    primaryShare: number;
    combinedShare: number;
  };
}

/**
 * The hierarchical product of the paper's future work: a primary estimate (e.g. the full six-predictor Cubist
 * model, no value under clouds) where it exists, else a fallback estimate (e.g. a model without the optical
 * inputs LST and NDVI, which has a value under clouds too). Works on any flat array, e.g. a day-major cube.
 *
 * @param primary primary values (NaN = none), e.g. m³ m⁻³
 * @param fallback fallback values on the same cells (NaN = none)
 * @param options `gap` (default none), `land` (default every cell)
 * @returns the combined values, the source of each, and the counts over the counted cells
 * @throws RangeError naming the argument when fallback, gap or land differ in length from primary
 * @example
 * const f = hierarchicalFill(primaryCube, fallbackCube, { land: landMask });
 * f.counts.combinedShare; // e.g. 0.98 (primaryShare 0.62)
 */
export function hierarchicalFill(primary: ArrayLike<number>, fallback: ArrayLike<number>, options: HierarchicalFillOptions = {}): HierarchicalFill {
  const { gap, land } = options;
  const n = primary.length;
  if (!fallback || fallback.length !== n) throw new RangeError(`hierarchicalFill: fallback must have the primary's ${n} values, got ${fallback ? fallback.length : 0}`);
  if (gap !== undefined && gap.length !== n) throw new RangeError(`hierarchicalFill: options.gap must have ${n} values, got ${gap.length}`);
  if (land !== undefined && land.length !== n) throw new RangeError(`hierarchicalFill: options.land must have ${n} values, got ${land.length}`);
  const combined = new Float32Array(n).fill(NaN);
  const source = new Uint8Array(n);
  const counted = new Uint8Array(n);
  let cells = 0, nPrimary = 0, filled = 0, maskedByGap = 0;
  for (let i = 0; i < n; i++) {
    if (land && !land[i]) continue;
    cells++;
    counted[i] = 1;
    const p = primary[i];
    const isGap = gap ? !!gap[i] : false;
    if (p === p && !isGap) { combined[i] = p; source[i] = FILL_SOURCE.primary; nPrimary++; continue; }
    if (p === p && isGap) maskedByGap++;
    const f = fallback[i];
    if (f === f) { combined[i] = f; source[i] = FILL_SOURCE.fallback; filled++; }
  }
  return {
    combined, source, counted,
    counts: {
      cells, primary: nPrimary, filled, missing: cells - nPrimary - filled, maskedByGap,
      primaryShare: cells > 0 ? nPrimary / cells : NaN, combinedShare: cells > 0 ? (nPrimary + filled) / cells : NaN,
    },
  };
}
