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

/** Clear-sky fractions are stored as bytes: fraction = byte / 250. */
export const CLEAR_SCALE = 250;

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
}

/** Options of {@link generateTwin}. */
export interface GenerateTwinOptions {
  /** Called with a short message now and then (progress). Default: silent. */
  onProgress?: (message: string) => void;
}

/**
 * Cloud field split: a place's cloud latent is CLOUD_CELL · (the cell's field) + CLOUD_SUB · (sub-grid field,
 * 10 km and 3 km texture), CLOUD_CELL² + CLOUD_SUB² = 1, so every place keeps the climatological cloud
 * frequency and a 0.25° cell is rarely all clear or all cloudy.
 */
export const CLOUD_CELL = 0.8;
export const CLOUD_SUB = 0.6;
/** e-folding memory (days) of the transpiration stress (transpirationStress: both layers) that stresses NDVI: greenness lags soil water by weeks. */
export const NDVI_MEMORY_DAYS = 20;
/** Places per side of a 0.25° cell at which the cloud mask is realised outside the 1 km window (8 × 8, ≈ 3 km apart: the scale of the finest cloud texture). */
export const CLOUD_SAMPLES = 8;
/** |hashGauss| never exceeds this (its inverse-CDF table is bounded), so a draw that cannot change a decision is skipped. */
const GAUSS_BOUND = 6;
/** Sea cells only (their clear fraction only sets air temperature): share of places clear on a day of ≥ 2 mm rain. */
export const RAIN_CLEAR_SHARE = 0.3;

/** Days the 1 km model runs before the first kept day (it starts from the 0.25° state). */
export const FINE_SPINUP_DAYS = 61;

const STREAM = { rainSyn: 11, rainMeso: 12, cloud: 13, temp: 14, cloudFine1: 15, cloudFine2: 16, rainFine: 17, front: 18, gldasBias: 20, gldasNoise: 21, amsr2: 30, ascat: 31, drop: 32, lst: 40, ndvi: 41, station: 50 } as const;

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
 *    vegetation, aerodynamic resistance from canopy height, ground heat flux from the top layer's thermal
 *    inertia; bare soil evaporates down to its air-dry content, below the wilting point); NDVI (16-day) = the period's phenological NDVI
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
 */
export function generateTwin(config: TwinConfig, options: GenerateTwinOptions = {}): TwinData {
  validateTwinConfig(config);
  const progress = options.onProgress ?? (() => undefined);
  const seed = config.seed >>> 0;
  const coarse = new LatLonGrid(config.coarse);
  const fine = new LatLonGrid(config.window.fine);
  const day0 = dayNumber(config.period.start);
  const nDays = dayNumber(config.period.end) - day0 + 1;
  const keep0 = dayNumber(config.window.start);
  const nKeep = dayNumber(config.window.end) - keep0 + 1;
  const ratio = Math.round(coarse.cellSize / fine.cellSize);

  // ---------- geography ----------
  progress("land mask");
  const cfrac = landFraction(coarse, { subsamples: 5 });
  const ffrac = landFraction(fine, { subsamples: 1 });
  const coast = coastDistance(coarse, cfrac);
  const coarseInWindow = new Uint8Array(coarse.size);
  const fineToCoarse = new Int32Array(fine.size); // full coarse grid index of each fine pixel
  const colOff = Math.round((fine.west - coarse.west) / coarse.cellSize);
  const rowOff = Math.round((coarse.north - fine.north) / coarse.cellSize);
  for (let r = 0; r < fine.height; r++) {
    for (let c = 0; c < fine.width; c++) {
      const ci = (rowOff + Math.floor(r / ratio)) * coarse.width + colOff + Math.floor(c / ratio);
      fineToCoarse[r * fine.width + c] = ci;
      coarseInWindow[ci] = 1;
    }
  }

  // ---------- fine statics ----------
  progress("1 km static fields");
  const fineDem = new Float32Array(fine.size);
  const fineLandCover = new Float32Array(fine.size).fill(17);
  const fineSoil = new Float32Array(fine.size).fill(NaN);
  const finePorosity = new Float32Array(fine.size).fill(NaN);
  const fineStat: (PlaceStatics | null)[] = new Array(fine.size).fill(null);
  for (let i = 0; i < fine.size; i++) {
    if (ffrac[i] < 0.5) continue;
    const lon = fine.lonOf(i % fine.width), lat = fine.latOf(Math.floor(i / fine.width));
    fineStat[i] = placeStatics(lon, lat, bilinearAt(coarse, coast, lon, lat), seed, 0.01);
  }
  // Stations: Table 2 land cover at the pixel and its 8 neighbours; DEM pulled to the Table 2 altitude.
  const stationPixels: number[] = [];
  for (const s of STATIONS) {
    const idx = fine.indexOf(s.lon, s.lat);
    stationPixels.push(idx);
    if (idx < 0) continue;
    const st0 = fineStat[idx];
    if (!st0) continue;
    const r0 = Math.floor(idx / fine.width), c0 = idx % fine.width;
    const delta = s.alt - st0.elev;
    const k = Math.cos((s.lat * Math.PI) / 180);
    for (let dr = -12; dr <= 12; dr++) {
      for (let dc = -12; dc <= 12; dc++) {
        const r = r0 + dr, c = c0 + dc;
        if (r < 0 || c < 0 || r >= fine.height || c >= fine.width) continue;
        const st = fineStat[r * fine.width + c];
        if (!st) continue;
        const dkm = Math.hypot(dr * fine.cellSize * 111.2, dc * fine.cellSize * 111.2 * k);
        st.elev = Math.max(1, st.elev + delta * Math.exp(-0.5 * (dkm / 3) ** 2));
        if (Math.abs(dr) <= 1 && Math.abs(dc) <= 1) {
          const lc = s.landCover1km === "Forest" ? 5 : 12;
          const wasForest = st.landCover >= 1 && st.landCover <= 5 ? 1 : 0, isForest = lc === 5 ? 1 : 0;
          st.porosity += 0.03 * (isForest - wasForest) + (st.landCover === 16 ? 0.02 : 0);
          st.fieldCapacity += 0.02 * (isForest - wasForest);
          st.landCover = lc;
          st.impervious = 0;
        }
      }
    }
  }
  let nFine = 0;
  for (let i = 0; i < fine.size; i++) {
    const st = fineStat[i];
    if (!st) continue;
    fineDem[i] = st.elev;
    fineLandCover[i] = st.landCover;
    if (st.landCover !== 17) { fineSoil[i] = st.soil; finePorosity[i] = st.porosity; nFine++; }
    else fineSoil[i] = 1;
  }
  const fineLandCells = new Int32Array(nFine);
  for (let i = 0, k = 0; i < fine.size; i++) if (fineStat[i] && fineLandCover[i] !== 17) fineLandCells[k++] = i;

  // ---------- coarse statics ----------
  progress("0.25° static fields");
  const coarseDem = new Float32Array(coarse.size);
  const coarseLandCover = new Float32Array(coarse.size).fill(17);
  const coarseSoil = new Float32Array(coarse.size).fill(NaN);
  const coarsePorosity = new Float32Array(coarse.size).fill(NaN);
  const cP = staticArrays(coarse.size);
  const cTMean = new Float32Array(coarse.size), cTAmp = new Float32Array(coarse.size), cNdviNoise = new Float32Array(coarse.size);
  const isLand = new Uint8Array(coarse.size);
  const coarseLandFraction = new Float32Array(coarse.size);
  // window cells from the 1 km pixels
  const acc = new Map<number, number[]>();
  for (const i of fineLandCells) {
    const ci = fineToCoarse[i];
    let a = acc.get(ci);
    if (!a) { a = []; acc.set(ci, a); }
    a.push(i);
  }
  const N_SUB = 3;
  for (let ci = 0; ci < coarse.size; ci++) {
    const r = Math.floor(ci / coarse.width), c = ci % coarse.width;
    const lonC = coarse.lonOf(c), latC = coarse.latOf(r);
    const lcCount = new Float64Array(18), soilCount = new Float64Array(17);
    let n = 0, elev = 0, phi = 0, fc = 0, wp = 0, kd = 0, imp = 0, tm = 0, ta = 0, nn = 0, lks = 0, pb = 0, ad = 0;
    if (coarseInWindow[ci]) {
      const pix = acc.get(ci) ?? [];
      coarseLandFraction[ci] = pix.length / (ratio * ratio);
      if (coarseLandFraction[ci] < 0.5) continue;
      for (const i of pix) {
        const st = fineStat[i]!;
        n++; elev += st.elev; phi += st.porosity; fc += st.fieldCapacity; wp += st.wiltingPoint; kd += st.drainage; imp += st.impervious; lks += Math.log(st.ksat); pb += st.poreIndex; ad += st.airDry;
        tm += st.climate.tMean; ta += st.climate.tAmp; nn += st.ndviNoise;
        lcCount[st.landCover]++; soilCount[st.soil]++;
      }
    } else {
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
    }
    let lc = 1, best = -1;
    for (let k = 1; k <= 17; k++) if (lcCount[k] > best) { best = lcCount[k]; lc = k; }
    if (n === 0 || lc === 17) continue;
    let soil = 2; best = -1;
    for (let k = 1; k <= 16; k++) if (soilCount[k] > best) { best = soilCount[k]; soil = k; }
    isLand[ci] = 1;
    coarseDem[ci] = elev / n;
    coarseLandCover[ci] = lc;
    coarseSoil[ci] = soil;
    coarsePorosity[ci] = cP.porosity[ci] = phi / n;
    cP.fieldCapacity[ci] = fc / n; cP.wiltingPoint[ci] = wp / n; cP.drainage[ci] = kd / n; cP.impervious[ci] = imp / n;
    cP.ksat![ci] = Math.exp(lks / n); cP.poreIndex![ci] = pb / n; cP.airDry![ci] = ad / n;
    cTMean[ci] = tm / n; cTAmp[ci] = ta / n; cNdviNoise[ci] = nn / n;
    void lonC; void latC;
  }
  let nLand = 0;
  for (let ci = 0; ci < coarse.size; ci++) nLand += isLand[ci];
  const coarseLandCells = new Int32Array(nLand);
  const landSlot = new Int32Array(coarse.size).fill(-1);
  for (let ci = 0, k = 0; ci < coarse.size; ci++) if (isLand[ci]) { landSlot[ci] = k; coarseLandCells[k++] = ci; }

  // compact parameter arrays
  const L = nLand;
  const cParams: BucketParams = staticArrays(L);
  const cLC = new Float32Array(L);
  for (let k = 0; k < L; k++) {
    const ci = coarseLandCells[k];
    cParams.porosity[k] = cP.porosity[ci]; cParams.fieldCapacity[k] = cP.fieldCapacity[ci]; cParams.wiltingPoint[k] = cP.wiltingPoint[ci];
    cParams.drainage[k] = cP.drainage[ci]; cParams.impervious[k] = cP.impervious[ci]; cLC[k] = coarseLandCover[ci];
    cParams.ksat![k] = cP.ksat![ci]; cParams.poreIndex![k] = cP.poreIndex![ci]; cParams.airDry![k] = cP.airDry![ci];
  }
  const F = nFine;
  const fParams: BucketParams = staticArrays(F);
  const fLC = new Float32Array(F), fTMean = new Float32Array(F), fTAmp = new Float32Array(F), fNoise = new Float32Array(F);
  const fSlot = new Int32Array(F); // compact coarse land slot of each fine land pixel (−1 if its cell is water)
  const fOro = new Float32Array(F), fLapse = new Float32Array(F), fRow = new Int32Array(F);
  const fIdx = new Int32Array(F * 4), fW = new Float32Array(F * 4);
  // coarse climate for every cell (sea too: the weather is continuous across coasts)
  const climAll = new Array(coarse.size);
  for (let ci = 0; ci < coarse.size; ci++) {
    const r = Math.floor(ci / coarse.width), c = ci % coarse.width;
    climAll[ci] = climateAt(coarse.lonOf(c), coarse.latOf(r), isLand[ci] ? coarseDem[ci] : 0, coast[ci]);
  }
  const coarseDemInterp = new Float32Array(coarse.size);
  for (let ci = 0; ci < coarse.size; ci++) coarseDemInterp[ci] = isLand[ci] ? coarseDem[ci] : 0;
  for (let k = 0; k < F; k++) {
    const i = fineLandCells[k];
    const st = fineStat[i]!;
    fParams.porosity[k] = st.porosity; fParams.fieldCapacity[k] = st.fieldCapacity; fParams.wiltingPoint[k] = st.wiltingPoint;
    fParams.drainage[k] = st.drainage; fParams.impervious[k] = st.impervious;
    fParams.ksat![k] = st.ksat; fParams.poreIndex![k] = st.poreIndex; fParams.airDry![k] = st.airDry;
    fLC[k] = st.landCover; fTMean[k] = st.climate.tMean; fTAmp[k] = st.climate.tAmp; fNoise[k] = st.ndviNoise;
    fSlot[k] = landSlot[fineToCoarse[i]];
    const r = Math.floor(i / fine.width), c = i % fine.width;
    fRow[k] = r;
    const lon = fine.lonOf(c), lat = fine.latOf(r);
    // bilinear weights from coarse centres
    const fx = (lon - coarse.west) / coarse.cellSize - 0.5, fy = (coarse.north - lat) / coarse.cellSize - 0.5;
    const x0 = Math.max(0, Math.min(coarse.width - 1, Math.floor(fx))), y0 = Math.max(0, Math.min(coarse.height - 1, Math.floor(fy)));
    const x1 = Math.min(coarse.width - 1, x0 + 1), y1 = Math.min(coarse.height - 1, y0 + 1);
    const tx = Math.max(0, Math.min(1, fx - x0)), ty = Math.max(0, Math.min(1, fy - y0));
    fIdx[4 * k] = y0 * coarse.width + x0; fIdx[4 * k + 1] = y0 * coarse.width + x1; fIdx[4 * k + 2] = y1 * coarse.width + x0; fIdx[4 * k + 3] = y1 * coarse.width + x1;
    fW[4 * k] = (1 - tx) * (1 - ty); fW[4 * k + 1] = tx * (1 - ty); fW[4 * k + 2] = (1 - tx) * ty; fW[4 * k + 3] = tx * ty;
    let demC = 0;
    for (let q = 0; q < 4; q++) demC += fW[4 * k + q] * coarseDemInterp[fIdx[4 * k + q]];
    fLapse[k] = -0.0065 * (st.elev - demC);
    fOro[k] = Math.max(0.7, Math.min(1.4, 1 + 0.0004 * (st.elev - demC)));
  }
  // drainage network within each 0.25° cell (D8 on the 1 km DEM), in compact slots
  const slotOfPixel = new Int32Array(fine.size).fill(-1);
  for (let k = 0; k < F; k++) slotOfPixel[fineLandCells[k]] = k;
  const fineLandMask = new Uint8Array(fine.size);
  for (let k = 0; k < F; k++) fineLandMask[fineLandCells[k]] = 1;
  const net = cellFlowNetwork({
    width: fine.width, height: fine.height, ratio, dem: fineDem, land: fineLandMask,
    pixelHeightM: fine.cellSize * 111_195,
    pixelWidthM: Float64Array.from({ length: fine.height }, (_, r) => fine.cellSize * 111_195 * Math.cos((fine.latOf(r) * Math.PI) / 180)),
  });
  const routing: LateralRouting = { order: new Int32Array(F), downstream: new Int32Array(F), tanBeta: new Float32Array(F) };
  for (let q = 0; q < F; q++) routing.order[q] = slotOfPixel[net.order[q]];
  for (let k = 0; k < F; k++) {
    const i = fineLandCells[k];
    routing.downstream[k] = net.downstream[i] >= 0 ? slotOfPixel[net.downstream[i]] : -1;
    routing.tanBeta[k] = net.tanBeta[i];
  }
  const fineTwi = new Float32Array(fine.size).fill(NaN);
  for (let k = 0; k < F; k++) fineTwi[fineLandCells[k]] = net.twi[fineLandCells[k]];
  const fCanopy = Float32Array.from(fLC, (lc) => canopyHeight(lc));
  const fRunoff = new Float32Array(F);
  const routeScratch = { surf: new Float64Array(F), sub: new Float64Array(F) };
  // frontal-band geometry per pixel: distance across bands oriented WSW–ENE (degrees)
  const fAcross = new Float32Array(F);
  for (let k = 0; k < F; k++) {
    const i = fineLandCells[k];
    const lon = fine.lonOf(i % fine.width), lat = fine.latOf(Math.floor(i / fine.width));
    fAcross[k] = -Math.sin(0.35) * lon + Math.cos(0.35) * lat;
  }

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
  const fineTruth = new Float32Array(nKeep * F), fineClear = new Uint8Array(nKeep * F);
  const fineLst = new Float32Array(fineLstPeriodIndex.length * F).fill(NaN);
  const fineNdvi = new Float32Array(fineNdviPeriodIndex.length * F).fill(NaN);

  // ---------- state ----------
  const cState: BucketState = { theta1: new Float32Array(L), theta2: new Float32Array(L), swe: new Float32Array(L) };
  const fState: BucketState = { theta1: new Float32Array(F), theta2: new Float32Array(F), swe: new Float32Array(F) };
  // initial state: wilting point + (field capacity − wilting point) · min(1, P_annual / 1,200 mm)
  for (let k = 0; k < L; k++) {
    const wet = Math.min(1, climAll[coarseLandCells[k]].pAnnual / 1200);
    cState.theta1[k] = cState.theta2[k] = cParams.wiltingPoint[k] + wet * (cParams.fieldCapacity[k] - cParams.wiltingPoint[k]);
  }
  // Spin-up: the initial state is the equilibrium of the first 120 days repeated (done below by running
  // the first min(120, nDays) days twice, the first pass discarded).

  const procRainSyn = new LatticeProcess(coarse, { spacing: 3, rho: 0.55, seed, stream: STREAM.rainSyn });
  const procRainMeso = new LatticeProcess(coarse, { spacing: 0.75, rho: 0.25, seed, stream: STREAM.rainMeso });
  const procCloud = new LatticeProcess(coarse, { spacing: 1.5, rho: 0.5, seed, stream: STREAM.cloud });
  const procTemp = new LatticeProcess(coarse, { spacing: 5, rho: 0.8, seed, stream: STREAM.temp });
  const procGldas = new LatticeProcess(coarse, { spacing: GLDAS_ERROR.noiseScale, rho: GLDAS_ERROR.noiseRho, seed, stream: STREAM.gldasNoise });
  const zg = new Float32Array(coarse.size);
  const G = coarse.size;
  const zr1 = new Float32Array(G), zr2 = new Float32Array(G), zc = new Float32Array(G), zt = new Float32Array(G);
  const rainC = new Float32Array(G), cloudMargin = new Float32Array(G), tC = new Float32Array(G), clearFracC = new Float32Array(G);
  // sub-grid weather on the 1 km window: cloud texture (10 km and 3 km), convective cells (6 km)
  const procCloudF1 = new LatticeProcess(fine, { spacing: 0.1, rho: 0.3, seed, stream: STREAM.cloudFine1 });
  // the same sub-grid cloud texture sampled at CLOUD_SAMPLES × CLOUD_SAMPLES places of every 0.25° cell
  const S = CLOUD_SAMPLES;
  const sampleGrid = new LatLonGrid({ west: coarse.west, north: coarse.north, cellSize: coarse.cellSize / S, width: coarse.width * S, height: coarse.height * S });
  const procCloudS = new LatticeProcess(sampleGrid, { spacing: 0.1, rho: 0.3, seed, stream: STREAM.cloudFine1 });
  const zs = new Float32Array(sampleGrid.size);
  const procCloudF2 = new LatticeProcess(fine, { spacing: 0.03, rho: 0, seed, stream: STREAM.cloudFine2 });
  const procRainF = new LatticeProcess(fine, { spacing: 0.06, rho: 0, seed, stream: STREAM.rainFine });
  const zf1 = new Float32Array(fine.size), zf2 = new Float32Array(fine.size), zfr = new Float32Array(fine.size);
  const cForce = { precip: new Float32Array(L), tair: new Float32Array(L), pet: new Float32Array(L), fveg: new Float32Array(L) };
  const fForce = { precip: new Float32Array(F), tair: new Float32Array(F), pet: new Float32Array(F), fveg: new Float32Array(F) };
  const fClearToday = new Uint8Array(F);
  const cNdviTrue = new Float32Array(L), fNdviTrue = new Float32Array(F);
  const cBeta2Mem = new Float32Array(L), fBeta2Mem = new Float32Array(F);
  for (let k = 0; k < L; k++) cBeta2Mem[k] = transpirationStress(cState.theta1[k], cState.theta2[k], cParams.fieldCapacity[k], cParams.wiltingPoint[k]);
  const cLstSum = new Float64Array(L), cLstN = new Float64Array(L), fLstSum = new Float64Array(F), fLstN = new Int32Array(F);
  const cNdviSeen = new Uint8Array(L), fNdviSeen = new Uint8Array(F);
  // window aggregation scratch (per compact coarse slot)
  const aggN = new Float32Array(L), aggTheta = new Float64Array(L), aggRain = new Float64Array(L), aggClear = new Float64Array(L), aggNdvi = new Float64Array(L);
  for (let k = 0; k < F; k++) if (fSlot[k] >= 0) aggN[fSlot[k]]++;
  const inWin = new Uint8Array(L);
  for (let k = 0; k < L; k++) inWin[k] = coarseInWindow[coarseLandCells[k]];
  const cLat = new Float32Array(L), cLon = new Float32Array(L);
  for (let k = 0; k < L; k++) { const ci = coarseLandCells[k]; cLat[k] = coarse.latOf(Math.floor(ci / coarse.width)); cLon[k] = coarse.lonOf(ci % coarse.width); }
  const rowR = new Float32Array(fine.height);
  const cCos = Float64Array.from(cLat, (lat) => Math.cos((lat * Math.PI) / 180));
  const cCanopy = Float32Array.from(cLC, (lc) => canopyHeight(lc));
  const amsrSite = new Float32Array(L);
  for (let k = 0; k < L; k++) amsrSite[k] = 0.03 * Math.tanh(valueNoise(cLon[k], cLat[k], 2, seed, STREAM.amsr2));

  // stations
  const stations: StationSeries[] = [];
  const stationSlots: number[] = [];
  const stEma: number[] = [], stNoise: number[] = [], stWp: number[] = [], stPhi: number[] = [];
  const fSlotOfPixel = new Map<number, number>();
  for (let k = 0; k < F; k++) fSlotOfPixel.set(fineLandCells[k], k);
  STATIONS.forEach((s, j) => {
    const idx = stationPixels[j];
    const slot = idx >= 0 ? fSlotOfPixel.get(idx) ?? -1 : -1;
    if (slot < 0) return;

    stationSlots.push(slot);
    stEma.push(NaN); stNoise.push(0);
    // the probe's own soil: the pixel's texture shifted finer and more organic (grassed sites), by pedotransfer
    const st = fineStat[idx]!;
    const clay = Math.min(0.55, st.clay + 0.06 * hashUniform(seed, STREAM.station, j, 1));
    const sand = Math.max(0.05, Math.min(0.95 - clay, st.sand - 0.12 * hashUniform(seed, STREAM.station, j, 2)));
    const site = saxtonRawls({ sand, clay, organicMatter: 2.5 + 2.5 * hashUniform(seed, STREAM.station, j, 3) });
    stWp.push(site.wiltingPoint); stPhi.push(site.porosity);
    stations.push({ station: s, fineIndex: idx, porosity: site.porosity, sm: new Float32Array(nDays), precip: new Float32Array(nDays) });
  });

  const ndviPeriodAt = (d: number) => ndviPeriods.findIndex((p) => d >= p.start && d <= p.end);
  const lstPeriodAt = (d: number) => lstPeriods.findIndex((p) => d >= p.start && d <= p.end);

  const spin = Math.min(120, nDays);
  const totalSteps = spin + nDays;
  // The 1 km model starts FINE_SPINUP_DAYS before the first kept day, from the 0.25° state.
  const fineStart = Math.max(day0, keep0 - FINE_SPINUP_DAYS);
  // weather is needed on land cells and on the (sea) cells the 1 km interpolation reads
  const needWeather = new Uint8Array(G);
  for (let k = 0; k < L; k++) needWeather[coarseLandCells[k]] = 1;
  for (let q = 0; q < fIdx.length; q++) needWeather[fIdx[q]] = 1;
  const weatherCells = Int32Array.from({ length: G }, (_, ci) => ci).filter((ci) => needWeather[ci] === 1);
  for (let step = 0; step < totalSteps; step++) {
    const spinning = step < spin;
    const t = spinning ? step : step - spin; // day offset in the period
    const d = day0 + t;
    const doy = dayOfYear(d);
    if (!spinning && t % 60 === 0) progress(`day ${t + 1}/${nDays}`);
    const fineOn = !spinning && d >= fineStart;
    if (fineOn && d === fineStart) {
      // initialise the 1 km state from the containing 0.25° cell, scaled by the porosity ratio
      for (let k = 0; k < F; k++) {
        const s0 = fSlot[k];
        if (s0 < 0) continue;
        const r = fParams.porosity[k] / cParams.porosity[s0];
        fState.theta1[k] = Math.max(0.02, Math.min(fParams.porosity[k], cState.theta1[s0] * r));
        fState.theta2[k] = Math.max(0.02, Math.min(fParams.porosity[k], cState.theta2[s0] * r));
        fState.swe[k] = cState.swe[s0];
        fBeta2Mem[k] = cBeta2Mem[s0];
      }
    }
    // weather on the coarse grid (the processes advance only in the recorded pass; the spin-up reuses
    // climatological forcing with the same noise sequence restarted, which is harmless)
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
      // a 1 km place is cloudy when CLOUD_CELL · zcl + CLOUD_SUB · z_sub > Φ⁻¹(1 − pc): every place is cloudy
      // with probability pc; the cell's clear fraction is the share of its places below the threshold
      cloudMargin[ci] = CLOUD_CELL * zcl - quantileLookup(1 - pc);
      if (!isLand[ci]) clearFracC[ci] = normalCdf(-cloudMargin[ci] / CLOUD_SUB) * (rain >= 2 ? RAIN_CLEAR_SHARE : 1);
      else {
        // a realised sub-grid mask: the 10 km texture (shared lattice) plus the 3 km part as independent
        // noise per place, and sub-grid rain (lognormal, as the 1 km model's convective cells) ≥ 2 mm is cloudy
        const r0 = Math.floor(ci / coarse.width) * S, c0 = (ci % coarse.width) * S;
        const conv = Math.max(0, Math.min(1, (seasonalTemperature(cl, doy) + 2.5 * zt[ci] - 14) / 10));
        const sc = 0.35 + 0.85 * conv;
        let nClear = 0;
        for (let a = 0; a < S; a++) {
          for (let b = 0; b < S; b++) {
            const si = (r0 + a) * sampleGrid.width + c0 + b;
            // the 3 km part is a standard normal bounded by ±GAUSS_BOUND: draw it only when it can decide
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
    // NDVI period start: the period's "true" NDVI from the current root-zone wetness
    const np = ndviPeriodAt(d);
    if (np >= 0 && (ndviPeriods[np].start === d || t === 0 || (fineOn && d === fineStart))) {
      const mid = Math.round((ndviPeriods[np].start + ndviPeriods[np].end) / 2);
      const lagDoy = dayOfYear(mid - 14);
      for (let k = 0; k < L; k++) {
        const tl = cTMean[coarseLandCells[k]] - cTAmp[coarseLandCells[k]] * Math.cos((2 * Math.PI * (lagDoy - 18)) / 365.25);
        cNdviTrue[k] = trueNdvi(cLC[k], tl, cBeta2Mem[k], cNdviNoise[coarseLandCells[k]], cState.swe[k]);
      }
      for (let k = 0; k < F && fineOn; k++) {
        const tl = fTMean[k] - fTAmp[k] * Math.cos((2 * Math.PI * (lagDoy - 18)) / 365.25);
        fNdviTrue[k] = trueNdvi(fLC[k], tl, fBeta2Mem[k], fNoise[k], fState.swe[k]);
      }
    }
    // coarse bucket
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
    // vegetation remembers root-zone water stress over weeks (exponential memory, NDVI_MEMORY_DAYS)
    for (let k = 0; k < L; k++) {
      const b = transpirationStress(cState.theta1[k], cState.theta2[k], cParams.fieldCapacity[k], cParams.wiltingPoint[k]);
      cBeta2Mem[k] += (b - cBeta2Mem[k]) / NDVI_MEMORY_DAYS;
    }
    // fine bucket (only from fineStart on)
    for (let r = 0; r < fine.height; r++) rowR[r] = noonInsolation(fine.latOf(r), doy);
    if (fineOn) { procCloudF1.step(d, zf1); procCloudF2.step(d, zf2); procRainF.step(d, zfr); }
    // frontal bands: a band pattern across WSW–ENE fronts (wavelength 0.8°) drifting from day to day
    const frontPhase = 2 * Math.PI * hashUniform(seed, STREAM.front, d, 0);
    for (let k = 0; k < F && fineOn; k++) {
      const q = 4 * k;
      const i0 = fIdx[q], i1 = fIdx[q + 1], i2 = fIdx[q + 2], i3 = fIdx[q + 3];
      const w0 = fW[q], w1 = fW[q + 1], w2 = fW[q + 2], w3 = fW[q + 3];
      const T0 = w0 * tC[i0] + w1 * tC[i1] + w2 * tC[i2] + w3 * tC[i3];
      const T = T0 + fLapse[k];
      // sub-grid rain: lognormal convective cells (stronger when warm) × frontal bands (cool season)
      const conv = Math.max(0, Math.min(1, (T0 - 14) / 10));
      const sc = 0.35 + 0.85 * conv;
      const pix = fineLandCells[k];
      const mConv = Math.exp(sc * zfr[pix] - 0.5 * sc * sc);
      const mFront = 1 + 0.45 * (1 - conv) * Math.sin((2 * Math.PI * fAcross[k]) / 0.8 + frontPhase);
      const rain = (w0 * rainC[i0] + w1 * rainC[i1] + w2 * rainC[i2] + w3 * rainC[i3]) * fOro[k] * mConv * mFront;
      const cm = w0 * cloudMargin[i0] + w1 * cloudMargin[i1] + w2 * cloudMargin[i2] + w3 * cloudMargin[i3];
      const clr = cm + CLOUD_SUB * (0.8 * zf1[pix] + 0.6 * zf2[pix]) <= 0 && rain < 2 ? 1 : 0;
      fClearToday[k] = clr;
      fForce.precip[k] = rain;
      fForce.tair[k] = T;
      fForce.pet[k] = Math.max(0, 0.17 * (T + 4)) * (0.35 + 0.65 * rowR[fRow[k]]) * (clr ? 1 : 0.6);
      fForce.fveg[k] = vegetationFraction(fNdviTrue[k]);
    }
    if (fineOn) {
      soilWaterStep(F, fParams, fState, fForce, fRunoff);
      routeLateral(F, routing, fParams, fState, fRunoff, routeScratch);
      for (let k = 0; k < F; k++) {
        const b = transpirationStress(fState.theta1[k], fState.theta2[k], fParams.fieldCapacity[k], fParams.wiltingPoint[k]);
        fBeta2Mem[k] += (b - fBeta2Mem[k]) / NDVI_MEMORY_DAYS;
      }
    }
    if (spinning) {
      if (step === spin - 1) {
        // restart the weather processes so the recorded pass starts from the same noise as a cold start
        procRainSyn.reset(); procRainMeso.reset(); procCloud.reset(); procTemp.reset();
        procCloudF1.reset(); procCloudF2.reset(); procRainF.reset(); procCloudS.reset();
      }
      continue;
    }
    // ---- record ----
    const base = t * L;
    // fine: LST accumulation, NDVI clear flags, kept layers, window aggregation
    aggTheta.fill(0); aggRain.fill(0); aggClear.fill(0); aggNdvi.fill(0);
    const kept = d >= keep0 && d <= keepLast ? d - keep0 : -1;
    for (let k = 0; k < F && fineOn; k++) {
      const th = fState.theta1[k];
      const clr = fClearToday[k];
      if (clr) {
        fLstSum[k] += clearSkyLst(fForce.tair[k], rowR[fRow[k]], th, fState.theta2[k], fParams.porosity[k], fParams.fieldCapacity[k], fParams.wiltingPoint[k], fParams.airDry![k], fForce.fveg[k], fCanopy[k], fState.swe[k]);
        fLstN[k]++;
        fNdviSeen[k] = 1;
      }
      if (kept >= 0) { fineTruth[kept * F + k] = th; fineClear[kept * F + k] = clr ? CLEAR_SCALE : 0; }
      const s = fSlot[k];
      if (s >= 0) { aggTheta[s] += th; aggRain[s] += fForce.precip[k]; aggClear[s] += clr; aggNdvi[s] += fNdviTrue[k]; }
    }
    // coarse layers of the day
    procGldas.step(d, zg);
    for (let k = 0; k < L; k++) {
      const ci = coarseLandCells[k];
      let th: number, rain: number, clrFrac: number, nd: number;
      const cf = clearFracC[ci];
      if (cf > 0) {
        // the 0.25° model's own composites (used outside the window, and in it before fineStart): the
        // clear-sky LST weighted by the day's clear fraction, as a mean of the cell's clear 1 km pixels would be
        cLstSum[k] += cf * clearSkyLst(tC[ci], noonInsolation(cLat[k], doy), cState.theta1[k], cState.theta2[k], cParams.porosity[k], cParams.fieldCapacity[k], cParams.wiltingPoint[k], cParams.airDry![k], vegetationFraction(cNdviTrue[k]), cCanopy[k], cState.swe[k]);
        cLstN[k] += cf;
        if (cf >= 0.05) cNdviSeen[k] = 1;
      }
      if (fineOn && inWin[k] && aggN[k] > 0) {
        th = aggTheta[k] / aggN[k]; rain = aggRain[k] / aggN[k]; clrFrac = aggClear[k] / aggN[k]; nd = aggNdvi[k] / aggN[k];
      } else {
        th = cState.theta1[k]; rain = rainC[ci]; clrFrac = clearFracC[ci]; nd = cNdviTrue[k];
      }
      truth[base + k] = th;
      precipOut[base + k] = rain;
      clear[base + k] = Math.round(clrFrac * CLEAR_SCALE);
      // GLDAS-like
      gldas[base + k] = Math.max(0.02, Math.min(cParams.porosity[k], th + cBias[k] + GLDAS_ERROR.noiseSd * zg[ci]));
      // sensors
      const phi = cParams.porosity[k];
      const thS = Math.min(phi, th + 0.4 * (phi - th) * Math.min(1, rain / 25));
      const frozen = tC[ci] < -1 || cState.swe[k] > 5;
      const fv = vegetationFraction(nd);
      // AMSR2: compressed, attenuated by vegetation (τ = exp(−1.4·NDVI)), site bias ±0.03, noise 0.025 per pass
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
        const siteA = amsrSite[k];
        const v = 0.015 + 0.6 * (thS - 0.02) * tau + 0.07 * (1 - tau) + siteA + 0.035 * sumA / nA;
        amsr2[base + k] = Math.max(0, Math.min(0.5, v));
      } else amsr2[base + k] = NaN;
      // ASCAT: degree of saturation between site dry/wet references, damped by vegetation, noisier under it
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
    // stations
    stations.forEach((s, j) => {
      if (!fineOn) { s.sm[t] = NaN; s.precip[t] = NaN; return; }
      const k = stationSlots[j];
      // 10 cm lies between the 0–10 cm layer and the root zone, and responds more slowly than the top layer
      const th = 0.6 * fState.theta1[k] + 0.4 * fState.theta2[k];
      stEma[j] = Number.isNaN(stEma[j]) ? th : 0.6 * stEma[j] + 0.4 * th;
      stNoise[j] = 0.6 * stNoise[j] + 0.8 * 0.012 * hashGauss(seed, STREAM.station, j, d);
      const wp = fParams.wiltingPoint[k], phi = fParams.porosity[k];
      const rel = (stEma[j] - wp) / (phi - wp);
      s.sm[t] = Math.max(0.02, Math.min(stPhi[j], stWp[j] + rel * (stPhi[j] - stWp[j]) + stNoise[j]));
      const pr = fForce.precip[k] * Math.exp(0.15 * hashGauss(seed, STREAM.station + 1, j, d));
      s.precip[t] = pr < 0.1 ? 0 : Math.round(pr * 10) / 10;
    });
    // composites closing today
    const lp = lstPeriodAt(d);
    if (lp >= 0 && (lstPeriods[lp].end === d || t === nDays - 1)) {
      const fj = indexOfInt(fineLstPeriodIndex, lp);
      closeComposite(lp, fj, lstPeriods[lp].start >= fineStart, fLstSum, fLstN, cLstSum, cLstN, lst, fineLst, STREAM.lst, 0.7, null, null);
    }
    const np2 = ndviPeriodAt(d);
    if (np2 >= 0 && (ndviPeriods[np2].end === d || t === nDays - 1)) {
      const fj = indexOfInt(fineNdviPeriodIndex, np2);
      closeComposite(np2, fj, ndviPeriods[np2].start >= fineStart, null, null, null, null, ndvi, fineNdvi, STREAM.ndvi, 0.02, { c: cNdviSeen, f: fNdviSeen }, { c: cNdviTrue, f: fNdviTrue });
    }
  }

  function closeComposite(
    pi: number, fj: number, fineCovers: boolean,
    fSum: Float64Array | null, fN: Int32Array | null, cSum: Float64Array | null, cN: Float64Array | null,
    coarseOut: Float32Array, fineOut: Float32Array, stream: number, sd: number,
    seen: { c: Uint8Array; f: Uint8Array } | null, value: { c: Float32Array; f: Float32Array } | null,
  ): void {
    const fv = new Float32Array(F).fill(NaN);
    const vs = new Float64Array(L), vn = new Float64Array(L);
    for (let k = 0; k < F; k++) {
      let v = NaN;
      if (fSum && fN) { if (fN[k] > 0) v = fSum[k] / fN[k]; fSum[k] = 0; fN[k] = 0; }
      else if (seen && value) { if (seen.f[k]) v = value.f[k]; seen.f[k] = 0; }
      if (!Number.isNaN(v)) v += sd * hashGauss(seed, stream, fineLandCells[k] + 7, pi);
      if (stream === STREAM.lst) v = Math.max(230, Math.min(340, v));
      else v = Math.max(-0.2, Math.min(1, v));
      fv[k] = v;
      if (fj >= 0) fineOut[fj * F + k] = v;
      const s = fSlot[k];
      if (s >= 0 && !Number.isNaN(v)) { vs[s] += v; vn[s]++; }
    }
    for (let k = 0; k < L; k++) {
      let v = NaN;
      let cv = NaN;
      if (cSum && cN) { if (cN[k] >= 0.05) cv = cSum[k] / cN[k]; cSum[k] = 0; cN[k] = 0; }
      else if (seen && value) { if (seen.c[k]) cv = value.c[k]; seen.c[k] = 0; }
      if (fineCovers && inWin[k] && aggN[k] > 0) {
        if (vn[k] >= 0.5 * aggN[k]) v = vs[k] / vn[k];
      } else {
        v = cv;
        if (!Number.isNaN(v)) v += sd * hashGauss(seed, stream, -1 - coarseLandCells[k], pi);
        if (stream === STREAM.lst) v = Math.max(230, Math.min(340, v));
        else v = Math.max(-0.2, Math.min(1, v));
      }
      coarseOut[pi * L + k] = v;
    }
  }

  progress("done");
  return {
    config, coarse, fine, day0, nDays, keep0, nKeep,
    coarseLandFraction, coarseLandCells, coarseInWindow, coarseDem, coarseLandCover, coarseSoil, coarsePorosity, gldasBias,
    gldas, amsr2, ascat, truth, precip: precipOut, clear, lstPeriods, lst, ndviPeriods, ndvi,
    fineLandCells, fineDem, fineLandCover, fineSoil, finePorosity, fineTruth, fineClear,
    fineLstPeriodIndex, fineLst, fineNdviPeriodIndex, fineNdvi, stations,
  };
}

function indexOfInt(a: Int32Array, v: number): number {
  for (let i = 0; i < a.length; i++) if (a[i] === v) return i;
  return -1;
}

/** Relative wetness (θ − wp)/(fc − wp) clamped to [0, 1]. */
function wetness(theta: number, fc: number, wp: number): number {
  return Math.max(0, Math.min(1, (theta - wp) / (fc - wp)));
}

/**
 * The MODIS-like clear-sky LST (K) of a pixel at the morning overpass (cos Z = 0.92 × the noon value):
 * {@link surfaceTemperature} with the bucket's own stress functions — bare-soil evaporation efficiency
 * (θ₁ − θ_ad)/(φ − θ_ad) (as Noah's direct evaporation, exponent 1, down to air-dry), transpiration
 * {@link transpirationStress} (both layers, as the bucket's transpiration draws on them) — and the top layer's
 * thermal inertia for the ground heat flux.
 */
function clearSkyLst(tair: number, noonCos: number, theta1: number, theta2: number, phi: number, fc: number, wp: number, airDry: number, fveg: number, canopy: number, swe: number): number {
  return surfaceTemperature({ tair, cosZenith: 0.92 * noonCos, beta1: wetness(theta1, phi, airDry), beta2: transpirationStress(theta1, theta2, fc, wp), fveg, canopyHeight: canopy, swe, theta1, porosity: phi });
}
