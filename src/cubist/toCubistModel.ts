/**
 * Conversion of trained committee members (internal rule form) to the public {@link CubistModel}.
 */
import type { BuiltRule } from "./formRules";
import type { GlobalStatistics } from "./globalStatistics";
import type { CubistAttribute, CubistCondition, CubistModel, CubistOptions, CubistRule, CubistInstances } from "./model";
import { TestType } from "./treeNode";
import type { TrainingData } from "./trainingData";

/** Everything the conversion needs. */
export interface ModelParts {
  data: TrainingData;
  gs: GlobalStatistics;
  members: BuiltRule[][];
  options: CubistOptions;
  maxd: number | null;
  redn: number | null;
  instances?: CubistInstances;
}

/** Builds the public model from trained members. */
export function toCubistModel(parts: ModelParts): CubistModel {
  const { data, gs } = parts;
  const attributes: CubistAttribute[] = [];
  for (let a = 1; a < data.nAtt; a++) {
    if (data.discrete[a]) {
      const values = data.values[a] as string[];
      attributes.push({
        kind: "discrete",
        name: data.names[a],
        values: values.slice(),
        mode: data.modal[a] >= 2 ? values[data.modal[a] - 2] : (values[0] ?? ""),
        ordered: false,
        valuesComplete: true,
      });
    } else {
      attributes.push({
        kind: "continuous",
        name: data.names[a],
        mean: data.attMean[a],
        sd: data.attSd[a],
        min: data.attMin[a],
        max: data.attMax[a],
      });
    }
  }
  const convertRule = (r: BuiltRule): CubistRule => {
    const conditions: CubistCondition[] = r.conds.map((c) => {
      const name = data.names[c.att];
      if (c.testType === TestType.Threshold) {
        if (c.branch === 1) return { type: "notApplicable", attribute: name };
        return { type: "threshold", attribute: name, cut: c.cut, op: c.branch === 2 ? "<=" : ">" };
      }
      const values = data.values[c.att] as string[];
      if (c.testType === TestType.Binary) return { type: "equals", attribute: name, value: values[c.branch - 2] };
      const sub = c.subset as Int8Array;
      const list: string[] = [];
      for (let v = 2; v < sub.length; v++) if (sub[v] === c.branch) list.push(values[v - 2]);
      return { type: "subset", attribute: name, values: list };
    });
    const terms = [];
    for (let a = 1; a < data.nAtt; a++) {
      if (r.model[a] !== 0) terms.push({ attribute: data.names[a], coefficient: r.model[a] });
    }
    return {
      conditions,
      cover: r.cover,
      mean: r.mean,
      loVal: r.loVal,
      hiVal: r.hiVal,
      estErr: r.estErr,
      intercept: r.model[0],
      terms,
    };
  };
  return {
    id: "Cubist 2.07 GPL Edition (sm-downscale TypeScript re-implementation)",
    target: {
      name: data.names[0],
      mean: data.attMean[0],
      sd: data.attSd[0],
      min: data.attMin[0],
      max: data.attMax[0],
      precision: data.precision,
    },
    attributes,
    globalMean: gs.globalMean,
    floor: gs.floor,
    ceiling: gs.ceiling,
    committees: parts.members.map((rules) => ({ rules: rules.map(convertRule) })),
    options: parts.options,
    maxd: parts.maxd,
    redn: parts.redn,
    nTrainingCases: data.n,
    instances: parts.instances,
  };
}
