import type { DayRun } from "../../src/sources/maybePromise";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { BilinearCoarseSource } from "../../src/sources/BilinearCoarseSource";
import type { Layer, LayerRequest, LayerSource, VariableName } from "../../src/sources/layerSource";

// 2 × 2 cells of 1° (values row0 = [0, 10], row1 = [20, 30]) and a 4 × 4 grid of 0.5° inside it.
const coarse = new LatLonGrid({ west: 0, north: 2, cellSize: 1, width: 2, height: 2 });
const fine = new LatLonGrid({ west: 0, north: 2, cellSize: 0.5, width: 4, height: 4 });
const CELLS = [0, 10, 20, 30];

/** Serves amsr2_sm nearest-neighbour on any grid inside `coarse` (as the twin does), lst = pixel index. */
class Fake implements LayerSource {
  readonly name = "fake";
  readonly variables: readonly VariableName[] = ["amsr2_sm", "ascat_sm", "lst"];
  requests: LayerRequest[] = [];
  async getLayer(req: LayerRequest): Promise<Layer> {
    this.requests.push(req);
    const g = req.grid;
    const values = Float32Array.from({ length: g.size }, (_, i) => {
      if (req.variable === "lst") return 300 + i;
      const lon = g.lonOf(i % g.width), lat = g.latOf(Math.floor(i / g.width));
      return CELLS[coarse.indexOf(lon, lat)] + (req.variable === "ascat_sm" ? 1 : 0);
    });
    return { variable: req.variable, date: req.date, grid: g, values, units: "", counts: {}, provenance: "fake" };
  }
  getCube(r: { variable: VariableName; grid: LatLonGrid; start?: string; end?: string }) {
    if (!r.grid.equals(coarse)) throw new Error("fake cube: coarse only");
    return { dates: ["2015-05-01", "2015-05-02"], values: Float32Array.from([...CELLS, ...CELLS.map((v) => v + 100)]) };
  }
  getSeries(): { dates: string[]; values: Float32Array } {
    throw new Error("fake series: not used for a resampled variable");
  }
}

describe("BilinearCoarseSource", () => {
  test("amsr2 on the fine grid: bilinear between the 0.25° centres, by hand (10·x + 20·y, edges held)", async () => {
    const inner = new Fake();
    const src = new BilinearCoarseSource(inner, { coarse });
    const v = (await src.getLayer({ variable: "amsr2_sm", grid: fine, date: "2015-05-01" })).values;
    const w = [0, 0.25, 0.75, 1]; // fine centres in coarse-centre units, clamped at the edges
    for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) expect(v[r * 4 + c]).toBeCloseTo(10 * w[c] + 20 * w[r], 5);
    expect(v[1 * 4 + 2]).toBeCloseTo(12.5, 5);
    expect(inner.requests.every((q) => q.grid.equals(coarse))).toBe(true); // read at 0.25°, then resampled
    // nearest (the inner source as is) gives the containing cell instead
    const near = (await inner.getLayer({ variable: "amsr2_sm", grid: fine, date: "2015-05-01" })).values;
    expect(near[1 * 4 + 2]).toBe(10);
  });

  test("other variables, and the coarse grid itself, pass through unchanged", async () => {
    const inner = new Fake();
    const src = new BilinearCoarseSource(inner, { coarse });
    expect(Array.from((await src.getLayer({ variable: "lst", grid: fine, date: "2015-05-01" })).values)).toEqual(Array.from({ length: 16 }, (_, i) => 300 + i));
    expect(Array.from((await src.getLayer({ variable: "amsr2_sm", grid: coarse, date: "2015-05-01" })).values)).toEqual(CELLS);
  });

  test("getCube and getSeries resample each day of a coarse run", () => {
    const src = new BilinearCoarseSource(new Fake(), { coarse });
    const cube = src.getCube({ variable: "amsr2_sm", grid: fine }) as DayRun;
    expect(cube).not.toBeInstanceOf(Promise); // synchronous over a synchronous inner source (the twin)
    expect(cube.values.length).toBe(32);
    expect(cube.values[16 + 1 * 4 + 2]).toBeCloseTo(112.5, 5);
    const s = src.getSeries({ variable: "amsr2_sm", grid: fine, cells: [6, 0] }) as DayRun;
    expect(Array.from(s.values).map((x) => Math.round(x * 10) / 10)).toEqual([12.5, 0, 112.5, 100]);
  });

  test("bad options are refused by name", () => {
    expect(() => new BilinearCoarseSource(new Fake(), { coarse: null as never })).toThrow("options.coarse must be a LatLonGrid");
    expect(() => new BilinearCoarseSource(new Fake(), { coarse, variables: ["gldas_sm"] })).toThrow("options.variables has 'gldas_sm'");
  });
});
