import type { ProductManifest } from "../manifests/productManifest";
import { expandFileList } from "../manifests/expandFileList";
import { CookieJar } from "./cookieJar";
import { CredentialStore } from "./credentialStore";
import { downloadFile } from "./downloadFile";
import type { DownloadResult, DownloadTarget } from "./downloadFile";
import { listDirectory, wildcardToRegExp } from "./listDirectory";
import { readNetrc } from "./parseNetrc";
import type { ProgressReporter } from "./progressReporter";
import { onProviderBase, parseProviderBase } from "./providerBase";
import { redactUrl } from "./redactUrl";
import { scrubSecrets } from "./scrubSecrets";

/** Options of {@link fetchProduct}. */
export interface FetchProductOptions {
  /** First and last day (inclusive, `YYYY-MM-DD`); not needed for static products. */
  from?: string;
  to?: string;
  /** Output directory. */
  outDir: string;
  /** Environment for credentials and `NETRC` (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Explicit netrc path (default `$NETRC`, else `~/.netrc`). */
  netrcPath?: string;
  /** See `downloadFile` (defaults 3 retries, 2000 ms delay step, 60 s idle timeout). */
  retries?: number;
  retryDelayMs?: number;
  timeoutMs?: number;
  /** Host → IP overrides (tests map names to 127.0.0.1). */
  resolve?: Record<string, string>;
  /** Progress and per-file status (default: silent). */
  reporter?: ProgressReporter;
  /** Refuse date ranges listing more files (default 100,000). */
  maxFiles?: number;
  /** Files downloaded at the same time (default 1, at most 16); results keep the manifest order. */
  concurrency?: number;
  /**
   * Download from a provider replica on this machine instead (`sm-downscale replica serve`): its base URL, e.g.
   * `http://127.0.0.1:8123`. Every file URL keeps its host name and path; the names resolve to the replica.
   * Default `env.SM_PROVIDER_BASE`; unset = the real providers.
   */
  providerBase?: string;
}

/** The outcome of a fetch run. */
export interface FetchSummary {
  product: string;
  fetched: number;
  skipped: number;
  failed: number;
  /** Bytes received over the network. */
  bytes: number;
  results: DownloadResult[];
}

const silent: ProgressReporter = { start() {}, progress() {}, finish() {} };

/**
 * Downloads every file a product manifest lists for a date range into `outDir` (`concurrency` at a
 * time, default one), never stopping at the first failure: names with an unpredictable part (`{*}`) are resolved by listing
 * their directory (the lexically last match, i.e. the newest production time stamp, is taken);
 * each file then goes through `downloadFile` (skip if good, resume, verify, atomic rename).
 * Credentials come from the manifest's `access.auth` environment variables and the netrc file,
 * each sent only to its own host; no message contains a secret.
 *
 * @example
 * const s = await fetchProduct(loadProductManifest("data-manifests/srtm.json"), { outDir: "data/real/srtm" });
 * s.failed === 0; // every tile fetched or already there
 * @throws Error naming the product when its access protocol is not http(s) (see `access.instructions`; with a
 *   provider base, sftp products are fetched from the replica over http), RangeError naming SM_PROVIDER_BASE or
 *   `options.providerBase` when it is not a loopback http base URL, RangeError from `expandFileList` for bad dates.
 */
export async function fetchProduct(manifest: ProductManifest, options: FetchProductOptions): Promise<FetchSummary> {
  const { from, to, outDir, env = process.env, netrcPath, retries = 3, retryDelayMs = 2000, timeoutMs = 60_000, reporter = silent, maxFiles, concurrency = 1 } = options;
  if (typeof outDir !== "string" || outDir === "") throw new TypeError(`fetchProduct: outDir must be a non-empty path, got ${JSON.stringify(outDir)}`);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) throw new RangeError(`fetchProduct: concurrency must be an integer in [1, 16], got ${concurrency}`);
  const base = parseProviderBase(options.providerBase ?? env.SM_PROVIDER_BASE, options.providerBase !== undefined ? "fetchProduct: options.providerBase" : "SM_PROVIDER_BASE");
  const protocol = manifest.access.protocol;
  if (protocol !== "https" && protocol !== "http" && !(base && protocol === "sftp")) {
    throw new Error(`${manifest.id}: access.protocol is ${protocol} (${manifest.access.route}); fetch downloads only over http(s). ${manifest.access.instructions}`);
  }
  const listed = expandFileList(manifest, { from, to, maxFiles });
  const files = base ? listed.map((f) => ({ ...f, url: onProviderBase(f.url, base) })) : listed;
  const resolve = base ? { "*": base.address, ...options.resolve } : options.resolve;
  const credentials = new CredentialStore({ auth: manifest.access.auth, netrc: readNetrc({ path: netrcPath, env }), env });
  const secrets = { values: credentials.secrets(), pairs: credentials.basicPairs() };
  const scrub = (text: string) => scrubSecrets(text, secrets);
  const cookies = new CookieJar();
  const known = new Map(manifest.knownFiles.filter((k) => k.asDistributed).map((k) => [k.name, k]));
  const listings = new Map<string, Promise<string[]>>();
  const listWithRetry = async (dir: string): Promise<string[]> => {
    let last: Error | undefined;
    for (let attempt = 0; attempt <= retries; attempt++) {
      try {
        return await listDirectory(dir, { credentials, cookies, timeoutMs, resolve });
      } catch (e) {
        last = e as Error;
        if ((e as { retryable?: boolean }).retryable !== true) break;
      }
    }
    throw last ?? new Error(`cannot list ${redactUrl(dir)}`);
  };

  const claimed = new Set<string>();
  const one = async (i: number): Promise<DownloadResult> => {
    const file = files[i];
    let target: DownloadTarget = { url: file.url, name: file.name, size: file.size, sha256: file.sha256 };
    reporter.start(file.name, i + 1, files.length);
    let result: DownloadResult;
    try {
      if (file.needsListing) {
        const dir = file.url.slice(0, file.url.lastIndexOf("/") + 1);
        if (!listings.has(dir)) listings.set(dir, listWithRetry(dir));
        const names = await (listings.get(dir) as Promise<string[]>);
        const pattern = wildcardToRegExp(file.name);
        const matches = names.filter((n) => pattern.test(n));
        if (matches.length === 0) throw new Error(`no file matching ${file.name} in the listing of ${redactUrl(dir)}`);
        const name = matches[matches.length - 1];
        const k = known.get(name);
        target = {
          url: dir + encodeURI(name).replace(/#/g, "%23").replace(/\?/g, "%3F"),
          name, size: k?.size, sha256: k?.sha256,
        };
      }
      if (claimed.has(target.name)) {
        result = { name: target.name, url: redactUrl(target.url), status: "skipped", bytes: 0, size: 0, attempts: 0, message: "listed twice; handled by its first entry" };
      } else {
        claimed.add(target.name);
        result = await downloadFile(target, {
          outDir, credentials, cookies, retries, retryDelayMs, timeoutMs, resolve,
          onProgress: (done, total) => reporter.progress(done, total, i + 1),
        });
      }
    } catch (e) {
      if (e instanceof RangeError || e instanceof TypeError) throw e;
      result = { name: target.name, url: redactUrl(target.url), status: "failed", bytes: 0, size: 0, attempts: 1, message: (e as Error).message };
    }
    result = { ...result, message: scrub(result.message) };
    reporter.finish(result, i + 1);
    return result;
  };
  const results: DownloadResult[] = new Array(files.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < files.length; i = next++) results[i] = await one(i);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return {
    product: manifest.id,
    fetched: results.filter((r) => r.status === "fetched").length,
    skipped: results.filter((r) => r.status === "skipped").length,
    failed: results.filter((r) => r.status === "failed").length,
    bytes: results.reduce((s, r) => s + r.bytes, 0),
    results,
  };
}
