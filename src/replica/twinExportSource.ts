import { LatLonGrid } from "../grid/latLonGrid";
import type { TwinSource } from "../twin/TwinSource";
import type { Layer, LayerRequest, LayerSource, VariableName } from "../sources/layerSource";

/** The variables {@link TwinExportSource} serves (what the MODIS and SRTM replicas are made of). */
const SERVED: readonly VariableName[] = ["lst", "ndvi", "landcover", "dem"];

/**
 * The twin's MODIS and SRTM layers on one 0.01° grid over its WHOLE 0.25° domain, for the provider replica: a real
 * MODIS or SRTM tile covers the domain, and the 0.25° training samples are read from it, not only the 1 km window.
 *
 * - Inside the 1 km window, the twin's 1 km values where it keeps them (land cover and elevation always; LST and
 *   NDVI for the kept composites; the clear-sky flags for the kept days).
 * - Everywhere else (outside the window, or days the twin keeps only at 0.25°), the value of the 0.25° cell holding
 *   the pixel, so the mean (majority) over a cell's pixels gives back the twin's 0.25° value.
 * - Clear sky on 0.25°-only days: the twin gives each cell's clear fraction f; the cell's pixels get 0/1 flags with
 *   round((1 − f) × n) cloudy pixels (at least one when f < 1), the cloudy ones nearest the cell centre first, so a
 *   fully clear cell reads back as fully clear and any other cell as not (the sampling's "all valid" rule); NaN (sea)
 *   gives cloudy pixels; days outside the twin's period (the end of a composite that runs past it) are not clear.
 *
 * Where the twin keeps 1 km land cover and elevation, its 0.25° values are their aggregates (majority, mean; since
 * twin-8), so those window cells read back as the twin's 0.25° values up to the formats' rounding, as real files would.
 *
 * @example
 * const src = new TwinExportSource(twin);
 * const lst = await src.getLayer({ variable: "lst", grid: src.grid, date: "2015-05-01" });
 * @throws (getLayer) Error naming the variable or grid when it is not one of the served or not {@link grid}.
 */
export class TwinExportSource implements LayerSource {
  readonly name: string;
  readonly variables = SERVED;
  /** The export grid: the twin's 1 km cell size over its 0.25° domain. */
  readonly grid: LatLonGrid;
  private readonly twin: TwinSource;
  private readonly k: number;
  private readonly row0: number;
  private readonly col0: number;
  private readonly kept: Set<string>;
  /** Sub-pixel offsets (row-major within a cell) ordered by distance from the cell centre. */
  private readonly centreOrder: Int32Array;

  constructor(twin: TwinSource) {
    this.twin = twin;
    const c = twin.coarseGrid, f = twin.fineGrid;
    const k = Math.round(c.cellSize / f.cellSize);
    if (Math.abs(k * f.cellSize - c.cellSize) > 1e-9) throw new RangeError(`TwinExportSource: the 1 km cell size ${f.cellSize} does not divide the 0.25° cell size ${c.cellSize}`);
    this.k = k;
    this.grid = new LatLonGrid({ west: c.west, north: c.north, cellSize: f.cellSize, width: c.width * k, height: c.height * k });
    this.col0 = Math.round((f.west - c.west) / f.cellSize);
    this.row0 = Math.round((c.north - f.north) / f.cellSize);
    this.kept = new Set(twin.applicationDates());
    this.name = `${twin.name} (0.01° over the 0.25° domain, for the replica)`;
    const order = Array.from({ length: k * k }, (_, i) => i);
    const d2 = (i: number) => ((i % k) - (k - 1) / 2) ** 2 + (Math.floor(i / k) - (k - 1) / 2) ** 2;
    order.sort((a, b) => d2(a) - d2(b) || a - b);
    this.centreOrder = Int32Array.from(order);
  }

  /** The layer on {@link grid}: 1 km values inside the window where the twin keeps them, the 0.25° cell's value elsewhere. */
  async getLayer(request: LayerRequest): Promise<Layer> {
    const { variable, grid, date } = request;
    if (!SERVED.includes(variable)) throw new Error(`${this.name}: serves ${SERVED.join(", ")}, not '${String(variable)}'`);
    if (!(grid instanceof LatLonGrid) || !grid.equals(this.grid)) throw new Error(`${this.name}: layers are served on ${this.grid.key()} only`);
    const coarse = this.twin.layer({ variable, grid: this.twin.coarseGrid, date });
    const values = this.fromCoarse(coarse.values);
    let fine: Layer | null = null;
    try { fine = this.twin.layer({ variable, grid: this.twin.fineGrid, date }); } catch { fine = null; } // not kept at 1 km: 0.25° values
    if (fine) this.pasteWindow(values, fine.values);
    return { variable, date: coarse.date, grid: this.grid, values, units: coarse.units, counts: { windowFrom1km: fine ? 1 : 0 }, provenance: this.name };
  }

  /** 0/1 clear-sky flags on {@link grid}: the twin's 1 km flags on kept days in the window, else dithered from the 0.25° clear fraction. */
  clearSky(grid: LatLonGrid, date: string): { grid: LatLonGrid; date: string; values: Float32Array } {
    if (!(grid instanceof LatLonGrid) || !grid.equals(this.grid)) throw new Error(`${this.name}: clearSky is served on ${this.grid.key()} only`);
    const period = this.twin.dates();
    // A composite's days after the twin's period (its last 8-day composite may run past it): no clear day.
    if (date > period[period.length - 1] || date < period[0]) return { grid: this.grid, date, values: new Float32Array(this.grid.size) };
    const frac = this.twin.clearSky(this.twin.coarseGrid, date).values;
    const c = this.twin.coarseGrid, k = this.k, n = k * k, W = this.grid.width;
    const values = new Float32Array(this.grid.size);
    for (let cr = 0; cr < c.height; cr++) for (let cc = 0; cc < c.width; cc++) {
      const f = frac[cr * c.width + cc];
      const cloudy = !(f === f) ? n : f >= 1 ? 0 : Math.min(n, Math.max(1, Math.round((1 - f) * n)));
      for (let j = 0; j < n; j++) {
        const sub = this.centreOrder[j];
        values[(cr * k + Math.floor(sub / k)) * W + cc * k + (sub % k)] = j < cloudy ? 0 : 1;
      }
    }
    if (this.kept.has(date)) {
      const fine = this.twin.clearSky(this.twin.fineGrid, date).values;
      this.pasteWindow(values, Float32Array.from(fine, (v) => (v >= 0.5 ? 1 : 0)));
    }
    return { grid: this.grid, date, values };
  }

  private fromCoarse(coarse: Float32Array): Float32Array {
    const c = this.twin.coarseGrid, k = this.k, W = this.grid.width;
    const out = new Float32Array(this.grid.size);
    for (let r = 0; r < this.grid.height; r++) {
      const cr = Math.floor(r / k);
      for (let col = 0; col < W; col++) out[r * W + col] = coarse[cr * c.width + Math.floor(col / k)];
    }
    return out;
  }

  private pasteWindow(out: Float32Array, fine: Float32Array): void {
    const f = this.twin.fineGrid, W = this.grid.width;
    for (let r = 0; r < f.height; r++) out.set(fine.subarray(r * f.width, (r + 1) * f.width), (this.row0 + r) * W + this.col0);
  }
}
