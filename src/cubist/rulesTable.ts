import { formatCondition, sortedConditions } from "./formatReport";
import type { CubistModel } from "./model";

/** One rule as a table row (for notebooks; paper-style tables). */
export interface RuleRow {
  /** Committee member, 1-based. */
  committee: number;
  /** Rule number within its member, 1-based (as printed: "Rule committee/rule"). */
  rule: number;
  /** Index in the flattened member-major rule list (what predict()'s firstRule / coverRules hold). */
  index: number;
  /** Training cases covered. */
  cases: number;
  /** Mean, smallest and largest target of the covered cases. */
  mean: number;
  min: number;
  max: number;
  /** Estimated error. */
  estErr: number;
  /** Conditions as printed in the report, joined with " and " ("" for a rule without conditions). */
  conditions: string;
  /** Coefficients by attribute name (non-zero terms only). */
  coefficients: Record<string, number>;
  /** Intercept of the linear model. */
  intercept: number;
}

/**
 * The rules as data: one row per rule, members in order, rules in order.
 * @example
 * rulesTable(model)[0]; // { committee: 1, rule: 1, cases: 83, mean: 13.99, conditions: "nox > 0.668", ... }
 */
export function rulesTable(model: CubistModel): RuleRow[] {
  const rows: RuleRow[] = [];
  let index = 0;
  model.committees.forEach((member, m) => {
    member.rules.forEach((r, i) => {
      const coefficients: Record<string, number> = {};
      for (const t of r.terms) if (t.coefficient !== 0) coefficients[t.attribute] = t.coefficient;
      rows.push({
        committee: m + 1, rule: i + 1, index: index++, cases: r.cover, mean: r.mean, min: r.loVal, max: r.hiVal,
        estErr: r.estErr,
        conditions: sortedConditions(model, r).map((c) => formatCondition(model, c, false)).join(" and "),
        coefficients, intercept: r.intercept,
      });
    });
  });
  return rows;
}
