import { landCoverColumn } from "./landCoverColumn";
import type { LatLonGrid } from "../grid/latLonGrid";
import type { ColumnTable } from "../cubist/table";
import type { LayerSource, VariableName as LayerVariable } from "../sources/layerSource";
import { PREDICTORS, PREDICTOR_COLUMNS } from "./sampleSet";

/** The chosen predictors (default the paper's six) of one day at chosen cells of a grid, as a Cubist table, with what was missing. */
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
 * flagged in `incomplete` — the paper produces no 1 km value under clouds. `predictors` (layer variables, default
 * {@link PREDICTORS}; from a study configuration: `predictorVariables(ctx.study)`) chooses the columns: a dropped
 * predictor's gaps do not make a row incomplete. Land cover follows {@link landCoverColumn}.
 * @example const p = await predictorTable(data.prepared, { grid: data.fine, date: "2015-07-01" });
 * @throws RangeError when a cell is outside the grid; the source's errors otherwise.
 */
export async function predictorTable(source: LayerSource, options: { grid: LatLonGrid; date: string; cells?: ArrayLike<number>; predictors?: readonly string[] }): Promise<PredictorTable> {
  const { grid, date } = options;
  const cells = options.cells ? Int32Array.from(options.cells) : Int32Array.from({ length: grid.size }, (_, i) => i);
  for (let j = 0; j < cells.length; j++) if (cells[j] < 0 || cells[j] >= grid.size) throw new RangeError(`predictorTable: cells[${j}] = ${cells[j]} is outside the grid (0…${grid.size - 1})`);
  const n = cells.length;
  const columns: ColumnTable["columns"] = {};
  const incomplete = new Uint8Array(n);
  const missing: Record<string, number> = {};
  const chosen = options.predictors ?? PREDICTORS;
  for (const name of chosen) if (!PREDICTOR_COLUMNS.includes(name)) throw new RangeError(`predictorTable: predictors has '${name}', not one of ${PREDICTOR_COLUMNS.join(", ")}`);
  for (const name of chosen) {
    const values = (await source.getLayer({ variable: name as LayerVariable, grid, date })).values;
    let miss = 0;
    if (name === "landcover") {
      const lc = landCoverColumn(Float32Array.from(cells, (c) => values[c]));
      for (let j = 0; j < n; j++) if (lc.column[j] === null) incomplete[j] = 1;
      miss = lc.missing;
      columns.landcover = lc.column;
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
