import type { LatLonGrid } from "../grid/latLonGrid";
import { baseElevation, hillslopeRelief } from "./syntheticElevation";
import { fractalNoise, valueNoise } from "./valueNoise";
import { climateAt, type ClimateAt } from "./climatology";
import { classifyLandCover } from "./landCoverClasses";
import { classifySoil } from "./soilClasses";
import { imperviousShare } from "./vegetation";
import { soilTextureAt, saxtonRawls, drainageFromKsat } from "./soilTexture";

/** Standard normal CDF (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Everything static about one land place (a 1 km pixel or a 0.25° sub-sample). */
export interface PlaceStatics {
  elev: number; relief: number; landCover: number; soil: number; climate: ClimateAt;
  porosity: number; fieldCapacity: number; wiltingPoint: number; drainage: number; impervious: number;
  /** Saturated conductivity, mm/h, and Campbell's pore-size index b (Saxton–Rawls). */
  ksat: number; poreIndex: number;
  /** Air-dry water content (Saxton–Rawls curve extended to 100 MPa), m³ m⁻³: bare-soil evaporation's floor. */
  airDry: number;
  /** Topsoil sand and clay fractions (0–1). */
  sand: number; clay: number;
  /** Static per-place uniform number used by NDVI. */
  ndviNoise: number;
}

/**
 * Static fields at a land place: synthetic elevation (`finest` = smallest relief wavelength, degrees),
 * climate normals, IGBP land cover, the Table A2 soil class (a label, used for stratification) and the
 * bucket's hydraulic parameters by the Saxton–Rawls (2006) pedotransfer ({@link saxtonRawls}) from the
 * place's texture ({@link soilTextureAt}: climate, parent-material province, relief, correlated noise).
 */
export function placeStatics(lon: number, lat: number, coastKm: number, seed: number, finest: number): PlaceStatics {
  const base = baseElevation(lon, lat);
  const octaves = Math.max(1, Math.round(Math.log2(1.6 / finest)));
  const amp = 25 + 0.28 * base;
  const nz = fractalNoise(lon, lat, 1.6, octaves, seed, 101);
  const relief = amp * (0.6 + 0.4 * Math.abs(valueNoise(lon, lat, 0.05, seed, 102)));
  const elev = Math.max(1, base + amp * (nz - 0.35 * Math.abs(nz)) + hillslopeRelief(lon, lat, relief, seed, finest));
  const climate = climateAt(lon, lat, elev, coastKm);
  const n1 = normalCdf(valueNoise(lon, lat, 0.12, seed, 103));
  const n2 = normalCdf(valueNoise(lon, lat, 0.035, seed, 104));
  const n3 = normalCdf(valueNoise(lon, lat, 0.012, seed, 105));
  const landCover = classifyLandCover({ lon, lat, elev, tMean: climate.tMean, pAnnual: climate.pAnnual, relief, n1, n2, n3 });
  const soil = classifySoil({ lon, lat, elev, tMean: climate.tMean, pAnnual: climate.pAnnual, relief, n1: n2, n2: n1, landCover });
  const forest = landCover >= 1 && landCover <= 5 ? 1 : 0;
  const tex = soilTextureAt(lon, lat, elev - base, climate.tMean, climate.pAnnual, forest, seed);
  const hy = saxtonRawls(tex);
  return {
    elev, relief, landCover, soil, climate,
    porosity: hy.porosity,
    fieldCapacity: hy.fieldCapacity,
    wiltingPoint: hy.wiltingPoint,
    drainage: drainageFromKsat(hy.ksat),
    ksat: hy.ksat, poreIndex: hy.poreIndex, airDry: hy.airDry,
    impervious: imperviousShare(landCover),
    sand: tex.sand, clay: tex.clay,
    ndviNoise: n3,
  };
}

/** Bilinear interpolation of a coarse field at cell centres to a place (edges clamped). */
export function bilinearAt(grid: LatLonGrid, field: Float32Array, lon: number, lat: number): number {
  const fx = (lon - grid.west) / grid.cellSize - 0.5;
  const fy = (grid.north - lat) / grid.cellSize - 0.5;
  const x0 = Math.max(0, Math.min(grid.width - 1, Math.floor(fx)));
  const y0 = Math.max(0, Math.min(grid.height - 1, Math.floor(fy)));
  const x1 = Math.min(grid.width - 1, x0 + 1), y1 = Math.min(grid.height - 1, y0 + 1);
  const tx = Math.max(0, Math.min(1, fx - x0)), ty = Math.max(0, Math.min(1, fy - y0));
  const W = grid.width;
  return (1 - tx) * (1 - ty) * field[y0 * W + x0] + tx * (1 - ty) * field[y0 * W + x1] +
    (1 - tx) * ty * field[y1 * W + x0] + tx * ty * field[y1 * W + x1];
}
