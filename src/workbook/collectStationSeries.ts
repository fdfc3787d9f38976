import type { CubistModel } from "../cubist/model";
import { predict } from "../cubist/predict";
import type { LatLonGrid } from "../grid/latLonGrid";
import type { LayerSource } from "../sources/layerSource";
import { predictorTable } from "./predictorTable";
import type { StationDailySeries } from "./stationComparison";

/** A station's delivered record: the station, its 1 km pixel and its whole-period series (as `TwinSource.stationSeries()` gives). */
export interface StationRecordLike {
  station: { id: string; name: string; lat: number; lon: number };
  /** Index of the station's pixel in the 1 km grid. */
  fineIndex: number;
  /** ISO dates of `sm` and `precip`. */
  dates: readonly string[];
  /** In situ soil moisture, m³ m⁻³. */
  sm: ArrayLike<number>;
  /** Precipitation, mm/day. */
  precip: ArrayLike<number>;
}

/** Options of {@link collectStationSeries}. */
export interface CollectStationSeriesOptions {
  /** Where the predictors, GLDAS and (if asked) the 1 km truth come from: the prepared (gap-filled) source. */
  source: LayerSource;
  /** The chosen Cubist model (target gldas_sm); its own predictors (`model.attributes`) are read, and only their gaps count. */
  model: CubistModel;
  /** The 0.25° grid of GLDAS. */
  coarse: LatLonGrid;
  /** The 1 km application grid the stations' `fineIndex` refers to. */
  fine: LatLonGrid;
  /** The days to collect (e.g. May–September 2015). Each must be in every record's dates. */
  dates: readonly string[];
  /** Also read `truth_sm` at the station pixels. Default: when the source serves truth_sm (the twin). */
  truth?: boolean;
}

/** Result of {@link collectStationSeries}. */
export interface CollectedStationSeries {
  stations: StationDailySeries[];
  /** Station-days without a downscaled value because a predictor was missing (cloud), per predictor. */
  missing: Record<string, number>;
  /** Station-days without a downscaled value because a predictor was missing (any predictor). */
  gapDays: number;
  /** Station-days whose land-cover class the model never saw in training (prediction NaN). */
  unseenDays: number;
}

/**
 * The station series of the paper's Figures 5 and 6 for each evaluation day: the in situ value and
 * precipitation of the record, GLDAS of the 0.25° cell containing the station (its lat/lon), and the
 * downscaled value at the station's 1 km pixel — the chosen model applied to that day's predictors there (the
 * model's own predictor set, `model.attributes`)
 * ({@link predictorTable}); where a predictor is missing (clouds) the downscaled value is NaN, as the paper
 * leaves gaps (the model's mean substitution is NOT used). On the twin the 1 km truth at the pixel too.
 *
 * @param records the stations' records (`data.raw.stationSeries()`)
 * @param options `source`, `model`, `coarse`, `fine`, `dates`, `truth` (default: whether the source serves truth_sm)
 * @throws RangeError when `dates` is empty, a date is not in a record, a station's pixel is outside `fine`
 *   or its location outside `coarse`; the source's errors otherwise.
 * @example
 * const { stations } = await collectStationSeries(data.raw.stationSeries(), { source: data.prepared, model,
 *   coarse: data.coarse, fine: data.fine, dates: datesOf(plan.evaluation) });
 */
export async function collectStationSeries(records: readonly StationRecordLike[], options: CollectStationSeriesOptions): Promise<CollectedStationSeries> {
  const { source, model, coarse, fine } = options;
  const dates = Array.from(options.dates);
  const withTruth = options.truth ?? source.variables.includes("truth_sm");
  if (!source || typeof source.getLayer !== "function") throw new TypeError("collectStationSeries: source must be a LayerSource");
  if (!model || !Array.isArray(model.committees)) throw new TypeError("collectStationSeries: model must be a Cubist model");
  if (dates.length === 0) throw new RangeError("collectStationSeries: dates must not be empty");
  const S = records.length;
  const fineCells = new Int32Array(S), coarseCells = new Int32Array(S);
  const dayIndex: Int32Array[] = [];
  records.forEach((rec, j) => {
    if (!(rec.fineIndex >= 0 && rec.fineIndex < fine.size)) throw new RangeError(`collectStationSeries: station ${rec.station.name} has fineIndex ${rec.fineIndex}, outside the 1 km grid (0…${fine.size - 1})`);
    fineCells[j] = rec.fineIndex;
    coarseCells[j] = coarse.indexOf(rec.station.lon, rec.station.lat);
    if (coarseCells[j] < 0) throw new RangeError(`collectStationSeries: station ${rec.station.name} (${rec.station.lat}°N, ${rec.station.lon}°E) is outside the 0.25° grid`);
    const at = new Map<string, number>();
    rec.dates.forEach((d, i) => at.set(d, i));
    dayIndex.push(Int32Array.from(dates, (d) => {
      const i = at.get(d);
      if (i === undefined) throw new RangeError(`collectStationSeries: date ${d} is not in the record of station ${rec.station.name}`);
      return i;
    }));
  });
  const D = dates.length;
  const predictors = model.attributes.map((a) => a.name);
  const stations: StationDailySeries[] = records.map((rec, j) => ({
    id: rec.station.id, name: rec.station.name, dates: dates.slice(),
    insitu: Float64Array.from(dayIndex[j], (i) => rec.sm[i]),
    precip: Float64Array.from(dayIndex[j], (i) => rec.precip[i]),
    gldas: new Float64Array(D).fill(NaN), downscaled: new Float64Array(D).fill(NaN), truth: new Float64Array(D).fill(NaN),
  }));
  const missing: Record<string, number> = {};
  let gapDays = 0, unseenDays = 0;
  if (S === 0) return { stations, missing, gapDays, unseenDays };
  for (let t = 0; t < D; t++) {
    const date = dates[t];
    const p = await predictorTable(source, { grid: fine, date, cells: fineCells, predictors });
    for (const k of Object.keys(p.missing)) missing[k] = (missing[k] ?? 0) + p.missing[k];
    const pred = predict(model, p.table, { unseenDiscrete: "nan", coverage: "none" }).predictions;
    const gldas = (await source.getLayer({ variable: "gldas_sm", grid: coarse, date })).values;
    const truth = withTruth ? (await source.getLayer({ variable: "truth_sm", grid: fine, date })).values : null;
    for (let j = 0; j < S; j++) {
      const s = stations[j];
      s.gldas[t] = gldas[coarseCells[j]];
      if (truth) s.truth[t] = truth[fineCells[j]];
      if (p.incomplete[j]) { gapDays++; continue; }
      if (Number.isNaN(pred[j])) { unseenDays++; continue; }
      s.downscaled[t] = pred[j];
    }
  }
  return { stations, missing, gapDays, unseenDays };
}
