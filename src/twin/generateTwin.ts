import { LatLonGrid } from "../grid/latLonGrid";
import { validateTwinConfig, dayNumber, dayOfYear, type TwinConfig } from "./twinConfig";
import { landFraction } from "./landFraction";
import { coastDistance } from "./coastDistance";
import { placeStatics, bilinearAt, type PlaceStatics } from "./staticFields";
import { climateAt, seasonalPrecipitation, seasonalTemperature, noonInsolation } from "./climatology";
import { LatticeProcess } from "./latticeProcess";
import { quantileLookup, meanExcess } from "./normalTables";
import { soilWaterStep, transpirationStress, type BucketParams, type BucketState } from "./soilWaterStep";
import { trueNdvi, vegetationFraction } from "./vegetation";
import { swathCovers } from "./orbitCoverage";
import { compositePeriods, type CompositePeriod } from "./compositePeriods";
import { STATIONS, type Station } from "./stations";
import { hashGauss, hashUniform, hash4, fmix32, gaussOfHash } from "./prng";
import { valueNoise } from "./valueNoise";
import { cloudClimatology } from "./cloudClimatology";
import { cellFlowNetwork } from "./topographicIndex";
import { routeLateral, type LateralRouting } from "./lateralFlow";
import { surfaceTemperature, canopyHeight } from "./surfaceTemperature";
import { saxtonRawls } from "./soilTexture";
import { normalCdf } from "./staticFields";
import { coarseStaticsFromFine } from "./coarseStaticsFromFine";
import { simulateFineTile, stationEditsOf, tileLayout, wetness, clearSkyLst, STREAM, CLEAR_SCALE, CLOUD_CELL, CLOUD_SUB, NDVI_MEMORY_DAYS, type FineContext, type FineTile } from "./fineTile";

export { CLEAR_SCALE, CLOUD_CELL, CLOUD_SUB, NDVI_MEMORY_DAYS } from "./fineTile";

/** Declared error model of the GLDAS-like layer: gldas = clamp(mean 0–10 cm truth + bias + noise, 0.02, φ). */
export const GLDAS_ERROR = {
  /** The static bias field is 0.04 · tanh(smooth N(0,1) noise at 3°): |bias| < 0.04 m³ m⁻³. */
  maxAbsBias: 0.04,
  /**
   * Model error, like a land model's forcing errors: a smooth Gaussian field (lattice spacing
   * `noiseScale` = 1.5°, so neighbouring cells err together), AR(1) in time with lag-1 correlation
   * `noiseRho` = 0.9 (errors persist for about ten days), standard deviation 0.02 m³ m⁻³.
   */
  noiseSd: 0.02,
  noiseRho: 0.9,
  noiseScale: 1.5,
} as const;


/** A station's simulated series for every day of the period. */
export interface StationSeries {
  station: Station;
  /** Index of the station's pixel in the fine grid. */
  fineIndex: number;
  /** Saturation of the probe's own soil (Saxton–Rawls from the pixel's texture shifted finer and more organic), m³ m⁻³. */
  porosity: number;
  /** Soil moisture at 10 cm, m³ m⁻³ (point truth, depth-smoothed, plus sub-grid bias and noise). */
  sm: Float32Array;
  /** Daily precipitation at the gauge, mm. */
  precip: Float32Array;
}

/**
 * All layers of one generated twin. Daily coarse cubes are compact: [day][land cell] over
 * `coarseLandCells` (grid indices of the 0.25° land cells); fine cubes are [kept day][fine land pixel]
 * over `fineLandCells`. Composites are [period][cell].
 */
export interface TwinData {
  config: TwinConfig;
  coarse: LatLonGrid;
  fine: LatLonGrid;
  /** Day number (days since 1970-01-01) of period.start, and the number of days. */
  day0: number;
  nDays: number;
  /** Day number of window.start and the number of kept 1 km days. */
  keep0: number;
  nKeep: number;
  coarseLandFraction: Float32Array;
  coarseLandCells: Int32Array;
  /** 1 where the coarse cell lies in the 1 km window. */
  coarseInWindow: Uint8Array;
  /** Static coarse layers on the full grid: DEM m (0 over sea), IGBP code (17 sea), soil class (NaN sea), porosity (NaN sea). */
  coarseDem: Float32Array;
  coarseLandCover: Float32Array;
  coarseSoil: Float32Array;
  coarsePorosity: Float32Array;
  /** The GLDAS-like static bias, full grid (NaN over sea). */
  gldasBias: Float32Array;
  gldas: Float32Array;
  amsr2: Float32Array;
  ascat: Float32Array;
  truth: Float32Array;
  precip: Float32Array;
  /** Clear-sky fraction × 250 per day and land cell. */
  clear: Uint8Array;
  lstPeriods: CompositePeriod[];
  lst: Float32Array;
  ndviPeriods: CompositePeriod[];
  ndvi: Float32Array;
  fineLandCells: Int32Array;
  fineDem: Float32Array;
  fineLandCover: Float32Array;
  fineSoil: Float32Array;
  finePorosity: Float32Array;
  fineTruth: Float32Array;
  /** 1 km clear-sky flag (0 cloudy, 250 clear) per kept day and fine land pixel. */
  fineClear: Uint8Array;
  /** Indices (into lstPeriods / ndviPeriods) of the composites kept at 1 km, and their cubes. */
  fineLstPeriodIndex: Int32Array;
  fineLst: Float32Array;
  fineNdviPeriodIndex: Int32Array;
  fineNdvi: Float32Array;
  stations: StationSeries[];
  /** Tile side in 1 km pixels, the first day of the 1 km model (day number) and its number of days. */
  tile: number;
  fineStart: number;
  nFineDays: number;
  /**
   * false when the 1 km layers were handed to `onTile` only (a large region): the fine arrays above
   * (fineLandCells … fineNdvi) are then empty, the 1 km layers live in the tiles.
   */
  fineAssembled: boolean;
}

/** Options of {@link generateTwin}. */
export interface GenerateTwinOptions {
  /** Called with a short message now and then (progress). Default: silent. */
  onProgress?: (message: string) => void;
  /**
   * Receives every 1 km tile as it is computed (e.g. to write it to the cache). With `assemble: false` the
   * tiles are not kept in memory (memory stays at the 0.25° run plus one tile).
   */
  onTile?: (tile: FineTile) => void;
  /** Assemble the 1 km layers into whole-region arrays (TwinData's fine arrays). Default true. */
  assemble?: boolean;
  /** Order in which tiles are computed (indices row-major in the layout; for tests). Default ascending. */
  tileOrder?: readonly number[];
  /**
   * Diagnostics only: let `tileOrder` be a subset of the tiles. The 0.25° layers of the cells of tiles not
   * computed then keep their 0.25° values instead of the means of their 1 km pixels, so such a result is not a
   * twin to serve; it is for measuring tiles (e.g. `npm run bench -- twin.realism.domain`). Default false.
   */
  partialTiles?: boolean;
  /** Receives the context every 1 km tile is computed from (read-only; for diagnostics that simulate tiles themselves). */
  onFineContext?: (ctx: FineContext) => void;
}

/**
 * Cloud field split: a place's cloud latent is CLOUD_CELL · (the cell's field) + CLOUD_SUB · (sub-grid field,
 * 10 km and 3 km texture), CLOUD_CELL² + CLOUD_SUB² = 1, so every place keeps the climatological cloud
 * frequency and a 0.25° cell is rarely all clear or all cloudy.
 */
/** Places per side of a 0.25° cell at which the cloud mask is realised outside the 1 km window (8 × 8, ≈ 3 km apart: the scale of the finest cloud texture). */
export const CLOUD_SAMPLES = 8;
/** |hashGauss| never exceeds this (its inverse-CDF table is bounded), so a draw that cannot change a decision is skipped. */
const GAUSS_BOUND = 6;
/** Sea cells only (their clear fraction only sets air temperature): share of places clear on a day of ≥ 2 mm rain. */
export const RAIN_CLEAR_SHARE = 0.3;

/** Days the 1 km model runs before the first kept day (it starts from the 0.25° state). */
export const FINE_SPINUP_DAYS = 61;


function staticArrays(n: number) {
  return {
    porosity: new Float32Array(n), fieldCapacity: new Float32Array(n), wiltingPoint: new Float32Array(n),
    drainage: new Float32Array(n), impervious: new Float32Array(n), ksat: new Float32Array(n), poreIndex: new Float32Array(n),
    airDry: new Float32Array(n),
  };
}

/**
 * Generates a synthetic twin. Deterministic: the same configuration gives byte-identical arrays.
 *
 * Static geography: land cover and the Table A2 soil class (a label for stratification) by rules; soil
 * hydraulics by the Saxton–Rawls (2006) pedotransfer from a sand/clay/organic-matter texture field
 * (soilTexture.ts: climate, warped-Voronoi parent-material provinces, relief, correlated noise); 1 km relief
 * down to 0.0125° wavelengths; a D8 drainage network confined to each 0.25° cell (topographicIndex.ts).
 *
 * Data flow, one day at a time (after a 120-day 0.25° spin-up from an aridity-scaled initial state):
 * 1. weather on the 0.25° grid: rain = climatological daily mean (monsoon season by latitude) turned into
 *    wet days and amounts by thresholding a space–time Gaussian field (3° synoptic + 0.75° mesoscale
 *    lattices, AR(1) in time) at the wet-day probability; clouds: each place is cloudy when
 *    {@link CLOUD_CELL} · (cell field, correlated 0.75 with the rain field) + {@link CLOUD_SUB} · (10 km + 3 km
 *    sub-grid field) exceeds the quantile of the MODIS-like cloud climatology (cloudClimatology.ts), and on
 *    ≥ 2 mm of sub-grid rain; the 0.25° clear fraction is the share of clear places: in the window the mean
 *    of the 1 km mask, elsewhere of a mask realised at {@link CLOUD_SAMPLES}² places of the cell (≈ 3 km apart:
 *    the same 10 km texture, the 3 km part and sub-grid rain as independent noise per place); air temperature = seasonal cycle + AR(1) anomaly − 1.2 K on rainy days + 0.8 K × clear fraction;
 * 2. the two-layer bucket (soilWaterStep, Campbell gravity drainage of the root zone) on every 0.25° land
 *    cell, and, from 61 days before the first kept day, on every 1 km land pixel of the window, forced by
 *    bilinear 0.25° weather with sub-grid rain (lognormal 6 km convective cells, stronger when warm, × frontal
 *    bands across WSW–ENE fronts in the cool season), orographic rain (± 0.04 % per metre above the cell
 *    mean) and lapse-rate temperature (−6.5 K/km); after the bucket, runoff and interflow are routed
 *    downslope within the 0.25° cell (lateralFlow.ts) so hollows are wetter than ridges;
 * 3. MODIS-like composites: LST (8-day) = mean of the clear-sky LST of the clear days from a surface energy
 *    balance (surfaceTemperature.ts: evaporative fraction from the top-layer and root-zone wetness and
 *    vegetation, aerodynamic resistance from canopy height); NDVI (16-day) = the period's phenological NDVI
 *    (stressed by the transpiration stress of both layers remembered over {@link NDVI_MEMORY_DAYS} days) if any day was clear,
 *    each plus composite noise (0.7 K, 0.02);
 * 4. in the window, the 0.25° truth/precipitation/clear fraction/composites are means of the 1 km pixels
 *    (composites: only when ≥ 50 % of the land pixels are valid);
 * 5. sensors from the 0.25° truth: GLDAS-like (bias + AR(1) noise, {@link GLDAS_ERROR}); AMSR2-like
 *    fraction 0.015 + 0.6 (θs − 0.02) τ + 0.07 (1 − τ) + site bias ± 0.03 + noise 0.035/pass,
 *    τ = exp(−1.4 NDVI), clamped to [0, 0.5]; ASCAT-like degree of saturation between 0.8 wp and φ − 0.04,
 *    damped by vegetation (× (1 − 0.35 f) + 0.18 f) with noise 0.07 + 0.08 f per pass; θs = surface
 *    wetness after rain; both missing outside their swaths (orbitCoverage), on frozen or snow-covered days,
 *    and at random (3 % / 5 % per pass);
 * 6. stations: 10 cm = 0.6 θ₁ + 0.4 θ₂ of the pixel, smoothed in time, carried to the probe's own soil
 *    (the pixel's texture shifted finer and more organic, by pedotransfer) at equal relative saturation,
 *    plus AR(1) noise 0.012; gauge = pixel rain × lognormal(0.15).
 *
 * @example
 * const twin = generateTwin(twinConfig("tiny"));
 * twin.gldas.length === twin.nDays * twin.coarseLandCells.length; // true
 * @throws RangeError from {@link validateTwinConfig} naming the bad field.
 */export function generateTwin(config: TwinConfig, options: GenerateTwinOptions = {}): TwinData {
  validateTwinConfig(config);
  const progress = options.onProgress ?? (() => undefined);
  const assemble = options.assemble ?? true;
  const seed = config.seed >>> 0;
  const coarse = new LatLonGrid(config.coarse);
  const fine = new LatLonGrid(config.window.fine);
  const day0 = dayNumber(config.period.start);
  const nDays = dayNumber(config.period.end) - day0 + 1;
  const keep0 = dayNumber(config.window.start);
  const nKeep = dayNumber(config.window.end) - keep0 + 1;
  const ratio = Math.round(coarse.cellSize / fine.cellSize);
  const tile = config.window.tile ?? 10 * ratio;

  // ---------- geography ----------
  progress("land mask");
  const cfrac = landFraction(coarse, { subsamples: 5 });
  const coast = coastDistance(coarse, cfrac);
  const coarseInWindow = new Uint8Array(coarse.size);
  const colOff = Math.round((fine.west - coarse.west) / coarse.cellSize);
  const rowOff = Math.round((coarse.north - fine.north) / coarse.cellSize);
  const winCols = fine.width / ratio, winRows = fine.height / ratio;
  for (let r = 0; r < winRows; r++) for (let c = 0; c < winCols; c++) coarseInWindow[(rowOff + r) * coarse.width + colOff + c] = 1;

  // ---------- the 1 km statics' 0.25° aggregates (land cover, elevation), before the 0.25° statics ----------
  progress("1 km statics → 0.25° land cover and elevation");
  const stationEdits = stationEditsOf({ seed, coarse, fine, coast });
  const fineTiles = options.tileOrder && options.partialTiles ? [...options.tileOrder] : undefined;
  const fromFine = coarseStaticsFromFine({ seed, coarse, fine, tile, coast, stationEdits }, fineTiles);

  // ---------- coarse statics (3 × 3 places per cell; land cover and elevation from the 1 km pixels where covered) ----------
  progress("0.25° static fields");
  const coarseDem = new Float32Array(coarse.size);
  const coarseLandCover = new Float32Array(coarse.size).fill(17);
  const coarseSoil = new Float32Array(coarse.size).fill(NaN);
  const coarsePorosity = new Float32Array(coarse.size).fill(NaN);
  const cP = staticArrays(coarse.size);
  const cTMean = new Float32Array(coarse.size), cTAmp = new Float32Array(coarse.size), cNdviNoise = new Float32Array(coarse.size);
  const isLand = new Uint8Array(coarse.size);
  const coarseLandFraction = new Float32Array(coarse.size);
  const N_SUB = 3;
  for (let ci = 0; ci < coarse.size; ci++) {
    const r = Math.floor(ci / coarse.width), c = ci % coarse.width;
    const lcCount = new Float64Array(18), soilCount = new Float64Array(17);
    let n = 0, elev = 0, phi = 0, fc = 0, wp = 0, kd = 0, imp = 0, tm = 0, ta = 0, nn = 0, lks = 0, pb = 0, ad = 0;
    coarseLandFraction[ci] = cfrac[ci];
    if (cfrac[ci] < 0.5) continue;
    for (let a = 0; a < N_SUB; a++) {
      for (let b = 0; b < N_SUB; b++) {
        const lon = coarse.west + (c + (b + 0.5) / N_SUB) * coarse.cellSize;
        const lat = coarse.north - (r + (a + 0.5) / N_SUB) * coarse.cellSize;
        const st = placeStatics(lon, lat, coast[ci], seed, 0.1);
        lcCount[st.landCover]++;
        if (st.landCover === 17) continue;
        n++; elev += st.elev; phi += st.porosity; fc += st.fieldCapacity; wp += st.wiltingPoint; kd += st.drainage; imp += st.impervious; lks += Math.log(st.ksat); pb += st.poreIndex; ad += st.airDry;
        tm += st.climate.tMean; ta += st.climate.tAmp; nn += st.ndviNoise; soilCount[st.soil]++;
      }
    }
    let lc = 1, best = -1;
    for (let k = 1; k <= 17; k++) if (lcCount[k] > best) { best = lcCount[k]; lc = k; }
    const covered = !Number.isNaN(fromFine.landCover[ci]);
    if (covered) lc = fromFine.landCover[ci];
    if (n === 0 || lc === 17) continue;
    let soil = 2; best = -1;
    for (let k = 1; k <= 16; k++) if (soilCount[k] > best) { best = soilCount[k]; soil = k; }
    isLand[ci] = 1;
    coarseDem[ci] = covered ? fromFine.dem[ci] : elev / n;
    coarseLandCover[ci] = lc;
    coarseSoil[ci] = soil;
    coarsePorosity[ci] = cP.porosity[ci] = phi / n;
    cP.fieldCapacity[ci] = fc / n; cP.wiltingPoint[ci] = wp / n; cP.drainage[ci] = kd / n; cP.impervious[ci] = imp / n;
    cP.ksat![ci] = Math.exp(lks / n); cP.poreIndex![ci] = pb / n; cP.airDry![ci] = ad / n;
    cTMean[ci] = tm / n; cTAmp[ci] = ta / n; cNdviNoise[ci] = nn / n;
  }
  let nLand = 0;
  for (let ci = 0; ci < coarse.size; ci++) nLand += isLand[ci];
  const coarseLandCells = new Int32Array(nLand);
  const landSlot = new Int32Array(coarse.size).fill(-1);
  for (let ci = 0, k = 0; ci < coarse.size; ci++) if (isLand[ci]) { landSlot[ci] = k; coarseLandCells[k++] = ci; }

  const L = nLand;
  const cParams: BucketParams = staticArrays(L);
  const cLC = new Float32Array(L);
  for (let k = 0; k < L; k++) {
    const ci = coarseLandCells[k];
    cParams.porosity[k] = cP.porosity[ci]; cParams.fieldCapacity[k] = cP.fieldCapacity[ci]; cParams.wiltingPoint[k] = cP.wiltingPoint[ci];
    cParams.drainage[k] = cP.drainage[ci]; cParams.impervious[k] = cP.impervious[ci]; cLC[k] = coarseLandCover[ci];
    cParams.ksat![k] = cP.ksat![ci]; cParams.poreIndex![k] = cP.poreIndex![ci]; cParams.airDry![k] = cP.airDry![ci];
  }
  const climAll = new Array(coarse.size);
  for (let ci = 0; ci < coarse.size; ci++) {
    const r = Math.floor(ci / coarse.width), c = ci % coarse.width;
    climAll[ci] = climateAt(coarse.lonOf(c), coarse.latOf(r), isLand[ci] ? coarseDem[ci] : 0, coast[ci]);
  }
  const coarseDemInterp = new Float32Array(coarse.size);
  for (let ci = 0; ci < coarse.size; ci++) coarseDemInterp[ci] = isLand[ci] ? coarseDem[ci] : 0;

  // GLDAS bias field
  const gldasBias = new Float32Array(coarse.size).fill(NaN);
  const cBias = new Float32Array(L);
  for (let k = 0; k < L; k++) {
    const ci = coarseLandCells[k];
    const b = GLDAS_ERROR.maxAbsBias * Math.tanh(valueNoise(coarse.lonOf(ci % coarse.width), coarse.latOf(Math.floor(ci / coarse.width)), 3, seed, STREAM.gldasBias));
    gldasBias[ci] = cBias[k] = b;
  }

  // ---------- outputs ----------
  const lstPeriods = compositePeriods(day0, day0 + nDays - 1, 8);
  const ndviPeriods = compositePeriods(day0, day0 + nDays - 1, 16);
  const gldas = new Float32Array(nDays * L), amsr2 = new Float32Array(nDays * L), ascat = new Float32Array(nDays * L);
  const truth = new Float32Array(nDays * L), precipOut = new Float32Array(nDays * L);
  const clear = new Uint8Array(nDays * L);
  const lst = new Float32Array(lstPeriods.length * L).fill(NaN), ndvi = new Float32Array(ndviPeriods.length * L).fill(NaN);
  const keepLast = keep0 + nKeep - 1;
  const overlaps = (p: CompositePeriod) => p.end >= keep0 && p.start <= keepLast;
  const fineLstPeriodIndex = Int32Array.from(lstPeriods.map((p, i) => (overlaps(p) ? i : -1)).filter((i) => i >= 0));
  const fineNdviPeriodIndex = Int32Array.from(ndviPeriods.map((p, i) => (overlaps(p) ? i : -1)).filter((i) => i >= 0));

  // ---------- state ----------
  const cState: BucketState = { theta1: new Float32Array(L), theta2: new Float32Array(L), swe: new Float32Array(L) };
  for (let k = 0; k < L; k++) {
    const wet = Math.min(1, climAll[coarseLandCells[k]].pAnnual / 1200);
    cState.theta1[k] = cState.theta2[k] = cParams.wiltingPoint[k] + wet * (cParams.fieldCapacity[k] - cParams.wiltingPoint[k]);
  }
  const procRainSyn = new LatticeProcess(coarse, { spacing: 3, rho: 0.55, seed, stream: STREAM.rainSyn });
  const procRainMeso = new LatticeProcess(coarse, { spacing: 0.75, rho: 0.25, seed, stream: STREAM.rainMeso });
  const procCloud = new LatticeProcess(coarse, { spacing: 1.5, rho: 0.5, seed, stream: STREAM.cloud });
  const procTemp = new LatticeProcess(coarse, { spacing: 5, rho: 0.8, seed, stream: STREAM.temp });
  const procGldas = new LatticeProcess(coarse, { spacing: GLDAS_ERROR.noiseScale, rho: GLDAS_ERROR.noiseRho, seed, stream: STREAM.gldasNoise });
  const zg = new Float32Array(coarse.size);
  const G = coarse.size;
  const zr1 = new Float32Array(G), zr2 = new Float32Array(G), zc = new Float32Array(G), zt = new Float32Array(G);
  const rainC = new Float32Array(G), cloudMargin = new Float32Array(G), tC = new Float32Array(G), clearFracC = new Float32Array(G);
  const S = CLOUD_SAMPLES;
  const sampleGrid = new LatLonGrid({ west: coarse.west, north: coarse.north, cellSize: coarse.cellSize / S, width: coarse.width * S, height: coarse.height * S });
  const procCloudS = new LatticeProcess(sampleGrid, { spacing: 0.1, rho: 0.3, seed, stream: STREAM.cloudFine1 });
  const zs = new Float32Array(sampleGrid.size);
  const cForce = { precip: new Float32Array(L), tair: new Float32Array(L), pet: new Float32Array(L), fveg: new Float32Array(L) };
  const cNdviTrue = new Float32Array(L);
  const cBeta2Mem = new Float32Array(L);
  for (let k = 0; k < L; k++) cBeta2Mem[k] = transpirationStress(cState.theta1[k], cState.theta2[k], cParams.fieldCapacity[k], cParams.wiltingPoint[k]);
  const cLstSum = new Float64Array(L), cLstN = new Float64Array(L);
  const cNdviSeen = new Uint8Array(L);
  const cLat = new Float32Array(L), cLon = new Float32Array(L);
  for (let k = 0; k < L; k++) { const ci = coarseLandCells[k]; cLat[k] = coarse.latOf(Math.floor(ci / coarse.width)); cLon[k] = coarse.lonOf(ci % coarse.width); }
  const cCos = Float64Array.from(cLat, (lat) => Math.cos((lat * Math.PI) / 180));
  const cCanopy = Float32Array.from(cLC, (lc) => canopyHeight(lc));
  const amsrSite = new Float32Array(L);
  for (let k = 0; k < L; k++) amsrSite[k] = 0.03 * Math.tanh(valueNoise(cLon[k], cLat[k], 2, seed, STREAM.amsr2));

  const ndviPeriodAt = (d: number) => ndviPeriods.findIndex((p) => d >= p.start && d <= p.end);
  const lstPeriodAt = (d: number) => lstPeriods.findIndex((p) => d >= p.start && d <= p.end);

  const spin = Math.min(120, nDays);
  const totalSteps = spin + nDays;
  // The 1 km model starts FINE_SPINUP_DAYS before the first kept day, from the 0.25° state.
  const fineStart = Math.max(day0, keep0 - (config.window.spinupDays ?? FINE_SPINUP_DAYS));
  const nFineDays = day0 + nDays - fineStart;
  // 0.25° forcing of the 1 km days, kept for the tiles; what the 0.25° layers of those days need once the
  // 1 km means are known (air temperature, snow, GLDAS noise per land slot)
  const fRain = new Float32Array(nFineDays * G), fTair = new Float32Array(nFineDays * G), fCloud = new Float32Array(nFineDays * G);
  const keptSwe = new Float32Array(nFineDays * L), keptZg = new Float32Array(nFineDays * L);
  const init = { theta1: new Float32Array(L), theta2: new Float32Array(L), swe: new Float32Array(L), beta2Mem: new Float32Array(L) };
  // weather is needed on land cells and on every cell the 1 km interpolation may read (the region ± 1 cell)
  const needWeather = new Uint8Array(G);
  for (let k = 0; k < L; k++) needWeather[coarseLandCells[k]] = 1;
  for (let r = Math.max(0, rowOff - 1); r <= Math.min(coarse.height - 1, rowOff + winRows); r++) {
    for (let c = Math.max(0, colOff - 1); c <= Math.min(coarse.width - 1, colOff + winCols); c++) needWeather[r * coarse.width + c] = 1;
  }
  const weatherCells = Int32Array.from({ length: G }, (_, ci) => ci).filter((ci) => needWeather[ci] === 1);

  /** The 0.25° layers of one land cell and day from its soil moisture, rain, clear fraction and NDVI. */
  function recordCell(base: number, k: number, d: number, th: number, rain: number, clrFrac: number, nd: number, tair: number, swe: number, zgk: number): void {
    truth[base + k] = th;
    precipOut[base + k] = rain;
    clear[base + k] = Math.round(clrFrac * CLEAR_SCALE);
    gldas[base + k] = Math.max(0.02, Math.min(cParams.porosity[k], th + cBias[k] + GLDAS_ERROR.noiseSd * zgk));
    const phi = cParams.porosity[k];
    const thS = Math.min(phi, th + 0.4 * (phi - th) * Math.min(1, rain / 25));
    const frozen = tair < -1 || swe > 5;
    const fv = vegetationFraction(nd);
    // one keyed hash per cell and day drives drop-outs and noise of both sensors (derived by fmix32)
    const h0 = hash4(seed, STREAM.amsr2, k, d);
    let sumA = 0, nA = 0;
    for (let pass = 0; pass < 2; pass++) {
      if (!swathCovers("amsr2", pass as 0 | 1, cLon[k], cLat[k], d, cCos[k])) continue;
      if (fmix32((h0 + 0x9e3779b9 * (pass + 1)) >>> 0) < 0.03 * 4294967296) continue;
      sumA += gaussOfHash(fmix32((h0 + 0x9e3779b9 * (pass + 3)) >>> 0));
      nA++;
    }
    if (nA > 0 && !frozen) {
      const tau = Math.exp(-1.4 * Math.max(0, nd));
      const v = 0.015 + 0.6 * (thS - 0.02) * tau + 0.07 * (1 - tau) + amsrSite[k] + 0.035 * sumA / nA;
      amsr2[base + k] = Math.max(0, Math.min(0.5, v));
    } else amsr2[base + k] = NaN;
    let sumS = 0, nS = 0;
    for (let pass = 0; pass < 2; pass++) {
      if (!swathCovers("ascat", pass as 0 | 1, cLon[k], cLat[k], d, cCos[k])) continue;
      if (fmix32((h0 + 0x9e3779b9 * (pass + 5)) >>> 0) < 0.05 * 4294967296) continue;
      sumS += gaussOfHash(fmix32((h0 + 0x9e3779b9 * (pass + 7)) >>> 0));
      nS++;
    }
    if (nS > 0 && !frozen) {
      const dry = 0.8 * cParams.wiltingPoint[k], wet = phi - 0.04;
      const ms = (thS - dry) / (wet - dry);
      const v = ms * (1 - 0.35 * fv) + 0.18 * fv + (0.07 + 0.08 * fv) * sumS / nS;
      ascat[base + k] = Math.max(0, Math.min(1, v));
    } else ascat[base + k] = NaN;
  }

  for (let step = 0; step < totalSteps; step++) {
    const spinning = step < spin;
    const t = spinning ? step : step - spin; // day offset in the period
    const d = day0 + t;
    const doy = dayOfYear(d);
    if (!spinning && t % 60 === 0) progress(`0.25° day ${t + 1}/${nDays}`);
    const fineDay = spinning ? -1 : d - fineStart;
    if (fineDay === 0) {
      // the 1 km model starts from this state (scaled by the porosity ratio, in each tile)
      init.theta1.set(cState.theta1); init.theta2.set(cState.theta2); init.swe.set(cState.swe); init.beta2Mem.set(cBeta2Mem);
    }
    procRainSyn.step(d, zr1); procRainMeso.step(d, zr2); procCloud.step(d, zc); procTemp.step(d, zt); procCloudS.step(d, zs);
    for (let q = 0; q < weatherCells.length; q++) {
      const ci = weatherCells[q];
      const cl = climAll[ci];
      const m = seasonalPrecipitation(cl, doy);
      const p = Math.max(0.02, Math.min(0.7, 0.03 + 0.9 * m / (m + 5)));
      const z = 0.8 * zr1[ci] + 0.6 * zr2[ci];
      const thr = quantileLookup(1 - p);
      const rain = z > thr ? Math.min(250, (m / p) * (z - thr) / meanExcess(thr)) : 0;
      rainC[ci] = rain;
      const pc = cloudClimatology(coarse.lonOf(ci % coarse.width), coarse.latOf(Math.floor(ci / coarse.width)), doy, p, coast[ci]);
      const zcl = 0.75 * z + 0.66 * zc[ci];
      cloudMargin[ci] = CLOUD_CELL * zcl - quantileLookup(1 - pc);
      if (!isLand[ci]) clearFracC[ci] = normalCdf(-cloudMargin[ci] / CLOUD_SUB) * (rain >= 2 ? RAIN_CLEAR_SHARE : 1);
      else {
        const r0 = Math.floor(ci / coarse.width) * S, c0 = (ci % coarse.width) * S;
        const conv = Math.max(0, Math.min(1, (seasonalTemperature(cl, doy) + 2.5 * zt[ci] - 14) / 10));
        const sc = 0.35 + 0.85 * conv;
        let nClear = 0;
        for (let a = 0; a < S; a++) {
          for (let b = 0; b < S; b++) {
            const si = (r0 + a) * sampleGrid.width + c0 + b;
            const m0 = cloudMargin[ci] + CLOUD_SUB * 0.8 * zs[si];
            if (m0 - CLOUD_SUB * 0.6 * GAUSS_BOUND > 0) continue;
            if (m0 + CLOUD_SUB * 0.6 * GAUSS_BOUND > 0 && m0 + CLOUD_SUB * 0.6 * hashGauss(seed, STREAM.cloudFine2, si, d) > 0) continue;
            if (rain > 0 && rain * Math.exp(sc * hashGauss(seed, STREAM.rainFine, si, d) - 0.5 * sc * sc) >= 2) continue;
            nClear++;
          }
        }
        clearFracC[ci] = nClear / (S * S);
      }
      tC[ci] = seasonalTemperature(cl, doy) + 2.5 * zt[ci] - (rain > 1 ? 1.2 : 0) + 0.8 * clearFracC[ci];
    }
    if (fineDay >= 0) { fRain.set(rainC, fineDay * G); fTair.set(tC, fineDay * G); fCloud.set(cloudMargin, fineDay * G); }
    const np = ndviPeriodAt(d);
    if (np >= 0 && (ndviPeriods[np].start === d || t === 0 || fineDay === 0)) {
      const mid = Math.round((ndviPeriods[np].start + ndviPeriods[np].end) / 2);
      const lagDoy = dayOfYear(mid - 14);
      for (let k = 0; k < L; k++) {
        const tl = cTMean[coarseLandCells[k]] - cTAmp[coarseLandCells[k]] * Math.cos((2 * Math.PI * (lagDoy - 18)) / 365.25);
        cNdviTrue[k] = trueNdvi(cLC[k], tl, cBeta2Mem[k], cNdviNoise[coarseLandCells[k]], cState.swe[k]);
      }
    }
    for (let k = 0; k < L; k++) {
      const ci = coarseLandCells[k];
      const T = tC[ci];
      const R = noonInsolation(cLat[k], doy);
      cForce.precip[k] = rainC[ci];
      cForce.tair[k] = T;
      cForce.pet[k] = Math.max(0, 0.17 * (T + 4)) * (0.35 + 0.65 * R) * (0.6 + 0.4 * clearFracC[ci]);
      cForce.fveg[k] = vegetationFraction(cNdviTrue[k]);
    }
    soilWaterStep(L, cParams, cState, cForce);
    for (let k = 0; k < L; k++) {
      const b = transpirationStress(cState.theta1[k], cState.theta2[k], cParams.fieldCapacity[k], cParams.wiltingPoint[k]);
      cBeta2Mem[k] += (b - cBeta2Mem[k]) / NDVI_MEMORY_DAYS;
    }
    if (spinning) {
      if (step === spin - 1) {
        // restart the weather processes so the recorded pass starts from the same noise as a cold start
        procRainSyn.reset(); procRainMeso.reset(); procCloud.reset(); procTemp.reset(); procCloudS.reset();
      }
      continue;
    }
    // ---- record (cells the 1 km region covers are set again from their 1 km means below) ----
    const base = t * L;
    procGldas.step(d, zg);
    for (let k = 0; k < L; k++) {
      const ci = coarseLandCells[k];
      const cf = clearFracC[ci];
      if (cf > 0) {
        cLstSum[k] += cf * clearSkyLst(tC[ci], noonInsolation(cLat[k], doy), cState.theta1[k], cState.theta2[k], cParams.porosity[k], cParams.fieldCapacity[k], cParams.wiltingPoint[k], cParams.airDry![k], vegetationFraction(cNdviTrue[k]), cCanopy[k], cState.swe[k]);
        cLstN[k] += cf;
        if (cf >= 0.05) cNdviSeen[k] = 1;
      }
      recordCell(base, k, d, cState.theta1[k], rainC[ci], cf, cNdviTrue[k], tC[ci], cState.swe[k], zg[ci]);
      if (fineDay >= 0) { keptSwe[fineDay * L + k] = cState.swe[k]; keptZg[fineDay * L + k] = zg[ci]; }
    }
    const lp = lstPeriodAt(d);
    if (lp >= 0 && (lstPeriods[lp].end === d || t === nDays - 1)) closeCoarseComposite(lp, true);
    const np2 = ndviPeriodAt(d);
    if (np2 >= 0 && (ndviPeriods[np2].end === d || t === nDays - 1)) closeCoarseComposite(np2, false);
  }

  function closeCoarseComposite(pi: number, isLst: boolean): void {
    const out = isLst ? lst : ndvi;
    for (let k = 0; k < L; k++) {
      let v = NaN;
      if (isLst) { if (cLstN[k] >= 0.05) v = cLstSum[k] / cLstN[k]; cLstSum[k] = 0; cLstN[k] = 0; }
      else { if (cNdviSeen[k]) v = cNdviTrue[k]; cNdviSeen[k] = 0; }
      if (!Number.isNaN(v)) v += (isLst ? 0.7 : 0.02) * hashGauss(seed, isLst ? STREAM.lst : STREAM.ndvi, -1 - coarseLandCells[k], pi);
      out[pi * L + k] = isLst ? Math.max(230, Math.min(340, v)) : Math.max(-0.2, Math.min(1, v));
    }
  }

  // ---------- the 1 km region, tile by tile ----------
  const base: Omit<FineContext, "stationEdits"> = {
    seed, coarse, fine, ratio, tile, fineStart, nFineDays, keep0, nKeep, coast, coarseDemInterp, landSlot,
    coarsePorosity: cParams.porosity, coarseFieldCapacity: cParams.fieldCapacity, coarseWiltingPoint: cParams.wiltingPoint, coarsePoreIndex: cParams.poreIndex!, init, rain: fRain, tair: fTair, cloudMargin: fCloud,
    lstPeriods, ndviPeriods, fineLstPeriodIndex, fineNdviPeriodIndex,
  };
  const ctx: FineContext = { ...base, stationEdits };
  options.onFineContext?.(ctx);
  const layout = tileLayout(fine, tile);
  const order = options.tileOrder ? [...options.tileOrder] : Array.from({ length: layout.count }, (_, i) => i);
  const complete = options.partialTiles ? true : order.length === layout.count;
  if (!complete || new Set(order).size !== order.length || order.some((i) => !Number.isInteger(i) || i < 0 || i >= layout.count)) {
    throw new RangeError(`generateTwin: tileOrder must be a permutation of 0…${layout.count - 1}${options.partialTiles ? " (or, with partialTiles, distinct tiles of it)" : ""}`);
  }
  const kept: FineTile[] = [];
  const stationRuns = new Map<number, { fineIndex: number; porosity: number; sm: Float32Array; precip: Float32Array }>();
  const t1 = Date.now();
  order.forEach((ti, q) => {
    const ft = simulateFineTile(ctx, Math.floor(ti / layout.cols), ti % layout.cols);
    applyTileMeans(ft);
    for (const s of ft.stations) stationRuns.set(s.j, s);
    options.onTile?.(ft);
    if (assemble) kept.push(ft);
    if ((q + 1) % Math.max(1, Math.ceil(layout.count / 20)) === 0 || q + 1 === layout.count) progress(`1 km tiles ${q + 1}/${layout.count} (${((Date.now() - t1) / 1000).toFixed(0)} s)`);
  });

  /** Sets the 0.25° layers of the tile's cells on the 1 km days to the means of their 1 km pixels. */
  function applyTileMeans(ft: FineTile): void {
    const C = ft.cells.length;
    for (let t = 0; t < nFineDays; t++) {
      const d = fineStart + t, base = (d - day0) * L;
      for (let s = 0; s < C; s++) {
        const k = ft.cells[s], ci = coarseLandCells[k];
        const q = t * C + s;
        recordCell(base, k, d, ft.meanTheta[q], ft.meanRain[q], ft.meanClear[q], ft.meanNdvi[q], fTair[t * G + ci], keptSwe[t * L + k], keptZg[t * L + k]);
      }
    }
    for (const [periods, cell, out] of [[lstPeriods, ft.cellLst, lst], [ndviPeriods, ft.cellNdvi, ndvi]] as const) {
      for (let p = 0; p < periods.length; p++) {
        if (periods[p].start < fineStart) continue;
        for (let s = 0; s < C; s++) out[p * L + ft.cells[s]] = cell[p * C + s];
      }
    }
  }

  // stations: Table 2 order, those whose pixel is 1 km land; no value before the 1 km model starts
  const stations: StationSeries[] = [];
  for (const e of ctx.stationEdits) {
    const run = stationRuns.get(e.j);
    if (!run) continue;
    const sm = new Float32Array(nDays).fill(NaN), precip = new Float32Array(nDays).fill(NaN);
    sm.set(run.sm, fineStart - day0); precip.set(run.precip, fineStart - day0);
    stations.push({ station: STATIONS[e.j], fineIndex: run.fineIndex, porosity: run.porosity, sm, precip });
  }

  // whole-region 1 km arrays (small regions): land pixels in ascending fine-grid index
  const a = assembleFine(fine, kept, assemble, nKeep, fineLstPeriodIndex.length, fineNdviPeriodIndex.length);
  progress("done");
  return {
    config, coarse, fine, day0, nDays, keep0, nKeep,
    coarseLandFraction, coarseLandCells, coarseInWindow, coarseDem, coarseLandCover, coarseSoil, coarsePorosity, gldasBias,
    gldas, amsr2, ascat, truth, precip: precipOut, clear, lstPeriods, lst, ndviPeriods, ndvi,
    fineLandCells: a.fineLandCells, fineDem: a.fineDem, fineLandCover: a.fineLandCover, fineSoil: a.fineSoil, finePorosity: a.finePorosity,
    fineTruth: a.fineTruth, fineClear: a.fineClear, fineLstPeriodIndex, fineLst: a.fineLst, fineNdviPeriodIndex, fineNdvi: a.fineNdvi, stations,
    tile, fineStart, nFineDays, fineAssembled: assemble,
  };
}

/** The tiles' layers as whole-region arrays ([kept day][land pixel] over land pixels in ascending grid index). */
function assembleFine(fine: LatLonGrid, tiles: FineTile[], assemble: boolean, nKeep: number, nLst: number, nNdvi: number) {
  if (!assemble) {
    return { fineLandCells: new Int32Array(0), fineDem: new Float32Array(0), fineLandCover: new Float32Array(0), fineSoil: new Float32Array(0), finePorosity: new Float32Array(0),
      fineTruth: new Float32Array(0), fineClear: new Uint8Array(0), fineLst: new Float32Array(0), fineNdvi: new Float32Array(0) };
  }
  const fineDem = new Float32Array(fine.size), fineLandCover = new Float32Array(fine.size), fineSoil = new Float32Array(fine.size), finePorosity = new Float32Array(fine.size);
  const slot = new Int32Array(fine.size).fill(-1);
  for (const t of tiles) {
    for (let i = 0; i < t.width * t.height; i++) {
      const g = (t.row0 + Math.floor(i / t.width)) * fine.width + t.col0 + (i % t.width);
      fineDem[g] = t.dem[i]; fineLandCover[g] = t.landCover[i]; fineSoil[g] = t.soil[i]; finePorosity[g] = t.porosity[i];
    }
    for (const i of t.land) slot[(t.row0 + Math.floor(i / t.width)) * fine.width + t.col0 + (i % t.width)] = 0;
  }
  let F = 0;
  for (let g = 0; g < fine.size; g++) if (slot[g] >= 0) slot[g] = F++;
  const fineLandCells = new Int32Array(F);
  for (let g = 0; g < fine.size; g++) if (slot[g] >= 0) fineLandCells[slot[g]] = g;
  const fineTruth = new Float32Array(nKeep * F), fineClear = new Uint8Array(nKeep * F);
  const fineLst = new Float32Array(nLst * F), fineNdvi = new Float32Array(nNdvi * F);
  for (const t of tiles) {
    const n = t.land.length;
    const slots = Int32Array.from(t.land, (i) => slot[(t.row0 + Math.floor(i / t.width)) * fine.width + t.col0 + (i % t.width)]);
    for (let k = 0; k < n; k++) {
      const s = slots[k];
      for (let d = 0; d < nKeep; d++) { fineTruth[d * F + s] = t.truth[d * n + k]; fineClear[d * F + s] = t.clear[d * n + k]; }
      for (let p = 0; p < nLst; p++) fineLst[p * F + s] = t.lst[p * n + k];
      for (let p = 0; p < nNdvi; p++) fineNdvi[p * F + s] = t.ndvi[p * n + k];
    }
  }
  return { fineLandCells, fineDem, fineLandCover, fineSoil, finePorosity, fineTruth, fineClear, fineLst, fineNdvi };
}
