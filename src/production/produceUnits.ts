import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { deflate } from "node:zlib";
import type { CubistModel } from "../cubist/model";
import { LatLonGrid } from "../grid/latLonGrid";
import { writeFileAtomic } from "../io/writeFileAtomic";
import type { LayerSource } from "../sources/layerSource";
import { applyKernel } from "./applyKernel";
import { createKernelPool } from "./kernelPool";
import { compileKernelSpec } from "./kernelSpec";
import { predictUnit, type KernelRunner, type UnitCounts } from "./predictUnit";
import { shardUnits, tileUnits, type ProductionUnit } from "./tileUnits";

/** Options of {@link produceUnits}. */
export interface ProduceUnitsOptions {
  /** The Cubist model (predictors among amsr2_sm, ascat_sm, lst, ndvi, landcover, dem). Required. */
  model: CubistModel;
  /** The predictor source, asked for one tile sub-grid at a time. Required. */
  source: LayerSource;
  /** The production grid (the 1 km extent). Required. */
  grid: LatLonGrid;
  /** ISO dates to produce. Required, at least one. */
  dates: readonly string[];
  /** Output folder (shared by all shards). Required. */
  outDir: string;
  /** Tile edge in pixels (multiple of 16). Default 512. */
  tileSize?: number;
  /** This process's share: shard `index` (1-based) of `count`. Default { index: 1, count: 1 }. */
  shard?: { index: number; count: number };
  /** Worker threads for the kernel, 0..64; 0 applies the kernel in this thread. Default 0. */
  workers?: number;
  /** Called after each unit (done or skipped), e.g. for progress. */
  onUnit?: (unit: ProductionUnit, status: "done" | "skipped") => void;
}

/** The record of a finished unit (`units/<id>.json`), written after its values (`units/<id>.f32.zz`). */
export interface UnitRecord {
  id: string;
  date: string;
  tile: { row: number; col: number; x0: number; y0: number; width: number; height: number };
  /** SHA-256 (hex) and size of the values file: zlib-compressed little-endian float32, row-major, NaN = no value. */
  sha256: string;
  bytes: number;
  counts: UnitCounts;
}

/** What {@link produceUnits} did. */
export interface ProduceUnitsResult {
  units: number;
  done: number;
  skipped: number;
  /** Totals over the units done now. */
  pixels: number;
  predicted: number;
  cloudGaps: number;
  seconds: number;
  /** The apply kernel used: "wasm" (WebAssembly) or "js" (the fallback where the runtime has no WebAssembly). */
  engine: "wasm" | "js";
}

/** The run description every shard writes (identical for all): grid, tile size, dates, model. */
export interface ProductionRun {
  format: "sm-downscale-production/1";
  grid: ReturnType<LatLonGrid["toJSON"]>;
  tileSize: number;
  dates: string[];
  model: { id: string; sha256: string; rules: number };
  units: number;
}

/** Path of a unit's values and record. */
export function unitPaths(outDir: string, id: string): { values: string; record: string } {
  return { values: path.join(outDir, "units", `${id}.f32.zz`), record: path.join(outDir, "units", `${id}.json`) };
}

/** Reads a unit's record and checks its values file against the recorded checksum; null when absent or corrupt. */
export function readUnitRecord(outDir: string, id: string): UnitRecord | null {
  const p = unitPaths(outDir, id);
  let rec: UnitRecord;
  try { rec = JSON.parse(fs.readFileSync(p.record, "utf8")) as UnitRecord; } catch { return null; }
  let buf: Buffer;
  try { buf = fs.readFileSync(p.values); } catch { return null; }
  if (rec.id !== id || buf.length !== rec.bytes || createHash("sha256").update(buf).digest("hex") !== rec.sha256) return null;
  return rec;
}

/** Removes what a killed writer of this unit left behind (temporary files of any process id). */
function removeLeftovers(outDir: string, id: string): void {
  const p = unitPaths(outDir, id);
  const dir = path.dirname(p.values);
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return; }
  const stems = [path.basename(p.values), path.basename(p.record)].map((s) => `${s}.tmp-`);
  for (const n of names) if (stems.some((s) => n.startsWith(s))) fs.rmSync(path.join(dir, n), { force: true });
}

function runDescription(o: ProduceUnitsOptions, tileSize: number, units: number): ProductionRun {
  const modelText = JSON.stringify(o.model.committees);
  return {
    format: "sm-downscale-production/1", grid: o.grid.toJSON(), tileSize, dates: Array.from(o.dates),
    model: { id: String((o.model as { id?: string }).id ?? "model"), sha256: createHash("sha256").update(modelText).digest("hex"), rules: o.model.committees.reduce((s, c) => s + c.rules.length, 0) },
    units,
  };
}

/**
 * Produces this shard's tile × day units (see `tileUnits`, `shardUnits`): for each unit not yet finished, the
 * model is applied to the tile (`predictUnit`), the values written (`units/<YYYYMMDD>/r<row>c<col>.f32.zz`), then
 * their record with the SHA-256 and the per-day counts (`.json`), each atomically. A unit whose record and checksum
 * are valid is skipped, so a killed or preempted shard simply reruns; a unit with a missing or corrupt file is
 * redone. Memory holds only the units in flight (one per worker), whatever the extent or the number of days.
 * Writes `production.json` (the run description) and refuses a folder holding a different run.
 *
 * @param options see {@link ProduceUnitsOptions}
 * @returns counts of units done and skipped, pixels and time
 * @throws RangeError naming the option for bad options (before any work); Error naming the file for a folder of
 *   another run; the source's errors
 * @example
 * await produceUnits({ model, source, grid, dates, outDir: "out/prod", shard: { index: 2, count: 8 }, workers: 2 });
 */
export async function produceUnits(options: ProduceUnitsOptions): Promise<ProduceUnitsResult> {
  const o = options ?? ({} as ProduceUnitsOptions);
  const tileSize = o.tileSize ?? 512;
  const shard = o.shard ?? { index: 1, count: 1 };
  const workers = o.workers ?? 0;
  if (!o.model || !Array.isArray(o.model.committees)) throw new RangeError("produceUnits: options.model must be a Cubist model");
  if (!o.source || typeof o.source.getLayer !== "function") throw new RangeError("produceUnits: options.source must be a LayerSource");
  if (!(o.grid instanceof LatLonGrid)) throw new RangeError("produceUnits: options.grid must be a LatLonGrid");
  if (typeof o.outDir !== "string" || o.outDir === "") throw new RangeError(`produceUnits: options.outDir must be a folder path, got ${String(o.outDir)}`);
  if (!Number.isInteger(workers) || workers < 0 || workers > 64) throw new RangeError(`produceUnits: options.workers must be an integer in 0..64, got ${workers}`);
  const all = tileUnits({ grid: o.grid, dates: o.dates, tileSize });
  const mine = shardUnits(all, shard.index, shard.count);
  const t0 = performance.now();
  const desc = JSON.stringify(runDescription(o, tileSize, all.length), null, 1) + "\n";
  const runFile = path.join(o.outDir, "production.json");
  if (fs.existsSync(runFile)) {
    if (fs.readFileSync(runFile, "utf8") !== desc) throw new Error(`produceUnits: ${runFile} describes another run (grid, tiles, dates or model differ); use another outDir`);
  } else writeFileAtomic(runFile, desc);

  const spec = compileKernelSpec(o.model);
  const slots = Math.max(1, workers);
  const pool = workers > 0 ? createKernelPool({ spec, workers }) : null;
  const local = pool ? null : applyKernel(spec);
  const run: KernelRunner = pool ? (c, out, n) => pool.run({ columns: c, out, n }) : async (c, out, n) => (local as ReturnType<typeof applyKernel>).apply(c, out, n);
  const cap = tileSize * tileSize;
  const scratch = Array.from({ length: slots }, () => ({
    columns: spec.kinds.map((k) => (k === "continuous" ? new Float32Array(new SharedArrayBuffer(4 * cap)) : new Int32Array(new SharedArrayBuffer(4 * cap)))),
    out: new Float32Array(new SharedArrayBuffer(4 * cap)),
  }));
  const res: ProduceUnitsResult = { units: mine.length, done: 0, skipped: 0, pixels: 0, predicted: 0, cloudGaps: 0, seconds: 0, engine: spec.engine };
  let next = 0;
  const lane = async (slot: number): Promise<void> => {
    while (next < mine.length) {
      const unit = mine[next++];
      if (readUnitRecord(o.outDir, unit.id)) { res.skipped++; o.onUnit?.(unit, "skipped"); continue; }
      removeLeftovers(o.outDir, unit.id);
      const { values, counts } = await predictUnit(o.source, spec, unit, run, scratch[slot]);
      const raw = Buffer.from(values.buffer, values.byteOffset, values.byteLength);
      const packed = await new Promise<Buffer>((resolve, reject) => deflate(raw, { level: 1 }, (e, b) => (e ? reject(e) : resolve(b))));
      const p = unitPaths(o.outDir, unit.id);
      writeFileAtomic(p.values, packed);
      const { row, col, x0, y0, width, height } = unit.tile;
      const rec: UnitRecord = { id: unit.id, date: unit.date, tile: { row, col, x0, y0, width, height }, sha256: createHash("sha256").update(packed).digest("hex"), bytes: packed.length, counts };
      writeFileAtomic(p.record, JSON.stringify(rec) + "\n");
      res.done++; res.pixels += values.length; res.predicted += counts.predicted; res.cloudGaps += counts.cloudGaps;
      o.onUnit?.(unit, "done");
    }
  };
  try {
    await Promise.all(scratch.map((_, k) => lane(k)));
  } finally {
    if (pool) await pool.close();
  }
  res.seconds = (performance.now() - t0) / 1000;
  return res;
}
