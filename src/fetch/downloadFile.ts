import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CookieJar } from "./cookieJar";
import type { CredentialStore } from "./credentialStore";
import { httpGet } from "./httpGet";
import type { HttpGetResult } from "./httpGet";
import { redactUrl } from "./redactUrl";

/** One file to download. */
export interface DownloadTarget {
  url: string;
  /** File name in the output directory (no slashes). */
  name: string;
  /** Expected size in bytes, when known. */
  size?: number;
  /** Expected SHA-256 (lowercase hex), when known. */
  sha256?: string;
}

/** What happened to one file. */
export interface DownloadResult {
  name: string;
  /** The URL without query string or credentials. */
  url: string;
  status: "fetched" | "skipped" | "failed";
  /** Bytes received over the network in this run. */
  bytes: number;
  /** Size of the file on disk (fetched or skipped), else 0. */
  size: number;
  attempts: number;
  /** One line: why it was skipped, how it was verified, or why it failed. */
  message: string;
}

/** Options of {@link downloadFile}. */
export interface DownloadFileOptions {
  /** Directory that receives the file (created when missing). */
  outDir: string;
  credentials: CredentialStore;
  /** Shared across files so a login session is reused (default: a new jar). */
  cookies?: CookieJar;
  /** Extra attempts after the first for dropped connections, timeouts and 5xx (default 3). */
  retries?: number;
  /** Delay before retry k is k × retryDelayMs (default 2000 ms). */
  retryDelayMs?: number;
  /** Idle-socket timeout per request, ms (default 60,000). */
  timeoutMs?: number;
  /** Host → IP overrides (see `httpGet`). */
  resolve?: Record<string, string>;
  /** Called as bytes arrive: bytes of the file so far, and its total when known. */
  onProgress?: (done: number, total: number | undefined) => void;
}

class Retry extends Error {}
class Fatal extends Error {}

async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash("sha256");
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest("hex");
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return -1;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function authMessage(status: number, host: string, got: HttpGetResult, credentials: CredentialStore): string {
  const head = `HTTP ${status} ${status === 401 ? "Unauthorized" : "Forbidden"} from ${host}`;
  if (got.sent) return `${head}: the credentials from ${got.sent.source} were rejected`;
  if (got.withheld) return `${head}: credentials exist for this host but are never sent over plain http to a non-loopback address`;
  return `${head}: no credentials for this host (looked in ${credentials.describeSearch(host)})`;
}

/**
 * Downloads one file into `outDir`, resumably and verified:
 *
 * - an existing `<name>` that matches the known size and SHA-256 is skipped (with nothing known,
 *   any existing file is kept);
 * - bytes go to `<name>.part`; after a dropped connection the next attempt asks for the rest with
 *   `Range: bytes=<part size>-` and appends (a server answering 200 instead restarts the file);
 * - the finished part is checked against the known size (or the server's length) and SHA-256; a
 *   mismatch deletes it (the file is never kept), then the part is renamed to `<name>` atomically;
 * - an HTML page where a data file is expected (a login page) is refused, not saved;
 * - 401/403/404 fail at once with a message naming the credential source or the URL; connection
 *   errors, timeouts, 429 and 5xx are retried `retries` times.
 *
 * Never throws for network or HTTP problems: they come back as `status: "failed"` with a message.
 *
 * @example
 * const r = await downloadFile({ url, name: "a.nc4", sha256 }, { outDir: "data/real", credentials });
 * r.status; // "fetched" | "skipped" | "failed"
 * @throws RangeError naming the option when retries, retryDelayMs or timeoutMs are invalid, or the name has a slash.
 */
export async function downloadFile(target: DownloadTarget, options: DownloadFileOptions): Promise<DownloadResult> {
  const { outDir, credentials, cookies = new CookieJar(), retries = 3, retryDelayMs = 2000, timeoutMs = 60_000, resolve, onProgress } = options;
  if (!Number.isInteger(retries) || retries < 0 || retries > 100) throw new RangeError(`downloadFile: retries must be an integer in [0, 100], got ${retries}`);
  if (!Number.isFinite(retryDelayMs) || retryDelayMs < 0) throw new RangeError(`downloadFile: retryDelayMs must be >= 0, got ${retryDelayMs}`);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`downloadFile: timeoutMs must be > 0, got ${timeoutMs}`);
  if (!target.name || /[/\\]/.test(target.name) || target.name === "." || target.name === "..") {
    throw new RangeError(`downloadFile: name must be a plain file name, got ${JSON.stringify(target.name)}`);
  }
  const shownUrl = redactUrl(target.url);
  const finalPath = path.join(outDir, target.name);
  const partPath = finalPath + ".part";
  const result = (status: DownloadResult["status"], message: string, bytes: number, attempts: number): DownloadResult =>
    ({ name: target.name, url: shownUrl, status, bytes, size: status === "failed" ? 0 : sizeOf(finalPath), attempts, message });

  // 1. An existing good file is skipped.
  let note = "";
  const existing = sizeOf(finalPath);
  if (existing >= 0) {
    let good = target.size === undefined || existing === target.size;
    if (good && target.sha256 !== undefined) good = (await sha256File(finalPath)) === target.sha256;
    if (good) {
      const how = target.sha256 ? "size and sha256 verified" : target.size !== undefined ? "size verified" : "nothing known to verify against";
      return result("skipped", `exists (${how})`, 0, 0);
    }
    note = "the existing file failed verification and was fetched again; ";
  }
  fs.mkdirSync(outDir, { recursive: true });

  let received = 0;
  let lastError = "";
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    if (attempt > 1 && retryDelayMs > 0) await sleep(retryDelayMs * (attempt - 1));
    let offset = Math.max(0, sizeOf(partPath));
    if (target.size !== undefined && offset > target.size) {
      fs.rmSync(partPath, { force: true });
      offset = 0;
    }
    const resumed = offset > 0;
    try {
      let total: number | undefined = target.size;
      if (!(target.size !== undefined && offset === target.size)) {
        const got = await httpGet(target.url, {
          credentials, cookies, timeoutMs, resolve, headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
        });
        const res = got.response;
        const status = res.statusCode ?? 0;
        const host = new URL(got.url).hostname;
        if (status === 401 || status === 403) {
          res.resume();
          throw new Fatal(authMessage(status, host, got, credentials));
        }
        if (status === 404 || status === 410) {
          res.resume();
          throw new Fatal(`HTTP ${status} ${status === 404 ? "Not Found" : "Gone"}: ${redactUrl(got.url)}`);
        }
        if (status === 416 && offset > 0) {
          res.resume();
          const m = /\*\/(\d+)/.exec(String(res.headers["content-range"] ?? ""));
          if (m && Number(m[1]) === offset) {
            total = offset; // the part is already complete
          } else {
            fs.rmSync(partPath, { force: true });
            throw new Retry(`HTTP 416 for a resume at byte ${offset}; restarting the file`);
          }
        } else if (status === 429 || status >= 500) {
          res.resume();
          throw new Retry(`HTTP ${status} from ${host}`);
        } else if (status !== 200 && status !== 206) {
          res.resume();
          throw new Fatal(`HTTP ${status} ${res.statusMessage ?? ""}`.trim() + `: ${redactUrl(got.url)}`);
        } else if (/^text\/html/i.test(String(res.headers["content-type"] ?? "")) && !/\.html?$/i.test(target.name)) {
          res.resume();
          throw new Fatal(`${host} sent an HTML page instead of the file (a login or error page: check the account and, for Earthdata, that the data archive's application is authorised in your profile): ${redactUrl(got.url)}`);
        } else {
          let start = 0;
          const length = res.headers["content-length"] !== undefined ? Number(res.headers["content-length"]) : undefined;
          if (status === 206) {
            const m = /bytes\s+(\d+)-(\d+)\/(\d+|\*)/.exec(String(res.headers["content-range"] ?? ""));
            if (!m || Number(m[1]) !== offset) {
              res.resume();
              fs.rmSync(partPath, { force: true });
              throw new Retry(`the server resumed at the wrong byte (${m ? m[1] : "no Content-Range"} instead of ${offset}); restarting the file`);
            }
            start = offset;
            if (m[3] !== "*") total = total ?? Number(m[3]);
          } else if (length !== undefined) {
            total = total ?? length;
          }
          if (target.size !== undefined && length !== undefined && start + length !== target.size) {
            res.resume();
            throw new Fatal(`the server announces ${start + length} bytes but the manifest says ${target.size}`);
          }
          let got206 = 0;
          const counter = new Transform({
            transform(chunk: Buffer, _enc, cb) {
              got206 += chunk.length;
              received += chunk.length;
              if (onProgress) onProgress(start + got206, total);
              cb(null, chunk);
            },
          });
          try {
            await pipeline(res, counter, fs.createWriteStream(partPath, { flags: start > 0 ? "a" : "w" }));
          } catch (e) {
            throw new Retry(`connection dropped after ${start + got206} bytes (${(e as Error).message}); will resume`);
          }
          if (length !== undefined && got206 < length) {
            throw new Retry(`connection closed after ${start + got206} of ${start + length} bytes; will resume`);
          }
        }
      }
      // Verify the complete part.
      const size = sizeOf(partPath);
      if (total !== undefined && size < total) throw new Retry(`only ${size} of ${total} bytes arrived; will resume`);
      if (total !== undefined && size > total) {
        fs.rmSync(partPath, { force: true });
        throw new Retry(`${size} bytes arrived but ${total} were expected; restarting the file`);
      }
      if (target.sha256 !== undefined) {
        const actual = await sha256File(partPath);
        if (actual !== target.sha256) {
          fs.rmSync(partPath, { force: true });
          const msg = `sha256 mismatch (expected ${target.sha256}, got ${actual}); the file was discarded`;
          if (resumed) throw new Retry(msg + "; restarting the file");
          throw new Fatal(msg);
        }
      }
      fs.renameSync(partPath, finalPath);
      const how = target.sha256 ? "size and sha256 verified" : total !== undefined ? "size verified" : "no size or checksum known";
      return result("fetched", `${note}${size} bytes (${how}${resumed ? ", resumed" : ""}${attempt > 1 ? `, attempt ${attempt}` : ""})`, received, attempt);
    } catch (e) {
      if (e instanceof Fatal) return result("failed", note + e.message, received, attempt);
      const err = e as Error & { retryable?: boolean };
      if (!(e instanceof Retry) && err.retryable === false) return result("failed", note + err.message, received, attempt);
      if (!(e instanceof Retry) && err.retryable !== true) throw e; // a programming error, not a network one
      lastError = err.message;
    }
  }
  return result("failed", `${note}gave up after ${retries + 1} attempts: ${lastError}`, received, retries + 1);
}
