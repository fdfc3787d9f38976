import type { LatLonGrid } from "../grid/latLonGrid";

/**
 * The variables the study uses. Units as served (after the readers' conversions):
 * - `gldas_sm`  GLDAS Noah 0–10 cm soil moisture, m³ m⁻³ (kg m⁻² ÷ 100), daily mean.
 * - `amsr2_sm`  AMSR2 soil moisture, fraction (% ÷ 100), mean of ascending and descending.
 * - `ascat_sm`  ASCAT surface soil moisture, fraction of saturation (% ÷ 100).
 * - `lst`       MODIS daytime LST, K (the 8-day composite whose period contains the day).
 * - `ndvi`      MODIS NDVI, unitless (the 16-day composite whose period contains the day).
 * - `landcover` MODIS IGBP `LC_Type1` codes (collection 6 numbering, 1–17, water 17).
 * - `dem`       elevation, m.
 * - `soil`      soil-type class code (stratification only).
 * - `precip`    daily precipitation, mm.
 * - `truth_sm`  the 1 km soil-moisture truth, m³ m⁻³ (synthetic twin only).
 */
export type VariableName =
  | "gldas_sm" | "amsr2_sm" | "ascat_sm" | "lst" | "ndvi" | "landcover" | "dem" | "soil" | "precip" | "truth_sm";

/** One daily (or static) layer on a grid. NaN marks every missing value (the project's NaN policy). */
export interface Layer {
  variable: VariableName;
  /** ISO date `YYYY-MM-DD`, or `null` for static layers (dem, soil, landcover of a year). */
  date: string | null;
  grid: LatLonGrid;
  /** Row-major, north to south, `grid.size` values; NaN = missing. */
  values: Float32Array;
  units: string;
  /** Counts of what the source did to the values: masked (fill/out of range → NaN), gap-filled, and so on. */
  counts: Record<string, number>;
  /** Where the layer came from (file names, or `twin:<config>:<seed>`). */
  provenance: string;
}

/** A request for the layer of one variable on one grid for one day. */
export interface LayerRequest {
  variable: VariableName;
  grid: LatLonGrid;
  /** ISO date `YYYY-MM-DD`; ignored for static variables. */
  date: string;
}

/**
 * A source of daily layers. The synthetic twin and the real-product readers both implement it,
 * so a notebook asks for "variable V on grid G for date D" without knowing who answers.
 */
export interface LayerSource {
  readonly name: string;
  /** The variables this source can serve. */
  readonly variables: readonly VariableName[];
  /** @throws Error naming the variable, grid or date when the source cannot serve the request. */
  getLayer(request: LayerRequest): Promise<Layer>;
}
