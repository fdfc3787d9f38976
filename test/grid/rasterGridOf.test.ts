import * as path from "node:path";
import { readGeoTiff } from "../../src/io/readGeoTiff";
import { rasterGridOf, toNorthUp } from "../../src/grid/rasterGridOf";
import { ModisSinusoidalGrid } from "../../src/grid/modisSinusoidalGrid";
import { LatLonGrid } from "../../src/grid/latLonGrid";

const dir = path.join(process.cwd(), "test/fixtures/geotiff");

describe("rasterGridOf", () => {
  test("MODIS sinusoidal GeoTIFF: pixel centres and lon/lat look-ups agree with GDAL", async () => {
    const r = await readGeoTiff(path.join(dir, "MOD13A1_NDVI_2016_001.tif"));
    const g = rasterGridOf(r, { what: "MOD13A1" });
    expect(g).toBeInstanceOf(ModisSinusoidalGrid);
    // gdaltransform -t_srs EPSG:4326 MOD13A1_NDVI_2016_001.tif <<< "32.5 61.5" → 9.39149550181305 45.9020833291837
    const [lon, lat] = g.lonLatOf(61, 32);
    expect(lon).toBeCloseTo(9.39149550181305, 6);
    expect(lat).toBeCloseTo(45.9020833291837, 6);
    // gdallocationinfo -wgs84 FILE 9.40 45.95 → (32P,49L) value 4276; 9.30 45.70 → (22P,109L) value 5607
    expect(g.indexOfLonLat(9.4, 45.95)).toBe(49 * 65 + 32);
    expect(r.values[g.indexOfLonLat(9.4, 45.95)]).toBe(4276);
    expect(r.values[g.indexOfLonLat(9.3, 45.7)]).toBe(5607);
    // the window sits on the global 500 m MODIS grid: tile h18v04
    const tile = ModisSinusoidalGrid.tile(18, 4, "500m");
    const col = (g.geoTransform()[0] - tile.west) / tile.pixelSize;
    expect(Math.abs(col - Math.round(col))).toBeLessThan(1e-3);
  });

  test("EPSG:4326 GeoTIFF gives a LatLonGrid", async () => {
    const r = await readGeoTiff(path.join(dir, "MCD12Q1.061_LC_Type1_doy2011001_aid0001.tif"), { window: [0, 0, 10, 10] });
    const g = rasterGridOf(r) as LatLonGrid;
    expect(g).toBeInstanceOf(LatLonGrid);
    expect(g.west).toBeCloseTo(-111.7124999896112, 9);
    expect(g.cellSize).toBeCloseTo(0.004166666666279184, 12);
  });

  test("errors name the raster and the problem", async () => {
    const rot = await readGeoTiff(path.join(dir, "rotated.tif"));
    expect(() => rasterGridOf(rot, { what: "rotated.tif" })).toThrow(/rotated\.tif: CRS \(none\) is not supported/);
    const utm = await readGeoTiff(path.join(dir, "float.tif"));
    expect(() => rasterGridOf({ ...utm, crs: "EPSG:4326" }, { what: "float.tif" })).toThrow(/float\.tif: LatLonGrid.fromGeoTransform: geoTransform must be north-up/);
    const z = await readGeoTiff(path.join(dir, "int16_zstd.tif"));
    expect(() => rasterGridOf(z, { what: "int16_zstd.tif" })).toThrow(/int16_zstd\.tif: has no geotransform/);
  });
});

describe("toNorthUp", () => {
  test("flips a south-up raster (float.tif: GDAL geotransform [0,100,0,0,0,100]) and its geotransform", async () => {
    const r = await readGeoTiff(path.join(dir, "float.tif"));
    const n = toNorthUp(r);
    expect(n.geoTransform).toEqual([0, 100, 0, 200, 0, -100]);
    // gdallocationinfo -valonly float.tif 0 0 → 1.4099999666214 (stored row 0 = south row) → now the last row
    expect(n.values[3]).toBeCloseTo(1.4099999666214, 9);
    expect(Array.from(n.values.slice(0, 3))).toEqual(Array.from(r.values.slice(3, 6)));
    expect(toNorthUp({ width: 1, height: 2, crs: "EPSG:4326", geoTransform: [0, 1, 0, -90, 0, 1], values: [1, 2] }).values).toEqual(new Float64Array([2, 1]));
  });
});
