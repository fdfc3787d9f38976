import type { ColumnTable } from "../cubist/table";
import { encodeFeatures, featureEncoding } from "./featureEncoding";
import type { FeatureEncoding } from "./featureEncoding";
import { baselineRows, checkTarget } from "./baselineRows";

/** Options of {@link fitLinearRegression}. */
export interface LinearRegressionOptions {
  /** Target column (numeric). Required. */
  target: string;
  /** Predictor columns (default: every other column, in table order). Discrete ones enter as 0/1 level indicators. */
  predictors?: readonly string[];
  /**
   * Relative tolerance for rank deficiency: a feature whose residual norm after the earlier features' Householder
   * reflections is below `tolerance` × its own norm is left out (coefficient 0, listed in `dropped`). Default 1e-10.
   */
  tolerance?: number;
}

/** A fitted multiple linear regression: y ≈ intercept + Σ coefficients[j]·feature[j]. */
export interface LinearRegressionModel {
  kind: "linear-regression";
  target: string;
  encoding: FeatureEncoding;
  intercept: number;
  /** One coefficient per feature of `encoding.features` (0 for dropped features). */
  coefficients: Float64Array;
  /** Features left out as linearly dependent on earlier ones. */
  dropped: string[];
  /** Training rows used (target and every predictor known). */
  nTrain: number;
}

/**
 * Multiple linear regression by least squares, solved by a Householder QR factorisation of the design matrix
 * [1, X] (no normal equations, so the conditioning is that of X, not its square); rows with a missing target or
 * predictor are left out; a discrete predictor becomes indicators of its levels but the first (the reference).
 * Same solution as `numpy.linalg.lstsq` for a full-rank design.
 * @throws RangeError naming the option and value: no target, unknown predictor, a tolerance outside [0, 1), fewer
 *   usable rows than coefficients.
 * @example
 * const m = fitLinearRegression({ nRows: 3, columns: { x: Float64Array.of(0, 1, 2), y: Float64Array.of(1, 3, 5) } }, { target: "y" });
 * m.intercept; // 1
 * m.coefficients[0]; // 2
 */
export function fitLinearRegression(table: ColumnTable, options: LinearRegressionOptions): LinearRegressionModel {
  const tolerance = options.tolerance ?? 1e-10;
  const predictors = checkTarget(table, options, "fitLinearRegression");
  if (!(typeof tolerance === "number" && tolerance >= 0 && tolerance < 1)) throw new RangeError(`fitLinearRegression: tolerance must be in [0, 1), got ${tolerance}`);
  const encoding = featureEncoding(table, { predictors, dropFirstLevel: true });
  const enc = encodeFeatures(table, encoding);
  const { rows, y } = baselineRows(table, options.target, enc);
  const p = enc.nFeatures + 1;
  const n = rows.length;
  if (n < p) throw new RangeError(`fitLinearRegression: ${n} usable rows for ${p} coefficients (target '${options.target}' and every predictor known)`);
  // Column-major design A (n × p), first column the intercept.
  const a = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    a[i] = 1;
    const base = rows[i] * enc.nFeatures;
    for (let j = 1; j < p; j++) a[j * n + i] = enc.x[base + j - 1];
  }
  const b = Float64Array.from(y);
  const kept: number[] = [];
  const rDiag: number[] = [];
  let k = 0;
  for (let j = 0; j < p && k < n; j++) {
    const col = j * n;
    let norm0 = 0;
    for (let i = 0; i < n; i++) norm0 = Math.hypot(norm0, a[col + i]);
    let norm = 0;
    for (let i = k; i < n; i++) norm = Math.hypot(norm, a[col + i]);
    if (norm0 === 0 || norm <= tolerance * norm0) continue;
    // Householder vector v = x − α e_k with α = −sign(x_k)·‖x‖, stored in place of column j below row k.
    const alpha = a[col + k] > 0 ? -norm : norm;
    a[col + k] -= alpha;
    let vv = 0;
    for (let i = k; i < n; i++) vv += a[col + i] * a[col + i];
    const reflect = (off: number, target: Float64Array) => {
      let s = 0;
      for (let i = k; i < n; i++) s += a[col + i] * target[off + i];
      const f = (2 * s) / vv;
      for (let i = k; i < n; i++) target[off + i] -= f * a[col + i];
    };
    for (let j2 = j + 1; j2 < p; j2++) reflect(j2 * n, a);
    reflect(0, b);
    rDiag.push(alpha);
    kept.push(j);
    k++;
  }
  // Back substitution R c = Qᵀb over the kept columns (R's off-diagonal entries sit in the reflected columns, row r).
  const c = new Float64Array(kept.length);
  for (let r = kept.length - 1; r >= 0; r--) {
    let s = b[r];
    for (let q = r + 1; q < kept.length; q++) s -= a[kept[q] * n + r] * c[q];
    c[r] = s / rDiag[r];
  }
  const full = new Float64Array(p);
  kept.forEach((j, r) => (full[j] = c[r]));
  const dropped = [...Array(p).keys()].filter((j) => !kept.includes(j)).map((j) => (j === 0 ? "(intercept)" : encoding.features[j - 1]));
  return { kind: "linear-regression", target: options.target, encoding, intercept: full[0], coefficients: full.slice(1), dropped, nTrain: n };
}

/** Predictions of a {@link LinearRegressionModel} for a table's rows (NaN where a predictor is missing or a level unseen). */
export function predictLinearRegression(model: LinearRegressionModel, table: ColumnTable): Float64Array {
  const enc = encodeFeatures(table, model.encoding);
  const out = new Float64Array(table.nRows);
  const p = enc.nFeatures;
  for (let i = 0; i < table.nRows; i++) {
    if (!enc.valid[i]) { out[i] = NaN; continue; }
    let s = model.intercept;
    for (let j = 0; j < p; j++) s += model.coefficients[j] * enc.x[i * p + j];
    out[i] = s;
  }
  return out;
}
