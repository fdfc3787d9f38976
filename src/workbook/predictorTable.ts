import { aggregateLandCover, AGGREGATED_LAND_COVER_CLASSES } from "../grid/aggregateLandCover";
import type { LatLonGrid } from "../grid/latLonGrid";
import type { ColumnTable } from "../cubist/table";
import type { LayerSource } from "../sources/layerSource";
import { PREDICTORS } from "./sampleSet";

/** The six predictors of one day at chosen cells of a grid, as a Cubist table, with what was missing. */
export interface PredictorTable {
  date: string;
  /** Grid-cell indices of the rows, in row order. */
  cells: Int32Array;
  table: ColumnTable;
  /** Rows with at least one missing predictor (cloud, orbit gap, sea): no prediction is made for them. */
  incomplete: Uint8Array;
  /** Missing values per predictor. */
  missing: Record<string, number>;
}

/**
 * The predictors of `date` at `cells` of `grid` (all cells when omitted), as Cubist sees them in training:
 * AMSR2 and ASCAT fractions, LST (K), NDVI, land cover as the paper's class names (IGBP → Table A1 with
 * barren separate; water and fill → missing), DEM (m). On the 1 km grid AMSR2 and ASCAT are the 0.25° values
 * of the containing cell (the paper's resampling, nearest neighbour). Rows with any missing predictor are
 * flagged in `incomplete` — the paper produces no 1 km value under clouds.
 * @example const p = await predictorTable(data.prepared, { grid: data.fine, date: "2015-07-01" });
 * @throws RangeError when a cell is outside the grid; the source's errors otherwise.
 */
export async function predictorTable(source: LayerSource, options: { grid: LatLonGrid; date: string; cells?: ArrayLike<number> }): Promise<PredictorTable> {
  const { grid, date } = options;
  const cells = options.cells ? Int32Array.from(options.cells) : Int32Array.from({ length: grid.size }, (_, i) => i);
  for (let j = 0; j < cells.length; j++) if (cells[j] < 0 || cells[j] >= grid.size) throw new RangeError(`predictorTable: cells[${j}] = ${cells[j]} is outside the grid (0…${grid.size - 1})`);
  const n = cells.length;
  const columns: ColumnTable["columns"] = {};
  const incomplete = new Uint8Array(n);
  const missing: Record<string, number> = {};
  for (const name of PREDICTORS) {
    const values = (await source.getLayer({ variable: name, grid, date })).values;
    let miss = 0;
    if (name === "landcover") {
      const classes = aggregateLandCover(Float32Array.from(cells, (c) => values[c])).values;
      const names = AGGREGATED_LAND_COVER_CLASSES.map((c) => c.name);
      const col: (string | null)[] = new Array(n);
      for (let j = 0; j < n; j++) {
        const k = classes[j];
        col[j] = Number.isNaN(k) || k === 0 ? null : names[k]; // class 0 is water: no soil moisture there
        if (col[j] === null) { miss++; incomplete[j] = 1; }
      }
      columns.landcover = col;
    } else {
      const col = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const v = values[cells[j]];
        col[j] = v;
        if (v !== v) { miss++; incomplete[j] = 1; }
      }
      columns[name] = col;
    }
    missing[name] = miss;
  }
  return { date, cells, table: { nRows: n, columns }, incomplete, missing };
}
