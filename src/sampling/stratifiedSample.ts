import type { LatLonGrid } from "../grid/latLonGrid";
import { AllocationRow, allocationTable } from "./allocationTable";
import { CellStrata, ClassifyStrataOptions, StrataInput, classifyStrata } from "./classifyStrata";
import { seededRandom } from "./seededRandom";
import { PAPER_POINTS, StratumFactor, StratumSpec, TABLE_A2 } from "./tableA2";

/** Options of {@link stratifiedSample}. */
export interface StratifiedSampleOptions extends ClassifyStrataOptions {
  /** Seed of the random draws (same inputs + seed ⇒ same points). Default 1. */
  seed?: number;
  /**
   * Number of points. Default: 602 × min(1, cells / `paperDomainCells`), rounded, at least 1 and at most
   * the number of eligible cells — the paper's 602 on a domain as large as the paper's, proportionally fewer on a smaller one.
   */
  totalPoints?: number;
  /** Cells of the paper's domain on the 0.25° grid: 146 rows × 289 columns (10.17–46.72°N, 106.05–178.25°E). Default 42194. */
  paperDomainCells?: number;
  /** Grid of the layers: enables cos-latitude area weights in the allocation table and checks the layer size. */
  grid?: LatLonGrid;
  /** Stratum definitions and target shares (default: the paper's Table A2). */
  table?: Readonly<Record<StratumFactor, readonly StratumSpec[]>>;
}

/** The target of one stratum, and what happened to it. */
export interface StratumTarget {
  factor: StratumFactor;
  code: number;
  name: string;
  /** Paper's points share, %. */
  paperPointsPct: number;
  /** Integer points from the paper's share of `totalPoints` (largest remainder). */
  paperTarget: number;
  /** Eligible cells in the stratum. */
  available: number;
  /** Target after capping at `available` and redistributing the excess within the factor. */
  target: number;
  /** Points drawn. */
  achieved: number;
}

/** Result of {@link stratifiedSample}. */
export interface StratifiedSample {
  /** Grid-cell indices of the points, in draw order (distinct). */
  cells: Int32Array;
  totalPoints: number;
  /** totalPoints / 602. */
  scale: number;
  seed: number;
  targets: StratumTarget[];
  /** {@link allocationTable} of the drawn points. */
  allocation: AllocationRow[];
  strata: CellStrata;
  /** Plain-language notes: scaling, capped strata (unfillable), redistributions, excluded cells. */
  notes: string[];
}

const FACTORS: readonly StratumFactor[] = ["landcover", "dem", "soil"];

/** Largest-remainder integers of `weights` summing to `total` (ties: first level first). */
function largestRemainder(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const raw = weights.map((w) => (w / sum) * total);
  const out = raw.map((x) => Math.floor(x));
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => ({ i, f: x - Math.floor(x) })).sort((a, b) => b.f - a.f || a.i - b.i);
  for (let k = 0; rest > 0 && k < order.length; k++, rest--) out[order[k].i]++;
  return out;
}

/**
 * Draws sample points stratified by land cover, elevation class and soil type so that the points'
 * shares per stratum follow the paper's Table A2 "Points (%)" columns (602 points on the paper's domain).
 *
 * The paper's allocation procedure is not recovered (docs/paper.md §5, §13); this implementation's algorithm,
 * a **sequential draw that tracks the three marginal targets**:
 * 1. Classify cells ({@link classifyStrata}); a cell is eligible when its land cover and DEM are known
 *    (and the optional mask allows it). Soil codes outside Table A2 form an "other soil" level whose
 *    target is the 8.48 % the paper's soil column leaves unassigned.
 * 2. N = `totalPoints` (default 602, scaled by domain size, capped at the eligible cells). For each factor,
 *    integer targets = the paper's shares × N by largest remainder.
 * 3. Capacity: a stratum's target larger than its eligible cells is capped, and the excess is handed to
 *    the factor's other strata in proportion to their paper shares (repeated until everything fits);
 *    both the cap ("unfillable") and the redistribution are reported in `notes` and `targets`.
 * 4. Draw N distinct cells one at a time. The candidates are the joint strata (land cover × DEM class ×
 *    soil) that still have cells and serve the largest number of factors whose level still has a positive
 *    deficit (target − drawn so far > 0) — normally all three. One candidate is drawn with probability
 *    proportional to the product of its levels' positive deficits (a level already filled contributes
 *    target / (drawn + 1)) times the share of its cells still free (so the points spread over the joint
 *    strata roughly as an independent joint allocation would), then one of its cells uniformly at
 *    random (without replacement), all with the seeded generator. A draw that serves all three marginals
 *    is always preferred, so the marginals are met exactly unless the joint strata run out of cells at
 *    the end; what was achieved is reported.
 * 5. Repair: while a factor has a level above its target and another below, one point of the over-level
 *    is re-drawn in the joint stratum that differs only in that factor (if it has a free cell), which
 *    fixes one unit without touching the other two marginals. The number of such swaps is in `notes`.
 * The three marginals are matched exactly when the joint distribution of the domain allows it; what
 * was achieved is in `targets[].achieved` and the allocation table.
 *
 * @param input per-cell land cover, DEM, soil and optional eligibility mask
 * @param options `seed` (1), `totalPoints`, `paperDomainCells` (42194), `grid`, `landCoverCodes` ("igbp"), `table`
 * @throws RangeError naming the option or layer when an input is invalid, or when no cell is eligible
 * @example
 * const s = stratifiedSample({ landcover: lcLayer, dem: demLayer, soil: soilLayer }, { seed: 7, grid });
 * s.cells;      // Int32Array of cell indices
 * s.allocation; // rows: stratum, area %, points % achieved, paper points %
 */
export function stratifiedSample(input: StrataInput, options: StratifiedSampleOptions = {}): StratifiedSample {
  const seed = options.seed ?? 1;
  const paperDomainCells = options.paperDomainCells ?? 42194;
  const table = options.table ?? TABLE_A2;
  if (!Number.isFinite(seed)) throw new RangeError(`stratifiedSample: seed must be a finite number, got ${seed}`);
  if (!(paperDomainCells > 0)) throw new RangeError(`stratifiedSample: paperDomainCells must be > 0, got ${paperDomainCells}`);
  if (options.totalPoints !== undefined && (!Number.isInteger(options.totalPoints) || options.totalPoints < 1)) {
    throw new RangeError(`stratifiedSample: totalPoints must be a positive integer, got ${options.totalPoints}`);
  }
  if (options.grid && options.grid.size !== input.landcover.length) {
    throw new RangeError(`stratifiedSample: grid has ${options.grid.size} cells but landcover has ${input.landcover.length}`);
  }
  const strata = classifyStrata(input, { landCoverCodes: options.landCoverCodes });
  const notes: string[] = [];
  const eligibleCount = strata.counts.eligible;
  if (eligibleCount === 0) throw new RangeError("stratifiedSample: no eligible cell (land cover and DEM both known, mask allowing)");
  const cellsTotal = strata.cells;
  let N: number;
  if (options.totalPoints !== undefined) {
    N = options.totalPoints;
    if (N > eligibleCount) {
      notes.push(`totalPoints ${N} exceeds the ${eligibleCount} eligible cells: reduced to ${eligibleCount}.`);
      N = eligibleCount;
    }
  } else {
    const raw = Math.max(1, Math.round(PAPER_POINTS * Math.min(1, cellsTotal / paperDomainCells)));
    N = Math.min(raw, eligibleCount);
    if (raw < PAPER_POINTS) notes.push(`Domain of ${cellsTotal} cells vs the paper's ${paperDomainCells}: points scaled from 602 to ${raw}.`);
    if (N < raw) notes.push(`Only ${eligibleCount} eligible cells: points reduced to ${N}.`);
  }
  const excluded = cellsTotal - eligibleCount;
  if (excluded > 0) {
    notes.push(`${excluded} of ${cellsTotal} cells not eligible (no land cover: ${strata.counts.noLandCover}, no DEM: ${strata.counts.noDem}, mask: ${strata.counts.excludedByMask}).`);
  }

  // Levels per factor (soil gets the "other" level −1 for the unassigned share).
  const levelSpecs: Record<StratumFactor, { code: number; name: string; pct: number }[]> = { landcover: [], dem: [], soil: [] };
  for (const f of FACTORS) {
    levelSpecs[f] = table[f].map((s) => ({ code: s.code, name: s.name, pct: s.pointsPct }));
    const sum = table[f].reduce((a, s) => a + s.pointsPct, 0);
    if (f === "soil" || sum < 99.995) levelSpecs[f].push({ code: -1, name: f === "soil" ? "Other / unclassified soil" : "Other", pct: Math.max(0, 100 - sum) });
  }
  const levelIndex: Record<StratumFactor, Map<number, number>> = { landcover: new Map(), dem: new Map(), soil: new Map() };
  for (const f of FACTORS) levelSpecs[f].forEach((l, i) => levelIndex[f].set(l.code, i));

  // Available eligible cells per level, targets, capacity.
  const targets: StratumTarget[] = [];
  const targetOf: Record<StratumFactor, number[]> = { landcover: [], dem: [], soil: [] };
  for (const f of FACTORS) {
    const specs = levelSpecs[f];
    const avail = new Array<number>(specs.length).fill(0);
    const lv = strata[f];
    for (let i = 0; i < cellsTotal; i++) {
      if (!strata.eligible[i]) continue;
      const k = levelIndex[f].get(lv[i]);
      if (k !== undefined) avail[k]++;
    }
    const paperTarget = largestRemainder(specs.map((s) => s.pct), N);
    const t = paperTarget.slice();
    for (let iter = 0; iter < 100; iter++) {
      let excess = 0;
      for (let k = 0; k < t.length; k++) if (t[k] > avail[k]) { excess += t[k] - avail[k]; t[k] = avail[k]; }
      if (excess === 0) break;
      const open = specs.map((s, k) => (t[k] < avail[k] ? Math.max(s.pct, 1e-6) : 0));
      if (open.every((w) => w === 0)) break;
      const add = largestRemainder(open, excess);
      for (let k = 0; k < t.length; k++) t[k] += add[k];
    }
    const capped = specs.filter((_, k) => paperTarget[k] > avail[k]);
    if (capped.length > 0) {
      const parts = capped.map((s) => {
        const k = levelIndex[f].get(s.code)!;
        return `${s.name} (target ${paperTarget[k]}, ${avail[k]} eligible cells)`;
      });
      notes.push(`${f}: unfillable strata capped at their cells — ${parts.join("; ")}; the excess was redistributed over the other ${f} strata in proportion to the paper's shares.`);
    }
    targetOf[f] = t;
    specs.forEach((s, k) => targets.push({ factor: f, code: s.code, name: s.name, paperPointsPct: s.pct, paperTarget: paperTarget[k], available: avail[k], target: t[k], achieved: 0 }));
  }

  // Joint strata: eligible cells grouped by (landcover level, dem level, soil level).
  const nL = levelSpecs.landcover.length, nD = levelSpecs.dem.length, nS = levelSpecs.soil.length;
  const groupOfCell = new Int32Array(cellsTotal).fill(-1);
  const groupSize = new Int32Array(nL * nD * nS);
  for (let i = 0; i < cellsTotal; i++) {
    if (!strata.eligible[i]) continue;
    const a = levelIndex.landcover.get(strata.landcover[i]);
    const b = levelIndex.dem.get(strata.dem[i]);
    const c = levelIndex.soil.get(strata.soil[i]) ?? levelIndex.soil.get(-1);
    if (a === undefined || b === undefined || c === undefined) continue;
    const g = (a * nD + b) * nS + c;
    groupOfCell[i] = g;
    groupSize[g]++;
  }
  const groupStart = new Int32Array(groupSize.length + 1);
  for (let g = 0; g < groupSize.length; g++) groupStart[g + 1] = groupStart[g] + groupSize[g];
  const members = new Int32Array(groupStart[groupSize.length]);
  const fill = groupStart.slice(0, groupSize.length);
  for (let i = 0; i < cellsTotal; i++) if (groupOfCell[i] >= 0) members[fill[groupOfCell[i]]++] = i;
  const remaining = groupSize.slice();
  const nonEmpty: number[] = [];
  for (let g = 0; g < groupSize.length; g++) if (groupSize[g] > 0) nonEmpty.push(g);

  const achieved: Record<StratumFactor, number[]> = { landcover: [], dem: [], soil: [] };
  const rnd = seededRandom(seed);
  const cells = new Int32Array(N);
  const tL = Float64Array.from(targetOf.landcover), tD = Float64Array.from(targetOf.dem), tS = Float64Array.from(targetOf.soil);
  const aL = new Float64Array(nL), aD = new Float64Array(nD), aS = new Float64Array(nS);
  const gA = Int32Array.from(nonEmpty, (g) => Math.floor(g / (nS * nD)));
  const gB = Int32Array.from(nonEmpty, (g) => Math.floor(g / nS) % nD);
  const gC = Int32Array.from(nonEmpty, (g) => g % nS);
  const weight = new Float64Array(nonEmpty.length);
  const pointGroup = new Int32Array(N);
  const levelsOf = (g: number): [number, number, number] => [Math.floor(g / (nS * nD)), Math.floor(g / nS) % nD, g % nS];
  const groupOf = (a: number, b: number, c: number) => (a * nD + b) * nS + c;
  const targetsBy = [tL, tD, tS];
  const achievedBy = [aL, aD, aS];
  /** Takes a random free cell of joint stratum g. */
  const takeCell = (g: number): number => {
    const k = Math.floor(rnd() * remaining[g]);
    const base = groupStart[g];
    const cell = members[base + k];
    members[base + k] = members[base + remaining[g] - 1];
    members[base + remaining[g] - 1] = cell;
    remaining[g]--;
    return cell;
  };
  /** Returns a drawn cell to the free part of joint stratum g. */
  const releaseCell = (g: number, cell: number): void => {
    const base = groupStart[g];
    for (let k = base + remaining[g]; k < groupStart[g + 1]; k++) {
      if (members[k] === cell) {
        members[k] = members[base + remaining[g]];
        members[base + remaining[g]] = cell;
        remaining[g]++;
        return;
      }
    }
  };
  /**
   * Step 5 (repair): while some level of a factor is above its target and another level of the same
   * factor below it, re-draw one point of the over-level in the joint stratum that differs only in that
   * factor (same levels of the other two factors), if it has a free cell. Each swap fixes one unit of
   * mismatch without changing the other two marginals. Returns the number of swaps.
   */
  const repairMarginals = (): number => {
    let swaps = 0;
    for (let guard = 0; guard < 4 * N; guard++) {
      let done = false;
      for (let f = 0; f < 3 && !done; f++) {
        const t = targetsBy[f], a = achievedBy[f];
        for (let lo = 0; lo < t.length && !done; lo++) {
          if (a[lo] <= t[lo]) continue;
          for (let lu = 0; lu < t.length && !done; lu++) {
            if (a[lu] >= t[lu]) continue;
            // points in the over-level whose sibling joint stratum (level lu in factor f) has free cells
            const candidates: number[] = [];
            for (let p = 0; p < N; p++) {
              const lv = levelsOf(pointGroup[p]);
              if (lv[f] !== lo) continue;
              lv[f] = lu;
              if (remaining[groupOf(lv[0], lv[1], lv[2])] > 0) candidates.push(p);
            }
            if (candidates.length === 0) continue;
            const p = candidates[Math.floor(rnd() * candidates.length)];
            const from = pointGroup[p];
            const lv = levelsOf(from);
            lv[f] = lu;
            const to = groupOf(lv[0], lv[1], lv[2]);
            releaseCell(from, cells[p]);
            cells[p] = takeCell(to);
            pointGroup[p] = to;
            a[lo]--;
            a[lu]++;
            swaps++;
            done = true;
          }
        }
      }
      if (!done) break;
    }
    return swaps;
  };
  for (let p = 0; p < N; p++) {
    // Candidates: joint strata with the most factors whose level still has a positive deficit;
    // among them one is drawn with probability ∝ the product of those positive deficits.
    let bestOpen = -1;
    let total = 0;
    for (let q = 0; q < nonEmpty.length; q++) {
      weight[q] = 0;
      const g = nonEmpty[q];
      if (remaining[g] === 0) continue;
      const a = gA[q], b = gB[q], c = gC[q];
      const dl = tL[a] - aL[a], dd = tD[b] - aD[b], ds = tS[c] - aS[c];
      const open = (dl > 0 ? 1 : 0) + (dd > 0 ? 1 : 0) + (ds > 0 ? 1 : 0);
      if (open < bestOpen) continue;
      if (open > bestOpen) { bestOpen = open; total = 0; for (let k = 0; k < q; k++) weight[k] = 0; }
      // × the share of the joint stratum's cells still free, so small joint strata are not exhausted early
      // A factor already filled at this level contributes target / (drawn + 1): overshoot lands preferably on big levels.
      const w = (dl > 0 ? dl : tL[a] / (aL[a] + 1)) * (dd > 0 ? dd : tD[b] / (aD[b] + 1)) * (ds > 0 ? ds : tS[c] / (aS[c] + 1)) *
        (remaining[g] / groupSize[g]);
      weight[q] = w;
      total += w;
    }
    let u = rnd() * total;
    let chosen = -1;
    for (let q = 0; q < nonEmpty.length; q++) {
      if (weight[q] <= 0) continue;
      chosen = nonEmpty[q];
      u -= weight[q];
      if (u < 0) break;
    }
    const g = chosen;
    cells[p] = takeCell(g);
    aL[Math.floor(g / (nS * nD))]++;
    aD[Math.floor(g / nS) % nD]++;
    aS[g % nS]++;
    pointGroup[p] = g;
  }
  const swaps = repairMarginals();
  if (swaps > 0) notes.push(`Repair: ${swaps} point(s) re-drawn in a joint stratum differing in one factor only, to meet the marginals.`);
  achieved.landcover = Array.from(aL);
  achieved.dem = Array.from(aD);
  achieved.soil = Array.from(aS);
  for (const t of targets) t.achieved = achieved[t.factor][levelIndex[t.factor].get(t.code)!];
  const missed = targets.filter((t) => t.achieved !== t.target);
  if (missed.length > 0) {
    notes.push(`Marginals not matched exactly (joint distribution of the domain): ${missed.map((t) => `${t.factor} ${t.name} ${t.achieved}/${t.target}`).join("; ")}.`);
  }
  const allocation = allocationTable(cells, strata, { grid: options.grid, table });
  return { cells, totalPoints: N, scale: N / PAPER_POINTS, seed, targets, allocation, strata, notes };
}
