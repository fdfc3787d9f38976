import type { LatLonGrid } from "../grid/latLonGrid";
import type { Layer, LayerRequest, LayerSource, VariableName } from "../sources/layerSource";

/**
 * A LayerSource that serves tile sub-grids of `window` from a source that serves only the whole window (today's
 * twin and product readers): a request on a grid aligned with `window` and inside it is answered by cropping the
 * window's layer, read once per variable and day (the last day's layers are kept: one window-sized layer per
 * variable). Other requests pass through. For sources that serve sub-grids themselves, use them directly: this
 * adapter's memory grows with the window.
 *
 * @param inner the source (e.g. the gap-filled twin)
 * @param window the grid `inner` serves at 0.01°
 * @throws (from getLayer) Error naming the request grid when it is aligned with the window but not inside it
 * @example
 * const tiles = windowSource(data.prepared, data.fine);
 * await tiles.getLayer({ variable: "lst", grid: tile.grid, date });
 */
export function windowSource(inner: LayerSource, window: LatLonGrid): LayerSource {
  const cache = new Map<VariableName, { date: string; layer: Layer }>();
  const c = window.cellSize;
  return {
    name: `${inner.name} (tiles of the window)`,
    variables: inner.variables,
    async getLayer(req: LayerRequest): Promise<Layer> {
      const g = req.grid;
      if (g.equals(window) || Math.abs(g.cellSize - c) > 1e-9 * c) return inner.getLayer(req);
      const col0 = Math.round((g.west - window.west) / c), row0 = Math.round((window.north - g.north) / c);
      if (Math.abs((g.west - window.west) / c - col0) > 1e-6 || Math.abs((window.north - g.north) / c - row0) > 1e-6) return inner.getLayer(req);
      if (col0 < 0 || row0 < 0 || col0 + g.width > window.width || row0 + g.height > window.height) {
        throw new Error(`windowSource: ${req.variable} requested on ${JSON.stringify(g.toJSON())}, outside the window ${JSON.stringify(window.toJSON())} that ${inner.name} serves`);
      }
      let hit = cache.get(req.variable);
      if (!hit || hit.date !== req.date) {
        hit = { date: req.date, layer: await inner.getLayer({ ...req, grid: window }) };
        cache.set(req.variable, hit);
      }
      const src = hit.layer.values;
      const values = new Float32Array(g.size);
      for (let r = 0; r < g.height; r++) values.set(src.subarray((row0 + r) * window.width + col0, (row0 + r) * window.width + col0 + g.width), r * g.width);
      return { ...hit.layer, grid: g, values, counts: { cells: g.size } };
    },
  };
}
