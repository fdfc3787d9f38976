import * as fs from "node:fs";

/**
 * Every predictor a study may choose, by short name (the runner's `--set predictors=…`), in the workbook's Cubist
 * order: the paper's six ({@link PAPER_PREDICTORS}) and `precip` (daily precipitation, mm/day; not in the paper).
 */
export const PREDICTOR_NAMES = ["ascat", "amsr2", "lst", "ndvi", "landcover", "dem", "precip"] as const;
export type PredictorName = (typeof PREDICTOR_NAMES)[number];
/** The paper's six predictors (Table 1), the default set: NOT every name of {@link PREDICTOR_NAMES}. */
export const PAPER_PREDICTORS: readonly PredictorName[] = ["ascat", "amsr2", "lst", "ndvi", "landcover", "dem"];

/** Short predictor name → the layer variable the sources serve. */
export const PREDICTOR_VARIABLES: Readonly<Record<PredictorName, string>> = {
  ascat: "ascat_sm",
  amsr2: "amsr2_sm",
  lst: "lst",
  ndvi: "ndvi",
  landcover: "landcover",
  dem: "dem",
  precip: "precip",
};

/**
 * How many rules the later notebooks' model has: `"paper"` = the paper's 59 (abstract, §4.1), `"cv-1se"` = the
 * fewest rules within one standard error of the best grouped-CV RMSE (notebook 04's sweep), or a number.
 */
export type RulesMode = "paper" | "cv-1se" | number;

/** One study's choices: what a student changes to experiment, the paper's choices by default. */
export interface StudyOptions {
  /**
   * Predictors given to Cubist (short names, kept in {@link PREDICTOR_NAMES} order). Default: the paper's six
   * ({@link PAPER_PREDICTORS}); `precip` (mm/day) is an optional seventh.
   */
  predictors: PredictorName[];
  /** Rule count mode. Default `"paper"` (59 rules). */
  rules: RulesMode;
  /** Cubist committees (1–100). Default 1 (the paper reports a single model). */
  committees: number;
  /** Cubist instance-based correction neighbours (0 = none, 1–9). Default 0 (the paper does not use them). */
  neighbours: number;
  /**
   * Clear-sky rule for samples (the paper's criterion is not recovered). Every rule keeps a sample only when
   * every chosen predictor and GLDAS are finite; where the source has a clear-sky layer (MOD11A2 Clear_sky_days,
   * the twin) it also requires the day to be clear on at least a fraction of the cell: `"all-valid"` = the whole
   * cell (fraction 1, the replication's default rule, as `buildSampleSet` has always applied it), or a number in
   * (0, 1] = that fraction (e.g. 0.5). See {@link minClearFractionOf}. Default `"all-valid"`.
   */
  clearSky: "all-valid" | number;
  /** Calibration years. Default [2013, 2014] (paper §2.3). */
  calibrationYears: number[];
  /** Validation (hindcast) years. Default [2015] (paper §2.3). */
  validationYears: number[];
  /** AMSR2/ASCAT on the 1 km grid: `nearest` (the paper: the containing 0.25° cell) or `bilinear`. Default `nearest`. */
  resampling: "nearest" | "bilinear";
}

/** The paper's choices. */
export const PAPER_STUDY: Readonly<StudyOptions> = Object.freeze({
  predictors: [...PAPER_PREDICTORS],
  rules: "paper",
  committees: 1,
  neighbours: 0,
  clearSky: "all-valid",
  calibrationYears: [2013, 2014],
  validationYears: [2015],
  resampling: "nearest",
});

/** The paper's rule count (abstract, §4.1). */
export const PAPER_RULES = 59;

const KEYS = Object.keys(PAPER_STUDY) as (keyof StudyOptions)[];

const fail = (key: string, value: unknown, want: string): never => {
  throw new RangeError(`study setting '${key}' ${want}, got ${JSON.stringify(value)}`);
};

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** A string from `--set key=value` as the setting's type; JSON values pass through unchanged. */
function coerce(key: keyof StudyOptions, raw: unknown): unknown {
  if (typeof raw !== "string") return raw;
  const s = raw.trim();
  const num = (x: string) => (/^[-+]?\d+(\.\d+)?$/.test(x) ? Number(x) : x);
  switch (key) {
    case "predictors":
      return s === "" ? [] : s.split(",").map((p) => p.trim().toLowerCase());
    case "calibrationYears":
    case "validationYears":
      return s === "" ? [] : s.split(",").flatMap((p) => {
        const m = /^\s*(\d{4})\s*-\s*(\d{4})\s*$/.exec(p); // 2013-2014
        if (m && Number(m[2]) >= Number(m[1])) return Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, i) => Number(m[1]) + i);
        return [num(p.trim())];
      });
    case "rules":
    case "committees":
    case "neighbours":
    case "clearSky":
      return num(s);
    default:
      return s;
  }
}

/**
 * Validates a (partial) study configuration and fills the rest from the paper's choices ({@link PAPER_STUDY}).
 * String values (from `--set key=value` or the environment) are parsed: lists are comma-separated, year ranges
 * may be written `2013-2014`.
 * @example resolveStudyOptions({ predictors: "ascat,amsr2,ndvi,dem,landcover", rules: "cv-1se" }).predictors
 *   // ["ascat", "amsr2", "ndvi", "landcover", "dem"]
 * @throws RangeError naming the setting and its value: an unknown setting, an unknown or repeated predictor, an
 *   empty predictor set, a rules mode other than paper/cv-1se/a positive integer, committees outside 1–100,
 *   neighbours outside 0–9, a clear-sky rule other than all-valid or a fraction in (0, 1], years that are not
 *   integers in 1979–2100 or overlap between calibration and validation, resampling other than nearest/bilinear.
 */
export function resolveStudyOptions(input: Partial<Record<keyof StudyOptions, unknown>> = {}): StudyOptions {
  if (input === null || typeof input !== "object" || Array.isArray(input)) fail("(study)", input, "must be an object of settings");
  for (const k of Object.keys(input)) {
    if (!KEYS.includes(k as keyof StudyOptions)) throw new RangeError(`unknown study setting '${k}' (settings: ${KEYS.join(", ")})`);
  }
  const get = (k: keyof StudyOptions) => (input[k] === undefined ? PAPER_STUDY[k] : coerce(k, input[k]));

  const preds = get("predictors");
  if (!Array.isArray(preds) || preds.length === 0) fail("predictors", input.predictors, `must be a non-empty list of ${PREDICTOR_NAMES.join(", ")}`);
  const seen = new Set<string>();
  for (const p of preds as unknown[]) {
    if (typeof p !== "string" || !(PREDICTOR_NAMES as readonly string[]).includes(p)) fail("predictors", p, `must name predictors among ${PREDICTOR_NAMES.join(", ")}`);
    if (seen.has(p as string)) fail("predictors", p, "names a predictor twice");
    seen.add(p as string);
  }
  const predictors = PREDICTOR_NAMES.filter((p) => seen.has(p));

  const rules = get("rules");
  if (!(rules === "paper" || rules === "cv-1se" || (isInt(rules) && rules >= 1 && rules <= 5000))) fail("rules", input.rules, "must be 'paper' (59 rules), 'cv-1se' or a whole number of rules 1–5000");
  const committees = get("committees");
  if (!isInt(committees) || committees < 1 || committees > 100) fail("committees", input.committees, "must be a whole number 1–100");
  const neighbours = get("neighbours");
  if (!isInt(neighbours) || neighbours < 0 || neighbours > 9) fail("neighbours", input.neighbours, "must be a whole number 0–9 (0 = no instance correction)");
  const clearSky = get("clearSky");
  if (!(clearSky === "all-valid" || (typeof clearSky === "number" && clearSky > 0 && clearSky <= 1))) fail("clearSky", input.clearSky, "must be 'all-valid' or a clear-sky fraction in (0, 1]");
  const years = (k: "calibrationYears" | "validationYears") => {
    const v = get(k);
    if (!Array.isArray(v) || v.length === 0) fail(k, input[k], "must be a non-empty list of years");
    for (const y of v as unknown[]) if (!isInt(y) || y < 1979 || y > 2100) fail(k, y, "must list whole years 1979–2100");
    return [...new Set(v as number[])].sort((a, b) => a - b);
  };
  const calibrationYears = years("calibrationYears");
  const validationYears = years("validationYears");
  const both = calibrationYears.filter((y) => validationYears.includes(y));
  if (both.length) fail("validationYears", validationYears, `must not share years with calibrationYears (both have ${both.join(", ")})`);
  const resampling = get("resampling");
  if (resampling !== "nearest" && resampling !== "bilinear") fail("resampling", input.resampling, "must be 'nearest' (paper) or 'bilinear'");

  return {
    predictors,
    rules: rules as RulesMode,
    committees: committees as number,
    neighbours: neighbours as number,
    clearSky: clearSky as StudyOptions["clearSky"],
    calibrationYears,
    validationYears,
    resampling: resampling as StudyOptions["resampling"],
  };
}

/**
 * Parses the runner's `--set key=value` strings (later ones win) into a partial configuration.
 * @example parseStudySettings(["rules=cv-1se"]) // { rules: "cv-1se" }
 * @throws RangeError naming the string when it has no `=` or an empty key.
 */
export function parseStudySettings(settings: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of settings) {
    const i = s.indexOf("=");
    if (i <= 0) throw new RangeError(`study setting must be key=value (e.g. rules=cv-1se), got '${s}'`);
    out[s.slice(0, i).trim()] = s.slice(i + 1);
  }
  return out;
}

/**
 * The run's study configuration from the environment, as `npm run workbook` sets it and as Jupyter can:
 * `SM_STUDY_FILE` (a JSON object of settings) first, then `SM_STUDY` (`key=value;key=value`, as `--set` gives
 * them) on top. Neither set: the paper's choices.
 * @example studyOptionsFromEnv({ SM_STUDY: "rules=cv-1se;predictors=ascat,amsr2,ndvi,dem,landcover" }).rules // "cv-1se"
 * @throws RangeError naming SM_STUDY_FILE when the file cannot be read or is not a JSON object; the errors of
 *   {@link resolveStudyOptions} otherwise.
 */
export function studyOptionsFromEnv(env: Record<string, string | undefined> = process.env): StudyOptions {
  let settings: Record<string, unknown> = {};
  const file = env.SM_STUDY_FILE;
  if (file) {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      throw new RangeError(`SM_STUDY_FILE '${file}': cannot read it (${(e as NodeJS.ErrnoException).code ?? e})`);
    }
    try {
      settings = JSON.parse(text);
    } catch (e) {
      throw new RangeError(`SM_STUDY_FILE '${file}': not JSON (${(e as Error).message})`);
    }
    if (settings === null || typeof settings !== "object" || Array.isArray(settings)) throw new RangeError(`SM_STUDY_FILE '${file}': must hold a JSON object of settings`);
  }
  if (env.SM_STUDY) settings = { ...settings, ...parseStudySettings(env.SM_STUDY.split(";").filter((s) => s.trim() !== "")) };
  return resolveStudyOptions(settings);
}

/** The Cubist rule count a rules mode asks for; `cv-1se` needs the sweep's choice. */
export function ruleCountOf(study: Pick<StudyOptions, "rules">, cvChoice?: number): number {
  if (study.rules === "paper") return PAPER_RULES;
  if (study.rules === "cv-1se") {
    if (cvChoice === undefined) throw new RangeError("study setting 'rules' is 'cv-1se': the rule count needs notebook 04's grouped-CV choice");
    return cvChoice;
  }
  return study.rules;
}

/**
 * The clear-sky fraction `buildSampleSet` requires for a study's `clearSky` rule: 1 (a fully clear cell) for
 * `"all-valid"`, the number otherwise.
 * @example minClearFractionOf({ clearSky: "all-valid" }) // 1
 * @example minClearFractionOf({ clearSky: 0.5 }) // 0.5
 */
export function minClearFractionOf(study: Pick<StudyOptions, "clearSky">): number {
  return study.clearSky === "all-valid" ? 1 : study.clearSky;
}

/** The layer variables of the chosen predictors (e.g. `ascat_sm`), in Cubist order. */
export function predictorVariables(study: Pick<StudyOptions, "predictors">): string[] {
  return study.predictors.map((p) => PREDICTOR_VARIABLES[p]);
}

/** The configuration as `setting | value | paper` rows for the top of a notebook; `differs` marks departures. */
export function studyOptionsRows(study: StudyOptions): { setting: string; value: string; paper: string; differs: string }[] {
  const show = (v: unknown) => (Array.isArray(v) ? v.join(", ") : v === "paper" ? `paper (${PAPER_RULES})` : String(v));
  return KEYS.map((k) => {
    const value = show(study[k]), paperValue = show(PAPER_STUDY[k]);
    return { setting: k, value, paper: paperValue, differs: value === paperValue ? "" : "≠ paper" };
  });
}
