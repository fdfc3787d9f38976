/** A lon/lat box. */
export interface Bounds {
  west: number;
  east: number;
  south: number;
  north: number;
}

/**
 * Clips polylines to a rectangle (Liang–Barsky per segment). A line leaving and re-entering the box is
 * split into separate pieces; segments wholly outside are dropped.
 *
 * @param lines polylines as arrays of [x, y] points (lon, lat)
 * @param bounds the box (west < east, south < north)
 * @returns the clipped pieces (each ≥ 2 points)
 * @throws RangeError when the box is empty
 * @example
 * clipPolylines([[[0, 0], [10, 0]]], { west: 2, east: 5, south: -1, north: 1 }); // [[[2, 0], [5, 0]]]
 */
export function clipPolylines(lines: readonly (readonly (readonly number[])[])[], bounds: Bounds): number[][][] {
  const { west, east, south, north } = bounds;
  if (!(east > west) || !(north > south)) throw new RangeError(`clipPolylines: bounds must have west < east and south < north, got ${JSON.stringify(bounds)}`);
  const out: number[][][] = [];
  for (const line of lines) {
    let current: number[][] | null = null;
    for (let i = 0; i + 1 < line.length; i++) {
      const [x0, y0] = line[i];
      const [x1, y1] = line[i + 1];
      const dx = x1 - x0;
      const dy = y1 - y0;
      let t0 = 0;
      let t1 = 1;
      let inside = true;
      const p = [-dx, dx, -dy, dy];
      const q = [x0 - west, east - x0, y0 - south, north - y0];
      for (let k = 0; k < 4 && inside; k++) {
        if (p[k] === 0) {
          if (q[k] < 0) inside = false;
        } else {
          const t = q[k] / p[k];
          if (p[k] < 0) { if (t > t1) inside = false; else if (t > t0) t0 = t; } else { if (t < t0) inside = false; else if (t < t1) t1 = t; }
        }
      }
      if (!inside) { current = null; continue; }
      const a = [x0 + t0 * dx, y0 + t0 * dy];
      const b = [x0 + t1 * dx, y0 + t1 * dy];
      if (current && t0 === 0) current.push(b);
      else {
        current = [a, b];
        out.push(current);
      }
      if (t1 < 1) current = null;
    }
  }
  return out;
}
