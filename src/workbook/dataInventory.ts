import type { LatLonGrid } from "../grid/latLonGrid";
import type { LayerSource, VariableName } from "../sources/layerSource";
import { layerCube } from "../sources/layerCube";

/** One row of the data inventory: what a variable looks like on one grid over a run of days. */
export interface InventoryRow {
  variable: VariableName;
  source: string;
  /** `0.25°` or `1 km` (or the grid's key). */
  grid: string;
  days: number;
  /** Cells counted: those where `mask` is true (land), times days. */
  cellDays: number;
  /** Valid (non-NaN) share of `cellDays`, percent. */
  validPercent: number;
  min: number;
  mean: number;
  max: number;
  units: string;
}

/**
 * Counts, for each variable, how many cell-days are valid over `dates` on `grid`, within `mask` (e.g. the
 * land cells: sea is not a gap), with the range and mean of the valid values. Reads one variable at a time.
 * @example const rows = await dataInventory(twin, { grid: twin.coarseGrid, gridLabel: "0.25°", dates, variables: ["gldas_sm"] });
 * @throws RangeError when `mask` does not match the grid, or `variables`/`dates` is empty.
 */
export async function dataInventory(source: LayerSource, options: {
  grid: LatLonGrid; gridLabel?: string; dates: readonly string[]; variables: readonly VariableName[];
  mask?: Uint8Array; units?: Readonly<Partial<Record<VariableName, string>>>;
}): Promise<InventoryRow[]> {
  const { grid, dates, variables, mask } = options;
  if (!variables.length) throw new RangeError("dataInventory: variables must not be empty");
  if (!dates.length) throw new RangeError("dataInventory: dates must not be empty");
  if (mask && mask.length !== grid.size) throw new RangeError(`dataInventory: mask has ${mask.length} cells, grid has ${grid.size}`);
  const rows: InventoryRow[] = [];
  for (const variable of variables) {
    const cube = await layerCube(source, { variable, grid, dates });
    let count = 0, valid = 0, sum = 0, min = Infinity, max = -Infinity;
    const n = grid.size;
    for (let t = 0; t < cube.dates.length; t++) {
      const base = t * n;
      for (let i = 0; i < n; i++) {
        if (mask && !mask[i]) continue;
        count++;
        const v = cube.values[base + i];
        if (Number.isNaN(v)) continue;
        valid++;
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    rows.push({
      variable, source: source.name, grid: options.gridLabel ?? grid.key(), days: cube.dates.length, cellDays: count,
      validPercent: count ? (100 * valid) / count : NaN,
      min: valid ? min : NaN, mean: valid ? sum / valid : NaN, max: valid ? max : NaN,
      units: options.units?.[variable] ?? "",
    });
  }
  return rows;
}

/** A land mask from a layer: 1 where `values` is finite and not `waterValue` (e.g. IGBP 17), else 0. */
export function landMask(values: Float32Array, options: { waterValue?: number } = {}): Uint8Array {
  const water = options.waterValue ?? 17;
  const mask = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) mask[i] = Number.isFinite(values[i]) && values[i] !== water ? 1 : 0;
  return mask;
}
