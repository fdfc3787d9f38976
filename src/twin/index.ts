/**
 * The synthetic twin: a deterministic, seeded East Asia with a known 1 km soil-moisture truth, serving
 * every layer the real readers serve (see TwinSource) — the workbook's default data.
 */
export { twinConfig, validateTwinConfig, dayNumber, isoDate, dayOfYear, type TwinConfig, type TwinConfigName } from "./twinConfig";
export { generateTwin, GLDAS_ERROR, CLEAR_SCALE, CLOUD_CELL, CLOUD_SUB, RAIN_CLEAR_SHARE, type TwinData, type StationSeries, type GenerateTwinOptions } from "./generateTwin";
export { TwinStore, TwinCacheError, twinCacheDir, TWIN_GENERATOR_VERSION, type TwinMeta } from "./twinStore";
export { TwinSource, TWIN_UNITS, type StationRecord, type TwinSeriesRequest } from "./TwinSource";
export { openTwin, defaultDataDir, type OpenTwinOptions } from "./openTwin";
export { STATIONS, type Station } from "./stations";
export { SOIL_CLASSES, classifySoil, type SoilClass } from "./soilClasses";
export { IGBP_CLASSES, classifyLandCover } from "./landCoverClasses";
export { compositePeriods, type CompositePeriod } from "./compositePeriods";
export { landFraction, type LandFractionOptions } from "./landFraction";
export { coastDistance } from "./coastDistance";
export { climateAt, seasonalPrecipitation, seasonalTemperature, noonInsolation, type ClimateAt } from "./climatology";
export { baseElevation, syntheticElevation, hillslopeRelief, HILL_SHARE } from "./syntheticElevation";
export { trueNdvi, vegetationFraction } from "./vegetation";
export { swathCovers, type Sensor } from "./orbitCoverage";
export { surfaceTemperature, canopyHeight, soilThermalInertia, heatResistance, DIURNAL_OMEGA, KB_INV, SOIL_Z0M, type SurfaceState } from "./surfaceTemperature";
export { cellGradients, sunVectors, slopeRatios, slopeInsolation, TERRA_OVERPASS_HOUR, DIFFUSE_SHARE, type CellGradientOptions } from "./terrainInsolation";
export { saxtonRawls, soilTextureAt, provinceMaterial, drainageFromKsat, equalPotentialTheta, PROVINCE_SPACING, AIR_DRY_KPA, type SoilTexture, type SoilHydraulics, type RetentionPoints } from "./soilTexture";
export { cellFlowNetwork, type CellFlowNetwork, type CellFlowNetworkOptions } from "./topographicIndex";
export { routeLateral, INTERFLOW_RATE, type LateralRouting, type LateralFluxes } from "./lateralFlow";
export { cloudClimatology } from "./cloudClimatology";
export { soilWaterStep, transpirationStress, TOP_UPTAKE_SHARE, THETA_FLOOR, type BucketParams, type BucketState, type BucketForcing } from "./soilWaterStep";
export { LatticeProcess } from "./latticeProcess";
export { SplitMix32, fmix32, hash4, hashUniform, hashGauss } from "./prng";
export { valueNoise, fractalNoise } from "./valueNoise";
