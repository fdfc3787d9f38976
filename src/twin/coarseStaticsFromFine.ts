import { LatLonGrid } from "../grid/latLonGrid";
import { majorityAggregate } from "../grid/majorityAggregate";
import { meanAggregate } from "../grid/meanAggregate";
import { tileLayout, tileStatics, type StaticsContext } from "./fineTile";

/** The 0.25° land cover and elevation of the cells a 1 km region covers, from its pixels (see {@link coarseStaticsFromFine}). */
export interface CoarseStaticsFromFine {
  /** Per coarse cell: the majority IGBP code of its 1 km pixels (sea and lakes vote 17), NaN for cells not covered. */
  landCover: Float32Array;
  /** Per coarse cell: the mean 1 km elevation over all its pixels (sea 0 m, as SRTM), m; NaN for cells not covered. */
  dem: Float32Array;
  /** Covered cells, and those whose majority was a tie (broken towards the smallest code, as `majorityAggregate`). */
  counts: { cells: number; ties: number };
}

/**
 * The 0.25° land cover and elevation as the aggregates of the twin's own 1 km statics, exactly as a product read from
 * files is aggregated (MCD12Q1: majority of the 0.01° pixels, ties to the smallest code; SRTM: mean of all samples,
 * sea 0 m), so that "0.25° = the aggregate of its 1 km pixels" holds for the statics as for the daily layers.
 * Only the tiles listed are visited (every tile of the region by default); a 0.25° cell lies in one tile (tiles are
 * aligned to cells), so a visited tile's cells are complete.
 *
 * @example
 * const agg = coarseStaticsFromFine(ctx, [0, 1]); // agg.landCover[ci] is NaN outside tiles 0 and 1
 * @throws RangeError naming `tiles` when an index is outside the tile layout.
 */
export function coarseStaticsFromFine(ctx: StaticsContext, tiles?: readonly number[]): CoarseStaticsFromFine {
  const { fine, coarse } = ctx;
  const ratio = Math.round(coarse.cellSize / fine.cellSize);
  const layout = tileLayout(fine, ctx.tile);
  const order = tiles ?? Array.from({ length: layout.count }, (_, i) => i);
  for (const t of order) if (!Number.isInteger(t) || t < 0 || t >= layout.count) throw new RangeError(`coarseStaticsFromFine: tiles must be indices in 0…${layout.count - 1}, got ${t}`);
  const colOff = Math.round((fine.west - coarse.west) / coarse.cellSize);
  const rowOff = Math.round((coarse.north - fine.north) / coarse.cellSize);
  const landCover = new Float32Array(coarse.size).fill(NaN), dem = new Float32Array(coarse.size).fill(NaN);
  let cells = 0, ties = 0;
  for (const t of order) {
    const ts = tileStatics(ctx, Math.floor(t / layout.cols), t % layout.cols);
    // the tile's 0.25° cells (tiles are aligned to cells): the same aggregation a product read from files gets
    const to = new LatLonGrid({ west: ts.grid.west, north: ts.grid.north, cellSize: coarse.cellSize, width: Math.ceil(ts.width / ratio), height: Math.ceil(ts.height / ratio) });
    const lc = majorityAggregate(ts.landCover, { from: ts.grid, to, minValidFraction: 0, maxCode: 17 });
    const mean = meanAggregate(ts.dem, { from: ts.grid, to, minValidFraction: 0 }).values;
    ties += lc.counts.ties;
    for (let j = 0; j < to.size; j++) {
      const ci = (rowOff + ts.row0 / ratio + Math.floor(j / to.width)) * coarse.width + colOff + ts.col0 / ratio + (j % to.width);
      landCover[ci] = lc.values[j];
      dem[ci] = mean[j];
      cells++;
    }
  }
  return { landCover, dem, counts: { cells, ties } };
}
