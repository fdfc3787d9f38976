import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Hdf4File, parseHdfEosGrids, hdfEosGeoTransform, hdfEosCrs } from "../../src/io/hdf4/index";
import { rasterInfo } from "../../src/io/rasterInfo";
import { MODIS_SINUSOIDAL, ModisSinusoidalGrid } from "../../src/grid/modisSinusoidalGrid";
import { readModisHdf4, readModisFile } from "../../src/products/index";

const FILE = path.join(process.cwd(), "test/fixtures/modis/MOD11A1.A2019305.h14v09.006.2019306084028.hdf");
const PYTHON = "/usr/bin/python3";
const hasGdalPython = fs.existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "from osgeo import gdal"]).status === 0;
const withGdal = hasGdalPython ? test : process.env.CI === "true" ? test : test.skip;

// GDAL 3.6.2 (Debian python3-gdal), HDF4_EOS driver, each subdataset HDF4_EOS:EOS_GRID:"FILE":MODIS_Grid_Daily_1km_LST:SDS:
// [SDS, type, sum of raw values (numpy int64), NoData, Scale, Offset, unit, raw value at row 600 column 700]
const GDAL: [string, string, number, number | null, number, number, string, number][] = [
    ["LST_Day_1km", "uint16", 5216940995, 0.0, 0.02, 0, "K", 0],
    ["QC_Day", "uint8", 8551148, null, 1, 0, "", 3],
    ["Day_view_time", "uint8", 316610909, 255.0, 0.1, 0, "hrs", 255],
    ["Day_view_angl", "uint8", 299602089, 255.0, 1.0, -65.0, "deg", 255],
    ["LST_Night_1km", "uint16", 3285851051, 0.0, 0.02, 0, "K", 0],
    ["QC_Night", "uint8", 9439786, null, 1, 0, "", 3],
    ["Night_view_time", "uint8", 359284775, 255.0, 0.1, 0, "hrs", 255],
    ["Night_view_angl", "uint8", 311205291, 255.0, 1.0, -65.0, "deg", 255],
    ["Emis_31", "uint8", 90951631, 0.0, 0.002, 0.49, "", 0],
    ["Emis_32", "uint8", 91624081, 0.0, 0.002, 0.49, "", 0],
    ["Clear_day_cov", "uint16", 651116579, 0.0, 0.0005, 0, "", 0],
    ["Clear_night_cov", "uint16", 738868067, 0.0, 0.0005, 0, "", 0],
];
// gdalinfo: Origin = (-4447802.079065999947488, 0), Pixel Size = (926.625433138333392, -926.625433139166717)
const GDAL_GEOTRANSFORM = [-4447802.079066, 926.6254331383334, 0, 0, 0, -926.6254331391667];

describe("HDF4 / HDF-EOS2 reader on a real LP DAAC MODIS granule (MOD11A1 h14v09), against GDAL", () => {
  const f = Hdf4File.open(FILE);

  test("lists the 12 SDS in GDAL's subdataset order, with their types, shapes and attributes", () => {
    expect(f.sds.map((s) => s.name)).toEqual(GDAL.map((g) => g[0]));
    for (const s of f.sds) {
      expect(s.shape).toEqual([1200, 1200]);
      expect(s.compression).toBe("deflate");
    }
    expect(f.get("Emis_31").attributes.add_offset).toBeCloseTo(0.49, 12);
    expect(f.get("LST_Day_1km").attributes.valid_range).toEqual([7500, 65535]);
    expect(() => f.get("NDVI")).toThrow(/MOD11A1\.A2019305.*: no SDS 'NDVI' \(has: LST_Day_1km, QC_Day/);
  });

  test.each(GDAL)("%s: raw values, nodata, scale, offset and units as GDAL gives them", (name, type, sum, nodata, scale, offset, unit, at) => {
    const s = f.get(name);
    const raw = f.readRaw(name);
    expect(s.dataType).toBe(type);
    let total = 0;
    for (let i = 0; i < raw.length; i++) total += raw[i];
    expect(total).toBe(sum);
    expect(raw[600 * 1200 + 700]).toBe(at);
    expect(s.attributes._FillValue ?? null).toBe(nodata);
    expect((s.attributes.scale_factor as number | undefined) ?? 1).toBeCloseTo(scale, 12);
    expect((s.attributes.add_offset as number | undefined) ?? 0).toBeCloseTo(offset, 12);
    expect((s.attributes.units as string | undefined) ?? "").toBe(unit);
  });

  test("the HDF-EOS2 grid gives GDAL's geotransform and the MODIS sinusoidal CRS", () => {
    const grids = parseHdfEosGrids(f.attributes["StructMetadata.0"] as string, FILE);
    expect(grids.map((g) => [g.name, g.width, g.height, g.projection, g.fields.length])).toEqual([["MODIS_Grid_Daily_1km_LST", 1200, 1200, "GCTP_SNSOID", 12]]);
    const gt = hdfEosGeoTransform(grids[0]);
    gt.forEach((x, i) => expect(x).toBeCloseTo(GDAL_GEOTRANSFORM[i], 6));
    expect(hdfEosCrs(grids[0])).toBe(MODIS_SINUSOIDAL);
    const tile = ModisSinusoidalGrid.tile(14, 9, "1km");
    expect(gt[0]).toBeCloseTo(tile.west, 3);
    expect(gt[3]).toBeCloseTo(tile.north, 3);
    expect(gt[1]).toBeCloseTo(tile.pixelSize, 6);
  });

  withGdal("every SDS's raw bytes equal GDAL's ReadAsArray (sha-256), read live", () => {
    const py = `
import sys, hashlib
from osgeo import gdal
gdal.UseExceptions()
for name, _ in gdal.Open(sys.argv[1]).GetSubDatasets():
    ds = gdal.Open(name)  # kept alive while its band is read
    a = ds.GetRasterBand(1).ReadAsArray()
    print(name.split(":")[-1], hashlib.sha256(a.astype(a.dtype.newbyteorder("<")).tobytes()).hexdigest())
`;
    const r = spawnSync(PYTHON, ["-c", py, FILE], { encoding: "utf8", timeout: 60000 });
    expect([r.status, r.error?.message ?? "", r.stderr.slice(-300)]).toEqual([0, "", ""]);
    const lines: string[][] = r.stdout.trim().split("\n").map((l) => l.split(" "));
    expect(lines.length).toBe(12);
    for (const [name, sha] of lines) {
      const raw = f.readRaw(name);
      expect([name, crypto.createHash("sha256").update(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)).digest("hex")]).toEqual([name, sha]);
    }
  }, 60000);

  test("raster-info lists and reads HDF4 SDS like NetCDF variables", async () => {
    const info = await rasterInfo(FILE, { variable: "LST_Day_1km" });
    expect(info.format).toBe("HDF4 (HDF-EOS2 grid)");
    expect(info.variables.map((v) => v.name)).toEqual(GDAL.map((g) => g[0]));
    expect([info.width, info.height, info.dataType, info.nodata, info.units, info.crs]).toEqual([1200, 1200, "uint16", 0, "K", MODIS_SINUSOIDAL]);
    expect(info.scale).toBeCloseTo(0.02, 12);
    info.geoTransform!.forEach((x, i) => expect(x).toBeCloseTo(GDAL_GEOTRANSFORM[i], 6));
    // numpy over GDAL's array: v = a[(a != 0) & (a >= 7500)]; v.size 333829, (v * 0.02).mean() 312.55169532904574
    expect(info.statistics.validCount).toBe(333829);
    expect(info.statistics.mean).toBeCloseTo(312.55169532904574, 9);
    const gdalName = await rasterInfo(FILE, { variable: `HDF4_EOS:EOS_GRID:"${FILE}":MODIS_Grid_Daily_1km_LST:Emis_31` });
    expect([gdalName.variable, gdalName.offset]).toEqual(["Emis_31", 0.49]);
    const first = await rasterInfo(FILE);
    expect(first.variable).toBe("LST_Day_1km");
  });

  test("the MODIS reader takes the granule directly: same layer as a GeoTIFF export would give", async () => {
    const lst = await readModisHdf4(FILE);
    expect([lst.kind, lst.date, lst.units, lst.scaling]).toEqual(["lst", "2019-11-01", "K", "file"]);
    expect(lst.grid).toBeInstanceOf(ModisSinusoidalGrid);
    expect([lst.counts.valid, lst.counts.fill, lst.counts.outOfRange]).toEqual([333829, 1106171, 0]);
    let s = 0;
    for (const x of lst.values) if (x === x) s += x;
    expect(s / lst.counts.valid).toBeCloseTo(312.5516357421875, 3); // numpy float32 mean of v * 0.02
    const viaDispatch = await readModisFile(FILE);
    expect(Buffer.from(viaDispatch.values.buffer).equals(Buffer.from(lst.values.buffer))).toBe(true);
    await expect(readModisHdf4(FILE, { kind: "ndvi" })).rejects.toThrow(/no MOD13A2\/MOD13A1 NDVI SDS \(1 km 16 days NDVI \/ 500m 16 days NDVI\) in this HDF4 file \(has: LST_Day_1km/);
  });

  test("damaged files: truncated, corrupted DEFLATE, unsupported storage — errors naming the file and SDS", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hdf4-"));
    const bytes = fs.readFileSync(FILE);
    const cut = path.join(dir, "cut.hdf");
    fs.writeFileSync(cut, bytes.subarray(0, 100000));
    expect(() => Hdf4File.open(cut)).toThrow(/cut\.hdf: truncated/);
    const notHdf = path.join(dir, "plain.hdf");
    fs.writeFileSync(notHdf, "hello");
    expect(() => Hdf4File.open(notHdf)).toThrow(/plain\.hdf: not an HDF4 file/);
    // overwrite the middle of the first SDS's compressed stream
    const good = Hdf4File.open(FILE);
    const damaged = Buffer.from(bytes);
    // the middle of every stream (the first kilobytes of the LST stream code long runs of fill that 0x55 bytes mimic)
    for (const [at, length] of compressedStreams(damaged)) damaged.fill(0x55, at + (length >> 1), at + (length >> 1) + 300);
    const bad = path.join(dir, "bad.hdf");
    fs.writeFileSync(bad, damaged);
    expect(() => Hdf4File.open(bad).readRaw("LST_Day_1km")).toThrow(/bad\.hdf: SDS 'LST_Day_1km': (corrupted DEFLATE data|data decode to)/);
    expect(good.readRaw("LST_Day_1km").length).toBe(1440000);
  });
});

/** Offsets of the DFTAG_COMPRESSED (40) elements' data, walking the chain of data-descriptor blocks. */
function compressedStreams(b: Buffer): [number, number][] {
  const out: [number, number][] = [];
  for (let at = 4; at !== 0; at = b.readUInt32BE(at + 2)) {
    const n = b.readUInt16BE(at);
    for (let i = 0; i < n; i++) {
      const p = at + 6 + 12 * i;
      if (b.readUInt16BE(p) === 40) out.push([b.readUInt32BE(p + 4), b.readUInt32BE(p + 8)]);
    }
  }
  expect(out.length).toBe(12);
  return out;
}
