import { LatLonGrid } from "../../src/grid/latLonGrid";
import { windowSource } from "../../src/production/windowSource";
import type { Layer, LayerRequest, LayerSource } from "../../src/sources/layerSource";
import { ProceduralSource } from "./proceduralSource";

describe("windowSource: tiles cropped from a window-only source", () => {
  const window = new LatLonGrid({ west: 127, north: 37, cellSize: 0.01, width: 100, height: 80 });
  const proc = new ProceduralSource(4);
  // a source that, like today's twin, answers only on the window grid
  const calls: string[] = [];
  const windowOnly: LayerSource = {
    name: "window-only", variables: proc.variables,
    async getLayer(req: LayerRequest): Promise<Layer> {
      if (!req.grid.equals(window) && req.grid.cellSize === 0.01) throw new Error("window-only: only the window");
      calls.push(`${req.variable}@${req.date}`);
      return proc.getLayer(req);
    },
  };
  const tiles = windowSource(windowOnly, window);

  test("a tile holds the window's values at its cells (as the procedural source gives them directly), one read per variable and day", async () => {
    const tile = new LatLonGrid({ west: 127.32, north: 36.84, cellSize: 0.01, width: 32, height: 20 });
    for (const date of ["2015-05-01", "2015-05-01", "2015-05-02"]) {
      const got = await tiles.getLayer({ variable: "lst", grid: tile, date });
      const want = await proc.getLayer({ variable: "lst", grid: tile, date });
      expect(got.grid).toBe(tile);
      expect(Array.from(got.values)).toEqual(Array.from(want.values));
    }
    expect(calls).toEqual(["lst@2015-05-01", "lst@2015-05-02"]);
  });

  test("outside the window is an error naming both grids; other grids pass through", async () => {
    const out = new LatLonGrid({ west: 127.9, north: 37, cellSize: 0.01, width: 32, height: 32 });
    await expect(tiles.getLayer({ variable: "ndvi", grid: out, date: "2015-05-01" })).rejects.toThrow(/outside the window/);
    const coarse = new LatLonGrid({ west: 127, north: 37, cellSize: 0.25, width: 4, height: 4 });
    await expect(tiles.getLayer({ variable: "ndvi", grid: coarse, date: "2015-05-01" })).rejects.toThrow(/0.01° LatLonGrid/);
  });
});
