import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../src/cli/main";
import type { CommandIO } from "../../src/cli/command";
import { replicaCommand } from "../../src/cli/replicaCommand";
import { loadProductManifest } from "../../src/manifests/loadProductManifest";
import { loadStudyManifest } from "../../src/manifests/loadStudyManifest";
import { expandFileList } from "../../src/manifests/expandFileList";
import { REPLICA_PRODUCTS, replicaPath, LPRM_STAMP, REPLICA_PRODUCTION } from "../../src/replica/index";
import { ProductSource } from "../../src/sources/ProductSource";
import { readStationRecords } from "../../src/sources/readStationRecords";
import type { VariableName } from "../../src/sources/layerSource";
import { openTwin } from "../../src/twin/openTwin";
import { twinConfig } from "../../src/twin/twinConfig";

function collector(): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [], stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}
const MANIFESTS = path.join(process.cwd(), "data-manifests");
const manifest = (id: string) => loadProductManifest(path.join(MANIFESTS, `${id}.json`));

describe("sm-downscale replica export", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "replica-cli-"));
  const out = path.join(dataDir, "replica");
  const twin = openTwin(twinConfig("tiny"), { dataDir });
  const io = collector();
  let code = -1;
  beforeAll(async () => {
    code = await main(["replica", "export", "--config", "tiny", "--out", out, "--from", "2015-05-01", "--to", "2015-05-02", "--data-dir", dataDir], io, [replicaCommand]);
  }, 300000);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test("every manifest product gets its files at the replica paths its URL template gives", () => {
    expect(code).toBe(0);
    expect(io.stdout.length).toBe(REPLICA_PRODUCTS.length + 1);
    const expectPresent = (url: string) => expect(fs.existsSync(replicaPath(out, url))).toBe(true);
    const dated = (id: string) => expandFileList(manifest(id), { from: "2015-05-01", to: "2015-05-02" });
    for (const f of dated("gldas-noah025-3h-v2.1")) expectPresent(f.url);
    for (const f of dated("amsr2-lprm-l3")) expectPresent(f.url.replace("*", LPRM_STAMP[/_L3_([AD])_/.exec(f.name)![1] as "A" | "D"]));
    for (const id of ["mod11a2", "mod13a2", "mcd12q1"]) for (const f of dated(id)) expectPresent(f.url.replace("*", REPLICA_PRODUCTION));
    expectPresent("sftp://ftphsaf.meteoam.it/H111/H111_2221.nc");
    const srtm = expandFileList(manifest("srtm"), {}).filter((f) => fs.existsSync(replicaPath(out, f.url)));
    expect(srtm.length).toBeGreaterThan(0);
    expect(fs.readdirSync(replicaPath(out, manifest("ismn").files.urlTemplate)).filter((n) => /^Data_separate_files_header_\d{8}_\d{8}\.zip$/.test(n)).length).toBe(1);
  });

  test("a product source over the exported files serves the twin's layers (to the formats' quantization)", async () => {
    const routes: Partial<Record<VariableName, ReturnType<typeof manifest>>> = {
      gldas_sm: manifest("gldas-noah025-3h-v2.1"), amsr2_sm: manifest("amsr2-lprm-l3"), ascat_sm: manifest("hsaf-ascat-cdr"),
      lst: manifest("mod11a2"), ndvi: manifest("mod13a2"), landcover: manifest("mcd12q1"), dem: manifest("srtm"),
    };
    // what `fetch` would do: every file of a product in <dataDir>/real/<id>/
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    for (const [, m] of Object.entries(routes)) {
      const dir = path.join(dataDir, "real", m!.id);
      fs.mkdirSync(dir, { recursive: true });
      const names = new Set(expandFileList(m!, m!.files.cadence.unit === "static" ? {} : { from: "2015-04-01", to: "2015-05-02" }).map((f) => f.name));
      const match = (n: string) => [...names].some((x) => new RegExp(`^${x.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(n));
      for (const f of walk(out)) if (match(path.basename(f))) fs.symlinkSync(f, path.join(dir, path.basename(f)));
    }
    const src = new ProductSource({ routes, dataDir });
    const grid = twin.coarseGrid, date = "2015-05-02";
    // [variable, max |difference| per valid cell]: 0.25° products to their storage step; MODIS and DEM go through
    // nearest-neighbour steps and the 1 km → 0.25° aggregation, so their cell means agree to a fraction of the range
    const tol: [VariableName, number][] = [["gldas_sm", 1e-6], ["amsr2_sm", 0.005 + 1e-6], ["ascat_sm", 0.005 + 1e-6], ["lst", 0.5], ["ndvi", 0.01], ["dem", 5]];
    for (const [v, t] of tol) {
      const want = await twin.getLayer({ variable: v, grid, date });
      const got = await src.getLayer({ variable: v, grid, date });
      let n = 0, worst = 0;
      want.values.forEach((x, i) => { if (x === x && got.values[i] === got.values[i]) { n++; worst = Math.max(worst, Math.abs(x - got.values[i])); } });
      expect({ v, worst: worst <= t }).toEqual({ v, worst: true });
      expect(n).toBeGreaterThan(0.5 * want.values.filter((x) => x === x).length);
    }
    const lcWant = await twin.getLayer({ variable: "landcover", grid, date }), lcGot = await src.getLayer({ variable: "landcover", grid, date });
    let agree = 0, both = 0;
    lcWant.values.forEach((x, i) => { if (x === x && lcGot.values[i] === lcGot.values[i]) { both++; if (x === lcGot.values[i]) agree++; } });
    expect(agree / both).toBeGreaterThan(0.9);
    const stations = twin.stationSeries();
    const zipDir = replicaPath(out, manifest("ismn").files.urlTemplate);
    const rec = readStationRecords(zipDir, { fine: twin.fineGrid, dates: stations[0].dates, studyStations: loadStudyManifest(path.join(MANIFESTS, "study.json")).stations });
    expect(rec.records.length).toBe(stations.length);
  }, 120000);

  test("usage errors name the option and the bad value", async () => {
    const run = async (...argv: string[]) => { const e = collector(); const c = await main(["replica", ...argv], e, [replicaCommand]); return { c, msg: e.stderr.join("\n") }; };
    expect(await run("serve")).toEqual({ c: 2, msg: expect.stringMatching(/must be 'export', got 'serve'/) });
    expect(await run("export", "--config", "big", "--out", out)).toEqual({ c: 2, msg: expect.stringMatching(/--config must be .* got 'big'/) });
    expect(await run("export", "--config", "tiny")).toEqual({ c: 2, msg: expect.stringMatching(/--out DIR is required/) });
    expect(await run("export", "--config", "tiny", "--out", out, "--products", "gldas,ismn")).toEqual({ c: 2, msg: expect.stringMatching(/--products must list ids of .* got 'gldas,ismn'/) });
    expect(await run("export", "--config", "tiny", "--out", out, "--from", "2015-05-01")).toEqual({ c: 2, msg: expect.stringMatching(/--from and --to must be given together/) });
    expect(await run("export", "--config", "tiny", "--out", out, "--from", "2015-13-01", "--to", "2015-05-01")).toEqual({ c: 2, msg: expect.stringMatching(/--from must be YYYY-MM-DD, got '2015-13-01'/) });
  });
});
