/**
 * The twin's climate, as smooth functions of place (SYNTHETIC, tuned by eye to East Asian station
 * climates: Guangzhou ≈ 22 °C / 1,800 mm, Seoul ≈ 12 °C / 1,450 mm with 60 % in Jun–Sep, Beijing ≈
 * 12 °C / 600 mm, Harbin ≈ 4 °C / 500 mm, the Gobi ≈ 150 mm).
 */
export interface ClimateAt {
  /** Annual mean air temperature, °C. */
  tMean: number;
  /** Half the July–January difference, K. */
  tAmp: number;
  /** Annual precipitation, mm. */
  pAnnual: number;
  /** Day of year of the rainy-season peak (Meiyu/Changma/Baiu: later northward). */
  peakDoy: number;
  /** Width (standard deviation, days) of the rainy season. */
  width: number;
  /** Share of precipitation spread evenly through the year (the rest falls in the rainy season). */
  base: number;
}

const smooth = (x: number, a: number, b: number) => {
  const t = Math.max(0, Math.min(1, (x - a) / (b - a)));
  return t * t * (3 - 2 * t);
};

/**
 * Climate normals at a place. @param elev m; @param coastKm distance to the sea, km.
 * @example
 * const c = climateAt(127.0, 37.5, 50, 30); // c.tMean ≈ 12.4 °C, c.pAnnual ≈ 1,220 mm
 */
export function climateAt(lon: number, lat: number, elev: number, coastKm: number): ClimateAt {
  const maritime = Math.exp(-coastKm / 200);
  const tMean = 24.5 - 0.75 * (lat - 20) + 1.5 * maritime - 0.005 * elev;
  const tAmp = Math.max(3, 5 + 0.6 * (lat - 18) - 2.5 * Math.exp(-coastKm / 150));
  const fLat = lat <= 28 ? 1 : lat >= 46 ? 0.5 : 1 - 0.5 * (lat - 28) / 18;
  const fLon = 1 - 0.45 * smooth(lat, 32, 38) * smooth(-lon, -124, -118); // North China's rain shadow
  const southwest = 900 * Math.exp(-(((lat - 24) / 7) ** 2)) * smooth(-lon, -112, -102); // Bay of Bengal moisture
  const oro = 0.3 * Math.min(elev, 1500) * Math.exp(-coastKm / 500) - 0.15 * Math.max(0, elev - 3000); // windward enhancement near moist coasts only
  const pAnnual = Math.max(60, 90 + 1600 * Math.exp(-coastKm / 550) * fLat * fLon + southwest + oro);
  const peakDoy = Math.max(150, Math.min(215, 160 + 2.5 * (lat - 22)));
  const width = Math.max(35, Math.min(60, 55 - 0.8 * (lat - 22)));
  const base = Math.max(0.06, Math.max(0.1, Math.min(0.45, 0.45 - 0.015 * (lat - 22))) * (0.5 + 0.5 * maritime));
  return { tMean, tAmp, pAnnual, peakDoy, width, base };
}

/** Climatological air temperature (°C) on a day of year: coldest mid-January, warmest late July. */
export function seasonalTemperature(c: ClimateAt, doy: number): number {
  return c.tMean - c.tAmp * Math.cos((2 * Math.PI * (doy - 18)) / 365.25);
}

/**
 * Climatological mean daily precipitation (mm/day) on a day of year: an even share `base` plus a
 * Gaussian rainy season centred on `peakDoy` (periodic), scaled so the year sums to `pAnnual`.
 */
export function seasonalPrecipitation(c: ClimateAt, doy: number): number {
  let dd = Math.abs(doy - c.peakDoy);
  if (dd > 182.6) dd = 365.25 - dd;
  const g = Math.exp(-0.5 * (dd / c.width) ** 2) * 365.25 / (c.width * Math.sqrt(2 * Math.PI));
  return (c.pAnnual / 365.25) * (c.base + (1 - c.base) * g);
}

/** Relative clear-sky noon insolation (cosine of the noon zenith angle, ≥ 0.15) for a latitude and day. */
export function noonInsolation(lat: number, doy: number): number {
  const decl = 23.44 * Math.sin((2 * Math.PI * (doy - 81)) / 365.25);
  return Math.max(0.15, Math.cos(((lat - decl) * Math.PI) / 180));
}
