import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import type { AddressInfo } from "node:net";

/** One request the test server saw. */
export interface SeenRequest {
  host: string;
  path: string;
  authorization?: string;
  range?: string;
  cookie?: string;
}

/** A loopback HTTP server (127.0.0.1, port 0) that serves the fetch fixtures with scripted faults. */
export interface FetchServer {
  port: number;
  seen: SeenRequest[];
  /** Fixture bytes served as every *.nc file. */
  body: Buffer;
  close(): Promise<void>;
}

export const FIXTURE = path.join(process.cwd(), "test/fixtures/fetch/H25_1436.nc");
/** sha256sum test/fixtures/fetch/H25_1436.nc (GNU coreutils), size 97213 bytes. */
export const FIXTURE_SHA256 = "2944bafbfd59b51c0caccb971c6f31358a2f0fa304ce81f0f64946df93df8d35";
export const FIXTURE_SIZE = 97213;
export const DROP_AT = 40000;

/** Options of the scripted behaviours. */
export interface ServerScript {
  /** Basic credentials (user:password) the `auth.test` login endpoint and `/basic/` files accept. */
  basic?: string;
  /** Times `/data/flaky.nc` answers 503 before serving. */
  flaky?: number;
}

function serveBytes(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
  const range = /^bytes=(\d+)-$/.exec(String(req.headers.range ?? ""));
  if (range) {
    const start = Number(range[1]);
    if (start >= body.length) {
      res.writeHead(416, { "content-range": `bytes */${body.length}` });
      res.end();
      return;
    }
    res.writeHead(206, { "content-length": body.length - start, "content-range": `bytes ${start}-${body.length - 1}/${body.length}` });
    res.end(body.subarray(start));
    return;
  }
  res.writeHead(200, { "content-length": body.length, "content-type": "application/octet-stream" });
  res.end(body);
}

/** Starts the server. Routes (Host header names the virtual host: data.test, auth.test or 127.0.0.1):
 * - `/data/<name>.nc` the fixture (Range supported); `drop.nc` drops the connection after 40,000 bytes
 *   the first time it is asked without Range; `bad.nc` has one byte flipped; `flaky.nc` answers 503
 *   `flaky` times; `stall.nc` sends headers then nothing; `missing.nc` is 404; `secret*.nc` needs Basic `basic`; `login.nc` is an HTML page;
 * - `/basic/<name>` needs HTTP Basic `basic`, else 401;
 * - `/secure/<name>` on data.test: Earthdata-like login: without the session cookie, 302 to
 *   auth.test `/oauth/authorize`, which needs Basic `basic` and 302s back to `/secure/callback`,
 *   which sets the cookie and 302s to the file;
 * - `/list/2015/04/` an HTML directory listing of two time-stamped files (served under it).
 */
export async function startFetchServer(script: ServerScript = {}): Promise<FetchServer> {
  const body = fs.readFileSync(FIXTURE);
  const seen: SeenRequest[] = [];
  let dropped = false;
  let flaky = script.flaky ?? 0;
  const expectedAuth = script.basic ? "Basic " + Buffer.from(script.basic).toString("base64") : undefined;
  let port = 0;
  const server = http.createServer((req, res) => {
    const host = String(req.headers.host ?? "").replace(/:\d+$/, "");
    const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
    seen.push({ host, path: url.pathname, authorization: req.headers.authorization, range: req.headers.range, cookie: req.headers.cookie });
    const p = url.pathname;
    if (p === "/data/missing.nc") {
      res.writeHead(404);
      res.end("not found");
    } else if (p === "/data/drop.nc" && !req.headers.range && !dropped) {
      dropped = true;
      res.writeHead(200, { "content-length": body.length });
      res.write(body.subarray(0, DROP_AT), () => setTimeout(() => res.destroy(), 30));
    } else if (p === "/data/login.nc") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<html><body>Please log in</body></html>");
    } else if (p === "/data/bad.nc") {
      const bad = Buffer.from(body);
      bad[1234] ^= 0xff;
      serveBytes(req, res, bad);
    } else if (p === "/data/flaky.nc" && flaky > 0) {
      flaky--;
      res.writeHead(503);
      res.end("busy");
    } else if (p === "/data/stall.nc") {
      res.writeHead(200, { "content-length": body.length });
      res.write(body.subarray(0, 10)); // then nothing: the client must time out
    } else if (p.startsWith("/data/secret") && (!expectedAuth || req.headers.authorization !== expectedAuth)) {
      res.writeHead(401, { "www-authenticate": 'Basic realm="test"' });
      res.end("unauthorized");
    } else if (p.startsWith("/data/") && p.endsWith(".nc")) {
      serveBytes(req, res, body);
    } else if (p.startsWith("/basic/")) {
      if (!expectedAuth || req.headers.authorization !== expectedAuth) {
        res.writeHead(401, { "www-authenticate": 'Basic realm="test"' });
        res.end("unauthorized");
      } else {
        serveBytes(req, res, body);
      }
    } else if (host === "data.test" && p === "/secure/callback") {
      if (url.searchParams.get("code") !== "c0de") {
        res.writeHead(400);
        res.end();
      } else {
        res.writeHead(302, { "set-cookie": "session=granted; Path=/secure; HttpOnly", location: url.searchParams.get("next") ?? "/" });
        res.end();
      }
    } else if (host === "data.test" && p.startsWith("/secure/")) {
      if (req.headers.cookie === "session=granted") {
        serveBytes(req, res, body);
      } else {
        const back = `http://data.test:${port}/secure/callback`;
        res.writeHead(302, { location: `http://auth.test:${port}/oauth/authorize?client_id=x&redirect_uri=${encodeURIComponent(back)}&next=${encodeURIComponent(p)}` });
        res.end();
      }
    } else if (host === "auth.test" && p === "/oauth/authorize") {
      if (!expectedAuth || req.headers.authorization !== expectedAuth) {
        res.writeHead(401);
        res.end("bad login");
      } else {
        const back = url.searchParams.get("redirect_uri") ?? "";
        res.writeHead(302, { location: `${back}?code=c0de&next=${encodeURIComponent(url.searchParams.get("next") ?? "/")}` });
        res.end();
      }
    } else if (p === "/list/2015/04/") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<html><body><a href="../">Parent</a><a href="doc/">doc/</a>
<a href="LPRM-X_L3_D_20150401013507.nc4">LPRM-X_L3_D_20150401013507.nc4</a>
<a href="LPRM-X_L3_D_20150401013507.nc4.xml">xml</a>
<a href="..%2FLPRM-X_L3_D_20150403000000.nc4">traversal attempt</a>
<a href="LPRM-X_L3_D_20150403000001%5C..%5C.nc4">backslash attempt</a>
<a href="/list/2015/04/LPRM-X_L3_D_20150402012959.nc4?x=1">LPRM-X_L3_D_20150402012959.nc4</a></body></html>`);
    } else if (p.startsWith("/list/2015/04/") && p.endsWith(".nc4")) {
      serveBytes(req, res, body);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  return {
    port, seen, body,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
