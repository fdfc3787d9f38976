import { barReporter, CookieJar, CredentialStore, lineReporter, parseNetrc, readNetrc, redactUrl, wildcardToRegExp } from "../../src/fetch";
import type { DownloadResult } from "../../src/fetch";

describe("parseNetrc", () => {
  test("TSDoc example", () => {
    expect(parseNetrc("machine urs.earthdata.nasa.gov login ana password s3cret"))
      .toEqual([{ machine: "urs.earthdata.nasa.gov", login: "ana", password: "s3cret" }]);
  });
  test("multi-line entries, default, account, comments, quoted tokens, macdef bodies skipped", () => {
    const text = [
      "# my credentials",
      "machine A.example.org",
      "  login bob",
      '  password "two words"',
      "macdef init",
      "machine evil.example.org login x password y",
      "",
      "machine b.example.org login carol password c4 account acct",
      "default login anon password guest",
    ].join("\r\n");
    expect(parseNetrc(text)).toEqual([
      { machine: "a.example.org", login: "bob", password: "two words" },
      { machine: "b.example.org", login: "carol", password: "c4", account: "acct" },
      { machine: null, login: "anon", password: "guest" },
    ]);
  });
  test("readNetrc: $NETRC wins over ~/.netrc; a missing file gives no entries", () => {
    expect(readNetrc({ env: { NETRC: "/nonexistent/netrc", HOME: "/h" } })).toEqual({ path: "/nonexistent/netrc", exists: false, entries: [] });
    expect(readNetrc({ env: { HOME: "/nonexistent-home" } }).path).toBe("/nonexistent-home/.netrc");
  });
});

describe("CredentialStore", () => {
  const netrc = { path: "/n", exists: true, entries: parseNetrc("machine data.org login u password p\ndefault login d password dp") };
  const auth = { kind: "earthdata" as const, hosts: ["urs.org"], tokenHosts: ["data.org"], env: { username: "EU", password: "EP", token: "ET" } };
  test("each secret goes only to its host", () => {
    const s = new CredentialStore({ auth, netrc, env: { EU: "eu", EP: "ep" } });
    expect(s.forHost("urs.org")).toEqual({ kind: "basic", username: "eu", password: "ep", source: "environment variables EU/EP" });
    expect(s.forHost("data.org:443")).toEqual({ kind: "basic", username: "u", password: "p", source: "/n (machine data.org)" });
    expect(s.forHost("elsewhere.org")).toBeUndefined(); // the netrc default only serves auth.hosts
    const t = new CredentialStore({ auth, netrc, env: { ET: "tok" } });
    expect(t.forHost("data.org")).toEqual({ kind: "bearer", token: "tok", source: "environment variable ET" });
    expect(t.forHost("urs.org")).toEqual({ kind: "basic", username: "d", password: "dp", source: "/n (default entry)" });
    expect(t.secrets().sort()).toEqual(["dp", "p", "tok"]);
  });
});

describe("CookieJar", () => {
  test("TSDoc example, domain and path matching, foreign domains refused", () => {
    const jar = new CookieJar();
    jar.store("data.example.org", "/x", ["s=1; Path=/; HttpOnly"]);
    expect(jar.header("data.example.org", "/x/f.nc")).toBe("s=1");
    expect(jar.header("other.example.org", "/x/f.nc")).toBeUndefined();
    jar.store("a.example.org", "/", ["d=2; Domain=.example.org; Path=/data", "evil=3; Domain=attacker.net"]);
    expect(jar.header("b.example.org", "/data/f")).toBe("d=2");
    expect(jar.header("b.example.org", "/database")).toBeUndefined();
    expect(jar.header("attacker.net", "/")).toBeUndefined();
  });
});

test("redactUrl drops credentials, query and fragment", () => {
  expect(redactUrl("https://u:p@host.org/a/b.nc?code=XYZ")).toBe("https://host.org/a/b.nc");
  expect(redactUrl("http://127.0.0.1:8080/x#frag")).toBe("http://127.0.0.1:8080/x");
});

test("wildcardToRegExp escapes everything but *", () => {
  const re = wildcardToRegExp("MOD11A2.A2015121.h28v05.061.*.hdf");
  expect(re.test("MOD11A2.A2015121.h28v05.061.2021330123456.hdf")).toBe(true);
  expect(re.test("MOD11A2xA2015121.h28v05.061.2021330123456.hdf")).toBe(false);
  expect(re.test("MOD11A2.A2015121.h28v05.061.x.hdf.xml")).toBe(false);
});

describe("progress reporters", () => {
  const result: DownloadResult = { name: "f.nc", url: "http://h/f.nc", status: "fetched", bytes: 2048, size: 2048, attempts: 1, message: "2048 bytes (size verified)" };
  test("bar: one line for the whole run, concurrent files included: fraction, bytes, rate, ETA; a status line per file", () => {
    const writes: string[] = [];
    let t = 0;
    const bar = barReporter({ write: (s: string) => { writes.push(s); }, columns: 100 }, { intervalMs: 100, now: () => t });
    bar.start("a.nc", 1, 2);
    bar.start("b.nc", 2, 2);
    t = 1000; bar.progress(1024, 2048, 1); // run fraction (0.5 + 0) / 2, 1 KiB in 1 s, ETA 1 × 0.75 / 0.25
    t = 1050; bar.progress(2048, 4096, 2); // within 100 ms: not drawn
    t = 1200; bar.progress(2048, 4096, 2); // (0.5 + 0.5) / 2, 3 KiB in 1.2 s
    bar.finish({ ...result, name: "a.nc" }, 1); // (1 + 0.5) / 2, 2 KiB finished + 2 KiB active
    bar.finish({ ...result, name: "b.nc", bytes: 4096 }, 2);
    const frames = writes.filter((w) => w.startsWith("\r") && w.trim() !== "").map((f) => f.trim());
    expect(frames).toEqual([
      "0/2 files (1 active) [------------------------]   0% 0 B 0 B/s ETA ? a.nc",
      "0/2 files (2 active) [------------------------]   0% 0 B 0 B/s ETA ? b.nc",
      "0/2 files (2 active) [######------------------]  25% 1.00 KiB 1.00 KiB/s ETA 0:03 b.nc",
      "0/2 files (2 active) [############------------]  50% 3.00 KiB 2.50 KiB/s ETA 0:01 b.nc",
      "1/2 files (1 active) [##################------]  75% 4.00 KiB 3.33 KiB/s ETA 0:00 b.nc",
    ]);
    expect(writes.filter((w) => w.startsWith("\r") && w.trim() !== "").every((f) => f.length === 100)).toBe(true);
    expect(writes.filter((w) => w.endsWith("\n"))).toEqual(["fetched a.nc: 2048 bytes (size verified)\n", "fetched b.nc: 2048 bytes (size verified)\n"]);
  });
  test("lines: one line per finished file with its position", () => {
    const lines: string[] = [];
    const rep = lineReporter((l) => lines.push(l));
    rep.start("f.nc", 2, 5);
    rep.start("g.nc", 3, 5);
    rep.progress(10, 20, 2);
    rep.finish({ ...result, name: "g.nc" }, 3); // concurrent files finish out of order: each keeps its own position
    rep.finish(result, 2);
    expect(lines).toEqual(["[3/5] fetched g.nc: 2048 bytes (size verified)", "[2/5] fetched f.nc: 2048 bytes (size verified)"]);
  });
});
