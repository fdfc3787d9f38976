import type { LatLonGridSpec } from "./latLonGrid";
import { LatLonGrid } from "./latLonGrid";

/**
 * Checks that a layer's grid is the expected one (same extent and cell size to 1e-9°), e.g. before
 * combining a file's layer with layers on the study grid.
 *
 * @param actual the grid found (e.g. `LatLonGrid.fromGeoTransform` of a file)
 * @param expected the grid required
 * @param options `what` names the data in the message (a file name, a variable); default "layer"
 * @throws RangeError `"<what>: grid mismatch: got w…_n…_d…_WxH, expected …"` naming the differing fields.
 * @example
 * assertSameGrid(new LatLonGrid({ west: 124, north: 39, cellSize: 0.25, width: 8, height: 8 }),
 *   new LatLonGrid({ west: 124, north: 39, cellSize: 0.25, width: 8, height: 8 }), { what: "GLDAS" }); // passes
 */
export function assertSameGrid(actual: LatLonGridSpec, expected: LatLonGrid, options: { what?: string } = {}): void {
  const { what = "layer" } = options;
  if (expected.equals(actual)) return;
  const a = actual instanceof LatLonGrid ? actual : new LatLonGrid(actual);
  const eps = 1e-9;
  const diffs: string[] = [];
  if (a.width !== expected.width || a.height !== expected.height) diffs.push(`size ${a.width}x${a.height} vs ${expected.width}x${expected.height}`);
  if (Math.abs(a.cellSize - expected.cellSize) >= eps) diffs.push(`cellSize ${a.cellSize} vs ${expected.cellSize}`);
  if (Math.abs(a.west - expected.west) >= eps) diffs.push(`west ${a.west} vs ${expected.west}`);
  if (Math.abs(a.north - expected.north) >= eps) diffs.push(`north ${a.north} vs ${expected.north}`);
  throw new RangeError(`${what}: grid mismatch: got ${a.key()}, expected ${expected.key()} (${diffs.join("; ")})`);
}
