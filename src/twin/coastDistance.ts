import type { LatLonGrid } from "../grid/latLonGrid";

/**
 * Distance (km) from each cell centre to the nearest sea cell (land fraction < 0.5), by a two-pass
 * 8-neighbour chamfer transform with east–west steps shortened by cos(latitude). Sea cells get 0.
 * Cells beyond the grid edge count as land (the domain's western and northern edges are inland).
 *
 * @param land land fraction per cell (Float32Array of grid.size).
 * @example
 * const d = coastDistance(grid, landFraction(grid, { subsamples: 5 })); // km
 */
export function coastDistance(grid: LatLonGrid, land: Float32Array): Float32Array {
  if (land.length !== grid.size) throw new RangeError(`coastDistance: land has ${land.length} values, grid has ${grid.size}`);
  const W = grid.width, H = grid.height;
  const d = new Float32Array(grid.size);
  for (let i = 0; i < d.length; i++) d[i] = land[i] < 0.5 ? 0 : 1e9;
  const dy = grid.cellSize * 111.2;
  const dxOf = (r: number) => dy * Math.cos((grid.latOf(r) * Math.PI) / 180);
  for (let pass = 0; pass < 2; pass++) {
    const rows = pass === 0 ? Array.from({ length: H }, (_, i) => i) : Array.from({ length: H }, (_, i) => H - 1 - i);
    for (const r of rows) {
      const dx = dxOf(r), dd = Math.hypot(dx, dy);
      const rn = pass === 0 ? r - 1 : r + 1;
      for (let k = 0; k < W; k++) {
        const c = pass === 0 ? k : W - 1 - k;
        const cp = pass === 0 ? c - 1 : c + 1;
        const i = r * W + c;
        let v = d[i];
        if (cp >= 0 && cp < W) v = Math.min(v, d[r * W + cp] + dx);
        if (rn >= 0 && rn < H) {
          v = Math.min(v, d[rn * W + c] + dy);
          if (c - 1 >= 0) v = Math.min(v, d[rn * W + c - 1] + dd);
          if (c + 1 < W) v = Math.min(v, d[rn * W + c + 1] + dd);
        }
        d[i] = v;
      }
    }
  }
  for (let i = 0; i < d.length; i++) if (d[i] > 1e8) d[i] = 3000;
  return d;
}
