import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadProductManifest } from "../../src/manifests/loadProductManifest";
import { readLprmAmsr2 } from "../../src/products/amsr2";
import { exportAmsr2 } from "../../src/replica/index";
import { ProductSource } from "../../src/sources/ProductSource";
import { openTwin } from "../../src/twin/openTwin";
import { twinConfig } from "../../src/twin/twinConfig";

/** The real GES DISC granule (test/fixtures/amsr2/README.md). */
const REAL = path.join(process.cwd(), "test/fixtures/amsr2/LPRM-AMSR2_L3_D_SOILM3_V001_20150401013507.nc4");
const hasNcdump = spawnSync("ncdump", ["--version"]).error === undefined;
const withNcdump = hasNcdump || process.env.CI === "true" ? test : test.skip;

describe("replica: LPRM AMSR2 L3 daily granules from the twin, as GES DISC lays them out", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "replica-amsr2-"));
  const replica = path.join(dataDir, "replica");
  const manifest = loadProductManifest(path.join(process.cwd(), "data-manifests", "amsr2-lprm-l3.json"));
  const twin = openTwin(twinConfig("tiny"), { dataDir });
  let files: string[] = [];
  beforeAll(async () => {
    files = await exportAmsr2({ source: twin, grid: twin.coarseGrid, manifest, outDir: replica, from: "2015-05-01", to: "2015-05-02" });
  }, 120000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test("one file per day and pass at the manifest's URL layout", () => {
    expect(files.map((f) => path.relative(replica, f))).toEqual(["20150501", "20150502"].flatMap((d) => [
      `hydro1.gesdisc.eosdis.nasa.gov/data/WAOB/LPRM_AMSR2_A_SOILM3.001/2015/05/LPRM-AMSR2_L3_A_SOILM3_V001_${d}133000.nc4`,
      `hydro1.gesdisc.eosdis.nasa.gov/data/WAOB/LPRM_AMSR2_D_SOILM3.001/2015/05/LPRM-AMSR2_L3_D_SOILM3_V001_${d}013000.nc4`,
    ]));
  });

  withNcdump("ncdump -h: exactly the real granule's header (dimensions, variables, types, attributes and values, classic model)", () => {
    const header = (f: string) => spawnSync("ncdump", ["-h", f], { encoding: "utf8" }).stdout.split("\n").slice(1);
    expect(header(files[1])).toEqual(header(REAL));
    // storage: transposed (Longitude, Latitude) chunks, deflate 2 without shuffle, little-endian, classic model
    const storage = (f: string) => spawnSync("ncdump", ["-sh", f], { encoding: "utf8" }).stdout.split("\n").slice(1).filter((l) => !l.includes("_NoFill"));
    expect(storage(files[1])).toEqual(storage(REAL));
  });

  test("the LPRM reader and the product source read them back as the twin's amsr2_sm, to the 1 % quantization", async () => {
    const productDir = path.join(dataDir, "real", manifest.id);
    fs.mkdirSync(productDir, { recursive: true });
    for (const f of files) fs.symlinkSync(f, path.join(productDir, path.basename(f)));
    const src = new ProductSource({ routes: { amsr2_sm: manifest }, dataDir });
    for (const date of ["2015-05-01", "2015-05-02"]) {
      const truth = await twin.getLayer({ variable: "amsr2_sm", grid: twin.coarseGrid, date });
      const got = await src.getLayer({ variable: "amsr2_sm", grid: twin.coarseGrid, date });
      const pass = await readLprmAmsr2(files[date === "2015-05-01" ? 0 : 2], { grid: twin.coarseGrid });
      expect(pass.direction).toBe("ascending");
      expect(pass.date).toBe(date);
      let n = 0;
      truth.values.forEach((v, i) => {
        if (v !== v) { expect(got.values[i]).toBeNaN(); return; }
        const want = Math.round(Math.min(1, Math.max(0, v)) * 100) / 100; // int16 percent, scale 1
        expect(Math.abs(pass.values[i] - want)).toBeLessThan(1e-6);
        expect(Math.abs(got.values[i] - want)).toBeLessThan(1e-6);
        expect(Math.abs(got.values[i] - v)).toBeLessThanOrEqual(0.005 + 1e-6);
        n++;
      });
      expect(n).toBeGreaterThan(20);
    }
  });

  test("refuses a grid off the 0.25° lattice and another product's manifest, naming the option", async () => {
    const off = { ...twin.coarseGrid, west: twin.coarseGrid.west + 0.1, key: () => "off" } as unknown as typeof twin.coarseGrid;
    await expect(exportAmsr2({ source: twin, grid: off, manifest, outDir: replica, from: "2015-05-01", to: "2015-05-01" })).rejects.toThrow(/options\.grid off/);
    const gldas = loadProductManifest(path.join(process.cwd(), "data-manifests", "gldas-noah025-3h-v2.1.json"));
    await expect(exportAmsr2({ source: twin, grid: twin.coarseGrid, manifest: gldas, outDir: replica, from: "2015-05-01", to: "2015-05-01" })).rejects.toThrow(/options\.manifest gldas/);
  });
});
