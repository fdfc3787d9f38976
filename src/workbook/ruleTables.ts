import { rulesTable, type RuleRow } from "../cubist/rulesTable";
import type { CubistModel } from "../cubist/model";
import { paper } from "./paperReference";

/** How the paper names the workbook's variables in its rule equations (Table 3). */
export const PAPER_LABELS: Readonly<Record<string, string>> = {
  ascat_sm: "ASCAT", amsr2_sm: "AMSR2", lst: "LST", ndvi: "NDVI", landcover: "Land cover", dem: "DEM", gldas_sm: "GLDAS",
};

const label = (name: string) => PAPER_LABELS[name] ?? name;

/** A number as the paper prints rule coefficients: up to 3 significant digits, scientific when tiny. */
export function paperNumber(v: number): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a < 1e-3) {
    const [m, e] = a.toExponential(1).split("e");
    return `${m}×10^${Number(e)}`;
  }
  return String(Number(a.toPrecision(3)));
}

/**
 * A rule's linear model written the paper's way: `GLDAS = 0.3294 + 0.115·NDVI − 0.00083·LST …` (terms in the
 * order Cubist prints them, which is by decreasing contribution).
 * @example ruleEquation({ intercept: 0.3, coefficients: { ndvi: 0.115, lst: -0.00083 } }) // "GLDAS = 0.3 + 0.115·NDVI − 0.00083·LST"
 */
export function ruleEquation(rule: Pick<RuleRow, "intercept" | "coefficients">): string {
  let text = `GLDAS = ${Number(rule.intercept.toPrecision(7))}`;
  for (const [name, c] of Object.entries(rule.coefficients)) text += ` ${c < 0 ? "−" : "+"} ${paperNumber(c)}·${label(name)}`;
  return text;
}

/** One row of a Table 3-style summary. */
export interface ExampleRule {
  rule: string;
  cases: number;
  "mean (m³ m⁻³)": number;
  "if": string;
  "then": string;
}

/**
 * The paper's Table 3 for a model: `count` example rules (default 6), chosen as the rules covering the most
 * training cases (the paper's six covered 81.6 % of its samples), in the model's rule order.
 * @example exampleRules(model, { count: 6 }).length // 6 (or fewer when the model has fewer rules)
 * @throws RangeError when count is not a positive integer.
 */
export function exampleRules(model: CubistModel, options: { count?: number } = {}): ExampleRule[] {
  const count = options.count ?? 6;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`exampleRules: count must be a positive integer, got ${count}`);
  const rows = rulesTable(model).filter((r) => r.committee === 1);
  const chosen = [...rows].sort((a, b) => b.cases - a.cases || a.rule - b.rule).slice(0, count).sort((a, b) => a.rule - b.rule);
  return chosen.map((r) => ({
    rule: `Rule ${r.rule}`, cases: r.cases, "mean (m³ m⁻³)": Number(r.mean.toFixed(3)),
    if: r.conditions.replace(/\b(ascat_sm|amsr2_sm|lst|ndvi|landcover|dem)\b/g, (m) => label(m)) || "(all cases)",
    then: ruleEquation(r),
  }));
}

/**
 * The model's attribute usage (percent of rule cover testing each attribute in conditions / using it in
 * the linear models) next to the paper's Table 4. With `predictors` (the model's attributes), a paper attribute
 * the study left out shows null ("not a predictor", not 0 %) and a predictor the paper lacks (precip) is added
 * with null paper values. Without it, every paper row is shown and an absent attribute counts 0.
 * @example usageVsPaper(attributeUsage(model, { includeUnused: true }), { predictors: model.attributes.map((a) => a.name) })
 */
export function usageVsPaper(usage: readonly { attribute: string; conditions: number; model: number }[], options: { predictors?: readonly string[] } = {}): Record<string, string | number | null>[] {
  const chosen = options.predictors;
  const row = (attribute: string, paperRow: { conditions: number | null; models: number | null } | null) => {
    const ours = usage.find((u) => u.attribute === attribute);
    const dropped = chosen !== undefined && !chosen.includes(attribute);
    return {
      attribute: label(attribute),
      "conditions % (this run)": dropped ? null : ours ? Math.round(ours.conditions) : 0,
      "conditions % (paper)": paperRow ? paperRow.conditions : null,
      "models % (this run)": dropped ? null : ours ? Math.round(ours.model) : 0,
      "models % (paper)": paperRow ? paperRow.models : null,
    };
  };
  const rows: Record<string, string | number | null>[] = paper.attributeUsage.map((p) => row(p.attribute, p));
  for (const a of chosen ?? []) if (!paper.attributeUsage.some((p) => p.attribute === a)) rows.push(row(a, null));
  return rows;
}
