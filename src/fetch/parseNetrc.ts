import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** One `machine` (or the `default`) entry of a .netrc file. */
export interface NetrcEntry {
  /** Host name, or null for the `default` entry. */
  machine: string | null;
  login?: string;
  password?: string;
  account?: string;
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  const lines = text.split(/\r\n|\r|\n/);
  let inMacdef = false;
  for (const line of lines) {
    if (inMacdef) {
      if (line.trim() === "") inMacdef = false;
      continue;
    }
    if (/^\s*#/.test(line)) continue;
    let m: RegExpExecArray | null;
    re.lastIndex = 0;
    const lineTokens: string[] = [];
    while ((m = re.exec(line)) !== null) {
      lineTokens.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2]);
    }
    const macdef = lineTokens.indexOf("macdef");
    if (macdef >= 0) {
      tokens.push(...lineTokens.slice(0, macdef));
      inMacdef = true; // the macro body runs to the next blank line
      continue;
    }
    tokens.push(...lineTokens);
  }
  return tokens;
}

/**
 * Parses the text of a .netrc file (the ftp/curl format): `machine <host> login <user> password <pass>`
 * entries, an optional `default` entry, `account`, `macdef` bodies (skipped up to the next blank line),
 * `#` comment lines and double-quoted tokens. Unknown keywords are skipped with their value.
 *
 * @example
 * parseNetrc("machine urs.earthdata.nasa.gov login ana password s3cret");
 * // [{ machine: "urs.earthdata.nasa.gov", login: "ana", password: "s3cret" }]
 */
export function parseNetrc(text: string): NetrcEntry[] {
  if (typeof text !== "string") throw new TypeError(`parseNetrc: text must be a string, got ${typeof text}`);
  const tokens = tokenize(text);
  const entries: NetrcEntry[] = [];
  let current: NetrcEntry | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === "machine") {
      current = { machine: (tokens[++i] ?? "").toLowerCase() };
      entries.push(current);
    } else if (t === "default") {
      current = { machine: null };
      entries.push(current);
    } else if (t === "login" || t === "password" || t === "account") {
      const value = tokens[++i];
      if (current && value !== undefined) current[t] = value;
    } else {
      i++; // unknown keyword: skip its value
    }
  }
  return entries;
}

/** Where a netrc file is looked for, and what was read. */
export interface NetrcFile {
  /** The path used: `$NETRC` when set, else `~/.netrc`. */
  path: string;
  /** False when the file does not exist. */
  exists: boolean;
  entries: NetrcEntry[];
}

/** Options of {@link readNetrc}. */
export interface ReadNetrcOptions {
  /** Explicit path (wins over the environment). */
  path?: string;
  /** Environment to read `NETRC` and `HOME` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads the user's .netrc: the path is `options.path`, else `$NETRC`, else `~/.netrc`. A missing file
 * gives no entries (`exists: false`); the passwords are kept in memory only.
 *
 * @example
 * readNetrc({ env: { NETRC: "/tmp/netrc" } }).path; // "/tmp/netrc"
 * @throws Error naming the path when the file exists but cannot be read.
 */
export function readNetrc(options: ReadNetrcOptions = {}): NetrcFile {
  const env = options.env ?? process.env;
  const home = env.HOME ?? os.homedir();
  const file = options.path ?? (env.NETRC && env.NETRC !== "" ? env.NETRC : path.join(home, ".netrc"));
  if (!fs.existsSync(file)) return { path: file, exists: false, entries: [] };
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`cannot read netrc file ${file} (${(e as NodeJS.ErrnoException).code ?? "read error"})`);
  }
  return { path: file, exists: true, entries: parseNetrc(text) };
}
