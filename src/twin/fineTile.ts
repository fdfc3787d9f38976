import { LatLonGrid } from "../grid/latLonGrid";
import { landFraction } from "./landFraction";
import { placeStatics, bilinearAt, type PlaceStatics } from "./staticFields";
import { noonInsolation } from "./climatology";
import { LatticeProcess } from "./latticeProcess";
import { soilWaterStep, transpirationStress, type BucketParams, type BucketState } from "./soilWaterStep";
import { trueNdvi, vegetationFraction } from "./vegetation";
import { dayOfYear } from "./twinConfig";
import type { CompositePeriod } from "./compositePeriods";
import { STATIONS, type Station } from "./stations";
import { hashGauss, hashUniform } from "./prng";
import { cellFlowNetwork } from "./topographicIndex";
import { routeLateral, type LateralRouting } from "./lateralFlow";
import { surfaceTemperature, canopyHeight } from "./surfaceTemperature";
import { saxtonRawls, equalPotentialTheta } from "./soilTexture";
import { cellGradients, sunVectors, slopeRatios } from "./terrainInsolation";

/** Random streams shared by the 0.25° and the 1 km simulation (generateTwin re-exports the same numbers). */
export const STREAM = { rainSyn: 11, rainMeso: 12, cloud: 13, temp: 14, cloudFine1: 15, cloudFine2: 16, rainFine: 17, front: 18, gldasBias: 20, gldasNoise: 21, amsr2: 30, ascat: 31, drop: 32, lst: 40, ndvi: 41, station: 50 } as const;

/** Cloud split (see generateTwin): CLOUD_CELL² + CLOUD_SUB² = 1. */
export const CLOUD_CELL = 0.8;
export const CLOUD_SUB = 0.6;
/** e-folding memory (days) of the root-zone wetness that stresses NDVI. */
export const NDVI_MEMORY_DAYS = 20;
/** Clear-sky flags and fractions are stored as bytes: fraction = byte / 250. */
export const CLEAR_SCALE = 250;

/**
 * Storage steps of the kept 1 km layers (int16 in the tile files; NaN = −32768): truth θ = q · 1e-4 m³ m⁻³,
 * LST = 273.15 + q · 0.01 K, NDVI = q · 1e-4. Values are rounded to these steps BEFORE the 0.25° means are
 * taken, so the 0.25° layers are the means of exactly the 1 km values served (error bound of the encoding
 * against the simulated value: half a step, 5e-5 m³ m⁻³, 0.005 K, 5e-5).
 */
export const FINE_ENCODING = { truthStep: 1e-4, lstOffset: 273.15, lstStep: 0.01, ndviStep: 1e-4, nodata: -32768 } as const;

/** Rounds θ to the truth storage step, inside [0.02, φ] on the step lattice. */
export function quantiseTruth(theta: number, porosity: number): number {
  const s = 1 / FINE_ENCODING.truthStep;
  const q = Math.max(200, Math.min(Math.floor(porosity * s + 1e-9), Math.round(theta * s)));
  return Math.fround(q * FINE_ENCODING.truthStep);
}
/** Rounds an LST (K) to its storage step (NaN stays NaN). */
export function quantiseLst(v: number): number {
  return Number.isNaN(v) ? NaN : Math.fround(FINE_ENCODING.lstOffset + Math.round((v - FINE_ENCODING.lstOffset) / FINE_ENCODING.lstStep) * FINE_ENCODING.lstStep);
}
/** Rounds an NDVI to its storage step (NaN stays NaN). */
export function quantiseNdvi(v: number): number {
  return Number.isNaN(v) ? NaN : Math.fround(Math.round(v / FINE_ENCODING.ndviStep) * FINE_ENCODING.ndviStep);
}

/** One station's edit of the 1 km statics (elevation pulled to Table 2's altitude, Table 2 land cover). */
export interface StationEdit { j: number; pixel: number; row: number; col: number; delta: number; landCover: number; lat: number }

/**
 * Everything a 1 km tile needs from the 0.25° run: read-only, shared by every tile (and, as plain typed
 * arrays, by worker threads). Day arrays cover the 1 km days `fineStart … fineStart + nFineDays − 1`.
 */
export interface FineContext {
  seed: number;
  coarse: LatLonGrid;
  /** The whole 1 km region (the configuration's `window.fine`). */
  fine: LatLonGrid;
  /** Fine pixels per 0.25° cell side, and tile side in fine pixels (a multiple of it). */
  ratio: number;
  tile: number;
  fineStart: number;
  nFineDays: number;
  keep0: number;
  nKeep: number;
  /** Coast distance (km) on the coarse grid, the coarse DEM used for interpolation (0 over sea). */
  coast: Float32Array;
  coarseDemInterp: Float32Array;
  /** Compact land slot of each coarse cell (−1 water) and the coarse soil per slot (porosity, field capacity, wilting point, Campbell's B). */
  landSlot: Int32Array;
  coarsePorosity: Float32Array;
  coarseFieldCapacity: Float32Array;
  coarseWiltingPoint: Float32Array;
  coarsePoreIndex: Float32Array;
  /** The 0.25° state per land slot at the start of fineStart: θ₁, θ₂, SWE, root-zone wetness memory. */
  init: { theta1: Float32Array; theta2: Float32Array; swe: Float32Array; beta2Mem: Float32Array };
  /** 0.25° forcing [fine day][coarse cell]: rain (mm), air temperature (°C), cloud margin (see generateTwin). */
  rain: Float32Array;
  tair: Float32Array;
  cloudMargin: Float32Array;
  lstPeriods: CompositePeriod[];
  ndviPeriods: CompositePeriod[];
  /** Composite indices whose 1 km layers are kept. */
  fineLstPeriodIndex: Int32Array;
  fineNdviPeriodIndex: Int32Array;
  /** Station edits in Table 2 order (stations whose pixel is 1 km land). */
  stationEdits: StationEdit[];
}

/** One station's series from the tile holding its pixel (fine days only). */
export interface FineStationSeries { j: number; station: Station; fineIndex: number; porosity: number; sm: Float32Array; precip: Float32Array }

/**
 * The result of one 1 km tile: its statics, kept daily layers over its land pixels, and the 0.25° means of its
 * cells (from which the 0.25° truth, precipitation, clear fraction, NDVI and the composites are set).
 */
export interface FineTile {
  /** Tile position (row, column of tiles), its first fine row and column, size in pixels. */
  tileRow: number; tileCol: number; row0: number; col0: number; width: number; height: number;
  /** Tile-local indices (row-major) of the land pixels, ascending. */
  land: Int32Array;
  /** Statics over the whole tile (DEM m, 0 over sea; IGBP 17 over water; soil class NaN sea / 1 lake; porosity NaN). */
  dem: Float32Array; landCover: Float32Array; soil: Float32Array; porosity: Float32Array;
  /** [kept day][land pixel] truth (quantised), clear flag (0 / 250); [kept composite][land pixel] LST, NDVI. */
  truth: Float32Array; clear: Uint8Array; lst: Float32Array; ndvi: Float32Array;
  /** Coarse land slots of the tile's cells that hold 1 km land, their pixel counts, and per fine day their means. */
  cells: Int32Array; cellPixels: Int32Array;
  meanTheta: Float32Array; meanRain: Float32Array; meanClear: Float32Array; meanNdvi: Float32Array;
  /** Per composite (all of the period: NaN when the period started before fineStart) the 0.25° value from the 1 km composite (NaN when < 50 % of pixels valid). */
  cellLst: Float32Array; cellNdvi: Float32Array;
  stations: FineStationSeries[];
}

/** The tile layout of a 1 km region: tiles of `tile` pixels (the last row and column may be smaller). */
export function tileLayout(fine: { width: number; height: number }, tile: number): { rows: number; cols: number; count: number } {
  const rows = Math.ceil(fine.height / tile), cols = Math.ceil(fine.width / tile);
  return { rows, cols, count: rows * cols };
}

function staticArrays(n: number): BucketParams {
  return {
    porosity: new Float32Array(n), fieldCapacity: new Float32Array(n), wiltingPoint: new Float32Array(n),
    drainage: new Float32Array(n), impervious: new Float32Array(n), ksat: new Float32Array(n), poreIndex: new Float32Array(n),
    airDry: new Float32Array(n),
  };
}

/** Relative wetness (θ − wp)/(fc − wp) clamped to [0, 1]. */
export function wetness(theta: number, fc: number, wp: number): number {
  return Math.max(0, Math.min(1, (theta - wp) / (fc - wp)));
}

/**
 * The MODIS-like clear-sky LST (K) of a pixel at the morning overpass (cos Z = 0.92 × the noon value):
 * {@link surfaceTemperature} with the bucket's own stress functions — bare-soil evaporation efficiency
 * (θ₁ − θ_ad)/(φ − θ_ad) (as Noah's direct evaporation, exponent 1, down to air-dry), transpiration
 * {@link transpirationStress} (both layers, as the bucket's transpiration draws on them) — and the top layer's
 * thermal inertia for the ground heat flux.
 */
export function clearSkyLst(tair: number, noonCos: number, theta1: number, theta2: number, phi: number, fc: number, wp: number, airDry: number, fveg: number, canopy: number, swe: number): number {
  return surfaceTemperature({ tair, cosZenith: 0.92 * noonCos, beta1: wetness(theta1, phi, airDry), beta2: transpirationStress(theta1, theta2, fc, wp), fveg, canopyHeight: canopy, swe, theta1, porosity: phi });
}

/** The statics of a 1 km place (null when the place is sea: land fraction < 0.5 at the pixel centre). */
/** What the 1 km statics depend on: known before the 0.25° run (so the 0.25° statics can be their aggregates). */
export type StaticsContext = Pick<FineContext, "seed" | "coarse" | "fine" | "tile" | "coast" | "stationEdits">;

function pixelStatics(ctx: Pick<StaticsContext, "seed" | "coarse" | "fine" | "coast">, row: number, col: number, isLand: boolean): PlaceStatics | null {
  if (!isLand) return null;
  const lon = ctx.fine.lonOf(col), lat = ctx.fine.latOf(row);
  return placeStatics(lon, lat, bilinearAt(ctx.coarse, ctx.coast, lon, lat), ctx.seed, 0.01);
}

/** Applies the station edits (in Table 2 order) that reach the pixel at (row, col). */
function applyStationEdits(ctx: Pick<StaticsContext, "fine" | "stationEdits">, row: number, col: number, st: PlaceStatics, upTo = Infinity): void {
  for (const e of ctx.stationEdits) {
    if (e.j >= upTo) break;
    const dr = row - e.row, dc = col - e.col;
    if (Math.abs(dr) > 12 || Math.abs(dc) > 12) continue;
    const k = Math.cos((e.lat * Math.PI) / 180);
    const dkm = Math.hypot(dr * ctx.fine.cellSize * 111.2, dc * ctx.fine.cellSize * 111.2 * k);
    st.elev = Math.max(1, st.elev + e.delta * Math.exp(-0.5 * (dkm / 3) ** 2));
    if (Math.abs(dr) <= 1 && Math.abs(dc) <= 1) {
      const lc = e.landCover;
      const wasForest = st.landCover >= 1 && st.landCover <= 5 ? 1 : 0, isForest = lc === 5 ? 1 : 0;
      st.porosity += 0.03 * (isForest - wasForest) + (st.landCover === 16 ? 0.02 : 0);
      st.fieldCapacity += 0.02 * (isForest - wasForest);
      st.landCover = lc;
      st.impervious = 0;
    }
  }
}

/**
 * The station edits of a 1 km region, in Table 2 order: each station whose pixel is land pulls the DEM within
 * 12 pixels towards its Table 2 altitude (Gaussian, 3 km) and sets Table 2's land cover on its 3 × 3 pixels.
 * Computed once from the stations' own pixels (each after the earlier stations' edits), so every tile applies
 * the same edits whatever its extent.
 */
export function stationEditsOf(ctx: Pick<StaticsContext, "seed" | "coarse" | "fine" | "coast">): StationEdit[] {
  const edits: StationEdit[] = [];
  const full = { ...ctx, stationEdits: edits };
  STATIONS.forEach((s, j) => {
    const idx = ctx.fine.indexOf(s.lon, s.lat);
    if (idx < 0) return;
    const row = Math.floor(idx / ctx.fine.width), col = idx % ctx.fine.width;
    const one = new LatLonGrid({ west: ctx.fine.west + col * ctx.fine.cellSize, north: ctx.fine.north - row * ctx.fine.cellSize, cellSize: ctx.fine.cellSize, width: 1, height: 1 });
    const st = pixelStatics(full, row, col, landFraction(one, { subsamples: 1 })[0] >= 0.5);
    if (!st) return;
    applyStationEdits(full, row, col, st, j);
    edits.push({ j, pixel: idx, row, col, delta: s.alt - st.elev, landCover: s.landCover1km === "Forest" ? 5 : 12, lat: s.lat });
  });
  return edits;
}

/** The statics of one 1 km tile (see {@link tileStatics}). */
export interface TileStatics {
  row0: number; col0: number; width: number; height: number;
  /** The tile's own grid (its pixel centres decide land by the coastline, as every consumer of the tile sees them). */
  grid: LatLonGrid;
  /** Over the whole tile: DEM m (0 over sea), IGBP code (17 over water), soil class (NaN sea, 1 lake), porosity (NaN off land). */
  dem: Float32Array; landCover: Float32Array; soil: Float32Array; porosity: Float32Array;
  /** Each pixel's place statics (null over sea), station edits applied. */
  stat: (PlaceStatics | null)[];
  /** Tile-local indices of the land pixels (not sea, not lake), ascending. */
  land: Int32Array;
}

/**
 * The statics of 1 km tile (tileRow, tileCol): land from the coastline at each pixel centre, the place statics at
 * 0.01°, and the station edits. A pure function of the statics context and the position, shared by
 * {@link simulateFineTile} and the 0.25° aggregates (`coarseStaticsFromFine`), so both see the same pixels.
 * @example const t = tileStatics(ctx, 0, 0); t.dem.length === t.width * t.height;
 */
export function tileStatics(ctx: StaticsContext, tileRow: number, tileCol: number): TileStatics {
  const fine = ctx.fine;
  const row0 = tileRow * ctx.tile, col0 = tileCol * ctx.tile;
  const W = Math.min(ctx.tile, fine.width - col0), H = Math.min(ctx.tile, fine.height - row0);
  const grid = new LatLonGrid({ west: fine.west + col0 * fine.cellSize, north: fine.north - row0 * fine.cellSize, cellSize: fine.cellSize, width: W, height: H });
  const n = W * H;
  const frac = landFraction(grid, { subsamples: 1 });
  const dem = new Float32Array(n), landCover = new Float32Array(n).fill(17), soil = new Float32Array(n).fill(NaN), porosity = new Float32Array(n).fill(NaN);
  const stat: (PlaceStatics | null)[] = new Array(n).fill(null);
  let nLand = 0;
  for (let i = 0; i < n; i++) {
    const r = row0 + Math.floor(i / W), c = col0 + (i % W);
    const st = pixelStatics(ctx, r, c, frac[i] >= 0.5);
    if (!st) continue;
    applyStationEdits(ctx, r, c, st);
    stat[i] = st;
    dem[i] = st.elev;
    landCover[i] = st.landCover;
    if (st.landCover !== 17) { soil[i] = st.soil; porosity[i] = st.porosity; nLand++; } else soil[i] = 1;
  }
  const land = new Int32Array(nLand);
  for (let i = 0, k = 0; i < n; i++) if (stat[i] && landCover[i] !== 17) land[k++] = i;
  return { row0, col0, width: W, height: H, grid, dem, landCover, soil, porosity, stat, land };
}

/**
 * Simulates one 1 km tile over the 1 km days: statics, the two-layer bucket with sub-grid rain, clouds and
 * lateral flow, LST/NDVI composites, stations, and the 0.25° means of its cells. Depends only on the context
 * and the tile position, so tiles can be computed in any order, lazily or in parallel, with identical bytes.
 *
 * @example
 * const t = simulateFineTile(ctx, 0, 0); t.truth.length === ctx.nKeep * t.land.length;
 * @throws RangeError naming `tileRow`/`tileCol` outside the layout.
 */
export function simulateFineTile(ctx: FineContext, tileRow: number, tileCol: number): FineTile {
  const { fine, coarse, ratio, seed } = ctx;
  const lay = tileLayout(fine, ctx.tile);
  if (!Number.isInteger(tileRow) || tileRow < 0 || tileRow >= lay.rows) throw new RangeError(`simulateFineTile: tileRow ${tileRow} outside 0…${lay.rows - 1}`);
  if (!Number.isInteger(tileCol) || tileCol < 0 || tileCol >= lay.cols) throw new RangeError(`simulateFineTile: tileCol ${tileCol} outside 0…${lay.cols - 1}`);
  const { row0, col0, width: W, height: H, grid, dem, landCover, soil, porosity, stat, land } = tileStatics(ctx, tileRow, tileCol);
  const n = W * H, nLand = land.length;
  const G = coarse.size;
  const colOff = Math.round((fine.west - coarse.west) / coarse.cellSize);
  const rowOff = Math.round((coarse.north - fine.north) / coarse.cellSize);
  const gIndex = (i: number) => (row0 + Math.floor(i / W)) * fine.width + col0 + (i % W);
  const coarseOf = (i: number) => (rowOff + Math.floor((row0 + Math.floor(i / W)) / ratio)) * coarse.width + colOff + Math.floor((col0 + (i % W)) / ratio);

  const F = nLand;

  // ---------- per-pixel parameters ----------
  const fParams = staticArrays(F);
  const fLC = new Float32Array(F), fTMean = new Float32Array(F), fTAmp = new Float32Array(F), fNoise = new Float32Array(F);
  const fSlot = new Int32Array(F);
  const fOro = new Float32Array(F), fLapse = new Float32Array(F), fRow = new Int32Array(F);
  const fIdx = new Int32Array(F * 4), fW = new Float32Array(F * 4), fAcross = new Float32Array(F);
  for (let k = 0; k < F; k++) {
    const i = land[k];
    const st = stat[i]!;
    fParams.porosity[k] = st.porosity; fParams.fieldCapacity[k] = st.fieldCapacity; fParams.wiltingPoint[k] = st.wiltingPoint;
    fParams.drainage[k] = st.drainage; fParams.impervious[k] = st.impervious;
    fParams.ksat![k] = st.ksat; fParams.poreIndex![k] = st.poreIndex; fParams.airDry![k] = st.airDry;
    fLC[k] = st.landCover; fTMean[k] = st.climate.tMean; fTAmp[k] = st.climate.tAmp; fNoise[k] = st.ndviNoise;
    fSlot[k] = ctx.landSlot[coarseOf(i)];
    const r = Math.floor(i / W);
    fRow[k] = r;
    const lon = fine.lonOf(col0 + (i % W)), lat = fine.latOf(row0 + r);
    const fx = (lon - coarse.west) / coarse.cellSize - 0.5, fy = (coarse.north - lat) / coarse.cellSize - 0.5;
    const x0 = Math.max(0, Math.min(coarse.width - 1, Math.floor(fx))), y0 = Math.max(0, Math.min(coarse.height - 1, Math.floor(fy)));
    const x1 = Math.min(coarse.width - 1, x0 + 1), y1 = Math.min(coarse.height - 1, y0 + 1);
    const tx = Math.max(0, Math.min(1, fx - x0)), ty = Math.max(0, Math.min(1, fy - y0));
    fIdx[4 * k] = y0 * coarse.width + x0; fIdx[4 * k + 1] = y0 * coarse.width + x1; fIdx[4 * k + 2] = y1 * coarse.width + x0; fIdx[4 * k + 3] = y1 * coarse.width + x1;
    fW[4 * k] = (1 - tx) * (1 - ty); fW[4 * k + 1] = tx * (1 - ty); fW[4 * k + 2] = (1 - tx) * ty; fW[4 * k + 3] = tx * ty;
    let demC = 0;
    for (let q = 0; q < 4; q++) demC += fW[4 * k + q] * ctx.coarseDemInterp[fIdx[4 * k + q]];
    fLapse[k] = -0.0065 * (st.elev - demC);
    fOro[k] = Math.max(0.7, Math.min(1.4, 1 + 0.0004 * (st.elev - demC)));
    fAcross[k] = -Math.sin(0.35) * lon + Math.cos(0.35) * lat;
  }
  // D8 network within each 0.25° cell (tiles are aligned to cells, so a cell never spans two tiles)
  const slotOfPixel = new Int32Array(n).fill(-1);
  for (let k = 0; k < F; k++) slotOfPixel[land[k]] = k;
  const landMask = new Uint8Array(n);
  for (let k = 0; k < F; k++) landMask[land[k]] = 1;
  const terrain = {
    width: W, height: H, ratio, dem, land: landMask,
    pixelHeightM: fine.cellSize * 111_195,
    pixelWidthM: Float64Array.from({ length: H }, (_, r) => fine.cellSize * 111_195 * Math.cos((grid.latOf(r) * Math.PI) / 180)),
  };
  const net = cellFlowNetwork(terrain);
  const grad = cellGradients(terrain);
  const fGx = Float32Array.from(land, (i) => grad.dzdx[i]), fGy = Float32Array.from(land, (i) => grad.dzdy[i]);
  const fSunOverpass = new Float32Array(F), fSunDaily = new Float32Array(F);
  const routing: LateralRouting = { order: new Int32Array(F), downstream: new Int32Array(F), tanBeta: new Float32Array(F) };
  for (let q = 0; q < F; q++) routing.order[q] = slotOfPixel[net.order[q]];
  for (let k = 0; k < F; k++) {
    const i = land[k];
    routing.downstream[k] = net.downstream[i] >= 0 ? slotOfPixel[net.downstream[i]] : -1;
    routing.tanBeta[k] = net.tanBeta[i];
  }
  const fCanopy = Float32Array.from(fLC, (lc) => canopyHeight(lc));
  const fRunoff = new Float32Array(F);
  const routeScratch = { surf: new Float64Array(F), sub: new Float64Array(F) };

  // the tile's 0.25° cells holding 1 km land (compact index per slot)
  const cellIndex = new Map<number, number>();
  const cellsList: number[] = [];
  for (let k = 0; k < F; k++) {
    const s = fSlot[k];
    if (s >= 0 && !cellIndex.has(s)) { cellIndex.set(s, cellsList.length); cellsList.push(s); }
  }
  const C = cellsList.length;
  const fCell = Int32Array.from(fSlot, (s) => (s >= 0 ? cellIndex.get(s)! : -1));
  const cellPixels = new Int32Array(C);
  for (let k = 0; k < F; k++) if (fCell[k] >= 0) cellPixels[fCell[k]]++;

  // ---------- outputs ----------
  const nD = ctx.nFineDays;
  const kLst = ctx.fineLstPeriodIndex, kNdvi = ctx.fineNdviPeriodIndex;
  const truth = new Float32Array(ctx.nKeep * F), clear = new Uint8Array(ctx.nKeep * F);
  const lst = new Float32Array(kLst.length * F).fill(NaN), ndvi = new Float32Array(kNdvi.length * F).fill(NaN);
  const meanTheta = new Float32Array(nD * C), meanRain = new Float32Array(nD * C), meanClear = new Float32Array(nD * C), meanNdvi = new Float32Array(nD * C);
  const cellLst = new Float32Array(ctx.lstPeriods.length * C).fill(NaN), cellNdvi = new Float32Array(ctx.ndviPeriods.length * C).fill(NaN);

  // ---------- state ----------
  const fState: BucketState = { theta1: new Float32Array(F), theta2: new Float32Array(F), swe: new Float32Array(F) };
  const fBeta2Mem = new Float32Array(F);
  for (let k = 0; k < F; k++) {
    const s0 = fSlot[k];
    if (s0 < 0) continue;
    // the cell's water shared out at equal matric potential over the pixels' soils
    const from = { porosity: ctx.coarsePorosity[s0], fieldCapacity: ctx.coarseFieldCapacity[s0], wiltingPoint: ctx.coarseWiltingPoint[s0], poreIndex: ctx.coarsePoreIndex[s0] };
    const to = { porosity: fParams.porosity[k], fieldCapacity: fParams.fieldCapacity[k], wiltingPoint: fParams.wiltingPoint[k], poreIndex: fParams.poreIndex![k] };
    fState.theta1[k] = equalPotentialTheta(ctx.init.theta1[s0], from, to);
    fState.theta2[k] = equalPotentialTheta(ctx.init.theta2[s0], from, to);
    fState.swe[k] = ctx.init.swe[s0];
    fBeta2Mem[k] = ctx.init.beta2Mem[s0];
  }
  const procCloudF1 = new LatticeProcess(grid, { spacing: 0.1, rho: 0.3, seed, stream: STREAM.cloudFine1 });
  const procCloudF2 = new LatticeProcess(grid, { spacing: 0.03, rho: 0, seed, stream: STREAM.cloudFine2 });
  const procRainF = new LatticeProcess(grid, { spacing: 0.06, rho: 0, seed, stream: STREAM.rainFine });
  const zf1 = new Float32Array(n), zf2 = new Float32Array(n), zfr = new Float32Array(n);
  const fForce = { precip: new Float32Array(F), tair: new Float32Array(F), pet: new Float32Array(F), fveg: new Float32Array(F) };
  const fClearToday = new Uint8Array(F);
  const fNdviTrue = new Float32Array(F);
  const fLstSum = new Float64Array(F), fLstN = new Int32Array(F), fNdviSeen = new Uint8Array(F);
  const rowR = new Float32Array(H);
  const rowSun: Float64Array[] = new Array(H);
  const aggTheta = new Float64Array(C), aggRain = new Float64Array(C), aggClear = new Float64Array(C), aggNdvi = new Float64Array(C);

  // stations in this tile
  const stations: FineStationSeries[] = [];
  const stSlot: number[] = [], stEma: number[] = [], stNoise: number[] = [], stWp: number[] = [], stPhi: number[] = [];
  for (const e of ctx.stationEdits) {
    const r = Math.floor(e.pixel / fine.width) - row0, c = (e.pixel % fine.width) - col0;
    if (r < 0 || c < 0 || r >= H || c >= W) continue;
    const k = slotOfPixel[r * W + c];
    if (k < 0) continue;
    const j = e.j;
    const st = stat[r * W + c]!;
    const clay = Math.min(0.55, st.clay + 0.06 * hashUniform(seed, STREAM.station, j, 1));
    const sand = Math.max(0.05, Math.min(0.95 - clay, st.sand - 0.12 * hashUniform(seed, STREAM.station, j, 2)));
    const site = saxtonRawls({ sand, clay, organicMatter: 2.5 + 2.5 * hashUniform(seed, STREAM.station, j, 3) });
    stSlot.push(k); stEma.push(NaN); stNoise.push(0); stWp.push(site.wiltingPoint); stPhi.push(site.porosity);
    stations.push({ j, station: STATIONS[j], fineIndex: e.pixel, porosity: site.porosity, sm: new Float32Array(nD), precip: new Float32Array(nD) });
  }

  const ndviPeriodAt = (d: number) => ctx.ndviPeriods.findIndex((p) => d >= p.start && d <= p.end);
  const lstPeriodAt = (d: number) => ctx.lstPeriods.findIndex((p) => d >= p.start && d <= p.end);
  const lastDay = ctx.fineStart + nD - 1;
  const keepLast = ctx.keep0 + ctx.nKeep - 1;

  for (let t = 0; t < nD; t++) {
    const d = ctx.fineStart + t;
    const doy = dayOfYear(d);
    const base = t * G;
    const rainC = ctx.rain.subarray(base, base + G), tC = ctx.tair.subarray(base, base + G), cloudMargin = ctx.cloudMargin.subarray(base, base + G);
    const np = ndviPeriodAt(d);
    if (np >= 0 && (ctx.ndviPeriods[np].start === d || t === 0)) {
      const mid = Math.round((ctx.ndviPeriods[np].start + ctx.ndviPeriods[np].end) / 2);
      const lagDoy = dayOfYear(mid - 14);
      for (let k = 0; k < F; k++) {
        const tl = fTMean[k] - fTAmp[k] * Math.cos((2 * Math.PI * (lagDoy - 18)) / 365.25);
        fNdviTrue[k] = trueNdvi(fLC[k], tl, fBeta2Mem[k], fNoise[k], fState.swe[k]);
      }
    }
    for (let r = 0; r < H; r++) { rowR[r] = noonInsolation(grid.latOf(r), doy); rowSun[r] = sunVectors(grid.latOf(r), doy); }
    for (let k = 0; k < F; k++) {
      const sr = slopeRatios(rowSun[fRow[k]], fGx[k], fGy[k]);
      fSunOverpass[k] = sr.overpass; fSunDaily[k] = sr.daily;
    }
    procCloudF1.step(d, zf1); procCloudF2.step(d, zf2); procRainF.step(d, zfr);
    const frontPhase = 2 * Math.PI * hashUniform(seed, STREAM.front, d, 0);
    for (let k = 0; k < F; k++) {
      const q = 4 * k;
      const i0 = fIdx[q], i1 = fIdx[q + 1], i2 = fIdx[q + 2], i3 = fIdx[q + 3];
      const w0 = fW[q], w1 = fW[q + 1], w2 = fW[q + 2], w3 = fW[q + 3];
      const T0 = w0 * tC[i0] + w1 * tC[i1] + w2 * tC[i2] + w3 * tC[i3];
      const T = T0 + fLapse[k];
      const conv = Math.max(0, Math.min(1, (T0 - 14) / 10));
      const sc = 0.35 + 0.85 * conv;
      const pix = land[k];
      const mConv = Math.exp(sc * zfr[pix] - 0.5 * sc * sc);
      const mFront = 1 + 0.45 * (1 - conv) * Math.sin((2 * Math.PI * fAcross[k]) / 0.8 + frontPhase);
      const rain = (w0 * rainC[i0] + w1 * rainC[i1] + w2 * rainC[i2] + w3 * rainC[i3]) * fOro[k] * mConv * mFront;
      const cm = w0 * cloudMargin[i0] + w1 * cloudMargin[i1] + w2 * cloudMargin[i2] + w3 * cloudMargin[i3];
      const clr = cm + CLOUD_SUB * (0.8 * zf1[pix] + 0.6 * zf2[pix]) <= 0 && rain < 2 ? 1 : 0;
      fClearToday[k] = clr;
      fForce.precip[k] = rain;
      fForce.tair[k] = T;
      fForce.pet[k] = Math.max(0, 0.17 * (T + 4)) * (0.35 + 0.65 * rowR[fRow[k]] * fSunDaily[k]) * (clr ? 1 : 0.6);
      fForce.fveg[k] = vegetationFraction(fNdviTrue[k]);
    }
    soilWaterStep(F, fParams, fState, fForce, fRunoff);
    routeLateral(F, routing, fParams, fState, fRunoff, routeScratch);
    for (let k = 0; k < F; k++) {
      const b = transpirationStress(fState.theta1[k], fState.theta2[k], fParams.fieldCapacity[k], fParams.wiltingPoint[k]);
      fBeta2Mem[k] += (b - fBeta2Mem[k]) / NDVI_MEMORY_DAYS;
    }
    // record: LST sums, NDVI clear flags, kept layers (quantised as stored), 0.25° means
    aggTheta.fill(0); aggRain.fill(0); aggClear.fill(0); aggNdvi.fill(0);
    const kept = d >= ctx.keep0 && d <= keepLast ? d - ctx.keep0 : -1;
    for (let k = 0; k < F; k++) {
      let th = fState.theta1[k];
      const clr = fClearToday[k];
      if (clr) {
        fLstSum[k] += clearSkyLst(fForce.tair[k], rowR[fRow[k]] * fSunOverpass[k], th, fState.theta2[k], fParams.porosity[k], fParams.fieldCapacity[k], fParams.wiltingPoint[k], fParams.airDry![k], fForce.fveg[k], fCanopy[k], fState.swe[k]);
        fLstN[k]++;
        fNdviSeen[k] = 1;
      }
      if (kept >= 0) { th = quantiseTruth(th, fParams.porosity[k]); truth[kept * F + k] = th; clear[kept * F + k] = clr ? CLEAR_SCALE : 0; }
      const s = fCell[k];
      if (s >= 0) { aggTheta[s] += th; aggRain[s] += fForce.precip[k]; aggClear[s] += clr; aggNdvi[s] += fNdviTrue[k]; }
    }
    for (let s = 0; s < C; s++) {
      const m = cellPixels[s];
      meanTheta[t * C + s] = aggTheta[s] / m; meanRain[t * C + s] = aggRain[s] / m; meanClear[t * C + s] = aggClear[s] / m; meanNdvi[t * C + s] = aggNdvi[s] / m;
    }
    for (let j = 0; j < stations.length; j++) {
      const k = stSlot[j];
      const th = 0.6 * fState.theta1[k] + 0.4 * fState.theta2[k];
      stEma[j] = Number.isNaN(stEma[j]) ? th : 0.6 * stEma[j] + 0.4 * th;
      stNoise[j] = 0.6 * stNoise[j] + 0.8 * 0.012 * hashGauss(seed, STREAM.station, stations[j].j, d);
      const wp = fParams.wiltingPoint[k], phi = fParams.porosity[k];
      const rel = (stEma[j] - wp) / (phi - wp);
      stations[j].sm[t] = Math.max(0.02, Math.min(stPhi[j], stWp[j] + rel * (stPhi[j] - stWp[j]) + stNoise[j]));
      const pr = fForce.precip[k] * Math.exp(0.15 * hashGauss(seed, STREAM.station + 1, stations[j].j, d));
      stations[j].precip[t] = pr < 0.1 ? 0 : Math.round(pr * 10) / 10;
    }
    const lp = lstPeriodAt(d);
    if (lp >= 0 && (ctx.lstPeriods[lp].end === d || d === lastDay)) closeComposite(lp, true);
    const np2 = ndviPeriodAt(d);
    if (np2 >= 0 && (ctx.ndviPeriods[np2].end === d || d === lastDay)) closeComposite(np2, false);
  }

  function closeComposite(pi: number, isLst: boolean): void {
    const periods = isLst ? ctx.lstPeriods : ctx.ndviPeriods;
    const fj = indexOfInt(isLst ? kLst : kNdvi, pi);
    const out = isLst ? lst : ndvi;
    const covers = periods[pi].start >= ctx.fineStart;
    const vs = new Float64Array(C), vn = new Float64Array(C);
    for (let k = 0; k < F; k++) {
      let v = NaN;
      if (isLst) { if (fLstN[k] > 0) v = fLstSum[k] / fLstN[k]; fLstSum[k] = 0; fLstN[k] = 0; }
      else { if (fNdviSeen[k]) v = fNdviTrue[k]; fNdviSeen[k] = 0; }
      const gi = gIndex(land[k]);
      if (!Number.isNaN(v)) v += (isLst ? 0.7 : 0.02) * hashGauss(seed, isLst ? STREAM.lst : STREAM.ndvi, gi + 7, pi);
      v = isLst ? Math.max(230, Math.min(340, v)) : Math.max(-0.2, Math.min(1, v));
      if (fj >= 0) { v = isLst ? quantiseLst(v) : quantiseNdvi(v); out[fj * F + k] = v; }
      const s = fCell[k];
      if (s >= 0 && !Number.isNaN(v)) { vs[s] += v; vn[s]++; }
    }
    if (!covers) return;
    const cellOut = isLst ? cellLst : cellNdvi;
    for (let s = 0; s < C; s++) if (vn[s] >= 0.5 * cellPixels[s]) cellOut[pi * C + s] = vs[s] / vn[s];
  }

  return {
    tileRow, tileCol, row0, col0, width: W, height: H, land, dem, landCover, soil, porosity,
    truth, clear, lst, ndvi, cells: Int32Array.from(cellsList), cellPixels,
    meanTheta, meanRain, meanClear, meanNdvi, cellLst, cellNdvi, stations,
  };
}

function indexOfInt(a: Int32Array, v: number): number {
  for (let i = 0; i < a.length; i++) if (a[i] === v) return i;
  return -1;
}
