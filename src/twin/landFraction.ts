import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { feature } from "topojson-client";
import type { Topology } from "topojson-specification";
import type { LatLonGrid } from "../grid/latLonGrid";

/** Options of {@link landFraction}. */
export interface LandFractionOptions {
  /** Sub-samples per cell side (n × n point-in-polygon tests per cell). Default 1 (cell centre only). */
  subsamples?: number;
  /** Natural Earth scale of the world-atlas TopoJSON: `50m` (default) or `110m` / `10m`. */
  scale?: "10m" | "50m" | "110m";
}

let ringCache: { scale: string; rings: Float64Array[] } | null = null;

/** Finds `world-atlas/land-<scale>.json` from the working directory (the project root in every runner). */
function landTopologyPath(scale: string): string {
  const file = `world-atlas/land-${scale}.json`;
  try {
    return createRequire(path.join(process.cwd(), "package.json")).resolve(file);
  } catch {
    throw new Error(`landFraction: cannot find '${file}' from ${process.cwd()} (run from the project root, where node_modules holds world-atlas)`);
  }
}

/** The land polygons' rings as flat [lon0, lat0, lon1, lat1, …] arrays (outer rings and holes alike). */
function landRings(scale: string): Float64Array[] {
  if (ringCache && ringCache.scale === scale) return ringCache.rings;
  const topology = JSON.parse(fs.readFileSync(landTopologyPath(scale), "utf8")) as Topology;
  const land = feature(topology, topology.objects.land) as unknown as GeoJSON.FeatureCollection | GeoJSON.Feature;
  const rings: Float64Array[] = [];
  const addPolygon = (poly: number[][][]) => {
    for (const ring of poly) {
      const a = new Float64Array(ring.length * 2);
      ring.forEach((p, i) => { a[2 * i] = p[0]; a[2 * i + 1] = p[1]; });
      rings.push(a);
    }
  };
  const addGeometry = (g: GeoJSON.Geometry) => {
    if (g.type === "Polygon") addPolygon(g.coordinates);
    else if (g.type === "MultiPolygon") for (const p of g.coordinates) addPolygon(p);
    else if (g.type === "GeometryCollection") for (const x of g.geometries) addGeometry(x);
  };
  if (land.type === "FeatureCollection") for (const f of land.features) addGeometry(f.geometry);
  else addGeometry(land.geometry);
  ringCache = { scale, rings };
  return rings;
}

/**
 * Fraction of each grid cell that is land in Natural Earth (world-atlas `land-50m`, public domain),
 * by point-in-polygon tests on an n × n lattice of points inside the cell (n = `subsamples`; n = 1 tests
 * the cell centre). Rasterised by scanlines with the even–odd rule: for each lattice row, the crossings
 * of every polygon edge with that latitude are sorted and the lattice points between pairs are land.
 *
 * @returns Float32Array of `grid.size` fractions in [0, 1], rows north → south.
 * @example
 * const f = landFraction(new LatLonGrid({ west: 126, north: 38, cellSize: 0.5, width: 2, height: 2 }), { subsamples: 4 });
 * @throws RangeError naming `subsamples` when it is not an integer in 1…64.
 */
export function landFraction(grid: LatLonGrid, options: LandFractionOptions = {}): Float32Array {
  const n = options.subsamples ?? 1;
  const scale = options.scale ?? "50m";
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new RangeError(`landFraction: subsamples must be an integer in 1…64, got ${n}`);
  if (!["10m", "50m", "110m"].includes(scale)) throw new RangeError(`landFraction: scale must be 10m, 50m or 110m, got '${scale}'`);
  const rings = landRings(scale);
  const cols = grid.width * n, rows = grid.height * n;
  const step = grid.cellSize / n;
  const x0 = grid.west + step / 2; // lon of lattice column 0
  const y0 = grid.north - step / 2; // lat of lattice row 0
  // Bucket the edges by the lattice rows they cross.
  const buckets: number[][] = Array.from({ length: rows }, () => []);
  const south = grid.south, north = grid.north, west = grid.west, east = grid.east;
  for (const r of rings) {
    const m = r.length / 2;
    for (let i = 0; i < m; i++) {
      const j = (i + 1) % m;
      const ax = r[2 * i], ay = r[2 * i + 1], bx = r[2 * j], by = r[2 * j + 1];
      if (ay === by) continue;
      const ylo = Math.min(ay, by), yhi = Math.max(ay, by);
      if (yhi < south || ylo > north) continue;
      if (Math.max(ax, bx) < west - 1 && Math.min(ax, bx) < west - 1) {
        // entirely west of the grid: still matters for the even–odd count, keep as a crossing at −∞
      }
      // lattice rows whose latitude y satisfies ylo <= y < yhi
      const rFirst = Math.max(0, Math.ceil((y0 - yhi) / step - 1e-12));
      const rLast = Math.min(rows - 1, Math.floor((y0 - ylo) / step + 1e-12));
      for (let k = rFirst; k <= rLast; k++) {
        const y = y0 - k * step;
        if (y >= ylo && y < yhi) buckets[k].push(ax, ay, bx, by);
      }
    }
  }
  const out = new Float32Array(grid.size);
  const xs: number[] = [];
  for (let k = 0; k < rows; k++) {
    const e = buckets[k];
    if (e.length === 0) continue;
    const y = y0 - k * step;
    xs.length = 0;
    for (let q = 0; q < e.length; q += 4) {
      const ax = e[q], ay = e[q + 1], bx = e[q + 2], by = e[q + 3];
      xs.push(ax + ((y - ay) / (by - ay)) * (bx - ax));
    }
    xs.sort((a, b) => a - b);
    const row = Math.floor(k / n);
    for (let q = 0; q + 1 < xs.length; q += 2) {
      const c0 = Math.max(0, Math.ceil((xs[q] - x0) / step - 1e-12));
      const c1 = Math.min(cols - 1, Math.floor((xs[q + 1] - x0) / step - 1e-12));
      for (let c = c0; c <= c1; c++) out[row * grid.width + Math.floor(c / n)] += 1;
    }
  }
  const inv = 1 / (n * n);
  for (let i = 0; i < out.length; i++) out[i] *= inv;
  return out;
}
