import * as fs from "fs";
import * as path from "path";
import { createRequire } from "module";
import type { Browser, Page } from "playwright-core";
import type { PlotFigure } from "./figureTypes";
import { setPngDpi } from "./pngDpi";

/** Static formats. PNG is raster at `dpi`; SVG and PDF are vector (heatmaps inside stay raster images). */
export type ExportFormat = "png" | "svg" | "pdf";

/** Formats the renderer knows. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ["png", "svg", "pdf"];

/** Chromium flags (the project's stack notes §4.3). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--no-first-run", "--disable-quic",
];

/** Options of {@link FigureRenderer.open}. */
export interface RendererOptions {
  /** Chromium executable. Default `/usr/bin/chromium` (Debian package `chromium`). */
  executablePath?: string;
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
    private readonly defaultWidth: number, private readonly defaultHeight: number) {}

  /**
   * Starts Chromium and loads plotly.
   * @param options `executablePath`, `dpi` (300), `timeoutMs` (60000), default size
   * @returns a renderer, or `{skipped}` with the reason when Chromium, playwright-core or plotly is unavailable
   * @throws RangeError for invalid options
   */
  static async open(options: RendererOptions = {}): Promise<FigureRenderer | { skipped: string }> {
    const executablePath = options.executablePath ?? "/usr/bin/chromium";
    const dpi = options.dpi ?? 300;
    const timeoutMs = options.timeoutMs ?? 60000;
    const defaultWidth = options.defaultWidth ?? 800;
    const defaultHeight = options.defaultHeight ?? 500;
    if (!(dpi >= 24 && dpi <= 1200)) throw new RangeError(`FigureRenderer: dpi must be in 24…1200, got ${dpi}`);
    if (!(timeoutMs > 0)) throw new RangeError(`FigureRenderer: timeoutMs must be > 0, got ${timeoutMs}`);
    if (!(defaultWidth > 0) || !(defaultHeight > 0)) throw new RangeError(`FigureRenderer: defaultWidth/defaultHeight must be > 0, got ${defaultWidth} × ${defaultHeight}`);
    if (!fs.existsSync(executablePath)) return { skipped: `Chromium not found at ${executablePath} (Debian: apt-get install -y chromium)` };
    let chromium: { launch: (o: Record<string, unknown>) => Promise<Browser> };
    let plotlyPath: string;
    try {
      const req = createRequire(path.join(process.cwd(), "package.json"));
      chromium = (req("playwright-core") as { chromium: typeof chromium }).chromium;
      plotlyPath = req.resolve("plotly.js-dist-min");
    } catch (e) {
      return { skipped: `cannot load playwright-core or plotly.js-dist-min from ${process.cwd()}: ${(e as Error).message.split("\n")[0]}` };
    }
    let browser: Browser;
    try {
      browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS.slice(), timeout: timeoutMs });
    } catch (e) {
      return { skipped: `Chromium at ${executablePath} did not start: ${(e as Error).message.split("\n")[0]}` };
    }
    try {
      const page = await browser.newPage();
      page.setDefaultTimeout(timeoutMs);
      await page.setContent("<!doctype html><html><head><style>html,body{margin:0;padding:0;background:#fff}</style></head><body><div id=\"plot\"></div></body></html>");
      await page.addScriptTag({ path: plotlyPath });
      return new FigureRenderer(browser, page, dpi, defaultWidth, defaultHeight);
    } catch (e) {
      await browser.close().catch(() => undefined);
      return { skipped: `Chromium started but plotly could not be loaded: ${(e as Error).message.split("\n")[0]}` };
    }
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

  /** Closes the browser. */
  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }
}
