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
    const date = "2015-05-02";
    // [variable, grid, max |difference| per valid cell, least valid fraction]: the 0.25° products to their storage
    // step on the 0.25° grid; MODIS and SRTM (exported from the 1 km window) on the 1 km grid, where the two
    // nearest-neighbour steps (pixel → sinusoidal or 3″ sample → pixel) give a pixel its own value or a neighbour's
    const fine = twin.fineGrid, coarse = twin.coarseGrid;
    const spread = async (v: VariableName) => { const x = (await twin.getLayer({ variable: v, grid: fine, date })).values.filter((y) => y === y); return Math.max(...x) - Math.min(...x); };
    const checks: [VariableName, typeof fine, number][] = [
      ["gldas_sm", coarse, 1e-6], ["amsr2_sm", coarse, 0.005 + 1e-6], ["ascat_sm", coarse, 0.005 + 1e-6],
      ["lst", fine, await spread("lst")], ["ndvi", fine, await spread("ndvi")], ["dem", fine, await spread("dem")],
    ];
    for (const [v, grid, t] of checks) {
      const want = await twin.getLayer({ variable: v, grid, date });
      const got = await src.getLayer({ variable: v, grid, date });
      let n = 0, worst = 0, close = 0;
      const step = v === "lst" ? 0.02 : v === "ndvi" ? 1e-4 : v === "dem" ? 0.5 : 0;
      want.values.forEach((x, i) => {
        if (x === x && got.values[i] === got.values[i]) { n++; const d = Math.abs(x - got.values[i]); worst = Math.max(worst, d); if (d <= step + 1e-4 * Math.abs(x)) close++; }
      });
      const valid = want.values.filter((x) => x === x).length;
      expect({ v, worst: worst <= t, n: n > 0.9 * valid }).toEqual({ v, worst: true, n: true });
      // on the 1 km grid many pixels keep their own value (to the format's step); fewer for the DEM since twin-7's
      // 1 km hillslope relief (shared edge pixels are blends of neighbours that differ by more than the step)
      if (grid === fine) expect({ v, own: close / n > (v === "dem" ? 0.4 : 0.5) }).toEqual({ v, own: true });
    }
    const lcWant = await twin.getLayer({ variable: "landcover", grid: fine, date }), lcGot = await src.getLayer({ variable: "landcover", grid: fine, date });
    let agree = 0, both = 0;
    lcWant.values.forEach((x, i) => { if (x === x && lcGot.values[i] === lcGot.values[i]) { both++; if (x === lcGot.values[i]) agree++; } });
    expect(agree / both).toBeGreaterThan(0.8);
    const stations = twin.stationSeries();
    const zipDir = replicaPath(out, manifest("ismn").files.urlTemplate);
    const rec = readStationRecords(zipDir, { fine: twin.fineGrid, dates: stations[0].dates, studyStations: loadStudyManifest(path.join(MANIFESTS, "study.json")).stations });
    expect(rec.records.length).toBe(stations.length);
  }, 120000);

  test("usage errors name the option and the bad value", async () => {
    const run = async (...argv: string[]) => { const e = collector(); const c = await main(["replica", ...argv], e, [replicaCommand]); return { c, msg: e.stderr.join("\n") }; };
    expect(await run("publish")).toEqual({ c: 2, msg: expect.stringMatching(/must be 'export' or 'serve', got 'publish'/) });
    expect(await run("serve")).toEqual({ c: 2, msg: expect.stringMatching(/--dir DIR is required/) });
    expect(await run("serve", "--dir", out, "--faults", "drop=x")).toEqual({ c: 2, msg: expect.stringMatching(/--faults must be unavailable=N,drop=M .* got 'drop=x'/) });
    expect(await run("serve", "--dir", "/no/such/replica")).toEqual({ c: 2, msg: expect.stringMatching(/--dir '\/no\/such\/replica' is not a directory/) });
    expect(await run("export", "--config", "big", "--out", out)).toEqual({ c: 2, msg: expect.stringMatching(/--config must be .* got 'big'/) });
    expect(await run("export", "--config", "tiny")).toEqual({ c: 2, msg: expect.stringMatching(/--out DIR is required/) });
    expect(await run("export", "--config", "tiny", "--out", out, "--products", "gldas,ismn")).toEqual({ c: 2, msg: expect.stringMatching(/--products must list ids of .* got 'gldas,ismn'/) });
    expect(await run("export", "--config", "tiny", "--out", out, "--from", "2015-05-01")).toEqual({ c: 2, msg: expect.stringMatching(/--from and --to must be given together/) });
    expect(await run("export", "--config", "tiny", "--out", out, "--from", "2015-13-01", "--to", "2015-05-01")).toEqual({ c: 2, msg: expect.stringMatching(/--from must be YYYY-MM-DD, got '2015-13-01'/) });
  });
});
