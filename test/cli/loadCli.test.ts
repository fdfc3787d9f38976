import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { commands } from "../../src/cli/commands";

// bin/loadCli.js loads only the command typed, found by a naming convention: `foo-bar` lives in
// src/cli/fooBarCommand.ts and exports `fooBarCommand`. Every registered command must follow it
// (or it would still work, but through the full registry: slow start-up, not wrong results).
const exportName = (name: string): string => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()) + "Command";

describe("the binary's lazy command loading (bin/loadCli.js)", () => {
  test("every registered command is found by the file-name convention", async () => {
    for (const c of commands) {
      const file = path.join(process.cwd(), "src/cli", exportName(c.name) + ".ts");
      expect([c.name, fs.existsSync(file)]).toEqual([c.name, true]);
      const mod = (await import(file)) as Record<string, { name: string }>;
      expect([c.name, mod[exportName(c.name)]?.name]).toEqual([c.name, c.name]);
    }
  });

  test("from the sources: cubist --help prints the usage; an unknown command exits 2 listing every command", () => {
    const env = { ...process.env, SM_DOWNSCALE_FROM_SOURCE: "1", NODE_OPTIONS: "" };
    const help = spawnSync(process.execPath, ["bin/sm-downscale.js", "cubist", "--help"], { encoding: "utf8", env });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: sm-downscale cubist --train/);
    const bad = spawnSync(process.execPath, ["bin/sm-downscale.js", "frobnicate"], { encoding: "utf8", env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(new RegExp(`unknown command 'frobnicate' \\(known: ${commands.map((c) => c.name).join(", ")}\\)`));
  }, 120_000);
});
