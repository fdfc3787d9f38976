import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createRequire } from "module";
import type { Browser, Page } from "playwright-core";
import type { PlotFigure } from "./figureTypes";
import { setPngDpi } from "./pngDpi";
import { BUNDLED_BROWSER_PACKAGE, BrowserCandidate, BrowserMode, browserCandidates } from "./browserCandidates";

/** Static formats. PNG is raster at `dpi`; SVG and PDF are vector (heatmaps inside stay raster images). */
export type ExportFormat = "png" | "svg" | "pdf";

/** Formats the renderer knows. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ["png", "svg", "pdf"];

/** Chromium flags: no sandbox (root, containers), no GPU, and no background network traffic (updates, sync, QUIC). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--no-first-run", "--disable-quic",
];

/** Options of {@link FigureRenderer.open}. */
export interface RendererOptions {
  /**
   * Browser executable to try first. Default `SM_CHROMIUM`; then system Chrome/Chromium/Edge, then the packaged
   * Chromium ({@link browserCandidates} gives the order).
   */
  executablePath?: string;
  /** "auto" (default, or `SM_BROWSER`), "system" (installed browsers only) or "bundled" (the packaged Chromium only). */
  mode?: BrowserMode;
  /** The browsers to try, in order, instead of the {@link browserCandidates} search (e.g. one pinned browser). */
  browsers?: readonly BrowserCandidate[];
  /** PNG resolution: the figure's CSS size (96 px per inch) is rendered at scale dpi / 96, and the PNG's pHYs says dpi. Default 300. */
  dpi?: number;
  /** Per-operation timeout, ms. Default 60000. */
  timeoutMs?: number;
  /** Figure size when the layout has none, CSS px. Default 800 × 500. */
  defaultWidth?: number;
  defaultHeight?: number;
}

/** What the page offers (typed here because the project compiles without the DOM lib). */
interface BrowserGlobal {
  Plotly: {
    newPlot: (div: unknown, data: unknown, layout: unknown, config: unknown) => Promise<unknown>;
    purge: (div: unknown) => void;
    toImage: (fig: unknown, opts: unknown) => Promise<string>;
  };
  document: { getElementById: (id: string) => unknown };
}

/**
 * Renders plotly figures to PNG/SVG/PDF bytes in one headless Chromium (playwright-core + plotly.js-dist-min,
 * both resolved from `<cwd>/package.json`, so run with the project root as working directory).
 * {@link FigureRenderer.open} never throws for a missing or broken browser: it returns `{skipped: reason}`.
 * Close the renderer when done. Used by {@link exportFigures}; a notebook can use it to get a PNG for its display.
 *
 * @example
 * const r = await FigureRenderer.open({});
 * if ("skipped" in r) console.log(r.skipped);
 * else { const png = await r.render(fig, "png"); await r.close(); }
 */
export class FigureRenderer {
  private constructor(private readonly browser: Browser, private readonly page: Page, readonly dpi: number,
    private readonly defaultWidth: number, private readonly defaultHeight: number,
    /** The browser in use, e.g. "/usr/bin/chromium (120.0.6099.224)" or "@sparticuz/chromium (packaged Chromium) (147.0.7727.0)". */
    readonly browserLabel: string) {}

  /**
   * Starts the first browser of {@link browserCandidates} that launches, and loads plotly in it.
   * @param options `executablePath` (SM_CHROMIUM), `mode` (SM_BROWSER, "auto"), `dpi` (300), `timeoutMs` (60000), default size
   * @returns a renderer, or `{skipped}` naming every browser tried and the one command that fixes it
   * @throws RangeError for invalid options
   */
  static async open(options: RendererOptions = {}): Promise<FigureRenderer | { skipped: string }> {
    const dpi = options.dpi ?? 300;
    const timeoutMs = options.timeoutMs ?? 60000;
    const defaultWidth = options.defaultWidth ?? 800;
    const defaultHeight = options.defaultHeight ?? 500;
    if (!(dpi >= 24 && dpi <= 1200)) throw new RangeError(`FigureRenderer: dpi must be in 24…1200, got ${dpi}`);
    if (!(timeoutMs > 0)) throw new RangeError(`FigureRenderer: timeoutMs must be > 0, got ${timeoutMs}`);
    if (!(defaultWidth > 0) || !(defaultHeight > 0)) throw new RangeError(`FigureRenderer: defaultWidth/defaultHeight must be > 0, got ${defaultWidth} × ${defaultHeight}`);
    if (options.mode !== undefined && !["auto", "system", "bundled"].includes(options.mode)) throw new RangeError(`FigureRenderer: mode must be auto, system or bundled, got ${String(options.mode)}`);
    let chromium: { launch: (o: Record<string, unknown>) => Promise<Browser>; executablePath: () => string };
    let plotlyPath: string;
    const req = createRequire(path.join(process.cwd(), "package.json"));
    try {
      chromium = (req("playwright-core") as { chromium: typeof chromium }).chromium;
      plotlyPath = req.resolve("plotly.js-dist-min");
    } catch (e) {
      return { skipped: `cannot load playwright-core or plotly.js-dist-min from ${process.cwd()} (run npm install): ${(e as Error).message.split("\n")[0]}` };
    }
    let playwrightPath: string | undefined;
    try {
      playwrightPath = chromium.executablePath();
    } catch {
      playwrightPath = undefined;
    }
    let bundledPackageDir: string | undefined;
    try {
      bundledPackageDir = packageDirOf(req.resolve(BUNDLED_BROWSER_PACKAGE));
    } catch {
      bundledPackageDir = undefined;
    }
    const search = options.browsers
      ? { mode: options.mode ?? "auto", candidates: options.browsers.slice(), missing: [] as string[], fix: "pass a browser that starts, or leave `browsers` unset" }
      : browserCandidates({ executablePath: options.executablePath, mode: options.mode, playwrightPath, bundledPackageDir });
    const tried = [...search.missing];
    for (const candidate of search.candidates) {
      const launched = await launchCandidate(candidate, chromium, req, timeoutMs);
      if ("failed" in launched) { tried.push(launched.failed); continue; }
      const browser = launched.browser;
      try {
        const page = await browser.newPage();
        page.setDefaultTimeout(timeoutMs);
        await page.setContent("<!doctype html><html><head><style>html,body{margin:0;padding:0;background:#fff}</style></head><body><div id=\"plot\"></div></body></html>");
        await page.addScriptTag({ path: plotlyPath });
        return new FigureRenderer(browser, page, dpi, defaultWidth, defaultHeight, `${candidate.label} (${browser.version()})`);
      } catch (e) {
        await browser.close().catch(() => undefined);
        tried.push(`${candidate.label} started but plotly could not be loaded: ${(e as Error).message.split("\n")[0]}`);
      }
    }
    const scope = options.browsers ? "the browsers given" : `SM_BROWSER=${search.mode}`;
    return { skipped: `no browser for figure export (${scope}; tried: ${tried.join("; ") || "nothing"}). Fix: ${search.fix}` };
  }

  /**
   * Renders one figure.
   * @param figure the plotly spec (its layout width/height in CSS px set the size)
   * @param format "png" (at the renderer's dpi, pHYs set), "svg" (UTF-8 bytes) or "pdf" (vector, one page)
   * @returns the file bytes
   * @throws RangeError for an unknown format; Error when plotly fails on the figure
   */
  async render(figure: PlotFigure, format: ExportFormat): Promise<Uint8Array> {
    if (!EXPORT_FORMATS.includes(format)) throw new RangeError(`FigureRenderer.render: format must be one of ${EXPORT_FORMATS.join(", ")}, got ${String(format)}`);
    const fig = JSON.parse(JSON.stringify(figure)) as PlotFigure; // NaN → null, drops functions
    const width = Math.round(Number(fig.layout.width ?? this.defaultWidth));
    const height = Math.round(Number(fig.layout.height ?? this.defaultHeight));
    fig.layout.width = width;
    fig.layout.height = height;
    const page = this.page;
    if (format === "pdf") {
      await page.setViewportSize({ width, height });
      await page.evaluate(async (f) => {
        const g = globalThis as unknown as BrowserGlobal;
        const div = g.document.getElementById("plot");
        g.Plotly.purge(div);
        await g.Plotly.newPlot(div, f.data, f.layout, { staticPlot: true, displayModeBar: false });
      }, fig);
      const pdf = await page.pdf({ width: `${width}px`, height: `${height}px`, printBackground: true, pageRanges: "1" });
      await page.evaluate(() => {
        const g = globalThis as unknown as BrowserGlobal;
        g.Plotly.purge(g.document.getElementById("plot"));
      });
      return pdf;
    }
    const url = await page.evaluate(async ({ f, fmt, scale }) => {
      const g = globalThis as unknown as BrowserGlobal;
      return g.Plotly.toImage({ data: f.data, layout: f.layout, config: { staticPlot: true } },
        { format: fmt, width: f.layout.width, height: f.layout.height, scale });
    }, { f: fig, fmt: format, scale: format === "png" ? this.dpi / 96 : 1 });
    const comma = url.indexOf(",");
    const head = url.slice(0, comma);
    const body = url.slice(comma + 1);
    const bytes = head.endsWith(";base64") ? Buffer.from(body, "base64") : Buffer.from(decodeURIComponent(body), "utf8");
    return format === "png" ? setPngDpi(bytes, { dpi: this.dpi }) : bytes;
  }

  /**
   * A new page in the renderer's browser (e.g. to check an HTML page that shows exported figures); close it when done.
   * @example const page = await r.newPage(); await page.goto("file:///…/report.html"); await page.close();
   */
  async newPage(): Promise<Page> {
    return this.browser.newPage();
  }

  /** Closes the browser. */
  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }
}

/** The fonts folder unpacked with the packaged Chromium, used only when the system has no fonts at all. */
function systemHasFonts(): boolean {
  return ["/usr/share/fonts", "/usr/local/share/fonts"].some((d) => {
    try {
      return fs.readdirSync(d).length > 0;
    } catch {
      return false;
    }
  });
}

/** Launches one candidate (unpacking the packaged Chromium first); a failure is returned as one phrase. */
async function launchCandidate(candidate: BrowserCandidate, chromium: { launch: (o: Record<string, unknown>) => Promise<Browser> },
  req: NodeRequire, timeoutMs: number): Promise<{ browser: Browser } | { failed: string }> {
  let executablePath = candidate.path;
  const args = CHROMIUM_ARGS.slice();
  let env: Record<string, string | undefined> | undefined;
  if (candidate.source === "bundled") {
    try {
      executablePath = await unpackBundledChromium(req, candidate.path);
    } catch (e) {
      return { failed: `${candidate.label} could not be unpacked: ${(e as Error).message.split("\n")[0]}` };
    }
    // The packaged build is chrome-headless-shell; it brings a fonts.conf (Open Sans) beside the executable.
    args.push("--no-zygote");
    if (!process.env.FONTCONFIG_PATH && !systemHasFonts()) env = { ...process.env, FONTCONFIG_PATH: path.join(path.dirname(executablePath), "fonts") };
  }
  try {
    const browser = await chromium.launch({ executablePath, headless: true, args, timeout: timeoutMs, ...(env ? { env } : {}) });
    return { browser };
  } catch (e) {
    return { failed: `${candidate.label} did not start: ${(e as Error).message.split("\n")[0]}` };
  }
}

/** The folder holding the package.json of the package a resolved entry file belongs to. */
function packageDirOf(entry: string): string {
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) {
      try {
        const name = (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string }).name;
        if (name) return dir;
      } catch {
        // not a package root: keep walking up
      }
    }
  }
  return path.dirname(entry);
}

/**
 * Unpacks the packaged Chromium once per package version and user into `<tmp>/sm-downscale-chromium-<version>-<uid>`
 * and returns its executable. The package unpacks into the temporary folder it is given; it is given a fresh
 * private folder, which is then renamed into place, so concurrent processes (parallel tests, several notebooks)
 * never see a half-written browser and another version's or user's copy is never picked up.
 */
async function unpackBundledChromium(req: NodeRequire, packageDir: string): Promise<string> {
  const version = (JSON.parse(fs.readFileSync(path.join(packageDir, "package.json"), "utf8")) as { version?: string }).version ?? "unknown";
  const uid = typeof process.getuid === "function" ? `-${process.getuid()}` : "";
  const base = os.tmpdir();
  const target = path.join(base, `sm-downscale-chromium-${version}${uid}`);
  const exe = path.join(target, "chromium");
  if (fs.existsSync(exe)) return exe;
  const mod = req(BUNDLED_BROWSER_PACKAGE) as { executablePath?: (input?: string) => Promise<string>; default?: { executablePath: (input?: string) => Promise<string> } };
  const pkg = typeof mod.executablePath === "function" ? mod : mod.default;
  if (!pkg || typeof pkg.executablePath !== "function") throw new Error(`${BUNDLED_BROWSER_PACKAGE} ${version} has no executablePath()`);
  const work = fs.mkdtempSync(path.join(base, `sm-downscale-chromium-${version}-unpacking-`));
  const saved = { TMPDIR: process.env.TMPDIR, TMP: process.env.TMP, TEMP: process.env.TEMP };
  try {
    process.env.TMPDIR = work;
    process.env.TMP = work;
    process.env.TEMP = work;
    const unpacked = await pkg.executablePath(path.join(packageDir, "bin"));
    if (path.dirname(unpacked) !== work) throw new Error(`${BUNDLED_BROWSER_PACKAGE} unpacked to ${unpacked}, not into ${work}`);
  } finally {
    for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
  }
  try {
    fs.renameSync(work, target);
  } catch (e) {
    // another process finished first: use its copy
    fs.rmSync(work, { recursive: true, force: true });
    if (!fs.existsSync(exe)) throw e;
  }
  return exe;
}
