import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { loadStudyManifest } from "../../src/manifests/loadStudyManifest";
import { openRoutedSource, studyGrid } from "../../src/sources/openRoutedSource";
import { RoutedSource } from "../../src/sources/RoutedSource";
import { readStationRecords } from "../../src/sources/readStationRecords";
import { layerCube } from "../../src/sources/layerCube";
import { pointSeries } from "../../src/sources/pointSeries";
import { studyPlan } from "../../src/workbook/studyPlan";
import { openStudySource } from "../../src/workbook/openStudySource";
import { workbookContext } from "../../src/workbook/workbookConfig";

const root = process.cwd();
const fx = (...p: string[]) => path.join(root, "test/fixtures", ...p);
const GLDAS = "gldas-noah025-3h-v2.1";
const JAXA = "amsr2-jaxa-l3-smc";

let tmp = "";
let manifestDir = "";
let dataDir = "";

/** A manifest folder holding a copy of study.json with `changes` applied to it, and the product manifests. */
function writeStudy(changes: (s: Record<string, unknown> & { sources: Record<string, string> }) => void): string {
  const study = JSON.parse(fs.readFileSync(path.join(root, "data-manifests/study.json"), "utf8"));
  changes(study);
  fs.writeFileSync(path.join(manifestDir, "study.json"), JSON.stringify(study, null, 1));
  return path.join(manifestDir, "study.json");
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sm-routed-"));
  manifestDir = path.join(tmp, "manifests");
  dataDir = path.join(tmp, "data");
  fs.mkdirSync(manifestDir);
  for (const f of fs.readdirSync(path.join(root, "data-manifests")).filter((n) => n.endsWith(".json") && n !== "study.json")) {
    fs.copyFileSync(path.join(root, "data-manifests", f), path.join(manifestDir, f));
  }
  const put = (id: string, file: string) => {
    fs.mkdirSync(path.join(dataDir, "real", id), { recursive: true });
    fs.symlinkSync(file, path.join(dataDir, "real", id, path.basename(file)));
  };
  put(GLDAS, fx("gldas", "GLDAS_NOAH025_3H.A20160101.0300.021.nc4"));
  for (const f of fs.readdirSync(fx("amsr2")).filter((n) => n.startsWith("GW1AM2_"))) put(JAXA, fx("amsr2", f));
  put("ismn", fx("ismn", "COSMOS_COSMOS_ARM-1_sm_0.000000_0.190000_Cosmic-ray-Probe_20170810_20180809.stm"));
  put("ismn", fx("ismn", "COSMOS_COSMOS_ARM-1_static_variables.csv"));
});
afterAll(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

/** The tiny twin's domain and window, so that twin-served and real variables share the grids. */
const tinyDomain = (s: Record<string, unknown>) => {
  s.domain = { west: 126.5, south: 35.5, east: 128.5, north: 37 };
  s.applicationWindow = { west: 127, south: 36, east: 128, north: 37 };
  s.stations = (s.stations as Array<{ lat: number; lon: number }>).filter((x) => x.lat > 36 && x.lat < 37 && x.lon > 127 && x.lon < 128);
};

describe("openStudySource on a study manifest routing variables to products", () => {
  test("gldas_sm and amsr2_sm from real files, the rest from the twin; layer() refuses real variables by name; gap filling on real AMSR2", async () => {
    writeStudy((s) => { tinyDomain(s); s.sources.gldas_sm = GLDAS; s.sources.amsr2_sm = JAXA; s.sources.stations = "ismn"; });
    const plan = studyPlan({ config: "tiny", manifestDir });
    const ctx = workbookContext({ env: { SM_CONFIG: "tiny", SM_DATA_DIR: dataDir, SM_OUTPUT_DIR: path.join(tmp, "out") } });
    const data = openStudySource(plan, ctx, { manifestDir });
    expect(data.raw).toBeInstanceOf(RoutedSource);
    expect(data.coarse.toJSON()).toMatchObject({ west: 126.5, north: 37, cellSize: 0.25, width: 8, height: 6 });
    expect(data.fine.toJSON()).toMatchObject({ west: 127, north: 37, cellSize: 0.01, width: 100, height: 100 });
    const raw = data.raw as RoutedSource;
    expect(raw.name).toContain("gldas_sm+amsr2_sm: products:gldas_sm=gldas-noah025-3h-v2.1,amsr2_sm=amsr2-jaxa-l3-smc");
    // a real variable through getLayer: GLDAS at 36.875 N 126.625 E (row 0, col 0) — checked against readGldas' cropping below
    const gl = await data.raw.getLayer({ variable: "gldas_sm", grid: data.coarse, date: "2016-01-01" }).catch((e: Error) => e);
    expect((gl as Error).message).toContain(path.join(dataDir, "real", GLDAS, "GLDAS_NOAH025_3H.A20160101.0000.021.nc4"));
    // layer() works for twin variables and names itself for real ones
    expect(data.raw.layer({ variable: "dem", grid: data.coarse, date: "2015-05-01" }).values.length).toBe(48);
    expect(() => data.raw.layer({ variable: "amsr2_sm", grid: data.coarse, date: "2015-04-01" }))
      .toThrow(/^layer\(\): amsr2_sm is served by products:.* from real files, which are read asynchronously; use `await source.getLayer/);
    // clearSky stays with the twin's lst; getCube/getSeries come from each variable's source (a promise for products, sync for the twin)
    expect(typeof raw.clearSky).toBe("function");
    const amsrRun = raw.getCube({ variable: "amsr2_sm", grid: data.coarse, start: "2015-04-01", end: "2015-04-02" });
    expect(amsrRun).toBeInstanceOf(Promise);
    expect((await amsrRun).dates).toEqual(["2015-04-01", "2015-04-02"]);
    const demRun = raw.getCube({ variable: "dem", grid: data.coarse, start: "2015-05-01", end: "2015-05-01" });
    expect(demRun).not.toBeInstanceOf(Promise);
    expect(Array.from((demRun as { values: Float32Array }).values)).toEqual(Array.from(data.raw.layer({ variable: "dem", grid: data.coarse, date: "2015-05-01" }).values));
    expect(raw.limitations.join("\n")).not.toMatch(/getCube/);
    // the twin's truth is not offered next to real inputs
    expect(raw.variables).not.toContain("truth_sm");
    expect(raw.limitations.join("\n")).toContain("truth_sm: not served — the twin's 1 km truth belongs to the twin's inputs, and gldas_sm, amsr2_sm come from real files");
    await expect(data.prepared.getLayer({ variable: "truth_sm", grid: data.fine, date: "2015-05-01" })).rejects.toThrow("no source serves 'truth_sm'");
    // AMSR2: raw day 2 vs day 1, and the prepared (gap-filled) day 2: every raw gap with a day-1 value is filled with it
    const d1 = (await data.raw.getLayer({ variable: "amsr2_sm", grid: data.coarse, date: "2015-04-01" })).values;
    const d2 = await data.raw.getLayer({ variable: "amsr2_sm", grid: data.coarse, date: "2015-04-02" });
    const p2 = await data.prepared.getLayer({ variable: "amsr2_sm", grid: data.coarse, date: "2015-04-02" });
    let fillable = 0;
    for (let i = 0; i < 48; i++) {
      if (d2.values[i] === d2.values[i]) expect(p2.values[i]).toBe(d2.values[i]);
      else if (d1[i] === d1[i]) { fillable++; expect(p2.values[i]).toBe(d1[i]); }
      else expect(p2.values[i]).toBeNaN();
    }
    expect(fillable).toBeGreaterThan(0);
    expect(p2.counts.gapFilled).toBe(fillable);
    // the run helpers use the bulk methods through the gap filling (a promise over products) and give getLayer's values
    expect(typeof (data.prepared as unknown as { getCube?: unknown }).getCube).toBe("function");
    const cube = await layerCube(data.prepared, { variable: "amsr2_sm", grid: data.coarse, dates: ["2015-04-01", "2015-04-02"] });
    expect(Array.from(cube.values.subarray(48))).toEqual(Array.from(p2.values));
    expect(Array.from(cube.values.subarray(0, 48))).toEqual(Array.from((await data.prepared.getLayer({ variable: "amsr2_sm", grid: data.coarse, date: "2015-04-01" })).values));
    const series = await pointSeries(data.prepared, { variable: "amsr2_sm", grid: data.coarse, cells: [0, 47], dates: ["2015-04-02"] });
    expect(Array.from(series)).toEqual([p2.values[0], p2.values[47]]);
    // stations from the ISMN folder: the one ISMN station (Oklahoma) is outside the Korean window
    expect(raw.stationSeries()).toEqual([]);
    expect(raw.applicationDates()[0]).toBe("2015-05-01");
    expect(raw.applicationDates()).toHaveLength(153);
  }, 120_000);

  test("routing twin variables together with real ones on a twin of other grids is refused, naming both", () => {
    writeStudy((s) => { s.sources.gldas_sm = GLDAS; });
    const plan = studyPlan({ config: "tiny", manifestDir });
    const ctx = workbookContext({ env: { SM_CONFIG: "tiny", SM_DATA_DIR: dataDir, SM_OUTPUT_DIR: path.join(tmp, "out") } });
    expect(() => openStudySource(plan, ctx, { manifestDir })).toThrow(/come from the twin, whose grids \(w126\.5_n37_d0\.25_8x6, .*\) differ from the study's \(w100_n54_d0\.25_184x144, w124\.5_n39_d0\.01_550x600\)/);
  }, 120_000);

  test("a variable routed to a product that serves another variable, or one only the twin has, is refused", () => {
    const fakeTwin = () => { throw new Error("twin must not be opened"); };
    // the manifest loader refuses it, naming the field …
    let file = writeStudy((s) => { s.sources.lst = GLDAS; });
    expect(() => loadStudyManifest(file)).toThrow("sources.lst must be a product whose variables serve lst (gldas-noah025-3h-v2.1 serves gldas_sm)");
    // … and so does openRoutedSource for a manifest object that did not go through the loader
    const study = loadStudyManifest(writeStudy(() => undefined));
    const routed = (key: string, id: string) => ({ ...study, sources: { ...study.sources, [key]: id } });
    expect(() => openRoutedSource(routed("lst", GLDAS), { manifestDir, dataDir, openTwin: fakeTwin }))
      .toThrow("study manifest: sources.lst is 'gldas-noah025-3h-v2.1', but product gldas-noah025-3h-v2.1 serves 'gldas_sm', not 'lst'");
    expect(() => openRoutedSource(routed("stations", GLDAS), { manifestDir, dataDir, openTwin: fakeTwin }))
      .toThrow("study manifest: sources.stations is 'gldas-noah025-3h-v2.1', but product gldas-noah025-3h-v2.1 serves 'gldas_sm', not 'stations'");
    expect(() => openRoutedSource(routed("truth_sm", GLDAS), { manifestDir, dataDir, openTwin: fakeTwin })).toThrow("serves 'gldas_sm', not 'truth_sm'");
    expect(() => openRoutedSource(routed("ndvi", "no-such-product"), { manifestDir, dataDir, openTwin: fakeTwin })).toThrow("no-such-product.json");
  });
});

describe("readStationRecords (ISMN folder → the twin's station records)", () => {
  test("COSMOS ARM-1: daily mean of the G-flagged values (awk: 2017-08-10 → 24 values, 0.212791667)", () => {
    const dir = path.join(dataDir, "real", "ismn");
    const fine = new LatLonGrid({ west: -98, north: 37, cellSize: 0.01, width: 100, height: 100 });
    const r = readStationRecords(dir, { fine, dates: ["2017-08-09", "2017-08-10", "2017-08-11"] });
    expect(r.counts).toMatchObject({ files: 1, series: 1, stations: 1, outside: 0 });
    const rec = r.records[0];
    expect(rec.station).toMatchObject({ id: "s1", name: "ARM-1", lat: 36.6054, lon: -97.4878, alt: 322 });
    expect(rec.fineIndex).toBe(fine.indexOf(-97.4878, 36.6054));
    expect(rec.sm[0]).toBeNaN(); // before the record
    expect(rec.sm[1]).toBeCloseTo(0.212791667, 6);
    expect(Number.isNaN(rec.precip[1])).toBe(true); // no precipitation series
    // outside the grid: counted, not returned
    const away = readStationRecords(dir, { fine: studyGrid({ west: 124.5, south: 33, east: 130, north: 39 }, 0.01), dates: ["2017-08-10"] });
    expect(away.records).toEqual([]);
    expect(away.counts.outside).toBe(1);
    expect(() => readStationRecords(path.join(dataDir, "nothing"), { fine, dates: ["2017-08-10"] })).toThrow("station folder");
  });

  test("station CSV (project schema): a Table 2 name takes the study's letter; the sensor nearest 10 cm; % → m³ m⁻³; precipitation summed per day", () => {
    const dir = path.join(tmp, "rda");
    fs.mkdirSync(dir, { recursive: true });
    const rows = [
      "network,station,lat,lon,elevation_m,variable,units,time,value,depth_from_m,depth_to_m,sensor",
      // 10 cm TDR: 2015-05-01 → (20 + 22 + 24) / 3 % = 0.22; 2015-05-02 → 30 % = 0.30
      "RDA,Andong,36.538,128.805,112,soil_moisture,%,2015-05-01T00:00Z,20,0.1,0.1,TDR",
      "RDA,Andong,36.538,128.805,112,soil_moisture,%,2015-05-01T08:00Z,22,0.1,0.1,TDR",
      "RDA,Andong,36.538,128.805,112,soil_moisture,%,2015-05-01T16:00Z,24,0.1,0.1,TDR",
      "RDA,Andong,36.538,128.805,112,soil_moisture,%,2015-05-02T00:00Z,30,0.1,0.1,TDR",
      // a 30 cm sensor at the same station: not the one compared with 0–10 cm
      "RDA,Andong,36.538,128.805,112,soil_moisture,%,2015-05-01T00:00Z,40,0.3,0.3,TDR",
      // precipitation: 2015-05-01 → 1.5 + 2.5 = 4 mm; 2015-05-02 → 0 mm
      "RDA,Andong,36.538,128.805,112,precipitation,mm,2015-05-01T03:00Z,1.5,,,gauge",
      "RDA,Andong,36.538,128.805,112,precipitation,mm,2015-05-01T04:00Z,2.5,,,gauge",
      "RDA,Andong,36.538,128.805,112,precipitation,mm,2015-05-02T04:00Z,0,,,gauge",
    ];
    fs.writeFileSync(path.join(dir, "rda.csv"), rows.join("\n") + "\n");
    const study = loadStudyManifest(path.join(root, "data-manifests/study.json"));
    const fine = studyGrid(study.applicationWindow, 0.01);
    const r = readStationRecords(dir, { fine, dates: ["2015-05-01", "2015-05-02", "2015-05-03"], studyStations: study.stations });
    expect(r.counts).toMatchObject({ files: 1, stations: 1, outside: 0 });
    const rec = r.records[0];
    expect(rec.station).toMatchObject({ id: "a", name: "Andong", landCover1km: "Crop", landCover25km: "Forest" });
    expect(rec.fineIndex).toBe(fine.indexOf(128.805, 36.538));
    expect(rec.sm[0]).toBeCloseTo(0.22, 6);
    expect(rec.sm[1]).toBeCloseTo(0.30, 6);
    expect(rec.sm[2]).toBeNaN();
    expect(rec.precip[0]).toBeCloseTo(4, 6);
    expect(rec.precip[1]).toBe(0);
    expect(rec.precip[2]).toBeNaN();
  });
});
