import { formatG } from "./cFormat";
import type { CubistModel } from "./model";
import { rulesPerCommittee } from "./model";

/**
 * The model card: every resolved option and the model's key facts as `key: value` lines, printed
 * with the model (CLI, notebooks) so a result always says how it was made.
 * @example
 * formatModelCard(model).split("\n")[0]; // "model: sm-downscale/cubist (Cubist 2.07-compatible rules)"
 */
export function formatModelCard(model: CubistModel): string {
  const o = model.options;
  const perMember = rulesPerCommittee(model);
  const lines: [string, string][] = [
    ["model", "sm-downscale/cubist (Cubist 2.07-compatible rules)"],
    ["id", model.id],
    ["target", model.target.name],
    ["predictors", `${model.attributes.length} (${model.attributes.filter((a) => a.kind === "discrete").length} discrete): ${model.attributes.map((a) => a.name).join(", ")}`],
    ["training_cases", model.nTrainingCases === null ? "unknown" : String(model.nTrainingCases)],
    ["committees", String(o.committees)],
    ["rules", String(o.rules)],
    ["extrapolation", `${formatG(o.extrapolation, 6)}%`],
    ["unbiased", String(o.unbiased)],
    ["sample", `${formatG(o.sample, 6)}%`],
    ["seed", String(o.seed)],
    ["neighbors", String(o.neighbors)],
    ["maxd", model.maxd === null ? "unknown" : formatG(model.maxd, 7)],
    ["rules_per_committee", perMember.join(" ")],
    ["total_rules", String(perMember.reduce((s, v) => s + v, 0))],
    ["global_mean", formatG(model.globalMean, 7)],
    ["floor", formatG(model.floor, 7)],
    ["ceiling", formatG(model.ceiling, 7)],
    ["instances", model.instances ? String(model.instances.table.nRows) : "none"],
  ];
  return lines.map(([k, v]) => `${k}: ${v}`).join("\n") + "\n";
}
