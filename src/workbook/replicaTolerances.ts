import type { TableTolerance } from "./compareRuns";

/**
 * The storage steps of the replica's file formats, as read back (units of the study variables). Each value is
 * stored once and read once, so a value moves by at most half a step (GLDAS: float32 rounding of kg m⁻² ÷ 100).
 */
export const STORAGE_STEPS = {
  /** GLDAS-2.1 `SoilMoi0_10cm_inst`: float32 NetCDF-4, kg m⁻² (÷ 100 → m³ m⁻³): relative 6·10⁻⁸. */
  gldas_sm: 3e-8,
  /** LPRM AMSR2 L3 `soil_moisture_c1`: int16 in whole percent → steps of 0.01. */
  amsr2_sm: 0.01,
  /** H SAF ASCAT CDR `sm`: int8 in whole percent of saturation → steps of 0.01. */
  ascat_sm: 0.01,
  /** MOD11A2 `LST_Day_1km`: uint16 × 0.02 K. */
  lst: 0.02,
  /** MOD13A2 NDVI: int16 × 10⁻⁴. */
  ndvi: 1e-4,
  /** CGIAR SRTM: int16 metres. */
  dem: 1,
} as const;

/** A table's numbers that come from the replica's files: within the storage steps above (and the pixel sharing). */
const data = (t: TableTolerance): TableTolerance => t;

/**
 * An empirical bound for a table computed from a model fitted again on the replica's values: the retrained Cubist
 * model (its split values are data values, its linear models least squares on them) moves with inputs moved by the
 * storage steps, AMSR2 and ASCAT above all (whole percent against a spread of about 0.1), and no bound follows from
 * the steps alone. These are twice the differences measured on `tiny` (see DESIGN.md), so that a change of the
 * replica or of the readers that moves results more than the formats did shows up.
 */
const model = (t: TableTolerance): TableTolerance => t;

/**
 * Tolerances of `npm run test:replica`: a `--data replica --twin-vars landcover,dem` run against the `--data twin`
 * run on `tiny`, table by table (keys: table names without `.csv`). Land cover and elevation stay on the twin there
 * because the twin draws its 0.25° statics independently of its 1 km ones: read from product files, the window's
 * 0.25° cells get the aggregate of the 1 km values (9 of 48 cells change land class on tiny), which moves the
 * sampling strata and hence every sample point — a property of the twin, not of the formats (DESIGN.md).
 * With the statics shared, the sample points and days are identical and the values within the storage steps.
 */
export const REPLICA_TOLERANCES: Record<string, TableTolerance> = {
  "01_inventory_025deg": data({
    abs: 0, ignore: ["source"],
    rows: {
      gldas_sm: { abs: 1e-6 }, amsr2_sm: { abs: 0.005 }, ascat_sm: { abs: 0.005 }, "amsr2_sm (gap-filled)": { abs: 0.005 }, "ascat_sm (gap-filled)": { abs: 0.005 },
      lst: { abs: 0.02 }, ndvi: { abs: 5e-4 },
    },
    why: "0.25° statistics of each variable: GLDAS float32 (1e-6), AMSR2 and ASCAT whole percent (half a step, 0.005), LST 0.02 K steps (0.01) plus pixels shared across 0.25° edges (0.02 K), NDVI 1e-4 steps plus shared pixels (5e-4); land cover, elevation, precipitation from the twin (exact)",
  }),
  "01_inventory_1km": data({
    abs: 0, ignore: ["source"],
    rows: { lst: { abs: 0.5 }, ndvi: { abs: 1e-4 } },
    why: "1 km statistics: LST and NDVI values to their steps; LST's valid share moves by the cells that share a 926 m pixel with a cloudy neighbour (mean of the valid ones: 0.17 points measured), hence 0.5 for that row; land cover, elevation and truth from the twin (exact)",
  }),
  "01_gap_filling": data({
    abs: 0, columns: { "still missing": { abs: 212 }, "never observed (sea)": { abs: 212 }, "% of gaps filled": { abs: 2 } },
    why: "tiny has one sea cell (47 of 48 land) over 212 days: the twin counts its 212 cell-days as sea, files cannot tell sea from no retrieval, so they count as still missing and the % filled is of a larger base; the filled counts are exact",
  }),
  "01_paper_vs_run": data({ abs: 0, rows: { "AMSR2 gaps filled from the previous day": { abs: 1 } }, why: "the AMSR2 % filled of 01_gap_filling (one sea cell's days counted as missing)" }),
  study_design: data({ abs: 0, ignoreRows: /^1 km window$/, why: "the routed study names the configuration's window (tiny: 36–37° N, 127–128° E), the tracked study the paper's; the rest is the same text" }),
  table1_variables: data({ abs: 0, why: "the paper's Table 1: text" }),
  "02_allocation": data({ abs: 0, why: "strata from the 0.25° land cover, elevation and soil, all on the twin: equal" }),
  "02_counts": data({ abs: 0, why: "the same points and days survive the validity and clear-sky rules (clear-sky flags keep 'fully clear' exactly; no AMSR2/ASCAT value crosses 0 at whole percent)" }),
  "02_clear_sky_filter": data({ abs: 0, why: "the same point-days are invalid per variable and cloudy (as 02_counts)" }),
  "work/samples_train": data({
    abs: 0, columns: { ascat_sm: { abs: 0.005 }, amsr2_sm: { abs: 0.005 }, lst: { abs: 0.03 }, ndvi: { abs: 1e-3 }, gldas_sm: { abs: 1e-6 } },
    why: "the calibration samples (same points and days): AMSR2/ASCAT half a whole-percent step; GLDAS float32; LST and NDVI half their steps plus the 0.25° edges' shared pixels (a cell's mean moves by the neighbour's difference × ≈ 3 shared of 625 pixels ÷ 2: measured 0.015 K and 8·10⁻⁴); land cover and elevation from the twin",
  }),
  "work/samples_validation": data({
    abs: 0, columns: { ascat_sm: { abs: 0.005 }, amsr2_sm: { abs: 0.005 }, lst: { abs: 0.03 }, ndvi: { abs: 1e-3 }, gldas_sm: { abs: 1e-6 } },
    why: "the validation samples, with the steps of work/samples_train",
  }),
};

/**
 * Tolerances of the tables computed with one model: notebooks 05, 06, 07 and 09 run on the replica's files with the
 * twin run's model (`npm run test:replica`, step 4), against the twin run. Filled from the measured differences.
 */
export const SAME_MODEL_TOLERANCES: Record<string, TableTolerance> = {
};
