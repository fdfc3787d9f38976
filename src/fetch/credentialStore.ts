import type { ProductAccess } from "../manifests/productManifest";
import type { NetrcFile } from "./parseNetrc";

/** Credentials for one host. `source` describes where they came from, never the secret itself. */
export type HostCredentials =
  | { kind: "basic"; username: string; password: string; source: string }
  | { kind: "bearer"; token: string; source: string };

/** Options of {@link CredentialStore}. */
export interface CredentialStoreOptions {
  /** The manifest's `access.auth` (which hosts get the environment credentials). */
  auth?: ProductAccess["auth"];
  /** The netrc file read with `readNetrc` (omit for none). */
  netrc?: NetrcFile;
  /** Environment holding the variables named by `auth.env` (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Decides which credentials go to which host, so that a secret is only ever sent to the host it
 * belongs to (a redirect to another host never carries the previous host's credentials):
 *
 * 1. environment username/password (names from `auth.env`, e.g. EARTHDATA_USERNAME/EARTHDATA_PASSWORD)
 *    → only the hosts in `auth.hosts`;
 * 2. environment bearer token (`auth.env.token`) → only the hosts in `auth.tokenHosts`;
 * 3. netrc `machine <host>` → exactly that host;
 * 4. netrc `default` → only the hosts in `auth.hosts`.
 *
 * Host names are compared without port and case-insensitively (netrc semantics).
 *
 * @example
 * const store = new CredentialStore({ auth, netrc: readNetrc(), env: process.env });
 * store.forHost("urs.earthdata.nasa.gov")?.source; // "~/.netrc (machine urs.earthdata.nasa.gov)"
 */
export class CredentialStore {
  private readonly authHosts: Set<string>;
  private readonly tokenHosts: Set<string>;
  private readonly env: NodeJS.ProcessEnv;
  private readonly auth?: ProductAccess["auth"];
  private readonly netrc?: NetrcFile;

  constructor(options: CredentialStoreOptions = {}) {
    this.auth = options.auth;
    this.netrc = options.netrc;
    this.env = options.env ?? process.env;
    const bare = (h: string) => h.toLowerCase().replace(/:\d+$/, "");
    this.authHosts = new Set((options.auth?.hosts ?? []).map(bare));
    this.tokenHosts = new Set((options.auth?.tokenHosts ?? []).map(bare));
  }

  /** The credentials to send to `host` (a hostname, port ignored), or undefined. */
  forHost(host: string): HostCredentials | undefined {
    const h = host.toLowerCase().replace(/:\d+$/, "");
    const names = this.auth?.env ?? {};
    if (this.authHosts.has(h) && names.username && names.password) {
      const username = this.env[names.username];
      const password = this.env[names.password];
      if (username && password) {
        return { kind: "basic", username, password, source: `environment variables ${names.username}/${names.password}` };
      }
    }
    if (this.tokenHosts.has(h) && names.token) {
      const token = this.env[names.token];
      if (token) return { kind: "bearer", token, source: `environment variable ${names.token}` };
    }
    if (this.netrc) {
      const entry = this.netrc.entries.find((e) => e.machine === h);
      if (entry && entry.login !== undefined && entry.password !== undefined) {
        return { kind: "basic", username: entry.login, password: entry.password, source: `${this.netrc.path} (machine ${h})` };
      }
      const fallback = this.netrc.entries.find((e) => e.machine === null);
      if (fallback && this.authHosts.has(h) && fallback.login !== undefined && fallback.password !== undefined) {
        return { kind: "basic", username: fallback.login, password: fallback.password, source: `${this.netrc.path} (default entry)` };
      }
    }
    return undefined;
  }

  /** Where credentials for `host` were looked for, in words (for "no credentials" messages). */
  describeSearch(host: string): string {
    const names = this.auth?.env ?? {};
    const where: string[] = [];
    where.push(this.netrc ? `${this.netrc.path}${this.netrc.exists ? "" : " (not found)"} (machine ${host.replace(/:\d+$/, "")})` : "no netrc file");
    if (names.username && names.password) where.push(`environment variables ${names.username}/${names.password} (sent only to ${[...this.authHosts].join(", ") || "no host"})`);
    if (names.token) where.push(`environment variable ${names.token} (sent only to ${[...this.tokenHosts].join(", ") || "no host"})`);
    return where.join("; ");
  }

  /** Every user:password pair this store may send with Basic authentication (their base64 must never be printed either). */
  basicPairs(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    const names = this.auth?.env ?? {};
    if (names.username && names.password && this.env[names.username] && this.env[names.password]) out.push([this.env[names.username] as string, this.env[names.password] as string]);
    for (const e of this.netrc?.entries ?? []) if (e.login !== undefined && e.password !== undefined) out.push([e.login, e.password]);
    return out;
  }

  /** Every secret value this store may send (so callers can make sure none is ever printed). */
  secrets(): string[] {
    const out: string[] = [];
    const names = this.auth?.env ?? {};
    for (const key of [names.password, names.token]) {
      if (key && this.env[key]) out.push(this.env[key] as string);
    }
    for (const e of this.netrc?.entries ?? []) if (e.password) out.push(e.password);
    return out;
  }
}
