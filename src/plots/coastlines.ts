import * as fs from "fs";
import * as path from "path";
import { mesh } from "topojson-client";
import type { Topology, GeometryCollection } from "topojson-specification";
import { Bounds, clipPolylines } from "./clipPolylines";
import type { PlotTrace } from "./figureTypes";
import { SERIES_COLORS } from "./journalStyle";

/** Natural Earth resolutions shipped by world-atlas. */
export type CoastResolution = "10m" | "50m" | "110m";

/** Options of {@link loadCoastlines}. */
export interface LoadCoastlinesOptions {
  /** world-atlas file `land-<resolution>.json`. Default "50m". */
  resolution?: CoastResolution;
  /** Explicit path of a TopoJSON land file (object `land`); default `<cwd>/node_modules/world-atlas/land-<res>.json`. */
  file?: string;
}

const cache = new Map<string, number[][][]>();

/**
 * Coastlines (land outlines) from world-atlas' Natural Earth land TopoJSON, as polylines of [lon, lat]
 * (topojson-client `mesh` of the `land` object). Read once per file and cached.
 * Natural Earth is public domain; world-atlas is ISC.
 *
 * @param options `resolution` ("50m"), `file`
 * @throws Error naming the file when it cannot be read or has no `land` object
 * @example
 * loadCoastlines({}).length; // 1419 polylines at 1:50m
 */
export function loadCoastlines(options: LoadCoastlinesOptions = {}): number[][][] {
  const resolution = options.resolution ?? "50m";
  if (!["10m", "50m", "110m"].includes(resolution)) throw new RangeError(`loadCoastlines: resolution must be 10m, 50m or 110m, got ${resolution}`);
  const file = options.file ?? path.join(process.cwd(), "node_modules", "world-atlas", `land-${resolution}.json`);
  const hit = cache.get(file);
  if (hit) return hit;
  let topo: Topology;
  try {
    topo = JSON.parse(fs.readFileSync(file, "utf8")) as Topology;
  } catch (e) {
    throw new Error(`loadCoastlines: cannot read ${file}: ${(e as Error).message}`);
  }
  const land = topo.objects && (topo.objects as Record<string, GeometryCollection>).land;
  if (!land) throw new Error(`loadCoastlines: ${file} has no "land" object`);
  const lines = mesh(topo, land).coordinates as number[][][];
  cache.set(file, lines);
  return lines;
}

/** Options of {@link coastlineTrace}. */
export interface CoastlineTraceOptions extends LoadCoastlinesOptions {
  /** Axis ids of the subplot. Default "x" / "y". */
  xaxis?: string;
  yaxis?: string;
  color?: string;
  /** Line width, px. Default 0.8. */
  width?: number;
  /** Round coordinates to this many decimals (keeps specs small). Default 3. */
  decimals?: number;
}

/**
 * A plotly line trace of the coastlines clipped to a map's extent (pieces separated by `null`), to
 * lay over a heatmap of a LatLonGrid field.
 *
 * @param bounds the map extent in degrees
 * @param options axis ids, colour, width, resolution, file
 * @example
 * coastlineTrace({ west: 124, east: 132, south: 33, north: 39 }, { xaxis: "x2", yaxis: "y2" });
 */
export function coastlineTrace(bounds: Bounds, options: CoastlineTraceOptions = {}): PlotTrace {
  const decimals = options.decimals ?? 3;
  const width = options.width ?? 0.8;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 8) throw new RangeError(`coastlineTrace: decimals must be an integer in 0…8, got ${decimals}`);
  if (!(width > 0)) throw new RangeError(`coastlineTrace: width must be > 0, got ${width}`);
  const pieces = clipPolylines(loadCoastlines(options), bounds);
  const f = 10 ** decimals;
  const x: (number | null)[] = [];
  const y: (number | null)[] = [];
  for (const piece of pieces) {
    if (x.length > 0) { x.push(null); y.push(null); }
    for (const [lon, lat] of piece) { x.push(Math.round(lon * f) / f); y.push(Math.round(lat * f) / f); }
  }
  return {
    type: "scatter", mode: "lines", name: "coastline", x, y, xaxis: options.xaxis ?? "x", yaxis: options.yaxis ?? "y",
    line: { color: options.color ?? SERIES_COLORS.coast, width }, hoverinfo: "skip", showlegend: false,
  };
}
