import { generateTwin, twinConfig, type TwinData } from "../../src/twin";
import { coarseStaticsFromFine } from "../../src/twin/coarseStaticsFromFine";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { majorityAggregate } from "../../src/grid/majorityAggregate";
import { meanAggregate } from "../../src/grid/meanAggregate";

// tiny: a 100 × 100 px 1 km window over 4 × 4 of its 8 × 6 cells; the reference is the product path's own aggregation
let data: TwinData;
beforeAll(() => { data = generateTwin(twinConfig("tiny")); });
describe("0.25° statics are the aggregates of the 1 km statics where the 1 km region covers them", () => {
  test("land cover = majority (the product path's majorityAggregate), elevation = mean (meanAggregate) of the 1 km pixels", () => {
    const fine = data.fine, coarse = data.coarse;
    const ratio = Math.round(coarse.cellSize / fine.cellSize);
    const sub = new LatLonGrid({ west: fine.west, north: fine.north, cellSize: coarse.cellSize, width: fine.width / ratio, height: fine.height / ratio });
    const lc = majorityAggregate(data.fineLandCover, { from: fine, to: sub }).values;
    const dem = meanAggregate(data.fineDem, { from: fine, to: sub }).values;
    let land = 0, water = 0;
    for (let j = 0; j < sub.size; j++) {
      const ci = coarse.indexOf(sub.lonOf(j % sub.width), sub.latOf(Math.floor(j / sub.width)));
      if (lc[j] === 17) { expect(data.coarseLandCover[ci]).toBe(17); water++; continue; }
      if (data.coarseLandCover[ci] === 17) continue; // a cell the 0.25° coastline leaves at sea
      expect([ci, data.coarseLandCover[ci]]).toEqual([ci, lc[j]]);
      expect(Math.abs(data.coarseDem[ci] - dem[j])).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(dem[j])));
      land++;
    }
    expect(land).toBeGreaterThan(10);
    expect(land + water).toBe(sub.size);
  });
});

describe("coarseStaticsFromFine", () => {
  test("names a tile index outside the layout", () => {
    const ctx = { seed: 1, coarse: data.coarse, fine: data.fine, tile: 100, coast: new Float32Array(data.coarse.size).fill(100), stationEdits: [] };
    expect(() => coarseStaticsFromFine(ctx, [1])).toThrow(/tiles must be indices in 0…0, got 1/);
  });
});
