/**
 * Training of Cubist committee members (algorithm description §11): member 0 learns the target;
 * member m+1 learns y' = 2·y − (prediction of member m's rules). Each member grows a tree (§4),
 * fits node models (§6), prunes (§7), adjusts thresholds (§8) and forms rules (§9) on the
 * original target.
 */
import { addModels } from "./addModels";
import { formRules, ruleSetValue, type BuiltRule } from "./formRules";
import type { GlobalStatistics } from "./globalStatistics";
import { growTree, presortAttributes } from "./growTree";
import { adjustThresholds, pruneTree } from "./pruneTree";
import { f32, type TrainingData } from "./trainingData";

/** Options of {@link trainCommittees}. */
export interface CommitteeOptions {
  committees: number;
  maxRules: number;
  unbiased: boolean;
  trace?: (line: string) => void;
}

/** Result of {@link trainCommittees}. */
export interface CommitteeResult {
  /** Rules of each member. */
  members: BuiltRule[][];
  /** redn (training error of the committee / mean error of the first M−1 members), or null for one member. */
  redn: number | null;
}

/** Trains all committee members on the prepared data. */
export function trainCommittees(data: TrainingData, gs: GlobalStatistics, opts: CommitteeOptions): CommitteeResult {
  const n = data.n;
  const y = data.cont[0] as Float32Array;
  const w = data.weight;
  const members: BuiltRule[][] = [];
  let target = y;
  const committeeSum = new Float64Array(n);
  let memberErrSum = 0;
  // every member starts from the identity case order, so they share one sort per attribute
  const presorted = opts.committees > 1 ? presortAttributes(data) : undefined;
  for (let m = 0; m < opts.committees; m++) {
    const ctx = { data, gs, y: target, w, floor: gs.floor, ceiling: gs.ceiling, trace: opts.trace, presorted };
    // growing leaves block-ordered copies, which node models, smoothing and pruning read too
    const { root, blocks } = growTree(ctx);
    addModels(blocks, root);
    pruneTree(blocks, gs, root, { maxRules: opts.maxRules, trace: opts.trace });
    adjustThresholds(ctx, root);
    const rules = formRules(data, gs, root, { y, w, unbiased: opts.unbiased, trace: opts.trace });
    members.push(rules);
    if (opts.committees > 1) {
      const next = new Float32Array(n);
      let err = 0, sw = 0;
      for (let i = 0; i < n; i++) {
        const p = ruleSetValue(rules, data, gs.globalMean, i);
        committeeSum[i] += p;
        next[i] = f32(2 * y[i] - p);
        const wi = w ? w[i] : 1;
        err += wi * Math.abs(y[i] - p);
        sw += wi;
      }
      if (m < opts.committees - 1) memberErrSum += err / sw;
      target = next;
    }
  }
  let redn: number | null = null;
  if (opts.committees > 1) {
    let err = 0, sw = 0;
    for (let i = 0; i < n; i++) {
      const wi = w ? w[i] : 1;
      err += wi * Math.abs(y[i] - f32(committeeSum[i] / opts.committees));
      sw += wi;
    }
    redn = err / sw / (memberErrSum / (opts.committees - 1));
  }
  return { members, redn };
}
