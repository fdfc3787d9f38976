import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { CookieJar, CredentialStore, fetchProduct, listDirectory, parseProviderBase, onProviderBase } from "../../src/fetch/index";
import { loadProductManifest } from "../../src/manifests/loadProductManifest";
import { exportAmsr2, exportGldasGranules, parseByteRange, serveReplica, type ReplicaServer } from "../../src/replica/index";
import { openTwin } from "../../src/twin/openTwin";
import { twinConfig } from "../../src/twin/twinConfig";

const sha = (f: string) => crypto.createHash("sha256").update(fs.readFileSync(f)).digest("hex");
const manifests = path.join(process.cwd(), "data-manifests");

/** A plain GET through the loopback base URL (path-prefix addressing), headers as given. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

describe("replica serve: the providers' HTTP behaviour on loopback", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "replica-serve-"));
  const replica = path.join(work, "replica");
  const gldas = loadProductManifest(path.join(manifests, "gldas-noah025-3h-v2.1.json"));
  const amsr2 = loadProductManifest(path.join(manifests, "amsr2-lprm-l3.json"));
  const netrc = path.join(work, "netrc");
  const emptyNetrc = path.join(work, "netrc-empty");
  let gldasFiles: string[] = [];
  let amsr2Files: string[] = [];
  let server: ReplicaServer;
  const day = "2015-05-01";

  beforeAll(async () => {
    const twin = openTwin(twinConfig("tiny"), { dataDir: path.join(work, "data") });
    gldasFiles = await exportGldasGranules({ source: twin, grid: twin.coarseGrid, manifest: gldas, outDir: replica, from: day, to: day });
    amsr2Files = await exportAmsr2({ source: twin, grid: twin.coarseGrid, manifest: amsr2, outDir: replica, from: day, to: day });
    fs.mkdirSync(path.join(replica, "example.org", "data"), { recursive: true });
    fs.writeFileSync(path.join(replica, "example.org", "data", "abc.bin"), Buffer.from(Array.from({ length: 100 }, (_, i) => i)));
    fs.writeFileSync(netrc, "machine urs.earthdata.nasa.gov login replica password replica\n", { mode: 0o600 });
    fs.writeFileSync(emptyNetrc, "", { mode: 0o600 });
    server = await serveReplica({ dir: replica });
  }, 180000);
  afterAll(async () => {
    await server?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test("fetch through the real GLDAS manifest with only the base changed: Earthdata login once, every granule byte-identical", async () => {
    const out = path.join(work, "fetched-gldas");
    const before = { ...server.stats };
    const s = await fetchProduct(gldas, { from: day, to: day, outDir: out, env: { NETRC: netrc }, providerBase: server.url, retryDelayMs: 10 });
    expect(s.failed).toBe(0);
    expect(s.fetched).toBe(8);
    expect(gldasFiles).toHaveLength(8);
    for (const f of gldasFiles) expect(sha(path.join(out, path.basename(f)))).toBe(sha(f));
    // one redirect to Earthdata Login; the session cookie serves the other seven
    expect(server.stats.loginRedirects - before.loginRedirects).toBe(1);
    expect(server.stats.files - before.files).toBe(8);
  });

  test("without credentials: every file fails with Earthdata's 401, nothing is written", async () => {
    const out = path.join(work, "fetched-none");
    const s = await fetchProduct(gldas, { from: day, to: day, outDir: out, env: { NETRC: emptyNetrc }, providerBase: server.url, retryDelayMs: 10 });
    expect(s.failed).toBe(8);
    expect(s.results[0].message).toMatch(/401/);
    expect(fs.existsSync(out) ? fs.readdirSync(out).filter((n) => n.endsWith(".nc4")) : []).toEqual([]);
  });

  test("a bearer token at the data host is accepted without the login round trip", async () => {
    const out = path.join(work, "fetched-token");
    const before = server.stats.loginRedirects;
    const s = await fetchProduct(gldas, { from: day, to: "2015-05-01", outDir: out, env: { NETRC: emptyNetrc, EARTHDATA_TOKEN: "replica-token" }, providerBase: server.url, retryDelayMs: 10 });
    expect(s.failed).toBe(0);
    expect(server.stats.loginRedirects).toBe(before);
  });

  test("names with an unpredictable stamp ({*}) are resolved from the replica's directory listing (AMSR2 LPRM)", async () => {
    const out = path.join(work, "fetched-amsr2");
    const s = await fetchProduct(amsr2, { from: day, to: day, outDir: out, env: { NETRC: netrc }, providerBase: server.url, retryDelayMs: 10 });
    expect(s.failed).toBe(0);
    expect(s.fetched).toBe(2);
    for (const f of amsr2Files) expect(sha(path.join(out, path.basename(f)))).toBe(sha(f));
  });

  test("faults: 503s and connections dropped mid-file are retried and resumed to the same bytes", async () => {
    const faulty = await serveReplica({ dir: replica, faults: { unavailableEvery: 3, dropEvery: 2 } });
    try {
      const out = path.join(work, "fetched-faults");
      const s = await fetchProduct(gldas, { from: day, to: day, outDir: out, env: { NETRC: netrc }, providerBase: faulty.url, retryDelayMs: 1, retries: 6 });
      expect(s.failed).toBe(0);
      for (const f of gldasFiles) expect(sha(path.join(out, path.basename(f)))).toBe(sha(f));
      expect(faulty.stats.unavailable).toBeGreaterThan(0);
      expect(faulty.stats.dropped).toBeGreaterThan(0);
      expect(faulty.stats.ranges).toBeGreaterThan(0); // the resumes asked for the rest of the file
    } finally {
      await faulty.close();
    }
  });

  test("Range requests: 206 with Content-Range, suffix ranges, 416 when unsatisfiable (path-prefix addressing)", async () => {
    const url = `${server.url}/example.org/data/abc.bin`;
    const whole = await get(url);
    expect(whole.status).toBe(200);
    expect(whole.headers["accept-ranges"]).toBe("bytes");
    expect(whole.body.length).toBe(100);
    const part = await get(url, { range: "bytes=10-19" });
    expect(part.status).toBe(206);
    expect(part.headers["content-range"]).toBe("bytes 10-19/100");
    expect([...part.body]).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const tail = await get(url, { range: "bytes=-3" });
    expect([...tail.body]).toEqual([97, 98, 99]);
    const open = await get(url, { range: "bytes=95-" });
    expect([...open.body]).toEqual([95, 96, 97, 98, 99]);
    const bad = await get(url, { range: "bytes=100-" });
    expect(bad.status).toBe(416);
    expect(bad.headers["content-range"]).toBe("bytes */100");
    expect((await get(`${server.url}/example.org/data/missing.bin`)).status).toBe(404);
    expect((await get(`${server.url}/example.org/data/%2e%2e/%2e%2e/netrc`)).status).toBe(404);
  });

  test("NASA hosts redirect to Earthdata Login; its authorize step answers 401 without credentials", async () => {
    const file = gldasFiles[0];
    const rel = path.relative(path.join(replica, "hydro1.gesdisc.eosdis.nasa.gov"), file).split(path.sep).join("/");
    const first = await get(`${server.url}/hydro1.gesdisc.eosdis.nasa.gov/${rel}`);
    expect(first.status).toBe(302);
    const login = new URL(first.headers.location as string);
    expect(login.pathname).toBe("/urs.earthdata.nasa.gov/oauth/authorize");
    expect(login.searchParams.get("redirect_uri")).toBe(`${server.url}/hydro1.gesdisc.eosdis.nasa.gov/data-redirect`);
    const denied = await get(login.href);
    expect(denied.status).toBe(401);
    expect(denied.headers["www-authenticate"]).toMatch(/^Basic realm="Please enter your Earthdata Login credentials/);
    const wrong = await get(login.href, { authorization: "Basic " + Buffer.from("replica:nope").toString("base64") });
    expect(wrong.status).toBe(401);
  });

  test("directories: 301 to the slash, an Apache-style index that listDirectory reads", async () => {
    const dir = path.dirname(amsr2Files[0]);
    const rel = path.relative(replica, dir).split(path.sep).join("/");
    const noSlash = await get(`${server.url}/${rel}`, { authorization: "Bearer replica-token" });
    expect(noSlash.status).toBe(301);
    const names = await listDirectory(`${onProviderBase(`https://${rel}/`, parseProviderBase(server.url, "test")!)}`, {
      credentials: new CredentialStore({ auth: amsr2.access.auth, netrc: { path: "(none)", exists: false, entries: [] }, env: { EARTHDATA_TOKEN: "replica-token" } }),
      cookies: new CookieJar(), resolve: { "*": "127.0.0.1" },
    });
    expect(names).toEqual([path.basename(amsr2Files[0])]);
  });

  test("the command: replica serve prints its base URL, serves, and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [path.join(process.cwd(), "bin", "sm-downscale.js"), "replica", "serve", "--dir", replica, "--port", "0", "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        const m = / at (http:\/\/127\.0\.0\.1:\d+) /.exec(out);
        if (m) resolve(m[1]);
      });
      child.on("exit", (code) => reject(new Error(`exited ${code} before serving: ${out}`)));
    });
    expect((await get(`${url}/example.org/data/abc.bin`, { range: "bytes=0-0" })).status).toBe(206);
    const code = await new Promise<number | null>((resolve) => { child.on("exit", resolve); child.kill("SIGTERM"); });
    expect(code).toBe(0);
    expect(out).toMatch(/replica stopped: \d+ requests, 1 files \(1 ranges/);
  }, 60000);
});

describe("replica serve: options and parsing", () => {
  test("parseByteRange follows RFC 9110 for single ranges", () => {
    expect(parseByteRange(undefined, 10)).toBeNull();
    expect(parseByteRange("bytes=0-4", 10)).toEqual([0, 4]);
    expect(parseByteRange("bytes=5-", 10)).toEqual([5, 9]);
    expect(parseByteRange("bytes=8-20", 10)).toEqual([8, 9]);
    expect(parseByteRange("bytes=-4", 10)).toEqual([6, 9]);
    expect(parseByteRange("bytes=-40", 10)).toEqual([0, 9]);
    expect(parseByteRange("bytes=10-", 10)).toBe("unsatisfiable");
    expect(parseByteRange("bytes=-0", 10)).toBe("unsatisfiable");
    expect(parseByteRange("bytes=0-1,4-5", 10)).toBeNull(); // several ranges: ignored, 200
    expect(parseByteRange("bytes=5-2", 10)).toBeNull(); // invalid: ignored
  });

  test("bad options are refused by name", async () => {
    await expect(serveReplica({ dir: "/no/such/dir" })).rejects.toThrow(/options\.dir '\/no\/such\/dir' is not a directory/);
    await expect(serveReplica({ dir: os.tmpdir(), host: "0.0.0.0" })).rejects.toThrow(/options\.host must be a loopback address/);
    await expect(serveReplica({ dir: os.tmpdir(), port: 70000 })).rejects.toThrow(/options\.port/);
    await expect(serveReplica({ dir: os.tmpdir(), faults: { dropEvery: -1 } })).rejects.toThrow(/options\.faults\.dropEvery/);
  });

  test("SM_PROVIDER_BASE must be a loopback http base URL, named in the error", () => {
    expect(parseProviderBase("http://127.0.0.1:8123", "SM_PROVIDER_BASE")).toEqual({ url: "http://127.0.0.1:8123", address: "127.0.0.1", port: 8123 });
    expect(parseProviderBase("", "SM_PROVIDER_BASE")).toBeUndefined();
    expect(() => parseProviderBase("https://example.org", "SM_PROVIDER_BASE")).toThrow(/SM_PROVIDER_BASE must be http:\/\/<loopback address>:<port>/);
    expect(() => parseProviderBase("http://127.0.0.1:8123/data", "SM_PROVIDER_BASE")).toThrow(/no path/);
    expect(() => parseProviderBase("nonsense", "SM_PROVIDER_BASE")).toThrow(/SM_PROVIDER_BASE must be a URL/);
    expect(onProviderBase("sftp://ftphsaf.meteoam.it/x/y.nc", { url: "http://127.0.0.1:9", address: "127.0.0.1", port: 9 })).toBe("http://ftphsaf.meteoam.it:9/x/y.nc");
  });
});
