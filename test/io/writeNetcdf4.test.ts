import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Hdf5File } from "../../src/io/hdf5/hdf5File";
import { writeNetcdf4, type Netcdf4AttributeValue } from "../../src/io/hdf5/writeNetcdf4";

const REAL = path.join(process.cwd(), "test/fixtures/gldas/GLDAS_NOAH025_3H.A20160101.0300.021.nc4");
const hasNcdump = spawnSync("ncdump", ["--version"]).error === undefined;
const withNcdump = hasNcdump || process.env.CI === "true" ? test : test.skip;
const f32 = (x: number) => new Float32Array([x]);

/** The attributes of a GLDAS-2.1 Noah variable as GES DISC writes them (types as in the real granule). */
function gldasAttributes(units: string, standard: string, long: string, vmin: number, vmax: number, cell?: string): [string, Netcdf4AttributeValue][] {
  return [
    ["units", units], ["standard_name", standard], ["long_name", long], ...(cell ? [["cell_methods", cell] as [string, string]] : []),
    ["scale_factor", f32(1)], ["add_offset", f32(0)], ["missing_value", f32(-9999)], ["_FillValue", f32(-9999)], ["vmin", f32(vmin)], ["vmax", f32(vmax)],
  ];
}

describe("writeNetcdf4: a GLDAS granule rewritten from the real one", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nc4w-"));
  const out = path.join(dir, path.basename(REAL));
  let real: Hdf5File;
  beforeAll(async () => {
    real = await Hdf5File.open(REAL);
    const raw = (n: string) => real.readRaw(n) as Float32Array | Float64Array;
    const g = real.globalAttributes() as Record<string, string | number>;
    await writeNetcdf4(out, {
      dimensions: [["time", 1, true], ["lat", 600], ["lon", 1440], ["bnds", 2]],
      variables: [
        { name: "SoilMoi0_10cm_inst", dimensions: ["time", "lat", "lon"], data: raw("SoilMoi0_10cm_inst"), deflate: 4, chunks: [1, 600, 1440], attributes: gldasAttributes("kg m-2", "soil_moisture_content", "Soil moisture", 2, 47.596, "time: point") },
        { name: "SoilMoi10_40cm_inst", dimensions: ["time", "lat", "lon"], data: raw("SoilMoi10_40cm_inst"), deflate: 4, chunks: [1, 600, 1440], attributes: gldasAttributes("kg m-2", "soil_moisture_content", "Soil moisture", 6.450927, 142.7129, "time: point") },
        { name: "lat", dimensions: ["lat"], data: raw("lat"), deflate: 4, attributes: gldasAttributes("degrees_north", "latitude", "latitude", -59.875, 89.875) },
        { name: "lon", dimensions: ["lon"], data: raw("lon"), deflate: 4, attributes: gldasAttributes("degrees_east", "longitude", "longitude", -179.875, 179.875) },
        { name: "time", dimensions: ["time"], data: raw("time"), attributes: [["units", " minutes since 2000-01-01 03:00:00"], ["long_name", "time"], ["time_increment", "180"], ["begin_date", "20160101"], ["begin_time", "030000"], ["bounds", "time_bnds"]] },
        { name: "time_bnds", dimensions: ["time", "bnds"], data: raw("time_bnds"), attributes: [] },
      ],
      attributes: [
        ["missing_value", f32(-9999)], ["tavg definision:", String(g["tavg definision:"])], ["acc definision:", String(g["acc definision:"])], ["inst definision:", String(g["inst definision:"])],
        ...(["title", "institution", "source", "history", "references", "conventions", "comment", "MAP_PROJECTION"] as const).map((k) => [k, String(g[k])] as [string, string]),
        ["SOUTH_WEST_CORNER_LAT", f32(-59.875)], ["SOUTH_WEST_CORNER_LON", f32(-179.875)], ["DX", f32(0.25)], ["DY", f32(0.25)], ["NCO", String(g.NCO)],
      ],
    });
  });
  afterAll(() => { real.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  withNcdump("ncdump -h prints the same header as for the real granule", () => {
    const header = (f: string) => spawnSync("ncdump", ["-h", f], { encoding: "utf8" }).stdout.split("\n").slice(1).join("\n");
    expect(header(out)).toBe(header(REAL));
  });

  test("our reader gets the same values, fills and attributes back", async () => {
    const back = await Hdf5File.open(out);
    try {
      for (const v of ["SoilMoi0_10cm_inst", "SoilMoi10_40cm_inst", "lat", "lon", "time", "time_bnds"]) {
        const a = real.readRaw(v) as Float32Array, b = back.readRaw(v) as Float32Array;
        expect([v, Buffer.from(a.buffer as ArrayBuffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength))]).toEqual([v, true]);
      }
      const sm = back.read("SoilMoi0_10cm_inst");
      expect(sm.counts).toEqual(real.read("SoilMoi0_10cm_inst").counts);
      expect(back.info("SoilMoi0_10cm_inst").dimensions).toEqual(["time", "lat", "lon"]);
    } finally { back.close(); }
  });

  test("options are checked before any work", async () => {
    const bad = path.join(dir, "bad.nc4");
    await expect(writeNetcdf4(bad, { dimensions: [["x", 2]], variables: [{ name: "v", dimensions: ["y"], data: new Float32Array(2) }] })).rejects.toThrow(/options\.variables\[0\] \(v\) uses the undeclared dimension "y"/);
    await expect(writeNetcdf4(bad, { dimensions: [["x", 2]], variables: [{ name: "v", dimensions: ["x"], data: new Float32Array(3) }] })).rejects.toThrow(/\(v\) has 3 values, its dimensions x hold 2/);
    await expect(writeNetcdf4(bad, { dimensions: [["x", 0]], variables: [] })).rejects.toThrow(/dimensions\[0\] \(x\) size must be a positive integer, got 0/);
    expect(fs.existsSync(bad)).toBe(false);
  });
});
