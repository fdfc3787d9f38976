import type { CookieJar } from "./cookieJar";
import type { CredentialStore } from "./credentialStore";
import { httpGet } from "./httpGet";
import { redactUrl } from "./redactUrl";

/** Options of {@link listDirectory}. */
export interface ListDirectoryOptions {
  credentials: CredentialStore;
  cookies: CookieJar;
  timeoutMs?: number;
  resolve?: Record<string, string>;
  /** Largest listing read, bytes (default 32 MiB). */
  maxBytes?: number;
}

/**
 * The file names linked from an HTML directory listing (Apache/GES DISC/LP DAAC style `href`s),
 * decoded, without query strings, sub-directories or parent links.
 *
 * @example
 * await listDirectory("https://host/data/2015/04/", { credentials, cookies }); // ["a.nc4", "b.nc4"]
 * @throws Error naming the (redacted) URL on an HTTP error status, a connection error or an oversized listing.
 */
export async function listDirectory(url: string, options: ListDirectoryOptions): Promise<string[]> {
  const { credentials, cookies, timeoutMs, resolve, maxBytes = 32 * 1024 * 1024 } = options;
  const got = await httpGet(url, { credentials, cookies, timeoutMs, resolve });
  const res = got.response;
  const status = res.statusCode ?? 0;
  if (status !== 200) {
    res.resume();
    throw Object.assign(new Error(`HTTP ${status} when listing ${redactUrl(got.url)}`), { retryable: status >= 500 });
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      res.destroy();
      throw Object.assign(new Error(`the listing of ${redactUrl(got.url)} is larger than ${maxBytes} bytes`), { retryable: false });
    }
    chunks.push(chunk as Buffer);
  }
  const html = Buffer.concat(chunks).toString("utf8");
  const names = new Set<string>();
  for (const m of html.matchAll(/href\s*=\s*["']([^"'#?]+)[^"']*["']/gi)) {
    const href = m[1];
    if (href.endsWith("/")) continue;
    const last = href.slice(href.lastIndexOf("/") + 1);
    let name: string;
    try {
      name = decodeURIComponent(last);
    } catch {
      continue;
    }
    // Never accept a name that could leave the output directory.
    if (name && name !== "." && name !== ".." && !/[/\\\0]/.test(name)) names.add(name);
  }
  return Array.from(names).sort();
}

/** A RegExp matching file names of a template whose unpredictable parts are `*`. */
export function wildcardToRegExp(pattern: string): RegExp {
  const body = pattern.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*");
  return new RegExp(`^${body}$`);
}
