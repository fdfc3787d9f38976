/**
 * Climatological daytime cloud frequency (0–1) of a place and day, shaped after the MODIS cloud-mask
 * climatology of East Asia (SYNTHETIC, by eye from published MOD35 maps): it rises with the wet-day
 * probability (the rain belt of the monsoon moves north through the summer), plus persistent winter–spring
 * stratus over the Sichuan basin and Guizhou (the cloudiest land on Earth, ≈ 0.8–0.9), cloud over south
 * China's coast in spring, convective cloud over the subtropical south in summer, winter-monsoon snow clouds on the Sea of Japan coasts, and dry, clear air over the
 * Gobi and the north in winter (≈ 0.3).
 *
 * @param wetDayProbability the day's climatological probability of rain (0–1)
 * @param coastKm distance to the sea, km
 * @example cloudClimatology(106, 29.5, 15, 0.3, 800); // Sichuan basin in January: ≈ 0.85
 */
export function cloudClimatology(lon: number, lat: number, doy: number, wetDayProbability: number, coastKm: number): number {
  const winter = 0.5 + 0.5 * Math.cos((2 * Math.PI * (doy - 15)) / 365.25); // 1 mid-January, 0 mid-July
  const spring = Math.exp(-0.5 * ((doy - 95) / 35) ** 2);
  const bump = (x: number, c: number, w: number) => Math.exp(-0.5 * ((x - c) / w) ** 2);
  const sichuan = bump(lon, 106.5, 3) * bump(lat, 28.5, 3) * (0.25 + 0.2 * winter);
  const southCoast = bump(lat, 24, 4) * (lon > 104 ? 1 : 0.5) * 0.15 * spring;
  const japanSea = lon > 130 && lat > 34 && lat < 46 ? 0.3 * winter * Math.exp(-coastKm / 80) * bump(lat, 40, 4) : 0;
  const tropicalSummer = bump(lat, 23, 4) * 0.1 * (1 - winter); // convective cloud of the subtropical summer monsoon
  const p = Math.max(0, Math.min(1, wetDayProbability));
  const cf = 0.15 + 0.8 * Math.pow(p, 0.7) + sichuan + southCoast + japanSea + tropicalSummer;
  return Math.max(0.12, Math.min(0.92, cf));
}
