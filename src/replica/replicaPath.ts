import * as path from "node:path";

/**
 * Where a provider URL lives in a replica directory: `<dir>/<host>/<path>`, so that one loopback server serves every
 * provider at `<base>/<host>/<path>` and the product manifests' URL templates expand to the replica unchanged
 * (only the base differs: see {@link replicaUrl}). `sftp://` URLs (H SAF's FTP server) map the same way, so the
 * replica can serve those files over HTTP too.
 * @throws RangeError naming the URL when it is not http(s) or sftp, or climbs out of the directory.
 * @example
 * replicaPath("/srv/replica", "https://hydro1.gesdisc.eosdis.nasa.gov/data/GLDAS/x.nc4");
 * // "/srv/replica/hydro1.gesdisc.eosdis.nasa.gov/data/GLDAS/x.nc4"
 */
export function replicaPath(dir: string, url: string): string {
  let u: URL;
  try { u = new URL(url); } catch { throw new RangeError(`replicaPath: not a URL: ${JSON.stringify(url)}`); }
  if (u.protocol !== "https:" && u.protocol !== "http:" && u.protocol !== "sftp:") throw new RangeError(`replicaPath: ${url} is not http(s) or sftp`);
  const parts = decodeURIComponent(u.pathname).split("/").filter(Boolean);
  if (parts.some((p) => p === ".." || p === ".")) throw new RangeError(`replicaPath: ${url} climbs out of the replica`);
  return path.join(dir, u.hostname, ...parts);
}

/**
 * A provider URL rewritten onto a replica server at `base` (e.g. `http://127.0.0.1:8123`): `<base>/<host>/<path>`.
 * @example replicaUrl("http://127.0.0.1:8123", "https://e4ftl01.cr.usgs.gov/MOLT/a.hdf"); // "http://127.0.0.1:8123/e4ftl01.cr.usgs.gov/MOLT/a.hdf"
 */
export function replicaUrl(base: string, url: string): string {
  const u = new URL(url);
  return `${base.replace(/\/+$/, "")}/${u.hostname}${u.pathname}${u.search}`;
}
