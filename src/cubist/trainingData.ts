/**
 * The training cases as Cubist sees them (algorithm description §2): the target and the continuous
 * predictors rounded to float32, discrete predictors as value numbers (2, 3, ... in value-list
 * order; 0 = unknown before replacement), per-attribute statistics (§2.3), unknown values replaced
 * by the rounded mean or the mode, and normalised case weights (§2.5).
 *
 * Attribute index 0 is the target; predictors follow in table-column order (the R package's
 * attribute order, which decides every "lowest index" tie-break).
 */
import type { ColumnTable } from "./table";
import { isContinuousColumn } from "./table";

/** Internal column-wise training data (one entry per attribute; index 0 = target). */
export interface TrainingData {
  /** Number of training cases. */
  n: number;
  /** Number of attributes including the target. */
  nAtt: number;
  /** Attribute names: [target, predictors...]. */
  names: string[];
  /** True for discrete attributes. */
  discrete: boolean[];
  /** Attributes never used (fewer than 2 known values, or no real discrete value). */
  skip: boolean[];
  /** float32 values of continuous attributes (unknowns replaced); null for discrete ones. */
  cont: (Float32Array | null)[];
  /** Value numbers (2..k+1) of discrete attributes (unknowns replaced); null for continuous ones. */
  disc: (Int32Array | null)[];
  /** Value lists of discrete attributes (value number v ↔ values[v - 2]); null for continuous ones. */
  values: (string[] | null)[];
  /** Normalised case weights (float32), or null when all weights are 1. */
  weight: Float32Array | null;
  /** Rounded training mean per continuous attribute (AttMean, float32). */
  attMean: Float64Array;
  /** Training SD + 1e-6 per continuous attribute (AttSD, float32). */
  attSd: Float64Array;
  /** Minimum per continuous attribute. */
  attMin: Float64Array;
  /** Maximum per continuous attribute. */
  attMax: Float64Array;
  /** AttPrec = 10 · FracBase per continuous attribute. */
  attPrec: Float64Array;
  /** Modal value number per discrete attribute. */
  modal: Int32Array;
  /** Number of decimals of the target data (0..6). */
  precision: number;
  /** Number of unknown values replaced, per attribute. */
  unknownCounts: number[];
}

/** float32 rounding. */
export const f32 = Math.fround;

/**
 * Cubist's "denominator" of a value (§2.3 FracBase): 10^(number of decimals), at most ~7
 * significant digits considered, 1 for 0.
 */
export function fracBase(value: number): number {
  if (value === 0) return 1;
  let r = Math.abs(value);
  let mult = 1;
  let maxMult = 1e6;
  while (r < 0.1) { r *= 10; mult *= 10; }
  let ipart = Math.floor(r);
  let frac = r - ipart;
  while (ipart >= 1 && maxMult >= 10) { ipart /= 10; maxMult /= 10; }
  while (mult < maxMult) {
    if (frac < 0.005 || frac > 0.995) return mult;
    frac *= 10;
    frac -= Math.floor(frac);
    mult *= 10;
  }
  return maxMult;
}

/** Options of {@link buildTrainingData}. */
export interface TrainingDataOptions {
  /** Target column name. */
  target: string;
  /** Predictor column names in order (default: every other column). */
  predictors: string[];
  /** Rows of the table that are training cases, in order. */
  rows: Int32Array;
  /** Raw case weights per table row (NaN/≤0 → 1), or null. */
  weights: Float64Array | null;
  /** Explicit value lists (value-number order) for discrete columns; default: byte-wise sorted training values. */
  discreteValues: Record<string, string[]>;
}

function byteCompare(a: string, b: string): number {
  const ba = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  return Buffer.compare(ba, bb);
}

/**
 * Builds the internal training data from a column table (rows already selected; every selected
 * row has a finite target). Computes §2.3 statistics and replaces unknown values.
 * @throws RangeError when a discrete value is not in a supplied value list or a value is infinite.
 */
export function buildTrainingData(table: ColumnTable, opts: TrainingDataOptions): TrainingData {
  const rows = opts.rows;
  const n = rows.length;
  const names = [opts.target, ...opts.predictors];
  const nAtt = names.length;
  const discrete: boolean[] = [];
  const skip: boolean[] = [];
  const cont: (Float32Array | null)[] = [];
  const disc: (Int32Array | null)[] = [];
  const values: (string[] | null)[] = [];
  const attMean = new Float64Array(nAtt);
  const attSd = new Float64Array(nAtt);
  const attMin = new Float64Array(nAtt);
  const attMax = new Float64Array(nAtt);
  const attPrec = new Float64Array(nAtt);
  const modal = new Int32Array(nAtt);
  const unknownCounts: number[] = [];
  let precision = 0;

  for (let a = 0; a < nAtt; a++) {
    const col = table.columns[names[a]];
    if (isContinuousColumn(col)) {
      discrete.push(false);
      const x = new Float32Array(n);
      const known = new Uint8Array(n);
      let cnt = 0, sum = 0, sumSq = 0, fb = 1;
      let mn = Infinity, mx = -Infinity;
      for (let i = 0; i < n; i++) {
        const raw = col[rows[i]];
        if (Number.isNaN(raw)) continue;
        if (!Number.isFinite(raw)) {
          throw new RangeError(`column '${names[a]}': infinite value at row ${rows[i] + 1}`);
        }
        const v = f32(raw);
        x[i] = v;
        known[i] = 1;
        cnt++;
        sum += v;
        sumSq += f32(v * v); // the reference squares in float
        if (v < mn) mn = v;
        if (v > mx) mx = v;
        if (fb < 1e6) { const d = fracBase(v); if (d > fb) fb = d; }
      }
      attPrec[a] = 10 * fb;
      if (cnt < 2) {
        attMean[a] = 0;
        attSd[a] = 1;
        skip.push(a !== 0);
      } else {
        const mean = sum / cnt;
        attMean[a] = f32(Math.floor(mean * attPrec[a] + 0.1) / attPrec[a]);
        attSd[a] = f32(Math.sqrt(Math.max(0, (sumSq - (sum * sum) / cnt) / (cnt - 1))) + 1e-6);
        skip.push(false);
      }
      attMin[a] = cnt > 0 ? mn : 0;
      attMax[a] = cnt > 0 ? mx : 0;
      let unknown = 0;
      for (let i = 0; i < n; i++) if (!known[i]) { x[i] = attMean[a]; unknown++; }
      unknownCounts.push(unknown);
      if (a === 0) precision = Math.trunc(Math.log10(fb) + 0.5);
      cont.push(x);
      disc.push(null);
      values.push(null);
    } else {
      if (a === 0) throw new TypeError(`target '${names[a]}' must be a numeric column`);
      discrete.push(true);
      let list = opts.discreteValues[names[a]];
      if (!list) {
        const seen = new Set<string>();
        for (let i = 0; i < n; i++) { const v = col[rows[i]]; if (v !== null) seen.add(v); }
        list = Array.from(seen).sort(byteCompare);
      }
      const index = new Map<string, number>();
      list.forEach((v, k) => index.set(v, k + 2));
      const d = new Int32Array(n);
      const counts = new Float64Array(list.length + 2);
      let unknown = 0;
      for (let i = 0; i < n; i++) {
        const v = col[rows[i]];
        if (v === null) { unknown++; continue; }
        const k = index.get(v);
        if (k === undefined) {
          throw new RangeError(`column '${names[a]}': value '${v}' (row ${rows[i] + 1}) is not in discreteValues`);
        }
        d[i] = k;
        counts[k]++;
      }
      let best = 0;
      for (let k = 2; k < counts.length; k++) if (counts[k] > (best ? counts[best] : 0)) best = k;
      modal[a] = best;
      skip.push(best === 0);
      if (best) for (let i = 0; i < n; i++) if (d[i] === 0) d[i] = best;
      unknownCounts.push(unknown);
      cont.push(null);
      disc.push(d);
      values.push(list.slice());
    }
  }

  let weight: Float32Array | null = null;
  if (opts.weights) {
    const w = new Float32Array(n);
    let s = 0, c = 0;
    for (let i = 0; i < n; i++) {
      const raw = opts.weights[rows[i]];
      if (Number.isFinite(raw) && raw > 0) { w[i] = f32(raw); s += w[i]; c++; } else w[i] = -1;
    }
    const mean = c > 0 ? s / c : 1;
    for (let i = 0; i < n; i++) w[i] = w[i] < 0 ? 1 : f32(w[i] / mean);
    weight = w;
  }

  return {
    n, nAtt, names, discrete, skip, cont, disc, values, weight,
    attMean, attSd, attMin, attMax, attPrec, modal, precision, unknownCounts,
  };
}
