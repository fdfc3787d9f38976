import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readIsmnStm, readIsmnStatic, readIsmnZip, parseStationCsv, readStationCsv, stationDailyMeans, parseIsmnStm } from "../../src/products";

const fx = (p: string) => path.join(process.cwd(), "test/fixtures/ismn", p);
const COSMOS = fx("COSMOS_COSMOS_ARM-1_sm_0.000000_0.190000_Cosmic-ray-Probe_20170810_20180809.stm");
const HV = fx("SMOSMANIA_SMOSMANIA_Narbonne_sm_0.050000_0.050000_ThetaProbe-ML2X_20070101_20070131.header_values.stm");
const SEP = fx("SMOSMANIA_SMOSMANIA_Narbonne_sm_0.050000_0.050000_ThetaProbe-ML2X_20070101_20070131.ceop_sep.stm");
const OLD = fx("SMOSMANIA_SMOSMANIA_NBN_20100304_20130801.stm");
const SOILSCAPE = fx("SOILSCAPE_SOILSCAPE_node703_sm_0.050000_0.050000_EC5_20070101_20131231.stm");

function mean(a: Float32Array) { let s = 0, n = 0; for (const x of a) if (x === x) { s += x; n++; } return { n, mean: s / n }; }

describe("ISMN .stm readers (expected values from awk over the files, see fixtures README)", () => {
  test("header+values (COSMOS, CRLF, D-flag lists): keeps 'G' by default and counts the rest", async () => {
    const [s] = await readIsmnStm(COSMOS);
    expect(s.layout).toBe("header_values");
    expect(s).toMatchObject({ network: "COSMOS", station: "ARM-1", lat: 36.6054, lon: -97.4878, elevation: 322, depthFrom: 0, depthTo: 0.19, sensor: "Cosmic-ray-Probe", variable: "soil_moisture", units: "m3 m-3" });
    expect(s.counts).toMatchObject({ total: 6865, valid: 6514, rejectedFlag: 351, missingValue: 0, masked: 351 });
    expect(s.flagCounts["D03,D05"]).toBe(17);
    expect(mean(s.values).mean).toBeCloseTo(0.131961928, 7);
    expect(new Date(s.timeMs[0]).toISOString()).toBe("2017-08-10T00:00:00.000Z");
    const daily = stationDailyMeans(s);
    expect(daily.dates[0]).toBe("2017-08-10");
    expect(daily.values[0]).toBeCloseTo(0.212791667, 6);
    expect(daily.n[0]).toBe(24);
  });

  test("header+values and CEOP-separate of the same SMOSMANIA series (CR-only line ends) agree", async () => {
    const [hv] = await readIsmnStm(HV, { keepFlags: ["G", "U", "D05"] });
    const [sep] = await readIsmnStm(SEP, { keepFlags: ["G", "U", "D05"] });
    expect(hv.layout).toBe("header_values");
    expect(sep.layout).toBe("ceop_sep");
    for (const s of [hv, sep]) {
      expect(s).toMatchObject({ network: "SMOSMANIA", station: "Narbonne", lat: 43.15, lon: 2.9567, elevation: 112, depthFrom: 0.05, depthTo: 0.05 });
      expect(s.counts.total).toBe(741);
      expect(s.flagCounts).toEqual({ U: 736, D05: 5 });
      expect(mean(s.values).mean).toBeCloseTo(0.173432119, 7);
    }
    expect(Array.from(hv.timeMs)).toEqual(Array.from(sep.timeMs));
    const [strict] = await readIsmnStm(HV);
    expect(strict.counts).toMatchObject({ valid: 0, rejectedFlag: 741 });
  });

  test("old CEOP all-variables file: one series per variable and depth, −999.99 missing", async () => {
    const all = await readIsmnStm(OLD, { keepFlags: ["*"] });
    expect(all.every((s) => s.layout === "ceop")).toBe(true);
    expect(all.map((s) => `${s.variable}@${s.depthFrom}`)).toEqual([
      "soil_moisture@0.05", "soil_moisture@0.1", "soil_moisture@0.2", "soil_moisture@0.3",
      "soil_temperature@0.05", "soil_temperature@0.1", "soil_temperature@0.2", "soil_temperature@0.3"]);
    const sm05 = all[0], ts05 = all[4];
    expect(sm05.counts.total).toBe(42);
    expect(mean(sm05.values).mean).toBeCloseTo(0.219445238, 7);
    expect(mean(ts05.values).mean).toBeCloseTo(11.326190476, 5);
    const ts20 = all[6];
    expect(ts20.counts.missingValue).toBe(42);
  });

  test("SOILSCAPE header+values with numeric orig_flag and trailing spaces", async () => {
    const [s] = await readIsmnStm(SOILSCAPE, { keepFlags: ["G", "U"] });
    expect(s.counts).toMatchObject({ total: 6093, valid: 5427, rejectedFlag: 666 });
    expect(s.flagCounts.D10).toBe(666);
  });

  test("static variables CSV (';' separated, '\"' inside fields)", async () => {
    const rows = await readIsmnStatic(fx("COSMOS_COSMOS_ARM-1_static_variables.csv"));
    const sat = rows.find((r) => r.quantity === "saturation" && r.depthFrom === 0);
    expect(sat).toMatchObject({ unit: "m^3*m^-3", depthTo: 0.3, value: 0.46, sourceName: "HWSD" });
    expect(sat?.fields.quantity_source_resolution).toBe('30"');
    expect(rows.find((r) => r.quantity === "climate classification")?.value).toBe("Cfa");
    expect(rows.find((r) => r.quantity === "organic carbon" && r.sourceName === "insitu")?.depthFrom).toBeNaN();
  });

  test("ISMN zip archive (fflate): network/station folders, stm and static files", async () => {
    const a = await readIsmnZip(fx("Data_seperate_files_header_20170810_20180809.zip"));
    expect(a.series.map((s) => s.station)).toEqual(["ARM-1", "Barrow-ARM"]);
    expect(Object.keys(a.statics)).toEqual(["COSMOS/ARM-1", "COSMOS/Barrow-ARM"]);
    expect(a.otherFiles).toEqual(["Metadata.xml"]);
    const [direct] = await readIsmnStm(COSMOS);
    expect(Array.from(a.series[0].values)).toEqual(Array.from(direct.values));
    const only = await readIsmnZip(fx("Data_seperate_files_header_20170810_20180809.zip"), { filter: "Barrow-ARM/" });
    expect(only.series.length).toBe(1);
  });

  test("errors name the file and the problem", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ismn-"));
    const trunc = path.join(dir, "cut.zip");
    fs.writeFileSync(trunc, fs.readFileSync(fx("Data_seperate_files_header_20170810_20180809.zip")).subarray(0, 30000));
    await expect(readIsmnZip(trunc)).rejects.toThrow(/cut\.zip: corrupted or truncated zip archive/);
    await expect(readIsmnZip(COSMOS)).rejects.toThrow(/COSMOS_COSMOS_ARM-1.*: not a zip archive/);
    await expect(readIsmnStm(fx("COSMOS_COSMOS_ARM-1_static_variables.csv"))).rejects.toThrow(/static_variables\.csv: not an ISMN \.stm file/);
    await expect(readIsmnStm(path.join(process.cwd(), "test/fixtures/ascat/H25_1436.nc"))).rejects.toThrow(/H25_1436\.nc: binary data/);
    const bad = path.join(dir, "broken.stm");
    const lines = fs.readFileSync(HV, "latin1").split("\r");
    lines[10] = "2007/01/01 11:00   abc U M";
    fs.writeFileSync(bad, lines.join("\r"));
    await expect(readIsmnStm(bad)).rejects.toThrow(/broken\.stm: line 11: expected "YYYY\/MM\/DD HH:MM value flag/);
    const cut = path.join(dir, "cut.stm");
    fs.writeFileSync(cut, fs.readFileSync(HV).subarray(0, 200));
    const [c] = await readIsmnStm(cut, { keepFlags: ["*"] });
    expect(c.counts.total).toBeLessThan(5); // a truncated copy reads what is complete; the last partial line is checked
  });
});

test("station names with spaces and unknown elevation (−99.90 → NaN)", () => {
  const text = "REMEDHUS   REMEDHUS        El Tomillar       41.28300    -5.30000  -99.90    0.05    0.05 Stevens-Hydra-Probe\r\n2015/05/01 00:00   0.1234 G M\r\n2015/05/01 01:00  -9999.0 M M\r\n";
  const [s] = parseIsmnStm(text, "REMEDHUS_REMEDHUS_ElTomillar_sm_0.050000_0.050000_Stevens-Hydra-Probe_20150501_20150501.stm");
  expect(s.station).toBe("El Tomillar");
  expect(s.elevation).toBeNaN();
  expect(s.sensor).toBe("Stevens-Hydra-Probe");
  expect(s.counts).toMatchObject({ total: 2, valid: 1, missingValue: 1 });
});

describe("station CSV schema (other networks)", () => {
  const csv = [
    "# sm-downscale station CSV v1: RDA-like example",
    "station,network,lat,lon,elevation_m,depth_from_m,depth_to_m,variable,units,time,value,flag",
    "Suwon,RDA,37.2575,126.9833,34,0.1,0.1,soil_moisture,%,2015-05-01T00:00+09:00,23.5,G",
    "Suwon,RDA,37.2575,126.9833,34,0.1,0.1,soil_moisture,%,2015-05-01T01:00+09:00,NA,G",
    "Suwon,RDA,37.2575,126.9833,34,0.1,0.1,soil_moisture,%,2015-05-01T02:00+09:00,24.5,D",
    "Suwon,RDA,37.2575,126.9833,34,,,precipitation,mm,2015-05-01T00:00+09:00,1.5,",
  ].join("\n");
  test("parses, converts % to m³/m³, masks missing and rejected flags, groups by variable", () => {
    const [sm, p] = parseStationCsv(csv, "rda.csv");
    expect(sm).toMatchObject({ station: "Suwon", network: "RDA", variable: "soil_moisture", units: "m3 m-3", depthFrom: 0.1 });
    expect(sm.values[0]).toBeCloseTo(0.235, 6);
    expect(new Date(sm.timeMs[0]).toISOString()).toBe("2015-04-30T15:00:00.000Z");
    expect(sm.counts).toMatchObject({ total: 3, valid: 1, missingValue: 1, rejectedFlag: 1 });
    expect(p.values[0]).toBeCloseTo(1.5, 6);
    const local = stationDailyMeans(sm, { utcOffsetHours: 9 });
    expect(local.dates).toEqual(["2015-05-01"]);
    expect(parseStationCsv("station,lat,lon,variable,units,time,value\nS1,37.1,127.2,soil_moisture,%,2015-05-01T00:00Z,23.5\n", "rda.csv")[0].values[0]).toBeCloseTo(0.235, 6);
  });
  test("errors name the file and line", async () => {
    expect(() => parseStationCsv("station,lat,lon,time,value\n", "x.csv")).toThrow(/x\.csv: not a station CSV in the project's schema: missing column\(s\) variable, units/);
    expect(() => parseStationCsv(csv.replace("2015-05-01T01:00+09:00", "2015-05-01T01:00"), "x.csv")).toThrow(/x\.csv: line 4: time "2015-05-01T01:00" has no time zone/);
    expect(() => parseStationCsv(csv.replace(",%,2015-05-01T00:00+09:00", ",kg m-2,2015-05-01T00:00+09:00"), "x.csv")).toThrow(/line 3: unsupported variable\/units "soil_moisture" in "kg m-2"/);
    await expect(readStationCsv(path.join(os.tmpdir(), "nope-station.csv"))).rejects.toThrow(/nope-station\.csv: cannot read/);
  });
});
