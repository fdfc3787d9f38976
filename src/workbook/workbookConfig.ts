import * as path from "node:path";
import * as fs from "node:fs";
import { studyOptionsFromEnv, type StudyOptions } from "./studyOptions";
import { parseDataMode, type DataMode } from "./studyRouting";

/** Where a notebook run reads its configuration and writes its outputs. */
export interface WorkbookContext {
  /** Data configuration: `default` (the paper's domain and period on the twin) or `tiny` (tests). */
  config: string;
  /** Project root (the kernel's cwd). */
  root: string;
  /** Output folder (contains figures/, tables/, notebooks/). */
  outputDir: string;
  figuresDir: string;
  tablesDir: string;
  /** Data cache (env SM_DATA_DIR, default ./data). */
  dataDir: string;
  /** The study configuration (env SM_STUDY / SM_STUDY_FILE; default the paper's choices): see {@link studyOptionsFromEnv}. */
  study: StudyOptions;
  /** Where the data come from (env SM_DATA: `twin`, default; `replica`; `real`): see {@link DataMode}. */
  data: DataMode;
  /** Folder holding the fetched real files, one folder per product id (env SM_REAL_DIR, default `<dataDir>/real`). */
  realDir: string;
}

/**
 * Resolves the run's context from the environment that `npm run workbook` sets (SM_CONFIG, SM_OUTPUT_DIR,
 * SM_DATA_DIR); in Jupyter, where none is set, the defaults are `default`, `./outputs`, `./data`.
 * The study configuration comes from SM_STUDY_FILE and SM_STUDY (the runner's `--study` and `--set`), the
 * paper's choices when neither is set. SM_DATA (`twin` | `replica` | `real`) says where the data come from and
 * SM_REAL_DIR where fetched product files are (default `<dataDir>/real`); the routed study manifest itself is
 * SM_STUDY_MANIFEST (read by `studyPlan`). Creates the output folders.
 * @example workbookContext({ env: { SM_CONFIG: "tiny" } }).config // "tiny"
 * @throws RangeError when SM_CONFIG is not a configuration name or SM_DATA not a data mode, or naming the study
 *   setting that is invalid.
 */
export function workbookContext(options: { env?: Record<string, string | undefined>; root?: string } = {}): WorkbookContext {
  const env = options.env ?? process.env;
  const root = options.root ?? process.cwd();
  const config = env.SM_CONFIG ?? "default";
  if (!/^[a-z][a-z0-9_-]*$/.test(config)) throw new RangeError(`SM_CONFIG must be a configuration name such as default or tiny, got '${config}'`);
  const outputDir = path.resolve(root, env.SM_OUTPUT_DIR ?? "outputs");
  const ctx: WorkbookContext = {
    config,
    root,
    outputDir,
    figuresDir: path.join(outputDir, "figures"),
    tablesDir: path.join(outputDir, "tables"),
    dataDir: path.resolve(root, env.SM_DATA_DIR ?? "data"),
    study: studyOptionsFromEnv(env),
    data: env.SM_DATA === undefined || env.SM_DATA === "" ? "twin" : parseDataMode(env.SM_DATA, "SM_DATA (environment)"),
    realDir: "",
  };
  ctx.realDir = env.SM_REAL_DIR ? path.resolve(root, env.SM_REAL_DIR) : path.join(ctx.dataDir, "real");
  for (const dir of [ctx.figuresDir, ctx.tablesDir]) fs.mkdirSync(dir, { recursive: true });
  return ctx;
}
