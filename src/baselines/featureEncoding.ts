import type { ColumnTable } from "../cubist/table";

/** How a baseline turns a table's predictor columns into numeric features (learnt on the training table). */
export interface FeatureEncoding {
  /** Predictor columns in order. */
  predictors: string[];
  /** Per predictor: `null` for a continuous column, else the discrete levels seen in training (byte-wise sorted). */
  levels: (string[] | null)[];
  /** Whether the first level of each discrete predictor is left out (the reference level of a linear model). */
  dropFirstLevel: boolean;
  /** Feature names: a continuous predictor's own name, `name=level` for a level's 0/1 indicator. */
  features: string[];
}

/** Encoded features of a table: row-major `x` (nRows × features), and which rows are usable. */
export interface EncodedFeatures {
  x: Float64Array;
  nRows: number;
  nFeatures: number;
  /** 1 where every predictor is known (finite number, or a level seen in training), else 0. */
  valid: Uint8Array;
}

/**
 * Learns a feature encoding from a training table: continuous columns pass through, a discrete column becomes one
 * 0/1 indicator per level seen in training (levels sorted byte-wise; the first one dropped when `dropFirstLevel`,
 * so a linear model with an intercept has full rank).
 * @throws RangeError naming a predictor that is not a column of the table.
 * @example featureEncoding({ nRows: 2, columns: { x: Float64Array.of(1, 2), lc: ["b", "a"] } }, { predictors: ["x", "lc"] }).features
 *   // ["x", "lc=a", "lc=b"]
 */
export function featureEncoding(table: ColumnTable, options: { predictors: readonly string[]; dropFirstLevel?: boolean }): FeatureEncoding {
  const dropFirstLevel = options.dropFirstLevel ?? false;
  const levels: (string[] | null)[] = [];
  const features: string[] = [];
  for (const p of options.predictors) {
    const col = table.columns[p];
    if (col === undefined) throw new RangeError(`featureEncoding: predictors names '${p}', not a column (have ${Object.keys(table.columns).join(", ")})`);
    if (col instanceof Float64Array) {
      levels.push(null);
      features.push(p);
    } else {
      const seen = [...new Set(col.filter((v): v is string => v !== null))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      levels.push(seen);
      for (const l of dropFirstLevel ? seen.slice(1) : seen) features.push(`${p}=${l}`);
    }
  }
  return { predictors: [...options.predictors], levels, dropFirstLevel, features };
}

/**
 * Encodes a table's predictors by a learnt {@link FeatureEncoding}. A row with a missing value (NaN, null) or a
 * discrete level unseen in training is marked invalid (its features are NaN), so models give it no prediction.
 * @throws RangeError naming a predictor missing from the table or of the other kind (continuous vs discrete).
 */
export function encodeFeatures(table: ColumnTable, encoding: FeatureEncoding): EncodedFeatures {
  const n = table.nRows;
  const p = encoding.features.length;
  const x = new Float64Array(n * p);
  const valid = new Uint8Array(n).fill(1);
  let f0 = 0;
  encoding.predictors.forEach((name, k) => {
    const col = table.columns[name];
    if (col === undefined) throw new RangeError(`encodeFeatures: the table has no predictor column '${name}'`);
    const lv = encoding.levels[k];
    if (lv === null) {
      if (!(col instanceof Float64Array)) throw new RangeError(`encodeFeatures: predictor '${name}' was continuous in training, got a discrete column`);
      for (let i = 0; i < n; i++) {
        const v = col[i];
        x[i * p + f0] = v;
        if (!Number.isFinite(v)) valid[i] = 0;
      }
      f0 += 1;
    } else {
      if (col instanceof Float64Array) throw new RangeError(`encodeFeatures: predictor '${name}' was discrete in training, got a continuous column`);
      const first = encoding.dropFirstLevel ? 1 : 0;
      const width = lv.length - first;
      const index = new Map(lv.map((l, j) => [l, j - first]));
      for (let i = 0; i < n; i++) {
        const v = col[i];
        const j = v === null ? undefined : index.get(v);
        if (j === undefined) valid[i] = 0;
        else if (j >= 0) x[i * p + f0 + j] = 1;
      }
      f0 += width;
    }
  });
  for (let i = 0; i < n; i++) if (!valid[i]) x.fill(NaN, i * p, (i + 1) * p);
  return { x, nRows: n, nFeatures: p, valid };
}
