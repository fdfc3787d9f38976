import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadStudyManifest } from "../../src/manifests/loadStudyManifest";
import { parseDataMode, parseTwinVariables, routedStudyManifest, writeStudyManifest, PRODUCT_ROUTES, DATA_MODES } from "../../src/workbook/studyRouting";
import { studyPlan } from "../../src/workbook/studyPlan";
import { workbookContext } from "../../src/workbook/workbookConfig";
import { openRoutedSource } from "../../src/sources/openRoutedSource";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import type { TwinSource } from "../../src/twin/TwinSource";

const manifestDir = path.join(process.cwd(), "data-manifests");
const tracked = path.join(manifestDir, "study.json");

describe("data modes (--data, SM_DATA)", () => {
  test("twin, replica and real are accepted; anything else is refused naming the option and the value", () => {
    expect(DATA_MODES).toEqual(["twin", "replica", "real"]);
    for (const m of DATA_MODES) expect(parseDataMode(m, "--data")).toBe(m);
    expect(() => parseDataMode("Replica", "--data")).toThrow("--data must be one of twin, replica, real, got 'Replica'");
    expect(() => parseDataMode(undefined, "SM_DATA (environment)")).toThrow("SM_DATA (environment) must be one of twin, replica, real, got 'undefined'");
  });

  test("workbookContext reads SM_DATA (default twin) and SM_REAL_DIR (default <dataDir>/real)", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "ctx-"));
    try {
      const a = workbookContext({ root, env: { SM_DATA_DIR: "d" } });
      expect(a.data).toBe("twin");
      expect(a.realDir).toBe(path.join(root, "d", "real"));
      const b = workbookContext({ root, env: { SM_DATA: "replica", SM_REAL_DIR: "x/real" } });
      expect([b.data, b.realDir]).toEqual(["replica", path.join(root, "x/real")]);
      expect(() => workbookContext({ root, env: { SM_DATA: "satellite" } })).toThrow("SM_DATA (environment) must be one of twin, replica, real, got 'satellite'");
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("routedStudyManifest: the study of a product-routed run, without editing data-manifests/study.json", () => {
  const plan = studyPlan({ config: "tiny", manifestDir, studyFile: tracked });
  const opts = { twin: plan.twin, train: plan.train, validation: plan.validation, evaluation: plan.evaluation };
  const routed = routedStudyManifest(plan.study, { mode: "replica", ...opts });

  test("every variable with a product goes to it; truth_sm, soil and precip stay on the twin", () => {
    expect(routed.sources).toEqual({
      gldas_sm: "gldas-noah025-3h-v2.1", amsr2_sm: "amsr2-lprm-l3", ascat_sm: "hsaf-ascat-cdr", lst: "mod11a2", ndvi: "mod13a2",
      landcover: "mcd12q1", dem: "srtm", stations: "ismn", truth_sm: "twin", soil: "twin", precip: "twin",
    });
    expect(Object.keys(PRODUCT_ROUTES).every((v) => fs.existsSync(path.join(manifestDir, `${(PRODUCT_ROUTES as Record<string, string>)[v]}.json`)))).toBe(true);
    expect(routedStudyManifest(plan.study, { mode: "twin", ...opts })).toBe(plan.study);
  });

  test("its grids are the twin configuration's (tiny: 8 × 6 cells at 126.5–128.5 E, 35.5–37 N; window 127–128 E, 36–37 N)", () => {
    expect([routed.domain.west, routed.domain.south, routed.domain.east, routed.domain.north]).toEqual([126.5, 35.5, 128.5, 37]);
    expect([routed.applicationWindow.west, routed.applicationWindow.south, routed.applicationWindow.east, routed.applicationWindow.north]).toEqual([127, 36, 128, 37]);
    expect(routed.period).toEqual({ start: "2014-11-01", end: "2015-05-31" });
    // the stations kept are exactly those of Table 2 inside the window
    const inside = plan.study.stations.filter((s) => s.lon >= 127 && s.lon <= 128 && s.lat >= 36 && s.lat <= 37).map((s) => s.name);
    expect(routed.stations.map((s) => s.name)).toEqual(inside);
    expect(inside.length).toBeGreaterThan(0);
    expect(inside.length).toBeLessThan(plan.study.stations.length);
  });

  test("written to a run folder, it gives studyPlan the twin run's dates and points, and opens a routed source on the twin's grids", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "routed-"));
    try {
      const file = writeStudyManifest(dir, routed);
      expect(file).toBe(path.join(dir, "study.json"));
      const again = studyPlan({ config: "tiny", manifestDir, studyFile: file });
      expect([again.train, again.validation, again.evaluation, again.points]).toEqual([plan.train, plan.validation, plan.evaluation, plan.points]);
      expect(again.study.sources.lst).toBe("mod11a2");
      // the same through the environment the runner sets
      const before = process.env.SM_STUDY_MANIFEST;
      process.env.SM_STUDY_MANIFEST = file;
      try {
        expect(studyPlan({ config: "tiny" }).study.sources.gldas_sm).toBe("gldas-noah025-3h-v2.1");
        expect(studyPlan({ config: "tiny", manifestDir }).study.sources.gldas_sm).toBe("twin"); // a named folder wins
      } finally {
        if (before === undefined) delete process.env.SM_STUDY_MANIFEST; else process.env.SM_STUDY_MANIFEST = before;
      }
      // the tracked file is untouched: all twin
      expect(Object.values(loadStudyManifest(tracked).sources).every((s) => s === "twin")).toBe(true);
      // a study file away from data-manifests/ resolves its products there only when told so
      expect(() => loadStudyManifest(file)).toThrow(/sources\.gldas_sm/);
      expect(loadStudyManifest(file, { manifestDir }).sources.dem).toBe("srtm");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the routed source serves the twin's truth_sm only when told the files are the twin's own (replica)", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "routed-twin-"));
    try {
      // openRoutedSource needs of the twin only its grids until a layer is asked for
      const twin = { name: "twin:fake", variables: ["truth_sm", "soil", "precip"], coarseGrid: new LatLonGrid(plan.twin.coarse), fineGrid: new LatLonGrid(plan.twin.window.fine), getLayer: () => Promise.reject(new Error("not read")) } as unknown as TwinSource;
      const replica = openRoutedSource(routed, { manifestDir, dataDir, openTwin: () => twin, twinTruth: true });
      const real = openRoutedSource(routed, { manifestDir, dataDir, openTwin: () => twin });
      expect(replica.variables).toContain("truth_sm");
      expect(replica.routes.truth_sm).toBe(twin);
      expect(replica.routes.lst).not.toBe(twin);
      expect(replica.limitations.join("\n")).toMatch(/truth_sm: served by the twin/);
      expect(real.variables).not.toContain("truth_sm");
      expect(real.limitations.join("\n")).toMatch(/truth_sm: not served/);
      expect(replica.coarseGrid.equals(twin.coarseGrid) && replica.fineGrid.equals(twin.fineGrid)).toBe(true);
      expect(() => openRoutedSource(routed, { manifestDir, dataDir, openTwin: () => twin, twinTruth: "yes" as never })).toThrow("openRoutedSource: options.twinTruth must be true or false");
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test("twinVariables keep named product variables on the twin (--twin-vars, SM_TWIN_VARS)", () => {
    const mixed = routedStudyManifest(plan.study, { mode: "replica", ...opts, twinVariables: ["landcover", "dem"] });
    expect([mixed.sources.landcover, mixed.sources.dem, mixed.sources.lst, mixed.sources.stations]).toEqual(["twin", "twin", "mod11a2", "ismn"]);
    expect(() => routedStudyManifest(plan.study, { mode: "replica", ...opts, twinVariables: ["soil"] })).toThrow("routedStudyManifest: twinVariables names 'soil', not one of the product-routed variables");
    expect(parseTwinVariables(" landcover, dem,dem ", "--twin-vars")).toEqual(["landcover", "dem"]);
    expect(parseTwinVariables(undefined, "--twin-vars")).toEqual([]);
    expect(() => parseTwinVariables("dem,truth_sm", "--twin-vars")).toThrow("--twin-vars must list product-routed variables (gldas_sm, amsr2_sm, ascat_sm, lst, ndvi, landcover, dem, stations), got 'dem,truth_sm'");
    expect(() => parseTwinVariables(",", "SM_TWIN_VARS (environment)")).toThrow(/^SM_TWIN_VARS \(environment\) must list/);
  });

  test("the real mode routes the same way; a window without stations is refused by the study validation", () => {
    const real = routedStudyManifest(plan.study, { mode: "real", ...opts });
    expect(real.sources).toEqual(routed.sources);
    const far = { ...plan.twin, window: { ...plan.twin.window, fine: { ...plan.twin.window.fine, west: 126.5, north: 35.75, width: 25, height: 25 } } };
    expect(() => routedStudyManifest(plan.study, { mode: "real", ...opts, twin: far })).toThrow(/stations/);
  });
});
