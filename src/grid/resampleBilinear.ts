import type { LatLonGrid } from "./latLonGrid";

/** Options of {@link resampleBilinear}. */
export interface ResampleBilinearOptions {
  /** Grid of the input values (e.g. 0.25° GLDAS). */
  from: LatLonGrid;
  /** Output grid (e.g. 0.01°). */
  to: LatLonGrid;
  /**
   * NaN neighbours: "renormalize" (default) weights only the valid ones among the four (NaN if none);
   * "propagate" gives NaN when any of the four is NaN.
   */
  nan?: "renormalize" | "propagate";
}

/**
 * Bilinear interpolation between the cell centres of a LatLonGrid, onto another LatLonGrid (0.25° → 1 km).
 * Output centres between the outermost input centres and the input grid's edge take the edge values
 * (constant extrapolation over the last half cell); output centres outside the input grid are NaN (counted).
 * Formula: v = Σ wᵢ vᵢ / Σ wᵢ over the 4 neighbours, wᵢ = (1−|dx|)(1−|dy|) in input-cell units.
 *
 * @throws RangeError naming the option (from, to, nan) or `values` length.
 * @example
 * const from = new LatLonGrid({ west: 0, north: 1, cellSize: 1, width: 2, height: 1 });
 * const to = new LatLonGrid({ west: 0.5, north: 1, cellSize: 0.5, width: 2, height: 1 });
 * Array.from(resampleBilinear([0, 10], { from, to }).values); // [2.5, 7.5]
 */
export function resampleBilinear(values: ArrayLike<number>, options: ResampleBilinearOptions): { values: Float32Array; counts: { outside: number; noValidNeighbour: number } } {
  const { from, to, nan = "renormalize" } = options ?? ({} as ResampleBilinearOptions);
  if (!from || typeof from.colOf !== "function") throw new RangeError(`resampleBilinear: from must be a LatLonGrid, got ${String(from)}`);
  if (!to || typeof to.colOf !== "function") throw new RangeError(`resampleBilinear: to must be a LatLonGrid, got ${String(to)}`);
  if (nan !== "renormalize" && nan !== "propagate") throw new RangeError(`resampleBilinear: nan must be "renormalize" or "propagate", got ${String(nan)}`);
  if (!values || values.length !== from.width * from.height) throw new RangeError(`resampleBilinear: values must hold from.width*from.height = ${from.width * from.height} numbers, got ${values ? values.length : 0}`);
  const fw = from.width, fh = from.height;
  // per-axis neighbours and weights
  const axis = (n: number, pos: (k: number) => number, count: number) => {
    const i0 = new Int32Array(n), i1 = new Int32Array(n), w1 = new Float64Array(n), inside = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const f = pos(k) - 0.5; // continuous index relative to input centres
      if (f < -0.5 - 1e-9 || f > count - 0.5 + 1e-9) continue;
      inside[k] = 1;
      if (f <= 0) { i0[k] = 0; i1[k] = 0; w1[k] = 0; } else if (f >= count - 1) { i0[k] = count - 1; i1[k] = count - 1; w1[k] = 0; } else {
        const a = Math.floor(f);
        i0[k] = a; i1[k] = a + 1; w1[k] = f - a;
      }
    }
    return { i0, i1, w1, inside };
  };
  const cx = axis(to.width, (c) => (to.lonOf(c) - from.west) / from.cellSize, fw);
  const ry = axis(to.height, (r) => (from.north - to.latOf(r)) / from.cellSize, fh);
  const out = new Float32Array(to.width * to.height);
  let outside = 0, noValid = 0;
  const propagate = nan === "propagate";
  for (let r = 0; r < to.height; r++) {
    const rowIn = ry.inside[r];
    const y0 = ry.i0[r] * fw, y1 = ry.i1[r] * fw, wy = ry.w1[r];
    for (let c = 0; c < to.width; c++) {
      const o = r * to.width + c;
      if (!rowIn || !cx.inside[c]) { out[o] = NaN; outside++; continue; }
      const x0 = cx.i0[c], x1 = cx.i1[c], wx = cx.w1[c];
      const v00 = values[y0 + x0], v01 = values[y0 + x1], v10 = values[y1 + x0], v11 = values[y1 + x1];
      const w00 = (1 - wx) * (1 - wy), w01 = wx * (1 - wy), w10 = (1 - wx) * wy, w11 = wx * wy;
      let s = 0, ws = 0, bad = false;
      if (w00 > 0) { if (v00 === v00) { s += w00 * v00; ws += w00; } else bad = true; }
      if (w01 > 0) { if (v01 === v01) { s += w01 * v01; ws += w01; } else bad = true; }
      if (w10 > 0) { if (v10 === v10) { s += w10 * v10; ws += w10; } else bad = true; }
      if (w11 > 0) { if (v11 === v11) { s += w11 * v11; ws += w11; } else bad = true; }
      if (ws === 0 || (propagate && bad)) { out[o] = NaN; noValid++; } else out[o] = s / ws;
    }
  }
  return { values: out, counts: { outside, noValidNeighbour: noValid } };
}
