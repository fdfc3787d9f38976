import { LatLonGrid } from "../../src/grid/latLonGrid";
import type { Layer, LayerRequest, LayerSource, VariableName } from "../../src/sources/layerSource";
import { dailyCube } from "../../src/workbook/dailyCube";

// coarse 2 × 2 cells of 0.25°, fine 0.125° (each coarse cell = 2 × 2 fine pixels) plus one fine column outside
const coarse = new LatLonGrid({ west: 127, north: 37, cellSize: 0.25, width: 2, height: 2 });
const fine = new LatLonGrid({ west: 127, north: 37, cellSize: 0.125, width: 5, height: 4 });

class FakeSource implements LayerSource {
  readonly name = "fake";
  readonly variables: readonly VariableName[] = ["gldas_sm", "truth_sm"];
  requests: LayerRequest[] = [];
  async getLayer(req: LayerRequest): Promise<Layer> {
    this.requests.push(req);
    const d = Number(req.date.slice(8, 10));
    // coarse cell k on day d: 0.1·d + k/100, cell 3 is sea (NaN); fine pixel i: d + i/1000
    const values = Float32Array.from({ length: req.grid.size }, (_, k) => (req.grid === coarse ? (k === 3 ? NaN : 0.1 * d + k / 100) : d + k / 1000));
    return { variable: req.variable, date: req.date, grid: req.grid, values, units: "", counts: {}, provenance: "fake" };
  }
}

describe("dailyCube", () => {
  test("a coarse variable shown on the fine grid by nearest neighbour, NaN outside and over sea, counted per day", async () => {
    const src = new FakeSource();
    const c = await dailyCube(src, { variable: "gldas_sm", grid: fine, from: coarse, dates: ["2015-05-01", "2015-05-02"] });
    expect(c.pixels).toBe(20);
    expect(src.requests.every((r) => r.grid === coarse)).toBe(true);
    // row 0 of the fine grid: cells 0,0,1,1, outside
    const day2 = Array.from(c.cube.subarray(20, 40));
    const f = (k: number) => Math.fround(0.2 + k / 100);
    expect(day2.slice(0, 4)).toEqual([f(0), f(0), f(1), f(1)]);
    expect(Number.isNaN(day2[4])).toBe(true);
    expect(day2.slice(10, 12)).toEqual([f(2), f(2)]);
    expect(Number.isNaN(day2[12]) && Number.isNaN(day2[13])).toBe(true); // cell 3 is sea
    // NaN per day: 4 outside + 4 sea pixels
    expect(Array.from(c.nanPerDay)).toEqual([8, 8]);
  });

  test("a fine variable read directly", async () => {
    const c = await dailyCube(new FakeSource(), { variable: "truth_sm", grid: fine, dates: ["2015-05-03"] });
    expect(c.cube[7]).toBe(Math.fround(3.007));
    expect(Array.from(c.nanPerDay)).toEqual([0]);
  });

  test("bad options are refused by name", async () => {
    await expect(dailyCube(new FakeSource(), { variable: "gldas_sm", grid: fine, dates: [] })).rejects.toThrow("dailyCube: options.dates must not be empty");
    await expect(dailyCube(new FakeSource(), { variable: "gldas_sm", grid: undefined as never, dates: ["2015-05-01"] })).rejects.toThrow("options.grid must be a LatLonGrid");
  });
});
