// The twin's realism targets (issue 12), measured on a generated twin and printed next to each target:
// inside-0.25°-cell anomalies on summer days (LST vs the 1 km truth r ≤ −0.2; LST + NDVI + DEM R² ≥ 0.2),
// the clear-sky share of point-days under the workbook's clear-sky rule (4–8 %, paper 5.5 %) without
// thinning, cloud fraction by region and season (MODIS-like climatology), and stations at saturation
// (≤ 10 % of May–September days).
import { CLEAR_SCALE, dayNumber, isoDate, type TwinSource } from "../src/twin";
import { subCellAnomalies, shareAtCeiling, type SubCellAnomalies } from "../src/twin/twinRealism";
import { studyPlan } from "../src/workbook/studyPlan";
import { buildSampleSet } from "../src/workbook/sampleSet";
import { GapFilledSource } from "../src/sources/GapFilledSource";

export interface RealismReport {
  anomalies: { date: string; result: SubCellAnomalies }[];
  clearSky: { pointDays: number; kept: number; share: number; byYear: Record<string, number> };
  clouds: { region: string; season: string; cloud: number; clearHalf: number }[];
  stations: { name: string; shareAtPorosity: number; mean: number; porosity: number }[];
}

const REGIONS: Record<string, [number, number, number, number]> = {
  "southern China": [105, 120, 21, 30], "Sichuan/Guizhou": [103, 109, 26, 32], "North China Plain": [113, 120, 34, 40],
  Gobi: [100, 112, 40, 46], Korea: [126, 129.5, 34.5, 38.5], Japan: [131, 141, 33, 40], "north-east": [122, 132, 43, 50],
};
const SEASONS: Record<string, number[]> = { DJF: [12, 1, 2], MAM: [3, 4, 5], JJA: [6, 7, 8], SON: [9, 10, 11] };

export async function twinRealism(twin: TwinSource, options: { config?: string; summerDates?: string[]; withSamples?: boolean } = {}): Promise<RealismReport> {
  const fine = twin.fineGrid, coarse = twin.coarseGrid;
  const app = twin.applicationDates();
  const summer = options.summerDates ?? app.filter((d) => /-(06|07|08)-(05|15|25)$/.test(d));
  const anomalies = [];
  for (const date of summer) {
    const L = async (v: "truth_sm" | "lst" | "ndvi" | "dem") => (await twin.getLayer({ variable: v, grid: fine, date })).values;
    anomalies.push({ date, result: subCellAnomalies({ fine, coarse, truth: await L("truth_sm"), lst: await L("lst"), ndvi: await L("ndvi"), dem: await L("dem") }) });
  }
  // clear-sky share under the workbook's rule, no thinning
  let clearSky = { pointDays: NaN, kept: NaN, share: NaN, byYear: {} as Record<string, number> };
  if (options.withSamples !== false) {
    const plan = studyPlan({ config: options.config ?? "default" });
    const set = await buildSampleSet(new GapFilledSource(twin, { maxDaysBack: { amsr2_sm: 1, ascat_sm: 2 } }), plan, { grid: coarse, seed: plan.twin.seed, thin: false });
    const byYear: Record<string, number> = {};
    const perYear: Record<string, number> = {};
    for (let i = 0; i < set.all.n; i++) { const y = set.all.dates[set.all.dayIndex[i]].slice(0, 4); perYear[y] = (perYear[y] ?? 0) + 1; }
    for (let i = 0; i < set.clear.table.n; i++) { const y = set.clear.table.dates[set.clear.table.dayIndex[i]].slice(0, 4); byYear[y] = (byYear[y] ?? 0) + 1; }
    for (const y of Object.keys(byYear)) byYear[y] /= perYear[y];
    clearSky = { pointDays: set.all.n, kept: set.clear.kept, share: set.clear.kept / set.all.n, byYear };
  }
  // cloud fraction by region and season from the 0.25° clear fraction
  const clear = twin.store.byte("clear"), cells = twin.store.int("coarseLandCells"), m = twin.store.meta, L = m.nCoarseLand;
  const clouds = [];
  for (const [region, [w, e, s, n]] of Object.entries(REGIONS)) {
    const ks: number[] = [];
    for (let k = 0; k < L; k++) {
      const lon = coarse.lonOf(cells[k] % coarse.width), lat = coarse.latOf(Math.floor(cells[k] / coarse.width));
      if (lon >= w && lon <= e && lat >= s && lat <= n) ks.push(k);
    }
    if (ks.length === 0) continue;
    for (const [season, months] of Object.entries(SEASONS)) {
      let sum = 0, half = 0, cnt = 0;
      for (let t = 0; t < m.nDays; t++) {
        if (!months.includes(+isoDate(m.day0 + t).slice(5, 7))) continue;
        for (const k of ks) { const cf = clear[t * L + k] / CLEAR_SCALE; sum += 1 - cf; if (cf >= 0.5) half++; cnt++; }
      }
      if (cnt > 0) clouds.push({ region, season, cloud: sum / cnt, clearHalf: half / cnt });
    }
  }
  const stations = twin.stationSeries().map((s) => {
    const xs = s.sm.filter((_, t) => { const d = s.dates[t]; const mo = +d.slice(5, 7); return mo >= 5 && mo <= 9; });
    const fin = Array.from(xs).filter(Number.isFinite);
    return { name: s.station.name, shareAtPorosity: shareAtCeiling(xs, s.porosity ?? NaN), mean: fin.reduce((a, b) => a + b, 0) / fin.length, porosity: s.porosity ?? NaN };
  });
  void dayNumber;
  return { anomalies, clearSky, clouds, stations };
}

/** One line per target: measured value next to the target. */
export function realismLines(r: RealismReport): string[] {
  const mean = (f: (a: SubCellAnomalies) => number) => r.anomalies.reduce((s, a) => s + f(a.result), 0) / r.anomalies.length;
  const lines = [
    `inside-cell anomalies, ${r.anomalies.length} summer days: r(LST, truth) ${mean((a) => a.rLst).toFixed(3)} (target ≤ −0.2); R²(LST+NDVI+DEM) ${mean((a) => a.r2LstNdviDem).toFixed(3)} (target ≥ 0.2); r(NDVI) ${mean((a) => a.rNdvi).toFixed(3)}; r(DEM) ${mean((a) => a.rDem).toFixed(3)}`,
    ...r.anomalies.map((a) => `  ${a.date}: r(LST) ${a.result.rLst.toFixed(3)} R² ${a.result.r2LstNdviDem.toFixed(3)} (${a.result.pixels} px, ${a.result.cells} cells)`),
    `clear-sky share of point-days (workbook rule, no thinning): ${(100 * r.clearSky.share).toFixed(2)} % = ${r.clearSky.kept} of ${r.clearSky.pointDays} (target 4–8 %, paper 5.5 % = 36,412 of 659,190); by year ${Object.entries(r.clearSky.byYear).map(([y, v]) => `${y} ${(100 * v).toFixed(1)} %`).join(", ")}`,
    `cloud fraction (1 − 0.25° clear fraction) by region: ${r.clouds.filter((c) => c.season === "DJF" || c.season === "JJA").map((c) => `${c.region} ${c.season} ${c.cloud.toFixed(2)}`).join("; ")}`,
    `stations, share of May–Sep days at the probe soil's porosity (target ≤ 10 %): max ${Math.max(...r.stations.map((s) => s.shareAtPorosity)).toFixed(3)}; ${r.stations.map((s) => `${s.name} ${(100 * s.shareAtPorosity).toFixed(1)} %`).join(", ")}`,
  ];
  return lines;
}
