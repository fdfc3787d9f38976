import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { readHgt, readSrtmGeoTiff, demToGrid } from "../../src/products";

const fx = (p: string) => path.join(process.cwd(), "test/fixtures/srtm", p);

function stats(a: Float32Array) { let s = 0, n = 0, mn = Infinity, mx = -Infinity; for (const x of a) if (x === x) { s += x; n++; if (x < mn) mn = x; if (x > mx) mx = x; } return { n, mean: s / n, min: mn, max: mx }; }

describe("SRTM (real N57E011 tile; gdalinfo -stats / numpy values in fixtures README)", () => {
  test(".hgt in a zip: size from length, big-endian, GDAL's georeferencing and statistics", async () => {
    const dem = await readHgt(fx("N57E011.hgt.zip"));
    expect(dem.grid.width).toBe(1201);
    expect(dem.grid.geoTransform()[0]).toBeCloseTo(10.999583333333334, 12);
    expect(dem.grid.geoTransform()[3]).toBeCloseTo(58.000416666666666, 12);
    expect(dem.grid.cellSize).toBeCloseTo(0.000833333333333, 14);
    const s = stats(dem.values);
    expect(s).toMatchObject({ n: 1201 * 1201, min: -6, max: 163 });
    expect(s.mean).toBeCloseTo(4.392513594, 6);
    expect(dem.values[0 * 1201 + 1074]).toBe(103);
    expect(dem.counts.void).toBe(0);
  });

  test("mean to 1 km (0.01°): 12 × 12 samples per cell", async () => {
    const dem = await readHgt(fx("N57E011.hgt.zip"));
    const km = demToGrid(dem, { grid: new LatLonGrid({ west: 11, north: 58, cellSize: 0.01, width: 100, height: 100 }) });
    expect(km.counts.aggregated).toBe(10000);
    expect(stats(km.values).mean).toBeCloseTo(4.374532639, 5);
    expect(km.values[10 * 100 + 70]).toBeCloseTo(0.520833333, 5);
    expect(km.values[1 * 100 + 99]).toBeCloseTo(144.298611111, 4);
  });

  test("voids (−32768) → NaN, counted, ignored by the mean", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "srtm-"));
    const dem0 = await readHgt(fx("N57E011.hgt.zip"));
    const buf = Buffer.alloc(1201 * 1201 * 2);
    for (let i = 0; i < dem0.values.length; i++) buf.writeInt16BE(dem0.values[i], 2 * i);
    for (let k = 0; k < 10; k++) buf.writeInt16BE(-32768, 2 * (1 * 1201 + 1188 + k)); // row 1, cols 1188-1197
    const file = path.join(dir, "N57E011.hgt");
    fs.writeFileSync(file, buf);
    const dem = await readHgt(file);
    expect(dem.counts.void).toBe(10);
    expect(Number.isNaN(dem.values[1 * 1201 + 1190])).toBe(true);
    const km = demToGrid(dem, { grid: new LatLonGrid({ west: 11, north: 58, cellSize: 0.01, width: 100, height: 100 }) });
    expect(km.counts.aggregated).toBe(10000);
  });

  test("SRTM GeoTIFF: geographic subset read; UTM clip refused naming its CRS", async () => {
    const t = await readSrtmGeoTiff(fx("N57E011_srcwin600_0_300_240.tif"));
    expect(t.grid.west).toBeCloseTo(11.499583333333334, 12);
    const s = stats(t.values);
    expect(s).toMatchObject({ n: 72000, min: -4, max: 119 });
    expect(s.mean).toBeCloseTo(8.2709166666668, 6);
    await expect(readSrtmGeoTiff(fx("srtm_bigtujunga30m_utm11_srcwin80x60.tif"))).rejects.toThrow(/srtm_bigtujunga30m_utm11_srcwin80x60\.tif: SRTM GeoTIFF is in EPSG:32611, not geographic/);
  });

  test("errors: truncated .hgt, unknown corner, corrupted zip, wrong product", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "srtm-"));
    const cut = path.join(dir, "N57E011.hgt");
    fs.writeFileSync(cut, Buffer.alloc(2884802 - 2402));
    await expect(readHgt(cut)).rejects.toThrow(/N57E011\.hgt: 2882400 bytes is not a square grid of int16 samples/);
    const noname = path.join(dir, "tile.hgt");
    fs.writeFileSync(noname, Buffer.alloc(2884802));
    await expect(readHgt(noname)).rejects.toThrow(/tile\.hgt: cannot tell the tile's SW corner/);
    expect((await readHgt(noname, { corner: { lat: 10, lon: 20 } })).grid.width).toBe(1201);
    // a perfect square that is neither SRTM3 nor SRTM1 (a cut tile) is refused, not read with a wrong cell size
    const square = path.join(dir, "N10E020.hgt");
    fs.writeFileSync(square, Buffer.alloc(2 * 1200 * 1200));
    await expect(readHgt(square)).rejects.toThrow(/N10E020\.hgt: 2880000 bytes is a square grid of 1200² int16 samples, which is neither SRTM3 nor SRTM1/);
    const z = path.join(dir, "N57E011.hgt.zip");
    fs.writeFileSync(z, fs.readFileSync(fx("N57E011.hgt.zip")).subarray(0, 50000));
    await expect(readHgt(z)).rejects.toThrow(/N57E011\.hgt\.zip: corrupted or truncated zip archive/);
    await expect(readHgt(path.join(process.cwd(), "test/fixtures/ascat/H25_1436.nc"))).rejects.toThrow(/H25_1436\.nc: 97213 bytes is not a square grid/);
  });
});
