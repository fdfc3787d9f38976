import { resolveCaseColumns } from "./caseColumns";
import { compileRules } from "./compiledRules";
import type { ReportEvaluation } from "./formatReport";
import { instanceCorrection } from "./instanceCorrection";
import type { CubistModel } from "./model";
import { ruleCommitteePredict } from "./ruleCommitteePredict";
import type { ColumnTable } from "./table";

/** Cases from which a composite training evaluation (neighbors > 0) evaluates a sample only. */
export const EVALUATION_SAMPLE_FROM = 20001;
/** Size of that sample. */
export const EVALUATION_SAMPLE_SIZE = 10000;
/** Cases from which the report says "sampled" (one more than {@link EVALUATION_SAMPLE_FROM}, as Cubist prints it). */
export const EVALUATION_SAMPLED_LABEL_FROM = 20002;

/**
 * The training cases a composite evaluation visits: all n of them below {@link EVALUATION_SAMPLE_FROM},
 * otherwise the T = 10,000 cases at positions trunc(n·t/T), t = 0..T−1 (in the order of the
 * cases with a known target). Observed on RuleQuest Cubist 2.07: the printed figures equal the
 * mean over exactly these cases (paper-like tables of 20,001 to 40,000 rows, test/cubist).
 */
export function evaluationSample(n: number): Int32Array | null {
  if (n < EVALUATION_SAMPLE_FROM) return null;
  const T = EVALUATION_SAMPLE_SIZE;
  const out = new Int32Array(T);
  for (let t = 0; t < T; t++) out[t] = Math.trunc((n * t) / T);
  return out;
}

/** Options of {@link trainingEvaluation}. */
export interface TrainingEvaluationOptions {
  /** Name of the target column in the table. Default: model.target.name. */
  target?: string;
  /**
   * Neighbours for a composite evaluation (rules + instances, each case excluded from its own
   * neighbours), 0 = rules only. The R package's reports use 1 (with the training table as
   * instances). Default 0.
   */
  neighbors?: number;
  /** Neighbourhood radius for neighbors > 0. Default model.maxd. */
  maxd?: number;
}

/**
 * The "Evaluation on training data" figures of the Cubist report (§16.1): mean |y − p|,
 * Σ|y − p| / Σ|y − global mean| and the Pearson correlation, over the rows of `table` with a
 * finite target. With `neighbors: 1` and the training table this reproduces the R package's
 * report block (composite mode, the case itself excluded): from 20,001 cases with a known target
 * on, only the 10,000 cases of {@link evaluationSample} are evaluated (all cases stay
 * instances), and from 20,002 on the result says `sampled` (the report prints "(N cases,
 * sampled)" with N all cases). Rules-only evaluation (neighbors 0) always uses every case.
 * @example
 * trainingEvaluation(model, train, { neighbors: 1, maxd: 2.6 }); // boston: { averageError ≈ 2.14, ... }
 * @throws Error naming the target column when absent or not numeric; RangeError for bad neighbors/maxd.
 */
export function trainingEvaluation(model: CubistModel, table: ColumnTable, options: TrainingEvaluationOptions = {}): ReportEvaluation {
  const targetName = options.target ?? model.target.name;
  const K = options.neighbors ?? 0;
  const maxd = options.maxd ?? model.maxd;
  if (!Number.isInteger(K) || K < 0 || K > 9) throw new RangeError(`trainingEvaluation: neighbors must be an integer in 0..9, got ${K}`);
  if (K > 0 && !(typeof maxd === "number" && maxd > 0)) throw new RangeError(`trainingEvaluation: neighbors = ${K} needs a positive maxd, got ${maxd}`);
  const y = table.columns[targetName];
  if (!(y instanceof Float64Array)) throw new Error(`trainingEvaluation: target column '${targetName}' is absent or not numeric`);
  const rules = compileRules(model, model.committees.length);
  const cases = resolveCaseColumns(model, table, "missing", "trainingEvaluation: table");
  const pred = ruleCommitteePredict(model, rules, cases, "none").predictions;
  let known = 0;
  for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i])) known++;
  let visit: Int32Array | null = null;
  if (K > 0) {
    const positions = evaluationSample(known);
    if (positions) {
      const knownRows = new Int32Array(known);
      for (let i = 0, k = 0; i < y.length; i++) if (Number.isFinite(y[i])) knownRows[k++] = i;
      visit = positions.map((q) => knownRows[q]);
    }
    const instPred = Float64Array.from(pred);
    const targets = Float64Array.from(y, (v) => Math.fround(v));
    instanceCorrection({
      model, cases, casePredictions: pred, instances: cases, instanceTargets: targets, instancePredictions: instPred,
      neighbors: K, maxd: maxd as number, excludeSelf: true, rows: visit ?? undefined,
    });
  }
  let n = 0, sumAbs = 0, sumDev = 0, sy = 0, sp = 0, syy = 0, spp = 0, syp = 0;
  const gm = Math.fround(model.globalMean);
  const nVisit = visit ? visit.length : y.length;
  for (let r = 0; r < nVisit; r++) {
    const i = visit ? visit[r] : r;
    const t = y[i], p = pred[i];
    if (!Number.isFinite(t) || !Number.isFinite(p)) continue;
    n++;
    sumAbs += Math.abs(t - p);
    sumDev += Math.abs(t - gm);
    sy += t; sp += p; syy += t * t; spp += p * p; syp += t * p;
  }
  const cov = syp - (sy * sp) / n, vy = syy - (sy * sy) / n, vp = spp - (sp * sp) / n;
  return {
    cases: visit ? known : n,
    sampled: visit !== null && known >= EVALUATION_SAMPLED_LABEL_FROM,
    averageError: n ? sumAbs / n : NaN,
    relativeError: sumDev > 0 ? sumAbs / sumDev : NaN,
    correlation: vy > 0 && vp > 0 ? cov / Math.sqrt(vy * vp) : 0,
  };
}
