import * as fs from "node:fs";
import * as path from "node:path";
import { inflateSync } from "node:zlib";
import { LatLonGrid } from "../grid/latLonGrid";
import { readUnitRecord, unitPaths, type ProductionRun } from "./produceUnits";
import { gridTiles } from "./tileUnits";

/**
 * One day of a production run as a float32 map of the whole grid (row-major, NaN = no value), assembled from the
 * day's units exactly as produced (before any int16 encoding).
 * @param outDir the run's folder
 * @param date ISO date of the run
 * @throws Error naming the folder, date or unit when production.json is missing, the date is not in the run, or
 *   a unit is missing or corrupt
 * @example const map = readProducedDay("out/prod", "2015-05-01");
 */
export function readProducedDay(outDir: string, date: string): { grid: LatLonGrid; values: Float32Array } {
  const runFile = path.join(outDir, "production.json");
  if (!fs.existsSync(runFile)) throw new Error(`readProducedDay: ${runFile} does not exist`);
  const run = JSON.parse(fs.readFileSync(runFile, "utf8")) as ProductionRun;
  if (!run.dates.includes(date)) throw new Error(`readProducedDay: ${date} is not a date of the run in ${outDir} (${run.dates[0]} … ${run.dates[run.dates.length - 1]})`);
  const grid = new LatLonGrid(run.grid);
  const values = new Float32Array(grid.size).fill(NaN);
  for (const t of gridTiles(grid, run.tileSize)) {
    const id = `${date.replace(/-/g, "")}/r${t.row}c${t.col}`;
    if (!readUnitRecord(outDir, id)) throw new Error(`readProducedDay: unit ${id} in ${outDir} is missing or corrupt`);
    const buf = inflateSync(fs.readFileSync(unitPaths(outDir, id).values));
    const v = new Float32Array(buf.byteLength / 4);
    new Uint8Array(v.buffer).set(buf);
    for (let r = 0; r < t.height; r++) values.set(v.subarray(r * t.width, (r + 1) * t.width), (t.y0 + r) * grid.width + t.x0);
  }
  return { grid, values };
}
