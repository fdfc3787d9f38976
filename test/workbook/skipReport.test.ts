import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";

// scripts/jestSkipReporter.js and scripts/test-summary.js: `npm test` ends by listing what was skipped and why.
const root = process.cwd();
const reporter = createRequire(path.join(root, "package.json"))("./scripts/jestSkipReporter.js") as {
  skippedTests: (r: unknown, root: string) => { file: string; test: string; reasons: string[] }[];
  skipReport: (s: { file: string; test: string; reasons: string[] }[], missing: string[]) => string[];
};

const results = {
  testResults: [
    { testFilePath: path.join(root, "test/io/a.test.ts"), console: [{ message: "SKIPPED a: gdalinfo not found\nmore" }],
      testResults: [{ status: "passed", fullName: "x" }, { status: "pending", fullName: "GDAL reads it" }] },
    { testFilePath: path.join(root, "test/b.test.ts"), console: null, testResults: [{ status: "todo", fullName: "later" }] },
  ],
};

describe("skip report", () => {
  test("lists every skipped test with the file, the reason the test printed and what is missing", () => {
    const skips = reporter.skippedTests(results, root);
    expect(skips).toEqual([
      { file: "test/io/a.test.ts", test: "GDAL reads it", reasons: ["SKIPPED a: gdalinfo not found"] },
      { file: "test/b.test.ts", test: "later", reasons: [] },
    ]);
    expect(reporter.skipReport(skips, ["GDAL (gdalinfo)"])).toEqual([
      "SKIPPED 2 test(s):", "  - test/io/a.test.ts › GDAL reads it (SKIPPED a: gdalinfo not found)", "  - test/b.test.ts › later",
      "  missing on this machine: GDAL (gdalinfo)",
    ]);
    expect(reporter.skipReport([], [])).toEqual(["skipped tests: none"]);
  });
  test("test-summary.js prints jest's and the workbook's skips; under CI=true any skip fails the run", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "summary-"));
    fs.mkdirSync(path.join(out, "notebooks"));
    fs.writeFileSync(path.join(out, "jest-skips.json"), JSON.stringify({ skips: [{ file: "test/x.test.ts", test: "t", reasons: [] }], missing: ["GDAL"] }));
    fs.writeFileSync(path.join(out, "notebooks/00_overview.ipynb"), JSON.stringify({ cells: [{ cell_type: "code", outputs: [{ output_type: "stream", text: ["figure 00_study_area: export skipped: no browser\n"] }] }] }));
    const run = (ci: string) => spawnSync(process.execPath, ["scripts/test-summary.js", path.relative(root, out)], { cwd: root, encoding: "utf8", env: { ...process.env, CI: ci } });
    const local = run("");
    expect(local.status).toBe(0);
    expect(local.stderr).toContain("SKIPPED 1 test(s):\n  - test/x.test.ts › t\n  missing on this machine: GDAL");
    expect(local.stderr).toContain("SKIPPED 1 figure export(s) in the workbook run (00_study_area): no browser");
    const ci = run("true");
    expect(ci.status).toBe(1);
    expect(ci.stderr).toContain("CI=true and 2 check(s) were skipped");
  });
});
