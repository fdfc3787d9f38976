import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { browserCandidates, crc32, exportFigure, exportFigures, FigureRenderer, pngDpi, scatterFigure, setPngDpi, systemBrowserPaths } from "../../src/plots";
import { writeFileAtomic } from "../../src/io/writeFileAtomic";
import type { PlotFigure } from "../../src/plots";

// The system path needs Debian's chromium (CI installs it: apt-get install -y chromium), the packaged path the
// optional dependency @sparticuz/chromium (installed by npm install on Linux x64). Without them these tests are
// reported as skipped (CI=true: they must run); the skip path below always runs.
const CHROMIUM = "/usr/bin/chromium";
const mustRun = process.env.CI === "true";
const hasChromium = fs.existsSync(CHROMIUM) || mustRun;
const hasBundled = fs.existsSync(path.join(process.cwd(), "node_modules/@sparticuz/chromium/bin/chromium.br")) || (mustRun && process.platform === "linux" && process.arch === "x64");

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "smd-export-"));
}

/** A 2 × 1 RGB PNG built by hand (IHDR, IDAT, IEND). */
function tinyPng(): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const b = Buffer.alloc(12 + data.length);
    b.writeUInt32BE(data.length, 0);
    b.write(type, 4, "ascii");
    Buffer.from(data).copy(b, 8);
    b.writeUInt32BE(zlib.crc32(b.subarray(4, 8 + data.length)), 8 + data.length);
    return b;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0); ihdr.writeUInt32BE(1, 4); ihdr[8] = 8; ihdr[9] = 2;
  const raw = Buffer.from([0, 255, 0, 0, 0, 0, 255]);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", new Uint8Array(0))]);
}

describe("PNG resolution and atomic writes", () => {
  test("crc32 matches zlib.crc32", () => {
    const data = Buffer.from("pHYs soil moisture 0.048 m³ m⁻³");
    expect(crc32(data)).toBe(zlib.crc32(data));
  });
  test("setPngDpi inserts a valid pHYs after IHDR; pngDpi reads it back; replacing keeps one chunk", () => {
    const png = tinyPng();
    expect(pngDpi(png)).toBeNaN();
    const out = setPngDpi(png, { dpi: 300 });
    expect(out.length).toBe(png.length + 21);
    expect(Buffer.from(out.subarray(37, 41)).toString("ascii")).toBe("pHYs"); // 8 signature + 25 IHDR + 4 length
    const view = Buffer.from(out);
    expect(view.readUInt32BE(41)).toBe(11811); // 300 / 0.0254
    expect(view.readUInt32BE(50)).toBe(zlib.crc32(view.subarray(37, 50)));
    expect(pngDpi(out)).toBeCloseTo(299.9994, 3);
    const again = setPngDpi(out, { dpi: 150 });
    expect(again.length).toBe(out.length);
    expect(pngDpi(again)).toBeCloseTo(150, 0);
    expect(() => setPngDpi(Buffer.from("GIF89a......"), {})).toThrow(/not a PNG/);
  });
  test("writeFileAtomic creates folders and leaves no temporary file", () => {
    const dir = tmpDir();
    const file = path.join(dir, "a", "b", "fig.svg");
    expect(writeFileAtomic(file, "<svg/>")).toBe(6);
    expect(fs.readFileSync(file, "utf8")).toBe("<svg/>");
    expect(fs.readdirSync(path.dirname(file))).toEqual(["fig.svg"]);
  });
});

const fig: PlotFigure = scatterFigure([{ pred: [0.1, 0.2, 0.25, 0.3, 0.32], ref: [0.12, 0.18, 0.3, 0.28, 0.35], title: "Validation (2015)" }], { width: 400, height: 360 });

describe("exportFigures", () => {
  const broken = [{ source: "explicit" as const, label: "/bin/false", path: "/bin/false" }];
  test("no usable browser: status skipped with what was tried, nothing written, never throws", async () => {
    const dir = tmpDir();
    const res = await exportFigures([{ figure: fig, basePath: path.join(dir, "fig4_scatter") }], { browsers: broken, timeoutMs: 20000 });
    expect(res.status).toBe("skipped");
    expect(res.message).toMatch(/^export skipped: no browser for figure export \(the browsers given; tried: \/bin\/false did not start: .+\)\. Fix: /);
    expect(res.jobs).toEqual([{ basePath: path.join(dir, "fig4_scatter"), status: "skipped", files: [] }]);
    expect(fs.readdirSync(dir)).toEqual([]);
    const one = await exportFigure(fig, path.join(dir, "x"), { browsers: [] });
    expect(one.status).toBe("skipped");
    expect(one.message).toMatch(/tried: nothing\)/);
  });

  test("FigureRenderer.open without a usable browser returns {skipped} instead of throwing; the search names every miss", async () => {
    const saved = { ...process.env };
    try {
      process.env.SM_BROWSER = "system";
      process.env.SM_CHROMIUM = "/no/such/chrome";
      process.env.PATH = "/nonexistent";
      const r = await FigureRenderer.open({});
      if (!fs.existsSync("/usr/bin/chromium")) {
        expect(r).toEqual({ skipped: expect.stringMatching(/^no browser for figure export \(SM_BROWSER=system; tried: no file at SM_CHROMIUM=\/no\/such\/chrome; no system Chrome\/Chromium\/Edge \(\d+ usual locations on linux\)\)\. Fix: apt-get install -y chromium/) });
      } else {
        if ("skipped" in r) throw new Error(r.skipped);
        expect(r.browserLabel).toMatch(/^\/usr\/bin\/chromium/);
        await r.close();
      }
    } finally {
      for (const k of ["SM_BROWSER", "SM_CHROMIUM", "PATH"]) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
    }
    const r = await FigureRenderer.open({ browsers: [] });
    expect(r).toEqual({ skipped: expect.stringMatching(/^no browser for figure export/) });
    await expect(FigureRenderer.open({ dpi: 0 })).rejects.toThrow(/dpi must be in 24…1200, got 0/);
    await expect(FigureRenderer.open({ mode: "firefox" as never })).rejects.toThrow(/mode must be auto, system or bundled, got firefox/);
  });

  test("invalid options throw before any work", async () => {
    await expect(exportFigures([{ figure: fig, basePath: "x" }], { formats: ["jpg" as never] })).rejects.toThrow(/unknown format jpg/);
    await expect(exportFigures([{ figure: fig, basePath: "x" }], { dpi: 5 })).rejects.toThrow(/dpi must be in 24…1200, got 5/);
    await expect(exportFigures([{ figure: fig, basePath: "" }], {})).rejects.toThrow(/jobs\[0\].basePath/);
  });

  (hasChromium ? test : test.skip)("with Chromium: PNG at 300 dpi (scale 300/96), SVG and PDF; one open renderer serves several batches", async () => {
    const dir = tmpDir();
    const renderer = await FigureRenderer.open({ dpi: 300, mode: "system" });
    if ("skipped" in renderer) throw new Error(renderer.skipped);
    expect(renderer.browserLabel).toMatch(/^\/usr\/bin\/chromium \(\d+\.\d+/);
    try {
      const res = await exportFigures([
        { figure: fig, basePath: path.join(dir, "fig4_scatter") },
        { figure: fig, basePath: path.join(dir, "fig4_copy"), formats: ["pdf"] },
      ], { formats: ["png", "svg"], renderer });
      expect(res.status).toBe("exported");
      expect(res.jobs.map((j) => j.files.map((f) => f.format))).toEqual([["png", "svg"], ["pdf"]]);
      const png = fs.readFileSync(path.join(dir, "fig4_scatter.png"));
      expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
      expect(png.readUInt32BE(16)).toBe(1250); // 400 px × 300/96
      expect(png.readUInt32BE(20)).toBe(1125); // 360 px × 300/96
      expect(pngDpi(png)).toBeCloseTo(300, 0);
      const svg = fs.readFileSync(path.join(dir, "fig4_scatter.svg"), "utf8");
      expect(svg.startsWith("<svg")).toBe(true);
      expect(svg).toContain("GLDAS soil moisture (m³ m⁻³)");
      expect(svg).toContain("Validation (2015)");
      const pdf = fs.readFileSync(path.join(dir, "fig4_copy.pdf"));
      expect(pdf.subarray(0, 5).toString("ascii")).toBe("%PDF-");
      expect(fs.readdirSync(dir).sort()).toEqual(["fig4_copy.pdf", "fig4_scatter.png", "fig4_scatter.svg"]); // no temporary files left
      // the renderer is still open: a second batch and an in-memory render reuse it
      const again = await exportFigure(fig, path.join(dir, "second"), { formats: ["svg"], renderer });
      expect(again.status).toBe("exported");
      const bytes = await renderer.render({ ...fig, layout: { ...fig.layout, width: 192, height: 96 } }, "png");
      expect(Buffer.from(bytes).readUInt32BE(16)).toBe(600); // 192 × 300/96
    } finally {
      await renderer.close();
    }
  }, 240000);

  (hasBundled ? test : test.skip)("SM_BROWSER=bundled: the packaged Chromium (@sparticuz/chromium) writes PNG, SVG and PDF by default", async () => {
    const dir = tmpDir();
    const saved = process.env.SM_BROWSER;
    process.env.SM_BROWSER = "bundled";
    try {
      const renderer = await FigureRenderer.open({});
      if ("skipped" in renderer) throw new Error(renderer.skipped);
      try {
        expect(renderer.browserLabel).toMatch(/^@sparticuz\/chromium \(packaged Chromium\) \(\d+\./);
        const res = await exportFigures([{ figure: fig, basePath: path.join(dir, "fig4_scatter") }], { renderer });
        expect(res.status).toBe("exported");
        expect(fs.readdirSync(dir).sort()).toEqual(["fig4_scatter.pdf", "fig4_scatter.png", "fig4_scatter.svg"]);
        const png = fs.readFileSync(path.join(dir, "fig4_scatter.png"));
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1250, 1125]);
        expect(pngDpi(png)).toBeCloseTo(300, 0);
        expect(fs.readFileSync(path.join(dir, "fig4_scatter.svg"), "utf8")).toContain("Validation (2015)");
        const pdf = fs.readFileSync(path.join(dir, "fig4_scatter.pdf"));
        expect(pdf.subarray(0, 5).toString("ascii")).toBe("%PDF-");
        // one page of 400 × 360 CSS px = 300 × 270 pt
        expect(pdf.toString("latin1")).toMatch(/\/MediaBox\s*\[\s*0 0 300 270\s*\]/);
      } finally {
        await renderer.close();
      }
    } finally {
      if (saved === undefined) delete process.env.SM_BROWSER; else process.env.SM_BROWSER = saved;
    }
  }, 240000);
});

describe("browserCandidates: which browser figure export tries, in order", () => {
  const files = (list: string[]) => (f: string) => list.includes(f);
  test("explicit SM_CHROMIUM first, then system browsers, then playwright's download, then the packaged Chromium", () => {
    const s = browserCandidates({
      env: { SM_CHROMIUM: "/opt/my/chrome", PATH: "/usr/local/bin:/usr/bin" }, platform: "linux", arch: "x64",
      exists: files(["/opt/my/chrome", "/usr/bin/chromium", "/usr/local/bin/google-chrome", "/home/u/.cache/ms-playwright/chromium/chrome"]),
      playwrightPath: "/home/u/.cache/ms-playwright/chromium/chrome", bundledPackageDir: "/p/node_modules/@sparticuz/chromium",
    });
    expect(s.mode).toBe("auto");
    expect(s.candidates.map((c) => [c.source, c.path])).toEqual([
      ["explicit", "/opt/my/chrome"], ["system", "/usr/bin/chromium"], ["system", "/usr/local/bin/google-chrome"],
      ["playwright", "/home/u/.cache/ms-playwright/chromium/chrome"], ["bundled", "/p/node_modules/@sparticuz/chromium"],
    ]);
    expect(s.candidates[0].label).toBe("SM_CHROMIUM=/opt/my/chrome");
    expect(s.missing).toEqual([]);
  });
  test("SM_BROWSER=bundled ignores every installed browser; =system drops the packaged one", () => {
    const opts = { platform: "linux", arch: "x64", exists: () => true, bundledPackageDir: "/p/b" };
    expect(browserCandidates({ ...opts, env: { SM_BROWSER: "bundled", SM_CHROMIUM: "/x" } }).candidates).toEqual([
      { source: "bundled", label: "@sparticuz/chromium (packaged Chromium)", path: "/p/b" },
    ]);
    const sys = browserCandidates({ ...opts, env: { SM_BROWSER: "system" } });
    expect(sys.candidates.length).toBeGreaterThan(0);
    expect(sys.candidates.every((c) => c.source === "system")).toBe(true);
    expect(() => browserCandidates({ ...opts, env: { SM_BROWSER: "firefox" } })).toThrow("SM_BROWSER must be one of auto, system, bundled, got 'firefox'");
  });
  test("nothing found: every miss is named, and the fix fits the platform", () => {
    const none = () => false;
    const linux = browserCandidates({ env: { SM_CHROMIUM: "/no/chrome" }, platform: "linux", arch: "x64", exists: none });
    expect(linux.candidates).toEqual([]);
    expect(linux.missing[0]).toBe("no file at SM_CHROMIUM=/no/chrome");
    expect(linux.missing[1]).toMatch(/^no system Chrome\/Chromium\/Edge \(\d+ usual locations on linux\)$/);
    expect(linux.missing[2]).toBe("@sparticuz/chromium is not installed (an optional dependency)");
    expect(linux.fix).toBe("npm install --include=optional (installs the packaged Chromium)");
    const arm = browserCandidates({ env: {}, platform: "linux", arch: "arm64", exists: none });
    expect(arm.missing).toContain("@sparticuz/chromium ships Linux x64 only (this is linux arm64)");
    expect(arm.fix).toMatch(/^npx playwright-core install chromium/);
    expect(browserCandidates({ env: {}, platform: "darwin", arch: "arm64", exists: none }).fix).toMatch(/^install Google Chrome or Microsoft Edge/);
  });
  test("usual locations on macOS and Windows", () => {
    const mac = systemBrowserPaths({ platform: "darwin", env: { HOME: "/Users/u" } });
    expect(mac[0]).toBe("/Applications/Google Chrome.app/Contents/MacOS/Google Chrome");
    expect(mac).toContain("/Users/u/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge");
    const win = systemBrowserPaths({ platform: "win32", env: { PROGRAMFILES: "C:\\Program Files", LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" } });
    expect(win).toContain("C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe");
    expect(win).toContain("C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe");
    expect(win).toContain("C:\\Users\\u\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe");
    const linux = systemBrowserPaths({ platform: "linux", env: { PATH: "/usr/bin:/bin" } });
    expect(linux[0]).toBe("/usr/bin/chromium");
    expect(new Set(linux).size).toBe(linux.length);
  });
});
