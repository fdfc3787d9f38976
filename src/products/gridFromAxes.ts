import { LatLonGrid } from "../grid/latLonGrid";

/** A product's native grid from its coordinate vectors, and how to reorder its rows to north → south. */
export interface AxesGrid {
  grid: LatLonGrid;
  /** True when the file's latitude runs south → north (its row 0 is the grid's last row). */
  latAscending: boolean;
}

/**
 * Builds the LatLonGrid of cell-centre coordinate vectors (any latitude order), checking that both are
 * regular with the same spacing.
 * @throws Error `<file>: <what>` when an axis is empty, irregular, or the spacings differ (grid mismatch).
 * @example
 * gridFromAxes(Float64Array.of(-59.875, -59.625), Float64Array.of(-179.875, -179.625), "x.nc4").grid.north; // -59.5
 */
export function gridFromAxes(lat: ArrayLike<number>, lon: ArrayLike<number>, file: string): AxesGrid {
  if (lat.length < 1 || lon.length < 1) throw new Error(`${file}: empty latitude or longitude axis`);
  const step = (a: ArrayLike<number>, name: string): number => {
    if (a.length < 2) return NaN;
    const d = (a[a.length - 1] - a[0]) / (a.length - 1);
    for (let i = 1; i < a.length; i++) {
      if (Math.abs(a[i] - a[i - 1] - d) > Math.max(1e-4, Math.abs(d) * 1e-3)) {
        throw new Error(`${file}: ${name} axis is not regular (step ${a[i] - a[i - 1]} at index ${i}, expected ${d})`);
      }
    }
    return d;
  };
  const dLat = step(lat, "latitude");
  const dLon = step(lon, "longitude");
  const cell = Number.isFinite(dLon) ? Math.abs(dLon) : Math.abs(dLat);
  if (!(cell > 0)) throw new Error(`${file}: cannot infer the cell size from one-point axes`);
  if (Number.isFinite(dLat) && Math.abs(Math.abs(dLat) - cell) > cell * 1e-3) {
    throw new Error(`${file}: grid mismatch: latitude spacing ${Math.abs(dLat)} differs from longitude spacing ${cell}`);
  }
  if (Number.isFinite(dLon) && dLon < 0) throw new Error(`${file}: longitude axis runs east → west, which is not supported`);
  const cellSize = Math.round(cell * 1e6) / 1e6;
  const latAscending = Number.isFinite(dLat) ? dLat > 0 : true;
  const northCentre = latAscending ? lat[lat.length - 1] : lat[0];
  const grid = new LatLonGrid({
    west: roundTo(lon[0] - cellSize / 2),
    north: roundTo(northCentre + cellSize / 2),
    cellSize,
    width: lon.length,
    height: lat.length,
  });
  return { grid, latAscending };
}

function roundTo(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
