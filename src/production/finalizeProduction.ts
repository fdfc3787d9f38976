import * as fs from "node:fs";
import * as path from "node:path";
import { deflateSync, inflateSync } from "node:zlib";
import { gridIndexMap } from "../grid/gridIndexMap";
import { LatLonGrid } from "../grid/latLonGrid";
import { writeFileAtomic } from "../io/writeFileAtomic";
import { writeGeoTiffAsync } from "../io/writeGeoTiff";
import { writeStacCatalog, type StacItemSpec } from "../io/stacCatalog";
import type { LayerSource, VariableName } from "../sources/layerSource";
import { PairAccumulator } from "./pairAccumulator";
import { readUnitRecord, unitPaths, type ProductionRun, type UnitRecord } from "./produceUnits";
import { gridTiles, tileUnits, type ProductionTile } from "./tileUnits";

/** The int16 encoding of the daily COGs: value (m³ m⁻³) = raw · 1e-4 + 0; nodata −32768. */
export const SM_INT16 = Object.freeze({ scale: 1e-4, offset: 0, nodata: -32768 });

/** Options of {@link finalizeProduction}. */
export interface FinalizeProductionOptions {
  /** The folder `produceUnits` wrote (all shards). Required. */
  outDir: string;
  /** Reference for the period statistics (Figure 8 r, RMSE, p, rRMSE; Figure 7's reference monthly means), e.g.
   *  GLDAS: `{ source, variable: "gldas_sm", from: coarseGrid }` (read on `from` and taken at each pixel by
   *  nearest neighbour; without `from`, read on each tile). Default: none (product monthly means only). */
  reference?: { source: LayerSource; variable: VariableName; from?: LatLonGrid };
  /** Sample type of the daily COGs: "int16" (scaled, {@link SM_INT16}) or "float32" (nodata −9999). Default "int16". */
  dataType?: "int16" | "float32";
  /** Fewest pairs for a pixel's statistics. Default 10 (notebook 06). */
  minPairs?: number;
}

/** Thrown by {@link finalizeProduction} when units are missing or corrupt. */
export class ProductionIncompleteError extends Error {
  constructor(readonly missing: string[], total: number) {
    super(`finalizeProduction: ${missing.length} of ${total} units are missing or corrupt (run their shards again): ${missing.slice(0, 20).join(", ")}${missing.length > 20 ? ", …" : ""}`);
    this.name = "ProductionIncompleteError";
  }
}

/** A map's spatial spread: numpy-"linear" quantiles from a 1e-5-wide histogram (within 1e-5 of exact). */
export interface SpreadSummary { n: number; p2: number; p98: number; min: number; max: number }

/** Per month: the product's and the reference's spatial spread over the pixels valid in both (Figure 7). */
export interface MonthlyRange { month: string; pixels: number; product: SpreadSummary; reference: SpreadSummary | null; shrinkageP2P98: number | null; shrinkageMinMax: number | null }

/** What {@link finalizeProduction} wrote and computed. */
export interface FinalizeProductionResult {
  days: { date: string; file: string; land: number; predicted: number; cloudGaps: number; unseen: number; missing: Record<string, number> }[];
  monthly: { month: string; product: string; reference: string | null }[];
  /** Per-pixel statistics maps (float32 COGs) and their means over the pixels that have them. */
  statistics: { files: Record<string, string>; pixels: number; meanR: number; meanRmse: number; meanRrmse: number; shareP05: number } | null;
  ranges: MonthlyRange[];
  stac: string[];
  seconds: number;
}

const HIST_LO = -0.5, HIST_W = 1e-5, HIST_N = 200_000;

class Histogram {
  readonly counts = new Float64Array(HIST_N);
  n = 0; min = Infinity; max = -Infinity;
  add(v: number): void {
    const b = Math.min(HIST_N - 1, Math.max(0, Math.floor((v - HIST_LO) / HIST_W)));
    this.counts[b]++; this.n++;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }
  /** The value of order statistic at fractional rank h (0-based), numpy "linear", within one bin width. */
  quantile(q: number): number {
    const h = (this.n - 1) * q;
    const at = (k: number): number => {
      let c = 0;
      for (let b = 0; b < HIST_N; b++) { c += this.counts[b]; if (c > k) return HIST_LO + (b + 0.5) * HIST_W; }
      return this.max;
    };
    const i = Math.floor(h), f = h - i;
    const a = at(i);
    return f > 0 && i + 1 < this.n ? a + f * (at(i + 1) - a) : a;
  }
  summary(): SpreadSummary { return { n: this.n, p2: this.quantile(0.02), p98: this.quantile(0.98), min: this.min, max: this.max }; }
}

function readValues(outDir: string, id: string): Float32Array {
  const buf = inflateSync(fs.readFileSync(unitPaths(outDir, id).values));
  const out = new Float32Array(buf.byteLength / 4);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

function place(map: Float32Array, grid: LatLonGrid, tile: ProductionTile, values: ArrayLike<number>): void {
  for (let r = 0; r < tile.height; r++) {
    const at = (tile.y0 + r) * grid.width + tile.x0;
    for (let c = 0; c < tile.width; c++) map[at + c] = values[r * tile.width + c];
  }
}

/** proj:transform: the affine in rasterio order [a, b, c, d, e, f] (x = a·col + b·row + c, y = d·col + e·row + f). */
function affineOf(grid: LatLonGrid): [number, number, number, number, number, number] {
  const g = grid.geoTransform();
  return [g[1], g[2], g[0], g[4], g[5], g[3]];
}

const tileStem = (t: ProductionTile): string => `r${t.row}c${t.col}`;

/**
 * Turns finished units into the product: one COG per day (`cog/sm1km_YYYYMMDD.tif`: int16 scaled or float32,
 * 512² tiles, Deflate, internal overviews), the period statistics streamed tile by tile from the unit files and
 * the reference (per-pixel r, p, RMSE, rRMSE, pair counts, monthly means of product and reference:
 * `stats/*.tif`, `monthly/*.tif`; the dynamic range per month from histograms), a STAC catalog
 * (`stac/collection.json`, `stac/items/YYYYMMDD.json`) and `summary/period_statistics.json`,
 * `summary/daily_counts.csv`. Refuses (ProductionIncompleteError, listing them) while any unit is missing or
 * corrupt. Memory: the tile accumulators plus one full map at a time (a day, or one statistic) — not the days.
 * The bytes written depend only on the units (so on nothing of how many shards or workers made them).
 *
 * @param options see {@link FinalizeProductionOptions}
 * @throws ProductionIncompleteError naming the missing units; RangeError naming a bad option; Error naming a
 *   missing production.json
 * @example
 * const fin = await finalizeProduction({ outDir: "out/prod", reference: { source, variable: "gldas_sm", from: coarse } });
 * fin.statistics?.meanR;
 */
export async function finalizeProduction(options: FinalizeProductionOptions): Promise<FinalizeProductionResult> {
  const t0 = performance.now();
  const o = options ?? ({} as FinalizeProductionOptions);
  const dataType = o.dataType ?? "int16";
  const minPairs = o.minPairs ?? 10;
  if (typeof o.outDir !== "string" || o.outDir === "") throw new RangeError(`finalizeProduction: options.outDir must be a folder, got ${String(o.outDir)}`);
  if (dataType !== "int16" && dataType !== "float32") throw new RangeError(`finalizeProduction: options.dataType must be "int16" or "float32", got ${String(dataType)}`);
  if (!Number.isInteger(minPairs) || minPairs < 2) throw new RangeError(`finalizeProduction: options.minPairs must be an integer >= 2, got ${minPairs}`);
  if (o.reference && (!o.reference.source || typeof o.reference.source.getLayer !== "function")) throw new RangeError("finalizeProduction: options.reference.source must be a LayerSource");
  const runFile = path.join(o.outDir, "production.json");
  if (!fs.existsSync(runFile)) throw new Error(`finalizeProduction: ${runFile} does not exist (run produce first)`);
  const run = JSON.parse(fs.readFileSync(runFile, "utf8")) as ProductionRun;
  const grid = new LatLonGrid(run.grid);
  const units = tileUnits({ grid, dates: run.dates, tileSize: run.tileSize });
  const records = new Map<string, UnitRecord>();
  const missing: string[] = [];
  for (const u of units) {
    const rec = readUnitRecord(o.outDir, u.id);
    if (rec) records.set(u.id, rec); else missing.push(u.id);
  }
  if (missing.length > 0) throw new ProductionIncompleteError(missing, units.length);
  const tiles = gridTiles(grid, run.tileSize);
  const meta = { product: "sm-downscale daily 1 km soil moisture (Cubist; Park et al. 2017 replication)", model: run.model.id, model_sha256: run.model.sha256 };

  // ---- daily COGs (one full map at a time)
  const days: FinalizeProductionResult["days"] = [];
  const stacItems: StacItemSpec[] = [];
  for (const date of run.dates) {
    const map = new Float32Array(grid.size).fill(NaN);
    const tot = { land: 0, predicted: 0, cloudGaps: 0, unseen: 0, missing: {} as Record<string, number> };
    for (const t of tiles) {
      const id = `${date.replace(/-/g, "")}/${tileStem(t)}`;
      const rec = records.get(id) as UnitRecord;
      place(map, grid, t, readValues(o.outDir, id));
      tot.land += rec.counts.land; tot.predicted += rec.counts.predicted; tot.cloudGaps += rec.counts.cloudGaps; tot.unseen += rec.counts.unseen;
      for (const [k, v] of Object.entries(rec.counts.missing)) tot.missing[k] = (tot.missing[k] ?? 0) + v;
    }
    const file = path.join(o.outDir, "cog", `sm1km_${date.replace(/-/g, "")}.tif`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (dataType === "int16") {
      const raw = new Float32Array(map.length);
      for (let i = 0; i < map.length; i++) raw[i] = map[i] / SM_INT16.scale;
      await writeGeoTiffAsync(file, raw, { grid, dataType: "int16", nodata: SM_INT16.nodata, scale: SM_INT16.scale, offset: SM_INT16.offset, units: "m3 m-3", tileSize: 512, overviews: "auto", metadata: { ...meta, date } });
    } else {
      await writeGeoTiffAsync(file, map, { grid, dataType: "float32", nodata: -9999, units: "m3 m-3", tileSize: 512, overviews: "auto", metadata: { ...meta, date } });
    }
    days.push({ date, file, ...tot });
    stacItems.push({
      id: date.replace(/-/g, ""), datetime: `${date}T00:00:00Z`,
      assets: [{ key: "soil_moisture", file, title: "Downscaled 0–10 cm soil moisture (m³ m⁻³)", dataType, nodata: dataType === "int16" ? SM_INT16.nodata : -9999, ...(dataType === "int16" ? { scale: SM_INT16.scale, offset: SM_INT16.offset } : {}), unit: "m3 m-3" }],
      properties: { "sm:land_pixels": tot.land, "sm:predicted_pixels": tot.predicted, "sm:cloud_gap_pixels": tot.cloudGaps, "sm:unseen_class_pixels": tot.unseen },
    });
  }
  const csv = ["date,land,predicted,cloud_gaps,unseen", ...days.map((d) => `${d.date},${d.land},${d.predicted},${d.cloudGaps},${d.unseen}`)].join("\n") + "\n";
  writeFileAtomic(path.join(o.outDir, "summary", "daily_counts.csv"), csv);

  // ---- period statistics, tile by tile over all days
  const months = [...new Set(run.dates.map((d) => d.slice(0, 7)))];
  const monthOf = run.dates.map((d) => months.indexOf(d.slice(0, 7)));
  const ref = o.reference ?? null;
  const refCache = new Map<string, Float32Array>(); // coarse reference per day (small: the 0.25° grid)
  const hist = months.map(() => ({ p: new Histogram(), r: new Histogram(), pAll: new Histogram() }));
  const statNames = ref ? ["r", "p_value", "rmse", "rrmse", "pairs"] : [];
  const tileFile = (name: string, t: ProductionTile): string => path.join(o.outDir, "stats", "tiles", name, `${tileStem(t)}.f32.zz`);
  const saveTile = (name: string, t: ProductionTile, v: Float32Array): void => { writeFileAtomic(tileFile(name, t), deflateSync(Buffer.from(v.buffer, v.byteOffset, v.byteLength), { level: 1 })); };
  let sumR = 0, sumRmse = 0, sumRr = 0, nStat = 0, nP05 = 0;
  for (const t of tiles) {
    const N = t.grid.size;
    const acc = ref ? new PairAccumulator(N) : null;
    const mSum = months.map(() => new Float64Array(N)), mCnt = months.map(() => new Int32Array(N));
    const rSum = ref ? months.map(() => new Float64Array(N)) : [], rCnt = ref ? months.map(() => new Int32Array(N)) : [];
    const map = ref?.from ? gridIndexMap(ref.from, t.grid) : null;
    for (let d = 0; d < run.dates.length; d++) {
      const date = run.dates[d];
      const v = readValues(o.outDir, `${date.replace(/-/g, "")}/${tileStem(t)}`);
      const m = monthOf[d];
      for (let i = 0; i < N; i++) if (v[i] === v[i]) { mSum[m][i] += v[i]; mCnt[m][i]++; }
      if (ref && acc) {
        let rv: Float32Array;
        if (ref.from && map) {
          let coarse = refCache.get(date);
          if (!coarse) { coarse = (await ref.source.getLayer({ variable: ref.variable, grid: ref.from, date })).values; refCache.set(date, coarse); }
          rv = new Float32Array(N);
          for (let i = 0; i < N; i++) rv[i] = map[i] < 0 ? NaN : coarse[map[i]];
        } else rv = (await ref.source.getLayer({ variable: ref.variable, grid: t.grid, date })).values;
        acc.add(v, rv);
        for (let i = 0; i < N; i++) if (rv[i] === rv[i]) { rSum[m][i] += rv[i]; rCnt[m][i]++; }
      }
    }
    months.forEach((month, k) => {
      const mp = new Float32Array(N), mr = ref ? new Float32Array(N) : null;
      for (let i = 0; i < N; i++) {
        mp[i] = mCnt[k][i] > 0 ? mSum[k][i] / mCnt[k][i] : NaN;
        if (mr) mr[i] = rCnt[k][i] > 0 ? rSum[k][i] / rCnt[k][i] : NaN;
        if (mp[i] === mp[i]) hist[k].pAll.add(mp[i]);
        if (mr && mp[i] === mp[i] && mr[i] === mr[i]) { hist[k].p.add(mp[i]); hist[k].r.add(mr[i]); }
      }
      saveTile(`mean_${month}`, t, mp);
      if (mr) saveTile(`ref_${month}`, t, mr);
    });
    if (acc) {
      const s = acc.result(minPairs);
      saveTile("r", t, s.r); saveTile("p_value", t, s.pValue); saveTile("rmse", t, s.rmse); saveTile("rrmse", t, s.rrmse); saveTile("pairs", t, Float32Array.from(s.n));
      for (let i = 0; i < N; i++) {
        if (s.rmse[i] !== s.rmse[i]) continue;
        if (s.r[i] === s.r[i]) { sumR += s.r[i]; if (s.pValue[i] < 0.05) nP05++; }
        sumRmse += s.rmse[i]; if (s.rrmse[i] === s.rrmse[i]) sumRr += s.rrmse[i];
        nStat++;
      }
    }
  }
  // assemble each statistic into a float32 COG, one map at a time
  const assemble = async (name: string, file: string): Promise<string> => {
    const full = new Float32Array(grid.size).fill(NaN);
    for (const t of tiles) {
      const buf = inflateSync(fs.readFileSync(tileFile(name, t)));
      const v = new Float32Array(buf.byteLength / 4);
      new Uint8Array(v.buffer).set(buf);
      place(full, grid, t, v);
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await writeGeoTiffAsync(file, full, { grid, dataType: "float32", nodata: -9999, tileSize: 512, overviews: "auto", metadata: { ...meta, statistic: name, period: `${run.dates[0]}/${run.dates[run.dates.length - 1]}` } });
    return file;
  };
  const monthly: FinalizeProductionResult["monthly"] = [];
  for (const month of months) {
    monthly.push({
      month,
      product: await assemble(`mean_${month}`, path.join(o.outDir, "monthly", `sm1km_${month.replace("-", "")}_mean.tif`)),
      reference: ref ? await assemble(`ref_${month}`, path.join(o.outDir, "monthly", `ref_${month.replace("-", "")}_mean.tif`)) : null,
    });
  }
  const files: Record<string, string> = {};
  for (const name of statNames) files[name] = await assemble(name, path.join(o.outDir, "stats", `${name}.tif`));
  fs.rmSync(path.join(o.outDir, "stats", "tiles"), { recursive: true, force: true });
  const ranges: MonthlyRange[] = months.map((month, k) => {
    const h = hist[k];
    const product = ref ? h.p.summary() : h.pAll.summary();
    const reference = ref ? h.r.summary() : null;
    return {
      month, pixels: product.n, product, reference,
      shrinkageP2P98: reference ? (reference.p98 - reference.p2) - (product.p98 - product.p2) : null,
      shrinkageMinMax: reference ? (reference.max - reference.min) - (product.max - product.min) : null,
    };
  });
  const statistics = ref ? { files, pixels: nStat, meanR: sumR / Math.max(1, nStat), meanRmse: sumRmse / Math.max(1, nStat), meanRrmse: sumRr / Math.max(1, nStat), shareP05: nP05 / Math.max(1, nStat) } : null;
  writeFileAtomic(path.join(o.outDir, "summary", "period_statistics.json"), JSON.stringify({
    period: [run.dates[0], run.dates[run.dates.length - 1]], minPairs, reference: ref ? ref.variable : null,
    statistics: statistics ? { ...statistics, files: Object.fromEntries(Object.entries(files).map(([k, f]) => [k, path.relative(o.outDir, f)])) } : null, ranges,
  }, null, 1) + "\n");

  const stac = writeStacCatalog({
    dir: path.join(o.outDir, "stac"), id: "sm-downscale-1km-daily", title: "Daily 1 km soil moisture (sm-downscale)",
    description: `Daily 1 km topsoil moisture downscaled from GLDAS with a Cubist model (${run.model.rules} rules) from AMSR2, ASCAT, MODIS LST/NDVI, land cover and elevation; a replication of Park et al., Water 2017, 9(5), 332. Gaps where a predictor is missing (clouds).`,
    bbox: grid.bbox(), epsg: 4326, shape: [grid.height, grid.width], transform: affineOf(grid), items: stacItems,
  });
  return { days, monthly, statistics, ranges, stac, seconds: (performance.now() - t0) / 1000 };
}
