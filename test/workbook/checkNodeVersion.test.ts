import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";

// scripts/checkNodeVersion.js is plain CommonJS (the first statement of the CLI and the runners).
const root = process.cwd();
const check = createRequire(path.join(root, "package.json"))("./scripts/checkNodeVersion.js") as {
  SUPPORTED: string; isSupportedNode: (v: string) => boolean; unsupportedMessage: (v: string) => string;
};

describe("scripts/checkNodeVersion.js", () => {
  test("admits exactly ^20.19.0 || >=22.12.0, the range package.json engines declares", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    expect(pkg.engines.node).toBe(check.SUPPORTED);
    const table: [string, boolean][] = [
      ["v18.20.8", false], ["v20.18.3", false], ["v20.19.0", true], ["v20.20.2", true], ["v21.7.3", false],
      ["v22.0.0", false], ["v22.11.0", false], ["v22.12.0", true], ["v22.23.5", true], ["v23.0.0", true],
      ["v24.22.3", true], ["v26.1.0", true], ["garbage", false],
    ];
    for (const [v, ok] of table) expect([v, check.isSupportedNode(v)]).toEqual([v, ok]);
    expect(check.isSupportedNode(process.version)).toBe(true);
  });
  test("on an unsupported Node the CLI and both runners stop with one line and status 1", () => {
    for (const entry of ["bin/sm-downscale.js", "scripts/run-workbook.js", "scripts/run-notebook.js"]) {
      const src = fs.readFileSync(path.join(root, entry), "utf8");
      // the check is the first statement after the shebang and "use strict"
      const statements = src.split("\n").filter((l) => l.trim() && !l.startsWith("#!") && !l.startsWith("//"));
      expect([entry, statements[1]]).toEqual([entry, expect.stringMatching(/^require\("\.\.?\/(scripts\/)?checkNodeVersion"\);$/)]);
      // pretend to be Node 22.11 (the version is read when the check loads)
      const res = spawnSync(process.execPath, ["-e", `Object.defineProperty(process, "version", { value: "v22.11.0" }); require(${JSON.stringify(path.join(root, entry))})`, "--", "--help"],
        { encoding: "utf8", cwd: root, env: { ...process.env, NODE_OPTIONS: "" } });
      expect([entry, res.status]).toEqual([entry, 1]);
      expect(res.stdout).toBe("");
      expect(res.stderr).toBe(check.unsupportedMessage("v22.11.0") + "\n");
      expect(res.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});
