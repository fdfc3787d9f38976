import * as fs from "fs";
import * as path from "path";

/** Where a browser candidate comes from, in the order they are tried. */
export type BrowserSource = "explicit" | "system" | "playwright" | "bundled";

/** Which candidates to consider (`SM_BROWSER`): all of them, only installed browsers, or only the packaged one. */
export type BrowserMode = "auto" | "system" | "bundled";

/** Browser modes accepted in `SM_BROWSER` / the `mode` option. */
export const BROWSER_MODES: readonly BrowserMode[] = ["auto", "system", "bundled"];

/** npm package that ships a (brotli-compressed) Linux x64 Chromium; an optional dependency of the project. */
export const BUNDLED_BROWSER_PACKAGE = "@sparticuz/chromium";

/** One browser to try: a file that exists (or, for the packaged one, a file to unpack first). */
export interface BrowserCandidate {
  source: BrowserSource;
  /** What the candidate is, for messages: "SM_CHROMIUM=/x", "/usr/bin/chromium", "@sparticuz/chromium (packaged)". */
  label: string;
  /** The executable; for `bundled`, the package folder (the executable is unpacked on first use). */
  path: string;
}

/** Options of {@link browserCandidates}; every field defaults to the running process. */
export interface BrowserCandidateOptions {
  /** An explicit executable (runner option `--chromium`); default `env.SM_CHROMIUM`. */
  executablePath?: string;
  /** Default `env.SM_BROWSER`, else "auto". */
  mode?: BrowserMode;
  /** Environment read for SM_CHROMIUM, SM_BROWSER, PATH, PROGRAMFILES, LOCALAPPDATA, HOME. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Default `process.platform`. */
  platform?: string;
  /** Default `process.arch`. */
  arch?: string;
  /** File test. Default `fs.existsSync` on a regular file. */
  exists?: (file: string) => boolean;
  /** Where playwright-core keeps its own browser (`chromium.executablePath()`), if it resolves. Default none. */
  playwrightPath?: string;
  /** The folder of the installed {@link BUNDLED_BROWSER_PACKAGE}, or undefined when it is not installed. */
  bundledPackageDir?: string;
}

/** What {@link browserCandidates} found, and what it looked at without success (for the skip message). */
export interface BrowserSearch {
  mode: BrowserMode;
  candidates: BrowserCandidate[];
  /** Places looked at that held nothing, one phrase each ("no /usr/bin/chromium"). */
  missing: string[];
  /** The one command that makes a browser available on this platform. */
  fix: string;
}

const LINUX_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "microsoft-edge-stable"];
const LINUX_PATHS = ["/snap/bin/chromium", "/opt/google/chrome/chrome", "/opt/microsoft/msedge/msedge"];
const MAC_APPS = [
  "Google Chrome.app/Contents/MacOS/Google Chrome",
  "Chromium.app/Contents/MacOS/Chromium",
  "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
  "Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary",
];
const WINDOWS_APPS = ["Google\\Chrome\\Application\\chrome.exe", "Microsoft\\Edge\\Application\\msedge.exe", "Chromium\\Application\\chrome.exe"];

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The usual install locations of Chrome, Chromium and Edge on a platform, most common first (no duplicates). */
export function systemBrowserPaths(options: { platform: string; env: Record<string, string | undefined> }): string[] {
  const { platform, env } = options;
  const out: string[] = [];
  if (platform === "darwin") {
    for (const dir of ["/Applications", env.HOME ? path.posix.join(env.HOME, "Applications") : ""]) {
      if (dir) for (const app of MAC_APPS) out.push(path.posix.join(dir, app));
    }
  } else if (platform === "win32") {
    for (const v of ["PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"]) {
      const dir = env[v];
      if (dir) for (const app of WINDOWS_APPS) out.push(path.win32.join(dir, app));
    }
  } else {
    const dirs = ["/usr/bin", ...(env.PATH ?? "").split(":").filter((d) => d.startsWith("/"))];
    for (const name of LINUX_NAMES) for (const dir of dirs) out.push(path.posix.join(dir, name));
    out.push(...LINUX_PATHS);
  }
  return [...new Set(out)];
}

/**
 * The browsers figure export may use, in the order to try them: an explicit executable (`SM_CHROMIUM` or the
 * runner's `--chromium`), then system Chrome/Chromium/Edge at the usual Linux, macOS and Windows locations,
 * then playwright-core's own download (if present), then the Chromium packaged in the optional dependency
 * {@link BUNDLED_BROWSER_PACKAGE} (Linux x64). `SM_BROWSER=bundled` keeps only the packaged one (CI proves the
 * packaged path with it), `SM_BROWSER=system` drops it. Pure: nothing is started or unpacked here.
 *
 * @param options see {@link BrowserCandidateOptions}; all default to the running process
 * @returns the candidates, what was looked at in vain, and the command that fixes a miss
 * @throws RangeError when SM_BROWSER / `mode` is not auto, system or bundled, or SM_CHROMIUM is empty text
 * @example
 * browserCandidates({ env: { SM_BROWSER: "bundled" }, bundledPackageDir: "/p/node_modules/@sparticuz/chromium" })
 *   .candidates; // [{ source: "bundled", label: "@sparticuz/chromium (packaged Chromium)", path: "/p/…" }]
 */
export function browserCandidates(options: BrowserCandidateOptions = {}): BrowserSearch {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const exists = options.exists ?? isFile;
  const rawMode = options.mode ?? (env.SM_BROWSER === undefined || env.SM_BROWSER === "" ? "auto" : env.SM_BROWSER);
  if (!BROWSER_MODES.includes(rawMode as BrowserMode)) {
    throw new RangeError(`SM_BROWSER must be one of ${BROWSER_MODES.join(", ")}, got '${rawMode}'`);
  }
  const mode = rawMode as BrowserMode;
  const explicit = options.executablePath ?? env.SM_CHROMIUM;
  if (explicit !== undefined && explicit.trim() === "" && options.executablePath !== undefined) {
    throw new RangeError("executablePath must be a path to a browser executable, got an empty string");
  }
  const candidates: BrowserCandidate[] = [];
  const missing: string[] = [];
  if (mode !== "bundled") {
    if (explicit !== undefined && explicit.trim() !== "") {
      const label = options.executablePath !== undefined ? explicit : `SM_CHROMIUM=${explicit}`;
      if (exists(explicit)) candidates.push({ source: "explicit", label, path: explicit });
      else missing.push(`no file at ${label}`);
    }
    const sys = systemBrowserPaths({ platform, env });
    const found = sys.filter((p) => exists(p));
    for (const p of found) candidates.push({ source: "system", label: p, path: p });
    if (found.length === 0) missing.push(`no system Chrome/Chromium/Edge (${sys.length} usual locations on ${platform})`);
    if (options.playwrightPath) {
      if (exists(options.playwrightPath)) candidates.push({ source: "playwright", label: `playwright-core's Chromium ${options.playwrightPath}`, path: options.playwrightPath });
    }
  }
  if (mode !== "system") {
    if (platform !== "linux" || arch !== "x64") missing.push(`${BUNDLED_BROWSER_PACKAGE} ships Linux x64 only (this is ${platform} ${arch})`);
    else if (!options.bundledPackageDir) missing.push(`${BUNDLED_BROWSER_PACKAGE} is not installed (an optional dependency)`);
    else candidates.push({ source: "bundled", label: `${BUNDLED_BROWSER_PACKAGE} (packaged Chromium)`, path: options.bundledPackageDir });
  }
  let fix: string;
  if (platform === "linux" && arch === "x64") fix = mode === "system" ? "apt-get install -y chromium (or set SM_CHROMIUM=/path/to/chrome)" : "npm install --include=optional (installs the packaged Chromium)";
  else if (platform === "darwin" || platform === "win32") fix = "install Google Chrome or Microsoft Edge (or set SM_CHROMIUM=/path/to/chrome)";
  else fix = "npx playwright-core install chromium (or set SM_CHROMIUM=/path/to/chrome)";
  return { mode, candidates, missing, fix };
}
