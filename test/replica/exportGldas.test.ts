import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadProductManifest } from "../../src/manifests/loadProductManifest";
import { gldasDailyMeans } from "../../src/products/gldas";
import { exportGldasGranules, replicaPath, replicaUrl } from "../../src/replica/index";
import { ProductSource } from "../../src/sources/ProductSource";
import { openTwin } from "../../src/twin/openTwin";
import { twinConfig } from "../../src/twin/twinConfig";

const REAL = path.join(process.cwd(), "test/fixtures/gldas/GLDAS_NOAH025_3H.A20160101.0300.021.nc4");
const hasNcdump = spawnSync("ncdump", ["--version"]).error === undefined;
const withNcdump = hasNcdump || process.env.CI === "true" ? test : test.skip;

describe("replica: GLDAS-2.1 granules from the twin, as GES DISC lays them out", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "replica-gldas-"));
  const replica = path.join(dataDir, "replica");
  const manifest = loadProductManifest(path.join(process.cwd(), "data-manifests", "gldas-noah025-3h-v2.1.json"));
  const twin = openTwin(twinConfig("tiny"), { dataDir });
  let files: string[] = [];
  beforeAll(async () => {
    files = await exportGldasGranules({ source: twin, grid: twin.coarseGrid, manifest, outDir: replica, from: "2015-05-01", to: "2015-05-01" });
  }, 120000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test("eight granules a day at the manifest's URL layout", () => {
    expect(files.map((f) => path.relative(replica, f))).toEqual(
      [0, 3, 6, 9, 12, 15, 18, 21].map((h) => `hydro1.gesdisc.eosdis.nasa.gov/data/GLDAS/GLDAS_NOAH025_3H.2.1/2015/121/GLDAS_NOAH025_3H.A20150501.${String(h).padStart(2, "0")}00.021.nc4`),
    );
    expect(replicaUrl("http://127.0.0.1:8123/", "https://hydro1.gesdisc.eosdis.nasa.gov/data/x.nc4")).toBe("http://127.0.0.1:8123/hydro1.gesdisc.eosdis.nasa.gov/data/x.nc4");
    expect(() => replicaPath(replica, "ftp://h/x")).toThrow(/is not http\(s\)/);
  });

  withNcdump("ncdump -h: the real granule's structure (dimensions, variables, types, attribute names and types)", () => {
    // each line reduced to its declaration or "variable:attribute = <type>" (values are data and date dependent);
    // the real sample keeps a second soil layer (SoilMoi10_40cm_inst) that the workbook does not read
    const shape = (f: string) => spawnSync("ncdump", ["-h", f], { encoding: "utf8" }).stdout.split("\n").slice(1)
      .filter((l) => !l.includes("SoilMoi10_40cm_inst") && !/:(NCO|history) =/.test(l))
      .map((l) => l.replace(/ = ("[^"]*"|[-\d.e]+f?)( ;)$/, (_m, v: string) => ` = ${v.startsWith('"') ? "text" : v.endsWith("f") ? "float" : "double"}`));
    expect(shape(files[1])).toEqual(shape(REAL));
  });

  test("read back with the GLDAS reader: the daily means are the twin's gldas_sm, to float32 rounding", async () => {
    const day = await gldasDailyMeans(files.slice(0, 8), { grid: twin.coarseGrid });
    expect(day.days.map((d) => d.date)).toEqual(["2015-05-01"]);
    const truth = await twin.getLayer({ variable: "gldas_sm", grid: twin.coarseGrid, date: "2015-05-01" });
    let n = 0;
    truth.values.forEach((v, i) => {
      if (v !== v) expect(day.days[0].values[i]).toBeNaN();
      else { expect(Math.abs(day.days[0].values[i] - v)).toBeLessThan(1e-6); n++; }
    });
    expect(n).toBeGreaterThan(0);
  });

  test("the product source reads the replica as real files (the folder fetch would fill)", async () => {
    const productDir = path.join(dataDir, "real", manifest.id);
    fs.mkdirSync(productDir, { recursive: true });
    for (const f of files) fs.symlinkSync(f, path.join(productDir, path.basename(f)));
    const src = new ProductSource({ routes: { gldas_sm: manifest }, dataDir });
    const got = await src.getLayer({ variable: "gldas_sm", grid: twin.coarseGrid, date: "2015-05-01" });
    const truth = await twin.getLayer({ variable: "gldas_sm", grid: twin.coarseGrid, date: "2015-05-01" });
    truth.values.forEach((v, i) => (v !== v ? expect(got.values[i]).toBeNaN() : expect(got.values[i]).toBeCloseTo(v, 6)));
  });
});
