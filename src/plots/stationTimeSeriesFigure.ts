import type { PlotFigure, PlotTrace } from "./figureTypes";
import { toPlotValues } from "./figureTypes";
import { FONT_SIZES, JOURNAL_FONT, SERIES_COLORS, SM_UNITS, journalAxis, journalLayout } from "./journalStyle";
import { subplotGrid } from "./subplotGrid";

/** One station's daily series (all arrays aligned with `dates`; NaN = missing). */
export interface StationSeries {
  /** Station name, e.g. "Andong". */
  name: string;
  /** Panel id as in the paper's Table 2 (a–n); default by order. */
  id?: string;
  /** ISO dates. */
  dates: readonly string[];
  /** In situ soil moisture (daily mean of hourly TDR at 10 cm), m³ m⁻³. */
  insitu: ArrayLike<number>;
  /** GLDAS 0–10 cm soil moisture at the station's 0.25° cell, m³ m⁻³. */
  gldas: ArrayLike<number>;
  /** 1 km downscaled soil moisture at the station's pixel (gaps on cloudy days), m³ m⁻³. */
  downscaled: ArrayLike<number>;
  /** Daily precipitation, mm (optional). */
  precip?: ArrayLike<number>;
}

/** Options of {@link stationTimeSeriesFigure}. */
export interface StationTimeSeriesOptions {
  /** Grid columns. Default 2 (14 stations → 7 rows). */
  columns?: number;
  /** Soil-moisture axis range, m³ m⁻³. Default: 0 to the largest value rounded up to 0.1. */
  smRange?: [number, number];
  /** Precipitation axis top, mm (the reversed axis spans [top, 0]). Default 2.5 × the largest daily precipitation, so bars fill the upper ~40 %. */
  precipTop?: number;
  width?: number;
  height?: number;
}

/**
 * Figure 5: per-station time series, May–September 2015 — in situ (black line), GLDAS (blue line) and
 * 1 km downscaled (orange markers, gaps on cloudy days) soil moisture on the left axis, daily
 * precipitation as bars hanging from the top on a reversed secondary axis on the right; one subplot
 * per station titled "(a) Andong" …, one legend.
 *
 * @param stations the stations, in the paper's order
 * @param options `columns` (2), `smRange`, `precipTop`, `width`, `height`
 * @throws RangeError when there is no station, a series' length differs from its dates, or an option is invalid
 * @example
 * stationTimeSeriesFigure([{ name: "Andong", dates, insitu, gldas, downscaled, precip }], {});
 */
export function stationTimeSeriesFigure(stations: readonly StationSeries[], options: StationTimeSeriesOptions = {}): PlotFigure {
  if (!Array.isArray(stations) || stations.length === 0) throw new RangeError("stationTimeSeriesFigure: stations must be a non-empty array");
  const columns = options.columns ?? Math.min(2, stations.length);
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`stationTimeSeriesFigure: columns must be a positive integer, got ${columns}`);
  let smMax = 0;
  let pMax = 0;
  stations.forEach((s, k) => {
    for (const [key, arr] of [["insitu", s.insitu], ["gldas", s.gldas], ["downscaled", s.downscaled], ["precip", s.precip]] as const) {
      if (!arr) continue;
      if (arr.length !== s.dates.length) throw new RangeError(`stationTimeSeriesFigure: station ${k} (${s.name}) has ${arr.length} ${key} values for ${s.dates.length} dates`);
      for (let i = 0; i < arr.length; i++) {
        const v = arr[i];
        if (!Number.isFinite(v)) continue;
        if (key === "precip") pMax = Math.max(pMax, v); else smMax = Math.max(smMax, v);
      }
    }
  });
  const smRange = options.smRange ?? [0, Math.max(0.1, Math.ceil(smMax * 10 - 1e-9) / 10)];
  if (!(smRange[1] > smRange[0])) throw new RangeError(`stationTimeSeriesFigure: smRange must be [min, max] with max > min, got ${JSON.stringify(smRange)}`);
  const precipTop = options.precipTop ?? Math.max(10, Math.ceil((pMax * 2.5) / 10) * 10);
  if (!(precipTop > 0)) throw new RangeError(`stationTimeSeriesFigure: precipTop must be > 0, got ${precipTop}`);
  const K = stations.length;
  const rows = Math.ceil(K / columns);
  const width = options.width ?? (columns === 1 ? 800 : 1000);
  const height = options.height ?? Math.round(150 * rows + 120);
  const layout = journalLayout({ width, height, margin: { l: 65, r: 60, t: 30, b: 80 } });
  const cells = subplotGrid(K, rows, columns, { gapX: 0.11, gapY: Math.min(0.1, 40 / height) });
  const data: PlotTrace[] = [];
  const annotations: Record<string, unknown>[] = [];
  const hasPrecip = stations.some((s) => s.precip);
  stations.forEach((s, k) => {
    const c = cells[k];
    const y2 = `y${K + k + 1}`;
    const y2Key = `yaxis${K + k + 1}`;
    const first = k === 0;
    const x = s.dates.slice();
    if (s.precip) {
      data.push({
        type: "bar", name: "Precipitation", legendgroup: "precip", showlegend: first, x, y: toPlotValues(s.precip), xaxis: c.xaxis, yaxis: y2,
        marker: { color: SERIES_COLORS.precipitation, line: { width: 0 } }, opacity: 0.8,
      });
    }
    data.push({ type: "scatter", mode: "lines", name: "In situ", legendgroup: "insitu", showlegend: first, x, y: toPlotValues(s.insitu), xaxis: c.xaxis, yaxis: c.yaxis, line: { color: SERIES_COLORS.insitu, width: 1.2 }, connectgaps: false });
    data.push({ type: "scatter", mode: "lines", name: "GLDAS", legendgroup: "gldas", showlegend: first, x, y: toPlotValues(s.gldas), xaxis: c.xaxis, yaxis: c.yaxis, line: { color: SERIES_COLORS.gldas, width: 1.2 }, connectgaps: false });
    data.push({ type: "scatter", mode: "markers", name: "Downscaled (1 km)", legendgroup: "downscaled", showlegend: first, x, y: toPlotValues(s.downscaled), xaxis: c.xaxis, yaxis: c.yaxis, marker: { color: SERIES_COLORS.downscaled, size: 4 } });
    const bottom = c.row === rows - 1 || k + columns >= K;
    layout[c.xaxisKey] = journalAxis({ extra: { domain: c.x, anchor: c.yaxis, type: "date", tickformat: "%b", dtick: "M1", showticklabels: bottom, mirror: false } });
    layout[c.yaxisKey] = journalAxis({
      title: c.col === 0 && c.row === Math.floor((rows - 1) / 2) ? `Soil moisture (${SM_UNITS})` : undefined,
      range: [smRange[0], smRange[1]], extra: { domain: c.y, anchor: c.xaxis, nticks: 4, mirror: false },
    });
    if (s.precip) {
      layout[y2Key] = journalAxis({
        title: c.col === columns - 1 && c.row === Math.floor((rows - 1) / 2) ? "Precipitation (mm)" : undefined,
        range: [precipTop, 0], extra: { overlaying: c.yaxis, side: "right", anchor: c.xaxis, tickmode: "auto", nticks: 3, mirror: false }, // "auto": not synced to the left axis (28/84/140-style labels)
      });
    }
    annotations.push({
      text: `(${s.id ?? String.fromCharCode(97 + k)}) ${s.name}`, xref: `${c.xaxis} domain`, yref: `${c.yaxis} domain`, x: 0.01, y: 0.02,
      xanchor: "left", yanchor: "bottom", showarrow: false, font: { size: FONT_SIZES.annotation, family: JOURNAL_FONT, color: "#000000" },
    });
  });
  layout.annotations = annotations;
  layout.bargap = 0.1;
  layout.legend = { orientation: "h", x: 0.5, xanchor: "center", y: -40 / height, yanchor: "top", font: { size: FONT_SIZES.annotation } };
  layout.meta = { figure: "stationTimeSeries", smRange, precipTop: hasPrecip ? precipTop : null };
  return { data, layout };
}
