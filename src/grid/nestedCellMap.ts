import type { LatLonGrid } from "./latLonGrid";

/**
 * How the cells of a fine LatLonGrid fall into the cells of a coarse one (by cell centre), per axis:
 * `cols[c]` / `rows[r]` = coarse column / row of fine column c / row r (−1 outside the coarse grid), and
 * `expectedCols[cc]` / `expectedRows[cr]` = how many fine columns / rows an unbounded fine grid would put
 * into coarse column cc / row cr (the denominator of valid fractions, so coarse cells only partly covered
 * by the fine grid count the uncovered part as missing).
 */
export interface NestedCellMap {
  cols: Int32Array;
  rows: Int32Array;
  expectedCols: Int32Array;
  expectedRows: Int32Array;
}

/** Builds the {@link NestedCellMap} of `fine` into `coarse`. */
export function nestedCellMap(fine: LatLonGrid, coarse: LatLonGrid): NestedCellMap {
  const cols = new Int32Array(fine.width);
  for (let c = 0; c < fine.width; c++) {
    const cc = coarse.colOf(fine.lonOf(c));
    cols[c] = cc >= 0 && cc < coarse.width ? cc : -1;
  }
  const rows = new Int32Array(fine.height);
  for (let r = 0; r < fine.height; r++) {
    const cr = coarse.rowOf(fine.latOf(r));
    rows[r] = cr >= 0 && cr < coarse.height ? cr : -1;
  }
  // fine centres at origin + (k + 0.5)·s; count integers k with centre in [a, b): ceil((b−o)/s − 0.5) − ceil((a−o)/s − 0.5)
  const count = (a: number, b: number, o: number, s: number) => Math.ceil((b - o) / s - 0.5 - 1e-9) - Math.ceil((a - o) / s - 0.5 - 1e-9);
  const expectedCols = new Int32Array(coarse.width);
  for (let cc = 0; cc < coarse.width; cc++) {
    expectedCols[cc] = count(coarse.west + cc * coarse.cellSize, coarse.west + (cc + 1) * coarse.cellSize, fine.west, fine.cellSize);
  }
  const expectedRows = new Int32Array(coarse.height);
  for (let cr = 0; cr < coarse.height; cr++) {
    // in "distance south of the fine grid's north edge" coordinates: d_fine = d_coarse + (fine.north − coarse.north)
    const dn = fine.north - coarse.north;
    expectedRows[cr] = count(cr * coarse.cellSize + dn, (cr + 1) * coarse.cellSize + dn, 0, fine.cellSize);
  }
  return { cols, rows, expectedCols, expectedRows };
}
