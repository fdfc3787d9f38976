import { fractalNoise } from "./valueNoise";

/** A mountain range: a polyline with a crest height (m) and a Gaussian half-width (degrees). */
interface Ridge { pts: number[]; height: number; width: number }

/**
 * Large-scale relief of East Asia, SYNTHETIC: hand-placed shapes that mimic the real ones (not SRTM).
 * Polylines are [lon, lat, lon, lat, …]; heights are crest heights above the surrounding relief.
 */
const RIDGES: Ridge[] = [
  { pts: [119, 43, 120.5, 47, 122.5, 53], height: 900, width: 1.2 },          // Greater Khingan
  { pts: [127, 47, 130, 49.5], height: 550, width: 0.8 },                      // Lesser Khingan
  { pts: [126, 40.5, 128.1, 42, 130, 44], height: 1100, width: 0.9 },         // Changbai
  { pts: [113, 35, 114, 37.5, 115.5, 40.5], height: 1200, width: 0.55 },      // Taihang
  { pts: [115, 40.5, 118, 41], height: 900, width: 0.6 },                      // Yan shan
  { pts: [104, 34, 108, 33.8, 112, 33.8], height: 2000, width: 0.6 },          // Qinling
  { pts: [106, 32, 111, 31], height: 1400, width: 0.7 },                       // Daba / Wushan
  { pts: [108, 28.5, 111, 27.5], height: 900, width: 0.7 },                    // Wuling
  { pts: [110, 25, 116, 25], height: 1000, width: 0.9 },                       // Nanling
  { pts: [116, 25.5, 119.5, 29], height: 1000, width: 0.8 },                   // Wuyi
  { pts: [126.5, 40, 127.5, 41.5], height: 1300, width: 0.5 },                 // Nangnim (North Korea)
  { pts: [127.2, 39.8, 128.4, 38.6, 129.4, 37.0, 129.2, 35.9], height: 1100, width: 0.35 }, // Taebaek
  { pts: [127.3, 35.2, 127.9, 35.7, 128.6, 36.9], height: 950, width: 0.3 },    // Sobaek
  { pts: [126.6, 38.8, 127.8, 38.3], height: 500, width: 0.3 },                // Gwangju range (north)
  { pts: [130.8, 34, 133, 35, 136, 35.5, 137.7, 36.2, 140, 38, 140.8, 41], height: 1200, width: 0.4 }, // Honshu spine
  { pts: [137.3, 35.6, 137.8, 36.8], height: 1600, width: 0.35 },              // Japanese Alps
  { pts: [130.5, 31.5, 131.3, 33.3], height: 900, width: 0.5 },                // Kyushu
  { pts: [132.5, 33.5, 134.5, 33.9], height: 1000, width: 0.35 },              // Shikoku
  { pts: [142, 42.3, 143, 44.5], height: 1100, width: 0.6 },                   // Hokkaido
  { pts: [120.7, 22.2, 121.6, 24.9], height: 2600, width: 0.35 },              // Taiwan central range
  { pts: [109.2, 18.8, 109.9, 19.2], height: 800, width: 0.4 },                // Hainan
  { pts: [133, 43, 136, 45.5, 139, 48], height: 900, width: 0.8 },             // Sikhote-Alin
  { pts: [102, 24, 101, 28.5], height: 1400, width: 1.0 },                     // Hengduan foothills
  { pts: [106, 49, 110, 48], height: 700, width: 1.2 },                        // Khentii
];

/** Bounding boxes of the ridges' zones of influence (4 half-widths around the polyline). */
const RIDGE_BOX = RIDGES.map((r) => {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < r.pts.length; i += 2) { x0 = Math.min(x0, r.pts[i]); x1 = Math.max(x1, r.pts[i]); y0 = Math.min(y0, r.pts[i + 1]); y1 = Math.max(y1, r.pts[i + 1]); }
  const m = 4 * r.width;
  return [x0 - m / 0.5, x1 + m / 0.5, y0 - m, y1 + m];
});

const logistic = (x: number) => 1 / (1 + Math.exp(-x));
const gauss2 = (dx: number, dy: number, sx: number, sy: number) => Math.exp(-0.5 * ((dx / sx) ** 2 + (dy / sy) ** 2));

function distToPolyline(lon: number, lat: number, pts: number[]): number {
  const k = Math.cos((lat * Math.PI) / 180);
  let best = Infinity;
  for (let i = 0; i + 3 < pts.length; i += 2) {
    const ax = pts[i] * k, ay = pts[i + 1], bx = pts[i + 2] * k, by = pts[i + 3];
    const px = lon * k, py = lat;
    const dx = bx - ax, dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    const ex = px - (ax + t * dx), ey = py - (ay + t * dy);
    const d = ex * ex + ey * ey;
    if (d < best) best = d;
  }
  return Math.sqrt(best);
}

/**
 * The smooth (large-scale) part of the synthetic relief at a place, m: Tibetan plateau edge west of
 * ~103°E, Yunnan–Guizhou plateau, Loess plateau, Mongolian/Gobi plateau (~1,000–1,500 m), Sichuan basin,
 * the ranges of {@link RIDGES}, low plains elsewhere. SYNTHETIC — plausible, not measured.
 */
export function baseElevation(lon: number, lat: number): number {
  let z = 60;
  z += 4000 * logistic((102.6 - lon) / 0.9) * logistic((lat - 26.5) / 1.2) * logistic((37.5 - lat) / 1.2); // Tibet edge
  z += 1700 * logistic((106.5 - lon) / 1.2) * logistic((lat - 22.3) / 0.9) * logistic((28.3 - lat) / 0.9); // Yunnan–Guizhou
  z += 1150 * gauss2(lon - 108, lat - 37, 3.8, 2.2);                                                 // Loess / Ordos
  z += 1250 * logistic((lat - 40.8) / 1.0) * logistic((114.5 - lon) / 2.0);                         // Mongolian plateau
  z += 500 * logistic((lat - 40.5) / 1.0) * logistic((119 - lon) / 1.0);                            // Inner Mongolia east
  z += 350 * logistic((lat - 21.8) / 1.0) * logistic((31 - lat) / 1.2) * logistic((lon - 108) / 2) * logistic((121 - lon) / 0.7); // SE China hills
  z += 250 * gauss2(lon - 127.8, lat - 36.5, 1.1, 1.8);                                             // Korean hills
  z += 300 * gauss2(lon - 127.0, lat - 40.5, 1.5, 1.2);                                             // North Korean uplands
  z -= 350 * gauss2(lon - 105.5, lat - 30.2, 1.4, 1.1);                                             // Sichuan basin
  for (let q = 0; q < RIDGES.length; q++) {
    const r = RIDGES[q], b = RIDGE_BOX[q];
    if (lon < b[0] || lon > b[1] || lat < b[2] || lat > b[3]) continue;
    const d = distToPolyline(lon, lat, r.pts);
    if (d < 4 * r.width) z += r.height * Math.exp(-((d / r.width) ** 2));
  }
  return z;
}

/** Relative amplitude of {@link hillslopeRelief}: its standard deviation as a share of the local relief. */
export const HILL_SHARE = 0.3;

/**
 * Hillslope-scale relief (m) added to the 1 km DEM only (`finest` < 0.05°): fractal detail at 4.4 → 1.1 km
 * wavelengths (0.04°, 0.02°, 0.01°) with a standard deviation of {@link HILL_SHARE} × the local relief, so
 * hills and mountains get SRTM-like 1 km slopes of a few degrees while plains stay nearly flat. The
 * 0.25° statics (`finest` 0.1°) do not see it: it averages out over a cell.
 * @param relief local relief, m (the `relief` of the place's statics)
 * @example hillslopeRelief(127.5, 36.2, 120, 7, 0.01); // metres, deterministic
 */
export function hillslopeRelief(lon: number, lat: number, relief: number, seed: number, finest: number): number {
  return finest < 0.05 ? HILL_SHARE * relief * fractalNoise(lon, lat, 0.04, 3, seed, 106) : 0;
}

/**
 * Synthetic elevation (m) at a place: {@link baseElevation} plus fractal detail whose amplitude grows with
 * the relief (mountains rough, plains smooth), down to `finest` degrees. Never below 1 m on land. The twin's
 * own statics (`placeStatics`) add {@link hillslopeRelief} to this at 1 km.
 * @param finest smallest noise wavelength in degrees (0.02 for 1 km pixels, 0.1 for 0.25° means).
 * @example
 * syntheticElevation(127.5, 36.2, 7, 0.02); // metres, deterministic
 */
export function syntheticElevation(lon: number, lat: number, seed: number, finest = 0.02): number {
  const base = baseElevation(lon, lat);
  const octaves = Math.max(1, Math.round(Math.log2(1.6 / finest)));
  const amp = 25 + 0.28 * base;
  const n = fractalNoise(lon, lat, 1.6, octaves, seed, 101);
  // ridged flavour in mountains: valleys cut deeper than crests rise
  const z = base + amp * (n - 0.35 * Math.abs(n));
  return Math.max(1, z);
}
