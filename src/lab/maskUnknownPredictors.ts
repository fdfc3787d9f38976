import type { ColumnTable } from "../cubist/table";

/**
 * Sets to NaN, in place, the predictions of rows where one of `predictors` is unknown (NaN, ±Infinity or a null
 * level), as the workbook's 1 km maps leave cloud gaps empty: Cubist itself would fill a missing value with the
 * training mean. Returns how many rows keep a prediction.
 * @throws RangeError naming a predictor that is not a column, or when the lengths differ.
 * @example maskUnknownPredictors(Float64Array.of(1, 2), { nRows: 2, columns: { lst: Float64Array.of(300, NaN) } }, ["lst"]); // 1; [1, NaN]
 */
export function maskUnknownPredictors(predictions: Float64Array, table: ColumnTable, predictors: readonly string[]): number {
  if (predictions.length !== table.nRows) throw new RangeError(`maskUnknownPredictors: ${predictions.length} predictions for ${table.nRows} rows`);
  for (const p of predictors) {
    const col = table.columns[p];
    if (col === undefined) throw new RangeError(`maskUnknownPredictors: predictors names '${p}', not a column`);
    if (col instanceof Float64Array) { for (let i = 0; i < col.length; i++) if (!Number.isFinite(col[i])) predictions[i] = NaN; }
    else for (let i = 0; i < col.length; i++) if (col[i] === null) predictions[i] = NaN;
  }
  let kept = 0;
  for (const v of predictions) if (Number.isFinite(v)) kept++;
  return kept;
}
