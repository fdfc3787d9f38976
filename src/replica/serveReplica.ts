import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

/** Earthdata Login's host: the replica answers its OAuth authorize step. */
export const EARTHDATA_LOGIN_HOST = "urs.earthdata.nasa.gov";

/** NASA data hosts that sit behind Earthdata Login (GES DISC, LP DAAC, NSIDC, …): the default `protectedHosts` rule. */
export const EARTHDATA_HOST_PATTERN = /(^|\.)eosdis\.nasa\.gov$|^e4ftl01\.cr\.usgs\.gov$|(^|\.)nsidc\.org$|^data\.lpdaac\.earthdatacloud\.nasa\.gov$/;

/** Options of {@link serveReplica}. */
export interface ServeReplicaOptions {
  /** The replica directory, `<dir>/<host>/<path>` as `replica export` writes it. Required. */
  dir: string;
  /** TCP port; 0 (default) takes a free one (see the result's `port`). */
  port?: number;
  /** Address to listen on; only loopback addresses are accepted. Default `127.0.0.1`. */
  host?: string;
  /**
   * The Earthdata Login account the replica accepts: Basic `username`/`password` at its OAuth authorize step, or
   * `Authorization: Bearer <token>` straight at a data host. Default `{ username: "replica", password: "replica",
   * token: "replica-token" }` (a test account: the replica holds no real secret).
   */
  login?: { username: string; password: string; token?: string };
  /** Which hosts need Earthdata Login. Default: the hosts matching {@link EARTHDATA_HOST_PATTERN}. */
  protectedHosts?: (host: string) => boolean;
  /**
   * Deterministic provider faults, counted over file responses (GETs of a file that would be served): every
   * `unavailableEvery`-th answers 503 with `Retry-After: 1`; every `dropEvery`-th (of the rest) sends its headers
   * and half its bytes, then drops the connection. 0 (default) = never.
   */
  faults?: { unavailableEvery?: number; dropEvery?: number };
  /** Called after every request (method, host, path, status) — a log line for `replica serve`. */
  onRequest?: (entry: ReplicaRequest) => void;
}

/** One request the replica answered. */
export interface ReplicaRequest {
  method: string;
  /** The provider host the request addressed (Host header, or the first path segment on a loopback base URL). */
  host: string;
  path: string;
  status: number;
  /** Body bytes sent. */
  bytes: number;
  /** What happened, when it was not a plain answer: `login-redirect`, `login`, `session`, `range`, `dropped`, `unavailable`. */
  note?: string;
}

/** Counts of what a running replica did. */
export interface ReplicaServerStats {
  requests: number;
  /** File bodies sent whole (200) or in part (206). */
  files: number;
  ranges: number;
  bytes: number;
  /** Redirects of an unauthenticated request to Earthdata Login. */
  loginRedirects: number;
  /** 401 answers (no or wrong credentials). */
  unauthorized: number;
  notFound: number;
  dropped: number;
  unavailable: number;
}

/** A running replica server. */
export interface ReplicaServer {
  /** Base URL, e.g. `http://127.0.0.1:8123` — what `SM_PROVIDER_BASE` takes. */
  url: string;
  port: number;
  stats: ReplicaServerStats;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
const DEFAULT_LOGIN = { username: "replica", password: "replica", token: "replica-token" };
const SESSION_COOKIE = "replica_urs_session";
const REALM = 'Basic realm="Please enter your Earthdata Login credentials. If you do not have a Earthdata Login, create one at https://urs.earthdata.nasa.gov/users/new"';

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` → [start, end] inclusive; null = serve whole (absent or several ranges); "unsatisfiable". */
export function parseByteRange(header: string | undefined, size: number): [number, number] | null | "unsatisfiable" {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null; // several ranges or another unit: RFC 9110 lets a server ignore Range and send 200
  if (m[1] === "" && m[2] === "") return null;
  let start: number, end: number;
  if (m[1] === "") {
    const n = Number(m[2]);
    if (n === 0) return "unsatisfiable";
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== "" && Number(m[2]) < start) return null; // invalid range: ignored
  }
  if (start >= size || size === 0) return "unsatisfiable";
  return [start, end];
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function checkOptions(o: ServeReplicaOptions): Required<Omit<ServeReplicaOptions, "onRequest">> & Pick<ServeReplicaOptions, "onRequest"> {
  if (!o || typeof o.dir !== "string" || o.dir === "") throw new RangeError(`serveReplica: options.dir must be a replica directory, got ${JSON.stringify(o?.dir)}`);
  if (!fs.existsSync(o.dir) || !fs.statSync(o.dir).isDirectory()) throw new RangeError(`serveReplica: options.dir '${o.dir}' is not a directory`);
  const port = o.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`serveReplica: options.port must be an integer 0–65535, got ${JSON.stringify(o.port)}`);
  const host = o.host ?? "127.0.0.1";
  if (!LOOPBACK.test(host)) throw new RangeError(`serveReplica: options.host must be a loopback address (the replica is for this machine only), got '${host}'`);
  const login = o.login ?? DEFAULT_LOGIN;
  if (!login.username || !login.password || login.username.includes(":")) throw new RangeError("serveReplica: options.login needs a username (without ':') and a password");
  const faults = o.faults ?? {};
  for (const k of ["unavailableEvery", "dropEvery"] as const) {
    const v = faults[k] ?? 0;
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`serveReplica: options.faults.${k} must be a whole number ≥ 0 (0 = never), got ${JSON.stringify(faults[k])}`);
  }
  return { dir: path.resolve(o.dir), port, host, login, protectedHosts: o.protectedHosts ?? ((h) => EARTHDATA_HOST_PATTERN.test(h)), faults, onRequest: o.onRequest };
}

/**
 * Serves a replica directory over HTTP on loopback with the providers' behaviour where it matters to a downloader:
 *
 * - **Addressing.** A request's provider host is its `Host` header (a client that maps every provider name to
 *   127.0.0.1, as `SM_PROVIDER_BASE` does, sees the real host names, cookies and netrc machines), or, on the bare
 *   loopback base URL, the first path segment (`http://127.0.0.1:P/<host>/<path>`, {@link replicaUrl}).
 * - **Earthdata Login** on NASA hosts (`protectedHosts`): a request without a session is redirected (302) to
 *   `urs.earthdata.nasa.gov/oauth/authorize`, which wants Basic credentials (401 with Earthdata's realm without or
 *   with wrong ones) and redirects back to the data host's `/data-redirect?code=…`; that sets a session cookie and
 *   redirects to the file. `Authorization: Bearer <token>` at the data host is accepted directly, as Earthdata
 *   accepts user tokens.
 * - **Files**: `Content-Length`, `Last-Modified`, `ETag`, `Accept-Ranges: bytes`; single `Range` requests get 206
 *   with `Content-Range`, unsatisfiable ones 416; several ranges are ignored (200), as RFC 9110 allows.
 * - **Directories**: an Apache-style HTML index (`<a href>` per entry), with a 301 to the slash-terminated URL.
 * - **Faults** on request (`faults`): 503 with `Retry-After`, or a connection dropped mid-body, deterministically.
 *
 * @example
 * const server = await serveReplica({ dir: "outputs/replica" });
 * process.env.SM_PROVIDER_BASE = server.url; // fetch now downloads from the replica
 * await server.close();
 * @throws RangeError naming the option: a missing directory, a bad port, a non-loopback host, a bad login or
 *   fault count; rejects with the listen error (e.g. EADDRINUSE).
 */
export async function serveReplica(options: ServeReplicaOptions): Promise<ReplicaServer> {
  const o = checkOptions(options);
  const stats: ReplicaServerStats = { requests: 0, files: 0, ranges: 0, bytes: 0, loginRedirects: 0, unauthorized: 0, notFound: 0, dropped: 0, unavailable: 0 };
  const codes = new Map<string, string>(); // one-time OAuth code → data host
  const sessions = new Set<string>(); // `${host} ${token}`
  let fileResponses = 0;
  let port = 0;
  const basic = "Basic " + Buffer.from(`${o.login.username}:${o.login.password}`, "utf8").toString("base64");
  const bearer = o.login.token ? `Bearer ${o.login.token}` : undefined;

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    stats.requests++;
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://replica.invalid");
    const headerHost = (req.headers.host ?? "").replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1").toLowerCase();
    const segments = url.pathname.split("/");
    const prefixMode = headerHost === "" || LOOPBACK.test(headerHost);
    const host = prefixMode ? decodeURIComponent(segments[1] ?? "").toLowerCase() : headerHost;
    const rest = prefixMode ? "/" + segments.slice(2).join("/") : url.pathname;
    const hostBase = (h: string) => (prefixMode ? `http://${req.headers.host}/${h}` : `http://${h}:${port}`);
    const done = (status: number, bytes: number, note?: string) => {
      stats.bytes += bytes;
      if (o.onRequest) o.onRequest({ method, host, path: rest, status, bytes, note });
    };
    const send = (status: number, headers: http.OutgoingHttpHeaders, body = "", note?: string) => {
      res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body), ...headers });
      res.end(method === "HEAD" ? undefined : body);
      done(status, method === "HEAD" ? 0 : Buffer.byteLength(body), note);
    };
    if (method !== "GET" && method !== "HEAD") return send(405, { allow: "GET, HEAD" }, "405 Method Not Allowed\n");
    if (!host || !/^[a-z0-9.-]+$/.test(host)) return send(404, {}, "404 Not Found (no provider host in the URL)\n");

    // Earthdata Login's authorize step
    if (host === EARTHDATA_LOGIN_HOST) {
      if (rest !== "/oauth/authorize") return send(404, {}, "404 Not Found\n");
      const auth = req.headers.authorization;
      if (auth !== basic) {
        stats.unauthorized++;
        return send(401, { "www-authenticate": REALM }, auth ? "401 Unauthorized: wrong Earthdata Login username or password\n" : "401 Unauthorized: Earthdata Login credentials required\n", "login");
      }
      const back = url.searchParams.get("redirect_uri") ?? "";
      let target: URL;
      try { target = new URL(back); } catch { return send(400, {}, "400 Bad Request: redirect_uri\n"); }
      const code = crypto.randomBytes(16).toString("hex");
      codes.set(code, target.host);
      target.searchParams.set("code", code);
      const state = url.searchParams.get("state");
      if (state !== null) target.searchParams.set("state", state);
      return send(302, { location: target.href }, "", "login");
    }

    if (o.protectedHosts(host)) {
      if (rest === "/data-redirect") {
        const code = url.searchParams.get("code") ?? "";
        if (!codes.has(code)) {
          stats.unauthorized++;
          return send(401, {}, "401 Unauthorized: unknown or used authorization code\n", "session");
        }
        codes.delete(code);
        const token = crypto.randomBytes(16).toString("hex");
        sessions.add(`${host} ${token}`);
        const state = url.searchParams.get("state") ?? "/";
        const next = state.startsWith("/") ? `${hostBase(host)}${state}` : hostBase(host) + "/";
        return send(302, { location: next, "set-cookie": `${SESSION_COOKIE}=${token}; Path=/; HttpOnly` }, "", "session");
      }
      const cookie = /(?:^|;\s*)replica_urs_session=([0-9a-f]+)/.exec(req.headers.cookie ?? "");
      const hasSession = cookie !== null && sessions.has(`${host} ${cookie[1]}`);
      if (!hasSession && !(bearer && req.headers.authorization === bearer)) {
        stats.loginRedirects++;
        const back = `${hostBase(host)}/data-redirect`;
        const authorize = `${hostBase(EARTHDATA_LOGIN_HOST)}/oauth/authorize?client_id=sm-downscale-replica&response_type=code&redirect_uri=${encodeURIComponent(back)}&state=${encodeURIComponent(rest + url.search)}`;
        return send(302, { location: authorize }, "", "login-redirect");
      }
    }

    const parts = rest.split("/").filter(Boolean).map((p) => decodeURIComponent(p));
    if (parts.some((p) => p === ".." || p === "." || p.includes("/") || p.includes("\\"))) return send(404, {}, "404 Not Found\n");
    const file = path.join(o.dir, host, ...parts);
    let st: fs.Stats;
    try { st = fs.statSync(file); } catch { stats.notFound++; return send(404, {}, `404 Not Found: ${rest}\n`); }
    if (st.isDirectory()) {
      if (!url.pathname.endsWith("/")) return send(301, { location: `${url.pathname}/${url.search}` }, "");
      const entries = fs.readdirSync(file, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const rows = entries.map((e) => { const n = e.isDirectory() ? `${e.name}/` : e.name; return `<tr><td><a href="${encodeURIComponent(e.name)}${e.isDirectory() ? "/" : ""}">${escapeHtml(n)}</a></td></tr>`; });
      const body = `<!DOCTYPE html>\n<html><head><title>Index of ${escapeHtml(rest)}</title></head><body><h1>Index of ${escapeHtml(rest)}</h1>\n<table><tr><td><a href="../">Parent Directory</a></td></tr>\n${rows.join("\n")}\n</table></body></html>\n`;
      return send(200, { "content-type": "text/html; charset=utf-8" }, body);
    }
    const size = st.size;
    const range = parseByteRange(req.headers.range as string | undefined, size);
    const common = { "accept-ranges": "bytes", "last-modified": st.mtime.toUTCString(), etag: `"${size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`, "content-type": "application/octet-stream" };
    if (range === "unsatisfiable") return send(416, { ...common, "content-type": "text/plain; charset=utf-8", "content-range": `bytes */${size}` }, "416 Range Not Satisfiable\n", "range");
    if (method === "GET") {
      fileResponses++;
      const { unavailableEvery = 0, dropEvery = 0 } = o.faults;
      if (unavailableEvery > 0 && fileResponses % unavailableEvery === 0) {
        stats.unavailable++;
        return send(503, { "retry-after": "1" }, "503 Service Unavailable (replica fault)\n", "unavailable");
      }
      const [start, end] = range ?? [0, size - 1];
      const length = Math.max(0, end - start + 1);
      const headers = { ...common, "content-length": length, ...(range ? { "content-range": `bytes ${start}-${end}/${size}` } : {}) };
      res.writeHead(range ? 206 : 200, headers);
      stats.files++;
      if (range) stats.ranges++;
      if (length === 0) { res.end(); return done(200, 0); }
      const drop = dropEvery > 0 && fileResponses % dropEvery === 0 && length > 1;
      const stop = drop ? start + Math.floor(length / 2) - 1 : end;
      const stream = fs.createReadStream(file, { start, end: stop });
      stream.on("error", () => res.destroy());
      stream.on("end", () => {
        if (drop) {
          stats.dropped++;
          res.socket?.destroy();
          done(range ? 206 : 200, stop - start + 1, "dropped");
        } else done(range ? 206 : 200, length, range ? "range" : undefined);
      });
      stream.pipe(res, { end: !drop });
      return;
    }
    res.writeHead(range ? 206 : 200, { ...common, "content-length": range ? range[1] - range[0] + 1 : size, ...(range ? { "content-range": `bytes ${range[0]}-${range[1]}/${size}` } : {}) });
    res.end();
    done(range ? 206 : 200, 0);
  };

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end(`500 Internal Server Error: ${(e as Error).message}\n`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => { server.off("error", reject); resolve(); });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = o.host.includes(":") ? `[${o.host}]` : o.host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    stats,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
