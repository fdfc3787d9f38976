import * as path from "node:path";
import { loadStudyManifest } from "../manifests/loadStudyManifest";
import type { StudyManifest } from "../manifests/studyManifest";
import { twinConfig, dayNumber, isoDate, type TwinConfig, type TwinConfigName } from "../twin/twinConfig";

/** An inclusive range of ISO dates. */
export interface DatePeriod {
  start: string;
  end: string;
}

/** The dates and places a workbook run uses: the study manifest fitted to the data configuration. */
export interface StudyPlan {
  /** Data configuration (`default`, `tiny`). */
  config: string;
  study: StudyManifest;
  /** The twin configuration that serves the `twin` sources. */
  twin: TwinConfig;
  /** Calibration dates (paper: 2013–2014). */
  train: DatePeriod;
  /** Hindcast validation dates (paper: 2015). */
  validation: DatePeriod;
  /** 1 km maps and stations (paper: May–September 2015, 153 days). */
  evaluation: DatePeriod;
  /** How many sample points to draw (paper: 602 on its domain). */
  points: number;
  /** Why the plan differs from the study manifest, if it does. */
  notes: string[];
}

const within = (p: DatePeriod, outer: DatePeriod) => dayNumber(p.start) >= dayNumber(outer.start) && dayNumber(p.end) <= dayNumber(outer.end);

/**
 * Fits the study manifest's split to a data configuration. When the configuration's period holds the
 * manifest's training, validation and evaluation dates (the `default` twin: 2013–2015), they are used as
 * they stand. A shorter configuration (`tiny`: April–May 2015) cannot hold a two-year calibration, so the
 * plan trains on the days before the twin's 1 km window, validates on the rest, and evaluates on the 1 km
 * window's days; the reason is recorded in `notes`. `points` is the paper's 602 on the default domain and
 * one point per 4 land cells, at least 12, on smaller ones.
 *
 * The study's `calibrationYears` / `validationYears` (each consecutive; default the manifest's split, the paper's
 * 2013–2014 / 2015) set the calibration and validation periods (1 January of the first year … 31 December of the
 * last) on a configuration that holds them; on `tiny` (one spring only) the short split above is used and
 * `notes` says that the study's years were not applied.
 *
 * @example
 * const plan = studyPlan({ config: "tiny" });
 * plan.train; // { start: "2015-04-01", end: "2015-04-30" }
 * @example studyPlan({ config: "default", calibrationYears: [2013], validationYears: [2014] }).validation
 *   // { start: "2014-01-01", end: "2014-12-31" }
 * The study manifest is `options.studyFile`, else (when `manifestDir` is not given) `$SM_STUDY_MANIFEST` (set by
 * `npm run workbook -- --data replica|real` to the routed study it writes in the output folder), else
 * `<manifestDir>/study.json`; its sources
 * are resolved against `manifestDir` (default `./data-manifests`).
 *
 * @throws RangeError naming `config` when it is not a twin configuration, naming `calibrationYears` /
 *   `validationYears` when they are not consecutive whole years, overlap, or (on `default`) lie outside the data's
 *   period; ManifestError for a bad manifest.
 */
export function studyPlan(options: { config: string; manifestDir?: string; studyFile?: string; seed?: number; calibrationYears?: readonly number[]; validationYears?: readonly number[] }): StudyPlan {
  const manifestDir = options.manifestDir ?? path.join(process.cwd(), "data-manifests");
  const envFile = process.env.SM_STUDY_MANIFEST;
  // The runner's routed study (SM_STUDY_MANIFEST) applies when the caller names neither a study file nor a manifest folder.
  const studyFile = options.studyFile ?? (envFile && options.manifestDir === undefined ? path.resolve(envFile) : path.join(manifestDir, "study.json"));
  if (options.config !== "default" && options.config !== "tiny") {
    throw new RangeError(`studyPlan: config must be 'default' or 'tiny', got '${options.config}'`);
  }
  const study = loadStudyManifest(studyFile, { manifestDir });
  const twin = twinConfig(options.config as TwinConfigName, options.seed === undefined ? {} : { seed: options.seed });
  const notes: string[] = [];
  let train: DatePeriod = { start: study.split.train.start, end: study.split.train.end };
  let validation: DatePeriod = { start: study.split.validation.start, end: study.split.validation.end };
  let evaluation: DatePeriod = { start: study.evaluation.start, end: study.evaluation.end };
  const period: DatePeriod = twin.period;
  const yearsPeriod = (key: "calibrationYears" | "validationYears"): DatePeriod | null => {
    const ys = options[key];
    if (ys === undefined) return null;
    const sorted = Array.from(ys).sort((a, b) => a - b);
    if (sorted.length === 0 || sorted.some((y, i) => !Number.isInteger(y) || (i > 0 && y !== sorted[i - 1] + 1))) {
      throw new RangeError(`studyPlan: ${key} must be consecutive whole years, got ${JSON.stringify(ys)}`);
    }
    return { start: `${sorted[0]}-01-01`, end: `${sorted[sorted.length - 1]}-12-31` };
  };
  const calYears = yearsPeriod("calibrationYears"), valYears = yearsPeriod("validationYears");
  if (calYears && valYears && dayNumber(calYears.start) <= dayNumber(valYears.end) && dayNumber(valYears.start) <= dayNumber(calYears.end)) {
    throw new RangeError(`studyPlan: validationYears ${JSON.stringify(options.validationYears)} overlap calibrationYears ${JSON.stringify(options.calibrationYears)}`);
  }
  if (options.config === "default") {
    for (const [key, p] of [["calibrationYears", calYears], ["validationYears", valYears]] as const) {
      if (p && !within(p, period)) throw new RangeError(`studyPlan: ${key} ${JSON.stringify(options[key])} lie outside the '${options.config}' data period ${period.start}…${period.end}`);
    }
    if (calYears) train = calYears;
    if (valYears) validation = valYears;
  }
  if (!within(train, period) || !within(validation, period) || !within(evaluation, { start: twin.window.start, end: twin.window.end })) {
    train = { start: period.start, end: isoDate(dayNumber(twin.window.start) - 1) };
    validation = { start: twin.window.start, end: period.end };
    evaluation = { start: twin.window.start, end: twin.window.end };
    notes.push(`configuration '${options.config}' covers ${period.start}…${period.end} only: training on ${train.start}…${train.end}, validating on ${validation.start}…${validation.end}, evaluating at 1 km on ${evaluation.start}…${evaluation.end}`);
    if (calYears || valYears) notes.push(`the study's calibration/validation years (${(options.calibrationYears ?? []).join(", ") || "manifest"} / ${(options.validationYears ?? []).join(", ") || "manifest"}) are not applied on '${options.config}': its short split above is used`);
  }
  const points = options.config === "default" ? 602 : Math.max(12, Math.round((twin.coarse.width * twin.coarse.height) / 4));
  if (options.config !== "default") notes.push(`${points} sample points on the ${twin.coarse.width} × ${twin.coarse.height} cell domain (the paper drew 602 on its domain)`);
  return { config: options.config, study, twin, train, validation, evaluation, points, notes };
}

/** The ISO dates of a period, in order. */
export function datesOf(period: DatePeriod): string[] {
  const d0 = dayNumber(period.start), d1 = dayNumber(period.end);
  return Array.from({ length: d1 - d0 + 1 }, (_, i) => isoDate(d0 + i));
}
