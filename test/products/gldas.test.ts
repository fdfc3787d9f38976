import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { readGldas, gldasDailyMeans } from "../../src/products";

const fx = (p: string) => path.join(process.cwd(), "test/fixtures", p);
const GRANULE = fx("gldas/GLDAS_NOAH025_3H.A20160101.0300.021.nc4");
const SUBSET = fx("gldas/GLDAS_NOAH025_3H_subset_EastAsia_20160101-20160102.nc4");

function mean(a: Float32Array) { let s = 0, n = 0; for (const x of a) if (x === x) { s += x; n++; } return { n, mean: s / n }; }

describe("GLDAS Noah 2.1 reader (expected values: python3-netcdf4, fixtures/gldas/README.md)", () => {
  test("real 3-hourly granule: ÷100 to m³/m³, south→north flipped, fill counted", async () => {
    const g = await readGldas(GRANULE);
    expect(g.grid.toJSON()).toEqual({ crs: "EPSG:4326", west: -180, north: 90, cellSize: 0.25, width: 1440, height: 600 });
    expect(g.times.map((t) => t.toISOString())).toEqual(["2016-01-01T03:00:00.000Z"]);
    expect(g.units).toBe("m3 m-3");
    const v = g.steps[0];
    // netCDF row 390 (lat 37.625) → north-up row 600-1-390 = 209
    expect(g.grid.latOf(209)).toBeCloseTo(37.625, 9);
    expect(v[209 * 1440 + 1228]).toBeCloseTo(0.29263, 6);
    expect(v[g.grid.indexOf(127.125, 37.625)]).toBeCloseTo(0.29263, 6);
    expect(mean(v).n).toBe(243883);
    expect(mean(v).mean).toBeCloseTo(0.255745562, 7);
    expect(g.counts.fill).toBe(620117);
    expect(g.counts.masked).toBe(620117);
    expect(g.counts.valid).toBe(243883);
  });

  test("crop to an aligned study grid; misaligned or 0.1° grid is a grid mismatch naming the file", async () => {
    const korea = new LatLonGrid({ west: 124, north: 39, cellSize: 0.25, width: 24, height: 24 });
    const g = await readGldas(GRANULE, { grid: korea });
    expect(g.steps[0].length).toBe(576);
    expect(g.steps[0][korea.indexOf(127.125, 37.625)]).toBeCloseTo(0.29263, 6);
    await expect(readGldas(GRANULE, { grid: new LatLonGrid({ west: 124.1, north: 39, cellSize: 0.25, width: 4, height: 4 }) }))
      .rejects.toThrow(/GLDAS_NOAH025_3H\.A20160101\.0300\.021\.nc4: grid mismatch: cell edges are not aligned/);
    await expect(readGldas(GRANULE, { grid: new LatLonGrid({ west: 124, north: 39, cellSize: 0.1, width: 4, height: 4 }) }))
      .rejects.toThrow(/grid mismatch: cell size 0.1° requested, the product has 0.25°/);
  });

  test("subset with a time dimension: daily means per UTC day, incomplete day reported", async () => {
    const { days, incompleteDays, droppedDays } = await gldasDailyMeans([SUBSET]);
    expect(days.map((d) => d.date)).toEqual(["2016-01-01", "2016-01-02"]);
    expect(incompleteDays).toEqual([{ date: "2016-01-02", steps: 2 }]);
    expect(droppedDays).toEqual([]);
    const [d1, d2] = days;
    expect(d1.grid.toJSON()).toMatchObject({ west: 124, north: 39, cellSize: 0.25, width: 24, height: 24 });
    expect(d1.counts.valid).toBe(208);
    expect(d1.counts.steps).toBe(8);
    expect(d1.counts.partialPixels).toBe(1); // the pixel masked in step 3
    expect(mean(d1.values).mean).toBeCloseTo(0.262476601, 6);
    expect(mean(d2.values).mean).toBeCloseTo(0.275155591, 6);
    // numpy row 18 (lat 37.625) → north-up row 5; mean of 7 valid steps
    expect(d1.values[5 * 24 + 12]).toBeCloseTo(0.303081074, 6);
    expect(d2.values[5 * 24 + 12]).toBeCloseTo(0.317503567, 6);
    const full = await gldasDailyMeans([SUBSET], { requireFullDay: true });
    expect(full.days.map((d) => d.date)).toEqual(["2016-01-01"]);
    expect(full.droppedDays).toEqual(["2016-01-02"]);
  });

  test("errors: wrong variable, wrong product, truncated copy, mixed grids, repeated step", async () => {
    await expect(readGldas(GRANULE, { variable: "SoilMoist_0_10" })).rejects.toThrow(/GLDAS_NOAH025_3H\.A20160101\.0300\.021\.nc4: no variable "SoilMoist_0_10" \(variables: .*SoilMoi0_10cm_inst/);
    await expect(readGldas(fx("amsr2/LPRM-AMSR2_L3_D_SOILM3_V001_20150401013507.nc4"))).rejects.toThrow(/LPRM-AMSR2.*not a GLDAS Noah file/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gldas-"));
    const trunc = path.join(dir, "GLDAS_NOAH025_3H.A20160101.0300.021.nc4");
    fs.writeFileSync(trunc, fs.readFileSync(GRANULE).subarray(0, 1000000));
    await expect(readGldas(trunc)).rejects.toThrow(/GLDAS_NOAH025_3H\.A20160101\.0300\.021\.nc4: truncated HDF5 file/);
    const a = await readGldas(GRANULE);
    const b = await readGldas(SUBSET);
    await expect(gldasDailyMeans([a, b])).rejects.toThrow(/grid mismatch/);
    await expect(gldasDailyMeans([a, a])).rejects.toThrow(/2016-01-01T03:00:00.000Z appears twice/);
    await expect(gldasDailyMeans([a], { stepsPerDay: 0 })).rejects.toThrow(/options.stepsPerDay/);
  });
});
