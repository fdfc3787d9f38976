import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { ModisSinusoidalGrid } from "../../src/grid/modisSinusoidalGrid";
import { readModisGeoTiff, compositeStartForDay, compositeForDay, modisToLatLon } from "../../src/products";

const fx = (p: string) => path.join(process.cwd(), "test/fixtures/modis", p);
const LST = fx("MOD11A2.061_LST_Day_1km_doy2026001000000_aid0001.tif");
const LST_FLOAT = fx("MOD11A2.061_LST_Day_1km_doy2026001000000_aid0001_unscaled_float_srcwin300_300_120_100.tif");
const LC = fx("MCD12Q1.061_LC_Type1_doy2011001_aid0001.tif");
const NDVI1 = fx("MOD13A1_NDVI_2016_001.tif");
const NDVI177 = fx("MOD13A1_NDVI_2016_177.tif");

function mean(a: Float32Array) { let s = 0, n = 0; for (const x of a) if (x === x) { s += x; n++; } return { n, mean: s / n }; }

describe("MODIS GeoTIFF exports (real AppEEARS/MODIStsp files; GDAL python values in fixtures README)", () => {
  test("AppEEARS MOD11A2 LST: uint16 with the scale tag → K once; fill 0 counted", async () => {
    const r = await readModisGeoTiff(LST);
    expect(r).toMatchObject({ kind: "lst", units: "K", scaling: "file", declaredScale: 0.02, date: "2026-01-01" });
    expect(r.grid).toBeInstanceOf(LatLonGrid);
    expect(mean(r.values).n).toBe(380585);
    expect(mean(r.values).mean).toBeCloseTo(299.066526321, 4);
    expect(r.values[400 * 956 + 500]).toBeCloseTo(300.82, 4);
    expect(r.counts.fill).toBe(956 * 802 - 380585);
  });

  test("already-scaled float LST with a stale scale_factor tag is NOT scaled again", async () => {
    const r = await readModisGeoTiff(LST_FLOAT);
    expect(r.scaling).toBe("already-scaled");
    expect(r.declaredScale).toBe(0.02);
    expect(mean(r.values).n).toBe(12000);
    expect(mean(r.values).mean).toBeCloseTo(299.843034902, 4);
    expect(r.values[50 * 120 + 50]).toBeCloseTo(299.28, 4);
  });

  test("MODIStsp MOD13A1 NDVI: raw int16 without a tag, sinusoidal grid, product scale applied", async () => {
    const r = await readModisGeoTiff(NDVI1);
    expect(r).toMatchObject({ kind: "ndvi", units: "1", scaling: "product", date: "2016-01-01" });
    expect(r.grid).toBeInstanceOf(ModisSinusoidalGrid);
    expect(mean(r.values).n).toBe(7736);
    expect(mean(r.values).mean).toBeCloseTo(0.471265059, 6);
    expect(r.values[60 * 65 + 30]).toBeCloseTo(0.5314, 6);
    const r177 = await readModisGeoTiff(NDVI177);
    expect(r177.date).toBe("2016-06-25");
    expect(mean(r177.values).mean).toBeCloseTo(0.735901084, 6);
    // sinusoidal → lat/lon by nearest neighbour: the pixel containing a lon/lat keeps its value
    const g = r.grid as ModisSinusoidalGrid;
    const [lon, lat] = g.lonLatOf(60, 30);
    const target = new LatLonGrid({ west: lon - 0.0025, north: lat + 0.0025, cellSize: 0.005, width: 1, height: 1 });
    expect(modisToLatLon(r, { grid: target }).values[0]).toBeCloseTo(0.5314, 6);
  });

  test("AppEEARS MCD12Q1 LC_Type1: uint8 codes, 255 fill", async () => {
    const r = await readModisGeoTiff(LC);
    expect(r).toMatchObject({ kind: "landcover", units: "class", scaling: "none", date: "2011-01-01" });
    expect(mean(r.values).n).toBe(116323);
    expect(r.values[200 * 724 + 300]).toBe(17);
    const hist: Record<number, number> = {};
    for (const x of r.values) if (x === x) hist[x] = (hist[x] ?? 0) + 1;
    expect(hist).toEqual({ 7: 63255, 10: 24532, 11: 13580, 16: 214, 17: 14742 });
  });

  test("composite-to-day assignment: 8-day LST and 16-day NDVI periods, year end", () => {
    expect(compositeStartForDay("2015-01-01", 8)).toBe("2015-01-01");
    expect(compositeStartForDay("2015-01-08", 8)).toBe("2015-01-01");
    expect(compositeStartForDay("2015-01-09", 8)).toBe("2015-01-09");
    expect(compositeStartForDay("2015-01-20", 8)).toBe("2015-01-17");
    expect(compositeStartForDay("2015-12-31", 8)).toBe("2015-12-27"); // DOY 361
    expect(compositeStartForDay("2016-12-31", 8)).toBe("2016-12-26"); // leap year: DOY 361 = 26 Dec
    expect(compositeStartForDay("2015-12-31", 16)).toBe("2015-12-19"); // DOY 353
    expect(compositeStartForDay("2016-07-05", 16)).toBe("2016-06-25"); // DOY 177 composite
    const comps = [{ date: "2016-01-01", sources: ["a"] }, { date: "2016-06-25", sources: ["b"] }];
    expect(compositeForDay(comps, "2016-07-10", 16)?.sources).toEqual(["b"]);
    expect(compositeForDay(comps, "2016-07-11", 16)).toBeNull();
    expect(() => compositeForDay([...comps, { date: "2016-06-25", sources: ["c"] }], "2016-06-30", 16)).toThrow(/two composites start on 2016-06-25/);
    expect(() => compositeStartForDay("2016-7-1", 16)).toThrow(RangeError);
  });

  test("errors: wrong product, unknown layer, truncated copy, not a TIFF", async () => {
    await expect(readModisGeoTiff(LST, { kind: "ndvi" })).rejects.toThrow(/MOD11A2.*declares scale 0.02, but MOD13A2\/MOD13A1 NDVI uses 0.0001: wrong product/);
    await expect(readModisGeoTiff(LC, { kind: "ndvi" })).rejects.toThrow(/MCD12Q1.*stored as uint8, but MOD13A2\/MOD13A1 NDVI is int16: wrong product/);
    await expect(readModisGeoTiff(NDVI1, { kind: "lst" })).rejects.toThrow(/MOD13A1_NDVI_2016_001\.tif: stored as int16, but MOD11A2 LST_Day_1km is uint16/);
    await expect(readModisGeoTiff(LST_FLOAT, { kind: "ndvi" })).rejects.toThrow(/unscaled_float_srcwin300_300_120_100\.tif: declares scale 0.02, but MOD13A2\/MOD13A1 NDVI uses 0.0001/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modis-"));
    const anon = path.join(dir, "layer.tif");
    fs.copyFileSync(LC, anon);
    await expect(readModisGeoTiff(anon)).rejects.toThrow(/layer\.tif: cannot tell which MODIS layer/);
    const cut = path.join(dir, path.basename(LST));
    fs.writeFileSync(cut, fs.readFileSync(LST).subarray(0, 200000));
    await expect(readModisGeoTiff(cut)).rejects.toThrow(/MOD11A2\.061_LST_Day_1km_doy2026001000000_aid0001\.tif/);
    await expect(readModisGeoTiff(path.join(process.cwd(), "test/fixtures/ascat/H25_1436.nc"), { kind: "lst" })).rejects.toThrow(/H25_1436\.nc: is a NetCDF\/HDF5 file, not a MODIS GeoTIFF/);
    // the first bytes of the real MOD11A1 HDF4 granule (0e 03 13 01), as in realdata/modis/MOD11A1.A2019305…hdf
    const hdf4 = path.join(dir, "MOD11A2.A2015001.h28v05.061.hdf");
    fs.writeFileSync(hdf4, Buffer.from([0x0e, 0x03, 0x13, 0x01, 0, 0, 0, 0]));
    await expect(readModisGeoTiff(hdf4)).rejects.toThrow(/MOD11A2\.A2015001\.h28v05\.061\.hdf: is an HDF4\/HDF-EOS2 granule, not a GeoTIFF: read it with readModisHdf4/);
  });
});
