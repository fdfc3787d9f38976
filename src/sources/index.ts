// Public API of src/sources: who answers "variable V on grid G for date D" (the twin, real product files, or a
// study's routing of each variable to one of them), and helpers that read runs of days from any source.
export type { VariableName, Layer, LayerRequest, LayerSource } from "./layerSource";
export { GapFilledSource, type GapFillCounts } from "./GapFilledSource";
export { BilinearCoarseSource, type BilinearCoarseSourceOptions } from "./BilinearCoarseSource";
export { layerCube, type LayerCube, type CubeCapable } from "./layerCube";
export { pointSeries, type SeriesCapable } from "./pointSeries";
export { productRoute, type ProductRoute, type ProductReaderKind } from "./productRoute";
export { findProductFiles, listProductDir, type ProductFiles, type FindProductFilesOptions } from "./productFiles";
export { ProductSource, type ProductSourceOptions } from "./ProductSource";
export { readStationRecords, type ReadStationRecordsOptions, type StationRecords } from "./readStationRecords";
export { RoutedSource, type RoutedSourceOptions } from "./RoutedSource";
export { extractZippedTiff, type ExtractZippedTiffOptions } from "./extractZippedTiff";
export { openRoutedSource, studyGrid, type OpenRoutedSourceOptions } from "./openRoutedSource";
