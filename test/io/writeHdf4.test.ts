import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Hdf4File, writeHdf4, formatHdfEosGrids, parseHdfEosGrids } from "../../src/io/hdf4/index";
import { readModisHdf4 } from "../../src/products/index";

const REAL = path.join(process.cwd(), "test/fixtures/modis/MOD11A1.A2019305.h14v09.006.2019306084028.hdf");
const PYTHON = "/usr/bin/python3";
const hasGdalPython = fs.existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "from osgeo import gdal"]).status === 0;
const withGdal = hasGdalPython || process.env.CI === "true" ? test : test.skip;

/** GDAL's view of every subdataset: name, sha-256 of the array, nodata, scale, offset, unit, geotransform, projection. */
function gdalView(file: string): string[] {
  const py = `
import sys, hashlib, json
from osgeo import gdal
gdal.UseExceptions()
# a file with one SDS is opened as that dataset (GDAL lists no subdatasets then)
for name, _ in gdal.Open(sys.argv[1]).GetSubDatasets() or [(sys.argv[1], "")]:
    ds = gdal.Open(name)
    b = ds.GetRasterBand(1)
    a = b.ReadAsArray()
    print(json.dumps([name.split(":", 3)[3] if name.startswith("HDF4_EOS") else ds.GetDriver().ShortName, hashlib.sha256(a.tobytes()).hexdigest(), str(a.dtype), b.GetNoDataValue(), b.GetScale(), b.GetOffset(), b.GetUnitType(), ds.GetGeoTransform(), ds.GetProjection()]))
`;
  const r = spawnSync(PYTHON, ["-c", py, file], { encoding: "utf8", timeout: 60000 });
  if (r.status !== 0) throw new Error(`GDAL failed on ${file}: ${r.stderr || r.error?.message || r.signal}`);
  return r.stdout.trim().split("\n");
}

describe("writeHdf4: HDF4-EOS2 files as LP DAAC distributes MODIS", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hdf4w-"));
  const src = Hdf4File.open(REAL);
  const grid = parseHdfEosGrids(src.attributes["StructMetadata.0"] as string, REAL)[0];
  const copy = path.join(dir, path.basename(REAL));
  writeHdf4(copy, {
    sds: src.sds.map((s) => ({ name: s.name, dataType: s.dataType, shape: s.shape, values: src.readRaw(s.name), dimNames: [`YDim:${grid.name}`, `XDim:${grid.name}`], attributes: Object.entries(s.attributes) as [string, number | number[] | string][] })),
    attributes: [["HDFEOSVersion", "HDFEOS_V2.19"], ["StructMetadata.0", formatHdfEosGrids([grid])]],
    eosGrid: { name: grid.name },
  });

  test("a rewrite of the real granule reads back identically here (SDS, attributes, grid)", async () => {
    const back = Hdf4File.open(copy);
    expect(back.sds.map((s) => s.name)).toEqual(src.sds.map((s) => s.name));
    for (const s of src.sds) {
      const a = src.readRaw(s.name), b = back.readRaw(s.name);
      expect([s.name, Buffer.from(a.buffer).equals(Buffer.from(b.buffer))]).toEqual([s.name, true]);
      expect(back.get(s.name).attributes).toEqual(s.attributes);
    }
    expect(parseHdfEosGrids(back.attributes["StructMetadata.0"] as string, copy)).toEqual([grid]);
    const lst = await readModisHdf4(copy);
    expect(lst.counts.valid).toBe(333829);
  });

  withGdal("GDAL's HDF4_EOS driver reads the rewrite exactly as it reads the real granule", () => {
    const real = gdalView(REAL), ours = gdalView(copy);
    expect(ours.length).toBe(12);
    // same arrays, types, nodata, scale, offset, units, geotransform and projection for every subdataset
    expect(ours).toEqual(real);
  });

  test("a MOD13A2-like int16 NDVI tile: the divisor scale, fill and valid range", async () => {
    const n = 40 * 30;
    const ndvi = Int16Array.from({ length: n }, (_, i) => (i % 97 === 0 ? -3000 : ((i * 37) % 12000) - 2000));
    const f = path.join(dir, "MOD13A2.A2015177.h28v05.061.2020311013015.hdf");
    const name = "MODIS_Grid_16DAY_1km_VI";
    const px = 926.625433055833;
    writeHdf4(f, {
      sds: [{ name: "1 km 16 days NDVI", dataType: "int16", shape: [30, 40], values: ndvi, dimNames: [`YDim:${name}`, `XDim:${name}`],
        attributes: [["long_name", "1 km 16 days NDVI"], ["units", "NDVI"], ["valid_range", [-2000, 10000]], ["_FillValue", -3000], ["scale_factor", 10000], ["add_offset", 0]] }],
      attributes: [["HDFEOSVersion", "HDFEOS_V2.19"], ["StructMetadata.0", formatHdfEosGrids([{ name, width: 40, height: 30, upperLeft: [10007554.677, 4447802.078667], lowerRight: [10007554.677 + 40 * px, 4447802.078667 - 30 * px], projection: "GCTP_SNSOID", projParams: [6371007.181], fields: [{ name: "1 km 16 days NDVI", dataType: "DFNT_INT16", dimensions: ["YDim", "XDim"] }] }])]],
      eosGrid: { name },
    });
    const r = await readModisHdf4(f);
    expect([r.kind, r.date, r.counts.fill, r.counts.outOfRange]).toEqual(["ndvi", "2015-06-26", 13, 0]);
    expect(r.values[1]).toBeCloseTo((37 - 2000) * 1e-4, 7);
    expect((r.grid as { pixelSize: number }).pixelSize).toBeCloseTo(px, 6); // corners are written with 6 decimals
    if (hasGdalPython) {
      const v = JSON.parse(gdalView(f)[0]);
      expect([v[0], v[2], v[3], v[7][0], v[7][1]]).toEqual(["HDF4Image", "int16", -3000, 10007554.677, (r.grid as { pixelSize: number }).pixelSize]);
    }
  });

  test("options are checked before any work, naming the option and value", () => {
    const f = path.join(dir, "bad.hdf");
    expect(() => writeHdf4(f, { sds: [] })).toThrow(/options\.sds must be a non-empty array/);
    expect(() => writeHdf4(f, { sds: [{ name: "a", dataType: "uint8", shape: [2, 2], values: [1, 2, 3] }] })).toThrow(/options\.sds\[0\] \(a\): 3 values for shape \[2,2\] \(4\)/);
    expect(() => writeHdf4(f, { sds: [{ name: "a", dataType: "uint8", shape: [1, 2], values: [1, 256] }] })).toThrow(/value 256 at index 1 is not a uint8/);
    expect(() => writeHdf4(f, { sds: [{ name: "a", dataType: "uint8", shape: [1], values: [1] }, { name: "a", dataType: "uint8", shape: [1], values: [1] }] })).toThrow(/options\.sds\[1\]\.name "a" is repeated/);
    expect(() => writeHdf4(f, { sds: [{ name: "a", dataType: "uint8", shape: [1], values: [1] }], level: 0 })).toThrow(/options\.level must be an integer in 1\.\.9, got 0/);
    expect(fs.existsSync(f)).toBe(false);
  });
});
