import { generateTwin, TwinStore, TwinSource, type TwinConfig } from "../../src/twin";
import { subCellAnomalies } from "../../src/twin/twinRealism";

// Two small twins in July 2015 after a 20-day 1 km spin-up, 4 × 4 cells of 1 km pixels each (100 × 100 px):
// the loess plateau's water-limited grassland (≈ 450 mm a year) and southern China's dense, wet forest.
// Inside 0.25° cells, the surface energy balance should make drier pixels warmer where water limits
// evaporation, and much less so under a dense transpiring canopy (energy-limited). Invariants of the physics
// (signs and an ordering), not pinned numbers.
const window = (west: number, north: number, coarse: { width: number; height: number; north: number }): TwinConfig => ({
  name: `coupling${Math.round(west * 10)}n${Math.round(north * 10)}`, seed: 20170507,
  coarse: { west, cellSize: 0.25, ...coarse },
  period: { start: "2015-03-01", end: "2015-07-31" },
  window: { fine: { west, north, cellSize: 0.01, width: 100, height: 100 }, start: "2015-07-01", end: "2015-07-31", tile: 100, spinupDays: 20 },
});

async function coupling(cfg: TwinConfig): Promise<{ r: number; r2: number; ndvi: number }> {
  const twin = new TwinSource(TwinStore.fromData(generateTwin(cfg)));
  const fine = twin.fineGrid, coarse = twin.coarseGrid;
  const dem = (await twin.getLayer({ variable: "dem", grid: fine, date: "2015-07-15" })).values;
  let r = 0, r2 = 0, ndviSum = 0, ndviN = 0, n = 0;
  for (const date of ["2015-07-05", "2015-07-15", "2015-07-25"]) {
    const L = async (variable: "truth_sm" | "lst" | "ndvi") => (await twin.getLayer({ variable, grid: fine, date })).values;
    const truth = await L("truth_sm"), lst = await L("lst"), ndvi = await L("ndvi");
    const a = subCellAnomalies({ fine, coarse, truth, lst, ndvi, dem });
    expect(a.cells).toBeGreaterThanOrEqual(12);
    r += a.rLst; r2 += a.r2LstNdviDem; n++;
    for (const v of ndvi) if (Number.isFinite(v)) { ndviSum += v; ndviN++; }
  }
  return { r: r / n, r2: r2 / n, ndvi: ndviSum / ndviN };
}

describe("land–atmosphere coupling inside 0.25° cells (issue 12)", () => {
  test("drier pixels are warmer in a water-limited place; the coupling is weaker under dense vegetation", async () => {
    // the coarse domains reach the nearest sea (the Bohai, the South China Sea), as the climate normals depend on coast distance
    const dry = await coupling(window(107.5, 38, { north: 40, width: 46, height: 14 }));
    const dense = await coupling(window(112.5, 26.5, { north: 26.5, width: 6, height: 20 }));
    expect(dry.ndvi).toBeLessThan(0.5);
    expect(dense.ndvi).toBeGreaterThan(0.7);
    // the target r ≤ −0.2 holds where water limits evaporation (twin-6: −0.15) …
    expect(dry.r).toBeLessThan(-0.2);
    // … and is weaker under the dense canopy
    expect(dense.r).toBeGreaterThan(dry.r + 0.1);
    // LST, NDVI and DEM explain far more of the truth where the soil controls evaporation (twin-6: 0.05 vs 0.06)
    expect(dry.r2).toBeGreaterThan(2 * dense.r2);
  }, 120_000);
});
