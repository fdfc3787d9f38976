import * as fs from "node:fs";
import * as path from "node:path";
import type { StudyManifest } from "../manifests/studyManifest";
import { validateStudyManifest } from "../manifests/validateManifest";
import { writeFileAtomic } from "../io/writeFileAtomic";
import type { TwinConfig } from "../twin/twinConfig";
import { LatLonGrid } from "../grid/latLonGrid";
import type { DatePeriod } from "./studyPlan";

/**
 * Where a workbook run's data come from (`npm run workbook -- --data …`, env `SM_DATA`):
 * - `twin`: the synthetic twin directly (the default; the tracked study manifest).
 * - `replica`: the twin exported as the providers distribute it, served on loopback, fetched through the real
 *   product manifests and read through the product readers (truth_sm, soil and precip stay on the twin).
 * - `real`: real files already fetched into `$SM_DATA_DIR/real/<product id>/` (or `SM_REAL_DIR`), every variable
 *   that has a product routed to it; truth_sm is then not served.
 */
export type DataMode = "twin" | "replica" | "real";

/** The data modes, in the order of the runner's help. */
export const DATA_MODES: readonly DataMode[] = ["twin", "replica", "real"];

/**
 * Checks a data mode given as text (an option or an environment variable).
 * @param what the option or variable named in the error (`--data`, `SM_DATA (environment)`)
 * @throws RangeError naming `what` and the value when it is not one of {@link DATA_MODES}.
 * @example parseDataMode("replica", "--data") // "replica"
 */
export function parseDataMode(value: unknown, what: string): DataMode {
  if (typeof value !== "string" || !(DATA_MODES as readonly string[]).includes(value)) {
    throw new RangeError(`${what} must be one of ${DATA_MODES.join(", ")}, got '${String(value)}'`);
  }
  return value as DataMode;
}

/**
 * The product manifest (id in `data-manifests/`) that serves each study variable on the product route: the
 * products the replica writes and `fetch` downloads. truth_sm, soil and precip have no product here (twin only).
 */
export const PRODUCT_ROUTES: Readonly<Record<"gldas_sm" | "amsr2_sm" | "ascat_sm" | "lst" | "ndvi" | "landcover" | "dem" | "stations", string>> = {
  gldas_sm: "gldas-noah025-3h-v2.1",
  amsr2_sm: "amsr2-lprm-l3",
  ascat_sm: "hsaf-ascat-cdr",
  lst: "mod11a2",
  ndvi: "mod13a2",
  landcover: "mcd12q1",
  dem: "srtm",
  stations: "ismn",
};

/** Options of {@link routedStudyManifest}. */
export interface RoutedStudyOptions {
  /** The data mode; `twin` returns the study's sources unchanged. */
  mode: DataMode;
  /** The twin configuration of the run: its 0.25° grid becomes the domain, its 1 km grid the window, its period the period. */
  twin: TwinConfig;
  /** The run's calibration, validation and 1 km evaluation dates (the twin run's `studyPlan`), kept as the study's split. */
  train: DatePeriod;
  validation: DatePeriod;
  evaluation: DatePeriod;
  /**
   * Variables kept on the twin although a product serves them (a mixed case: e.g. `["ascat_sm"]` without H SAF
   * access, or `["landcover", "dem"]` to compare a replica run with the twin run on the same 0.25° statics). Default [].
   */
  twinVariables?: readonly string[];
}

const box = (g: LatLonGrid) => ({ west: round6(g.west), south: round6(g.south), east: round6(g.east), north: round6(g.north) });
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const days = (p: DatePeriod) => Math.round((Date.parse(`${p.end}T00:00:00Z`) - Date.parse(`${p.start}T00:00:00Z`)) / 86400000) + 1;

/**
 * The study manifest of a product-routed run, derived from the tracked one without editing it: every variable
 * that has a product ({@link PRODUCT_ROUTES}) is routed to it (unless named in `twinVariables`), truth_sm, soil and
 * precip stay `twin`; the domain,
 * window and period are the twin configuration's (so the products are read on the grids the twin run uses), the
 * split and evaluation are the twin run's plan (so both runs train, validate and evaluate on the same days), and
 * the stations are those inside the window. `mode: "twin"` gives the study back unchanged.
 *
 * @example
 * const routed = routedStudyManifest(loadStudyManifest("data-manifests/study.json"), { mode: "replica", twin: plan.twin, train: plan.train, validation: plan.validation, evaluation: plan.evaluation });
 * routed.sources.lst; // "mod11a2"
 * @throws RangeError naming the mode when it is not a data mode, or a `twinVariables` entry that has no product;
 *   ManifestError when the result is not a valid
 *   study manifest (e.g. no station inside the window).
 */
export function routedStudyManifest(study: StudyManifest, options: RoutedStudyOptions): StudyManifest {
  const mode = parseDataMode(options?.mode, "routedStudyManifest: options.mode");
  if (mode === "twin") return study;
  const { twin, train, validation, evaluation } = options;
  const coarse = new LatLonGrid(twin.coarse), fine = new LatLonGrid(twin.window.fine);
  const window = box(fine);
  const stations = study.stations.filter((s) => s.lat >= window.south && s.lat <= window.north && s.lon >= window.west && s.lon <= window.east);
  const sources = { ...study.sources };
  for (const [v, id] of Object.entries(PRODUCT_ROUTES)) (sources as Record<string, string>)[v] = id;
  for (const v of ["truth_sm", "soil", "precip"] as const) sources[v] = "twin";
  for (const v of options.twinVariables ?? []) {
    if (!(v in PRODUCT_ROUTES)) throw new RangeError(`routedStudyManifest: twinVariables names '${v}', not one of the product-routed variables ${Object.keys(PRODUCT_ROUTES).join(", ")}`);
    (sources as Record<string, string>)[v] = "twin";
  }
  const routed: StudyManifest = {
    ...study,
    domain: { ...box(coarse), note: `the twin configuration '${twin.name}''s 0.25° grid (a ${mode} run)` },
    applicationWindow: { ...window, note: `the twin configuration '${twin.name}''s 1 km grid` },
    period: { start: twin.period.start, end: twin.period.end },
    split: { train: { ...train }, validation: { ...validation } },
    evaluation: { ...evaluation, days: days(evaluation) },
    stations,
    sources,
    notes: `Generated for a '${mode}' workbook run from the tracked data-manifests/study.json (not edited): variables routed to the product manifests of data-manifests/, grids and dates of the twin configuration '${twin.name}' and its plan. ${study.notes ?? ""}`.trim(),
  };
  return validateStudyManifest(JSON.parse(JSON.stringify(routed)), { file: `(${mode} study manifest)` });
}

/**
 * Writes a routed study manifest as `<dir>/<study id>.json` (atomic), where the runner points the notebooks
 * (`SM_STUDY_MANIFEST`).
 * @returns the file written
 * @example writeStudyManifest("outputs/x", routed) // "outputs/x/study.json"
 */
export function writeStudyManifest(dir: string, study: StudyManifest): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${study.id}.json`);
  writeFileAtomic(file, JSON.stringify(study, null, 2) + "\n");
  return file;
}

/**
 * Reads the runner's `--twin-vars a,b` (env `SM_TWIN_VARS`): product-routed variables to keep on the twin.
 * @throws RangeError naming `what` and each name that is not a product-routed variable.
 * @example parseTwinVariables("landcover,dem", "--twin-vars") // ["landcover", "dem"]
 */
export function parseTwinVariables(text: string | undefined, what: string): string[] {
  if (text === undefined || text.trim() === "") return [];
  const names = text.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !(n in PRODUCT_ROUTES));
  if (bad.length || !names.length) throw new RangeError(`${what} must list product-routed variables (${Object.keys(PRODUCT_ROUTES).join(", ")}), got '${text}'`);
  return Array.from(new Set(names));
}
