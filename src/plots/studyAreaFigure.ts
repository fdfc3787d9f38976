import type { Bounds } from "./clipPolylines";
import { coastlineTrace } from "./coastlines";
import type { PlotFigure, PlotTrace } from "./figureTypes";
import { FONT_SIZES, journalAxis, journalLayout, SERIES_COLORS } from "./journalStyle";

/** A labelled group of points (sample points, stations) on the study-area map. */
export interface MapPointGroup {
  name: string;
  lon: ArrayLike<number>;
  lat: ArrayLike<number>;
  /** Text drawn next to each point (e.g. station letters a–n). */
  labels?: readonly string[];
  color?: string;
  /** Marker size, px. Default 5. */
  size?: number;
  symbol?: string;
  /** Marker colour values (one per point) with a colour scale, instead of one colour. */
  colorValues?: ArrayLike<number>;
}

/** A rectangle drawn on the map (the training domain, the 1 km window, the paper's stated box). */
export interface MapBox extends Bounds {
  name: string;
  color?: string;
  dash?: "solid" | "dash" | "dot";
}

/**
 * The study-area map (the paper's Figure 1 and Appendix Figure A1): coastlines, rectangles for the domains,
 * and groups of points, in an equirectangular view (latitude stretched by 1/cos of the mid-latitude).
 * @example
 * studyAreaFigure({ west: 100, east: 146, south: 18, north: 54 }, { boxes: [{ name: "1 km window", west: 124.5, east: 130, south: 33, north: 39 }] });
 * @throws RangeError when the extent is empty.
 */
export function studyAreaFigure(extent: Bounds, options: { boxes?: readonly MapBox[]; groups?: readonly MapPointGroup[]; width?: number; height?: number; title?: string } = {}): PlotFigure {
  if (!(extent.east > extent.west) || !(extent.north > extent.south)) throw new RangeError(`studyAreaFigure: extent must have east > west and north > south, got ${JSON.stringify(extent)}`);
  const traces: PlotTrace[] = [coastlineTrace(extent)];
  for (const b of options.boxes ?? []) {
    traces.push({
      type: "scatter", mode: "lines", name: b.name, hoverinfo: "name",
      x: [b.west, b.east, b.east, b.west, b.west], y: [b.south, b.south, b.north, b.north, b.south],
      line: { color: b.color ?? "#000000", width: 1.5, dash: b.dash ?? "solid" },
    });
  }
  for (const g of options.groups ?? []) {
    if (g.lon.length !== g.lat.length) throw new RangeError(`studyAreaFigure: group '${g.name}' has ${g.lon.length} longitudes but ${g.lat.length} latitudes`);
    const marker: Record<string, unknown> = { size: g.size ?? 5, symbol: g.symbol ?? "circle", color: g.color ?? SERIES_COLORS.downscaled, line: { width: 0.5, color: "#ffffff" } };
    if (g.colorValues) Object.assign(marker, { color: Array.from(g.colorValues), colorscale: "Viridis", showscale: false });
    traces.push({
      type: "scatter", mode: g.labels ? "markers+text" : "markers", name: g.name,
      x: Array.from(g.lon), y: Array.from(g.lat), marker,
      ...(g.labels ? { text: [...g.labels], textposition: "top right", textfont: { size: FONT_SIZES.annotation } } : {}),
    });
  }
  const midLat = ((extent.north + extent.south) / 2) * (Math.PI / 180);
  const width = options.width ?? 700;
  const plotW = width - 90;
  const height = options.height ?? Math.round(Math.min(900, (plotW * (extent.north - extent.south)) / ((extent.east - extent.west) * Math.cos(midLat))) + 90);
  const layout = journalLayout({ width, height, title: options.title, margin: { l: 60, r: 20, t: options.title ? 50 : 20, b: 50 } });
  return {
    data: traces,
    layout: {
      ...layout,
      legend: { ...(layout.legend as object), x: 1, xanchor: "right", y: 0, yanchor: "bottom" },
      xaxis: journalAxis({ title: "Longitude (°E)", range: [extent.west, extent.east] }),
      yaxis: journalAxis({ title: "Latitude (°N)", range: [extent.south, extent.north], extra: { scaleanchor: "x", scaleratio: 1 / Math.cos(midLat) } }),
    },
  };
}
