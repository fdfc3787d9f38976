import { aggregateLandCover, AGGREGATED_LAND_COVER_CLASSES } from "../grid/aggregateLandCover";

/** The paper's aggregated class names, indexed by class code (0 = Water). */
const NAMES = AGGREGATED_LAND_COVER_CLASSES.map((c) => c.name);

/**
 * The one rule by which the workbook turns MODIS IGBP land-cover codes into Cubist's `landcover` column, in
 * training ({@link toCubistTable}) and in prediction ({@link predictorTable}, {@link applyModelDaily}) alike:
 * the paper's aggregated class names (Table A1, barren separate); **water and fill are missing** (`null`) —
 * there is no soil moisture to model over water, so a water row is never a training case nor a 1 km value.
 * (Before, training kept "Water" as a class while prediction treated it as missing.)
 * @returns the column and `classes` (the aggregated code per row, −1 = missing), with the count of missing rows
 * @example landCoverColumn([1, 17, 255]).column // ["Forest", null, null]
 */
export function landCoverColumn(codes: ArrayLike<number>): { column: (string | null)[]; classes: Int8Array; missing: number } {
  const agg = aggregateLandCover(codes).values;
  const n = agg.length;
  const column: (string | null)[] = new Array(n);
  const classes = new Int8Array(n);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const k = agg[i];
    if (Number.isNaN(k) || k === 0) { column[i] = null; classes[i] = -1; missing++; }
    else { column[i] = NAMES[k]; classes[i] = k; }
  }
  return { column, classes, missing };
}

/** The aggregated class name of a class code from {@link landCoverColumn}'s `classes` (null for −1). */
export function landCoverName(k: number): string | null {
  return k < 0 ? null : NAMES[k];
}
