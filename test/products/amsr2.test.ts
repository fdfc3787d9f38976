import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { readJaxaAmsr2, readLprmAmsr2, amsr2Daily, fillFromPreviousDays } from "../../src/products";

const fx = (p: string) => path.join(process.cwd(), "test/fixtures/amsr2", p);
const A1 = fx("GW1AM2_20150401_01D_EQMA_L3SGSMCLA2220220.h5");
const D1 = fx("GW1AM2_20150401_01D_EQMD_L3SGSMCLA2220220.h5");
const A2 = fx("GW1AM2_20150402_01D_EQMA_L3SGSMCLA2220220.h5");
const D2 = fx("GW1AM2_20150402_01D_EQMD_L3SGSMCLA2220220.h5");
const LPRM = fx("LPRM-AMSR2_L3_D_SOILM3_V001_20150401013507.nc4");

function mean(a: Float32Array) { let s = 0, n = 0; for (const x of a) if (x === x) { s += x; n++; } return { n, mean: s / n }; }

describe("JAXA AMSR2 L3 HDF5 (generated fixture following the documented layout; numpy/h5py values, see README)", () => {
  test("reads Geophysical Data × SCALE FACTOR, negative → NaN, 0–360° shifted to −180…180", async () => {
    const a = await readJaxaAmsr2(A1);
    expect(a.direction).toBe("ascending");
    expect(a.date).toBe("2015-04-01");
    expect(a.units).toBe("1");
    expect(a.grid.toJSON()).toMatchObject({ west: -180, north: 90, cellSize: 0.25, width: 1440, height: 720 });
    expect(mean(a.values).n).toBe(17564);
    expect(mean(a.values).mean).toBeCloseTo(0.166884653, 6);
    expect(a.values[209 * 1440 + 1228]).toBeCloseTo(0.153, 6); // 37.625 N, 127.125 E
    expect(a.counts.fill).toBe(1440 * 720 - 17564);
    const pct = await readJaxaAmsr2(A1, { units: "percent" });
    expect(pct.values[209 * 1440 + 1228]).toBeCloseTo(15.3, 4);
  });

  test("daily = mean of ascending and descending; previous day fills gaps (counted)", async () => {
    const day1 = amsr2Daily(await readJaxaAmsr2(A1), await readJaxaAmsr2(D1), []);
    expect(day1.counts).toMatchObject({ both: 12649, ascendingOnly: 4915, descendingOnly: 4698, filled: 0, valid: 22262 });
    expect(mean(day1.values).mean).toBeCloseTo(0.152048156, 6);
    expect(day1.values[209 * 1440 + 1228]).toBeCloseTo(0.138, 6);
    expect(day1.values[160 * 1440 + 1121]).toBeCloseTo(0.183, 6); // ascending only
    const day2 = amsr2Daily(await readJaxaAmsr2(A2), await readJaxaAmsr2(D2), [day1]);
    expect(day2.counts.filled).toBe(1596);
    expect(day2.counts.filled1).toBe(1596);
    expect(day2.counts.valid).toBe(23866);
    expect(day2.values[160 * 1440 + 1151]).toBeCloseTo(0.158, 6); // filled from day 1
    expect(mean(day2.values).mean).toBeCloseTo(0.161236657, 6);
    const noFill = amsr2Daily(await readJaxaAmsr2(A2), await readJaxaAmsr2(D2), [day1], { maxDaysBack: 0 });
    expect(noFill.counts.filled).toBe(0);
    expect(Number.isNaN(noFill.values[160 * 1440 + 1151])).toBe(true);
  });

  test("crop to the study grid", async () => {
    const box = new LatLonGrid({ west: 100, north: 50, cellSize: 0.25, width: 200, height: 120 });
    const a = await readJaxaAmsr2(A1, { grid: box });
    expect(a.values.length).toBe(24000);
    expect(a.values[box.indexOf(127.125, 37.625)]).toBeCloseTo(0.153, 6);
  });

  test("errors: wrong product, truncated, pass/date/grid mismatch", async () => {
    await expect(readJaxaAmsr2(LPRM)).rejects.toThrow(/LPRM-AMSR2.*not a JAXA AMSR2 L3 file \(no dataset "Geophysical Data"/);
    await expect(readLprmAmsr2(A1)).rejects.toThrow(/GW1AM2_20150401.*not an LPRM AMSR2 L3 file/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "amsr2-"));
    const t = path.join(dir, path.basename(A1));
    fs.writeFileSync(t, fs.readFileSync(A1).subarray(0, 20000));
    await expect(readJaxaAmsr2(t)).rejects.toThrow(/GW1AM2_20150401_01D_EQMA_L3SGSMCLA2220220\.h5: truncated HDF5 file/);
    const a1 = await readJaxaAmsr2(A1), d1 = await readJaxaAmsr2(D1), d2 = await readJaxaAmsr2(D2);
    expect(() => amsr2Daily(d1, a1)).toThrow(/is a descending pass, given as ascending/);
    expect(() => amsr2Daily(a1, d2)).toThrow(/are of different days/);
    const crop = await readJaxaAmsr2(A1, { grid: new LatLonGrid({ west: 100, north: 50, cellSize: 0.25, width: 4, height: 4 }) });
    expect(() => amsr2Daily(crop, d1)).toThrow(/grid mismatch/);
    await expect(readJaxaAmsr2(A1, { grid: new LatLonGrid({ west: 100, north: 50, cellSize: 0.1, width: 4, height: 4 }) })).rejects.toThrow(/GW1AM2.*grid mismatch/);
    await expect(readJaxaAmsr2(A1, { units: "percent " as "percent" })).rejects.toThrow(/options.units/);
  });
});

describe("LPRM AMSR2 L3 NetCDF-4 (real file; python3-netcdf4 values)", () => {
  test("transposed (Longitude, Latitude), latitude descending, fill → NaN, fraction", async () => {
    const x = await readLprmAmsr2(LPRM, { variable: "soil_moisture_x" });
    expect(x.direction).toBe("descending");
    expect(x.date).toBe("2015-04-01");
    expect(x.grid.toJSON()).toMatchObject({ west: -180, north: 90, cellSize: 0.25, width: 1440, height: 720 });
    expect(mean(x.values).n).toBe(98866);
    expect(mean(x.values).mean).toBeCloseTo(0.27565310622, 6);
    expect(x.values[117 * 1440 + 72]).toBeCloseTo(0.30, 6); // Latitude 60.625, Longitude -161.875
    expect(x.counts.fill).toBe(1036800 - 98866);
    const c1 = await readLprmAmsr2(LPRM);
    expect(c1.variable).toBe("soil_moisture_c1");
    expect(mean(c1.values).mean).toBeCloseTo(0.442021423, 6);
    await expect(readLprmAmsr2(LPRM, { variable: "soil_moisture_ku" })).rejects.toThrow(/no variable "soil_moisture_ku"/);
  });
});

test("fillFromPreviousDays documented example and lag counting", () => {
  const r = fillFromPreviousDays(Float32Array.of(NaN, 0.2), [Float32Array.of(0.1, 0.3)], { maxDaysBack: 1 });
  expect(Array.from(r.values)).toEqual([Math.fround(0.1), Math.fround(0.2)]);
  expect(r).toMatchObject({ filled: 1, filledByLag: [1], remaining: 0 });
  const r2 = fillFromPreviousDays(Float32Array.of(NaN, NaN, NaN), [Float32Array.of(NaN, 1, NaN), Float32Array.of(2, 3, NaN)], { maxDaysBack: 2 });
  expect(Array.from(r2.values)).toEqual([2, 1, NaN]);
  expect(r2).toMatchObject({ filled: 2, filledByLag: [1, 1], remaining: 1 });
  expect(() => fillFromPreviousDays(Float32Array.of(1), [], { maxDaysBack: -1 })).toThrow(/maxDaysBack/);
});
