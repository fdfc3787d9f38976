import type { CubistModel } from "../cubist/model";
import { predict } from "../cubist/predict";
import type { ColumnTable } from "../cubist/table";
import type { LatLonGrid } from "../grid/latLonGrid";
import { committeeSpread } from "../lab/committeeSpread";
import type { LayerSource } from "../sources/layerSource";
import { predictorTable } from "./predictorTable";

/** Options of {@link applyModelCube}. */
export interface ApplyModelCubeOptions {
  /** Any Cubist model trained on the workbook's predictor columns; its own predictor set is read. */
  model: CubistModel;
  /** The grid, e.g. `data.coarse` (0.25°, the whole domain) or `data.fine` (the 1 km window). */
  grid: LatLonGrid;
  /** ISO dates, at least one. */
  dates: readonly string[];
  /** Also return the committee members' spread (std, ddof 0) per cell-day; needs ≥ 2 members. Default false. */
  spread?: boolean;
}

/** Result of {@link applyModelCube}. */
export interface ModelCube {
  dates: string[];
  /** Cells per day (`grid.size`). */
  pixels: number;
  /** The model's predictors (layer variables). */
  predictors: string[];
  /** Predictions, day-major (`t · pixels + i`), NaN where a predictor is missing, on water/sea, or unseen class. */
  cube: Float32Array;
  /** Committee spread per cell-day (same layout, NaN where no prediction), or null without `spread`. */
  spread: Float32Array | null;
  /** 1 where the cell-day is land (a land-cover class other than water), day-major. */
  land: Uint8Array;
  /** Per predictor: land cell-days on which it was missing. */
  missing: Record<string, number>;
  /** Totals over land cell-days: land, predicted, gaps (a predictor missing), unseen land-cover class. */
  totals: { land: number; predicted: number; gaps: number; unseen: number };
}

/**
 * A Cubist model applied every day to every cell of a grid, reading only the model's own predictors (so a model
 * without LST and NDVI has values under clouds): {@link predictorTable} per day, {@link predict} on the complete
 * land rows (no mean substitution; unseen land-cover classes get NaN and are counted). Land = the land-cover layer
 * has a class other than water (read even when the model does not use land cover).
 *
 * @param source e.g. `data.prepared`
 * @param options `model`, `grid`, `dates`, `spread` (default false)
 * @throws RangeError naming the option for empty dates, a missing grid or model, or spread with a one-member model;
 *   the source's and predict's errors otherwise
 * @example
 * const fb = await applyModelCube(data.prepared, { model: fallback, grid: data.coarse, dates });
 * fb.totals.predicted / fb.totals.land; // coverage of the fallback model
 */
export async function applyModelCube(source: LayerSource, options: ApplyModelCubeOptions): Promise<ModelCube> {
  const { model, grid, spread = false } = options ?? ({} as ApplyModelCubeOptions);
  if (!model || !Array.isArray(model.attributes)) throw new RangeError(`applyModelCube: options.model must be a Cubist model, got ${String(model)}`);
  if (!grid || typeof grid.size !== "number") throw new RangeError(`applyModelCube: options.grid must be a LatLonGrid, got ${String(grid)}`);
  const dates = Array.from(options.dates ?? []);
  if (dates.length === 0) throw new RangeError("applyModelCube: options.dates must not be empty");
  if (spread && model.committees.length < 2) throw new RangeError(`applyModelCube: options.spread needs a committee model (≥ 2 members), got ${model.committees.length}`);
  const predictors = model.attributes.map((a) => a.name);
  const read = predictors.includes("landcover") ? predictors : [...predictors, "landcover"];
  const N = grid.size, D = dates.length;
  const cube = new Float32Array(D * N).fill(NaN);
  const spreadCube = spread ? new Float32Array(D * N).fill(NaN) : null;
  const land = new Uint8Array(D * N);
  const missing: Record<string, number> = Object.fromEntries(predictors.map((p) => [p, 0]));
  let nLand = 0, predicted = 0, gaps = 0, unseen = 0;
  for (let t = 0; t < D; t++) {
    const pt = await predictorTable(source, { grid, date: dates[t], predictors: read });
    const lc = pt.table.columns.landcover as (string | null)[];
    const numeric = predictors.filter((p) => p !== "landcover");
    const numCols = numeric.map((p) => pt.table.columns[p] as Float64Array);
    const numMissing = new Float64Array(numeric.length);
    const rows: number[] = [];
    for (let i = 0; i < N; i++) {
      if (lc[i] === null) continue;
      land[t * N + i] = 1;
      nLand++;
      let complete = true;
      for (let k = 0; k < numCols.length; k++) {
        const v = numCols[k][i];
        if (v !== v) { numMissing[k]++; complete = false; }
      }
      if (complete) rows.push(i); else gaps++;
    }
    numeric.forEach((p, k) => { missing[p] += numMissing[k]; });
    if (rows.length === 0) continue;
    const columns: ColumnTable["columns"] = {};
    for (const p of predictors) {
      const col = pt.table.columns[p];
      columns[p] = p === "landcover" ? rows.map((i) => (col as (string | null)[])[i]) : Float64Array.from(rows, (i) => (col as Float64Array)[i]);
    }
    const table: ColumnTable = { nRows: rows.length, columns };
    let preds: ArrayLike<number>, std: ArrayLike<number> | null = null;
    if (spread) {
      const s = committeeSpread(model, table, { unseenDiscrete: "nan" });
      preds = s.prediction; std = s.std;
    } else preds = predict(model, table, { unseenDiscrete: "nan", coverage: "none" }).predictions;
    for (let j = 0; j < rows.length; j++) {
      const v = preds[j];
      if (v !== v) { unseen++; continue; }
      cube[t * N + rows[j]] = v;
      if (spreadCube && std) spreadCube[t * N + rows[j]] = std[j];
      predicted++;
    }
  }
  return { dates, pixels: N, predictors, cube, spread: spreadCube, land, missing, totals: { land: nLand, predicted, gaps, unseen } };
}
