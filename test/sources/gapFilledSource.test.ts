import type { DayRun } from "../../src/sources/maybePromise";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import type { Layer, LayerRequest, LayerSource, VariableName } from "../../src/sources/layerSource";
import { GapFilledSource } from "../../src/sources/GapFilledSource";
import { layerCube } from "../../src/sources/layerCube";
import { pointSeries } from "../../src/sources/pointSeries";

const grid = new LatLonGrid({ west: 0, north: 1, cellSize: 1, width: 3, height: 1 });
const N = NaN;
// Three cells over five days; cell 2 is "sea" (never observed).
const days = ["2015-05-01", "2015-05-02", "2015-05-03", "2015-05-04", "2015-05-05"];
const raw: Record<string, number[]> = {
  "2015-05-01": [0.1, N, N],
  "2015-05-02": [N, 0.2, N],
  "2015-05-03": [N, N, N],
  "2015-05-04": [N, N, N],
  "2015-05-05": [0.5, N, N],
};

class FakeSource implements LayerSource {
  readonly name = "fake";
  readonly variables: readonly VariableName[] = ["ascat_sm", "amsr2_sm", "dem"];
  async getLayer(r: LayerRequest): Promise<Layer> {
    if (!(r.date in raw)) throw new Error(`fake: no data for ${r.date}`);
    return { variable: r.variable, date: r.date, grid, values: Float32Array.from(raw[r.date]), units: "", counts: {}, provenance: "fake" };
  }
}

describe("GapFilledSource", () => {
  test("ASCAT takes a value from up to two previous days, AMSR2 from one, counted by lag", async () => {
    const s = new GapFilledSource(new FakeSource());
    const a3 = await s.getLayer({ variable: "ascat_sm", grid, date: "2015-05-03" });
    expect(Array.from(a3.values)).toEqual([Math.fround(0.1), Math.fround(0.2), NaN]); // 0.1 from 2 days back, 0.2 from 1
    expect(a3.counts.gapFilled).toBe(2);
    const m3 = await s.getLayer({ variable: "amsr2_sm", grid, date: "2015-05-03" });
    expect(Array.from(m3.values)).toEqual([NaN, Math.fround(0.2), NaN]);
    expect(s.counts.ascat_sm!.filledByLag).toEqual([1, 1]);
    expect(s.counts.amsr2_sm!.filledByLag).toEqual([1]);
  });
  test("filling reads raw earlier days, so a value never travels further than allowed", async () => {
    const s = new GapFilledSource(new FakeSource());
    const a4 = await s.getLayer({ variable: "ascat_sm", grid, date: "2015-05-04" });
    expect(Array.from(a4.values)).toEqual([NaN, Math.fround(0.2), NaN]); // 0.1 is 3 days back: not used
  });
  test("the first day has nothing to fill from (days before the source count as missing)", async () => {
    const s = new GapFilledSource(new FakeSource());
    const a1 = await s.getLayer({ variable: "ascat_sm", grid, date: "2015-05-01" });
    expect(Array.from(a1.values)).toEqual([Math.fround(0.1), NaN, NaN]);
  });
  test("a multi-day cube equals day-by-day filling and separates never-observed cells from gaps", async () => {
    const s = new GapFilledSource(new FakeSource());
    const cube = await layerCube(s, { variable: "ascat_sm", grid, dates: days.slice(1) }); // day-by-day path (no getCube inside)
    const byDay = [];
    const t = new GapFilledSource(new FakeSource());
    for (const d of days.slice(1)) byDay.push(...(await t.getLayer({ variable: "ascat_sm", grid, date: d })).values);
    expect(Array.from(cube.values)).toEqual(byDay);
  });
  test("passes other variables through untouched", async () => {
    const s = new GapFilledSource(new FakeSource());
    const d = await s.getLayer({ variable: "dem", grid, date: "2015-05-03" });
    expect(Array.from(d.values)).toEqual([NaN, NaN, NaN]);
    expect(s.counts.dem).toBeUndefined();
  });
  test("rejects a bad maxDaysBack naming the variable", () => {
    expect(() => new GapFilledSource(new FakeSource(), { maxDaysBack: { ascat_sm: -1 } })).toThrow("GapFilledSource: maxDaysBack.ascat_sm must be a non-negative integer, got -1");
  });
});

class CubeFake extends FakeSource {
  getCube(r: { variable: VariableName; grid: LatLonGrid; start?: string; end?: string }) {
    const ds = days.filter((d) => d >= (r.start ?? days[0]) && d <= (r.end ?? days[4]));
    if (r.start && r.start < days[0]) throw new Error("before the period");
    return { dates: ds, values: Float32Array.from(ds.flatMap((d) => raw[d])) };
  }
  getSeries(r: { variable: VariableName; grid: LatLonGrid; cells: ArrayLike<number>; start?: string; end?: string }) {
    const c = this.getCube(r);
    const n = r.cells.length;
    const out = new Float32Array(c.dates.length * n);
    c.dates.forEach((_, t) => { for (let j = 0; j < n; j++) out[t * n + j] = c.values[t * 3 + r.cells[j]]; });
    return { dates: c.dates, values: out };
  }
}

describe("GapFilledSource over a run of days", () => {
  test("getCube fills like getLayer, reading the days before the run, and counts sea as never observed", async () => {
    const s = new GapFilledSource(new CubeFake());
    const cube = s.getCube({ variable: "ascat_sm", grid, start: "2015-05-03", end: "2015-05-05" }) as DayRun;
    expect(cube).not.toBeInstanceOf(Promise); // synchronous over a synchronous inner source (the twin)
    expect(cube.dates).toEqual(["2015-05-03", "2015-05-04", "2015-05-05"]);
    expect(Array.from(cube.values)).toEqual([0.1, 0.2, NaN, NaN, 0.2, NaN, 0.5, NaN, NaN].map(Math.fround));
    const c = s.counts.ascat_sm!;
    expect(c.filledByLag).toEqual([1, 2]);
    expect(c.neverObserved).toBe(3); // cell 2 on three days
    expect(c.remaining).toBe(2); // cell 0 on 05-04, cell 1 on 05-05
    expect(c.cells).toBe(9);
  });
  test("pointSeries uses getSeries and keeps [day][point] order", async () => {
    const s = new GapFilledSource(new CubeFake());
    const v = await pointSeries(s, { variable: "amsr2_sm", grid, cells: [1, 0], dates: ["2015-05-02", "2015-05-03"] });
    expect(Array.from(v)).toEqual([0.2, 0.1, 0.2, NaN].map(Math.fround));
  });
  test("pointSeries rejects a cell outside the grid", async () => {
    await expect(pointSeries(new CubeFake(), { variable: "dem", grid, cells: [3], dates: ["2015-05-02"] })).rejects.toThrow("pointSeries: cells[0] = 3 is outside the grid (0…2)");
  });
});
