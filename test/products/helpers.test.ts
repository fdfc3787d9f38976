import * as path from "path";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { Hdf5File, parseCfTimeUnits, cfTimeToDate } from "../../src/io/hdf5";
import { withDefaults, gridFromAxes, cropToGrid, readHgt, demToGrid, toLayer, dayStartMs, readGldas } from "../../src/products";

const fx = (p: string) => path.join(process.cwd(), "test/fixtures", p);

describe("product helpers (TSDoc examples)", () => {
  test("withDefaults ignores undefined", () => {
    expect(withDefaults({ a: 1, b: 2 }, { a: undefined, b: 3 })).toEqual({ a: 1, b: 3 });
  });
  test("gridFromAxes: ascending latitude, cell edges; irregular or unequal spacing refused", () => {
    const a = gridFromAxes(Float64Array.of(-59.875, -59.625), Float64Array.of(-179.875, -179.625), "x.nc4");
    expect(a.grid.north).toBeCloseTo(-59.5, 9);
    expect(a.grid.west).toBeCloseTo(-180, 9);
    expect(a.latAscending).toBe(true);
    expect(() => gridFromAxes([0, 1, 3], [0, 1, 2], "x.nc4")).toThrow(/x\.nc4: latitude axis is not regular/);
    expect(() => gridFromAxes([0, 0.5], [0, 1], "x.nc4")).toThrow(/x\.nc4: grid mismatch: latitude spacing 0.5 differs/);
  });
  test("cropToGrid wraps longitudes of global grids and counts cells outside", () => {
    const src = new LatLonGrid({ west: -180, north: 90, cellSize: 90, width: 4, height: 2 });
    const vals = Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const r = cropToGrid(src, vals, new LatLonGrid({ west: 90, north: 90, cellSize: 90, width: 2, height: 3 }), "g");
    expect(Array.from(r.values)).toEqual([4, 1, 8, 5, NaN, NaN]);
    expect(r.outside).toBe(2);
  });
  test("CF time units with a leading space; dayStartMs validates", () => {
    expect(cfTimeToDate(60, parseCfTimeUnits(" minutes since 2000-01-01 03:00:00")).toISOString()).toBe("2000-01-01T04:00:00.000Z");
    expect(cfTimeToDate(1, parseCfTimeUnits("days since 1900-01-01 00:00:00")).toISOString()).toBe("1900-01-02T00:00:00.000Z");
    expect(() => parseCfTimeUnits("fortnights since 2000-01-01")).toThrow(/unknown unit "fortnights"/);
    expect(() => dayStartMs("2015-13-01")).toThrow(RangeError);
  });
  test("Hdf5File hyperslab read (one GLDAS pixel) equals the full read", async () => {
    const f = await Hdf5File.open(fx("gldas/GLDAS_NOAH025_3H.A20160101.0300.021.nc4"));
    const px = f.read("SoilMoi0_10cm_inst", { slice: [[0, 1], [390, 391], [1228, 1229]] });
    expect(px.shape).toEqual([1, 1, 1]);
    expect(px.values[0]).toBeCloseTo(29.263, 4);
    f.close();
  });
  test("demToGrid to a grid finer than the DEM is refused (grid mismatch)", async () => {
    const dem = await readHgt(fx("srtm/N57E011.hgt.zip"));
    expect(() => demToGrid(dem, { grid: new LatLonGrid({ west: 11, north: 58, cellSize: 0.0001, width: 10, height: 10 }) })).toThrow(/to\.cellSize .* must be >= from\.cellSize/);
  });
  test("toLayer wraps a product layer as the project's Layer", async () => {
    const g = await readGldas(fx("gldas/GLDAS_NOAH025_3H_subset_EastAsia_20160101-20160102.nc4"));
    const day = { variable: g.variable, grid: g.grid, values: g.steps[0], date: "2016-01-01", units: g.units, counts: g.counts, sources: g.sources };
    const layer = toLayer(day, "gldas_sm");
    expect(layer).toMatchObject({ variable: "gldas_sm", date: "2016-01-01", units: "m3 m-3" });
    expect(layer.provenance).toMatch(/GLDAS_NOAH025_3H_subset/);
    expect(() => toLayer({ ...day, date: null }, "gldas_sm")).toThrow(/no date/);
    expect(toLayer({ ...day, date: null }, "dem").date).toBeNull();
  });
});
