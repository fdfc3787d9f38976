/**
 * Numbers and tables printed in Park et al. (2017), *Water* 9(5):332, doi:10.3390/w9050332, as the
 * workbook compares against them ("paper vs this run"). Each entry names where in the paper it stands;
 * docs/paper.md gives them in context (§9 the evaluation numbers, §7 the rules and Table 4, §5–6 the samples).
 * These are the paper's published values, not results of this code.
 */
export const paper = {
  citation: "Park, S.; Park, S.; Im, J.; Rhee, J.; Shin, J.; Park, J.D. Downscaling GLDAS Soil Moisture Data in East Asia through Fusion of Multi-Sensors by Optimizing Modified Regression Trees. Water 2017, 9, 332. doi:10.3390/w9050332",
  /** §2.1: stated extent (inconsistent with other statements; see docs/paper.md §12.1). */
  statedExtent: { south: 10.17, north: 46.72, west: 106.05, east: 178.25 },
  period: { start: "2013-01-01", end: "2015-12-31", trainYears: [2013, 2014], validationYear: 2015 },
  /** §3, Figures 5–8: the growing season evaluated at 1 km. */
  evaluationWindow: { start: "2015-05-01", end: "2015-09-30", days: 153 },
  /** §2.3, Table A2: samples. */
  samples: { points: 602, total: 36412, training: 20787, validation: 15625 },
  /** Abstract, §4.1: the pruned model. */
  rules: 59,
  /** Figure 4. */
  fit: {
    calibration: { r: 0.87, rmse: 0.048, slope: 0.77, n: 20787 },
    validation: { r: 0.79, rmse: 0.056, slope: 0.74, n: 15625 },
  },
  /** Figure 6 text (the abstract gives r 0.47, RMSD 0.038: docs/paper.md §12.2). */
  stations: { slope: 0.987, rmsd: 0.041, r: 0.53, abstractR: 0.47, abstractRmsd: 0.038, count: 14 },
  /** Figure 8 text (days: the 153 daily pairs of May–September 2015). */
  perPixel: { meanR: 0.353, rmseBelow: 0.06, days: 153 },
  /** Figure 7 text: the downscaled monthly maps' dynamic range is about this much narrower than GLDAS (m³ m⁻³). */
  monthlyMaps: { rangeShrinkage: 0.05 },
  /** Table 4: attribute usage, % of cases (conditions, models). */
  attributeUsage: [
    { attribute: "landcover", conditions: 91, models: null },
    { attribute: "dem", conditions: 83, models: 97 },
    { attribute: "lst", conditions: 82, models: 98 },
    { attribute: "ndvi", conditions: 61, models: 91 },
    { attribute: "ascat_sm", conditions: 42, models: 84 },
    { attribute: "amsr2_sm", conditions: 8, models: 74 },
  ],
  /** Figure 6 text: other downscaling studies (their own stations). */
  otherStudies: [
    { study: "This study (Park et al. 2017)", slope: 0.987, rmsd: 0.041, r: 0.53 },
    { study: "Im et al. [32] (AMSR-E, ML)", slope: 0.366, rmsd: 0.092, r: 0.51 },
    { study: "Choi et al. [37]", slope: 0.769, rmsd: 0.124, r: 0.46 },
    { study: "Merlin et al. [93]", slope: 0.523, rmsd: 0.078, r: 0.58 },
    { study: "Djamai et al. [94]", slope: 1.188, rmsd: 0.07, r: 0.5 },
  ],
} as const;

/** One row of the paper's Table 1 (the variables), with the units this workbook uses after conversion. */
export interface StudyVariable {
  role: "predictor" | "target";
  /** The workbook's variable name (see src/sources/layerSource.ts). */
  variable: string;
  data: string;
  product: string;
  spatialResolution: string;
  temporalResolution: string;
  /** Unit as distributed (paper Table 1). */
  paperUnit: string;
  /** Unit as used in the model (docs/paper.md §3). */
  modelUnit: string;
}

/** The paper's Table 1, in its order, plus the unit each variable has in the model (docs/paper.md §3). */
export const studyVariables: readonly StudyVariable[] = [
  { role: "predictor", variable: "amsr2_sm", data: "AMSR2", product: "soil moisture (JAXA L3)", spatialResolution: "25 km", temporalResolution: "daily", paperUnit: "%", modelUnit: "fraction (÷100)" },
  { role: "predictor", variable: "ascat_sm", data: "ASCAT", product: "soil moisture", spatialResolution: "25 km", temporalResolution: "daily", paperUnit: "%", modelUnit: "fraction of saturation (÷100)" },
  { role: "predictor", variable: "lst", data: "MODIS", product: "LST (MOD11A2)", spatialResolution: "1 km", temporalResolution: "8 days", paperUnit: "K", modelUnit: "K" },
  { role: "predictor", variable: "ndvi", data: "MODIS", product: "NDVI (MOD13A2)", spatialResolution: "1 km", temporalResolution: "16 days", paperUnit: "–", modelUnit: "–" },
  { role: "predictor", variable: "landcover", data: "MODIS", product: "land cover (MCD12Q1)", spatialResolution: "500 m", temporalResolution: "yearly", paperUnit: "–", modelUnit: "aggregated class (Table A1, barren separate)" },
  { role: "predictor", variable: "dem", data: "SRTM", product: "DEM", spatialResolution: "90 m", temporalResolution: "–", paperUnit: "m", modelUnit: "m" },
  { role: "target", variable: "gldas_sm", data: "GLDAS", product: "Noah soil moisture, 0–10 cm", spatialResolution: "25 km", temporalResolution: "daily (mean of 3-hourly)", paperUnit: "kg m⁻²", modelUnit: "m³ m⁻³ (÷100)" },
];
