export type { PlotFigure, PlotLayout, PlotTrace } from "./figureTypes";
export { toPlotValues } from "./figureTypes";
export {
  SM_UNITS, JOURNAL_FONT, FONT_SIZES, SERIES_COLORS, journalAxis, journalLayout, panelLetter, panelLetterAnnotation,
} from "./journalStyle";
export type { JournalAxisOptions, JournalLayoutOptions } from "./journalStyle";
export { subplotGrid } from "./subplotGrid";
export type { SubplotCell, SubplotGridOptions } from "./subplotGrid";
export { histogram2d } from "./histogram2d";
export type { Histogram2d, Histogram2dOptions } from "./histogram2d";
export { clipPolylines } from "./clipPolylines";
export type { Bounds } from "./clipPolylines";
export { loadCoastlines, coastlineTrace } from "./coastlines";
export type { CoastResolution, CoastlineTraceOptions, LoadCoastlinesOptions } from "./coastlines";
export { scatterFigure, formatStats } from "./scatterFigure";
export type { ScatterPanel, ScatterFigureOptions, ScatterStat } from "./scatterFigure";
export { stationScatterFigure } from "./stationScatterFigure";
export type { StationScatterInput, StationScatterOptions } from "./stationScatterFigure";
export { ruleCountFigure } from "./ruleCountFigure";
export type { RuleCountData, RuleCountFigureOptions, RuleCountSeries } from "./ruleCountFigure";
export { mapFigure } from "./mapFigure";
export type { MapFigureOptions, MapPanel } from "./mapFigure";
export { stationTimeSeriesFigure } from "./stationTimeSeriesFigure";
export type { StationSeries, StationTimeSeriesOptions } from "./stationTimeSeriesFigure";
export { writeFileAtomic } from "./writeFileAtomic";
export { setPngDpi, pngDpi, crc32 } from "./pngDpi";
export { exportFigures, CHROMIUM_ARGS } from "./exportFigures";
export type { ExportBatchResult, ExportFormat, ExportJob, ExportJobResult, ExportOptions } from "./exportFigures";
export { exportFigure } from "./exportFigure";
