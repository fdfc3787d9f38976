import * as fs from "node:fs";
import type { Command, CommandIO } from "./command";
import { numberOption, parseOptions } from "./parseOptions";
import { UsageError } from "./usageError";
import { readModelJsonFile } from "../cubist/modelJson";
import { LatLonGrid } from "../grid/latLonGrid";
import { finalizeProduction, ProductionIncompleteError } from "../production/finalizeProduction";
import { produceUnits } from "../production/produceUnits";
import { windowSource } from "../production/windowSource";
import { GapFilledSource } from "../sources/GapFilledSource";
import { openTwin, twinConfig } from "../twin/index";

const USAGE = `usage: sm-downscale produce --model M.json --from YYYY-MM-DD --to YYYY-MM-DD --out DIR
                            [--extent W,S,E,N] [--shard i/n] [--workers k] [--tile 512]
                            [--config default|domain|tiny] [--seed N] [--data-dir DIR]
       sm-downscale produce --finalize --out DIR [--float32] [--min-pairs 10] [--config …] [--seed N] [--data-dir DIR]

Daily 1 km production in tile × day units (see README "Production at scale"). The predictors come from the
synthetic twin (gap-filled as in the workbook); --extent (degrees, at 0.01°) defaults to the twin's 1 km
window and must lie inside what the source serves. Each unit is written to DIR/units/ with its checksum;
finished units are skipped on rerun, so a killed shard resumes. --shard i/n runs the units whose index is
i-1 mod n (for a job array: i = $SLURM_ARRAY_TASK_ID or $JOB_COMPLETION_INDEX + 1). --workers k applies the
model on k worker threads (0 = in the main thread; default 0).
--finalize, once every shard is done, writes DIR/cog/sm1km_YYYYMMDD.tif (int16, scale 1e-4, nodata -32768,
or --float32), DIR/monthly/, DIR/stats/ (per-pixel r, p, RMSE, rRMSE against GLDAS over the period),
DIR/summary/ and the STAC catalog DIR/stac/; it refuses (exit 3) with the list of missing units otherwise.`;

function datesBetween(from: string, to: string): string[] {
  const d0 = Date.parse(`${from}T00:00:00Z`), d1 = Date.parse(`${to}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || Number.isNaN(d0)) throw new UsageError(`produce: --from must be YYYY-MM-DD, got '${from}'`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(to) || Number.isNaN(d1)) throw new UsageError(`produce: --to must be YYYY-MM-DD, got '${to}'`);
  if (d1 < d0) throw new UsageError(`produce: --to ${to} is before --from ${from}`);
  const out: string[] = [];
  for (let t = d0; t <= d1; t += 86400000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

function parseExtent(text: string, cell: number): LatLonGrid {
  const p = text.split(",").map(Number);
  if (p.length !== 4 || !p.every(Number.isFinite) || !(p[0] < p[2] && p[1] < p[3])) throw new UsageError(`produce: --extent must be W,S,E,N in degrees with W < E and S < N, got '${text}'`);
  const width = Math.round((p[2] - p[0]) / cell), height = Math.round((p[3] - p[1]) / cell);
  if (Math.abs(width * cell - (p[2] - p[0])) > 1e-6 || Math.abs(height * cell - (p[3] - p[1])) > 1e-6) throw new UsageError(`produce: --extent '${text}' is not a whole number of ${cell}° cells`);
  return new LatLonGrid({ west: p[0], north: p[3], cellSize: cell, width, height });
}

export const produceCommand: Command = {
  name: "produce",
  summary: "daily 1 km production in resumable tile × day units, sharded for job arrays; --finalize builds COGs, statistics and STAC",
  usage: USAGE,
  async run(argv: string[], io: CommandIO): Promise<number> {
    const { values: v } = parseOptions("produce", argv, {
      model: { type: "string" }, from: { type: "string" }, to: { type: "string" }, out: { type: "string" },
      extent: { type: "string" }, shard: { type: "string" }, workers: { type: "string" }, tile: { type: "string" },
      config: { type: "string" }, seed: { type: "string" }, "data-dir": { type: "string" },
      finalize: { type: "boolean" }, float32: { type: "boolean" }, "min-pairs": { type: "string" },
    });
    if (!v.out) throw new UsageError("produce: --out DIR is required");
    const name = v.config ?? "default";
    if (name !== "default" && name !== "tiny" && name !== "domain") throw new UsageError(`produce: --config must be 'default', 'domain' or 'tiny', got '${name}'`);
    const seed = numberOption("produce", "seed", v.seed, { min: 0, max: 0xffffffff, integer: true });
    const openSource = () => {
      const twin = openTwin(twinConfig(name, seed === undefined ? {} : { seed }), { dataDir: v["data-dir"], onProgress: (m) => io.err(`produce: ${m}`) });
      // the workbook's preparation (openStudySource): AMSR2 filled from 1 day back, ASCAT from 2
      return { twin, prepared: new GapFilledSource(twin, { maxDaysBack: { amsr2_sm: 1, ascat_sm: 2 } }) };
    };
    if (v.finalize) {
      const minPairs = numberOption("produce", "min-pairs", v["min-pairs"], { min: 2, integer: true }) ?? 10;
      const { twin, prepared } = openSource();
      try {
        const fin = await finalizeProduction({ outDir: v.out, dataType: v.float32 ? "float32" : "int16", minPairs, reference: { source: prepared, variable: "gldas_sm", from: twin.coarseGrid } });
        io.out(`produce --finalize: ${fin.days.length} daily COGs, ${fin.monthly.length} monthly means, ${fin.stac.length} STAC files in ${fin.seconds.toFixed(1)} s`);
        if (fin.statistics) io.out(`  ${fin.statistics.pixels} pixels with ≥ ${minPairs} pairs: mean r ${fin.statistics.meanR.toFixed(3)}, mean RMSE ${fin.statistics.meanRmse.toFixed(4)} m3 m-3, p < 0.05 on ${(100 * fin.statistics.shareP05).toFixed(1)} %`);
        return 0;
      } catch (e) {
        if (e instanceof ProductionIncompleteError) {
          io.err(e.message);
          for (const id of e.missing) io.out(`missing ${id}`);
          return 3;
        }
        throw e;
      }
    }
    if (!v.model) throw new UsageError("produce: --model M.json is required (a model as notebook 04 writes it)");
    if (!v.from || !v.to) throw new UsageError("produce: --from and --to (YYYY-MM-DD) are required");
    const dates = datesBetween(v.from, v.to);
    let shard = { index: 1, count: 1 };
    if (v.shard !== undefined) {
      const m = /^(\d+)\/(\d+)$/.exec(v.shard);
      if (!m || Number(m[2]) < 1 || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new UsageError(`produce: --shard must be i/n with 1 ≤ i ≤ n, got '${v.shard}'`);
      shard = { index: Number(m[1]), count: Number(m[2]) };
    }
    const workers = numberOption("produce", "workers", v.workers, { min: 0, max: 64, integer: true }) ?? 0;
    const tileSize = numberOption("produce", "tile", v.tile, { min: 16, max: 4096, integer: true }) ?? 512;
    if (tileSize % 16 !== 0) throw new UsageError(`produce: --tile must be a multiple of 16, got '${v.tile}'`);
    if (!fs.existsSync(v.model)) throw new UsageError(`produce: cannot read --model ${v.model}: no such file`);
    const model = readModelJsonFile(v.model);
    const { twin, prepared } = openSource();
    const grid = v.extent ? parseExtent(v.extent, twin.fineGrid.cellSize) : twin.fineGrid;
    // a twin stored in tiles serves any block of its 1 km region itself; otherwise crop the region's layer
    const source = twin.store.meta.fineStorage === "tiles" ? prepared : windowSource(prepared, twin.fineGrid);
    let n = 0;
    const res = await produceUnits({
      model, source, grid, dates, outDir: v.out, tileSize, shard, workers,
      onUnit: (u, status) => { n++; if (n % 50 === 0 || status === "done") io.err(`produce: ${status} ${u.id}`); },
    });
    const mpx = res.pixels / 1e6;
    io.out(`produce: shard ${shard.index}/${shard.count}: ${res.units} units, ${res.done} done, ${res.skipped} skipped (finished before) in ${res.seconds.toFixed(1)} s`
      + (res.done > 0 ? `; ${(res.seconds / Math.max(1, mpx)).toFixed(2)} s per megapixel (${res.predicted} pixels with a value, ${res.cloudGaps} cloud gaps)` : "")
      + `; apply kernel: ${res.engine === "wasm" ? "WebAssembly" : "JavaScript (no WebAssembly SIMD here)"}`);
    return 0;
  },
};
