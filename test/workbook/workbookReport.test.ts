import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { collectWorkbookOutputs, figureLinesOf, headlineNumbers, parseCsv, reportHtml, runSummaryLine, saveTable, shortNumber, writeWorkbookReport } from "../../src/workbook/index";
import { exportFigures, FigureRenderer, scatterFigure } from "../../src/plots/index";

const mustRun = process.env.CI === "true";
const hasPython = spawnSync("python3", ["-c", "import csv"]).status === 0;
// A browser: Debian's chromium or the packaged one (an optional dependency, Linux x64); CI (CI=true) has both.
const hasBrowser = mustRun || fs.existsSync("/usr/bin/chromium") || fs.existsSync(path.join(process.cwd(), "node_modules/@sparticuz/chromium/bin/chromium.br"));

describe("parseCsv", () => {
  const tricky = 'quantity,paper,this run\n"rules (unconstrained, cap 100)",not reported,10\n"say ""hi""",x,"two\nlines"\r\nlast,,\n';
  (hasPython || mustRun ? test : test.skip)("agrees with Python's csv module on quotes, commas, line breaks and empty fields", () => {
    const py = spawnSync("python3", ["-c", "import csv,sys,json; print(json.dumps(list(csv.reader(sys.stdin, strict=True))))"], { input: tricky, encoding: "utf8" });
    expect(py.status).toBe(0);
    expect(parseCsv(tricky)).toEqual(JSON.parse(py.stdout));
  });
  test("reads back what saveTable wrote; errors name the source and line", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "csv-"));
    const file = saveTable({ columns: ["a", "b"], values: [[0.1234567891, "x,\"y\""], [NaN, "z"]] }, { dir, name: "t" });
    expect(parseCsv(fs.readFileSync(file, "utf8"))).toEqual([["a", "b"], ["0.1234567891", 'x,"y"'], ["", "z"]]);
    expect(() => parseCsv('a\n"open', { source: "t.csv" })).toThrow('t.csv: line 2: a quoted field is never closed');
    expect(() => parseCsv('"a"b', { source: "t.csv" })).toThrow("t.csv: line 1: text after a closing quote");
  });
});

const notebook = (lines: string[]) => ({
  cells: [
    { cell_type: "markdown" },
    { cell_type: "code", outputs: lines.map((l) => ({ output_type: "execute_result", data: { "text/plain": [l] } })) },
  ],
});

/** A run's output folder: two notebooks, one figure exported (files given), one skipped, two tables. */
function fakeRun(files: Record<string, Uint8Array | string>) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "report-"));
  for (const d of ["notebooks", "figures", "tables"]) fs.mkdirSync(path.join(out, d));
  fs.writeFileSync(path.join(out, "notebooks/04_rule_count.ipynb"), JSON.stringify(notebook(["figure export: /usr/bin/chromium (1.2)", "figure fig3_rule_count: figures/fig3_rule_count.png, figures/fig3_rule_count.svg, figures/fig3_rule_count.pdf"])));
  fs.writeFileSync(path.join(out, "notebooks/05_validation.ipynb"), JSON.stringify(notebook(["figure fig4_scatter: export skipped: no browser for figure export (SM_BROWSER=auto; tried: x). Fix: y"])));
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(out, "figures", name), bytes);
  saveTable({ columns: ["quantity", "paper", "this run"], values: [["rules in the final model", 59, 7], ["how the count was chosen", "pruning", "1-SE rule"]] }, { dir: path.join(out, "tables"), name: "04_paper_vs_run" });
  saveTable({ columns: ["quantity", "paper", "this run"], values: [["Validation: r", 0.79, 0.8547399864352893], ["Validation: RMSE (m³ m⁻³)", 0.056, 0.03381353924655977]] }, { dir: path.join(out, "tables"), name: "05_paper_vs_run" });
  saveTable({ columns: ["rule", "cases"], values: [[1, 200]] }, { dir: path.join(out, "tables"), name: "03_rules" });
  return out;
}

const runInfo = { config: "tiny", startedAt: "2026-12-03T13:00:00.000Z", seconds: 61.25, versions: { node: "v24.22.3", tslab: "1.0.22" },
  notebooks: [{ name: "04_rule_count.ipynb", status: "ok" as const, seconds: 30.5 }, { name: "05_validation.ipynb", status: "ok" as const, seconds: 30.7 }] };

describe("the workbook report", () => {
  test("figureLinesOf reads showFigure's lines: exported, skipped (with the reason) and the browser", () => {
    expect(figureLinesOf(notebook(["figure export: B (9)", "figure a_1: figures/a_1.png", "figure b: export skipped: why", "not a figure line"]), { name: "n.ipynb" })).toEqual({
      figures: [{ name: "a_1", notebook: "n.ipynb", skipped: null }, { name: "b", notebook: "n.ipynb", skipped: "why" }], browsers: ["B (9)"],
    });
  });

  test("collects figures (exported and skipped), tables and headline numbers; the summary line counts them", () => {
    const out = fakeRun({ "fig3_rule_count.png": "p", "fig3_rule_count.svg": "<svg/>", "fig3_rule_count.pdf": "%PDF-" });
    const o = collectWorkbookOutputs({ outDir: out });
    expect(o.figures).toEqual([
      { name: "fig3_rule_count", notebook: "04_rule_count.ipynb", status: "exported", message: "",
        files: { png: "figures/fig3_rule_count.png", svg: "figures/fig3_rule_count.svg", pdf: "figures/fig3_rule_count.pdf" } },
      { name: "fig4_scatter", notebook: "05_validation.ipynb", status: "skipped", files: {}, message: "no browser for figure export (SM_BROWSER=auto; tried: x). Fix: y" },
    ]);
    expect(o.tables.map((t) => [t.name, t.rows.length])).toEqual([["03_rules", 1], ["04_paper_vs_run", 2], ["05_paper_vs_run", 2]]);
    expect(o.browsers).toEqual(["/usr/bin/chromium (1.2)"]);
    expect(headlineNumbers(o.tables)).toEqual([
      { label: "rules in the final model", paper: "59", run: "7", table: "04_paper_vs_run" },
      { label: "Validation: r", paper: "0.79", run: "0.8547", table: "05_paper_vs_run" },
      { label: "Validation: RMSE (m³ m⁻³)", paper: "0.056", run: "0.03381", table: "05_paper_vs_run" },
    ]);
    expect(runSummaryLine({ ...runInfo, outputs: o })).toBe(
      "2/2 notebook(s) ran; figures: 1 written (png, svg, pdf), 1 skipped; tables: 3; 61.3 s\n"
      + "  figures skipped (fig4_scatter): no browser for figure export (SM_BROWSER=auto; tried: x). Fix: y");
    expect(shortNumber("0.03381353924655977")).toBe("0.03381");
    expect(shortNumber("2014-11-01 … 2015-05-31")).toBe("2014-11-01 … 2015-05-31");
    const html = reportHtml({ ...runInfo, outputs: o });
    expect(html).toContain('<img src="figures/fig3_rule_count.svg" alt="fig3_rule_count" loading="lazy">');
    expect(html).toContain('<a href="figures/fig3_rule_count.pdf">PDF</a>');
    expect(html).toContain("not exported: no browser for figure export");
    expect(html).toContain('<a href="tables/03_rules.csv">03_rules</a>');
    expect(html).toContain('<td>how the count was chosen</td><td>pruning</td><td>1-SE rule</td>');
    expect(html).not.toMatch(/<script|https?:\/\/(?!doi)/); // offline: no script, no remote resource
  });

  test("a bad executed notebook is named", () => {
    const out = fakeRun({});
    fs.writeFileSync(path.join(out, "notebooks/06_maps_1km.ipynb"), "{ not json");
    expect(() => collectWorkbookOutputs({ outDir: out })).toThrow(/06_maps_1km\.ipynb is not a notebook/);
  });

  // In a real headless browser: the page loads with no console error and every figure image decodes.
  (hasBrowser ? test : test.skip)("report.html in a headless browser: no console errors, every figure shown", async () => {
    const renderer = await FigureRenderer.open({});
    if ("skipped" in renderer) throw new Error(renderer.skipped);
    try {
      const out = fakeRun({});
      const fig = scatterFigure([{ pred: [0.1, 0.2, 0.3], ref: [0.12, 0.18, 0.31], title: "Validation (2015)" }], { width: 400, height: 360 });
      const res = await exportFigures([{ figure: fig, basePath: path.join(out, "figures/fig3_rule_count") }], { renderer });
      expect(res.status).toBe("exported");
      const written = writeWorkbookReport({ outDir: out, ...runInfo });
      expect(written.path).toBe(path.join(out, "report.html"));
      const page = await renderer.newPage();
      const errors: string[] = [];
      page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("requestfailed", (r) => errors.push(`failed ${r.url()}`));
      await page.goto(pathToFileURL(written.path).href, { waitUntil: "load" });
      const images = await page.evaluate(async () => {
        const d = (globalThis as unknown as { document: { images: ArrayLike<{ src: string; naturalWidth: number; complete: boolean; decode: () => Promise<void> }> } }).document;
        const list = Array.from(d.images);
        await Promise.all(list.map((i) => i.decode().catch(() => undefined)));
        return list.map((i) => ({ src: i.src.replace(/^.*\/figures\//, "figures/"), width: i.naturalWidth }));
      });
      await page.close();
      expect(errors).toEqual([]);
      expect(images).toEqual([{ src: "figures/fig3_rule_count.svg", width: 400 }]);
    } finally {
      await renderer.close();
    }
  }, 120000);
});
