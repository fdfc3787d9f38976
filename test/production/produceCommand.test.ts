import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { modelToJson } from "../../src/cubist";
import { proceduralModel } from "./proceduralModel";
import { ProceduralSource } from "./proceduralSource";
import { fileTree, differingFiles } from "./fileTree";

// `sm-downscale produce` as a user runs it (its own processes), on the tiny twin
const BIN = path.join(process.cwd(), "bin/sm-downscale.js");
const root = fs.mkdtempSync(path.join(os.tmpdir(), "produce-cli-"));
const dataDir = path.join(root, "data");
const modelFile = path.join(root, "model.json");
const common = ["--model", modelFile, "--from", "2015-05-01", "--to", "2015-05-06", "--tile", "32", "--config", "tiny", "--data-dir", dataDir];

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, "produce", ...args], { encoding: "utf8", timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("sm-downscale produce", () => {
  beforeAll(async () => {
    const model = await proceduralModel(new ProceduralSource(2), ["2015-04-01"], { rules: 10 });
    fs.writeFileSync(modelFile, modelToJson(model));
  }, 120_000);

  test("3 shard processes + finalize are byte-identical to one run + finalize; finalize refuses before", () => {
    const one = path.join(root, "one");
    const r1 = cli([...common, "--out", one]);
    expect([r1.status, r1.stderr.split("\n").filter((l) => /rror/.test(l))]).toEqual([0, []]);
    expect(r1.stdout).toMatch(/shard 1\/1: 96 units, 96 done, 0 skipped/); // 6 days × 16 tiles of the 100 × 100 window
    expect(cli(["--finalize", "--out", one, "--config", "tiny", "--data-dir", dataDir, "--min-pairs", "3"]).status).toBe(0);
    const sharded = path.join(root, "sharded");
    expect(cli([...common, "--out", sharded, "--shard", "2/3", "--workers", "2"]).status).toBe(0);
    const early = cli(["--finalize", "--out", sharded, "--config", "tiny", "--data-dir", dataDir]);
    expect(early.status).toBe(3);
    expect(early.stderr).toMatch(/64 of 96 units are missing or corrupt/);
    expect(early.stdout.split("\n").filter((l) => l.startsWith("missing ")).length).toBe(64);
    for (const s of ["1/3", "3/3"]) expect(cli([...common, "--out", sharded, "--shard", s]).status).toBe(0);
    expect(cli(["--finalize", "--out", sharded, "--config", "tiny", "--data-dir", dataDir, "--min-pairs", "3"]).status).toBe(0);
    expect(differingFiles(fileTree(one), fileTree(sharded))).toEqual([]);
  }, 300_000);

  test("a shard killed mid-way and run again completes with the same files, none duplicated or partial", async () => {
    const dir = path.join(root, "killed");
    const child = spawn(process.execPath, [BIN, "produce", ...common, "--out", dir], { stdio: ["ignore", "pipe", "pipe"] });
    let seen = 0;
    await new Promise<void>((resolve) => {
      child.stderr.on("data", (b: Buffer) => {
        seen += (b.toString().match(/produce: done /g) ?? []).length;
        if (seen >= 20 && child.exitCode === null) { child.kill("SIGKILL"); resolve(); }
      });
      child.on("exit", () => resolve());
    });
    await new Promise((r) => child.once("exit", r).once("close", r));
    const partial = [...fileTree(dir).keys()].filter((k) => k.endsWith(".json") && k.startsWith("units"));
    expect(partial.length).toBeGreaterThanOrEqual(20);
    expect(partial.length).toBeLessThan(96);
    const again = cli([...common, "--out", dir]);
    expect(again.status).toBe(0);
    const m = /96 units, (\d+) done, (\d+) skipped/.exec(again.stdout);
    expect(m).not.toBeNull();
    expect(Number(m![1]) + Number(m![2])).toBe(96);
    expect(Number(m![2])).toBeGreaterThanOrEqual(partial.length - 1); // the unit being written at the kill may be redone
    expect(cli(["--finalize", "--out", dir, "--config", "tiny", "--data-dir", dataDir, "--min-pairs", "3"]).status).toBe(0);
    const files = fileTree(dir);
    expect([...files.keys()].filter((k) => k.includes(".tmp-"))).toEqual([]);
    expect(differingFiles(fileTree(path.join(root, "one")), files)).toEqual([]);
  }, 300_000);

  test("bad arguments are named", () => {
    const r = cli(["--out", root, "--model", modelFile, "--from", "2015-05-01", "--to", "2015-05-02", "--shard", "4/3"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--shard must be i\/n with 1 ≤ i ≤ n, got '4\/3'/);
  });
});
