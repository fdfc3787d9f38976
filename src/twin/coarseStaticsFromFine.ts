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
  const votes = new Int32Array(18);
  for (const t of order) {
    const ts = tileStatics(ctx, Math.floor(t / layout.cols), t % layout.cols);
    const W = ts.width;
    for (let r0 = 0; r0 < ts.height; r0 += ratio) {
      for (let c0 = 0; c0 < W; c0 += ratio) {
        votes.fill(0);
        let sum = 0, n = 0;
        for (let r = r0; r < Math.min(ts.height, r0 + ratio); r++) {
          for (let c = c0; c < Math.min(W, c0 + ratio); c++) {
            const i = r * W + c;
            votes[ts.landCover[i]]++;
            sum += ts.dem[i]; n++;
          }
        }
        let best = 1;
        for (let k = 2; k <= 17; k++) if (votes[k] > votes[best]) best = k;
        for (let k = best + 1; k <= 17; k++) if (votes[k] === votes[best]) { ties++; break; }
        const ci = (rowOff + (ts.row0 + r0) / ratio) * coarse.width + colOff + (ts.col0 + c0) / ratio;
        landCover[ci] = best;
        dem[ci] = sum / n;
        cells++;
      }
    }
  }
  return { landCover, dem, counts: { cells, ties } };
}
