import type { CubistModel } from "./model";

/** One row of the attribute-usage table. */
export interface AttributeUsageRow {
  /** Attribute name. */
  attribute: string;
  /** Percent (0..100, unrounded) of the total rule cover whose rules test the attribute in a condition. */
  conditions: number;
  /** Percent (0..100, unrounded) of the total rule cover whose rules' linear models use the attribute. */
  model: number;
}

/** Options of {@link attributeUsage}. */
export interface AttributeUsageOptions {
  /** Use only the first K committee members. Default: all. */
  committees?: number;
  /** Keep attributes whose both percentages are below 1 (Cubist omits them). Default false. */
  includeUnused?: boolean;
}

/**
 * Cubist's attribute-usage percentages (algorithm description §15): over all rules of the members
 * used, total = Σ cover (the training cases each rule covers, so a training case covered by two
 * rules counts twice); an attribute's condition (model) usage is the summed cover of the rules
 * that test it in a condition (use it with a non-zero coefficient), as a percentage of the total.
 * Rows are sorted as Cubist prints them: decreasing condition usage, then decreasing model usage,
 * ties by attribute order; attributes below 1 % in both are omitted unless `includeUnused`.
 * The covers come from training (the rule statistics), so this needs no data table.
 *
 * @example
 * attributeUsage(bostonModel)[0]; // { attribute: "lstat", conditions: 79.66, model: 100 }
 * @throws RangeError for committees outside 1..(members).
 */
export function attributeUsage(model: CubistModel, options: AttributeUsageOptions = {}): AttributeUsageRow[] {
  const nMembers = options.committees ?? model.committees.length;
  if (!Number.isInteger(nMembers) || nMembers < 1 || nMembers > model.committees.length) {
    throw new RangeError(`attributeUsage: committees must be an integer in 1..${model.committees.length}, got ${nMembers}`);
  }
  const idx = new Map<string, number>();
  model.attributes.forEach((a, i) => idx.set(a.name, i));
  const nA = model.attributes.length;
  const cond = new Float64Array(nA);
  const mod = new Float64Array(nA);
  let total = 0;
  for (let m = 0; m < nMembers; m++) {
    for (const r of model.committees[m].rules) {
      total += r.cover;
      const inCond = new Uint8Array(nA);
      for (const c of r.conditions) { const i = idx.get(c.attribute); if (i !== undefined) inCond[i] = 1; }
      for (let i = 0; i < nA; i++) if (inCond[i]) cond[i] += r.cover;
      for (const t of r.terms) {
        const i = idx.get(t.attribute);
        if (i !== undefined && t.coefficient !== 0) mod[i] += r.cover;
      }
    }
  }
  const order = Array.from({ length: nA }, (_, i) => i);
  order.sort((a, b) => (cond[b] - cond[a]) || (mod[b] - mod[a]) || (a - b));
  const rows: AttributeUsageRow[] = [];
  for (const i of order) {
    const c = total > 0 ? (100 * cond[i]) / total : 0;
    const m = total > 0 ? (100 * mod[i]) / total : 0;
    if (!options.includeUnused && c < 1 && m < 1) continue;
    rows.push({ attribute: model.attributes[i].name, conditions: c, model: m });
  }
  return rows;
}
