import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadProductManifest } from "../../src/manifests/loadProductManifest";
import { loadStudyManifest } from "../../src/manifests/loadStudyManifest";
import { unzipChecked } from "../../src/io/unzipChecked";
import { exportIsmn } from "../../src/replica/index";
import { readStationRecords } from "../../src/sources/readStationRecords";
import { openTwin } from "../../src/twin/openTwin";
import { twinConfig } from "../../src/twin/twinConfig";

/** A real ISMN header+values file (test/fixtures/ismn/README.md). */
const REAL = path.join(process.cwd(), "test/fixtures/ismn/COSMOS_COSMOS_ARM-1_sm_0.000000_0.190000_Cosmic-ray-Probe_20170810_20180809.stm");
/** End columns of the whitespace-separated fields of a line (fixed-width layout). */
const fieldEnds = (line: string) => Array.from(line.matchAll(/\S+/g), (m) => (m.index ?? 0) + m[0].length);
/** Start columns (text fields are left-aligned). */
const fieldStarts = (line: string) => Array.from(line.matchAll(/\S+/g), (m) => m.index ?? 0);

describe("replica: ISMN header+values archive from the twin's stations", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "replica-ismn-"));
  const replica = path.join(dataDir, "replica");
  const manifest = loadProductManifest(path.join(process.cwd(), "data-manifests", "ismn.json"));
  const twin = openTwin(twinConfig("tiny"), { dataDir });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test("the archive's layout and the real file's fixed-width header and value lines", () => {
    const stations = twin.stationSeries();
    const zip = exportIsmn({ stations, manifest, outDir: replica });
    const d = stations[0].dates;
    const span = `${d[0].replace(/-/g, "")}_${d[d.length - 1].replace(/-/g, "")}`;
    expect(path.relative(replica, zip)).toBe(`ismn.earth/en/dataviewer/Data_separate_files_header_${span}.zip`);
    const buf = fs.readFileSync(zip);
    const entries = unzipChecked(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), zip);
    const name = stations[0].station.name;
    expect([...entries.keys()].sort()).toEqual(stations.flatMap((s) => [
      `RDA/${s.station.name}/RDA_RDA_${s.station.name}_p_0.000000_0.000000_Rain-gauge_${span}.stm`,
      `RDA/${s.station.name}/RDA_RDA_${s.station.name}_sm_0.100000_0.100000_TDR_${span}.stm`,
    ]).sort());
    const ours = Buffer.from(entries.get(`RDA/${name}/RDA_RDA_${name}_sm_0.100000_0.100000_TDR_${span}.stm`) as Uint8Array).toString("latin1").split("\r\n");
    const real = fs.readFileSync(REAL, "latin1").split(/\r?\n\r?/);
    expect(fieldStarts(ours[0]).slice(0, 3)).toEqual(fieldStarts(real[0]).slice(0, 3)); // network, network, station (left-aligned)
    expect(fieldEnds(ours[0]).slice(3, 8)).toEqual(fieldEnds(real[0]).slice(3, 8)); // lat, lon, elev, depths (right-aligned)
    expect(fieldStarts(ours[0])[8]).toBe(fieldStarts(real[0])[8]); // sensor
    expect(fieldEnds(ours[1])).toEqual(fieldEnds(real[1])); // YYYY/MM/DD HH:MM value G M
  });

  test("readStationRecords reads the archive back as the twin's series (4 decimals)", () => {
    const stations = twin.stationSeries();
    const dir = path.dirname(exportIsmn({ stations, manifest, outDir: replica }));
    const study = loadStudyManifest(path.join(process.cwd(), "data-manifests", "study.json"));
    const got = readStationRecords(dir, { fine: twin.fineGrid, dates: stations[0].dates, studyStations: study.stations });
    expect(got.records.map((r) => r.station.id).sort()).toEqual(stations.map((s) => s.station.id).sort());
    let n = 0;
    for (const want of stations) {
      const r = got.records.find((x) => x.station.id === want.station.id)!;
      expect(r.fineIndex).toBe(want.fineIndex);
      want.sm.forEach((v, t) => {
        if (v !== v) expect(r.sm[t]).toBeNaN();
        else { expect(Math.abs(r.sm[t] - v)).toBeLessThanOrEqual(5e-5 + 1e-7); n++; }
      });
      want.precip.forEach((v, t) => (v !== v ? expect(r.precip[t]).toBeNaN() : expect(Math.abs(r.precip[t] - v)).toBeLessThanOrEqual(24 * 5e-5 + 1e-5)));
    }
    expect(n).toBeGreaterThan(100);
  });

  test("refuses no stations, a bad depth and another product's manifest, naming the option", () => {
    expect(() => exportIsmn({ stations: [], manifest, outDir: replica })).toThrow(/options\.stations/);
    expect(() => exportIsmn({ stations: twin.stationSeries(), manifest, outDir: replica, depth: -1 })).toThrow(/options\.depth/);
    const gldas = loadProductManifest(path.join(process.cwd(), "data-manifests", "gldas-noah025-3h-v2.1.json"));
    expect(() => exportIsmn({ stations: twin.stationSeries(), manifest: gldas, outDir: replica })).toThrow(/options\.manifest gldas/);
  });
});
