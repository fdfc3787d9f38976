import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// Executes a notebook through real Jupyter (`jupyter nbconvert --execute`) with the kernelspec shipped in
// jupyter/kernels/tslab. Skips visibly on a developer machine without Jupyter; CI (CI=true) installs
// jupyter-nbconvert, python3-nbclient and jupyter-client, so there it must run.
const root = process.cwd();
const hasJupyter = spawnSync("jupyter", ["nbconvert", "--version"], { encoding: "utf8" }).status === 0;
const mustRun = process.env.CI === "true";

if (!hasJupyter && !mustRun) {
  console.warn("SKIPPED jupyter.test.ts: `jupyter nbconvert` is not installed (apt-get install jupyter-nbconvert python3-nbclient jupyter-client)");
}

(hasJupyter || mustRun ? describe : describe.skip)("real Jupyter with the shipped kernelspec", () => {
  test("nbconvert --execute runs a notebook from a subfolder and keeps its outputs", () => {
    expect(hasJupyter).toBe(true);
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "nbconvert-"));
    const res = spawnSync("jupyter", [
      "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=tslab",
      "--ExecutePreprocessor.timeout=300", "--output-dir", outDir, path.join(root, "test/fixtures/notebooks/jupyter_check.ipynb"),
    ], { encoding: "utf8", env: { ...process.env, JUPYTER_PATH: path.join(root, "jupyter") }, timeout: 280_000 });
    if (res.status !== 0) console.error(res.stderr);
    expect(res.status).toBe(0);
    const nb = JSON.parse(fs.readFileSync(path.join(outDir, "jupyter_check.ipynb"), "utf8"));
    const code = nb.cells.filter((c: { cell_type: string }) => c.cell_type === "code");
    const streams = (i: number) => code[i].outputs.filter((o: { output_type: string }) => o.output_type === "stream").map((o: { text: string[] }) => o.text.join("")).join("");
    expect(streams(0)).toBe(`lon0=124.125 cwd=${root}\n`);
    expect(streams(1)).toBe("size=64\n");
    const display = code[2].outputs.find((o: { output_type: string }) => o.output_type === "display_data");
    expect(Object.keys(display.data).sort()).toEqual(["text/html", "text/plain"]);
    expect([].concat(display.data["text/html"]).join("")).toContain("<td>cells</td><td>64</td>");
  }, 300_000);

  const nbconvert = (fixture: string, extra: string[]) => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "nbconvert-"));
    const res = spawnSync("jupyter", [
      "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=tslab", ...extra,
      "--ExecutePreprocessor.timeout=300", "--output-dir", outDir, path.join(root, "test/fixtures/notebooks", fixture),
    ], { encoding: "utf8", env: { ...process.env, JUPYTER_PATH: path.join(root, "jupyter") }, timeout: 280_000 });
    const file = path.join(outDir, fixture);
    return { res, nb: fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : null };
  };
  const errorsOf = (nb: { cells: { cell_type: string; outputs?: { output_type: string }[] }[] }) =>
    nb.cells.filter((c) => c.cell_type === "code").flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === "error"));

  test("a failing cell reaches Jupyter with its name, message and stack (kernel wrapper cellErrors.js)", () => {
    const failed = nbconvert("runtime_error.ipynb", []);
    expect(failed.res.status).not.toBe(0);
    // nbclient's CellExecutionError names the error from the execute_reply: no more "<Error>: "
    expect(failed.res.stderr).not.toContain("<Error>");
    expect(failed.res.stderr).toMatch(/\nRangeError: boom in cell 2\n/);
    const kept = nbconvert("runtime_error.ipynb", ["--allow-errors"]);
    expect(kept.res.status).toBe(0);
    const [err] = errorsOf(kept.nb) as unknown as { ename: string; evalue: string; traceback: string[] }[];
    expect(err.ename).toBe("RangeError");
    expect(err.evalue).toBe("boom in cell 2");
    expect(err.traceback[0]).toBe("RangeError: boom in cell 2");
    expect(err.traceback[1]).toMatch(/^\s+at boom /);
  }, 300_000);

  test("a cell that does not compile reaches Jupyter as CompileError with the diagnostics", () => {
    const kept = nbconvert("type_error.ipynb", ["--allow-errors"]);
    expect(kept.res.status).toBe(0);
    const errs = errorsOf(kept.nb) as unknown as { ename: string; evalue: string }[];
    expect(errs.map((e) => [e.ename, e.evalue])).toEqual([["CompileError", "1:7 - Type 'number' is not assignable to type 'string'."]]);
  }, 300_000);
});
