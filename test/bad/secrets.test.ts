// Secrets: a fake account (netrc and environment) against a loopback server that fails in every way and
// echoes what it was sent; no form of the secret may reach a result message, a progress line, an error or a
// manifest error. The manifest validator refuses user:password@ URLs without printing them.
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import { fetchProduct, lineReporter, scrubSecrets } from "../../src/fetch";
import { validateProductManifest, loadProductManifest } from "../../src/manifests";
import type { ProductManifest } from "../../src/manifests";
import { main } from "../../src/cli/main";

const USER = "ana.fake";
const PASS = "S3cr3t-Pa55-9f2c";
const TOKEN = "tok-EXAMPLE-4d1a9b7e";
/** Every form the secret could leak in. */
const FORMS = [PASS, TOKEN, encodeURIComponent(PASS), Buffer.from(`${USER}:${PASS}`).toString("base64"), Buffer.from(`${USER}:${PASS}`).toString("base64").replace(/=+$/, ""), `${USER}:${PASS}`];

function expectClean(text: string, where: string): void {
  for (const f of FORMS) if (text.includes(f)) throw new Error(`${where} holds a secret (${f.slice(0, 4)}…): ${text.slice(0, 300)}`);
}

/** Routes: each fails in its own way and puts the request's Authorization header into what it sends back. */
function hostile(req: http.IncomingMessage, res: http.ServerResponse): void {
  const auth = String(req.headers.authorization ?? "none");
  const name = (req.url ?? "").split("/").pop() ?? "";
  switch (name) {
    case "status.nc": // the status text echoes the header
      res.statusMessage = `Denied (${auth})`;
      res.writeHead(403);
      res.end();
      return;
    case "unauth.nc":
      res.statusMessage = `Unauthorized ${auth}`;
      res.writeHead(401, { "www-authenticate": `Basic realm="${auth}"` });
      res.end(auth);
      return;
    case "html.nc": // an HTML page that shows the header
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<html><body>you sent ${auth}</body></html>`);
      return;
    case "redirect.nc": // a redirect to a URL carrying the credentials
      res.writeHead(302, { location: `http://${USER}:${encodeURIComponent(PASS)}@127.0.0.1:${(req.socket.address() as AddressInfo).port}/x/echo?auth=${encodeURIComponent(auth)}` });
      res.end();
      return;
    case "server-error.nc":
      res.statusMessage = `Internal error while checking ${auth}`;
      res.writeHead(500);
      res.end(auth);
      return;
    case "proxy.nc": // a proxy asking for its own credentials, quoting the header it got
      res.statusMessage = `Proxy Authentication Required (got ${auth})`;
      res.writeHead(407);
      res.end();
      return;
    case "teapot.nc":
      res.statusMessage = `I'm a teapot; your header was ${auth}`;
      res.writeHead(418);
      res.end();
      return;
    case "reset.nc":
      req.socket.destroy();
      return;
    case "short.nc": // a Content-Length it does not keep
      res.writeHead(200, { "content-length": 1000 });
      res.end(`partial ${auth}`);
      return;
    default:
      res.statusMessage = `Not here: ${auth}`;
      res.writeHead(404);
      res.end();
  }
}

const NAMES = ["proxy.nc", "teapot.nc", "status.nc", "unauth.nc", "html.nc", "redirect.nc", "server-error.nc", "reset.nc", "short.nc", "gone.nc"];

function manifest(base: string, auth: ProductManifest["access"]["auth"]): ProductManifest {
  return validateProductManifest({
    kind: "product", id: "hostile", name: "Hostile server", shortName: "HOST", version: "1", doi: null,
    citation: "test", licence: "test", role: "test",
    access: { route: "loopback", protocol: "http", instructions: "none", auth },
    files: { format: "netCDF-4", nameTemplate: "{f}", urlTemplate: `${base}/{f}`, cadence: { unit: "static" }, expand: { f: NAMES } },
    variables: [{ name: "sm", description: "x", units: "%", dataType: "int8", scale: 1, offset: 0, fill: 127 }],
    grid: { crs: "EPSG:4326", kind: "points" },
    temporal: { resolution: "none" },
    knownFiles: [],
  }, { file: "hostile.json" });
}

describe("secrets never printed", () => {
  let server: http.Server;
  let port = 0;
  let dir = "";
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-secrets-"));
    server = http.createServer(hostile);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("scrubSecrets removes raw, URL-encoded and Basic (base64) forms and userinfo", () => {
    const b64 = Buffer.from(`${USER}:${PASS}`).toString("base64");
    const text = `a ${PASS} b ${encodeURIComponent(PASS)} c Basic ${b64} d ${b64} e http://${USER}:${PASS}@h/x f Bearer ${TOKEN}`;
    const out = scrubSecrets(text, { values: [PASS, TOKEN], pairs: [[USER, PASS]] });
    expectClean(out, "scrubbed text");
    expect(out).toBe("a *** b *** c Basic *** d *** e http://***@h/x f Bearer ***");
    // without being told the secret: the Authorization forms and userinfo still go
    expect(scrubSecrets(`Basic ${b64} and https://u:p@host/a`)).toBe("Basic *** and https://***@host/a");
  });

  for (const source of ["netrc", "environment"] as const) {
    test(`${source} credentials: results, progress lines and errors hold no secret`, async () => {
      const out = fs.mkdtempSync(path.join(dir, source));
      const netrc = path.join(out, "netrc");
      fs.writeFileSync(netrc, source === "netrc" ? `machine data.test login ${USER} password ${PASS}\n` : "");
      const auth = source === "netrc"
        ? { kind: "account" as const, hosts: ["data.test"] }
        : { kind: "account" as const, hosts: ["data.test"], tokenHosts: ["data.test"], env: { username: "SMD_FAKE_USER", password: "SMD_FAKE_PASS", token: "SMD_FAKE_TOKEN" } };
      const env = { NETRC: netrc, SMD_FAKE_USER: USER, SMD_FAKE_PASS: PASS, SMD_FAKE_TOKEN: TOKEN };
      const lines: string[] = [];
      const summary = await fetchProduct(manifest(`http://data.test:${port}/d`, auth), {
        outDir: out, env, retries: 1, retryDelayMs: 0, timeoutMs: 3000, resolve: { "data.test": "127.0.0.1" },
        reporter: lineReporter((l) => lines.push(l)),
      });
      expect(summary.failed).toBe(NAMES.length);
      // every fault came back as a failed file with a message, and the server did get the credentials
      for (const r of summary.results) expect(r.message.length).toBeGreaterThan(5);
      // the proxy's status text did come through, with the secret replaced
      expect(summary.results[0].message).toMatch(/HTTP 407 Proxy Authentication Required \(got Basic \*\*\*\)|HTTP 407 Proxy Authentication Required \(got Bearer \*\*\*\)/);
      expectClean(JSON.stringify(summary), "the summary");
      for (const l of lines) expectClean(l, "a progress line");
      // nothing partial was left under a final name
      const left = fs.readdirSync(out).filter((f) => NAMES.includes(f));
      expect(left).toEqual([]);
    }, 60000);
  }

  test("a manifest URL with user:password@ is refused without printing the password, by the loader and by fetch --list", async () => {
    const file = path.join(dir, "userinfo.json");
    const m = JSON.parse(JSON.stringify(manifest(`http://data.test:${port}/d`, { kind: "none", hosts: [] })));
    m.files.urlTemplate = `https://${USER}:${PASS}@data.test/d/{f}`;
    m.access.landingPage = `https://${USER}:${PASS}@data.test/`;
    fs.writeFileSync(file, JSON.stringify(m));
    let message = "";
    try { loadProductManifest(file); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/files\.urlTemplate.*without user:password@/s);
    expect(message).toContain("https://***@data.test/d/{f}");
    expect(message).toContain(file);
    expectClean(message, "the manifest error");
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await main(["fetch", "--manifest", file, "--list", "--out", path.join(dir, "out")], { out: (t) => { stdout.push(t); }, err: (t) => { stderr.push(t); } });
    expect(code).toBe(1);
    expectClean(stdout.join("\n") + stderr.join("\n"), "fetch --list output");
  });

  test("a manifest that is not valid JSON near a password does not quote it", () => {
    const file = path.join(dir, "broken.json");
    fs.writeFileSync(file, `{"files": {"urlTemplate": "https://${USER}:${PASS}@data.test/x" ,, }}`);
    let message = "";
    try { loadProductManifest(file); } catch (e) { message = (e as Error).message; }
    expect(message).toMatch(/not valid JSON/);
    expectClean(message, "the JSON error");
  });
});
