// Deterministic tables for the Cubist benchmarks and fidelity fixtures: a paper-like table
// (Park et al. 2017: five continuous predictors and a 10-class land cover) and a CSV writer.
import type { ColumnTable } from "../src/cubist/table";
import { formatG } from "../src/cubist/cFormat";
import { seededRandom } from "../src/sampling/seededRandom";

/** Options of {@link paperLikeTable}. */
export interface PaperLikeOptions {
  /** Decimals of the target, 3 (default) or 6. */
  targetDecimals?: 3 | 6;
}

/** Deterministic generator (the project's seeded mulberry32). */
const rng = (seed: number) => seededRandom(seed);

const LC = ["barren", "cropland", "forest_dbf", "forest_enf", "forest_mixed", "grassland", "savanna", "shrubland", "urban", "wetland"];

/**
 * A paper-like table: LST (K, 2 decimals), NDVI (4 decimals), elevation (m, integer), AMSR2 and
 * ASCAT soil moisture (m³/m³, 3 decimals), land cover (10 classes), and a soil-moisture target
 * (3 decimals; with `targetDecimals: 6` plus a uniform 0–0.001 jitter at 6 decimals, so that
 * printed error figures carry 7 digits) that depends non-linearly on them plus noise.
 * Same size, seed and options ⇒ same table.
 */
export function paperLikeTable(nRows: number, seed = 20170332, options: PaperLikeOptions = {}): ColumnTable {
  const fine = options.targetDecimals === 6;
  if (options.targetDecimals !== undefined && options.targetDecimals !== 3 && !fine) {
    throw new RangeError(`paperLikeTable: targetDecimals must be 3 or 6, got ${options.targetDecimals}`);
  }
  const r = rng(seed);
  const lst = new Float64Array(nRows), ndvi = new Float64Array(nRows), dem = new Float64Array(nRows);
  const amsr = new Float64Array(nRows), ascat = new Float64Array(nRows), y = new Float64Array(nRows);
  const lc: string[] = new Array(nRows);
  for (let i = 0; i < nRows; i++) {
    const k = Math.floor(r() * LC.length);
    lc[i] = LC[k];
    const wet = r();
    const v = Math.min(0.95, Math.max(-0.1, 0.15 + 0.6 * r() * (k === 0 ? 0.3 : 1)));
    const elev = Math.floor(3000 * r() * r());
    const t = 275 + 40 * r() - 0.004 * elev + 10 * (1 - wet) * (1 - v);
    const sm = 0.05 + 0.35 * wet * (0.6 + 0.4 * v) - 0.00003 * elev + (k === 9 ? 0.08 : k === 8 ? -0.03 : 0);
    lst[i] = Math.round(t * 100) / 100;
    ndvi[i] = Math.round(v * 10000) / 10000;
    dem[i] = elev;
    amsr[i] = Math.round((0.8 * sm + 0.05 + 0.03 * (r() - 0.5)) * 1000) / 1000;
    ascat[i] = Math.round((0.6 * sm + 0.1 + 0.05 * (r() - 0.5)) * 1000) / 1000;
    y[i] = Math.round(Math.max(0.02, sm + 0.02 * (r() - 0.5) + 0.01 * Math.sin(t / 3)) * 1000) / 1000;
    if (fine) y[i] = Math.round((y[i] + 0.001 * r()) * 1e6) / 1e6;
  }
  return { nRows, columns: { lst, ndvi, dem, amsr2: amsr, ascat, landcover: lc, sm: y } };
}

/**
 * The table as CSV text (header, then one line per row; numbers as `%.15g`, missing as `NA`;
 * discrete values unquoted, so they must not contain commas or quotes).
 * @example tableToCsv({ nRows: 1, columns: { x: Float64Array.of(1.5) } }); // "x\n1.5\n"
 * @throws Error naming the column of a discrete value with a comma, quote or newline.
 */
export function tableToCsv(table: ColumnTable, order?: string[]): string {
  const names = order ?? Object.keys(table.columns);
  const cols = names.map((c) => table.columns[c]);
  const lines: string[] = [names.join(",")];
  for (let i = 0; i < table.nRows; i++) {
    const cells: string[] = [];
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c];
      if (col instanceof Float64Array) cells.push(Number.isFinite(col[i]) ? formatG(col[i], 15) : "NA");
      else {
        const v = col[i];
        if (v !== null && /[",\r\n]/.test(v)) throw new Error(`tableToCsv: column '${names[c]}' value '${v}' needs quoting`);
        cells.push(v === null ? "NA" : v);
      }
    }
    lines.push(cells.join(","));
  }
  return lines.join("\n") + "\n";
}

/**
 * A wide table with large-magnitude target: 30 continuous predictors (c01..c30: mixed scales,
 * 0–4 decimals, a few missing), 40 discrete ones (d01..d40: 2 to 60 values each, named v<k>), and a
 * target `y` in about 1e4–1e5 (2 decimals) depending on a few of each kind plus noise — the shape on
 * which committees showed last-digit differences. Same size and seed ⇒ same table.
 */
export function wideTable(nRows: number, seed = 73): ColumnTable {
  const r = rng(seed);
  const columns: ColumnTable["columns"] = {};
  const cont: Float64Array[] = [];
  for (let a = 0; a < 30; a++) {
    const col = new Float64Array(nRows);
    const scale = [1, 10, 1000, 0.01, 250][a % 5], dec = a % 5;
    const p = 10 ** dec;
    for (let i = 0; i < nRows; i++) col[i] = r() < 0.01 ? NaN : Math.round(scale * (r() + r() * r()) * 10 * p) / p;
    cont.push(col);
    columns[`c${String(a + 1).padStart(2, "0")}`] = col;
  }
  const disc: Int32Array[] = [];
  for (let a = 0; a < 40; a++) {
    const k = [2, 3, 5, 8, 12, 20, 35, 60][a % 8];
    const codes = new Int32Array(nRows);
    const col: (string | null)[] = new Array(nRows);
    for (let i = 0; i < nRows; i++) {
      const u = r();
      codes[i] = Math.min(k - 1, Math.floor(k * u * u * (a % 3 === 0 ? 1 : 1.0)));
      col[i] = r() < 0.005 ? null : `v${codes[i]}`;
    }
    disc.push(codes);
    columns[`d${String(a + 1).padStart(2, "0")}`] = col;
  }
  const y = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    const x1 = cont[0][i] || 0, x2 = cont[1][i] || 0, x3 = cont[2][i] || 0, x4 = cont[7][i] || 0;
    let v = 30000 + 900 * x1 + 120 * x2 + 3.1 * x3 + 5000 * Math.sin(x4 / 5);
    v += disc[0][i] * 4000 + (disc[5][i] % 4) * 2500 - (disc[6][i] > 10 ? 6000 : 0) + (disc[3][i] === 2 ? 9000 : 0);
    v += 3000 * (r() - 0.5);
    y[i] = Math.round(Math.max(8000, v) * 100) / 100;
  }
  columns.y = y;
  return { nRows, columns };
}
