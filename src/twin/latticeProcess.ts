import type { LatLonGrid } from "../grid/latLonGrid";
import { hashGauss } from "./prng";

/**
 * A space–time Gaussian random field: standard normals on a lattice of `spacing` degrees (keyed by global
 * lattice indices) evolving as AR(1) in time with lag-1 correlation `rho`, interpolated to the centres of
 * a grid with smoothstep-bilinear weights renormalised to unit variance. Each call to {@link step}
 * advances one day and writes N(0, 1) values with spatial scale ≈ `spacing` into `out`.
 *
 * @example
 * const p = new LatticeProcess(grid, { spacing: 3, rho: 0.6, seed: 1, stream: 11 });
 * const z = new Float32Array(grid.size); p.step(dayNumber, z);
 */
export class LatticeProcess {
  private readonly nx: number;
  private readonly ny: number;
  private readonly ix0: number;
  private readonly iy0: number;
  private readonly nodes: Float64Array;
  private readonly idx: Int32Array;
  private readonly w: Float32Array;
  private started = false;
  private readonly rho: number;
  private readonly seed: number;
  private readonly stream: number;

  /** @throws RangeError naming `spacing` or `rho` when out of range. */
  constructor(grid: LatLonGrid, options: { spacing: number; rho: number; seed: number; stream: number }) {
    const { spacing, rho } = options;
    if (!(spacing > 0)) throw new RangeError(`LatticeProcess: spacing must be > 0, got ${spacing}`);
    if (!(rho >= 0 && rho < 1)) throw new RangeError(`LatticeProcess: rho must be in [0, 1), got ${rho}`);
    this.rho = rho;
    this.seed = options.seed;
    this.stream = options.stream;
    this.ix0 = Math.floor(grid.west / spacing) - 1;
    this.iy0 = Math.floor(grid.south / spacing) - 1;
    this.nx = Math.floor(grid.east / spacing) + 2 - this.ix0 + 1;
    this.ny = Math.floor(grid.north / spacing) + 2 - this.iy0 + 1;
    this.nodes = new Float64Array(this.nx * this.ny);
    this.idx = new Int32Array(grid.size * 4);
    this.w = new Float32Array(grid.size * 4);
    for (let r = 0; r < grid.height; r++) {
      const fy = grid.latOf(r) / spacing;
      const iy = Math.floor(fy);
      let ty = fy - iy;
      ty = ty * ty * (3 - 2 * ty);
      for (let c = 0; c < grid.width; c++) {
        const fx = grid.lonOf(c) / spacing;
        const ix = Math.floor(fx);
        let tx = fx - ix;
        tx = tx * tx * (3 - 2 * tx);
        const ws = [(1 - tx) * (1 - ty), tx * (1 - ty), (1 - tx) * ty, tx * ty];
        const norm = Math.sqrt(ws[0] ** 2 + ws[1] ** 2 + ws[2] ** 2 + ws[3] ** 2);
        const k = (r * grid.width + c) * 4;
        const base = (iy - this.iy0) * this.nx + (ix - this.ix0);
        this.idx[k] = base; this.idx[k + 1] = base + 1; this.idx[k + 2] = base + this.nx; this.idx[k + 3] = base + this.nx + 1;
        for (let q = 0; q < 4; q++) this.w[k + q] = ws[q] / norm;
      }
    }
  }

  /** Forgets the history: the next {@link step} starts from fresh stationary values. */
  reset(): void {
    this.started = false;
  }

  /** Advances to day `day` (days since 1970) and writes the field at the grid's cell centres into `out`. */
  step(day: number, out: Float32Array): void {
    const a = this.rho, b = Math.sqrt(1 - this.rho * this.rho);
    for (let j = 0; j < this.ny; j++) {
      for (let i = 0; i < this.nx; i++) {
        const g = hashGauss(this.seed, this.stream, (this.ix0 + i) * 65537 + (this.iy0 + j), day);
        const k = j * this.nx + i;
        this.nodes[k] = this.started ? a * this.nodes[k] + b * g : g;
      }
    }
    this.started = true;
    const n = out.length;
    const idx = this.idx, w = this.w, nodes = this.nodes;
    for (let i = 0; i < n; i++) {
      const k = i * 4;
      out[i] = w[k] * nodes[idx[k]] + w[k + 1] * nodes[idx[k + 1]] + w[k + 2] * nodes[idx[k + 2]] + w[k + 3] * nodes[idx[k + 3]];
    }
  }
}
