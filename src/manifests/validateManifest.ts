import { checkSchema, showValue } from "./checkSchema";
import { urlCredentialIssues } from "./urlCredentialIssues";
import type { SchemaIssue } from "./checkSchema";
import { isCalendarDate } from "./common";
import type { BoundingBox, DateRange } from "./common";
import { ManifestError } from "./manifestError";
import { DATE_TOKENS, productManifestSchema } from "./productManifest";
import type { ProductManifest } from "./productManifest";
import { studyManifestSchema } from "./studyManifest";
import type { StudyManifest } from "./studyManifest";
import { twinManifestSchema } from "./twinManifest";
import type { TwinManifest } from "./twinManifest";

/** Options of the `validate*Manifest` functions. */
export interface ValidateManifestOptions {
  /** File name used in messages (default `(inline)`). */
  file?: string;
}

function issue(path: string, expected: string, got: unknown): SchemaIssue {
  return { path, expected, got: showValue(got) };
}

function checkRange(range: DateRange, path: string, issues: SchemaIssue[]): void {
  for (const key of ["start", "end"] as const) {
    if (!isCalendarDate(range[key])) issues.push(issue(`${path}.${key}`, "a calendar date YYYY-MM-DD", range[key]));
  }
  if (range.start > range.end) issues.push(issue(`${path}.end`, `on or after ${path}.start (${range.start})`, range.end));
}

function within(inner: DateRange, outer: DateRange, path: string, outerPath: string, issues: SchemaIssue[]): void {
  if (inner.start < outer.start) issues.push(issue(`${path}.start`, `within ${outerPath} (${outer.start} to ${outer.end})`, inner.start));
  if (inner.end > outer.end) issues.push(issue(`${path}.end`, `within ${outerPath} (${outer.start} to ${outer.end})`, inner.end));
}

function checkBox(box: BoundingBox, path: string, issues: SchemaIssue[]): void {
  if (!(box.south < box.north)) issues.push(issue(`${path}.north`, `greater than ${path}.south (${box.south})`, box.north));
  if (!(box.west < box.east)) issues.push(issue(`${path}.east`, `greater than ${path}.west (${box.west})`, box.east));
}

function daysInclusive(range: DateRange): number {
  return Math.round((Date.parse(range.end + "T00:00:00Z") - Date.parse(range.start + "T00:00:00Z")) / 86_400_000) + 1;
}

function fail(file: string, issues: SchemaIssue[]): void {
  if (issues.length > 0) throw new ManifestError(file, issues);
}

/** The `{token}`s of a template, in order. */
export function templateTokens(template: string): string[] {
  return Array.from(template.matchAll(/\{([^{}]*)\}/g), (m) => m[1]);
}

/**
 * Validates a parsed product manifest: the schema, then consistency (template tokens known,
 * `{hh}` iff hourly cadence, no date token for static products, calendar dates, unique names).
 *
 * @example
 * validateProductManifest(JSON.parse(text), { file: "data-manifests/srtm.json" }).files.cadence.unit; // "static"
 * @throws ManifestError naming the file, each bad field's path, the expectation and the bad value.
 */
export function validateProductManifest(value: unknown, options: ValidateManifestOptions = {}): ProductManifest {
  const { file = "(inline)" } = options;
  fail(file, urlCredentialIssues(value));
  fail(file, checkSchema(value, productManifestSchema));
  const m = value as ProductManifest;
  const issues: SchemaIssue[] = [];
  const expandKeys = Object.keys(m.files.expand ?? {});
  const known = new Set<string>([...DATE_TOKENS, "*", ...expandKeys]);
  for (const field of ["urlTemplate", "nameTemplate"] as const) {
    const tokens = templateTokens(m.files[field]);
    for (const t of tokens) {
      if (!known.has(t)) {
        issues.push(issue(`files.${field}`, `a template whose tokens are date tokens (${DATE_TOKENS.join(", ")}), * or keys of files.expand (${expandKeys.join(", ") || "none"}); unknown token {${t}}`, m.files[field]));
      }
    }
    const unit = m.files.cadence.unit;
    if (unit === "hour" && !tokens.includes("hh")) {
      issues.push(issue(`files.${field}`, "a template with {hh} (files.cadence.unit is hour)", m.files[field]));
    }
    if (unit !== "hour" && tokens.includes("hh")) {
      issues.push(issue(`files.${field}`, `a template without {hh} (files.cadence.unit is ${unit})`, m.files[field]));
    }
    if (unit === "static" && tokens.some((t) => (DATE_TOKENS as readonly string[]).includes(t))) {
      issues.push(issue(`files.${field}`, "a template without date tokens (files.cadence.unit is static)", m.files[field]));
    }
  }
  if (m.files.cadence.unit === "composite" && m.files.cadence.step === undefined) {
    issues.push(issue("files.cadence.step", "the composite length in days (cadence composite)", undefined));
  }
  if (m.files.cadence.unit === "hour" && m.files.cadence.step !== undefined && 24 % m.files.cadence.step !== 0) {
    issues.push(issue("files.cadence.step", "a divisor of 24 (hours)", m.files.cadence.step));
  }
  const urlName = m.files.urlTemplate.slice(m.files.urlTemplate.lastIndexOf("/") + 1);
  if ((m.access.protocol === "https" || m.access.protocol === "http") && urlName !== m.files.nameTemplate) {
    issues.push(issue("files.urlTemplate", `a URL ending in files.nameTemplate (${m.files.nameTemplate})`, m.files.urlTemplate));
  }
  if ((m.access.protocol === "https" || m.access.protocol === "http") && !m.files.urlTemplate.startsWith(m.access.protocol + "://")) {
    issues.push(issue("files.urlTemplate", `a URL with the scheme of access.protocol (${m.access.protocol}://)`, m.files.urlTemplate));
  }
  const seenVars = new Set<string>();
  m.variables.forEach((v, i) => {
    if (seenVars.has(v.name)) issues.push(issue(`variables[${i}].name`, "unique among variables", v.name));
    seenVars.add(v.name);
    if (v.validRange && v.validRange[0] > v.validRange[1]) issues.push(issue(`variables[${i}].validRange`, "[min, max] with min <= max", v.validRange));
  });
  const seenFiles = new Set<string>();
  m.knownFiles.forEach((f, i) => {
    if (seenFiles.has(f.name)) issues.push(issue(`knownFiles[${i}].name`, "unique among knownFiles", f.name));
    seenFiles.add(f.name);
  });
  const { coverageStart, coverageEnd } = m.temporal;
  if (coverageStart !== undefined && !isCalendarDate(coverageStart)) issues.push(issue("temporal.coverageStart", "a calendar date YYYY-MM-DD", coverageStart));
  if (typeof coverageEnd === "string") {
    if (!isCalendarDate(coverageEnd)) issues.push(issue("temporal.coverageEnd", "a calendar date YYYY-MM-DD", coverageEnd));
    else if (coverageStart !== undefined && coverageEnd < coverageStart) issues.push(issue("temporal.coverageEnd", `on or after temporal.coverageStart (${coverageStart})`, coverageEnd));
  }
  if (m.grid.extent) checkBox(m.grid.extent, "grid.extent", issues);
  fail(file, issues);
  return m;
}

/**
 * Validates a parsed study manifest: the schema, then calendar dates, the split inside the period,
 * the evaluation window inside the validation year with its stated day count, unique stations, and
 * every station inside the application window. (Whether product sources exist is checked by
 * `loadStudyManifest`, which knows the directory.)
 *
 * @example
 * validateStudyManifest(JSON.parse(text), { file: "data-manifests/study.json" }).stations.length; // 14
 * @throws ManifestError naming the file, each bad field's path, the expectation and the bad value.
 */
export function validateStudyManifest(value: unknown, options: ValidateManifestOptions = {}): StudyManifest {
  const { file = "(inline)" } = options;
  fail(file, urlCredentialIssues(value));
  fail(file, checkSchema(value, studyManifestSchema));
  const m = value as StudyManifest;
  const issues: SchemaIssue[] = [];
  checkRange(m.period, "period", issues);
  checkRange(m.split.train, "split.train", issues);
  checkRange(m.split.validation, "split.validation", issues);
  checkRange(m.evaluation, "evaluation", issues);
  checkBox(m.domain, "domain", issues);
  checkBox(m.applicationWindow, "applicationWindow", issues);
  within(m.split.train, m.period, "split.train", "period", issues);
  within(m.split.validation, m.period, "split.validation", "period", issues);
  within(m.evaluation, m.split.validation, "evaluation", "split.validation", issues);
  if (m.split.train.end >= m.split.validation.start) {
    issues.push(issue("split.validation.start", `after split.train.end (${m.split.train.end}): training and validation must not overlap`, m.split.validation.start));
  }
  if (isCalendarDate(m.evaluation.start) && isCalendarDate(m.evaluation.end) && daysInclusive(m.evaluation) !== m.evaluation.days) {
    issues.push(issue("evaluation.days", `${daysInclusive(m.evaluation)} (the days from ${m.evaluation.start} to ${m.evaluation.end})`, m.evaluation.days));
  }
  const ids = new Set<string>();
  const names = new Set<string>();
  const w = m.applicationWindow;
  m.stations.forEach((s, i) => {
    if (ids.has(s.id)) issues.push(issue(`stations[${i}].id`, "unique among stations", s.id));
    if (names.has(s.name)) issues.push(issue(`stations[${i}].name`, "unique among stations", s.name));
    ids.add(s.id);
    names.add(s.name);
    if (s.lat < w.south || s.lat > w.north) issues.push(issue(`stations[${i}].lat`, `inside applicationWindow (${w.south} to ${w.north})`, s.lat));
    if (s.lon < w.west || s.lon > w.east) issues.push(issue(`stations[${i}].lon`, `inside applicationWindow (${w.west} to ${w.east})`, s.lon));
  });
  fail(file, issues);
  return m;
}

/**
 * Validates a parsed twin manifest: the schema, then each grid inside [-90, 90] × [-180, 360].
 *
 * @example
 * validateTwinManifest(JSON.parse(text), { file: "data-manifests/twin.json" }).seed; // 20170507
 * @throws ManifestError naming the file, each bad field's path, the expectation and the bad value.
 */
export function validateTwinManifest(value: unknown, options: ValidateManifestOptions = {}): TwinManifest {
  const { file = "(inline)" } = options;
  fail(file, urlCredentialIssues(value));
  fail(file, checkSchema(value, twinManifestSchema));
  const m = value as TwinManifest;
  const issues: SchemaIssue[] = [];
  if (Object.keys(m.grids).length === 0) issues.push(issue("grids", "at least one named grid", m.grids));
  for (const [name, g] of Object.entries(m.grids)) {
    const south = g.north - g.height * g.cellSize;
    const east = g.west + g.width * g.cellSize;
    if (south < -90 - 1e-9) issues.push(issue(`grids.${name}.height`, `at most ${Math.floor((g.north + 90) / g.cellSize)} rows (the grid would end south of -90)`, g.height));
    if (east > 360 + 1e-9) issues.push(issue(`grids.${name}.width`, "a width that keeps the east edge at most 360", g.width));
  }
  fail(file, issues);
  return m;
}
