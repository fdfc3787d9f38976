import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadProductManifest } from "../../src/manifests/loadProductManifest";
import { readHsafCdrCell } from "../../src/products/ascatCdr";
import { exportAscat, hsafCell, hsafCellBox } from "../../src/replica/index";
import { ProductSource } from "../../src/sources/ProductSource";
import { openTwin } from "../../src/twin/openTwin";
import { twinConfig } from "../../src/twin/twinConfig";

/** The real H SAF H111 cell file (test/fixtures/ascat/README.md). */
const REAL = path.join(process.cwd(), "test/fixtures/ascat/H111_1436.nc");
const hasNcdump = spawnSync("ncdump", ["--version"]).error === undefined;
const withNcdump = hasNcdump || process.env.CI === "true" ? test : test.skip;

describe("replica: H SAF ASCAT CDR cell files from the twin, as H SAF lays them out", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "replica-ascat-"));
  const replica = path.join(dataDir, "replica");
  const manifest = loadProductManifest(path.join(process.cwd(), "data-manifests", "hsaf-ascat-cdr.json"));
  const twin = openTwin(twinConfig("tiny"), { dataDir });
  let files: string[] = [];
  beforeAll(async () => {
    files = await exportAscat({ source: twin, grid: twin.coarseGrid, manifest, outDir: replica, from: "2015-05-01", to: "2015-05-03" });
  }, 120000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test("one file per 5° cell the grid overlaps, at the manifest's URL path", () => {
    // tiny: 126.5–128.5 °E, 35.5–37 °N → column floor(306.5/5) = 61, row floor(125.5/5) = 25
    expect(hsafCell(126.625, 36.875)).toBe(36 * 61 + 25);
    expect(hsafCellBox(36 * 61 + 25)).toEqual({ west: 125, south: 35, east: 130, north: 40 }); // the box holding that point
    expect(files.map((f) => path.relative(replica, f))).toEqual(["ftphsaf.meteoam.it/H111/H111_2221.nc"]);
  });

  withNcdump("ncdump -h: the real cell file's structure (dimensions, variables, types, attribute names and types)", () => {
    // values reduced to their type (they are data, dates and sizes); the location count differs (1 in the cut-down sample)
    const shape = (f: string) => spawnSync("ncdump", ["-h", f], { encoding: "utf8" }).stdout.split("\n").slice(1)
      .map((l) => l.replace(/UNLIMITED ; .*$/, "UNLIMITED ;").replace(/locations = \d+/, "locations = N")
        .replace(/ = ("[^"]*"|[-\d.e, ]+?([bsfL]?)) ;$/, (_m, v: string, t: string) => ` = ${v.startsWith('"') ? "text" : t || "double"} ;`));
    expect(shape(files[0])).toEqual(shape(REAL));
  });

  test("the CDR reader and the product source read them back as the twin's ascat_sm, to the 1 % quantization", async () => {
    const cell = await readHsafCdrCell(files[0]);
    expect(cell.product).toBe("H111");
    expect(cell.locations.length).toBe(twin.coarseGrid.size);
    const productDir = path.join(dataDir, "real", manifest.id);
    fs.mkdirSync(productDir, { recursive: true });
    fs.symlinkSync(files[0], path.join(productDir, path.basename(files[0])));
    const src = new ProductSource({ routes: { ascat_sm: manifest }, dataDir });
    let n = 0;
    for (const date of ["2015-05-01", "2015-05-02", "2015-05-03"]) {
      const truth = await twin.getLayer({ variable: "ascat_sm", grid: twin.coarseGrid, date });
      const got = await src.getLayer({ variable: "ascat_sm", grid: twin.coarseGrid, date });
      truth.values.forEach((v, i) => {
        if (v !== v) { expect(got.values[i]).toBeNaN(); return; }
        expect(Math.abs(got.values[i] - Math.round(Math.min(1, Math.max(0, v)) * 100) / 100)).toBeLessThan(1e-6);
        n++;
      });
    }
    expect(n).toBeGreaterThan(20);
    const outside = await src.getLayer({ variable: "ascat_sm", grid: twin.coarseGrid, date: "2015-05-04" });
    expect(Array.from(outside.values).every((x) => x !== x)).toBe(true);
  });

  test("refuses a grid that is not 0.25°, another product's manifest and reversed dates, naming the option", async () => {
    await expect(exportAscat({ source: twin, grid: twin.fineGrid, manifest, outDir: replica, from: "2015-05-01", to: "2015-05-01" })).rejects.toThrow(/options\.grid/);
    const amsr2 = loadProductManifest(path.join(process.cwd(), "data-manifests", "amsr2-lprm-l3.json"));
    await expect(exportAscat({ source: twin, grid: twin.coarseGrid, manifest: amsr2, outDir: replica, from: "2015-05-01", to: "2015-05-01" })).rejects.toThrow(/options\.manifest amsr2-lprm-l3/);
    await expect(exportAscat({ source: twin, grid: twin.coarseGrid, manifest, outDir: replica, from: "2015-05-02", to: "2015-05-01" })).rejects.toThrow(/options\.to/);
  });
});
