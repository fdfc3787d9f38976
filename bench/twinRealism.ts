// The twin's realism targets (issue 12), measured on a generated twin and printed next to each target:
// inside-0.25°-cell anomalies on summer days (LST vs the 1 km truth r ≤ −0.2; LST + NDVI + DEM R² ≥ 0.2),
// the clear-sky share of point-days under the workbook's clear-sky rule (4–8 %, paper 5.5 %) without
// thinning, cloud fraction by region and season (MODIS-like climatology), and stations at saturation
// (≤ 10 % of May–September days).
import { CLEAR_SCALE, dayNumber, isoDate, type TwinSource, type TwinConfig } from "../src/twin";
import { subCellAnomalies, shareAtCeiling, type SubCellAnomalies } from "../src/twin/twinRealism";
import { studyPlan } from "../src/workbook/studyPlan";
import { buildSampleSet } from "../src/workbook/sampleSet";
import { GapFilledSource } from "../src/sources/GapFilledSource";

export interface RealismReport {
  /**
   * Per summer date: the inside-cell anomalies against the day's truth (`result`), against the truth averaged
   * over the clear days of the LST composite that contains the date (`clearDays`: what an 8-day clear-sky LST
   * can see), and against the day's truth in cells whose mean 1 km NDVI is ≥ 0.7 (`dense`) or < 0.6 (`sparse`).
   */
  anomalies: { date: string; result: SubCellAnomalies; clearDays: SubCellAnomalies; dense: SubCellAnomalies; sparse: SubCellAnomalies }[];
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
  const m0 = twin.store.meta;
  for (const date of summer) {
    const L = async (v: "truth_sm" | "lst" | "ndvi" | "dem") => (await twin.getLayer({ variable: v, grid: fine, date })).values;
    const truth = await L("truth_sm"), lst = await L("lst"), ndvi = await L("ndvi"), dem = await L("dem");
    // the truth over the clear days of the LST composite containing the date (kept 1 km days only)
    const d = dayNumber(date);
    const period = m0.lstPeriods.find((p) => d >= p.start && d <= p.end)!;
    const sum = new Float64Array(fine.size), cnt = new Float64Array(fine.size);
    for (let dd = Math.max(period.start, m0.keep0); dd <= Math.min(period.end, m0.keep0 + m0.nKeep - 1); dd++) {
      const iso = isoDate(dd);
      const cl = twin.clearSky(fine, iso).values, tr = (await twin.getLayer({ variable: "truth_sm", grid: fine, date: iso })).values;
      for (let i = 0; i < fine.size; i++) if (cl[i] === 1 && Number.isFinite(tr[i])) { sum[i] += tr[i]; cnt[i]++; }
    }
    const clearTruth = Float32Array.from(sum, (v, i) => (cnt[i] > 0 ? v / cnt[i] : NaN));
    // cells by their mean 1 km NDVI
    const ns = new Map<number, [number, number]>();
    for (let r = 0; r < fine.height; r++) for (let c = 0; c < fine.width; c++) {
      const v = ndvi[r * fine.width + c];
      if (!Number.isFinite(v)) continue;
      const ci = coarse.indexOf(fine.lonOf(c), fine.latOf(r));
      const a = ns.get(ci) ?? [0, 0]; a[0] += v; a[1]++; ns.set(ci, a);
    }
    const cellNdvi = (ci: number) => { const a = ns.get(ci); return a ? a[0] / a[1] : NaN; };
    const base = { fine, coarse, truth, lst, ndvi, dem };
    anomalies.push({
      date, result: subCellAnomalies(base), clearDays: subCellAnomalies({ ...base, truth: clearTruth }),
      dense: subCellAnomalies({ ...base, includeCell: (ci) => cellNdvi(ci) >= 0.7 }),
      sparse: subCellAnomalies({ ...base, includeCell: (ci) => cellNdvi(ci) < 0.6 }),
    });
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
  return { anomalies, clearSky, clouds, stations };
}

/** One line per target: measured value next to the target. */
export function realismLines(r: RealismReport): string[] {
  // means over the days where the measure exists (a vegetation class may be absent from the window)
  const mean = (f: (a: RealismReport["anomalies"][number]) => number) => {
    const v = r.anomalies.map(f).filter(Number.isFinite);
    return v.length ? v.reduce((s, x) => s + x, 0) / v.length : NaN;
  };
  const fx = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "n/a");
  const lines = [
    `inside-cell anomalies, ${r.anomalies.length} summer days: r(LST, truth) ${fx(mean((a) => a.result.rLst))} (target ≤ −0.2); R²(LST+NDVI+DEM) ${fx(mean((a) => a.result.r2LstNdviDem))} (target ≥ 0.2); r(NDVI) ${fx(mean((a) => a.result.rNdvi))}; r(DEM) ${fx(mean((a) => a.result.rDem))}`,
    `  against the truth over the LST composite's clear days: r(LST) ${fx(mean((a) => a.clearDays.rLst))}, R² ${fx(mean((a) => a.clearDays.r2LstNdviDem))}; cells with mean NDVI ≥ 0.7: r(LST) ${fx(mean((a) => a.dense.rLst))} (${mean((a) => a.dense.cells).toFixed(0)} cells); NDVI < 0.6: r(LST) ${fx(mean((a) => a.sparse.rLst))} (${mean((a) => a.sparse.cells).toFixed(0)} cells)`,
    ...r.anomalies.map((a) => `  ${a.date}: r(LST) ${fx(a.result.rLst)} R² ${fx(a.result.r2LstNdviDem)} (${a.result.pixels} px, ${a.result.cells} cells)`),
  ];
  if (Number.isFinite(r.clearSky.share)) lines.push(`clear-sky share of point-days (workbook rule, no thinning): ${(100 * r.clearSky.share).toFixed(2)} % = ${r.clearSky.kept} of ${r.clearSky.pointDays} (target 4–8 %, paper 5.5 % = 36,412 of 659,190); by year ${Object.entries(r.clearSky.byYear).map(([y, v]) => `${y} ${(100 * v).toFixed(1)} %`).join(", ")}`);
  if (r.clouds.length) lines.push(`cloud fraction (1 − 0.25° clear fraction) by region: ${r.clouds.filter((c) => c.season === "DJF" || c.season === "JJA").map((c) => `${c.region} ${c.season} ${c.cloud.toFixed(2)}`).join("; ")}`);
  if (r.stations.length) lines.push(`stations, share of May–Sep days at the probe soil's porosity (target ≤ 10 %): max ${Math.max(...r.stations.map((s) => s.shareAtPorosity)).toFixed(3)}; ${r.stations.map((s) => `${s.name} ${(100 * s.shareAtPorosity).toFixed(1)} %`).join(", ")}`);
  return lines;
}

/**
 * A water-limited trial window for the coupling measure (the default window, Korea, is energy-limited in
 * summer): the Inner Mongolian plateau edge north-west of Beijing, 112–114°E × 40–42°N at 0.01° (200 × 200
 * pixels), in a 0.25° domain of 109–119°E × 38–44°N (reaching the Bohai: the climate normals depend on the
 * distance to the nearest sea cell OF THE DOMAIN, and a domain without sea gets 3,000 km, a desert),
 * January–August 2015, 1 km days kept June–August.
 * Generated in memory in ≈ 20 s (no cache).
 */
export const WATER_LIMITED_TRIAL: TwinConfig = {
  name: "waterlimited", seed: 20170507,
  coarse: { west: 109, north: 44, cellSize: 0.25, width: 40, height: 24 },
  period: { start: "2015-01-01", end: "2015-08-31" },
  window: { fine: { west: 112, north: 42, cellSize: 0.01, width: 200, height: 200 }, start: "2015-06-01", end: "2015-08-31" },
};
