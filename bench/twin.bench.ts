// `npm run bench -- twin`: generating the synthetic twin (no cache), reading it back from the cache, and
// the learnability check (Cubist on twin samples, see twinLearnability.ts).
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Benchmark } from "./benchmark";
import { generateTwin, openTwin, twinConfig, TwinStore } from "../src/twin";
import { BYTE_ARRAYS } from "../src/twin/twinStore";
import { twinLearnability } from "./twinLearnability";
import { twinRealism, realismLines, WATER_LIMITED_TRIAL } from "./twinRealism";
import { TwinSource } from "../src/twin/TwinSource";
import { domainRealism, domainRealismLines } from "./twinDomainRealism";

const sizes = (name: "default" | "tiny") => {
  const c = twinConfig(name);
  const w = c.window.fine;
  return `${c.coarse.width}×${c.coarse.height}@0.25° ${c.period.start.slice(0, 4)}–${c.period.end.slice(0, 4)}; 1 km ${w.width}×${w.height}`;
};

export const benchmarks: Benchmark[] = [
  {
    name: "twin.generate.tiny",
    size: sizes("tiny"),
    run: () => { const d = generateTwin(twinConfig("tiny")); return `land cells ${d.coarseLandCells.length}, 1 km land ${d.fineLandCells.length}, days ${d.nDays}`; },
  },
  {
    name: "twin.generate.default",
    size: sizes("default"),
    run: () => {
      const d = generateTwin(twinConfig("default"));
      const bytes = Object.entries(TwinStore.fromData(d).meta.lengths).reduce((s, [k, n]) => s + n * ((BYTE_ARRAYS as readonly string[]).includes(k) ? 1 : 4), 0);
      return `land cells ${d.coarseLandCells.length}, 1 km land ${d.fineLandCells.length}, days ${d.nDays}, kept ${d.nKeep}, ≈${(bytes / 2 ** 20).toFixed(0)} MB of arrays`;
    },
  },
  {
    // one fully-land 250 × 250 tile (10 × 10 cells of North China) over 51 days (20 spin-up + July 2015):
    // the per-pixel-day cost that sets the whole domain's time (≈ 9.7 M land pixels); the 0.25° run is timed too
    name: "twin.tile.250",
    size: "250×250 px (62,500 land), 51 1 km days; 0.25° run 10×10 cells, 92 days",
    run: () => {
      const cfg = { name: "tilebench", seed: 20170507,
        coarse: { west: 112, north: 36.5, cellSize: 0.25, width: 10, height: 10 },
        period: { start: "2015-05-01", end: "2015-07-31" },
        window: { fine: { west: 112, north: 36.5, cellSize: 0.01, width: 250, height: 250 }, start: "2015-07-01", end: "2015-07-31", tile: 250, spinupDays: 20 } };
      let tTile = 0, t0 = 0, land = 0, cpu = 0;
      let c0 = process.cpuUsage();
      const d = generateTwin(cfg, {
        assemble: false,
        onProgress: (m) => { if (m.startsWith("0.25° day 61")) { t0 = Date.now(); c0 = process.cpuUsage(); } },
        onTile: (t) => { tTile = Date.now(); const c = process.cpuUsage(c0); cpu = (c.user + c.system) / 1e3; land = t.land.length; },
      });
      const wall = (tTile - t0) * 1e3 / (land * d.nFineDays), perCpu = cpu * 1e3 / (land * d.nFineDays);
      // CPU time is less sensitive than wall time to the other processes on a shared machine
      return `1 km land ${land}; ${wall.toFixed(2)} µs wall, ${perCpu.toFixed(2)} µs CPU per land pixel-day (incl. statics); whole domain (9.7 M land px) ≈ ${(9.7e6 * perCpu * 51 / 1e6 / 60).toFixed(1)} CPU-min for 51 days`;
    },
  },
  {
    name: "twin.cache.default",
    size: "write then read (lazy) every array",
    setup: () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "twin-bench-"));
      openTwin(twinConfig("default"), { dataDir: dir });
      return dir;
    },
    run: (dir) => {
      const twin = openTwin(twinConfig("default"), { dataDir: dir as string });
      let n = 0;
      for (const k of Object.keys(twin.store.meta.lengths)) n += (twin.store as unknown as { load(k: string, b: number): ArrayLike<number> }).load(k, k === "clear" || k === "fineClear" || k === "coarseInWindow" ? 1 : 4).length;
      fs.rmSync(dir as string, { recursive: true, force: true });
      return `${n} values read`;
    },
  },
  {
    name: "twin.learnability.default",
    size: "602 points, Cubist ≤59 rules, 2013–14 → 2015",
    setup: () => openTwin(twinConfig("default")),
    run: (twin) => {
      const r = twinLearnability(twin as ReturnType<typeof openTwin>);
      const f = (s: { r: number; rmse: number; slope: number; n: number }) => `r ${s.r.toFixed(3)} RMSE ${s.rmse.toFixed(3)} slope ${s.slope.toFixed(2)} n ${s.n}`;
      const usage = r.usage.map((u) => `${u.attribute} ${u.conditions.toFixed(0)}/${u.model.toFixed(0)} %`).join(", ");
      return `rules ${r.rules}; usage (conditions/model) ${usage}; cal ${f(r.calibration)}; val ${f(r.validation)}; val vs truth ${f(r.validationVsTruth)}; OLS val ${f(r.olsValidation)}; 1 km vs truth ${f(r.fineVsTruth)}; 1 km vs GLDAS ${f(r.fineVsGldas)}; GLDAS vs 1 km truth ${f(r.gldasVsFineTruth)}`;
    },
  },
  {
    name: "twin.realism.default",
    size: "summer 1 km days, 602 points × 1,095 days, regions, stations",
    setup: () => openTwin(twinConfig("default")),
    run: async (twin) => {
      const lines = realismLines(await twinRealism(twin as ReturnType<typeof openTwin>, { config: "default" }));
      for (const l of lines) process.stderr.write(l + "\n");
      return lines.join(" | ");
    },
  },
  {
    name: "twin.realism.waterlimited",
    size: "inside-cell coupling, 112–114°E 40–42°N, JJA 2015 (generated in the run)",
    run: async () => {
      const twin = new TwinSource(TwinStore.fromData(generateTwin(WATER_LIMITED_TRIAL)));
      const r = await twinRealism(twin, { withSamples: false });
      const lines = realismLines({ ...r, clouds: [] }).slice(0, 2);
      for (const l of lines) process.stderr.write(l + "\n");
      return lines.join(" | ");
    },
  },
  {
    name: "twin.realism.domain",
    size: "inside-cell coupling over the whole domain: a stride sample of its 1 km tiles, July 2015 (SM_DOMAIN_CTX=FILE caches the 0.25° context)",
    run: async () => {
      const lines = domainRealismLines(domainRealism());
      for (const l of lines) process.stderr.write(l + "\n");
      return lines.join(" | ");
    },
  },
];
