import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Hdf5File, decodeCf, checkHdf5Container, parseCfTimeUnits, cfTimeToDate } from "../../src/io/hdf5";

const fx = (p: string) => path.join(process.cwd(), "test/fixtures", p);
const GLDAS = fx("gldas/GLDAS_NOAH025_3H.A20160101.0300.021.nc4");
const LPRM = fx("amsr2/LPRM-AMSR2_L3_D_SOILM3_V001_20150401013507.nc4");
const EUM = fx("ascat/W_XX-EUMETSAT-Darmstadt,SURFACE+SATELLITE,METOPA+ASCAT_C_EUMP_20170220041500_53652_eps_o_250_ssm_l2.nc");
const H111 = fx("ascat/H111_1436.nc");

function stats(a: ArrayLike<number>) {
  let n = 0, s = 0, mn = Infinity, mx = -Infinity;
  for (let i = 0; i < a.length; i++) { const x = a[i]; if (x === x) { n++; s += x; if (x < mn) mn = x; if (x > mx) mx = x; } }
  return { n, mean: s / n, min: mn, max: mx };
}

describe("Hdf5File on real NetCDF-4 files (values from python3-netcdf4, see fixtures README)", () => {
  test("GLDAS 3H: superblock v0 dense links, fill -9999 → NaN, dims, pixel", async () => {
    const f = await Hdf5File.open(GLDAS);
    expect(f.container.superblockVersion).toBe(0);
    const v = f.read("SoilMoi0_10cm_inst");
    expect(v.shape).toEqual([1, 600, 1440]);
    expect(v.dimensions).toEqual(["time", "lat", "lon"]);
    expect(v.units).toBe("kg m-2");
    expect(v.counts).toEqual({ total: 864000, valid: 243883, fill: 620117, outOfRange: 0 });
    const s = stats(v.values);
    expect(s.mean).toBeCloseTo(25.5745562, 5);
    expect(s.max).toBeCloseTo(47.596, 4);
    expect(v.values[390 * 1440 + 1228]).toBeCloseTo(29.263, 4); // lat 37.625, lon 127.125
    const t = f.read("time", { output: "float64" });
    expect(t.values[0]).toBe(8415360);
    expect(cfTimeToDate(t.values[0], parseCfTimeUnits(String(t.attributes.units))).toISOString()).toBe("2016-01-01T03:00:00.000Z");
    expect(f.globalAttributes().SOUTH_WEST_CORNER_LAT).toBeCloseTo(-59.875, 5);
    expect(f.variablePaths()).toEqual(expect.arrayContaining(["/lat", "/lon", "/time", "/SoilMoi0_10cm_inst"]));
    f.close();
  });

  test("LPRM: transposed (Longitude, Latitude) int16 with _FillValue and scale_factor", async () => {
    const f = await Hdf5File.open(LPRM);
    const v = f.read("soil_moisture_x");
    expect(v.dimensions).toEqual(["Longitude", "Latitude"]);
    expect(v.counts.valid).toBe(98866);
    expect(stats(v.values).mean).toBeCloseTo(27.5653106, 5);
    expect(v.values[72 * 720 + 117]).toBe(30);
    const ts = f.read("ts");
    expect(ts.scale).toBeCloseTo(0.1, 6);
    expect(ts.counts.valid).toBe(96207);
    expect(stats(ts.values).mean).toBeCloseTo(289.0688, 3);
    f.close();
  });

  test("EUMETSAT swath: big-endian ushort, _Unsigned, no _FillValue → default fill 65535 masked", async () => {
    const f = await Hdf5File.open(EUM);
    const v = f.read("soil_moisture");
    expect(v.bigEndian).toBe(true);
    expect(v.counts.valid).toBe(15372);
    expect(v.values[0]).toBeCloseTo(1.76, 5);
    expect(v.values[5]).toBeCloseTo(4.56, 5);
    expect(stats(v.values).mean).toBeCloseTo(27.6935337, 4);
    f.close();
  });

  test("H SAF H111 ragged cell: int8 missing_value 127, vlen string", async () => {
    const f = await Hdf5File.open(H111);
    const v = f.read("sm");
    expect(v.counts).toEqual({ total: 13715, valid: 13658, fill: 57, outOfRange: 0 });
    expect(stats(v.values).mean).toBeCloseTo(31.5260653, 5);
    expect(f.info("row_size").attributes.sample_dimension).toBe("obs");
    expect(f.variablePaths()).not.toContain("/obs");
    f.close();
  });

  test("errors name the file and the problem", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "h5err-"));
    const trunc = path.join(dir, "H111_truncated.nc");
    fs.writeFileSync(trunc, fs.readFileSync(H111).subarray(0, 60000));
    await expect(Hdf5File.open(trunc)).rejects.toThrow(/H111_truncated\.nc: truncated HDF5 file: the superblock records 127748 bytes, the file has 60000/);
    const junk = path.join(dir, "junk.nc4");
    fs.writeFileSync(junk, Buffer.from("this is not a netCDF file at all, just text"));
    await expect(Hdf5File.open(junk)).rejects.toThrow(/junk\.nc4: no HDF5 signature/);
    await expect(Hdf5File.open(path.join(dir, "absent.nc4"))).rejects.toThrow(/absent\.nc4: cannot open/);
    const f = await Hdf5File.open(GLDAS);
    expect(() => f.read("SoilMoi0_10cm")).toThrow(/GLDAS_NOAH025_3H.*no variable "SoilMoi0_10cm" \(variables: .*SoilMoi0_10cm_inst/);
    expect(() => f.read("lat", { slice: [[0, 700]] })).toThrow(RangeError);
    f.close();
    // corrupted chunk data: flip bytes inside the deflate stream of the single GLDAS chunk
    const bad = path.join(dir, "GLDAS_corrupted.nc4");
    const buf = Buffer.from(fs.readFileSync(GLDAS));
    for (let i = 700000; i < 700400; i++) buf[i] = 0x55;
    fs.writeFileSync(bad, buf);
    const g = await Hdf5File.open(bad);
    expect(() => g.read("SoilMoi0_10cm_inst")).toThrow(/GLDAS_corrupted\.nc4: variable "SoilMoi0_10cm_inst": cannot read its data/);
    g.close();
    expect(() => checkHdf5Container(fx("ascat/H25_1436.nc"))).not.toThrow();
  });
});

describe("decodeCf", () => {
  test("documented example: scale, fill, valid_range", () => {
    const r = decodeCf(new Int16Array([1, -32767, 5000]), { scale_factor: 0.01, _FillValue: -32767, valid_range: [0, 4000] }, "<h");
    expect(r.values[0]).toBeCloseTo(0.01, 6);
    expect(Number.isNaN(r.values[1]) && Number.isNaN(r.values[2])).toBe(true);
    expect(r.counts).toEqual({ total: 3, valid: 1, fill: 1, outOfRange: 1 });
  });
  test("_Unsigned reinterprets signed storage and signed valid_max (wraps like EUMETSAT mean_soil_moisture)", () => {
    const r = decodeCf(new Int16Array([-31072, -1, 100]), { _Unsigned: "true", valid_min: 0, valid_max: -31072, scale_factor: 0.01 }, "<h");
    expect(r.values[0]).toBeCloseTo(344.64, 4);
    expect(Number.isNaN(r.values[1])).toBe(true); // 65535 = default ushort fill
    expect(r.counts).toEqual({ total: 3, valid: 2, fill: 1, outOfRange: 0 });
  });
  test("bad option is a RangeError naming it", () => {
    expect(() => decodeCf([1], {}, "<f", { validRange: [2, 1] })).toThrow(/options.validRange/);
  });
});
