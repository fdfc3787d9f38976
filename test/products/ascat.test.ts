import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { Hdf5File } from "../../src/io/hdf5/hdf5File";
import { readHsafCdrCell, readAscatSwath, ascatDailyGrid, fillLayerFromPreviousDays, cdrSeriesPoints, gapFillSeries } from "../../src/products";

const fx = (p: string) => path.join(process.cwd(), "test/fixtures/ascat", p);
const SWATH = fx("W_XX-EUMETSAT-Darmstadt,SURFACE+SATELLITE,METOPA+ASCAT_C_EUMP_20170220041500_53652_eps_o_250_ssm_l2.nc");
const GLOBAL = new LatLonGrid({ west: -180, north: 90, cellSize: 0.25, width: 1440, height: 720 });

function mean(a: Float32Array) { let s = 0, n = 0; for (const x of a) if (x === x) { s += x; n++; } return { n, mean: s / n }; }

describe("EUMETSAT ASCAT 25 km swath (real file; numpy/netCDF4 values in fixtures README)", () => {
  test("big-endian ushort, _Unsigned, 65535 empty → NaN; % → fraction; daily mean on the 0.25° grid", async () => {
    const s = await readAscatSwath(SWATH);
    expect(s.counts.valid).toBe(15372);
    expect(s.values[0]).toBeCloseTo(0.0176, 6);
    expect(s.values[5]).toBeCloseTo(0.0456, 6);
    expect(new Date(s.timeMs[0]).toISOString()).toBe("2017-02-20T04:15:00.000Z");
    const pts = { lon: s.lon, lat: s.lat, timeMs: s.timeMs, values: s.values, units: s.units, source: s.file };
    const day = ascatDailyGrid([pts], { grid: GLOBAL, date: "2017-02-20" });
    expect(day.counts.valid).toBe(13993);
    expect(day.counts.observations).toBe(15372);
    expect(mean(day.values).mean).toBeCloseTo(0.279154077, 6);
    expect(day.values[93 * 1440 + 1064]).toBeCloseTo(0.060433332, 6); // 3 observations in this cell
    const other = ascatDailyGrid([pts], { grid: GLOBAL, date: "2017-02-21" });
    expect(other.counts.valid).toBe(0);
    expect(other.counts.otherDay).toBe(15372);
    expect(other.counts.dropped).toBe(15372);
  });
});

describe("EUMETSAT ASCAT swath: every numeric variable decoded as netCDF4-python does", () => {
  // [variable, unmasked count, mean] from netCDF4-python 1.6.2 / numpy 1.24 (auto mask and scale): attributes are read in
  // the variable's type, so valid_max = -2b on a ubyte flag means 254 and -29536s on a ushort angle means 36000.
  const NETCDF4: [string, number, number][] = [
    ["utc_line_nodes", 1632, 540882357.6942402],
    ["abs_line_number", 1632, 576941182.0],
    ["sat_track_azi", 1632, 269.58368323830996],
    ["as_des_pass", 1632, 0.49693627450980393],
    ["swath_indicator", 68544, 0.5],
    ["latitude", 68544, 0.33238652393321305],
    ["longitude", 68544, -17.56832533032328],
    ["soil_moisture", 15372, 27.69353505098444],
    ["soil_moisture_error", 15372, 6.461635946413207],
    ["sigma40", 3582, -8.683168072158628],
    ["sigma40_error", 15372, 0.0853242408722689],
    ["slope40", 15372, -0.13631357036882596],
    ["slope40_error", 15372, 0.0026417223456592018],
    ["soil_moisture_sensitivity", 15372, 4.178543734831404],
    ["dry_backscatter", 15372, -12.776193559988853],
    ["wet_backscatter", 15372, -8.597649322945637],
    ["mean_soil_moisture", 15372, 29.44000909810354],
    ["rainfall_flag", 0, NaN],
    ["corr_flags", 68544, 0.46352707749766575],
    ["proc_flag1", 21788, 7.581971727556453],
    ["proc_flag2", 21788, 7.581971727556453],
    ["aggregated_quality_flag", 15372, 78.61488420504814],
    ["snow_cover_probability", 14627, 65.16626786080536],
    ["frozen_soil_probability", 15372, 77.16991933385376],
    ["wetland_flag", 15372, 1.6527452511059069],
    ["topography_flag", 15372, 8.352719229768411],
  ];
  test.each(NETCDF4)("%s: %d values kept, mean %f", async (name, count, mean) => {
    const f = await Hdf5File.open(SWATH);
    try {
      const d = f.read(name, { output: "float64" });
      let s = 0, n = 0;
      for (const x of d.values) if (x === x) { s += x; n++; }
      expect(n).toBe(count);
      expect(d.counts.valid).toBe(count);
      if (count > 0) expect(Math.abs(s / n - mean)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(mean)));
    } finally { f.close(); }
  });
});

describe("H SAF CDR time-series cells (real H111/H25/H108; netCDF4 values)", () => {
  test("H111 ragged array: one location, % saturation → fraction, daily means, gap filling up to two days", async () => {
    const cell = await readHsafCdrCell(fx("H111_1436.nc"));
    expect(cell.product).toBe("H111");
    expect(cell.locations.length).toBe(1);
    const loc = cell.locations[0];
    expect(loc.lon).toBeCloseTo(19.035336, 5);
    expect(loc.lat).toBeCloseTo(70.05438, 5);
    expect(cell.counts).toMatchObject({ total: 13715, valid: 13658, fill: 57 });
    expect(new Date(loc.timeMs[0]).toISOString().slice(0, 16)).toBe("2007-01-01T19:30");
    const grid = new LatLonGrid({ west: 19, north: 70.25, cellSize: 0.25, width: 2, height: 2 });
    const pts = cdrSeriesPoints(loc, cell.units, cell.file);
    const d = (date: string) => ascatDailyGrid([pts], { grid, date });
    expect(d("2015-07-01").values[0]).toBeCloseTo(0.0425, 6);
    expect(d("2015-07-02").values[0]).toBeCloseTo(0.098333333, 6);
    expect(d("2015-07-01").counts.observations).toBe(4);
    const d26 = d("2007-02-26"), d27 = d("2007-02-27"), d28 = d("2007-02-28");
    expect(d26.values[0]).toBeCloseTo(0.37, 6);
    expect(Number.isNaN(d27.values[0]) && Number.isNaN(d28.values[0])).toBe(true);
    const f27 = fillLayerFromPreviousDays(d27, [d26, d("2007-02-25")]);
    expect(f27.values[0]).toBeCloseTo(0.37, 6);
    expect(f27.counts.filled1).toBe(1);
    const f28 = fillLayerFromPreviousDays(d28, [d27, d26]);
    expect(f28.values[0]).toBeCloseTo(0.37, 6);
    expect(f28.counts).toMatchObject({ filled: 1, filled1: 0, filled2: 1 });
    const f28one = fillLayerFromPreviousDays(d28, [d27, d26], { maxDaysBack: 1 });
    expect(Number.isNaN(f28one.values[0])).toBe(true);
    // the same over a run of days: raw previous days (default) vs chained filling
    const run = [d("2007-02-25"), d26, d27, d28];
    const raw2 = gapFillSeries(run, { maxDaysBack: 2 });
    expect(raw2[3].values[0]).toBeCloseTo(0.37, 6);
    expect(raw2[3].counts.filled2).toBe(1);
    const raw1 = gapFillSeries(run, { maxDaysBack: 1 });
    expect(Number.isNaN(raw1[3].values[0])).toBe(true);
    const chained1 = gapFillSeries(run, { maxDaysBack: 1, chained: true });
    expect(chained1[3].values[0]).toBeCloseTo(0.37, 6);
    expect(chained1[3].counts.filled1).toBe(1);
    expect(() => gapFillSeries([d26, d28])).toThrow(/consecutive days, got 2007-02-26 then 2007-02-28/);
  });

  test("H25 and H108 (older layout with dayofyear): same reader", async () => {
    const h25 = await readHsafCdrCell(fx("H25_1436.nc"));
    expect(h25.counts).toMatchObject({ total: 7737, valid: 7607, fill: 130 });
    expect(mean(h25.locations[0].values).mean).toBeCloseTo(0.2132272906, 6);
    const h108 = await readHsafCdrCell(fx("H108_1436.nc"), { units: "percent" });
    expect(h108.product).toBe("H108");
    expect(h108.units).toBe("%");
    expect(h108.counts.total).toBe(8274);
    expect(h108.counts.dropped).toBe(52); // row_size sums to 8222: 52 trailing observations belong to no location
    expect(h108.locations[0].values.length).toBe(8222);
    expect(h108.counts.valid).toBe(8083);
    expect(mean(h108.locations[0].values).mean).toBeCloseTo(21.418037857, 5);
    const flagged = await readHsafCdrCell(fx("H25_1436.nc"), { maskProcFlag: true, maskFrozen: true });
    expect(flagged.counts.valid + flagged.counts.flagged + flagged.counts.frozen + flagged.counts.fill + flagged.counts.outOfRange).toBe(7737);
  });

  test("errors: wrong product, truncated, grid mismatch, bad date", async () => {
    await expect(readHsafCdrCell(SWATH)).rejects.toThrow(/W_XX-EUMETSAT.*not an H SAF ASCAT CDR cell file \(missing row_size/);
    await expect(readAscatSwath(fx("H111_1436.nc"))).rejects.toThrow(/H111_1436\.nc: not a EUMETSAT ASCAT soil-moisture swath file/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ascat-"));
    const t = path.join(dir, "H111_1436.nc");
    fs.writeFileSync(t, fs.readFileSync(fx("H111_1436.nc")).subarray(0, 50000));
    await expect(readHsafCdrCell(t)).rejects.toThrow(/H111_1436\.nc: truncated HDF5 file/);
    const cell = await readHsafCdrCell(fx("H111_1436.nc"));
    const pts = cdrSeriesPoints(cell.locations[0], cell.units, cell.file);
    const a = ascatDailyGrid([pts], { grid: new LatLonGrid({ west: 19, north: 70.25, cellSize: 0.25, width: 2, height: 2 }), date: "2015-07-01" });
    const b = ascatDailyGrid([pts], { grid: new LatLonGrid({ west: 19, north: 70.25, cellSize: 0.25, width: 3, height: 2 }), date: "2015-06-30" });
    expect(() => fillLayerFromPreviousDays(a, [b])).toThrow(/grid mismatch/);
    expect(() => ascatDailyGrid([pts], { grid: GLOBAL, date: "2015-02-30" })).toThrow(/options.date must be an ISO day/);
  });
});
