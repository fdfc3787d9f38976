import { attributeUsage } from "./attributeUsage";
import { formatFixed, formatG } from "./cFormat";
import type { CubistCondition, CubistModel, CubistRule } from "./model";

/** Training-data evaluation figures printed in the report (§16.1). */
export interface ReportEvaluation {
  /** Number of cases evaluated (all training cases when a sample of them was evaluated). */
  cases: number;
  /** The figures come from a sample of the cases: the report says "(N cases, sampled)". Default false. */
  sampled?: boolean;
  /** Mean |y − prediction|. */
  averageError: number;
  /** Σ|y − prediction| / Σ|y − global mean|. */
  relativeError: number;
  /** Pearson correlation of y and prediction (printed as max(0, r)). */
  correlation: number;
}

/** Options of {@link formatReport}. */
export interface FormatReportOptions {
  /** Number of training cases for the "Read N cases" line. Default: model.nTrainingCases; the line is omitted when unknown. */
  trainingCases?: number;
  /** Attributes that had unknown values in the training data ("Replacing unknown attribute values" block). Default none. */
  unknownReplaced?: string[];
  /** The "Evaluation on training data" block; omitted when absent. */
  evaluation?: ReportEvaluation;
  /** Print the attribute-usage table. Default true. */
  usage?: boolean;
  /** Name printed for the target. Default `outcome` (what R's summary() shows). */
  targetLabel?: string;
}

const f = Math.fround;

function conditionSortKey(model: CubistModel): (c: CubistCondition) => number {
  const idx = new Map<string, number>();
  model.attributes.forEach((a, i) => idx.set(a.name, i));
  return (c) => idx.get(c.attribute) ?? Number.MAX_SAFE_INTEGER;
}

/**
 * The text of one condition as Cubist prints it (without the leading TAB), e.g. `nox > 0.668`,
 * `chas = c1`, `V1 in {m01, m09, m12}` (long subsets wrapped at 80 columns).
 */
export function formatCondition(model: CubistModel, c: CubistCondition, wrap = true): string {
  switch (c.type) {
    case "threshold":
      return `${c.attribute} ${c.op} ${formatG(f(c.cut), 7)}`;
    case "notApplicable":
      return `${c.attribute} = N/A`;
    case "equals":
      return `${c.attribute} = ${c.value}`;
    case "subset": {
      const a = model.attributes.find((x) => x.name === c.attribute);
      const order = a && a.kind === "discrete" ? a.values : [];
      const vals = c.values.slice().sort((x, y) => {
        const ix = order.indexOf(x), iy = order.indexOf(y);
        return (ix < 0 ? 1e9 : ix) - (iy < 0 ? 1e9 : iy);
      });
      if (vals.length === 1) return `${c.attribute} = ${vals[0]}`;
      if (a && a.kind === "discrete" && a.ordered) {
        return `${c.attribute} in [${vals[0]}-${vals[vals.length - 1]}]`;
      }
      const indent = c.attribute.length + 13;
      let s = `${c.attribute} in {${vals[0]}`;
      let col = indent + vals[0].length;
      for (let k = 1; k < vals.length; k++) {
        const v = vals[k];
        if (wrap && col + v.length + 2 >= 80) {
          s += ",\n" + " ".repeat(indent);
          col = indent;
        } else {
          s += ", ";
          col += 2;
        }
        s += v;
        col += v.length;
      }
      return s + "}";
    }
  }
}

/**
 * The linear model as Cubist prints it: `outcome = <intercept>` then the terms in decreasing
 * |coef|·sd (ties by attribute order), wrapped at 72 columns (continuation lines start with
 * TAB + 9 spaces). Without `wrap`, one line.
 */
export function formatLinearModel(model: CubistModel, rule: CubistRule, wrap = true, targetLabel = "outcome"): string {
  const idx = new Map<string, number>();
  model.attributes.forEach((a, i) => idx.set(a.name, i));
  const sdOf = (name: string): number => {
    const a = model.attributes[idx.get(name) ?? -1];
    return a && a.kind === "continuous" ? a.sd : 1;
  };
  const terms = rule.terms
    .filter((t) => t.coefficient !== 0)
    .map((t) => ({ t, imp: f(Math.abs(t.coefficient) * f(sdOf(t.attribute))), i: idx.get(t.attribute) ?? 0 }));
  terms.sort((a, b) => (b.imp - a.imp) || (a.i - b.i));
  const head = `${targetLabel} = ${formatG(rule.intercept, 14)}`;
  let s = head;
  let len = head.length;
  const prefix = `${targetLabel} =`;
  for (const { t } of terms) {
    const c = t.coefficient;
    const term = c < 0 ? ` - ${formatG(-c, 14)} ${t.attribute}` : ` + ${formatG(c, 14)} ${t.attribute}`;
    if (wrap && len + term.length > 72) {
      s += "\n\t" + " ".repeat(prefix.length);
      len = prefix.length;
    }
    s += term;
    len += term.length;
  }
  return s;
}

/** The rule header `Rule m/r: [C cases, mean M, range L to H, est err E]` (without the two leading spaces). */
export function formatRuleHeader(model: CubistModel, member: number, index: number, rule: CubistRule): string {
  const P = model.target.precision;
  const label = model.committees.length > 1 ? `${member + 1}/${index + 1}` : `${index + 1}`;
  return `Rule ${label}: [${rule.cover} cases, mean ${formatFixed(rule.mean, P + 1)}, range ${formatG(f(rule.loVal), 7)} to ${formatG(f(rule.hiVal), 7)}, est err ${formatFixed(rule.estErr, P + 1)}]`;
}

/** A rule's conditions in print order: by attribute, then by threshold. */
export function sortedConditions(model: CubistModel, rule: CubistRule): CubistCondition[] {
  const key = conditionSortKey(model);
  return rule.conditions
    .map((c, i) => ({ c, i }))
    .sort((a, b) => (key(a.c) - key(b.c)) ||
      ((a.c.type === "threshold" && b.c.type === "threshold") ? a.c.cut - b.c.cut : 0) || (a.i - b.i))
    .map((x) => x.c);
}

/**
 * The block of one rule as in the report: header, blank line, `if` / conditions / `then` (only when
 * the rule has conditions), the linear model, a trailing blank line.
 */
export function formatRule(model: CubistModel, member: number, index: number, rule: CubistRule, targetLabel = "outcome"): string {
  let s = `  ${formatRuleHeader(model, member, index, rule)}\n\n`;
  if (rule.conditions.length > 0) {
    s += "    if\n";
    for (const c of sortedConditions(model, rule)) s += `\t${formatCondition(model, c)}\n`;
    s += "    then\n";
  }
  s += `\t${formatLinearModel(model, rule, true, targetLabel)}\n\n`;
  return s;
}

/** The attribute-usage table lines (§16.1), from {@link attributeUsage}. */
export function formatUsageTable(model: CubistModel): string {
  let s = "\n\n\tAttribute usage:\n\t  Conds  Model\n\n";
  for (const row of attributeUsage(model)) {
    const c = row.conditions >= 1 ? `${formatFixed(row.conditions, 0).padStart(3)}%` : "    ";
    const m = row.model >= 1 ? `${formatFixed(row.model, 0).padStart(3)}%` : "    ";
    s += `\t  ${c}   ${m}    ${row.attribute}\n`;
  }
  return s;
}

/**
 * The printed Cubist report (algorithm description §16.1; what R's `summary()` shows), from the
 * banner to the attribute-usage table. Lines that need training data (the "Read N cases" line,
 * the unknown-value block, the training evaluation) are printed when supplied.
 *
 * @example
 * process.stdout.write(formatReport(model, { trainingCases: 405 }));
 * @throws RangeError for a negative trainingCases.
 */
export function formatReport(model: CubistModel, options: FormatReportOptions = {}): string {
  const nCases = options.trainingCases ?? model.nTrainingCases ?? undefined;
  if (nCases !== undefined && (!Number.isInteger(nCases) || nCases < 0)) {
    throw new RangeError(`formatReport: trainingCases must be a non-negative integer, got ${nCases}`);
  }
  const label = options.targetLabel ?? "outcome";
  const title = "Cubist [Release 2.07 GPL Edition]";
  let s = `\n${title}\n${"-".repeat(title.length)}\n\n    Target attribute \`${label}'\n`;
  const unknown = options.unknownReplaced ?? [];
  if (unknown.length > 0) {
    s += "\n    Replacing unknown attribute values:\n";
    for (const name of unknown) {
      const a = model.attributes.find((x) => x.name === name);
      if (!a) continue;
      s += a.kind === "continuous" ? `\t\`${name}' by ${formatG(f(a.mean), 7)}\n` : `\t\`${name}' by \`${a.mode}'\n`;
    }
  }
  if (nCases !== undefined) s += `\nRead ${nCases} cases (${model.attributes.length + 1} attributes) from undefined.data\n`;
  model.committees.forEach((member, m) => {
    s += model.committees.length > 1 ? `${m === 0 ? "\n" : ""}Model ${m + 1}:\n\n` : "\nModel:\n\n";
    member.rules.forEach((r, i) => { s += formatRule(model, m, i, r, label); });
  });
  const P = model.target.precision;
  if (options.evaluation) {
    const e = options.evaluation;
    const line = (lab: string, v: string): string => `    ${lab.padEnd(25)}${v.padStart(10)}\n`;
    s += `\nEvaluation on training data (${e.cases} cases${e.sampled ? ", sampled" : ""}):\n\n`;
    s += line("Average  |error|", formatFixed(e.averageError, P + 1));
    s += line("Relative |error|", formatFixed(e.relativeError, 2));
    s += line("Correlation coefficient", formatFixed(Math.max(0, e.correlation), 2));
  }
  if (options.usage ?? true) s += formatUsageTable(model);
  return s;
}
