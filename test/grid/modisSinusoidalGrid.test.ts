import { ModisSinusoidalGrid, MODIS_SINUSOIDAL, MODIS_TILE_SIZE, MODIS_GRID_WEST, MODIS_GRID_NORTH } from "../../src/grid/modisSinusoidalGrid";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { gridIndexMap } from "../../src/grid/gridIndexMap";
import { resampleNearest } from "../../src/grid/resampleNearest";

// Corners and pixel centres transformed by GDAL 3.6.2:
//   echo "X Y" | gdaltransform -s_srs "+proj=sinu +lon_0=0 +x_0=0 +y_0=0 +R=6371007.181 +units=m +no_defs" -t_srs EPSG:4326 -output_xy
// [h, v, point, lon, lat]; "px600" = centre of 1 km pixel (row 600, col 600).
const GDAL_CORNERS: [number, number, "ul" | "lr" | "px600", number, number][] = [
  [28, 5, "ul", 130.540728933228, 40],
  [28, 5, "lr", 127.017059221718, 30],
  [28, 5, "px600", 128.179891731775, 34.9958333333333],
  [29, 6, "ul", 127.017059221718, 30],
  [29, 6, "lr", 127.701332697109, 20],
  [29, 6, "px600", 126.888755518676, 24.9958333333333],
  [14, 9, "ul", -40, 0],
  [14, 9, "lr", -30.4627983565723, -10],
  [14, 9, "px600", -35.1297353321049, -5.00416666666667],
  [23, 3, "ul", 100, 60],
  [23, 3, "lr", 93.3434296116247, 50],
  [23, 3, "px600", 95.8868797688214, 54.9958333333333],
  [30, 7, "ul", 127.701332697109, 20],
  [30, 7, "lr", 132.005459545147, 9.99999999999999],
  [30, 7, "px600", 129.41131485925, 14.9958333333333],
];
// echo "127 37.5" | gdaltransform -s_srs EPSG:4326 -t_srs "<MODIS_SINUSOIDAL>" -output_xy
const GDAL_FORWARD: [number, number, number, number][] = [
  [127, 37.5, 11203554.6705109, 4169814.44912446],
  [121, 23.5, 12338677.6590729, 2613083.72145133],
  [139.7, 35.7, 12614863.8965018, 3969663.35556649],
];

describe("ModisSinusoidalGrid", () => {
  test("constants match the MODLAND grid (digest §4.9)", () => {
    expect(MODIS_TILE_SIZE).toBeCloseTo(1111950.5197, 3);
    expect(MODIS_GRID_WEST).toBeCloseTo(-20015109.354, 2);
    expect(MODIS_GRID_NORTH).toBeCloseTo(10007554.677, 2);
    expect(ModisSinusoidalGrid.tile(0, 0, "1km").pixelSize).toBeCloseTo(926.625, 3);
    expect(ModisSinusoidalGrid.tile(0, 0, "500m").pixelSize).toBeCloseTo(463.313, 3);
  });

  test("tile h14v09 upper-left equals UpperLeftPointMtrs of the real MOD11A1 granule (-4447802.079066, 0)", () => {
    const g = ModisSinusoidalGrid.tile(14, 9, "1km");
    expect(g.west).toBeCloseTo(-4447802.079066, 3);
    expect(g.north).toBeCloseTo(0, 6);
    expect(g.width).toBe(1200);
  });

  test("the MOD13A1 GeoTIFF window (GDAL origin 711648.3325868805, 5132578.273691645) lies on the 500 m grid", () => {
    const s = MODIS_TILE_SIZE / 2400;
    const col = (711648.3325868805 - MODIS_GRID_WEST) / s;
    const row = (MODIS_GRID_NORTH - 5132578.273691645) / s;
    expect(Math.abs(col - Math.round(col))).toBeLessThan(1e-3);
    expect(Math.abs(row - Math.round(row))).toBeLessThan(1e-3);
    expect(ModisSinusoidalGrid.tileOf(...ModisSinusoidalGrid.unproject(711648.3325868805 + 100, 5132578.273691645 - 100))).toEqual({ h: 18, v: 4 });
  });

  test.each(GDAL_CORNERS)("h%iv%i %s matches gdaltransform", (h, v, point, lon, lat) => {
    const g = ModisSinusoidalGrid.tile(h, v, "1km");
    const [x, y] = point === "ul" ? [g.west, g.north] : point === "lr" ? [g.east, g.south] : [g.xOf(600), g.yOf(600)];
    const [lo, la] = point === "px600" ? g.lonLatOf(600, 600) : ModisSinusoidalGrid.unproject(x, y);
    expect(lo).toBeCloseTo(lon, 7);
    expect(la).toBeCloseTo(lat, 7);
  });

  test.each(GDAL_FORWARD)("project(%f, %f) matches gdaltransform", (lon, lat, x, y) => {
    const [px, py] = ModisSinusoidalGrid.project(lon, lat);
    expect(px).toBeCloseTo(x, 3);
    expect(py).toBeCloseTo(y, 3);
  });

  test("tileOf names the tiles of the digest's examples", () => {
    expect(ModisSinusoidalGrid.tileOf(127, 37.5)).toEqual({ h: 28, v: 5 }); // Korea
    expect(ModisSinusoidalGrid.tileOf(121, 23.5)).toEqual({ h: 29, v: 6 }); // Taiwan
    expect(ModisSinusoidalGrid.tileOf(139.7, 35.7)).toEqual({ h: 29, v: 5 }); // Tokyo
    expect(ModisSinusoidalGrid.tileOf(142.5, 43.5)).toEqual({ h: 28, v: 4 }); // Hokkaido
  });

  test("indexOfLonLat inverts lonLatOf, and windows keep the grid", () => {
    const g = ModisSinusoidalGrid.tile(28, 5, "500m");
    const [lon, lat] = g.lonLatOf(1234, 567);
    expect(g.indexOfLonLat(lon, lat)).toBe(1234 * 2400 + 567);
    const w = g.window(550, 1220, 30, 20);
    expect(w.indexOfLonLat(lon, lat)).toBe((1234 - 1220) * 30 + (567 - 550));
    expect(w.geoTransform()[0]).toBeCloseTo(g.west + 550 * g.pixelSize, 6);
    expect(w.crs).toBe(MODIS_SINUSOIDAL);
    expect(() => g.window(2390, 0, 20, 1)).toThrow(/outside the 2400x2400 grid/);
    expect(() => ModisSinusoidalGrid.tile(36, 0)).toThrow(/h must be an integer in \[0, 35\], got 36/);
    expect(() => new ModisSinusoidalGrid({ west: 0, north: 0, pixelSize: -1, width: 1, height: 1 })).toThrow(/pixelSize must be > 0/);
  });
});

describe("gridIndexMap", () => {
  test("TSDoc example: 0.25° → 0.125°", () => {
    const coarse = new LatLonGrid({ west: 124, north: 39, cellSize: 0.25, width: 2, height: 2 });
    const fine = new LatLonGrid({ west: 124, north: 39, cellSize: 0.125, width: 4, height: 4 });
    expect(Array.from(gridIndexMap(coarse, fine))).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3]);
  });

  test("sinusoidal → lat/lon maps each lat/lon centre to the sinusoidal cell computed by gdaltransform", () => {
    const sin = ModisSinusoidalGrid.tile(28, 5, "1km");
    const ll = new LatLonGrid({ west: 129.0, north: 38, cellSize: 0.01, width: 50, height: 40 });
    const map = gridIndexMap(sin, ll);
    // target centre (row 0, col 0) = (129.005, 37.995):
    // echo "129.005 37.995" | gdaltransform -s_srs EPSG:4326 -t_srs "<MODIS_SINUSOIDAL>" → 11304562.4393415 4224855.9998529
    const col = Math.floor((11304562.4393415 - sin.west) / sin.pixelSize);
    const row = Math.floor((sin.north - 4224855.9998529) / sin.pixelSize);
    expect(map[0]).toBe(row * 1200 + col);
    const vals = new Float32Array(sin.size).map((_, i) => i);
    const out = resampleNearest(vals, { from: sin, to: ll, indexMap: map });
    expect(out.counts.outside).toBe(0);
    expect(out.values[0]).toBe(map[0]);
    // lat/lon → sinusoidal: a tile corner outside a small lat/lon window gives −1
    const back = gridIndexMap(ll, sin.window(0, 0, 2, 2));
    expect(Array.from(back)).toEqual([-1, -1, -1, -1]);
  });
});
