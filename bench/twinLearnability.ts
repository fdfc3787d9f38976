// Can a model learn GLDAS-like soil moisture from the twin's six predictors? A paper-like experiment on
// the twin: 602 random 0.25° land points, daily samples 2013–2015 with the paper's gap filling (AMSR2: the
// previous day; ASCAT: up to two days back) and the workbook's clear-sky rule (all six predictors and GLDAS
// valid and the cell's land fully clear that day: `minClearFraction` 1, as buildSampleSet), Cubist (committees 1, rules ≤ 59) trained on 2013–14 and tested on
// 2015, against GLDAS-like and against the 0.25° truth; then applied at 1 km on the kept days and
// compared with the 1 km truth. Also an ordinary least-squares baseline on the five numeric predictors.
import { fit } from "../src/cubist/fit";
import { predict } from "../src/cubist/predict";
import { attributeUsage, type AttributeUsageRow } from "../src/cubist/attributeUsage";
import type { ColumnTable } from "../src/cubist/table";
import { SplitMix32, CLEAR_SCALE, IGBP_CLASSES, type TwinSource } from "../src/twin";

export interface Score { n: number; r: number; rmse: number; slope: number }

export function score(pred: ArrayLike<number>, ref: ArrayLike<number>): Score {
  let n = 0, sp = 0, so = 0;
  for (let i = 0; i < pred.length; i++) if (Number.isFinite(pred[i]) && Number.isFinite(ref[i])) { n++; sp += pred[i]; so += ref[i]; }
  const mp = sp / n, mo = so / n;
  let cpo = 0, cpp = 0, coo = 0, se = 0;
  for (let i = 0; i < pred.length; i++) {
    if (!(Number.isFinite(pred[i]) && Number.isFinite(ref[i]))) continue;
    const a = pred[i] - mp, b = ref[i] - mo;
    cpo += a * b; cpp += a * a; coo += b * b; se += (pred[i] - ref[i]) ** 2;
  }
  return { n, r: cpo / Math.sqrt(cpp * coo), rmse: Math.sqrt(se / n), slope: cpo / coo };
}

/** Fills NaN gaps with the value of up to `maxBack` previous days (series [day][point]). */
function gapFill(values: Float32Array, nPoints: number, maxBack: number): void {
  const nDays = values.length / nPoints;
  for (let j = 0; j < nPoints; j++) {
    let last = NaN, age = Infinity;
    for (let t = 0; t < nDays; t++) {
      const v = values[t * nPoints + j];
      if (!Number.isNaN(v)) { last = v; age = 0; continue; }
      age++;
      if (age <= maxBack) values[t * nPoints + j] = last;
    }
  }
}

/** The paper's aggregated land-cover classes (Table A1/A2, Barren kept separate) of an IGBP code. */
const PAPER_CLASS = ["", "forest", "forest", "forest", "forest", "forest", "shrublands", "shrublands", "savannas", "savannas",
  "grassland", "wetland", "cropland", "built_up", "cropland", "snow_ice", "barren", "water"];
const lcName = (code: number) => (Number.isFinite(code) ? PAPER_CLASS[code] ?? null : null);
void IGBP_CLASSES;

export interface LearnabilityResult {
  rows: { train: number; test: number; possible: number };
  rules: number;
  /** Cubist's attribute usage of the trained model (percent of rule cover in conditions and in linear models). */
  usage: AttributeUsageRow[];
  calibration: Score;
  validation: Score;
  validationVsTruth: Score;
  olsValidation: Score;
  fineVsTruth: Score;
  fineVsGldas: Score;
  /** The 0.25° GLDAS-like value of each pixel's cell against the 1 km truth (the no-downscaling baseline). */
  gldasVsFineTruth: Score;
}

export function twinLearnability(twin: TwinSource, options: { points?: number; seed?: number; rules?: number; fineStride?: number; minClearFraction?: number } = {}): LearnabilityResult {
  const nPoints = options.points ?? 602;
  // the workbook's rule (src/workbook/sampleSet.ts): a point-day is clear when the whole cell is clear
  const minClear = options.minClearFraction ?? 1;
  if (!(minClear >= 0 && minClear <= 1)) throw new RangeError(`twinLearnability: minClearFraction must be in [0, 1], got ${minClear}`);
  const rng = new SplitMix32(options.seed ?? 602);
  const land = Array.from(twin.store.int("coarseLandCells"));
  for (let i = land.length - 1; i > 0; i--) { const j = rng.int(i + 1); [land[i], land[j]] = [land[j], land[i]]; }
  const cells = land.slice(0, Math.min(nPoints, land.length));
  const grid = twin.coarseGrid;
  const get = (variable: "gldas_sm" | "amsr2_sm" | "ascat_sm" | "lst" | "ndvi" | "dem" | "landcover" | "truth_sm") => twin.getSeries({ variable, grid, cells }).values;
  const dates = twin.dates();
  const gldas = get("gldas_sm"), truth = get("truth_sm"), amsr2 = get("amsr2_sm"), ascat = get("ascat_sm");
  const lst = get("lst"), ndvi = get("ndvi"), dem = get("dem"), lc = get("landcover");
  gapFill(amsr2, cells.length, 1);
  gapFill(ascat, cells.length, 2);
  const clear = twin.store.byte("clear");
  const slot = new Map<number, number>();
  twin.store.int("coarseLandCells").forEach((c, k) => slot.set(c, k));
  const L = twin.store.meta.nCoarseLand;
  const rowsOf = (pred: (d: string) => boolean) => {
    const idx: number[] = [];
    dates.forEach((d, t) => {
      if (!pred(d)) return;
      for (let j = 0; j < cells.length; j++) {
        const i = t * cells.length + j;
        if ([gldas[i], amsr2[i], ascat[i], lst[i], ndvi[i], dem[i]].some(Number.isNaN)) continue;
        if (clear[t * L + slot.get(cells[j])!] < minClear * CLEAR_SCALE) continue;
        idx.push(i);
      }
    });
    return idx;
  };
  const table = (idx: number[]): ColumnTable => ({
    nRows: idx.length,
    columns: {
      ascat: Float64Array.from(idx, (i) => ascat[i]), amsr2: Float64Array.from(idx, (i) => amsr2[i]),
      lst: Float64Array.from(idx, (i) => lst[i]), ndvi: Float64Array.from(idx, (i) => ndvi[i]),
      landcover: idx.map((i) => lcName(lc[i])), dem: Float64Array.from(idx, (i) => dem[i]),
      gldas: Float64Array.from(idx, (i) => gldas[i]),
    },
  });
  const train = rowsOf((d) => d < "2015-01-01"), test = rowsOf((d) => d >= "2015-01-01");
  const model = fit(table(train), { target: "gldas", rules: options.rules ?? 59 });
  const pTrain = predict(model, table(train)).predictions, pTest = predict(model, table(test)).predictions;
  const calibration = score(pTrain, train.map((i) => gldas[i]));
  const validation = score(pTest, test.map((i) => gldas[i]));
  const validationVsTruth = score(pTest, test.map((i) => truth[i]));
  // OLS on the five numeric predictors (normal equations, 6 × 6)
  const X = (i: number) => [1, ascat[i], amsr2[i], lst[i] / 300, ndvi[i], dem[i] / 1000];
  const A = Array.from({ length: 6 }, () => new Float64Array(6)), b = new Float64Array(6);
  for (const i of train) { const x = X(i); for (let p = 0; p < 6; p++) { b[p] += x[p] * gldas[i]; for (let q = 0; q < 6; q++) A[p][q] += x[p] * x[q]; } }
  for (let p = 0; p < 6; p++) { // Gauss–Jordan
    let piv = p; for (let r = p + 1; r < 6; r++) if (Math.abs(A[r][p]) > Math.abs(A[piv][p])) piv = r;
    [A[p], A[piv]] = [A[piv], A[p]]; [b[p], b[piv]] = [b[piv], b[p]];
    for (let r = 0; r < 6; r++) { if (r === p) continue; const f = A[r][p] / A[p][p]; for (let q = 0; q < 6; q++) A[r][q] -= f * A[p][q]; b[r] -= f * b[p]; }
  }
  const beta = Array.from(b, (v, p) => v / A[p][p]);
  const olsValidation = score(test.map((i) => X(i).reduce((s, x, p) => s + x * beta[p], 0)), test.map((i) => gldas[i]));
  // 1 km application on the kept days (every `fineStride`-th land pixel), no clear-sky requirement
  // beyond valid inputs; AMSR2/ASCAT are the 0.25° values (nearest neighbour), gap-filled as above.
  const fg = twin.fineGrid;
  const stride = options.fineStride ?? 7;
  const fineCells = Array.from(twin.store.int("fineLandCells")).filter((_, k) => k % stride === 0);
  const app = twin.applicationDates();
  const series = (variable: "amsr2_sm" | "ascat_sm" | "lst" | "ndvi" | "dem" | "landcover" | "truth_sm" | "gldas_sm", start: string) =>
    twin.getSeries({ variable, grid: fg, cells: fineCells, start, end: app[app.length - 1] }).values;
  const back = (d: string, n: number) => new Date(Date.parse(d) - n * 86400000).toISOString().slice(0, 10);
  const fa = series("amsr2_sm", back(app[0], 1)).slice(fineCells.length * 0);
  const fs2 = series("ascat_sm", back(app[0], 2));
  gapFill(fa, fineCells.length, 1);
  gapFill(fs2, fineCells.length, 2);
  const fA = fa.subarray(fineCells.length * 1), fS = fs2.subarray(fineCells.length * 2);
  const fL = series("lst", app[0]), fN = series("ndvi", app[0]), fD = series("dem", app[0]), fC = series("landcover", app[0]);
  const fT = series("truth_sm", app[0]), fG = series("gldas_sm", app[0]);
  const ok: number[] = [];
  for (let i = 0; i < fT.length; i++) if (![fA[i], fS[i], fL[i], fN[i], fD[i], fT[i]].some(Number.isNaN)) ok.push(i);
  const fineTable: ColumnTable = {
    nRows: ok.length,
    columns: {
      ascat: Float64Array.from(ok, (i) => fS[i]), amsr2: Float64Array.from(ok, (i) => fA[i]), lst: Float64Array.from(ok, (i) => fL[i]),
      ndvi: Float64Array.from(ok, (i) => fN[i]), landcover: ok.map((i) => lcName(fC[i])), dem: Float64Array.from(ok, (i) => fD[i]),
    },
  };
  const pf = predict(model, fineTable, { unseenDiscrete: "missing" }).predictions;
  void fg;
  return {
    rows: { train: train.length, test: test.length, possible: dates.length * cells.length },
    rules: model.committees.reduce((s, m) => s + m.rules.length, 0),
    usage: attributeUsage(model, { includeUnused: true }),
    calibration, validation, validationVsTruth, olsValidation,
    fineVsTruth: score(pf, ok.map((i) => fT[i])), fineVsGldas: score(pf, ok.map((i) => fG[i])),
    gldasVsFineTruth: score(ok.map((i) => fG[i]), ok.map((i) => fT[i])),
  };
}
