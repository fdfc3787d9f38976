import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { downloadFile, fetchProduct, CredentialStore, lineReporter, mayCarryCredentials } from "../../src/fetch";
import type { FetchSummary } from "../../src/fetch";
import { validateProductManifest } from "../../src/manifests";
import type { ProductManifest } from "../../src/manifests";
import { DROP_AT, FIXTURE_SHA256, FIXTURE_SIZE, startFetchServer } from "./fetchServer";
import type { FetchServer } from "./fetchServer";

const resolve = { "data.test": "127.0.0.1", "auth.test": "127.0.0.1" };
const fast = { retries: 2, retryDelayMs: 0, timeoutMs: 5000, resolve };

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "fetch-test-"));
}

function sha256(file: string): string {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** A valid product manifest for the loopback server: static files `{f}` under `base`. */
function manifest(base: string, names: string[], extra: { auth?: ProductManifest["access"]["auth"]; known?: string[] } = {}): ProductManifest {
  return validateProductManifest({
    kind: "product", id: "loopback", name: "Loopback test files", shortName: "LOOP", version: "1", doi: null,
    citation: "test", licence: "test", role: "test",
    access: {
      route: "loopback test server", protocol: "http", instructions: "none",
      auth: extra.auth ?? { kind: "none", hosts: [] },
    },
    files: { format: "netCDF-4", nameTemplate: "{f}", urlTemplate: `${base}/{f}`, cadence: { unit: "static" }, expand: { f: names } },
    variables: [{ name: "sm", description: "x", units: "%", dataType: "int8", scale: 1, offset: 0, fill: 127 }],
    grid: { crs: "EPSG:4326", kind: "points" },
    temporal: { resolution: "none" },
    knownFiles: (extra.known ?? []).map((name) => ({ name, size: FIXTURE_SIZE, sha256: FIXTURE_SHA256, asDistributed: true, source: "fixture" })),
  }, { file: "loopback.json" });
}

describe("fetchProduct against a loopback server", () => {
  let server: FetchServer;
  beforeAll(async () => { server = await startFetchServer({ basic: "ana:Pa55-w0rd-xyz" }); });
  afterAll(async () => { await server.close(); });

  test("good, dropped-then-resumed, wrong-checksum and missing files: each gets its own status", async () => {
    const out = tmpDir();
    const base = `http://data.test:${server.port}/data`;
    const m = manifest(base, ["good.nc", "drop.nc", "bad.nc", "missing.nc"], { known: ["good.nc", "drop.nc", "bad.nc"] });
    const lines: string[] = [];
    const s: FetchSummary = await fetchProduct(m, { outDir: out, ...fast, env: { NETRC: path.join(out, "none") }, reporter: lineReporter((l) => lines.push(l)) });
    expect(s.results.map((r) => [r.name, r.status])).toEqual([
      ["good.nc", "fetched"], ["drop.nc", "fetched"], ["bad.nc", "failed"], ["missing.nc", "failed"],
    ]);
    expect([s.fetched, s.skipped, s.failed]).toEqual([2, 0, 2]);
    // Both good files hold exactly the fixture bytes (checksum computed by sha256sum, see README).
    expect(sha256(path.join(out, "good.nc"))).toBe(FIXTURE_SHA256);
    expect(sha256(path.join(out, "drop.nc"))).toBe(FIXTURE_SHA256);
    // The drop was resumed with a Range request from the byte where the connection died.
    const dropRequests = server.seen.filter((r) => r.path === "/data/drop.nc");
    expect(dropRequests.map((r) => r.range)).toEqual([undefined, `bytes=${DROP_AT}-`]);
    expect(s.results[1].message).toMatch(/resumed, attempt 2/);
    // The wrong file is rejected and nothing of it is kept.
    expect(s.results[2].message).toMatch(/^sha256 mismatch \(expected 2944bafb.*, got [0-9a-f]{64}\); the file was discarded$/);
    expect(fs.existsSync(path.join(out, "bad.nc"))).toBe(false);
    expect(fs.existsSync(path.join(out, "bad.nc.part"))).toBe(false);
    // The 404 is reported with its (redacted) URL, and did not stop the others.
    expect(s.results[3].message).toBe(`HTTP 404 Not Found: http://data.test:${server.port}/data/missing.nc`);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\[1\/4\] fetched good\.nc: 97213 bytes \(size and sha256 verified\)$/);
    expect(fs.readdirSync(out).sort()).toEqual(["drop.nc", "good.nc"]);

    // A second run skips the good files without asking the server for them.
    const before = server.seen.length;
    const again = await fetchProduct(manifest(base, ["good.nc", "drop.nc"], { known: ["good.nc", "drop.nc"] }), { outDir: out, ...fast, env: {} });
    expect(again.results.map((r) => r.status)).toEqual(["skipped", "skipped"]);
    expect(again.results[0].message).toBe("exists (size and sha256 verified)");
    expect(server.seen.length).toBe(before);
  });

  test("a corrupt existing file is fetched again; a .part left by an earlier run is resumed", async () => {
    const out = tmpDir();
    const base = `http://data.test:${server.port}/data`;
    fs.writeFileSync(path.join(out, "c1.nc"), "garbage");
    fs.writeFileSync(path.join(out, "c2.nc.part"), server.body.subarray(0, 1000));
    const s = await fetchProduct(manifest(base, ["c1.nc", "c2.nc"], { known: ["c1.nc", "c2.nc"] }), { outDir: out, ...fast, env: {} });
    expect(s.results.map((r) => r.status)).toEqual(["fetched", "fetched"]);
    expect(s.results[0].message).toMatch(/^the existing file failed verification and was fetched again; 97213 bytes/);
    expect(server.seen.filter((r) => r.path === "/data/c2.nc").map((r) => r.range)).toEqual(["bytes=1000-"]);
    expect(s.results[1].bytes).toBe(FIXTURE_SIZE - 1000);
    expect(sha256(path.join(out, "c1.nc"))).toBe(FIXTURE_SHA256);
    expect(sha256(path.join(out, "c2.nc"))).toBe(FIXTURE_SHA256);
  });

  test("Earthdata-like login: credentials go only to the login host, the session cookie back to the data host", async () => {
    const out = tmpDir();
    const netrc = path.join(out, "netrc");
    fs.writeFileSync(netrc, "machine auth.test\n  login ana\n  password Pa55-w0rd-xyz\n");
    const m = manifest(`http://data.test:${server.port}/secure`, ["granule.nc"], {
      auth: { kind: "earthdata", hosts: ["auth.test"] }, known: ["granule.nc"],
    });
    const s = await fetchProduct(m, { outDir: out, ...fast, env: { NETRC: netrc } });
    expect(s.results[0].status).toBe("fetched");
    const hops = server.seen.filter((r) => r.path.startsWith("/secure") || r.path.startsWith("/oauth"));
    expect(hops.map((r) => `${r.host}${r.path}`)).toEqual([
      "data.test/secure/granule.nc", "auth.test/oauth/authorize", "data.test/secure/callback", "data.test/secure/granule.nc",
    ]);
    expect(hops.filter((r) => r.host === "data.test").every((r) => r.authorization === undefined)).toBe(true);
    expect(hops[1].authorization).toBe("Basic " + Buffer.from("ana:Pa55-w0rd-xyz").toString("base64"));
    expect(hops[3].cookie).toBe("session=granted");
    expect(sha256(path.join(out, "granule.nc"))).toBe(FIXTURE_SHA256);
  });

  test("401: the message names the credential source that was rejected, or where none was found", async () => {
    const out = tmpDir();
    const auth = { kind: "account" as const, hosts: ["data.test"], env: { username: "SMD_TEST_USER", password: "SMD_TEST_PASS" } };
    const m = manifest(`http://data.test:${server.port}/basic`, ["x.nc"], { auth });
    const wrong = await fetchProduct(m, { outDir: out, ...fast, env: { SMD_TEST_USER: "ana", SMD_TEST_PASS: "not-the-Pa55", NETRC: path.join(out, "nope") } });
    expect(wrong.results[0].message).toBe("HTTP 401 Unauthorized from data.test: the credentials from environment variables SMD_TEST_USER/SMD_TEST_PASS were rejected");
    expect(wrong.results[0].attempts).toBe(1);
    const none = await fetchProduct(m, { outDir: out, ...fast, env: { NETRC: path.join(out, "nope") } });
    expect(none.results[0].message).toBe(
      `HTTP 401 Unauthorized from data.test: no credentials for this host (looked in ${path.join(out, "nope")} (not found) (machine data.test); environment variables SMD_TEST_USER/SMD_TEST_PASS (sent only to data.test))`);
    const netrc = path.join(out, "netrc");
    fs.writeFileSync(netrc, "machine data.test login ana password Pa55-w0rd-xyz\n");
    const right = await fetchProduct(m, { outDir: out, ...fast, env: { NETRC: netrc } });
    expect(right.results[0].status).toBe("fetched");
  });

  test("names with an unpredictable time stamp are resolved by listing the directory", async () => {
    const out = tmpDir();
    const m = validateProductManifest({
      ...manifest("http://x", ["a"]),
      files: {
        format: "nc", nameTemplate: "LPRM-X_L3_D_{yyyymmdd}{*}.nc4", cadence: { unit: "day" },
        urlTemplate: `http://data.test:${server.port}/list/{yyyy}/{mm}/LPRM-X_L3_D_{yyyymmdd}{*}.nc4`,
      },
      knownFiles: [{ name: "LPRM-X_L3_D_20150402012959.nc4", size: FIXTURE_SIZE, sha256: FIXTURE_SHA256, asDistributed: true, source: "fixture" }],
    });
    const s = await fetchProduct(m, { outDir: out, ...fast, from: "2015-04-01", to: "2015-04-03" });
    expect(s.results.map((r) => [r.name, r.status])).toEqual([
      ["LPRM-X_L3_D_20150401013507.nc4", "fetched"],
      ["LPRM-X_L3_D_20150402012959.nc4", "fetched"],
      ["LPRM-X_L3_D_20150403*.nc4", "failed"],
    ]);
    expect(s.results[1].message).toMatch(/sha256 verified/);
    expect(s.results[2].message).toBe(`no file matching LPRM-X_L3_D_20150403*.nc4 in the listing of http://data.test:${server.port}/list/2015/04/`);
    expect(server.seen.filter((r) => r.path === "/list/2015/04/")).toHaveLength(1);
  });

  test("concurrency: several files at once, results in manifest order, same statuses", async () => {
    const own = await startFetchServer();
    try {
      const out = tmpDir();
      const names = ["p1.nc", "drop.nc", "p2.nc", "bad.nc", "missing.nc", "p3.nc"];
      const m = manifest(`http://data.test:${own.port}/data`, names, { known: names.filter((n) => n !== "missing.nc") });
      const s = await fetchProduct(m, { outDir: out, ...fast, env: {}, concurrency: 3 });
      expect(s.results.map((r) => [r.name, r.status])).toEqual([
        ["p1.nc", "fetched"], ["drop.nc", "fetched"], ["p2.nc", "fetched"], ["bad.nc", "failed"], ["missing.nc", "failed"], ["p3.nc", "fetched"],
      ]);
      for (const n of ["p1.nc", "drop.nc", "p2.nc", "p3.nc"]) expect(sha256(path.join(out, n))).toBe(FIXTURE_SHA256);
      expect(fs.readdirSync(out).filter((f) => f.endsWith(".part"))).toEqual([]);
      await expect(fetchProduct(m, { outDir: out, concurrency: 0 })).rejects.toThrow("fetchProduct: concurrency must be an integer in [1, 16], got 0");
    } finally {
      await own.close();
    }
  });

  test("an HTML page where a data file is expected (an unapproved Earthdata application) is refused, not saved", async () => {
    const out = tmpDir();
    const s = await fetchProduct(manifest(`http://data.test:${server.port}/data`, ["login.nc"]), { outDir: out, ...fast, env: {} });
    expect(s.results[0].status).toBe("failed");
    expect(s.results[0].message).toMatch(/^data\.test sent an HTML page instead of the file \(a login or error page/);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test("a 503 is retried; a stalled connection times out and gives up after the retries (bounded)", async () => {
    const flakyServer = await startFetchServer({ flaky: 1 });
    try {
      const out = tmpDir();
      const m = manifest(`http://data.test:${flakyServer.port}/data`, ["flaky.nc", "stall.nc"]);
      const s = await fetchProduct(m, { outDir: out, retries: 1, retryDelayMs: 0, timeoutMs: 300, resolve, env: {} });
      expect(s.results[0]).toMatchObject({ status: "fetched", attempts: 2 });
      expect(s.results[1].status).toBe("failed");
      expect(s.results[1].message).toMatch(/^gave up after 2 attempts: connection dropped after 10 bytes/);
      expect(s.results[1].message).toMatch(/no data for 300 ms/);
    } finally {
      await flakyServer.close();
    }
  });

  test("credentials travel over https, or over http only to loopback addresses", () => {
    expect(mayCarryCredentials("http://example.org/f.nc")).toBe(false);
    expect(mayCarryCredentials("https://example.org/f.nc")).toBe(true);
    expect(mayCarryCredentials("http://127.0.0.1:8080/f.nc")).toBe(true);
    expect(mayCarryCredentials("http://[::1]:8080/f.nc")).toBe(true);
    expect(mayCarryCredentials("http://data.test/f.nc", resolve)).toBe(true);
    expect(mayCarryCredentials("http://data.test/f.nc", { "data.test": "192.0.2.1" })).toBe(false);
  });

  test("option errors name the option", async () => {
    const creds = new CredentialStore();
    await expect(downloadFile({ url: "http://data.test/x", name: "../x" }, { outDir: tmpDir(), credentials: creds })).rejects.toThrow("downloadFile: name must be a plain file name, got \"../x\"");
    await expect(downloadFile({ url: "http://data.test/x", name: "x" }, { outDir: tmpDir(), credentials: creds, retries: -1 })).rejects.toThrow("downloadFile: retries must be an integer in [0, 100], got -1");
    const sftp = { ...manifest("http://x", ["a"]), access: { ...manifest("http://x", ["a"]).access, protocol: "sftp" as const } };
    await expect(fetchProduct(sftp, { outDir: tmpDir() })).rejects.toThrow(/^loopback: access\.protocol is sftp/);
  });
});
