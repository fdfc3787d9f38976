import * as fs from "node:fs";
import * as path from "node:path";
import { loadProductManifest } from "../manifests/loadProductManifest";
import { fetchProduct } from "../fetch/fetchProduct";
import { exportReplica, REPLICA_PRODUCTS } from "../replica/exportReplica";
import { hsafCellBox } from "../replica/exportAscat";
import { serveReplica } from "../replica/serveReplica";
import { replicaPath } from "../replica/replicaPath";
import { openTwin } from "../twin/openTwin";
import { writeFileAtomic } from "../io/writeFileAtomic";
import { studyPlan } from "./studyPlan";
import { parseDataMode, routedStudyManifest, writeStudyManifest, type DataMode } from "./studyRouting";

/** Options of {@link prepareDataRun}. */
export interface PrepareDataRunOptions {
  /** `twin` (nothing to do), `replica` or `real`. */
  mode: DataMode;
  /** Data configuration (`tiny`, `default`). */
  config: string;
  /** Project root (holds `data-manifests/`). */
  root: string;
  /** The run's output folder; a replica run works in `<outDir>/data/`. */
  outDir: string;
  /** Twin cache (`SM_DATA_DIR`). */
  dataDir: string;
  /** Real files for `real`: one folder per product id. Default `<dataDir>/real`. */
  realDir?: string;
  /** Product-routed variables kept on the twin (`--twin-vars`). Default []. */
  twinVariables?: readonly string[];
  /** Progress lines. Default: none. */
  log?: (line: string) => void;
}

/** What the notebooks of a routed run are given. */
export interface PreparedDataRun {
  /** Environment for the notebooks: SM_DATA, and for replica/real SM_STUDY_MANIFEST and SM_REAL_DIR. */
  env: Record<string, string>;
  /** The routed study manifest written (null for twin). */
  studyFile: string | null;
  /** Seconds per step (`export`, `fetch`), for the report. */
  seconds: Record<string, number>;
}

/** An H SAF cell file (`H111_2037.nc`, the cell's 5° box from {@link hsafCellBox}) wholly outside a box. */
function cellOutside(name: string, box: { west: number; south: number; east: number; north: number }): boolean {
  const m = /_(\d{1,4})\.nc4?$/.exec(name);
  if (!m) return false;
  const c = hsafCellBox(Number(m[1]));
  return c.east <= box.west || c.west >= box.east || c.north <= box.south || c.south >= box.north;
}

/**
 * Prepares a workbook run on routed data, before any notebook runs:
 *
 * - `twin`: nothing (the tracked study manifest, the twin).
 * - `replica`: writes the routed study manifest (`routedStudyManifest`) to `<outDir>/data/study.json`; exports the
 *   twin of `config` for its whole period as the providers distribute it (`exportReplica`, into
 *   `<outDir>/data/replica/`; each product reused when its marker names the same twin and days); serves it on 127.0.0.1 (`serveReplica`,
 *   a free port, a test Earthdata account in `<outDir>/data/netrc`); fetches every product through the REAL
 *   manifests of `data-manifests/` with only the provider base changed (`fetchProduct` `providerBase`), into
 *   `<outDir>/data/real/<id>/`; the ISMN archive, a portal order that `fetch` does not download, is copied from the
 *   replica as a user would save it. Any failed file stops the run, except H SAF cells wholly outside the twin's
 *   domain, which the replica does not hold (404, counted).
 * - `real`: writes the routed study manifest to `<outDir>/data/study.json` and checks that every routed product has
 *   a non-empty folder under `realDir`.
 *
 * @returns the notebooks' environment and the step times
 * @throws RangeError naming the mode; Error naming the product, file count and first failure when a fetch fails;
 *   Error naming each missing product folder and the fetch command (`real`).
 * @example
 * const run = await prepareDataRun({ mode: "replica", config: "tiny", root: ".", outDir: "outputs/r", dataDir: "data" });
 * // run.env.SM_STUDY_MANIFEST === "<abs>/outputs/r/data/study.json"
 */
export async function prepareDataRun(options: PrepareDataRunOptions): Promise<PreparedDataRun> {
  const mode = parseDataMode(options.mode, "prepareDataRun: options.mode");
  const log = options.log ?? (() => {});
  const seconds: Record<string, number> = {};
  if (mode === "twin") return { env: { SM_DATA: "twin" }, studyFile: null, seconds };
  const manifestDir = path.join(options.root, "data-manifests");
  const work = path.resolve(options.outDir, "data");
  // The twin run's plan (tracked study manifest), so the routed run trains, validates and evaluates on its days.
  const plan = studyPlan({ config: options.config, manifestDir, studyFile: path.join(manifestDir, "study.json") });
  const study = routedStudyManifest(plan.study, { mode, twin: plan.twin, train: plan.train, validation: plan.validation, evaluation: plan.evaluation, twinVariables: options.twinVariables });
  const studyFile = writeStudyManifest(work, study);
  const products = Array.from(new Set(Object.values(study.sources).filter((s) => s !== "twin")));
  if (mode === "real") {
    const realDir = path.resolve(options.realDir ?? path.join(options.dataDir, "real"));
    const missing = products.filter((id) => { const d = path.join(realDir, id); return !fs.existsSync(d) || fs.readdirSync(d).filter((n) => !n.startsWith(".")).length === 0; });
    if (missing.length) {
      throw new Error(`no fetched files for ${missing.map((id) => `'${id}' (${path.join(realDir, id)})`).join(", ")}; fetch them first, e.g. npx sm-downscale fetch --manifest data-manifests/${missing[0]}.json --from ${study.period.start} --to ${study.period.end} --out ${path.join(realDir, missing[0])}`);
    }
    log(`real data: ${products.length} products from ${realDir}; study manifest ${studyFile}`);
    return { env: { SM_DATA: "real", SM_STUDY_MANIFEST: studyFile, SM_REAL_DIR: realDir }, studyFile, seconds };
  }
  const replicaDir = path.join(work, "replica");
  const realDir = path.join(work, "real");
  const twin = openTwin(plan.twin, { dataDir: options.dataDir, onProgress: (m) => log(`twin: ${m}`) });
  const { start, end } = plan.twin.period;
  let t0 = Date.now();
  for (const id of REPLICA_PRODUCTS) {
    // One marker per product, written after it: a second run (or one after a failure) exports only what is missing.
    const stamp = JSON.stringify({ twin: twin.name, from: start, to: end, product: id });
    const mark = path.join(replicaDir, `.replica-export-${id}.json`);
    if (fs.existsSync(mark) && fs.readFileSync(mark, "utf8") === stamp) { log(`replica: ${id} already exported in ${replicaDir}`); continue; }
    fs.rmSync(mark, { force: true });
    fs.rmSync(path.join(realDir, id), { recursive: true, force: true }); // files fetched from an older export
    await exportReplica({
      twin, outDir: replicaDir, manifestDir, from: start, to: end, products: [id],
      onProduct: (p, files, s) => log(`replica: exported ${p}: ${files.length} files, ${s.toFixed(1)} s`),
    });
    writeFileAtomic(mark, stamp);
  }
  seconds.export = (Date.now() - t0) / 1000;
  const login = { username: "replica", password: "replica", token: "replica-token" };
  const netrc = path.join(work, "netrc");
  writeFileAtomic(netrc, `machine urs.earthdata.nasa.gov login ${login.username} password ${login.password}\n`);
  fs.chmodSync(netrc, 0o600);
  const server = await serveReplica({ dir: replicaDir, port: 0, login });
  t0 = Date.now();
  try {
    log(`replica: serving ${replicaDir} at ${server.url}`);
    for (const id of REPLICA_PRODUCTS) { // every product, also those kept on the twin by twinVariables: the path is exercised
      const manifest = loadProductManifest(path.join(manifestDir, `${id}.json`));
      const outDir = path.join(realDir, id);
      if (manifest.access.protocol === "portal") {
        // A portal order (ISMN): downloaded by hand from the provider's web page; copied from the replica likewise.
        const dir = replicaPath(replicaDir, manifest.files.urlTemplate);
        fs.mkdirSync(outDir, { recursive: true });
        const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith(".zip")) : [];
        if (!names.length) throw new Error(`replica: no ${manifest.files.nameTemplate} archive of ${id} in ${dir}`);
        for (const n of names) fs.copyFileSync(path.join(dir, n), path.join(outDir, n));
        log(`fetch ${id}: ${names.length} archive(s) copied (a portal order; fetch does not download those)`);
        continue;
      }
      const static_ = manifest.files.cadence.unit === "static";
      const s = await fetchProduct(manifest, {
        outDir, ...(static_ ? {} : { from: start, to: end }), providerBase: server.url, netrcPath: netrc,
        env: { ...process.env, SM_PROVIDER_BASE: server.url }, concurrency: 4, retries: 2, retryDelayMs: 200,
      });
      // The manifest lists H SAF's 5° cells over all of East Asia; the replica holds those the twin's domain touches
      // (a cell elsewhere is a 404 there, as an open-sea cell is at H SAF). Any other failure stops the run.
      const away = s.results.filter((r) => r.status === "failed" && /HTTP 404/.test(r.message) && cellOutside(r.name, study.domain));
      const failed = s.results.filter((r) => r.status === "failed" && !away.includes(r));
      log(`fetch ${id}: ${s.fetched} fetched, ${s.skipped} already there, ${failed.length} failed, ${(s.bytes / 1e6).toFixed(1)} MB${away.length ? `; ${away.length} cells outside the twin's domain not in the replica (404)` : ""}`);
      if (failed.length) {
        throw new Error(`fetch ${id} from the replica: ${failed.length} of ${s.results.length} files failed (first: ${failed[0].name}: ${failed[0].message})`);
      }
    }
  } finally {
    await server.close();
  }
  seconds.fetch = (Date.now() - t0) / 1000;
  log(`replica: ${server.stats.files} files served (${(server.stats.bytes / 1e6).toFixed(1)} MB), ${server.stats.loginRedirects} login redirect(s); export ${seconds.export.toFixed(1)} s, fetch ${seconds.fetch.toFixed(1)} s`);
  return { env: { SM_DATA: "replica", SM_STUDY_MANIFEST: studyFile, SM_REAL_DIR: realDir }, studyFile, seconds };
}

