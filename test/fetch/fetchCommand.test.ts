import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { CommandIO } from "../../src/cli/command";
import { fetchCommand } from "../../src/cli/fetchCommand";
import { main } from "../../src/cli/main";
import { FIXTURE_SHA256, FIXTURE_SIZE, startFetchServer } from "./fetchServer";
import type { FetchServer } from "./fetchServer";

const PASSWORD = "Pa55-w0rd-xyz";
const WRONG = "Wr0ng-S3cret-987";

function collector(): CommandIO & { stdout: string[]; stderr: string[]; all(): string } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => { stdout.push(t); }, err: (t) => { stderr.push(t); }, all: () => stdout.concat(stderr).join("\n") };
}

function writeManifest(dir: string, port: number, names: string[]): string {
  const file = path.join(dir, "loopback.json");
  fs.writeFileSync(file, JSON.stringify({
    kind: "product", id: "loopback", name: "Loopback test files", shortName: "LOOP", version: "1", doi: null,
    citation: "test", licence: "test", role: "test",
    access: {
      route: "loopback test server", protocol: "http", instructions: "none",
      auth: { kind: "account", hosts: ["127.0.0.1"], env: { username: "SMD_CLI_USER", password: "SMD_CLI_PASS" } },
    },
    files: { format: "nc", nameTemplate: "{f}", urlTemplate: `http://127.0.0.1:${port}/data/{f}`, cadence: { unit: "static" }, expand: { f: names } },
    variables: [{ name: "sm", description: "x", units: "%", dataType: "int8", scale: 1, offset: 0, fill: 127 }],
    grid: { crs: "EPSG:4326", kind: "points" },
    temporal: { resolution: "none" },
    knownFiles: names.filter((n) => n !== "missing.nc").map((name) => ({ name, size: FIXTURE_SIZE, sha256: FIXTURE_SHA256, asDistributed: true, source: "fixture" })),
  }));
  return file;
}

function noSecret(text: string): void {
  for (const secret of [PASSWORD, WRONG]) {
    expect(text).not.toContain(secret);
    expect(text).not.toContain(Buffer.from(`ana:${secret}`).toString("base64"));
  }
}

/** Runs the real binary asynchronously (the test server lives in this process). */
function runBinary(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/sm-downscale.js", ...args], { env, cwd: process.cwd() });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => { stdout += d; });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("sm-downscale fetch", () => {
  let server: FetchServer;
  const saved = { ...process.env };
  beforeAll(async () => { server = await startFetchServer({ basic: `ana:${PASSWORD}` }); });
  afterAll(async () => { await server.close(); });
  afterEach(() => {
    for (const k of ["NETRC", "SMD_CLI_USER", "SMD_CLI_PASS"]) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  test("per-file status, a summary, exit 1 when any failed; a rejected netrc password is named but never printed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fetch-cli-"));
    const netrc = path.join(dir, "netrc");
    fs.writeFileSync(netrc, `machine 127.0.0.1 login ana password ${WRONG}\n`);
    process.env.NETRC = netrc;
    const manifest = writeManifest(dir, server.port, ["good.nc", "missing.nc", "secret.nc"]);
    const out = path.join(dir, "out");
    const io = collector();
    const code = await main(["fetch", "--manifest", manifest, "--out", out, "--progress", "plain", "--retry-delay", "0"], io, [fetchCommand]);
    expect(code).toBe(1);
    // files run 4 at a time (the default --parallel): lines come in completion order, each with its own position
    expect([...io.stderr].sort()).toEqual([
      "[1/3] fetched good.nc: 97213 bytes (size and sha256 verified)",
      `[2/3] failed  missing.nc: HTTP 404 Not Found: http://127.0.0.1:${server.port}/data/missing.nc`,
      `[3/3] failed  secret.nc: HTTP 401 Unauthorized from 127.0.0.1: the credentials from ${netrc} (machine 127.0.0.1) were rejected`,
    ]);
    expect(io.stdout[0]).toMatch(new RegExp(`^fetch loopback: 3 file\\(s\\) into ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: fetched 1 \\(94\\.9 KiB received in \\d+\\.\\d s, [\\d.]+ [KMG]?i?B/s\\), skipped 0, failed 2$`));
    expect(io.stdout.slice(1).map((l) => l.split(":")[0])).toEqual(["  failed missing.nc", "  failed secret.nc"]);
    noSecret(io.all());
    expect(server.seen.filter((r) => r.path === "/data/secret.nc").map((r) => r.authorization))
      .toEqual(["Basic " + Buffer.from(`ana:${WRONG}`).toString("base64")]);

    // Environment credentials win over the netrc file; everything good now: exit 0, good.nc skipped.
    process.env.SMD_CLI_USER = "ana";
    process.env.SMD_CLI_PASS = PASSWORD;
    const manifest2 = writeManifest(dir, server.port, ["good.nc", "secret.nc"]);
    const io2 = collector();
    expect(await main(["fetch", "--manifest", manifest2, "--out", out, "--progress", "plain"], io2, [fetchCommand])).toBe(0);
    expect(io2.stderr).toEqual(["[1/2] skipped good.nc: exists (size and sha256 verified)", "[2/2] fetched secret.nc: 97213 bytes (size and sha256 verified)"]);
    expect(io2.stdout).toHaveLength(1);
    expect(io2.stdout[0]).toMatch(/: 2 file\(s\) into .*: fetched 1 \(94\.9 KiB received in \d+\.\d s, [\d.]+ [KMG]?i?B\/s\), skipped 1, failed 0$/);
    noSecret(io2.all());
  });

  test("the real binary: same run, exit codes, nothing secret on stdout or stderr", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fetch-bin-"));
    const netrc = path.join(dir, "netrc");
    fs.writeFileSync(netrc, `machine 127.0.0.1\n login ana\n password ${PASSWORD}\n`);
    const manifest = writeManifest(dir, server.port, ["good.nc", "secret.nc", "missing.nc"]);
    const env = { PATH: process.env.PATH, HOME: dir, NETRC: netrc };
    const r = await runBinary(["fetch", "--manifest", manifest, "--out", path.join(dir, "out"), "--retry-delay", "0", "--parallel", "2"], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/fetched 2 \(189\.9 KiB received in \d+\.\d s, [\d.]+ [KMG]?i?B\/s\), skipped 0, failed 1/);
    expect(r.stderr).toContain("fetched secret.nc: 97213 bytes (size and sha256 verified)");
    noSecret(r.stdout + r.stderr);
    const r2 = await runBinary(["fetch", "--manifest", manifest, "--out", path.join(dir, "out"), "--progress", "none"], env);
    expect(r2.stdout).toMatch(/fetched 0 \(0\.0 KiB received in \d+\.\d s, 0\.0 KiB\/s\), skipped 2, failed 1/);
    expect(r2.stderr).toBe("");
  });

  test("--list prints the files of a committed manifest without any network access", async () => {
    const io = collector();
    expect(await main(["fetch", "--manifest", "data-manifests/gldas-noah025-3h-v2.1.json", "--from", "2015-05-01", "--to", "2015-05-01", "--list"], io, [fetchCommand])).toBe(0);
    expect(io.stdout).toHaveLength(9);
    expect(io.stdout[0]).toBe("GLDAS_NOAH025_3H.A20150501.0000.021.nc4\thttps://hydro1.gesdisc.eosdis.nasa.gov/data/GLDAS/GLDAS_NOAH025_3H.2.1/2015/121/GLDAS_NOAH025_3H.A20150501.0000.021.nc4");
    expect(io.stdout[8]).toBe("fetch gldas-noah025-3h-v2.1: 8 file(s) listed, nothing downloaded");
  });

  test("a product not served over http(s) lists its names, explains the route and exits 1", async () => {
    const io = collector();
    expect(await main(["fetch", "--manifest", "data-manifests/amsr2-jaxa-l3-smc.json", "--from", "2015-05-01", "--to", "2015-05-01"], io, [fetchCommand])).toBe(1);
    expect(io.stdout.map((l) => l.split("\t")[0])).toEqual(["GW1AM2_20150501_01D_EQMA_L3SGSMCLQ_2210.h5", "GW1AM2_20150501_01D_EQMD_L3SGSMCLQ_2210.h5"]);
    expect(io.stderr[0]).toMatch(/^fetch: amsr2-jaxa-l3-smc is distributed by JAXA G-Portal, SFTP .*\(protocol sftp\), which this command does not download/);
  });

  test("usage errors exit 2 naming the option", async () => {
    const cases: Array<[string[], string]> = [
      [["fetch"], "sm-downscale fetch: --manifest is required (a data-manifests/*.json product manifest)"],
      [["fetch", "--manifest", "data-manifests/mod11a2.json", "--from", "2015-13-01", "--to", "2015-12-31"], "sm-downscale fetch: --from must be a date YYYY-MM-DD, got '2015-13-01'"],
      [["fetch", "--manifest", "data-manifests/mod11a2.json", "--from", "2015-02-01", "--to", "2015-01-31"], "sm-downscale fetch: --to (2015-01-31) must not be before --from (2015-02-01)"],
      [["fetch", "--manifest", "data-manifests/mod11a2.json", "--from", "2015-02-01"], "sm-downscale fetch: --from and --to are required for mod11a2 (cadence composite)"],
      [["fetch", "--manifest", "data-manifests/srtm.json", "--progress", "fancy"], "sm-downscale fetch: --progress must be auto, bar, plain or none, got 'fancy'"],
      [["fetch", "--manifest", "data-manifests/srtm.json", "--retries=-1"], "sm-downscale fetch: --retries must be an integer in [0, 100], got '-1'"],
      [["fetch", "--manifest", "data-manifests/srtm.json", "--parallel", "17"], "sm-downscale fetch: --parallel must be an integer in [1, 16], got '17'"],
    ];
    for (const [argv, message] of cases) {
      const io = collector();
      expect(await main(argv, io, [fetchCommand])).toBe(2);
      expect(io.stderr).toEqual([message]);
    }
  });

  test("a broken manifest exits 1 naming the file and the field", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fetch-bad-"));
    const m = JSON.parse(fs.readFileSync("data-manifests/srtm.json", "utf8"));
    m.files.cadence.unit = "weekly";
    fs.writeFileSync(path.join(dir, "srtm.json"), JSON.stringify(m));
    const io = collector();
    expect(await main(["fetch", "--manifest", path.join(dir, "srtm.json")], io, [fetchCommand])).toBe(1);
    expect(io.stderr[0]).toBe(`sm-downscale fetch: ${path.join(dir, "srtm.json")}: files.cadence.unit must be one of "hour", "day", "composite", "month", "year", "static", got "weekly"`);
  });
});
