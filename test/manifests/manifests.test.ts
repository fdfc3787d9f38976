import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  ManifestError, checkSchema, expandFileList, loadProductManifest, loadStudyManifest, loadTwinManifest,
  validateProductManifest, validateStudyManifest, validateTwinManifest,
} from "../../src/manifests";
import type { ProductManifest, Schema } from "../../src/manifests";
import { twinConfig } from "../../src/twin/twinConfig";

const dir = path.join(process.cwd(), "data-manifests");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
const read = (name: string): any => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));

function errorOf(fn: () => unknown): ManifestError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ManifestError) return e;
    throw e;
  }
  throw new Error("expected a ManifestError");
}

describe("committed manifests", () => {
  test("the expected product manifests, study and twin are there", () => {
    expect(files).toEqual(expect.arrayContaining([
      "gldas-noah025-3h-v2.1.json", "amsr2-jaxa-l3-smc.json", "amsr2-lprm-l3.json", "eumetsat-somo25.json",
      "mod11a2.json", "mod13a2.json", "mcd12q1.json", "srtm.json", "ismn.json", "study.json", "twin.json",
    ]));
  });

  test.each(files)("%s validates with its loader", (name) => {
    const file = path.join("data-manifests", name);
    const kind = read(name).kind;
    if (kind === "product") expect(loadProductManifest(file).id).toBe(name.replace(/\.json$/, ""));
    else if (kind === "study") expect(loadStudyManifest(file).stations).toHaveLength(14);
    else if (kind === "twin") expect(loadTwinManifest(file).seed).toBeGreaterThanOrEqual(0);
    else throw new Error(`${name}: unknown kind ${kind}`);
  });

  test("the study holds Table 2 and the paper's split, all sources twin by default", () => {
    const s = loadStudyManifest("data-manifests/study.json");
    const hwacheon = s.stations.find((x) => x.name === "Hwacheon")!;
    expect([hwacheon.id, hwacheon.lat, hwacheon.lon, hwacheon.altitude]).toEqual(["g", 38.114, 127.708, 176]);
    expect(s.stations.map((x) => x.id).join("")).toBe("abcdefghijklmn");
    expect(s.stations.filter((x) => x.landCover1km === "Forest").map((x) => x.name)).toEqual(["Gyeryong"]);
    expect(s.split.train).toMatchObject({ start: "2013-01-01", end: "2014-12-31" });
    expect(s.split.validation).toMatchObject({ start: "2015-01-01", end: "2015-12-31" });
    expect(s.evaluation).toMatchObject({ start: "2015-05-01", end: "2015-09-30", days: 153 });
    expect(new Set(Object.values(s.sources))).toEqual(new Set(["twin"]));
  });

  test("the twin manifest's fine grid lies inside its coarse grid on coarse cell edges", () => {
    const t = loadTwinManifest("data-manifests/twin.json");
    const { coarse, fine } = t.grids;
    const east = (g: typeof fine) => g.west + g.width * g.cellSize;
    const south = (g: typeof fine) => g.north - g.height * g.cellSize;
    expect(fine.west).toBeGreaterThanOrEqual(coarse.west);
    expect(east(fine)).toBeLessThanOrEqual(east(coarse) + 1e-9);
    expect(south(fine)).toBeGreaterThanOrEqual(south(coarse) - 1e-9);
    const r = (fine.west - coarse.west) / coarse.cellSize;
    expect(Math.abs(r - Math.round(r))).toBeLessThan(1e-9);
  });

  test("known-file checksums match the real files (fixtures hashed here with node:crypto, manifests by sha256sum)", () => {
    const all = files.map(read).filter((m) => m.kind === "product") as ProductManifest[];
    const known = new Map(all.flatMap((m) => m.knownFiles.map((k) => [k.name, k] as const)));
    for (const name of ["MCD12Q1-061-QC-lookup.csv", "COSMOS_COSMOS_ARM-1_static_variables.csv"]) {
      const bytes = fs.readFileSync(path.join(process.cwd(), "test/fixtures/manifests", name));
      const entry = known.get(name)!;
      expect(entry).toBeDefined();
      expect(bytes.length).toBe(entry.size);
      expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(entry.sha256);
    }
  });
});

describe("broken manifests fail with the file, the field path and the bad value", () => {
  test("product: a scale given as a string", () => {
    const m = read("mod11a2.json");
    m.variables[0].scale = "0.02";
    const e = errorOf(() => validateProductManifest(m, { file: "data-manifests/mod11a2.json" }));
    expect(e.message).toBe('data-manifests/mod11a2.json: variables[0].scale must be a number, got "0.02"');
    expect(e.issues[0].path).toBe("variables[0].scale");
  });

  test("product: an unknown template token and an hourly template without {hh}", () => {
    const m = read("gldas-noah025-3h-v2.1.json");
    m.files.urlTemplate = m.files.urlTemplate.replace("{doy}", "{jday}");
    m.files.nameTemplate = "GLDAS_NOAH025_3H.A{yyyymmdd}.021.nc4";
    const e = errorOf(() => validateProductManifest(m, { file: "g.json" }));
    expect(e.message).toMatch(/^g\.json: files\.urlTemplate must be .*unknown token \{jday\}, got "https:/m);
    expect(e.message).toMatch(/^g\.json: files\.nameTemplate must be a template with \{hh\} \(files\.cadence\.unit is hour\)/m);
  });

  test("product: a bad checksum, an unknown field and a missing field", () => {
    const m = read("amsr2-lprm-l3.json");
    m.knownFiles[0].sha256 = "XYZ";
    m.access.password = "secret";
    delete m.licence;
    const e = errorOf(() => validateProductManifest(m, { file: "a.json" }));
    const paths = e.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["knownFiles[0].sha256", "access.password", "licence"]));
    expect(e.message).toContain('a.json: knownFiles[0].sha256 must be a string matching 64 lowercase hex digits, got "XYZ"');
    expect(e.message).toContain("a.json: licence must be a non-empty string, got nothing (field missing)");
  });

  test("product: the id must equal the file name", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "manifest-"));
    const m = read("srtm.json");
    fs.writeFileSync(path.join(tmp, "dem.json"), JSON.stringify(m));
    const e = errorOf(() => loadProductManifest(path.join(tmp, "dem.json")));
    expect(e.message).toMatch(/dem\.json: id must be the file name without \.json \("dem"\), got "srtm"$/);
  });

  test("study: a latitude written with a decimal comma", () => {
    const m = read("study.json");
    m.stations[3].lat = "36,5";
    const e = errorOf(() => validateStudyManifest(m, { file: "data-manifests/x.json" }));
    expect(e.message).toBe('data-manifests/x.json: stations[3].lat must be a number in [-90, 90], got "36,5"');
  });

  test("study: dates out of order, a wrong day count, a station outside the window", () => {
    const m = read("study.json");
    m.evaluation.days = 150;
    m.split.validation.start = "2014-06-01";
    m.stations[0].lon = 131.2;
    const e = errorOf(() => validateStudyManifest(m, { file: "s.json" }));
    expect(e.message).toContain("s.json: evaluation.days must be 153 (the days from 2015-05-01 to 2015-09-30), got 150");
    expect(e.message).toContain("s.json: split.validation.start must be after split.train.end (2014-12-31)");
    expect(e.message).toContain("s.json: stations[0].lon must be inside applicationWindow (124.5 to 130), got 131.2");
  });

  test("study: a source naming a missing product, or one that does not serve the variable", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "study-"));
    for (const f of ["twin.json", "srtm.json"]) fs.copyFileSync(path.join(dir, f), path.join(tmp, f));
    const m = read("study.json");
    m.sources.gldas_sm = "gldas-v9";
    m.sources.lst = "srtm";
    m.sources.dem = "srtm";
    fs.writeFileSync(path.join(tmp, "study.json"), JSON.stringify(m));
    const e = errorOf(() => loadStudyManifest(path.join(tmp, "study.json")));
    expect(e.issues.map((i) => i.path)).toEqual(["sources.gldas_sm", "sources.lst"]);
    expect(e.message).toContain('sources.lst must be a product whose variables serve lst (srtm serves dem), got "srtm"');
  });

  test("twin: a negative cell size and a grid running past the south pole", () => {
    const m = read("twin.json");
    m.grids.fine.cellSize = -0.01;
    const e = errorOf(() => validateTwinManifest(m, { file: "data-manifests/twin.json" }));
    expect(e.message).toBe("data-manifests/twin.json: grids.fine.cellSize must be a number in (0, 90], got -0.01");
    const m2 = read("twin.json");
    m2.grids.coarse.height = 1000;
    expect(errorOf(() => validateTwinManifest(m2, { file: "t.json" })).message)
      .toBe("t.json: grids.coarse.height must be at most 576 rows (the grid would end south of -90), got 1000");
  });

  test("unreadable and non-JSON files are named", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bad-"));
    fs.writeFileSync(path.join(tmp, "twin.json"), "{ kind: twin }");
    expect(errorOf(() => loadTwinManifest(path.join(tmp, "twin.json"))).message).toMatch(/twin\.json: not valid JSON/);
    expect(errorOf(() => loadTwinManifest(path.join(tmp, "nope.json"))).message).toMatch(/nope\.json: cannot read the manifest \(ENOENT\)/);
  });
});

describe("checkSchema", () => {
  test("example of the TSDoc", () => {
    const s: Schema = { type: "object", properties: { lat: { type: "number", min: -90, max: 90 } } };
    expect(checkSchema({ lat: "36,5" }, s)).toEqual([{ path: "lat", expected: "a number in [-90, 90]", got: "\"36,5\"" }]);
    expect(checkSchema({ lat: 36.5 }, s)).toEqual([]);
  });
  test("NaN and Infinity are not numbers; arrays are checked item by item", () => {
    const s: Schema = { type: "array", items: { type: "number", integer: true }, minItems: 1 };
    expect(checkSchema([1, 2.5, Number.NaN], s).map((i) => i.path)).toEqual(["[1]", "[2]"]);
    expect(checkSchema([], s)[0].expected).toBe("an array of at least 1 item");
  });
});

describe("expandFileList", () => {
  const gldas = loadProductManifest("data-manifests/gldas-noah025-3h-v2.1.json");
  const mod11 = loadProductManifest("data-manifests/mod11a2.json");
  const mod13 = loadProductManifest("data-manifests/mod13a2.json");

  test("GLDAS: 8 files a day at 00-21 UTC, day-of-year directories (TSDoc example)", () => {
    const list = expandFileList(gldas, { from: "2015-01-01", to: "2015-01-01" });
    expect(list.map((f) => f.name)[1]).toBe("GLDAS_NOAH025_3H.A20150101.0300.021.nc4");
    expect(list.map((f) => f.hour)).toEqual([0, 3, 6, 9, 12, 15, 18, 21]);
    const leap = expandFileList(gldas, { from: "2016-12-31", to: "2016-12-31" });
    expect(leap[7].url).toBe("https://hydro1.gesdisc.eosdis.nasa.gov/data/GLDAS/GLDAS_NOAH025_3H.2.1/2016/366/GLDAS_NOAH025_3H.A20161231.2100.021.nc4");
    expect(expandFileList(gldas, { from: "2013-01-01", to: "2015-12-31" })).toHaveLength(1095 * 8);
  });

  test("MODIS 8-day: the composites overlapping May-September 2015, per tile", () => {
    const list = expandFileList(mod11, { from: "2015-05-01", to: "2015-09-30" });
    // DOY 121 (1 May) is itself a composite start (1 + 8 * 15); 273 = 30 September is 1 + 8 * 34.
    const starts = Array.from(new Set(list.map((f) => f.date)));
    expect(starts[0]).toBe("2015-05-01");
    expect(starts[starts.length - 1]).toBe("2015-09-30");
    expect(starts).toHaveLength(20);
    expect(list).toHaveLength(40);
    expect(list[0].url).toBe("https://e4ftl01.cr.usgs.gov/MOLT/MOD11A2.061/2015.05.01/MOD11A2.A2015121.h27v05.061.*.hdf");
    expect(list.every((f) => f.needsListing)).toBe(true);
  });

  test("composites restart on 1 January; the year's last one is included when it overlaps", () => {
    const d8 = expandFileList(mod11, { from: "2015-12-25", to: "2016-01-05" }).filter((f) => f.name.includes("h28v05"));
    expect(d8.map((f) => f.date)).toEqual(["2015-12-19", "2015-12-27", "2016-01-01"]);
    const d16 = expandFileList(mod13, { from: "2015-12-25", to: "2016-01-05" }).filter((f) => f.name.includes("h28v05"));
    expect(d16.map((f) => f.name)).toEqual(["MOD13A2.A2015353.h28v05.061.*.hdf", "MOD13A2.A2016001.h28v05.061.*.hdf"]);
  });

  test("known files as distributed carry size and checksum; reduced copies do not", () => {
    const eum = loadProductManifest("data-manifests/eumetsat-somo25.json");
    expect(expandFileList(gldas, { from: "2016-01-01", to: "2016-01-01" })[1].sha256).toBeUndefined();
    const srtm = loadProductManifest("data-manifests/srtm.json");
    const tiles = expandFileList(srtm, {});
    expect(tiles.map((f) => f.name)).toEqual(["srtm_61_05.zip", "srtm_62_05.zip", "srtm_61_06.zip", "srtm_62_06.zip"]);
    expect(tiles[0].date).toBeNull();
    expect(eum.knownFiles[0].asDistributed).toBe(true);
  });

  test("yearly products list one file per year and tile", () => {
    const lc = loadProductManifest("data-manifests/mcd12q1.json");
    expect(expandFileList(lc, { from: "2013-06-01", to: "2015-01-01" }).map((f) => f.name.slice(0, 20)))
      .toEqual(["MCD12Q1.A2013001.h27", "MCD12Q1.A2013001.h28", "MCD12Q1.A2014001.h27", "MCD12Q1.A2014001.h28", "MCD12Q1.A2015001.h27", "MCD12Q1.A2015001.h28"]);
  });

  test("monthly products: one file per month overlapping the range, across a year end", () => {
    const monthly = validateProductManifest({
      ...read("gldas-noah025-3h-v2.1.json"),
      files: {
        format: "nc4", cadence: { unit: "month" }, nameTemplate: "GLDAS_NOAH10_M.A{yyyy}{mm}.021.nc4",
        urlTemplate: "https://hydro1.gesdisc.eosdis.nasa.gov/data/GLDAS/GLDAS_NOAH10_M.2.1/{yyyy}/GLDAS_NOAH10_M.A{yyyy}{mm}.021.nc4",
      },
    });
    expect(expandFileList(monthly, { from: "2012-11-15", to: "2013-02-01" }).map((f) => f.name)).toEqual([
      "GLDAS_NOAH10_M.A201211.021.nc4", "GLDAS_NOAH10_M.A201212.021.nc4", "GLDAS_NOAH10_M.A201301.021.nc4", "GLDAS_NOAH10_M.A201302.021.nc4",
    ]);
  });

  test("bad ranges are refused naming the option", () => {
    expect(() => expandFileList(gldas, { from: "2015-02-30", to: "2015-03-01" })).toThrow("expandFileList: from must be a calendar date YYYY-MM-DD, got \"2015-02-30\"");
    expect(() => expandFileList(gldas, { from: "2015-03-02", to: "2015-03-01" })).toThrow("to (2015-03-01) must be on or after from (2015-03-02)");
    expect(() => expandFileList(gldas, { from: "2015-01-01" })).toThrow(/to must be a calendar date/);
    expect(() => expandFileList(gldas, { from: "1900-01-01", to: "2100-01-01", maxFiles: 1000 })).toThrow(/more than maxFiles = 1000 files/);
  });
});

describe("twin manifest agrees with the twin's built-in configuration", () => {
  test("data-manifests/twin.json = twinConfig(config) seed and grids", () => {
    const t = loadTwinManifest("data-manifests/twin.json");
    const cfg = twinConfig(t.config as "default");
    expect(t.seed).toBe(cfg.seed);
    type Spec = { west: number; north: number; cellSize: number; width: number; height: number };
    const strip = (g: Spec) => ({ west: g.west, north: g.north, cellSize: g.cellSize, width: g.width, height: g.height });
    expect(strip(t.grids.coarse)).toEqual(strip(cfg.coarse));
    expect(strip(t.grids.fine)).toEqual(strip(cfg.window.fine));
    // The study's application window is the twin's fine grid.
    const s = loadStudyManifest("data-manifests/study.json");
    const f = t.grids.fine;
    expect(s.applicationWindow).toMatchObject({ west: f.west, north: f.north });
    expect(s.applicationWindow.east).toBeCloseTo(f.west + f.width * f.cellSize, 9);
    expect(s.applicationWindow.south).toBeCloseTo(f.north - f.height * f.cellSize, 9);
    const c = t.grids.coarse;
    expect([s.domain.west, s.domain.north, s.domain.east, s.domain.south]).toEqual([c.west, c.north, c.west + c.width * c.cellSize, c.north - c.height * c.cellSize]);
  });
});
