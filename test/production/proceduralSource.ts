// A cheap, deterministic (seeded) LayerSource for production tests and benches: every value is a hash of the
// variable, the pixel's global 0.01° column/row (from the request grid's coordinates, so any sub-grid of the same
// lattice gets the same values) and the day. Not physical; only plausible ranges, clouds in 8 × 8 pixel patches.
import { LatLonGrid } from "../../src/grid/latLonGrid";
import type { Layer, LayerRequest, LayerSource, VariableName } from "../../src/sources/layerSource";

const VARS: VariableName[] = ["amsr2_sm", "ascat_sm", "lst", "ndvi", "landcover", "dem", "gldas_sm"];

function hash(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(c + 0x27d4eb2f, 0x165667b1) ^ Math.imul(d, 0x94d049bb);
  h ^= h >>> 15; h = Math.imul(h, 0x2c1b3c6d); h ^= h >>> 12; h = Math.imul(h, 0x297a2d39); h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

export class ProceduralSource implements LayerSource {
  readonly name: string;
  readonly variables = VARS;
  /** Layers served, per variable (for tests of what the engine asks). */
  readonly requests: Record<string, number> = {};
  constructor(readonly seed = 1, readonly cloudShare = 0.3) { this.name = `procedural:${seed}`; }

  async getLayer(req: LayerRequest): Promise<Layer> {
    const { variable, grid, date } = req;
    if (!VARS.includes(variable)) throw new Error(`ProceduralSource: variable '${variable}' is not served`);
    if (!(grid instanceof LatLonGrid) || Math.abs(grid.cellSize - 0.01) > 1e-12) throw new Error(`ProceduralSource: grid must be a 0.01° LatLonGrid, got ${String(grid?.cellSize)}`);
    this.requests[variable] = (this.requests[variable] ?? 0) + 1;
    const day = Math.round(Date.parse(`${date}T00:00:00Z`) / 86400000);
    const c0 = Math.round(grid.west / 0.01), r0 = Math.round((90 - grid.north) / 0.01);
    const v = new Float32Array(grid.size);
    const vi = VARS.indexOf(variable) + 1, s = this.seed;
    for (let y = 0; y < grid.height; y++) {
      const gy = r0 + y;
      for (let x = 0; x < grid.width; x++) {
        const gx = c0 + x, i = y * grid.width + x;
        const coarse = hash(s, gx >> 5, gy >> 5, variable === "landcover" || variable === "dem" ? 0 : day);
        const fine = hash(s + vi, gx, gy, variable === "landcover" || variable === "dem" ? 0 : day);
        let val: number;
        switch (variable) {
          case "landcover": val = coarse < 0.08 ? 17 : 1 + Math.floor(16 * fine); break; // 17 water (c6)
          case "dem": val = Math.round(3000 * coarse * coarse + 50 * fine); break;
          case "amsr2_sm": val = 0.05 + 0.35 * coarse; break;
          case "ascat_sm": val = 0.1 + 0.3 * coarse + 0.05 * fine; break;
          case "gldas_sm": val = 0.06 + 0.3 * coarse + 0.01 * fine; break;
          case "lst": val = 270 + 40 * fine + 10 * coarse; break;
          default: val = 0.9 * fine * (0.5 + 0.5 * coarse); // ndvi
        }
        if ((variable === "lst" || variable === "ndvi") && hash(s + 99, gx >> 3, gy >> 3, day) < this.cloudShare) val = NaN;
        v[i] = Math.fround(val);
      }
    }
    return { variable, date: variable === "landcover" || variable === "dem" ? null : date, grid, values: v, units: "", counts: {}, provenance: this.name };
  }
}
