import * as dns from "node:dns";
import * as http from "node:http";
import * as https from "node:https";
import type { CookieJar } from "./cookieJar";
import type { CredentialStore, HostCredentials } from "./credentialStore";
import { redactUrl } from "./redactUrl";

/** Options of {@link httpGet}. */
export interface HttpGetOptions {
  credentials: CredentialStore;
  cookies: CookieJar;
  /** Extra request headers (e.g. `Range`), sent on every hop. */
  headers?: Record<string, string>;
  /** Idle-socket timeout in ms (default 60,000). */
  timeoutMs?: number;
  /** Most redirects followed (default 10). */
  maxRedirects?: number;
  /** Host name → IP address overrides, like curl's `--resolve` (tests map names to 127.0.0.1); `"*"` maps every other name. */
  resolve?: Record<string, string>;
}

/** The final response of {@link httpGet}, after redirects. */
export interface HttpGetResult {
  response: http.IncomingMessage;
  /** The URL that produced `response`. */
  url: string;
  /** The credentials sent with the final request (undefined when none), for messages. */
  sent?: HostCredentials;
  /** True when credentials existed for the final host but were withheld (plain http to a non-loopback address). */
  withheld: boolean;
}

function isLoopback(address: string): boolean {
  return /^127\./.test(address) || address === "::1" || address === "localhost";
}

/**
 * True when credentials may travel on a request to `url`: always over https; over plain http only to
 * a loopback address (the host itself, or what `resolve` maps it to).
 *
 * @example
 * mayCarryCredentials("http://example.org/f.nc"); // false
 * mayCarryCredentials("http://127.0.0.1:8080/f.nc"); // true
 */
export function mayCarryCredentials(url: string, resolve: Record<string, string> = {}): boolean {
  const u = new URL(url);
  if (u.protocol === "https:") return true;
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  return isLoopback(host) || isLoopback(resolve[host] ?? resolve["*"] ?? "");
}

function authorization(c: HostCredentials): string {
  return c.kind === "basic"
    ? "Basic " + Buffer.from(`${c.username}:${c.password}`, "utf8").toString("base64")
    : `Bearer ${c.token}`;
}

function requestOnce(url: URL, headers: Record<string, string>, timeoutMs: number, resolve: Record<string, string>): Promise<http.IncomingMessage> {
  const lib = url.protocol === "https:" ? https : http;
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const lookup = (host: string, opts: dns.LookupOptions, cb: (...args: unknown[]) => void) => {
    const ip = resolve[host] ?? resolve["*"];
    if (ip === undefined) {
      dns.lookup(host, opts, cb as unknown as (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void);
      return;
    }
    const family = ip.includes(":") ? 6 : 4;
    if (opts && opts.all) cb(null, [{ address: ip, family }]);
    else cb(null, ip, family);
  };
  return new Promise((resolvePromise, reject) => {
    let response: http.IncomingMessage | undefined;
    const req = lib.request({
      protocol: url.protocol,
      hostname,
      port: url.port || undefined,
      path: url.pathname + url.search,
      method: "GET",
      headers,
      lookup: lookup as unknown as http.RequestOptions["lookup"],
      servername: url.protocol === "https:" ? hostname : undefined,
    }, (res) => {
      response = res;
      resolvePromise(res);
    });
    req.setTimeout(timeoutMs, () => {
      const err = Object.assign(new Error(`no data for ${timeoutMs} ms`), { code: "ETIMEDOUT" });
      if (response) response.destroy(err);
      req.destroy(err);
    });
    req.on("error", reject);
    req.end();
  });
}

/**
 * GET with redirects, per-host credentials and cookies. Credentials are looked up for each hop's own
 * host (so a redirect to another host never carries the first host's secret), sent only over https
 * or to a loopback address, and never appear in errors (URLs are printed without query or userinfo).
 *
 * @example
 * const { response } = await httpGet("https://host/file.nc", { credentials, cookies });
 * @throws Error naming the (redacted) URL on a connection error, a timeout or too many redirects.
 */
export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpGetResult> {
  const { credentials, cookies, headers = {}, timeoutMs = 60_000, maxRedirects = 10, resolve = {} } = options;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`httpGet: timeoutMs must be > 0, got ${timeoutMs}`);
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0) throw new RangeError(`httpGet: maxRedirects must be an integer >= 0, got ${maxRedirects}`);
  let current = new URL(url);
  for (let hop = 0; hop <= maxRedirects; hop++) {
    if (current.protocol !== "https:" && current.protocol !== "http:") {
      throw Object.assign(new Error(`${redactUrl(current.href)}: only http and https are supported, got ${current.protocol}`), { retryable: false });
    }
    if (current.username || current.password) {
      throw Object.assign(new Error(`${redactUrl(current.href)}: URLs with user:password@ are refused (put credentials in ~/.netrc)`), { retryable: false });
    }
    const host = current.hostname.replace(/^\[(.*)\]$/, "$1");
    const creds = credentials.forHost(host);
    const safe = mayCarryCredentials(current.href, resolve);
    const h: Record<string, string> = { "user-agent": "sm-downscale-fetch", accept: "*/*", ...headers };
    let sent: HostCredentials | undefined;
    if (creds && safe) {
      h.authorization = authorization(creds);
      sent = creds;
    }
    const cookie = cookies.header(host, current.pathname);
    if (cookie) h.cookie = cookie;
    let response: http.IncomingMessage;
    try {
      response = await requestOnce(current, h, timeoutMs, resolve);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const text = err.code && !err.message.includes(err.code) ? `${err.code} ${err.message}` : err.message;
      throw Object.assign(new Error(`${redactUrl(current.href)}: ${text}`), { code: err.code, retryable: true });
    }
    const setCookie = response.headers["set-cookie"];
    cookies.store(host, current.pathname, setCookie);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if ([301, 302, 303, 307, 308].includes(status) && location) {
      response.resume();
      current = new URL(location, current);
      continue;
    }
    return { response, url: current.href, sent, withheld: creds !== undefined && !safe };
  }
  throw Object.assign(new Error(`${redactUrl(url)}: more than ${maxRedirects} redirects`), { retryable: false });
}
