import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { writeGeoTiff, writeGeoTiffAsync, MODIS_SINUSOIDAL_PROJ } from "../../src/io/writeGeoTiff";
import { readGeoTiff } from "../../src/io/readGeoTiff";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import type { GeoTransform } from "../../src/io/readGeoTiff";

// Every written variant is checked with GDAL (Debian gdal-bin, installed in CI): gdalinfo -json -stats,
// gdalsrsinfo -o proj4 and gdallocationinfo -valonly. Without gdalinfo those checks are skipped with a message.
const gdalVersion = spawnSync("gdalinfo", ["--version"], { encoding: "utf8" });
const hasGdal = gdalVersion.status === 0;
if (!hasGdal) console.warn("writeGeoTiff.test: gdalinfo not found (apt-get install gdal-bin): GDAL cross-checks are SKIPPED");
const gdalTest = hasGdal ? test : test.skip;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "writegeotiff-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}
interface GdalBand { type: string; noDataValue?: number | string; scale?: number; offset?: number; unit?: string; metadata?: Record<string, Record<string, string>> }
function gdalinfo(file: string): { size: [number, number]; geoTransform: number[]; bands: GdalBand[]; coordinateSystem?: { wkt: string }; metadata: Record<string, Record<string, string>> } {
  return JSON.parse(run("gdalinfo", ["-json", "-stats", file]));
}
function pixel(file: string, col: number, row: number): number {
  return Number(run("gdallocationinfo", ["-valonly", file, String(col), String(row)]).trim());
}
/** Independent statistics of what was written (NaN and nodata excluded). */
function stats(values: ArrayLike<number>, nodata?: number) {
  let min = Infinity, max = -Infinity, sum = 0, n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v || v === nodata) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v; n++;
  }
  return { min, max, mean: sum / n, n };
}

// A 0.01° grid over part of Korea, 530 × 410 (not a multiple of the tile size: partial edge tiles).
const grid = new LatLonGrid({ west: 125.5, north: 39.0, cellSize: 0.01, width: 530, height: 410 });
const field = new Float32Array(grid.size);
for (let r = 0; r < grid.height; r++) for (let c = 0; c < grid.width; c++) {
  field[r * grid.width + c] = 0.05 + 0.4 * Math.abs(Math.sin(r / 37) * Math.cos(c / 53));
}
for (let i = 0; i < field.length; i += 97) field[i] = NaN; // gaps

// MODIS sinusoidal 1 km tile h28v05 (upper-left corner from digest §4.9), 600 × 300 window of it.
const tileUL: [number, number] = [-20015109.354 + 28 * 1111950.5197, 10007554.677 - 5 * 1111950.5197];
const sinuGt: GeoTransform = [tileUL[0], 926.625433055833, 0, tileUL[1], 0, -926.625433055833];

describe("writeGeoTiff writes files GDAL reads with the right georeferencing, nodata and values", () => {
  gdalTest("float32, EPSG:4326, nodata -9999, Deflate 256 tiles, COG layout", () => {
    const file = path.join(tmp, "f32.tif");
    const res = writeGeoTiff(file, field, { grid, nodata: -9999 });
    expect(res.tiles).toBe(3 * 2);
    expect(res.nanCount).toBe(Math.ceil(grid.size / 97));
    const info = gdalinfo(file);
    expect(info.size).toEqual([530, 410]);
    expect(info.geoTransform).toEqual([125.5, 0.01, 0, 39, 0, -0.01]);
    expect(info.coordinateSystem!.wkt).toMatch(/ID\["EPSG",4326\]\]$/);
    expect(run("gdalsrsinfo", ["-o", "epsg", file])).toMatch(/EPSG:4326/);
    expect(info.metadata.IMAGE_STRUCTURE).toMatchObject({ COMPRESSION: "DEFLATE", LAYOUT: "COG" });
    const b = info.bands[0];
    expect(b.type).toBe("Float32");
    expect(b.noDataValue).toBe(-9999);
    const s = stats(field);
    const md = b.metadata![""];
    expect(Number(md.STATISTICS_MINIMUM)).toBeCloseTo(s.min, 6);
    expect(Number(md.STATISTICS_MAXIMUM)).toBeCloseTo(s.max, 6);
    expect(Number(md.STATISTICS_MEAN)).toBeCloseTo(s.mean, 6);
    expect(Number(md.STATISTICS_VALID_PERCENT)).toBeCloseTo((100 * s.n) / grid.size, 2);
    for (const [c, r] of [[0, 0], [1, 0], [529, 409], [300, 200], [97 % 530, Math.floor(97 / 530)]]) {
      const v = field[r * 530 + c];
      if (Number.isNaN(v)) expect(pixel(file, c, r)).toBe(-9999);
      else expect(pixel(file, c, r)).toBeCloseTo(v, 6);
    }
  });

  gdalTest("float32 with predictor 3 and NaN nodata", () => {
    const file = path.join(tmp, "f32nan.tif");
    writeGeoTiff(file, field, { grid, nodata: NaN, predictor: true, tileSize: 128 });
    const info = gdalinfo(file);
    expect(info.bands[0].noDataValue).toBe("NaN");
    expect(info.metadata.IMAGE_STRUCTURE.PREDICTOR).toBe("3");
    const s = stats(field);
    expect(Number(info.bands[0].metadata![""].STATISTICS_MEAN)).toBeCloseTo(s.mean, 6);
    expect(pixel(file, 311, 222)).toBeCloseTo(field[222 * 530 + 311], 6);
  });

  gdalTest("int16 with predictor 2, scale/offset and units in GDAL_METADATA", () => {
    const file = path.join(tmp, "i16.tif");
    const raw = Array.from(field, (v) => (Number.isNaN(v) ? NaN : Math.round(v * 10000) - 2000));
    writeGeoTiff(file, raw, { grid, dataType: "int16", nodata: -32768, predictor: true, scale: 0.0001, offset: 0.2, units: "m3 m-3" });
    const info = gdalinfo(file);
    const b = info.bands[0];
    expect(b.type).toBe("Int16");
    expect(b.noDataValue).toBe(-32768);
    expect(b.scale).toBe(0.0001);
    expect(b.offset).toBe(0.2);
    expect(b.unit).toBe("m3 m-3");
    const s = stats(raw);
    expect(Number(b.metadata![""].STATISTICS_MINIMUM)).toBe(s.min);
    expect(Number(b.metadata![""].STATISTICS_MAXIMUM)).toBe(s.max);
    expect(Number(b.metadata![""].STATISTICS_MEAN)).toBeCloseTo(s.mean, 6);
    expect(pixel(file, 100, 50)).toBe(raw[50 * 530 + 100]);
  });

  gdalTest("uint8 land cover in MODIS sinusoidal: gdalsrsinfo prints the AppEEARS proj string", () => {
    const file = path.join(tmp, "lc_sinu.tif");
    const codes = new Uint8Array(600 * 300);
    for (let i = 0; i < codes.length; i++) codes[i] = i % 211 === 0 ? 255 : 1 + ((i * 7) % 17);
    writeGeoTiff(file, codes, { width: 600, height: 300, geoTransform: sinuGt, crs: MODIS_SINUSOIDAL_PROJ, dataType: "uint8", nodata: 255 });
    expect(run("gdalsrsinfo", ["-o", "proj4", file]).trim()).toBe(MODIS_SINUSOIDAL_PROJ);
    const info = gdalinfo(file);
    info.geoTransform.forEach((v, i) => expect(v).toBeCloseTo(sinuGt[i], 6));
    expect(info.bands[0].noDataValue).toBe(255);
    const s = stats(codes, 255);
    expect(Number(info.bands[0].metadata![""].STATISTICS_MEAN)).toBeCloseTo(s.mean, 6);
    expect(pixel(file, 599, 299)).toBe(codes[299 * 600 + 599]);
    // GDAL puts the tile's upper-left corner at 40°N (v05 spans 40–30°N), lon = 100° / cos 40° (sinusoidal)
    const r = spawnSync("gdaltransform", ["-s_srs", MODIS_SINUSOIDAL_PROJ, "-t_srs", "EPSG:4326", "-output_xy"], { input: `${tileUL[0]} ${tileUL[1]}\n`, encoding: "utf8" });
    const [lon, lat] = r.stdout.trim().split(/\s+/).map(Number);
    expect(lat).toBeCloseTo(40, 6);
    expect(lon).toBeCloseTo(100 / Math.cos((40 * Math.PI) / 180), 4);
  });

  gdalTest("rotated geotransform is written as ModelTransformation", () => {
    const file = path.join(tmp, "rot.tif");
    const gt: GeoTransform = [100, 17.320508075688775, 5, 200, 10, -8.660254037844387];
    writeGeoTiff(file, new Float32Array(10 * 15).map((_, i) => i), { width: 10, height: 15, geoTransform: gt, crs: "EPSG:32652" });
    const info = gdalinfo(file);
    info.geoTransform.forEach((v, i) => expect(v).toBeCloseTo(gt[i], 9));
    expect(info.coordinateSystem!.wkt).toMatch(/UTM zone 52N/);
  });
});

describe("writeGeoTiff round trip and contract", () => {
  test("readGeoTiff reads back values, nodata, scale, CRS and geotransform", async () => {
    const file = path.join(tmp, "rt.tif");
    writeGeoTiff(file, field, { grid, nodata: -9999, tileSize: 64, predictor: true });
    const r = await readGeoTiff(file);
    expect(r.crs).toBe("EPSG:4326");
    expect(r.geoTransform).toEqual(grid.geoTransform());
    expect(r.counts.nodata).toBe(Math.ceil(grid.size / 97));
    for (let i = 0; i < field.length; i++) {
      if (Number.isNaN(field[i])) expect(r.values[i]).toBeNaN();
      else if (r.values[i] !== field[i]) throw new Error(`value ${i}: ${r.values[i]} != ${field[i]}`);
    }
    const s = path.join(tmp, "rt_sinu.tif");
    writeGeoTiff(s, new Int16Array(40 * 30).map((_, i) => i - 600), { width: 40, height: 30, geoTransform: sinuGt, crs: MODIS_SINUSOIDAL_PROJ, dataType: "int16", scale: 0.5, offset: 1 });
    const rs = await readGeoTiff(s);
    expect(rs.crs).toBe(MODIS_SINUSOIDAL_PROJ);
    expect(rs.values[0]).toBe(-600 * 0.5 + 1);
    expect(rs.values[1199]).toBe(599 * 0.5 + 1);
  });

  test("writeGeoTiffAsync writes the same bytes as writeGeoTiff", async () => {
    const a = path.join(tmp, "sync.tif"), b = path.join(tmp, "async.tif");
    const ra = writeGeoTiff(a, field, { grid, nodata: -9999, tileSize: 64, predictor: true });
    const rb = await writeGeoTiffAsync(b, field, { grid, nodata: -9999, tileSize: 64, predictor: true, concurrency: 3 });
    expect(rb).toEqual({ ...ra, path: b });
    expect(fs.readFileSync(b).equals(fs.readFileSync(a))).toBe(true);
    await expect(writeGeoTiffAsync(b, [1], { width: 2, height: 2, geoTransform: [0, 1, 0, 2, 0, -1], crs: "EPSG:4326" })).rejects.toThrow(/writeGeoTiffAsync: values must hold width\*height = 4 numbers, got 1/);
  });

  test("the file is written atomically (no temporary left) and replaces an old one", () => {
    const file = path.join(tmp, "atomic.tif");
    fs.writeFileSync(file, "old");
    writeGeoTiff(file, [1, 2, 3, 4], { width: 2, height: 2, geoTransform: [0, 1, 0, 2, 0, -1], crs: "EPSG:4326" });
    expect(fs.readFileSync(file).subarray(0, 4)).toEqual(Buffer.from([0x49, 0x49, 42, 0]));
    expect(fs.readdirSync(tmp).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  test("the IFD comes before the tile data (COG order)", () => {
    const file = path.join(tmp, "order.tif");
    writeGeoTiff(file, field, { grid, nodata: -9999 });
    const b = fs.readFileSync(file);
    const ifd = b.readUInt32LE(4);
    const n = b.readUInt16LE(ifd);
    let firstTile = Infinity;
    for (let i = 0; i < n; i++) {
      const e = ifd + 2 + 12 * i;
      if (b.readUInt16LE(e) === 324) firstTile = b.readUInt32LE(b.readUInt32LE(e + 8));
    }
    expect(ifd).toBeLessThan(1000);
    expect(firstTile).toBeGreaterThan(ifd + 2 + 12 * n);
    expect(b.subarray(8, 38).toString("latin1")).toBe("GDAL_STRUCTURAL_METADATA_SIZE=");
  });

  test("invalid options and values are rejected naming the option", () => {
    const f = path.join(tmp, "bad.tif");
    const base = { width: 2, height: 2, geoTransform: [0, 1, 0, 2, 0, -1] as GeoTransform, crs: "EPSG:4326" };
    expect(() => writeGeoTiff(f, [1, 2, 3], base)).toThrow(/values must hold width\*height = 4 numbers, got 3/);
    expect(() => writeGeoTiff(f, [1, 2, 3, NaN], { ...base, dataType: "int16" })).toThrow(/NaN \(index 3\) but no nodata/);
    expect(() => writeGeoTiff(f, [1, 2, 3, 300], { ...base, dataType: "uint8" })).toThrow(/values\[3\] = 300 does not fit dataType uint8/);
    expect(() => writeGeoTiff(f, [1, 2, 3, 4], { ...base, tileSize: 100 })).toThrow(/tileSize must be a multiple of 16/);
    expect(() => writeGeoTiff(f, [1, 2, 3, 4], { ...base, crs: "+proj=merc" })).toThrow(/crs must be "EPSG:<code>" or a \+proj=sinu string/);
    expect(() => writeGeoTiff(f, [1, 2, 3, 4], { ...base, dataType: "float64" as never })).toThrow(/dataType must be/);
    expect(() => writeGeoTiff(f, [1, 2, 3, 4], { ...base, nodata: -9999, dataType: "uint8" })).toThrow(/nodata -9999 does not fit dataType uint8/);
    expect(fs.existsSync(f)).toBe(false);
  });
});
