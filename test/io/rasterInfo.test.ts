import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { main } from "../../src/cli/main";
import type { CommandIO } from "../../src/cli/command";
import { rasterInfo } from "../../src/io/rasterInfo";
import type { RasterInfoHandler } from "../../src/io/rasterInfo";
import { rasterStatistics } from "../../src/io/rasterStatistics";

// Expected numbers: GDAL 3.6.2 via test/fixtures/geotiff/make-expected.py (gdal-expected.json).
const dir = path.join(process.cwd(), "test/fixtures/geotiff");
const expected = JSON.parse(fs.readFileSync(path.join(dir, "gdal-expected.json"), "utf8"));

function collector(): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => { stdout.push(t); }, err: (t) => { stderr.push(t); } };
}
async function cli(args: string[]) {
  const io = collector();
  const code = await main(["raster-info", ...args], io);
  return { code, io, json: code === 0 ? JSON.parse(io.stdout.join("\n")) : null };
}

describe("sm-downscale raster-info on GeoTIFFs, against gdalinfo", () => {
  test.each([
    ["MOD11A2.061_LST_Day_1km_doy2026001000000_aid0001.tif", "BigTIFF GeoTIFF", "EPSG:4326"],
    ["MOD13A1_NDVI_2016_001.tif", "GeoTIFF", "+proj=sinu +lon_0=0 +x_0=0 +y_0=0 +R=6371007.181 +units=m +no_defs"],
    ["cog_scale.tif", "GeoTIFF", "+proj=utm +zone=52 +ellps=WGS84 +units=m +no_defs"],
    ["nt_20201024_f18_nrt_s.tif", "GeoTIFF", "+proj=stere +lat_0=-90 +lat_ts=-70 +lon_0=0 +x_0=0 +y_0=0 +a=6378273 +rf=298.279411123064 +units=m +no_defs"],
    ["nz_habitat_anticross_4326_1deg.tif", "GeoTIFF", "EPSG:4326"],
  ])("%s", async (name, format, crs) => {
    const e = expected[name];
    const b = e.bands[0];
    const { code, json } = await cli([path.join(dir, name)]);
    expect(code).toBe(0);
    expect(json.format).toBe(format);
    expect(json.crs).toBe(crs);
    if (e.proj4 && crs.startsWith("+proj")) expect(crs).toBe(e.proj4);
    expect([json.width, json.height]).toEqual(e.size);
    json.geoTransform.forEach((v: number, i: number) => expect(v).toBeCloseTo(e.geoTransform[i], 9));
    expect(json.variables).toHaveLength(e.bands.length);
    expect(json.nodata).toBeCloseTo(b.noDataValue, 0);
    expect(json.scale).toBeCloseTo(b.scale, 12);
    expect(json.offset).toBeCloseTo(b.offset, 12);
    // statistics are of the SCALED values: GDAL's raw statistics × scale + offset
    expect(json.statistics.validCount).toBe(b.npCount);
    expect(json.statistics.min).toBeCloseTo(b.npMin * b.scale + b.offset, 4);
    expect(json.statistics.max).toBeCloseTo(b.npMax * b.scale + b.offset, 4);
    expect(json.statistics.mean).toBeCloseTo(b.npMean * b.scale + b.offset, 4);
    expect(json.timeSteps).toBeNull();
    const [x0, dx, , y0, , dy] = e.geoTransform;
    expect(json.bbox[0]).toBeCloseTo(x0, 6);
    expect(json.bbox[1]).toBeCloseTo(y0 + e.size[1] * dy, 6);
    expect(json.bbox[2]).toBeCloseTo(x0 + e.size[0] * dx, 6);
  });

  test("--var selects a band (cog_scale band 2: scale 0.001, offset 2000)", async () => {
    const { code, json } = await cli([path.join(dir, "cog_scale.tif"), "--var", "band_2"]);
    expect(code).toBe(0);
    const b = expected["cog_scale.tif"].bands[1];
    expect(json.variable).toBe("band_2");
    expect(json.scale).toBe(0.001);
    expect(json.offset).toBe(2000);
    expect(json.statistics.mean).toBeCloseTo(b.npMean * 0.001 + 2000, 6);
  });

  test("LST units and NaN nodata are reported", async () => {
    const lst = await cli([path.join(dir, "MOD11A2.061_LST_Day_1km_doy2026001000000_aid0001.tif")]);
    expect(lst.json.units).toBe("Kelvin");
    const fnan = await cli([path.join(dir, "float_nan.tif")]);
    expect(fnan.json.nodata).toBe("nan");
    expect(fnan.json.crs).toBeNull();
  });

  test("errors: unknown variable, unrecognised format, unsupported compression, usage", async () => {
    const v = await cli([path.join(dir, "float.tif"), "--var", "soil"]);
    expect(v.code).toBe(1);
    expect(v.io.stderr[0]).toMatch(/float\.tif: no variable 'soil' \(has: band_1\)/);
    const f = await cli([path.join(dir, "README.md")]);
    expect(f.code).toBe(1);
    expect(f.io.stderr[0]).toMatch(/README\.md: unrecognised file format \(first bytes 23 20 47 65/);
    const w = await cli([path.join(dir, "usda_naip_256_webp_z3.tif")]);
    expect(w.code).toBe(1);
    expect(w.io.stderr[0]).toMatch(/usda_naip_256_webp_z3\.tif: compression WEBP \(50001\)/);
    const u = await cli([]);
    expect(u.code).toBe(2);
    expect(u.io.stderr[0]).toMatch(/raster-info: expected exactly one FILE, got 0/);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rasterinfo-"));
    const cut = path.join(tmp, "cut.tif");
    fs.writeFileSync(cut, fs.readFileSync(path.join(dir, "cog_scale.tif")).subarray(0, 5000));
    const t = await cli([cut]);
    expect(t.code).toBe(1);
    expect(t.io.stderr[0]).toMatch(/cut\.tif: .*truncated/);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("the real binary prints one JSON object", () => {
    const r = spawnSync(process.execPath, ["bin/sm-downscale.js", "raster-info", path.join(dir, "int16_zstd.tif")], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.details.compression).toBe("ZSTD (50000)");
    expect(j.statistics).toEqual({ min: -5000, max: 4998, mean: 86.5224609375, validCount: 4096 });
  });
});

describe("rasterInfo dispatch", () => {
  test("a registered handler is chosen by its magic bytes; handlers are tried in order", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "rasterinfo-"));
    const file = path.join(tmp, "x.demo");
    fs.writeFileSync(file, "DEMO1 3 1 2 NaN");
    const demo: RasterInfoHandler = {
      name: "demo",
      detect: (head) => Buffer.from(head.subarray(0, 5)).toString("latin1") === "DEMO1",
      async describe(f, { variable }) {
        const vals = fs.readFileSync(f, "latin1").split(" ").slice(1).map(Number);
        return { file: f, format: "demo", variables: [{ name: "v", dataType: "float64" }], variable: variable ?? "v", width: vals.length, height: 1,
          dataType: "float64", crs: null, geoTransform: null, bbox: null, nodata: null, scale: 1, offset: 0, units: null, timeSteps: null,
          statistics: rasterStatistics(vals) };
      },
    };
    const info = await rasterInfo(file, { handlers: [demo] });
    expect(info.statistics).toEqual({ min: 1, max: 3, mean: 2, validCount: 3 });
    await expect(rasterInfo(file)).rejects.toThrow(/unrecognised file format .*known: geotiff/);
    await expect(rasterInfo(path.join(tmp, "none.tif"))).rejects.toThrow(/none\.tif: cannot open/);
    fs.writeFileSync(path.join(tmp, "empty.tif"), "");
    await expect(rasterInfo(path.join(tmp, "empty.tif"))).rejects.toThrow(/empty\.tif: file is empty/);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("TSDoc example", async () => {
    const info = await rasterInfo(path.join(dir, "float_nan.tif"));
    expect(info.format).toBe("GeoTIFF");
    expect(info.statistics.validCount).toBe(5);
    expect(rasterStatistics(new Float32Array([1, NaN, 3]))).toEqual({ min: 1, max: 3, mean: 2, validCount: 2 });
  });
});
