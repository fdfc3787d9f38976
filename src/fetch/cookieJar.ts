interface Cookie { name: string; value: string; domain: string; hostOnly: boolean; path: string }

/**
 * A minimal in-memory cookie jar for one fetch run: Earthdata Login returns to the archive host with a
 * session cookie that later requests to that host must carry. Stores `name=value` with the Domain and
 * Path attributes; never persisted, never printed.
 *
 * @example
 * const jar = new CookieJar();
 * jar.store("data.example.org", "/x", ["s=1; Path=/; HttpOnly"]);
 * jar.header("data.example.org", "/x/f.nc"); // "s=1"
 */
export class CookieJar {
  private cookies: Cookie[] = [];

  /** Stores the `Set-Cookie` header values of a response from `host` (hostname) for `requestPath`. */
  store(host: string, requestPath: string, setCookie: string[] | undefined): void {
    const h = host.toLowerCase();
    for (const line of setCookie ?? []) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let domain = h;
      let hostOnly = true;
      let cookiePath = requestPath.replace(/\/[^/]*$/, "") || "/";
      let expired = false;
      for (const a of attrs) {
        const [k, ...v] = a.split("=");
        const key = k.trim().toLowerCase();
        const val = v.join("=").trim();
        if (key === "domain" && val) {
          const d = val.replace(/^\./, "").toLowerCase();
          if (h === d || h.endsWith("." + d)) { domain = d; hostOnly = false; } else { expired = true; } // reject foreign domains
        } else if (key === "path" && val.startsWith("/")) {
          cookiePath = val;
        } else if (key === "max-age" && Number(val) <= 0) {
          expired = true;
        }
      }
      this.cookies = this.cookies.filter((c) => !(c.name === name && c.domain === domain && c.path === cookiePath));
      if (!expired) this.cookies.push({ name, value, domain, hostOnly, path: cookiePath });
    }
  }

  /** The `Cookie` header for a request to `host` and `requestPath`, or undefined when none applies. */
  header(host: string, requestPath: string): string | undefined {
    const h = host.toLowerCase();
    const matching = this.cookies.filter((c) =>
      (c.hostOnly ? h === c.domain : h === c.domain || h.endsWith("." + c.domain)) &&
      (requestPath === c.path || requestPath.startsWith(c.path.endsWith("/") ? c.path : c.path + "/")));
    return matching.length ? matching.map((c) => `${c.name}=${c.value}`).join("; ") : undefined;
  }
}
