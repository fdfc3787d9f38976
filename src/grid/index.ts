// Public API of src/grid: grids, grid-to-grid mapping and resampling.
export { LatLonGrid } from "./latLonGrid";
export type { LatLonGridSpec } from "./latLonGrid";
export type { RasterGrid } from "./rasterGrid";
export {
  ModisSinusoidalGrid, MODIS_SINUSOIDAL, MODIS_SPHERE_RADIUS, MODIS_TILE_SIZE, MODIS_GRID_WEST, MODIS_GRID_NORTH, MODIS_PIXELS_PER_TILE,
} from "./modisSinusoidalGrid";
export type { ModisSinusoidalGridSpec, ModisResolution } from "./modisSinusoidalGrid";
export { gridIndexMap } from "./gridIndexMap";
export { nestedCellMap } from "./nestedCellMap";
export type { NestedCellMap } from "./nestedCellMap";
export { meanAggregate } from "./meanAggregate";
export type { MeanAggregateOptions, MeanAggregateResult } from "./meanAggregate";
export { majorityAggregate } from "./majorityAggregate";
export type { MajorityAggregateOptions, MajorityAggregateResult } from "./majorityAggregate";
export { resampleNearest } from "./resampleNearest";
export type { ResampleNearestOptions } from "./resampleNearest";
export { resampleBilinear } from "./resampleBilinear";
export type { ResampleBilinearOptions } from "./resampleBilinear";
export { aggregateLandCover, AGGREGATED_LAND_COVER_CLASSES, IGBP_CLASS_NAMES } from "./aggregateLandCover";
export type { AggregateLandCoverOptions, AggregateLandCoverResult, LandCoverClass } from "./aggregateLandCover";
export { rasterGridOf, toNorthUp } from "./rasterGridOf";
export type { GeoreferencedRaster } from "./rasterGridOf";
export { assertSameGrid } from "./assertSameGrid";
