import * as fs from "node:fs";
import { formatFixed, formatG } from "./cFormat";
import { writeFileAtomic } from "../io/writeFileAtomic";
import type {
  CubistAttribute, CubistCondition, CubistModel, CubistRule, CubistRuleSet, CubistTerm, DiscreteAttribute,
} from "./model";
import { DEFAULT_CUBIST_OPTIONS } from "./model";

/** Options of {@link parseModelFile}. */
export interface ParseModelFileOptions {
  /** Name used in error messages (e.g. the file path). Default `"model"`. */
  source?: string;
  /** Name to give the target (the file always calls it `outcome`). Default `"outcome"`. */
  targetName?: string;
  /**
   * Full value lists of discrete attributes, in value-number order (Cubist `.names` order; for the
   * reference data: the C-locale sorted union of train and test values). Values the file mentions
   * but the list lacks are appended. Attributes given here get `valuesComplete: true`.
   */
  discreteValues?: Record<string, string[]>;
  /**
   * Training options the file does not record (it records extrapolation, sample and seed; the
   * number of committee members is the number of entries). Defaults: the R defaults.
   */
  trainingOptions?: { rules?: number; unbiased?: boolean };
}

interface Token { key: string; values: string[]; line: number }

/** Most characters one quoted value of a `.model` file may hold (names, values, numbers). */
export const MODEL_MAX_VALUE_CHARS = 65536;
/** Most values one `.model` field may list (`elts="a","b",…`), and most values of one discrete attribute. */
export const MODEL_MAX_VALUES = 65536;
/** Most attributes a `.model` file may declare (the CSV reader's column bound). */
export const MODEL_MAX_ATTRIBUTES = 16384;
/** Largest `.model` file {@link readModelFile} reads (a 100-committee model of 100 rules is a few MB). */
export const MODEL_MAX_FILE_BYTES = 256 * 1024 * 1024;

function tokenize(text: string, source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === "\n") { line++; i++; continue; }
    if (ch === " " || ch === "\t" || ch === "\r") { i++; continue; }
    const m = /^[A-Za-z_]+/.exec(text.slice(i, i + 40));
    if (!m) throw new Error(`${source}: line ${line}: unexpected character '${ch}' (expected name="value")`);
    const key = m[0];
    i += key.length;
    if (text[i] !== "=" || text[i + 1] !== '"') {
      throw new Error(`${source}: line ${line}: field '${key}' is not followed by ="value"`);
    }
    i++;
    const values: string[] = [];
    for (;;) {
      if (text[i] !== '"') throw new Error(`${source}: line ${line}: field '${key}': expected a quoted value`);
      i++;
      let v = "";
      for (;;) {
        if (i >= n) throw new Error(`${source}: line ${line}: field '${key}': unterminated quoted value`);
        const c = text[i];
        if (c === "\\" && i + 1 < n) { v += text[i + 1]; i += 2; continue; }
        if (c === '"') { i++; break; }
        if (c === "\n") throw new Error(`${source}: line ${line}: field '${key}': newline inside a quoted value`);
        v += c;
        i++;
        if (v.length > MODEL_MAX_VALUE_CHARS) throw new Error(`${source}: line ${line}: field '${key}': a quoted value longer than ${MODEL_MAX_VALUE_CHARS} characters`);
      }
      values.push(v);
      if (values.length > MODEL_MAX_VALUES) throw new Error(`${source}: line ${line}: field '${key}' lists more than ${MODEL_MAX_VALUES} values`);
      if (text[i] === ",") { i++; continue; }
      break;
    }
    out.push({ key, values, line });
  }
  return out;
}

/**
 * Parses the text of a RuleQuest Cubist `.model` file (the format saved by the R and Python
 * `Cubist` packages; algorithm description §16.3) into a {@link CubistModel}. Numbers are kept
 * exactly as printed (prediction rounds the float-typed ones to float32 as Cubist does).
 * `insts="1" nn="K" maxd="D"` headers (R's prediction-time rewrite) set `options.neighbors` and
 * `maxd`; otherwise `maxd` is null.
 *
 * @example
 * const model = parseModelFile(fs.readFileSync("boston/c1_n0.model", "utf8"), { targetName: "medv" });
 * model.committees[0].rules.length; // 4
 * @throws Error naming the source, the line and the field for any malformed, missing or
 *   inconsistent field (unknown attribute, wrong counts, non-numeric value, `prec` outside 0..15, truncated file),
 *   and past the bounds {@link MODEL_MAX_VALUE_CHARS}, {@link MODEL_MAX_VALUES}, {@link MODEL_MAX_ATTRIBUTES}.
 */
export function parseModelFile(text: string, options: ParseModelFileOptions = {}): CubistModel {
  const source = options.source ?? "model";
  const targetName = options.targetName ?? "outcome";
  if (typeof text !== "string") throw new TypeError(`${source}: model text must be a string`);
  const tokens = tokenize(text, source);
  let p = 0;
  const lastLine = tokens.length ? tokens[tokens.length - 1].line : 1;
  const peek = (): Token | undefined => tokens[p];
  const next = (key: string): Token => {
    const t = tokens[p];
    if (!t) throw new Error(`${source}: line ${lastLine}: file ends where field '${key}' was expected (truncated model?)`);
    if (t.key !== key) throw new Error(`${source}: line ${t.line}: expected field '${key}', found '${t.key}'`);
    p++;
    return t;
  };
  const str = (t: Token): string => {
    if (t.values.length !== 1) throw new Error(`${source}: line ${t.line}: field '${t.key}' must have one value`);
    return t.values[0];
  };
  const num = (t: Token): number => {
    const s = str(t);
    const v = Number(s);
    if (s.trim() === "" || !Number.isFinite(v)) {
      throw new Error(`${source}: line ${t.line}: field '${t.key}' must be a finite number, got '${s}'`);
    }
    return v;
  };
  const int = (t: Token, min: number): number => {
    const v = num(t);
    if (!Number.isInteger(v) || v < min) {
      throw new Error(`${source}: line ${t.line}: field '${t.key}' must be an integer >= ${min}, got '${str(t)}'`);
    }
    return v;
  };
  const optional = (key: string): Token | undefined => (peek()?.key === key ? tokens[p++] : undefined);

  const id = str(next("id"));
  const precTok = next("prec");
  const precision = int(precTok, 0);
  if (precision > 15) throw new Error(`${source}: line ${precTok.line}: field 'prec' must be an integer in 0..15 (decimal digits of the target), got '${str(precTok)}'`);
  const globalMean = num(next("globalmean"));
  const extrap = num(next("extrap"));
  if (extrap < 0) throw new Error(`${source}: line ${tokens[p - 1].line}: field 'extrap' must be >= 0, got '${extrap}'`);
  const insts = int(next("insts"), 0);
  let neighbors = DEFAULT_CUBIST_OPTIONS.neighbors;
  let maxd: number | null = null;
  const nnTok = optional("nn");
  if (nnTok) neighbors = int(nnTok, 0);
  const maxdTok = optional("maxd");
  if (maxdTok) maxd = num(maxdTok);
  void insts;
  const ceiling = num(next("ceiling"));
  const floor = num(next("floor"));

  // attributes: the first is the target
  const targetTok = next("att");
  if (optional("mode")) throw new Error(`${source}: line ${targetTok.line}: the target '${str(targetTok)}' must be continuous`);
  const target = {
    name: targetName,
    mean: num(next("mean")), sd: num(next("sd")), min: num(next("min")), max: num(next("max")),
    precision,
  };
  const attributes: CubistAttribute[] = [];
  const byName = new Map<string, CubistAttribute>();
  const valueSets = new Map<DiscreteAttribute, Set<string>>();
  while (peek()?.key === "att") {
    const t = tokens[p++];
    if (attributes.length >= MODEL_MAX_ATTRIBUTES) throw new Error(`${source}: line ${t.line}: more than ${MODEL_MAX_ATTRIBUTES} attributes`);
    const name = str(t);
    if (byName.has(name) || name === str(targetTok)) {
      throw new Error(`${source}: line ${t.line}: attribute '${name}' declared twice`);
    }
    let a: CubistAttribute;
    if (peek()?.key === "mode") {
      const mode = str(tokens[p++]);
      const dv = options.discreteValues;
      const given = dv && Object.prototype.hasOwnProperty.call(dv, name) ? dv[name] : undefined;
      const values = given ? given.slice() : [];
      if (!values.includes(mode)) values.push(mode);
      a = { kind: "discrete", name, values, mode, ordered: false, valuesComplete: given !== undefined };
    } else {
      a = { kind: "continuous", name, mean: num(next("mean")), sd: num(next("sd")), min: num(next("min")), max: num(next("max")) };
    }
    attributes.push(a);
    byName.set(name, a);
  }
  let sample = DEFAULT_CUBIST_OPTIONS.sample;
  let seed = DEFAULT_CUBIST_OPTIONS.seed;
  const sampleTok = optional("sample");
  if (sampleTok) {
    sample = num(sampleTok) * 100;
    seed = int(next("init"), Number.MIN_SAFE_INTEGER);
  }
  let redn: number | null = null;
  const rednTok = optional("redn");
  if (rednTok) redn = num(rednTok);
  const entriesTok = next("entries");
  const entries = int(entriesTok, 1);

  const attr = (t: Token, kind?: "continuous" | "discrete"): CubistAttribute => {
    const name = str(t);
    const a = byName.get(name);
    if (!a) throw new Error(`${source}: line ${t.line}: unknown attribute '${name}'`);
    if (kind && a.kind !== kind) throw new Error(`${source}: line ${t.line}: attribute '${name}' is ${a.kind}, expected ${kind}`);
    return a;
  };
  const addValue = (a: DiscreteAttribute, v: string, line: number): void => {
    let set = valueSets.get(a);
    if (!set) { set = new Set(a.values); valueSets.set(a, set); }
    if (!set.has(v)) {
      if (set.size >= MODEL_MAX_VALUES) throw new Error(`${source}: line ${line}: attribute '${a.name}' has more than ${MODEL_MAX_VALUES} values`);
      set.add(v);
      a.values.push(v);
      a.valuesComplete = false;
    }
  };

  const committees: CubistRuleSet[] = [];
  for (let m = 0; m < entries; m++) {
    const nRules = int(next("rules"), 0);
    const rules: CubistRule[] = [];
    for (let r = 0; r < nRules; r++) {
      const nConds = int(next("conds"), 0);
      const cover = int(next("cover"), 0);
      const mean = num(next("mean"));
      const loVal = num(next("loval"));
      const hiVal = num(next("hival"));
      const estErr = num(next("esterr"));
      const conditions: CubistCondition[] = [];
      for (let c = 0; c < nConds; c++) {
        const typeTok = next("type");
        const type = str(typeTok);
        const attTok = next("att");
        if (type === "2") {
          const a = attr(attTok, "continuous");
          const valTok = optional("val");
          if (valTok) {
            if (str(valTok) !== "N/A") throw new Error(`${source}: line ${valTok.line}: field 'val' of a type 2 condition must be "N/A", got '${str(valTok)}'`);
            conditions.push({ type: "notApplicable", attribute: a.name });
          } else {
            const cut = num(next("cut"));
            const resTok = next("result");
            const op = str(resTok);
            if (op !== "<=" && op !== ">") throw new Error(`${source}: line ${resTok.line}: field 'result' must be "<=" or ">", got '${op}'`);
            conditions.push({ type: "threshold", attribute: a.name, cut, op });
          }
        } else if (type === "1") {
          const a = attr(attTok, "discrete") as DiscreteAttribute;
          const v = str(next("val"));
          if (v !== "N/A") addValue(a, v, attTok.line);
          conditions.push({ type: "equals", attribute: a.name, value: v });
        } else if (type === "3") {
          const a = attr(attTok, "discrete") as DiscreteAttribute;
          const eltsTok = next("elts");
          if (eltsTok.values.length === 0) throw new Error(`${source}: line ${eltsTok.line}: field 'elts' is empty`);
          for (const v of eltsTok.values) if (v !== "N/A") addValue(a, v, eltsTok.line);
          conditions.push({ type: "subset", attribute: a.name, values: eltsTok.values.slice() });
        } else {
          throw new Error(`${source}: line ${typeTok.line}: field 'type' must be 1, 2 or 3, got '${type}'`);
        }
      }
      const intercept = num(next("coeff"));
      const terms: CubistTerm[] = [];
      while (peek()?.key === "att") {
        const a = attr(tokens[p++], "continuous");
        terms.push({ attribute: a.name, coefficient: num(next("coeff")) });
      }
      rules.push({ conditions, cover, mean, loVal, hiVal, estErr, intercept, terms });
    }
    committees.push({ rules });
  }
  if (p < tokens.length) {
    const t = tokens[p];
    throw new Error(`${source}: line ${t.line}: unexpected field '${t.key}' after the last rule (entries="${entries}")`);
  }
  return {
    id,
    target,
    attributes,
    globalMean,
    floor,
    ceiling,
    committees,
    options: {
      committees: entries,
      rules: options.trainingOptions?.rules ?? DEFAULT_CUBIST_OPTIONS.rules,
      extrapolation: extrap * 100,
      unbiased: options.trainingOptions?.unbiased ?? DEFAULT_CUBIST_OPTIONS.unbiased,
      sample,
      seed,
      neighbors,
    },
    maxd,
    redn,
    nTrainingCases: null,
  };
}

/**
 * Reads a `.model` file from disk with {@link parseModelFile} (errors name the path).
 * @throws Error naming the file when it cannot be read, is larger than {@link MODEL_MAX_FILE_BYTES}, or is malformed.
 */
export function readModelFile(path: string, options: ParseModelFileOptions = {}): CubistModel {
  let text: string;
  try {
    const size = fs.statSync(path).size;
    if (size > MODEL_MAX_FILE_BYTES) throw new Error(`${size} bytes, more than the ${MODEL_MAX_FILE_BYTES} a model file may have`);
    text = fs.readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`${path}: cannot read model file (${(e as Error).message})`);
  }
  return parseModelFile(text, { ...options, source: options.source ?? path });
}

/** Options of {@link formatModelFile}. */
export interface FormatModelFileOptions {
  /**
   * Write `insts="1" nn="K" maxd="D"` (what R's predict() passes to the C code with neighbours),
   * using model.maxd. Default false: `insts="0"`, as R stores models.
   */
  withInstancesHeader?: boolean;
  /** Neighbours for the instances header. Default: model.options.neighbors. */
  neighbors?: number;
}

/** Refuses names and values the `.model` format cannot hold, at write time, naming them. */
function checkWritable(model: CubistModel): void {
  const bad = (what: string, v: string, why: string): never => {
    throw new RangeError(`formatModelFile: ${what} ${JSON.stringify(v)} cannot be written to a .model file: ${why}`);
  };
  const text = (what: string, v: string) => { if (/[\r\n]/.test(v)) bad(what, v, "it contains a line break, which .model values cannot hold"); };
  if (!Number.isInteger(model.target.precision) || model.target.precision < 0 || model.target.precision > 15) {
    throw new RangeError(`formatModelFile: target precision must be an integer in 0..15, got ${model.target.precision}`);
  }
  text("model id", model.id);
  for (const a of model.attributes) {
    if (a.name === "outcome") bad("attribute", a.name, ".model files call the target \"outcome\", so a predictor of that name could not be read back; rename the column");
    text("attribute", a.name);
    if (a.kind === "discrete") {
      for (const v of a.values) {
        text(`value of attribute ${JSON.stringify(a.name)}`, v);
        if (v === "N/A") bad(`value of attribute ${JSON.stringify(a.name)}`, v, "\"N/A\" means not applicable in .model conditions");
      }
      text(`mode of attribute ${JSON.stringify(a.name)}`, a.mode);
    }
  }
}

function q(s: string): string {
  return '"' + s.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"';
}

/**
 * Writes a {@link CubistModel} as Cubist `.model` text (§16.3), readable by R's and Python's
 * `Cubist` packages. Numbers use Cubist's formats (`%.7g`, `%g`, `%.8g` cuts, `%.14g`
 * coefficients, `%.{prec+1}f` means and errors). For a model parsed from a reference file the
 * output is byte-identical to the file.
 *
 * @example
 * const text = formatModelFile(parseModelFile(original)); // === original
 * @throws RangeError when `withInstancesHeader` is set but the model has no maxd; when a name or value cannot be
 *   held by the format (a predictor named `outcome`, the target's name in `.model` files; a line break in a name or
 *   discrete value; a discrete value "N/A"; a target precision outside 0..15), naming it.
 */
export function formatModelFile(model: CubistModel, options: FormatModelFileOptions = {}): string {
  const withInst = options.withInstancesHeader ?? false;
  const nn = options.neighbors ?? model.options.neighbors;
  if (withInst && model.maxd === null) throw new RangeError("formatModelFile: withInstancesHeader needs model.maxd, which is null");
  if (withInst && (!Number.isInteger(nn) || nn < 1 || nn > 9)) throw new RangeError(`formatModelFile: neighbors must be an integer in 1..9, got ${nn}`);
  checkWritable(model);
  const P = model.target.precision;
  const lines: string[] = [];
  lines.push(`id=${q(model.id)}`);
  const inst = withInst ? `insts="1" nn="${nn}" maxd="${formatFixed(model.maxd as number, 1)}"` : `insts="0"`;
  lines.push(`prec="${P}" globalmean="${formatG(model.globalMean, 7)}" extrap="${formatG(model.options.extrapolation / 100, 6)}" ${inst} ceiling="${formatG(model.ceiling, 7)}" floor="${formatG(model.floor, 7)}"`);
  const t = model.target;
  lines.push(`att="outcome" mean="${formatG(t.mean, 7)}" sd="${formatG(t.sd, 7)}" min="${formatG(t.min, 6)}" max="${formatG(t.max, 6)}"`);
  for (const a of model.attributes) {
    if (a.kind === "continuous") {
      lines.push(`att=${q(a.name)} mean="${formatG(a.mean, 7)}" sd="${formatG(a.sd, 7)}" min="${formatG(a.min, 6)}" max="${formatG(a.max, 6)}"`);
    } else {
      lines.push(`att=${q(a.name)} mode=${q(a.mode)}`);
    }
  }
  if (model.options.sample > 0) lines.push(`sample="${formatG(model.options.sample / 100, 6)}" init="${model.options.seed}"`);
  lines.push((model.redn !== null ? `redn="${formatFixed(model.redn, 3)}" ` : "") + `entries="${model.committees.length}"`);
  for (const member of model.committees) {
    lines.push(`rules="${member.rules.length}"`);
    for (const r of member.rules) {
      lines.push(`conds="${r.conditions.length}" cover="${r.cover}" mean="${formatFixed(r.mean, P + 1)}" loval="${formatG(r.loVal, 6)}" hival="${formatG(r.hiVal, 6)}" esterr="${formatFixed(r.estErr, P + 1)}"`);
      for (const c of r.conditions) {
        switch (c.type) {
          case "threshold":
            lines.push(`type="2" att=${q(c.attribute)} cut="${formatG(c.cut, 8)}" result="${c.op}"`);
            break;
          case "notApplicable":
            lines.push(`type="2" att=${q(c.attribute)} val="N/A"`);
            break;
          case "equals":
            lines.push(`type="1" att=${q(c.attribute)} val=${q(c.value)}`);
            break;
          case "subset":
            lines.push(`type="3" att=${q(c.attribute)} elts=${c.values.map(q).join(",")}`);
            break;
        }
      }
      let line = `coeff="${formatG(r.intercept, 14)}"`;
      for (const term of r.terms) line += ` att=${q(term.attribute)} coeff="${formatG(term.coefficient, 14)}"`;
      lines.push(line);
    }
  }
  return lines.join("\n") + "\n\n";
}

/**
 * Writes a model to a `.model` file atomically (`<path>.tmp-<pid>` then rename); nothing is written when the
 * model cannot be held by the format.
 * @throws RangeError naming the file and the name or value the format cannot hold (see {@link formatModelFile});
 *   Error naming the file when it cannot be written.
 */
export function writeModelFile(path: string, model: CubistModel, options: FormatModelFileOptions = {}): void {
  let text: string;
  try {
    text = formatModelFile(model, options);
  } catch (e) {
    throw new RangeError(`${path}: ${(e as Error).message.replace(/^formatModelFile: /, "")}`);
  }
  try {
    writeFileAtomic(path, text);
  } catch (e) {
    throw new Error(`${path}: cannot write model file (${(e as Error).message})`);
  }
}
