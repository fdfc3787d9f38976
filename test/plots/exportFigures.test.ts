import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { crc32, exportFigure, exportFigures, FigureRenderer, pngDpi, scatterFigure, setPngDpi } from "../../src/plots";
import { writeFileAtomic } from "../../src/io/writeFileAtomic";
import type { PlotFigure } from "../../src/plots";

// The "present" path needs Debian's chromium (CI installs it: apt-get install -y chromium); without it the
// test is reported as skipped, and the skip path below still runs.
const CHROMIUM = "/usr/bin/chromium";
const hasChromium = fs.existsSync(CHROMIUM);

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
  test("no Chromium: status skipped with the reason, nothing written, never throws", async () => {
    const dir = tmpDir();
    const res = await exportFigures([{ figure: fig, basePath: path.join(dir, "fig4_scatter") }], { executablePath: "/nonexistent/chromium" });
    expect(res.status).toBe("skipped");
    expect(res.message).toMatch(/^export skipped: Chromium not found at \/nonexistent\/chromium/);
    expect(res.jobs).toEqual([{ basePath: path.join(dir, "fig4_scatter"), status: "skipped", files: [] }]);
    expect(fs.readdirSync(dir)).toEqual([]);
    const one = await exportFigure(fig, path.join(dir, "x"), { executablePath: "/nonexistent/chromium" });
    expect(one.status).toBe("skipped");
  });

  test("FigureRenderer.open without Chromium returns {skipped} instead of throwing", async () => {
    const r = await FigureRenderer.open({ executablePath: "/nonexistent/chromium" });
    expect(r).toEqual({ skipped: expect.stringMatching(/^Chromium not found at \/nonexistent\/chromium/) });
    await expect(FigureRenderer.open({ dpi: 0 })).rejects.toThrow(/dpi must be in 24…1200, got 0/);
  });

  test("invalid options throw before any work", async () => {
    await expect(exportFigures([{ figure: fig, basePath: "x" }], { formats: ["jpg" as never] })).rejects.toThrow(/unknown format jpg/);
    await expect(exportFigures([{ figure: fig, basePath: "x" }], { dpi: 5 })).rejects.toThrow(/dpi must be in 24…1200, got 5/);
    await expect(exportFigures([{ figure: fig, basePath: "" }], {})).rejects.toThrow(/jobs\[0\].basePath/);
  });

  (hasChromium ? test : test.skip)("with Chromium: PNG at 300 dpi (scale 300/96), SVG and PDF; one open renderer serves several batches", async () => {
    const dir = tmpDir();
    const renderer = await FigureRenderer.open({ dpi: 300 });
    if ("skipped" in renderer) throw new Error(renderer.skipped);
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
});
