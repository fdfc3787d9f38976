import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import proj4 from "proj4";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { MODIS_SINUSOIDAL, ModisSinusoidalGrid } from "../../src/grid/modisSinusoidalGrid";
import { writeHdf4, formatHdfEosGrids } from "../../src/io/hdf4/index";
import { loadProductManifest } from "../../src/manifests/loadProductManifest";
import { readModisClearSkyDays, clearFlagsForDay } from "../../src/products/modisClearSky";
import { ProductSource } from "../../src/sources/ProductSource";
import { RoutedSource } from "../../src/sources/RoutedSource";

// A MOD11A2 granule piece (the first 120 × 120 pixels of tile h28v05, composite 2015-07-12 = DOY 193) written as LP
// DAAC lays it out, with a known Clear_sky_days bit field: bits = (row * 7 + col * 3) & 255.
const W = 120, H = 120;
const tile = ModisSinusoidalGrid.tile(28, 5, "1km");
const GRID = "MODIS_Grid_8Day_1km_LST";
const bitsAt = (row: number, col: number) => (row * 7 + col * 3) & 255;

function writeGranule(dir: string): string {
  const f = path.join(dir, "MOD11A2.A2015193.h28v05.061.2021330021306.hdf");
  const n = W * H;
  const lst = Uint16Array.from({ length: n }, (_, i) => 14000 + (i % 500));
  const bits = Uint8Array.from({ length: n }, (_, i) => bitsAt(Math.floor(i / W), i % W));
  const ul: [number, number] = [tile.west, tile.north];
  const lr: [number, number] = [tile.west + W * tile.pixelSize, tile.north - H * tile.pixelSize];
  const dims = [`YDim:${GRID}`, `XDim:${GRID}`];
  writeHdf4(f, {
    sds: [
      { name: "LST_Day_1km", dataType: "uint16", shape: [H, W], values: lst, dimNames: dims, attributes: [["units", "K"], ["valid_range", [7500, 65535]], ["_FillValue", 0], ["scale_factor", 0.02]] },
      { name: "Clear_sky_days", dataType: "uint8", shape: [H, W], values: bits, dimNames: dims, attributes: [["long_name", "Day clear-sky flags"], ["valid_range", [1, 255]], ["_FillValue", 0]] },
    ],
    attributes: [["HDFEOSVersion", "HDFEOS_V2.19"], ["StructMetadata.0", formatHdfEosGrids([{ name: GRID, width: W, height: H, upperLeft: ul, lowerRight: lr, projection: "GCTP_SNSOID", projParams: [6371007.181], fields: ["LST_Day_1km", "Clear_sky_days"].map((name) => ({ name, dataType: "DFNT_UINT8", dimensions: ["YDim", "XDim"] })) }])]],
    eosGrid: { name: GRID },
  });
  return f;
}

describe("MOD11A2 Clear_sky_days: the real-data clear-sky rule", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "clear-"));
  const productDir = path.join(dataDir, "real", "mod11a2");
  fs.mkdirSync(productDir, { recursive: true });
  const file = writeGranule(productDir);
  const manifest = loadProductManifest(path.join(process.cwd(), "data-manifests", "mod11a2.json"));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test("the day's bit of the composite, per pixel", async () => {
    const c = await readModisClearSkyDays(file);
    expect(c.start).toBe("2015-07-12");
    const day3 = clearFlagsForDay(c, "2015-07-14"); // third day: bit 2
    for (const [row, col] of [[0, 0], [1, 1], [5, 17], [119, 119]]) expect(day3[row * W + col]).toBe(bitsAt(row, col) & 4 ? 1 : 0);
    expect(() => clearFlagsForDay(c, "2015-07-20")).toThrow(/day 2015-07-20 is not one of the 8 days of the composite starting 2015-07-12/);
  });

  test("ProductSource.clearSky: 0/1 at 0.01° by the pixel under each centre (proj4), fractions on coarser cells", async () => {
    const src = new ProductSource({ routes: { lst: manifest }, dataDir });
    // 0.01° cells inside the piece (a sheared quadrilateral from 40 N, 130.55–131.86 E to 39 N, 128.68–129.97 E)
    const fine = new LatLonGrid({ west: 130.6, north: 39.98, cellSize: 0.01, width: 48, height: 8 });
    const got = await src.clearSky(fine, "2015-07-15"); // fourth day: bit 3
    const toSinu = proj4("EPSG:4326", MODIS_SINUSOIDAL);
    let ones = 0;
    for (let r = 0; r < fine.height; r++) {
      for (let c = 0; c < fine.width; c++) {
        const [x, y] = toSinu.forward([fine.west + (c + 0.5) * 0.01, fine.north - (r + 0.5) * 0.01]);
        const col = Math.floor((x - tile.west) / tile.pixelSize), row = Math.floor((tile.north - y) / tile.pixelSize);
        const want = bitsAt(row, col) & 8 ? 1 : 0;
        expect([r, c, got.values[r * fine.width + c]]).toEqual([r, c, want]);
        ones += want;
      }
    }
    expect(ones).toBeGreaterThan(0);
    expect(ones).toBeLessThan(fine.size);
    // a 0.04° cell is the mean of its 4 × 4 0.01° flags
    const coarse = new LatLonGrid({ west: 130.6, north: 39.98, cellSize: 0.04, width: 12, height: 2 });
    const frac = await src.clearSky(coarse, "2015-07-15");
    for (let R = 0; R < 2; R++) {
      for (let C = 0; C < 12; C++) {
        let s = 0;
        for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) s += got.values[(R * 4 + r) * fine.width + C * 4 + c];
        expect(frac.values[R * 12 + C]).toBeCloseTo(s / 16, 6);
      }
    }
    await expect(src.clearSky(fine, "2015-07-25")).rejects.toThrow(/clearSky for 2015-07-25: no MOD11A2 granule \(\.hdf\) or Clear_sky_days export of the composite starting 2015-07-20 in .*mod11a2; fetch them with/);
  });

  test("the study source offers clearSky when lst comes from MOD11A2 files (so the sampling uses it)", () => {
    const products = new ProductSource({ routes: { lst: manifest }, dataDir });
    const coarseGrid = new LatLonGrid({ west: 117, north: 40, cellSize: 0.25, width: 4, height: 4 });
    const fineGrid = new LatLonGrid({ west: 117, north: 40, cellSize: 0.01, width: 100, height: 100 });
    const routed = new RoutedSource({ routes: { lst: products }, coarseGrid, fineGrid, dates: [], applicationDates: [] });
    expect(typeof routed.clearSky).toBe("function");
    expect(routed.limitations.some((l) => l.startsWith("clearSky()"))).toBe(false);
  });
});
