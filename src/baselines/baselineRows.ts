import type { ColumnTable } from "../cubist/table";
import { validateTable } from "../cubist/table";
import type { EncodedFeatures } from "./featureEncoding";

/**
 * Checks a baseline's table, `target` and `predictors` options and returns the predictor list (default: every
 * column but the target, in table order).
 * @throws RangeError naming the option and value: target missing or not a numeric column, a predictor that is not a
 *   column, the target among the predictors, no predictors.
 */
export function checkTarget(table: ColumnTable, options: { target: string; predictors?: readonly string[] }, who: string): string[] {
  validateTable(table, who);
  if (!options || typeof options.target !== "string") throw new RangeError(`${who}: target must name a column, got ${JSON.stringify(options?.target)}`);
  const t = table.columns[options.target];
  if (!(t instanceof Float64Array)) throw new RangeError(`${who}: target '${options.target}' must be a numeric column of the table`);
  const predictors = options.predictors ? [...options.predictors] : Object.keys(table.columns).filter((c) => c !== options.target);
  if (predictors.length === 0) throw new RangeError(`${who}: predictors must name at least one column, got []`);
  for (const p of predictors) {
    if (!(p in table.columns)) throw new RangeError(`${who}: predictors names '${p}', not a column (have ${Object.keys(table.columns).join(", ")})`);
    if (p === options.target) throw new RangeError(`${who}: predictors includes the target '${p}'`);
  }
  return predictors;
}

/** The training rows a baseline uses: target finite and every predictor known; and their targets. */
export function baselineRows(table: ColumnTable, target: string, enc: EncodedFeatures): { rows: Int32Array; y: Float64Array } {
  const t = table.columns[target] as Float64Array;
  const rows: number[] = [];
  for (let i = 0; i < table.nRows; i++) if (enc.valid[i] && Number.isFinite(t[i])) rows.push(i);
  return { rows: Int32Array.from(rows), y: Float64Array.from(rows, (i) => t[i]) };
}
