import { AGGREGATED_LAND_COVER_CLASSES, aggregateLandCover } from "../grid/aggregateLandCover";
import type { LayerSource, VariableName } from "../sources/layerSource";
import type { KernelSpec } from "./kernelSpec";
import type { ProductionUnit } from "./tileUnits";

/** Runs the compiled kernel on n pixels of shared columns (in this thread or on a worker pool). */
export type KernelRunner = (columns: (Float32Array | Int32Array)[], out: Float32Array, n: number) => Promise<number>;

/** What {@link predictUnit} counted on one tile × day. */
export interface UnitCounts {
  /** Land pixels of the tile (land-cover class other than water, fill). */
  land: number;
  /** Pixels with a value. */
  predicted: number;
  /** Land pixels without a value because a predictor was missing (clouds, orbit gaps). */
  cloudGaps: number;
  /** Land pixels of a land-cover class the model never saw (NaN). */
  unseen: number;
  /** Per predictor: land pixels on which it was missing (a pixel can miss several). */
  missing: Record<string, number>;
}

/** The numeric predictors a model may use (land cover is read always: it is the land mask). */
const NUMERIC: readonly VariableName[] = ["amsr2_sm", "ascat_sm", "lst", "ndvi", "dem", "precip"];
const NAMES = AGGREGATED_LAND_COVER_CLASSES.map((c) => c.name);

/**
 * The model applied to one tile on one day, with the semantics of the workbook's `applyModelDaily`: the model's
 * own predictors (`spec.attributes`, e.g. five without LST) and land cover (the land mask) are read from `source`
 * for the tile's sub-grid (`getLayer({variable, grid: tile.grid, date})`),
 * land cover aggregated to the paper's classes (water and fill are not land: NaN, not a gap), pixels where any
 * predictor the model uses is missing get NaN and are counted as cloud gaps (a predictor it does not use is
 * neither read nor counted) (Cubist's mean substitution is not used), an unseen
 * class gives NaN (counted). Complete pixels are packed into `scratch` (SharedArrayBuffer columns, at least the
 * tile's size) and predicted by `run`.
 *
 * @returns the tile's values (row-major, NaN = no value) and the counts
 * @throws RangeError when a layer has the wrong size, naming the variable, date and tile
 */
export async function predictUnit(
  source: LayerSource, spec: KernelSpec, unit: ProductionUnit, run: KernelRunner,
  scratch: { columns: (Float32Array | Int32Array)[]; out: Float32Array },
): Promise<{ values: Float32Array; counts: UnitCounts }> {
  const { grid } = unit.tile;
  const N = grid.size;
  for (const name of spec.attributes) {
    if (name !== "landcover" && !(NUMERIC as readonly string[]).includes(name)) throw new RangeError(`predictUnit: the model's predictor '${name}' is not one of landcover, ${NUMERIC.join(", ")}`);
  }
  const used = NUMERIC.filter((v) => spec.attributes.includes(v));
  const layers: Record<string, Float32Array> = {};
  for (const v of ["landcover", ...used] as VariableName[]) {
    const l = await source.getLayer({ variable: v, grid, date: unit.date });
    if (l.values.length !== N) throw new RangeError(`predictUnit: ${v} of ${unit.date} on tile ${unit.id} has ${l.values.length} values for a tile of ${N}`);
    layers[v] = l.values;
  }
  const agg = aggregateLandCover(layers.landcover).values;
  const lcAt = spec.attributes.indexOf("landcover");
  const codeOf = lcAt >= 0 ? NAMES.map((name) => spec.valueLists.landcover.indexOf(name)) : [];
  const colOf = spec.attributes.map((name) => (name === "landcover" ? null : layers[name]));
  const missing: Record<string, number> = {};
  for (const v of used) missing[v] = 0;
  const rowPixel = new Int32Array(N);
  let m = 0, land = 0, gaps = 0;
  const dyn = used.map((v) => layers[v]);
  for (let i = 0; i < N; i++) {
    const k = agg[i];
    if (k !== k || k === 0) continue; // water, fill: not land, not a gap
    land++;
    let complete = true;
    for (let q = 0; q < dyn.length; q++) {
      const x = dyn[q][i];
      if (x !== x) { missing[used[q]]++; complete = false; }
    }
    if (!complete) { gaps++; continue; }
    for (let a = 0; a < colOf.length; a++) {
      if (a === lcAt) (scratch.columns[a] as Int32Array)[m] = codeOf[k];
      else (scratch.columns[a] as Float32Array)[m] = (colOf[a] as Float32Array)[i];
    }
    rowPixel[m++] = i;
  }
  const values = new Float32Array(N).fill(NaN);
  let unseen = 0;
  if (m > 0) {
    unseen = await run(scratch.columns, scratch.out, m);
    for (let j = 0; j < m; j++) values[rowPixel[j]] = scratch.out[j];
  }
  return { values, counts: { land, predicted: m - unseen, cloudGaps: gaps, unseen, missing } };
}
