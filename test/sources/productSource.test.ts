import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { loadProductManifest } from "../../src/manifests/loadProductManifest";
import { ProductSource } from "../../src/sources/ProductSource";
import { productRoute } from "../../src/sources/productRoute";
import { findProductFiles } from "../../src/sources/productFiles";
import { zipSync, strToU8 } from "fflate";

const root = process.cwd();
const fx = (...p: string[]) => path.join(root, "test/fixtures", ...p);
const manifest = (id: string) => loadProductManifest(path.join(root, "data-manifests", `${id}.json`));
const expected = JSON.parse(fs.readFileSync(fx("sources/expected.json"), "utf8")) as {
  lstFine: { grid: ConstructorParameters<typeof LatLonGrid>[0]; values: Array<number | null> };
  lstCoarse: { grid: ConstructorParameters<typeof LatLonGrid>[0]; values: Array<number | null>; validPixels: number };
  ndviFine: { grid: ConstructorParameters<typeof LatLonGrid>[0]; doy001: Array<number | null>; doy177: Array<number | null> };
  lcFine: { grid: ConstructorParameters<typeof LatLonGrid>[0]; values: Array<number | null> };
  lcCoarse: { grid: ConstructorParameters<typeof LatLonGrid>[0]; values: Array<number | null> };
};
const expectValues = (got: Float32Array, want: Array<number | null>, digits: number) => {
  expect(got.length).toBe(want.length);
  want.forEach((v, i) => { if (v === null) expect(got[i]).toBeNaN(); else expect(got[i]).toBeCloseTo(v, digits); });
};

const GLDAS = "gldas-noah025-3h-v2.1";
const JAXA = "amsr2-jaxa-l3-smc";
const LPRM = "amsr2-lprm-l3";
const ASCAT = "eumetsat-somo25";
const GRANULE = "GLDAS_NOAH025_3H.A20160101.0300.021.nc4";
const SWATH = "W_XX-EUMETSAT-Darmstadt,SURFACE+SATELLITE,METOPA+ASCAT_C_EUMP_20170220041500_53652_eps_o_250_ssm_l2.nc";
const LST_TIF = "MOD11A2.061_LST_Day_1km_doy2026001000000_aid0001.tif";

/** A data directory laid out as `sm-downscale fetch` leaves it: `<dataDir>/real/<manifest id>/<file>` (symlinks to the fixtures). */
function fetchedDataDir(): string {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sm-products-"));
  const put = (id: string, file: string) => {
    fs.mkdirSync(path.join(dataDir, "real", id), { recursive: true });
    fs.symlinkSync(file, path.join(dataDir, "real", id, path.basename(file)));
  };
  put(GLDAS, fx("gldas", GRANULE));
  for (const f of fs.readdirSync(fx("amsr2")).filter((n) => n.startsWith("GW1AM2_"))) put(JAXA, fx("amsr2", f));
  put(LPRM, fx("amsr2", "LPRM-AMSR2_L3_D_SOILM3_V001_20150401013507.nc4"));
  put(ASCAT, fx("ascat", SWATH));
  put("mod11a2", fx("modis", LST_TIF));
  put("mod13a2", fx("modis", "MOD13A1_NDVI_2016_001.tif"));
  put("mod13a2", fx("modis", "MOD13A1_NDVI_2016_177.tif"));
  put("mcd12q1", fx("modis", "MCD12Q1.061_LC_Type1_doy2011001_aid0001.tif"));
  put("srtm", fx("srtm", "N57E011.hgt.zip"));
  return dataDir;
}

let dataDir = "";
beforeAll(() => { dataDir = fetchedDataDir(); });
afterAll(() => { fs.rmSync(dataDir, { recursive: true, force: true }); });

const global025 = new LatLonGrid({ west: -180, north: 90, cellSize: 0.25, width: 1440, height: 720 });
const meanOf = (v: Float32Array) => { let s = 0, n = 0; for (const x of v) if (x === x) { s += x; n++; } return { n, mean: s / n }; };

describe("ProductSource: GLDAS (3-hourly granules → daily mean, kg m-2 ÷ 100)", () => {
  test("the day's only granule present (missingFiles: count): 37.625 N 127.125 E is ncdump's 29.263 kg m-2 ÷ 100", async () => {
    const src = new ProductSource({ routes: { gldas_sm: manifest(GLDAS) }, dataDir, missingFiles: "count" });
    const grid = new LatLonGrid({ west: 127, north: 38, cellSize: 0.25, width: 2, height: 2 });
    const layer = await src.getLayer({ variable: "gldas_sm", grid, date: "2016-01-01" });
    // fixture README: v[0, 390, 1228] (lat 37.625, lon 127.125) = 29.26300048828125 kg m-2
    expect(layer.values[2]).toBeCloseTo(0.2926300048828125, 6);
    expect(layer.units).toBe("m3 m-3");
    expect(layer.counts.steps).toBe(1);
    expect(layer.counts.missingFiles).toBe(7);
    expect(layer.counts.cells).toBe(4);
    expect(layer.provenance).toContain(GRANULE);
    // the whole-globe layer: numpy count 243883 and mean 25.5745562421325 kg m-2 of the granule
    const g = await src.getLayer({ variable: "gldas_sm", grid: new LatLonGrid({ west: -180, north: 90, cellSize: 0.25, width: 1440, height: 600 }), date: "2016-01-01" });
    const m = meanOf(g.values);
    expect(m.n).toBe(243883);
    expect(m.mean).toBeCloseTo(0.255745562421325, 6);
    expect(g.counts.valid).toBe(243883);
  });

  test("files in <dataDir>/<id>/ are found when <dataDir>/real/<id>/ does not exist", async () => {
    const flat = path.join(dataDir, "flat");
    fs.mkdirSync(path.join(flat, GLDAS), { recursive: true });
    fs.symlinkSync(fx("gldas", GRANULE), path.join(flat, GLDAS, GRANULE));
    const src = new ProductSource({ routes: { gldas_sm: manifest(GLDAS) }, dataDir: flat, missingFiles: "count" });
    expect(src.productDir(GLDAS)).toBe(path.join(flat, GLDAS));
    const layer = await src.getLayer({ variable: "gldas_sm", grid: new LatLonGrid({ west: 127, north: 38, cellSize: 0.25, width: 2, height: 2 }), date: "2016-01-01" });
    expect(layer.values[2]).toBeCloseTo(0.2926300048828125, 6);
    expect(new ProductSource({ routes: { gldas_sm: manifest(GLDAS) }, dataDir }).productDir(GLDAS)).toBe(path.join(dataDir, "real", GLDAS));
  });

  test("hours without a granule come from a subset file with a time dimension (README numpy values)", async () => {
    const dir = path.join(dataDir, "subset");
    fs.mkdirSync(dir, { recursive: true });
    fs.symlinkSync(fx("gldas", "GLDAS_NOAH025_3H_subset_EastAsia_20160101-20160102.nc4"), path.join(dir, "GLDAS_NOAH025_3H_subset_EastAsia_20160101-20160102.nc4"));
    fs.symlinkSync(fx("amsr2", "GW1AM2_20150401_01D_EQMA_L3SGSMCLA2220220.h5"), path.join(dir, "GLDASp4_landmask_025d.nc4")); // not GLDAS Noah: skipped
    const grid = new LatLonGrid({ west: 124, north: 39, cellSize: 0.25, width: 24, height: 24 });
    const src = new ProductSource({ routes: { gldas_sm: manifest(GLDAS) }, productDirs: { [GLDAS]: dir } });
    const d1 = await src.getLayer({ variable: "gldas_sm", grid, date: "2016-01-01" });
    // README: day1.count() 208, day1.mean() 0.262476601, day1[18, 12] 0.303081074 (7 valid steps of 8; file row 18 from the south = north-up row 5, 37.625 N 127.125 E)
    expect(d1.counts).toMatchObject({ steps: 8, subsetSteps: 8, missingFiles: 0, valid: 208 });
    expect(meanOf(d1.values).mean).toBeCloseTo(0.262476601, 6);
    expect(d1.values[5 * 24 + 12]).toBeCloseTo(0.303081074, 6);
    expect(d1.counts.partialPixels).toBeGreaterThanOrEqual(1);
    // 2016-01-02 has 2 steps: refused by default (naming the 06 UTC granule), averaged with missingFiles: count
    await expect(src.getLayer({ variable: "gldas_sm", grid, date: "2016-01-02" })).rejects.toThrow(/6 of 8 file\(s\) .* missing: expected .*GLDAS_NOAH025_3H\.A20160102\.0600\.021\.nc4/);
    const lenient = new ProductSource({ routes: { gldas_sm: manifest(GLDAS) }, productDirs: { [GLDAS]: dir }, missingFiles: "count" });
    const d2 = await lenient.getLayer({ variable: "gldas_sm", grid, date: "2016-01-02" });
    expect(d2.counts).toMatchObject({ steps: 2, subsetSteps: 2, missingFiles: 6 });
    expect(meanOf(d2.values).mean).toBeCloseTo(0.275155591, 6);
    expect(d2.values[5 * 24 + 12]).toBeCloseTo(0.317503567, 6);
  });

  test("on a 1 km grid each pixel takes its 0.25° cell's value (nearest)", async () => {
    const src = new ProductSource({ routes: { gldas_sm: manifest(GLDAS) }, dataDir, missingFiles: "count" });
    const fine = new LatLonGrid({ west: 127.1, north: 37.7, cellSize: 0.01, width: 5, height: 5 });
    const layer = await src.getLayer({ variable: "gldas_sm", grid: fine, date: "2016-01-01" });
    for (const x of layer.values) expect(x).toBeCloseTo(0.2926300048828125, 6);
    expect(layer.provenance).toContain("nearest neighbour");
  });

  test("a missing granule is an error naming the variable, the date, the expected path and the fetch command", async () => {
    const src = new ProductSource({ routes: { gldas_sm: manifest(GLDAS) }, dataDir });
    const grid = new LatLonGrid({ west: 127, north: 38, cellSize: 0.25, width: 2, height: 2 });
    const expectedPath = path.join(dataDir, "real", GLDAS, "GLDAS_NOAH025_3H.A20160101.0000.021.nc4");
    await expect(src.getLayer({ variable: "gldas_sm", grid, date: "2016-01-01" })).rejects.toThrow(expectedPath);
    const e = await src.getLayer({ variable: "gldas_sm", grid, date: "2016-01-05" }).catch((x: Error) => x);
    expect((e as Error).message).toMatch(/^gldas_sm for 2016-01-05: 8 of 8 file\(s\) of product gldas-noah025-3h-v2\.1 missing/);
    expect((e as Error).message).toContain(path.join(dataDir, "real", GLDAS, "GLDAS_NOAH025_3H.A20160105.0000.021.nc4"));
    expect((e as Error).message).toContain(`sm-downscale fetch --manifest ${path.join("data-manifests", `${GLDAS}.json`)} --from 2016-01-05 --to 2016-01-05`);
    // even when counting missing files, a day with no file at all is refused
    const lenient = new ProductSource({ routes: { gldas_sm: manifest(GLDAS) }, dataDir, missingFiles: "count" });
    await expect(lenient.getLayer({ variable: "gldas_sm", grid, date: "2016-01-05" })).rejects.toThrow("GLDAS_NOAH025_3H.A20160105.0000.021.nc4");
  });
});

describe("ProductSource: AMSR2 (ascending + descending → daily mean, % ÷ 100)", () => {
  test("JAXA L3 passes of 2015-04-01 (template version LQ_2210, files of version LA2220220 accepted): h5py/numpy values", async () => {
    const src = new ProductSource({ routes: { amsr2_sm: manifest(JAXA) }, dataDir });
    const layer = await src.getLayer({ variable: "amsr2_sm", grid: global025, date: "2015-04-01" });
    // fixture README (h5py + numpy): row 209, col 1228 → 0.153 asc, 0.123 desc, mean 0.138
    expect(layer.values[209 * 1440 + 1228]).toBeCloseTo(0.138, 6);
    expect(layer.counts.both).toBe(12649);
    expect(layer.counts.ascendingOnly).toBe(4915);
    expect(layer.counts.descendingOnly).toBe(4698);
    expect(layer.counts.valid).toBe(22262);
    expect(meanOf(layer.values).mean).toBeCloseTo(0.152048156, 6);
    expect(layer.counts.filled).toBe(0); // no gap filling in the raw source
    expect(layer.counts.missingFiles).toBe(0);
    expect(layer.provenance).toContain("GW1AM2_20150401_01D_EQMA_L3SGSMCLA2220220.h5");
    expect(layer.provenance).toContain("GW1AM2_20150401_01D_EQMD_L3SGSMCLA2220220.h5");
    // a small grid around Korea: the same pixel
    const korea = new LatLonGrid({ west: 127, north: 38, cellSize: 0.25, width: 2, height: 2 });
    expect((await src.getLayer({ variable: "amsr2_sm", grid: korea, date: "2015-04-01" })).values[2]).toBeCloseTo(0.138, 6);
  });

  test("a day without files names the expected JAXA file", async () => {
    const src = new ProductSource({ routes: { amsr2_sm: manifest(JAXA) }, dataDir });
    await expect(src.getLayer({ variable: "amsr2_sm", grid: global025, date: "2015-04-03" }))
      .rejects.toThrow(`amsr2_sm for 2015-04-03: 2 of 2 file(s) of product ${JAXA} missing: expected ${path.join(dataDir, "real", JAXA, "GW1AM2_20150403_01D_EQMA_L3SGSMCLQ_2210.h5")}`);
  });

  test("LPRM: descending pass only (ascending counted missing): soil_moisture_c1 count 98866, mean 0.442021423", async () => {
    const strict = new ProductSource({ routes: { amsr2_sm: manifest(LPRM) }, dataDir });
    await expect(strict.getLayer({ variable: "amsr2_sm", grid: global025, date: "2015-04-01" })).rejects.toThrow("LPRM-AMSR2_L3_A_SOILM3_V001_20150401*.nc4");
    const src = new ProductSource({ routes: { amsr2_sm: manifest(LPRM) }, dataDir, missingFiles: "count" });
    const layer = await src.getLayer({ variable: "amsr2_sm", grid: global025, date: "2015-04-01" });
    expect(layer.counts.valid).toBe(98866);
    expect(layer.counts.descendingOnly).toBe(98866);
    expect(layer.counts.missingFiles).toBe(1);
    expect(meanOf(layer.values).mean).toBeCloseTo(0.442021423, 6);
  });
});

describe("ProductSource: ASCAT swaths (daily mean of the observations per 0.25° cell)", () => {
  test("Metop-A orbit 53652 on 2017-02-20: numpy bincount cells 13993, mean 0.279154077, busiest cell 0.060433332", async () => {
    const src = new ProductSource({ routes: { ascat_sm: manifest(ASCAT) }, dataDir, missingFiles: "count" });
    const layer = await src.getLayer({ variable: "ascat_sm", grid: global025, date: "2017-02-20" });
    expect(layer.counts.valid).toBe(13993);
    expect(meanOf(layer.values).mean).toBeCloseTo(0.279154077, 6);
    expect(layer.values[93 * 1440 + 1064]).toBeCloseTo(0.060433332, 6);
    expect(layer.counts.observations).toBe(15372);
    expect(layer.counts.missingFiles).toBe(1); // no Metop-B file
    expect(layer.units).toMatch(/^fraction of saturation/);
  });
});

describe("ProductSource: H SAF ASCAT CDR cells", () => {
  test("H111 cell 1436: daily means by UTC day (README: 2015-07-01 4 obs 0.0425; 2015-07-02 6 obs 0.098333333; 2007-02-27 none)", async () => {
    const dir = path.join(dataDir, "cdr");
    fs.mkdirSync(dir, { recursive: true });
    fs.symlinkSync(fx("ascat", "H111_1436.nc"), path.join(dir, "H111_1436.nc"));
    const m = manifest("hsaf-ascat-cdr");
    const here = { ...m, files: { ...m.files, expand: { ...m.files.expand, cell: ["1436", "1437"] } } }; // the sample cell lies at 19 E 70 N
    const src = new ProductSource({ routes: { ascat_sm: here }, productDirs: { "hsaf-ascat-cdr": dir } });
    const grid = new LatLonGrid({ west: 19, north: 70.25, cellSize: 0.25, width: 1, height: 1 });
    const a = await src.getLayer({ variable: "ascat_sm", grid, date: "2015-07-01" });
    expect(a.values[0]).toBeCloseTo(0.0425, 6);
    expect(a.counts).toMatchObject({ observations: 4, cellFiles: 1, missingCells: 0 });
    const b = await src.getLayer({ variable: "ascat_sm", grid, date: "2015-07-02" });
    expect(b.values[0]).toBeCloseTo(0.098333333, 6);
    expect(b.counts.observations).toBe(6);
    expect((await src.getLayer({ variable: "ascat_sm", grid, date: "2007-02-26" })).values[0]).toBeCloseTo(0.37, 6);
    expect((await src.getLayer({ variable: "ascat_sm", grid, date: "2007-02-27" })).values[0]).toBeNaN();
    // a grid reaching into cell 1437 (75-80 N), listed but absent: counted, not an error
    const wider = await src.getLayer({ variable: "ascat_sm", grid: new LatLonGrid({ west: 19, north: 75.25, cellSize: 0.25, width: 1, height: 21 }), date: "2015-07-01" });
    expect(wider.counts.missingCells).toBe(1);
    expect(wider.values[20]).toBeCloseTo(0.0425, 6);
    // no cell file at all: an error naming the expected cell files
    await expect(src.getLayer({ variable: "ascat_sm", grid: new LatLonGrid({ west: 19, north: 76, cellSize: 0.25, width: 1, height: 1 }), date: "2015-07-01" }))
      .rejects.toThrow(`no H SAF CDR cell file of product hsaf-ascat-cdr covers grid w19_n76_d0.25_1x1: expected ${path.join(dir, "H111_1437.nc")}`);
  });
});

describe("ProductSource: MODIS LST (composite containing the day, nearest to 1 km, mean to 0.25°)", () => {
  test("1 km: every pixel equals gdallocationinfo × 0.02 K at the cell centre (composite of 2026-01-01 serves 2026-01-05)", async () => {
    const src = new ProductSource({ routes: { lst: manifest("mod11a2") }, dataDir });
    const grid = new LatLonGrid(expected.lstFine.grid);
    const layer = await src.getLayer({ variable: "lst", grid, date: "2026-01-05" });
    expect(layer.values.length).toBe(expected.lstFine.values.length);
    expected.lstFine.values.forEach((v, i) => {
      if (v === null) expect(layer.values[i]).toBeNaN();
      else expect(layer.values[i]).toBeCloseTo(v, 3);
    });
    expect(layer.units).toBe("K");
    expect(layer.counts.compositeStartDoy).toBe(1);
    expect(layer.counts.files).toBe(1);
    expect(layer.provenance).toContain(LST_TIF);
  });

  test("0.25°: mean of the 625 0.01° pixels of each cell (GDAL-sampled, ≥ 50 % valid)", async () => {
    const src = new ProductSource({ routes: { lst: manifest("mod11a2") }, dataDir });
    const grid = new LatLonGrid(expected.lstCoarse.grid);
    const layer = await src.getLayer({ variable: "lst", grid, date: "2026-01-08" });
    expected.lstCoarse.values.forEach((v, i) => expect(layer.values[i]).toBeCloseTo(v as number, 3));
    expect(layer.counts.aggregated).toBe(4);
  });

  test("the days of one composite share one read: same values, each with its own date", async () => {
    const src = new ProductSource({ routes: { lst: manifest("mod11a2") }, dataDir });
    const grid = new LatLonGrid(expected.lstFine.grid);
    const a = await src.getLayer({ variable: "lst", grid, date: "2026-01-02" });
    const b = await src.getLayer({ variable: "lst", grid, date: "2026-01-08" });
    expect(a.date).toBe("2026-01-02");
    expect(b.date).toBe("2026-01-08");
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
    a.values[0] = -1; // callers own their copy
    expect((await src.getLayer({ variable: "lst", grid, date: "2026-01-03" })).values[0]).not.toBe(-1);
  });

  test("a day whose composite is absent names the composite and the expected GeoTIFF", async () => {
    const src = new ProductSource({ routes: { lst: manifest("mod11a2") }, dataDir });
    await expect(src.getLayer({ variable: "lst", grid: new LatLonGrid(expected.lstFine.grid), date: "2026-01-09" }))
      .rejects.toThrow(/^lst for 2026-01-09: no MOD11A2 LST_Day_1km file of the composite starting 2026-01-09 in .*LST_Day_1km_doy2026009/);
  });
});

describe("ProductSource: MODIS NDVI (16-day composites, sinusoidal files) and MCD12Q1 land cover", () => {
  test("NDVI at 1 km: the composite containing the day, GDAL-sampled pixel × 0.0001 (DOY 1 for 2016-01-10, DOY 177 for 2016-06-30)", async () => {
    const src = new ProductSource({ routes: { ndvi: manifest("mod13a2") }, dataDir });
    const grid = new LatLonGrid(expected.ndviFine.grid);
    const jan = await src.getLayer({ variable: "ndvi", grid, date: "2016-01-10" });
    expectValues(jan.values, expected.ndviFine.doy001, 6);
    expect(jan.provenance).toContain("MOD13A1_NDVI_2016_001.tif");
    const jun = await src.getLayer({ variable: "ndvi", grid, date: "2016-06-30" });
    expectValues(jun.values, expected.ndviFine.doy177, 6);
    expect(jun.counts.compositeStartDoy).toBe(177);
    expect(jun.provenance).toContain("16-day composite starting 2016-06-25");
    await expect(src.getLayer({ variable: "ndvi", grid, date: "2016-06-24" })).rejects.toThrow("composite starting 2016-06-09");
  });

  test("land cover: the nearest year's map (2011 for 2015, counted), nearest at 1 km, majority at 0.25°", async () => {
    const src = new ProductSource({ routes: { landcover: manifest("mcd12q1") }, dataDir });
    const fine = await src.getLayer({ variable: "landcover", grid: new LatLonGrid(expected.lcFine.grid), date: "2015-05-01" });
    expectValues(fine.values, expected.lcFine.values, 6);
    expect(fine.date).toBeNull();
    expect(fine.counts.otherYear).toBe(1);
    expect(fine.provenance).toContain("land cover of 2011 used for 2015");
    const coarse = await src.getLayer({ variable: "landcover", grid: new LatLonGrid(expected.lcCoarse.grid), date: "2015-05-01" });
    expectValues(coarse.values, expected.lcCoarse.values, 6);
    expect(coarse.counts.aggregated).toBe(expected.lcCoarse.values.filter((v) => v !== null).length);
  });
});

describe("ProductSource: SRTM (mean of the samples per cell)", () => {
  test("N57E011 at 0.01°: numpy means (README): cell (10, 70) 0.520833333, cell (1, 99) 144.298611111, mean 4.374532639", async () => {
    const src = new ProductSource({ routes: { dem: manifest("srtm") }, dataDir });
    const grid = new LatLonGrid({ west: 11, north: 58, cellSize: 0.01, width: 100, height: 100 });
    const layer = await src.getLayer({ variable: "dem", grid, date: "2015-01-01" });
    expect(layer.date).toBeNull();
    expect(layer.values[10 * 100 + 70]).toBeCloseTo(0.520833333, 5);
    expect(layer.values[1 * 100 + 99]).toBeCloseTo(144.298611111, 4);
    expect(meanOf(layer.values).mean).toBeCloseTo(4.374532639, 5);
    expect(layer.counts.tiles).toBe(1);
    expect(layer.counts.aggregated).toBe(10000);
  });
});

describe("ProductSource: CGIAR-CSI SRTM zip (GeoTIFF inside)", () => {
  test("a zipped GeoTIFF clip gives the same 0.01° means as the .hgt tile it was cut from (itself checked against numpy)", async () => {
    const dir = path.join(dataDir, "cgiar");
    fs.mkdirSync(dir, { recursive: true });
    const tif = fs.readFileSync(fx("srtm", "N57E011_srcwin600_0_300_240.tif"));
    fs.writeFileSync(path.join(dir, "srtm_39_01.zip"), zipSync({ "srtm_39_01.tif": new Uint8Array(tif), "readme.txt": strToU8("CGIAR-CSI") }));
    fs.writeFileSync(path.join(dir, "srtm_01_01.zip"), "not even a zip: skipped, its 5° tile (180–175° W) is far away");
    const grid = new LatLonGrid({ west: 11.5, north: 58, cellSize: 0.01, width: 24, height: 20 });
    const fromZip = await new ProductSource({ routes: { dem: manifest("srtm") }, productDirs: { srtm: dir } }).getLayer({ variable: "dem", grid, date: "2015-01-01" });
    const fromHgt = await new ProductSource({ routes: { dem: manifest("srtm") }, dataDir }).getLayer({ variable: "dem", grid, date: "2015-01-01" });
    expect(fromZip.counts.aggregated).toBe(480);
    for (let i = 0; i < grid.size; i++) expect(fromZip.values[i]).toBeCloseTo(fromHgt.values[i], 4);
    expect(fs.existsSync(path.join(dir, ".unzipped", "srtm_39_01.tif"))).toBe(true);
    expect(fromZip.provenance).toContain("srtm_39_01.zip");
  });
});

describe("routing", () => {
  test("a manifest routing a variable to a product that serves another variable is refused", () => {
    expect(() => new ProductSource({ routes: { lst: manifest(GLDAS) }, dataDir }))
      .toThrow("study manifest: sources.lst is 'gldas-noah025-3h-v2.1', but product gldas-noah025-3h-v2.1 serves 'gldas_sm', not 'lst'");
    expect(() => productRoute("gldas_sm", manifest("mod13a2"))).toThrow("serves 'ndvi', not 'gldas_sm'");
  });

  test("findProductFiles resolves the `*` of LPRM names against the folder", () => {
    const route = productRoute("amsr2_sm", manifest(LPRM));
    const f = findProductFiles(route, { dir: path.join(dataDir, "real", LPRM), date: "2015-04-01" });
    expect(f.found.map((p) => path.basename(p))).toEqual(["LPRM-AMSR2_L3_D_SOILM3_V001_20150401013507.nc4"]);
    expect(f.missing.map((p) => path.basename(p))).toEqual(["LPRM-AMSR2_L3_A_SOILM3_V001_20150401*.nc4"]);
  });

  test("bad options name the option", () => {
    expect(() => new ProductSource({ routes: { gldas_sm: manifest(GLDAS) }, missingFiles: "skip" as "count" })).toThrow("options.missingFiles");
    expect(() => new ProductSource({ routes: {} })).toThrow("options.routes names no variable");
  });
});
