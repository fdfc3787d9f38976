/**
 * A URL safe to print: scheme, host, port and path only (no user:password@, no query string, no
 * fragment, where OAuth codes and tokens travel).
 *
 * @example
 * redactUrl("https://u:p@host.org/a/b.nc?code=XYZ"); // "https://host.org/a/b.nc"
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "(unparsable URL)";
  }
}
