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
 * @example
 * const plan = studyPlan({ config: "tiny" });
 * plan.train; // { start: "2015-04-01", end: "2015-04-30" }
 * @throws RangeError naming `config` when it is not a twin configuration; ManifestError for a bad manifest.
 */
export function studyPlan(options: { config: string; manifestDir?: string; seed?: number }): StudyPlan {
  const manifestDir = options.manifestDir ?? path.join(process.cwd(), "data-manifests");
  if (options.config !== "default" && options.config !== "tiny") {
    throw new RangeError(`studyPlan: config must be 'default' or 'tiny', got '${options.config}'`);
  }
  const study = loadStudyManifest(path.join(manifestDir, "study.json"));
  const twin = twinConfig(options.config as TwinConfigName, options.seed === undefined ? {} : { seed: options.seed });
  const notes: string[] = [];
  let train: DatePeriod = { start: study.split.train.start, end: study.split.train.end };
  let validation: DatePeriod = { start: study.split.validation.start, end: study.split.validation.end };
  let evaluation: DatePeriod = { start: study.evaluation.start, end: study.evaluation.end };
  const period: DatePeriod = twin.period;
  if (!within(train, period) || !within(validation, period) || !within(evaluation, { start: twin.window.start, end: twin.window.end })) {
    train = { start: period.start, end: isoDate(dayNumber(twin.window.start) - 1) };
    validation = { start: twin.window.start, end: period.end };
    evaluation = { start: twin.window.start, end: twin.window.end };
    notes.push(`configuration '${options.config}' covers ${period.start}…${period.end} only: training on ${train.start}…${train.end}, validating on ${validation.start}…${validation.end}, evaluating at 1 km on ${evaluation.start}…${evaluation.end}`);
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
