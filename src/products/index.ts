// Public API of src/products: readers of the study's input products, each returning values on a
// LatLonGrid (rows north → south, NaN = missing) with units, date and counts.
export { emptyCounts, countValid, isoDay, dayStartMs, type ProductCounts, type ProductLayer } from "./productLayer";
export { gridFromAxes, type AxesGrid } from "./gridFromAxes";
export { cropToGrid, type CropResult } from "./cropToGrid";
export { readGldas, gldasDailyMeans, gldasLayerThickness, type ReadGldasOptions, type GldasSteps, type GldasDailyOptions, type GldasDailyResult } from "./gldas";
export { withDefaults } from "./withDefaults";
export { fillFromPreviousDays, type GapFillOptions, type GapFillResult } from "./gapFill";
export { readJaxaAmsr2, readLprmAmsr2, parseJaxaAmsr2Name, parseLprmName, type Amsr2Pass, type ReadAmsr2Options } from "./amsr2";
export { amsr2Daily, type Amsr2DailyOptions } from "./amsr2Daily";
export { readHsafCdrCell, type AscatCdrCell, type AscatLocationSeries, type ReadAscatCdrOptions } from "./ascatCdr";
export { readAscatSwath, type AscatSwath, type ReadAscatSwathOptions } from "./ascatSwath";
export { ascatDailyGrid, fillLayerFromPreviousDays, cdrSeriesPoints, type AscatPoints, type AscatDailyOptions } from "./ascatDaily";
export * from "./stations/index";
export { readHgt, readSrtmGeoTiff, demToGrid, parseHgtName, type ReadHgtOptions, type DemToGridOptions } from "./srtm";
export { readModisGeoTiff, compositeStartForDay, compositeForDay, modisToLatLon, parseModisName, MODIS_LAYERS, type ModisRaster, type ModisLayerKind, type ModisLayerSpec, type ModisScaling, type ReadModisOptions, type ModisToLatLonOptions } from "./modis";
export { hgtInfoHandler } from "./hgtInfoHandler";
export { toLayer } from "./toLayer";
export { gapFillSeries, type GapFillSeriesOptions } from "./gapFillSeries";
export { readModisHdf4, modisSdsGrid, MODIS_HDF4_SDS } from "./modisHdf4";
export { readModisFile } from "./readModisFile";
