import { assertSameGrid } from "../../src/grid/assertSameGrid";
import { LatLonGrid } from "../../src/grid/latLonGrid";

describe("assertSameGrid", () => {
  const study = new LatLonGrid({ west: 124, north: 39, cellSize: 0.25, width: 8, height: 8 });
  test("passes on equal grids (TSDoc example)", () => {
    expect(() => assertSameGrid(new LatLonGrid({ west: 124, north: 39, cellSize: 0.25, width: 8, height: 8 }), study, { what: "GLDAS" })).not.toThrow();
    expect(() => assertSameGrid(LatLonGrid.fromGeoTransform([124, 0.25, 0, 39, 0, -0.25], 8, 8), study)).not.toThrow();
  });
  test("names the data and every differing field", () => {
    expect(() => assertSameGrid({ west: 124.125, north: 39, cellSize: 0.25, width: 8, height: 9 }, study, { what: "amsr2_20150401.tif" }))
      .toThrow("amsr2_20150401.tif: grid mismatch: got w124.125_n39_d0.25_8x9, expected w124_n39_d0.25_8x8 (size 8x9 vs 8x8; west 124.125 vs 124)");
  });
});
