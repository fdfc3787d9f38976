#!/usr/bin/env node
// `npm run bench [-- FILTER]`: runs every benchmark in bench/*.bench.ts whose name contains FILTER,
// each in its own process, and prints size, seconds, peak memory and the ratio to a baseline.
"use strict";
const path = require("path");
const fs = require("fs");
const { spawnSync } = require("child_process");

const root = path.resolve(__dirname, "..");
require("./ts-register");

async function runOne(file, name) {
  const mod = require(path.join(root, "bench", file));
  const bench = mod.benchmarks.find((b) => b.name === name);
  const input = bench.setup ? await bench.setup() : undefined;
  const rssBefore = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const extra = await bench.run(input);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const peakMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ seconds, peakMB, rssBeforeMB: rssBefore / 2 ** 20, extra: extra == null ? "" : String(extra) }) + "\n");
}

function main() {
  const args = process.argv.slice(2);
  if (args[0] === "--one") return runOne(args[1], args[2]);
  const filter = args[0] || "";
  const files = fs.readdirSync(path.join(root, "bench")).filter((f) => f.endsWith(".bench.ts")).sort();
  // "input MB": the process's memory after setup (the input data), before the timed run
  console.log(`${"benchmark".padEnd(34)} ${"size".padEnd(40)} ${"seconds".padStart(9)} ${"peak MB".padStart(8)} ${"input MB".padStart(8)}  ratio / notes`);
  let failed = 0;
  for (const file of files) {
    const { benchmarks } = require(path.join(root, "bench", file));
    for (const b of benchmarks) {
      if (filter && !b.name.includes(filter)) continue;
      const child = spawnSync(process.execPath, ["--max-old-space-size=16384", __filename, "--one", file, b.name], { cwd: root, encoding: "utf8", maxBuffer: 1 << 26 });
      const line = (child.stdout || "").trim().split("\n").pop();
      if (child.status !== 0 || !line || !line.startsWith("{")) {
        failed++;
        console.log(`${b.name.padEnd(34)} FAILED: ${(child.stderr || "").trim().split("\n").slice(-3).join(" | ")}`);
        continue;
      }
      const r = JSON.parse(line);
      const ratio = b.baseline ? `${(r.seconds / b.baseline.seconds).toFixed(2)}× ${b.baseline.label} (${b.baseline.seconds} s)` : "";
      console.log(`${b.name.padEnd(34)} ${b.size.padEnd(40)} ${r.seconds.toFixed(3).padStart(9)} ${r.peakMB.toFixed(0).padStart(8)} ${r.rssBeforeMB.toFixed(0).padStart(8)}  ${[ratio, r.extra].filter(Boolean).join("; ")}`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}
main();
