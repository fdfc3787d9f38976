/** Where the providers are served from instead of the Internet: a replica on this machine (`replica serve`). */
export interface ProviderBase {
  /** The base URL as given, e.g. `http://127.0.0.1:8123`. */
  url: string;
  /** Loopback address every provider host name resolves to. */
  address: string;
  port: number;
}

/**
 * Reads a provider base URL (the `--provider-base` option or `SM_PROVIDER_BASE`): plain `http://` to a loopback
 * address with a port and no path. Undefined or empty: none (the real providers).
 * @example parseProviderBase("http://127.0.0.1:8123", "SM_PROVIDER_BASE") // { url, address: "127.0.0.1", port: 8123 }
 * @throws RangeError naming `what` and the value when it is not such a URL.
 */
export function parseProviderBase(value: string | undefined, what: string): ProviderBase | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  let u: URL;
  try { u = new URL(value.trim()); } catch { throw new RangeError(`${what} must be a URL like http://127.0.0.1:8123, got ${JSON.stringify(value)}`); }
  const address = u.hostname.replace(/^\[(.*)\]$/, "$1");
  const loopback = /^127\.\d+\.\d+\.\d+$/.test(address) || address === "::1" || address === "localhost";
  if (u.protocol !== "http:" || !loopback || u.port === "" || (u.pathname !== "/" && u.pathname !== "") || u.search || u.username) {
    throw new RangeError(`${what} must be http://<loopback address>:<port> with no path (a replica served by 'sm-downscale replica serve'), got ${JSON.stringify(value)}`);
  }
  return { url: `http://${u.host}`, address: address === "localhost" ? "127.0.0.1" : address, port: Number(u.port) };
}

/**
 * A provider URL (https, http or sftp) as the replica at `base` serves it: plain http to the same host name on the
 * replica's port; the host name itself is resolved to the replica's address (`resolve["*"]`), so credentials and
 * cookies stay per provider host, as with the real providers.
 * @example onProviderBase("https://hydro1.gesdisc.eosdis.nasa.gov/data/a.nc4", base) // "http://hydro1.gesdisc.eosdis.nasa.gov:8123/data/a.nc4"
 */
export function onProviderBase(url: string, base: ProviderBase): string {
  const u = new URL(url);
  return `http://${u.hostname}:${base.port}${u.pathname}${u.search}`;
}
