import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// The headless runner drives tslab's internals (dist/converter, dist/executor, dist/jupyter): these tests are
// the canary that fails loudly if a tslab upgrade changes them.
const root = process.cwd();
const fixtures = path.join(root, "test/fixtures/notebooks");
const runner = path.join(root, "scripts/run-notebook.js");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "runner-"));

function runNotebook(name: string) {
  const out = path.join(tmp, name);
  const res = spawnSync(process.execPath, [runner, "--root", root, "--out", out, path.join(fixtures, name)], { encoding: "utf8", timeout: 120_000 });
  const nb = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, "utf8")) : null;
  const code = nb ? nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code") : [];
  return { status: res.status, stderr: res.stderr, nb, code };
}

const text = (lines: string[] | string) => (Array.isArray(lines) ? lines.join("") : lines);

describe("scripts/run-notebook.js", () => {
  const ok = runNotebook("ok.ipynb");

  test("runs every cell and exits 0", () => {
    expect(ok.status).toBe(0);
    expect(ok.code.map((c: { execution_count: number }) => c.execution_count)).toEqual([1, 2, 3, 4]);
  });
  test("stdout becomes a stream output", () => {
    expect(ok.code[0].outputs).toEqual([{ output_type: "stream", name: "stdout", text: ["answer=42\n"] }]);
  });
  test("declarations carry over and top-level await works; the last value is an execute_result", () => {
    expect(ok.code[1].outputs).toEqual([{ output_type: "execute_result", data: { "text/plain": ["43"] }, metadata: {}, execution_count: 2 }]);
  });
  test("tslab.display calls become display_data outputs", () => {
    expect(ok.code[2].outputs.map((o: { data: Record<string, unknown> }) => Object.keys(o.data)[0])).toEqual(["text/html", "text/markdown"]);
    expect(text(ok.code[2].outputs[0].data["text/html"])).toBe("<b>bold</b>");
  });
  test("project modules import from ./src and stderr is kept", () => {
    expect(ok.code[3].outputs[0]).toEqual({ output_type: "stream", name: "stderr", text: ["to stderr\n"] });
    expect(text(ok.code[3].outputs[1].data["text/plain"])).toBe("124.125");
  });
  test("the executed notebook carries a kernelspec and language_info for Jupyter", () => {
    expect(ok.nb.metadata.kernelspec.name).toBe("tslab");
    expect(ok.nb.metadata.language_info.name).toBe("typescript");
    expect(ok.nb.nbformat).toBe(4);
  });

  test("a runtime error exits 1 naming the notebook, the cell number and the message; later cells are skipped", () => {
    const bad = runNotebook("runtime_error.ipynb");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("runtime_error.ipynb: cell 2 failed: RangeError: boom in cell 2");
    expect(bad.stderr).toMatch(/at boom/); // the stack is printed
    const err = bad.code[1].outputs.find((o: { output_type: string }) => o.output_type === "error");
    expect(err).toMatchObject({ ename: "RangeError", evalue: "boom in cell 2" });
    expect(bad.code[2].execution_count).toBeNull();
    expect(bad.code[2].outputs).toEqual([]);
  });

  test("a type error exits 1 with the compiler's message", () => {
    const bad = runNotebook("type_error.ipynb");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("type_error.ipynb: cell 1 failed: CompileError: 1:7 - Type 'number' is not assignable to type 'string'.");
    expect(bad.code[0].outputs.at(-1)).toMatchObject({ output_type: "error", ename: "CompileError" });
  });

  test("an exception thrown later from a timer fails the cell that started it, by name", () => {
    const bad = runNotebook("async_error.ipynb");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("async_error.ipynb: cell 2 failed: TypeError: late failure from a timer");
    expect(bad.code[2].execution_count).toBeNull();
  });

  test("tslab is pinned to the version whose internals the runner drives", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    const installed = JSON.parse(fs.readFileSync(path.join(root, "node_modules/tslab/package.json"), "utf8"));
    const TSLAB_VERSION = /TSLAB_VERSION = "([^"]+)"/.exec(fs.readFileSync(runner, "utf8"))![1];
    expect(pkg.dependencies.tslab).toBe(TSLAB_VERSION);
    expect(installed.version).toBe(TSLAB_VERSION);
  });

  test("usage errors exit 2", () => {
    const res = spawnSync(process.execPath, [runner, "--bogus"], { encoding: "utf8" });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain("unknown option '--bogus'");
  });
});

describe("scripts/run-workbook.js", () => {
  const workbook = path.join(root, "scripts/run-workbook.js");
  test("--only with an unknown prefix exits 2 naming it", () => {
    const res = spawnSync(process.execPath, [workbook, "--only", "99"], { encoding: "utf8" });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain("--only: no notebook starts with '99'");
  });
  test("--list honours --only prefixes", () => {
    const res = spawnSync(process.execPath, [workbook, "--only", "00", "--list"], { encoding: "utf8" });
    expect(res.status).toBe(0);
    expect(res.stdout.trim()).toBe("00_overview.ipynb");
  });
  test("an unknown option exits 2", () => {
    const res = spawnSync(process.execPath, [workbook, "--frob"], { encoding: "utf8" });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain("unknown option '--frob'");
    const bad = spawnSync(process.execPath, [workbook, "--browser", "firefox"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--browser must be auto, system or bundled, got 'firefox'");
  });
  test("a run ends with its summary and writes report.html; with a browser, each figure as PNG, SVG and PDF", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "workbook-"));
    const res = spawnSync(process.execPath, [workbook, "--only", "00", "--config", "tiny", "--out", out], { encoding: "utf8", timeout: 240_000 });
    expect(res.status).toBe(0);
    const lines = res.stderr.trim().split("\n");
    const browser = fs.existsSync("/usr/bin/chromium") || fs.existsSync(path.join(root, "node_modules/@sparticuz/chromium/bin/chromium.br")) || process.env.CI === "true";
    expect(lines[lines.length - 2]).toMatch(browser
      ? /^workbook: 1\/1 notebook\(s\) ran; figures: 1 written \(png, svg, pdf\), 0 skipped; tables: 2; \d+\.\d s$/
      : /^workbook: 1\/1 notebook\(s\) ran; figures: 0 written, 1 skipped; tables: 2; \d+\.\d s$/);
    expect(lines[lines.length - 1]).toBe(`workbook: report ${path.relative(root, path.join(out, "report.html"))}`);
    const html = fs.readFileSync(path.join(out, "report.html"), "utf8");
    expect(html).toContain("configuration <b>tiny</b>");
    expect(html).toContain('<a href="tables/table1_variables.csv">table1_variables</a>');
    if (browser) {
      expect(fs.readdirSync(path.join(out, "figures")).sort()).toEqual(["00_study_area.pdf", "00_study_area.png", "00_study_area.svg"]);
      expect(html).toContain('<img src="figures/00_study_area.svg"');
    }
  }, 300_000);
});
