import { LatLonGrid } from "../../src/grid/latLonGrid";
import {
  allocationTable, classifyStrata, demClass, paperLandCoverClass, seededRandom, stratifiedSample, TABLE_A2,
} from "../../src/sampling";
import type { StratumSpec } from "../../src/sampling";

/** A full-factorial domain: every (land cover, DEM class, soil) combination occurs `copies` times. */
function factorialDomain(copies: number) {
  const igbpOfClass = [17, 1, 6, 8, 10, 11, 12, 13, 15, 16]; // one IGBP code per aggregated class 0–9
  const demOfClass = [-100, -0.5, 50, 200, 500, 900, 3000];
  const soilCodes = [99, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]; // 99: not in Table A2
  const n = 10 * 7 * 17 * copies;
  const landcover = new Float32Array(n), dem = new Float32Array(n), soil = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const j = i % 1190;
    landcover[i] = igbpOfClass[j % 10];
    dem[i] = demOfClass[Math.floor(j / 10) % 7];
    soil[i] = soilCodes[Math.floor(j / 70)];
  }
  return { landcover, dem, soil };
}

describe("Table A2 helpers", () => {
  test("DEM classes follow the edges −151, −1, 0, 120, 340, 710, 1110, 7601 (lower edge inclusive)", () => {
    expect([-200, -151, -1.0001, -1, -0.1, 0, 119.9, 120, 339, 340, 709, 710, 1109, 1110, 7600, 9000].map((z) => demClass(z))).toEqual(
      [0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 6]);
    expect(demClass(NaN)).toBeNaN();
  });
  test("IGBP C6 → paper classes (Barren separate)", () => {
    expect([17, 1, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 255].map((c) => paperLandCoverClass(c))).toEqual(
      [0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 6, 8, 9, NaN]);
  });
  test("the transcribed Table A2 sums as the paper's: DEM and land cover 100 %, soil 91.52 %", () => {
    const sum = (a: readonly StratumSpec[]) => a.reduce((s, r) => s + r.pointsPct, 0);
    expect(sum(TABLE_A2.dem)).toBeCloseTo(100, 9);
    expect(sum(TABLE_A2.landcover)).toBeCloseTo(100, 9);
    expect(sum(TABLE_A2.soil)).toBeCloseTo(91.52, 9);
  });
  test("seededRandom is deterministic", () => {
    const a = seededRandom(42), b = seededRandom(42);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(xs[0]).toBeCloseTo(0.6011037519201636, 15);
    expect(seededRandom(43)()).not.toBe(xs[0]);
  });
});

describe("classifyStrata", () => {
  test("doc example and counts", () => {
    const s = classifyStrata({ landcover: [12, 17, 16, NaN, 255], dem: [50, -5, 1500, 10, 10], soil: [7, 1, 3, 2, 40] }, {});
    expect(Array.from(s.landcover)).toEqual([6, 0, 9, -1, -1]);
    expect(Array.from(s.dem)).toEqual([2, 0, 6, 2, 2]);
    expect(Array.from(s.soil)).toEqual([7, 1, 3, 2, -1]);
    expect(Array.from(s.eligible)).toEqual([1, 1, 1, 0, 0]);
    expect(s.counts).toEqual({ cells: 5, eligible: 3, noLandCover: 2, noDem: 0, otherSoil: 1, demClamped: 0, excludedByMask: 0 });
  });
  test("paper codes and the eligibility mask", () => {
    const s = classifyStrata({ landcover: [0, 9, 10], dem: [1, 2, 3], eligible: [1, 0, 1] }, { landCoverCodes: "paper" });
    expect(Array.from(s.landcover)).toEqual([0, 9, -1]);
    expect(s.counts.excludedByMask).toBe(1);
    expect(s.counts.eligible).toBe(1);
    expect(s.counts.otherSoil).toBe(3); // no soil layer
  });
  test("errors name the layer or option", () => {
    expect(() => classifyStrata({ landcover: [1, 2], dem: [1] }, {})).toThrow(/dem has 1 cells but landcover has 2/);
    expect(() => classifyStrata({ landcover: [1], dem: [1] }, { landCoverCodes: "umd" as never })).toThrow(/landCoverCodes .* got umd/);
  });
});

describe("stratifiedSample", () => {
  test("full-factorial domain (10 cells per joint stratum), 602 points: every Table A2 marginal is met exactly", () => {
    const d = factorialDomain(10);
    const s = stratifiedSample(d, { seed: 11, totalPoints: 602 });
    expect(s.totalPoints).toBe(602);
    expect(new Set(s.cells).size).toBe(602);
    // Land cover targets: 602 × paper % by largest remainder, hand-checked: 12 181 25 37 132 4 142 8 3 58
    const lc = s.targets.filter((t) => t.factor === "landcover");
    expect(lc.map((t) => t.target)).toEqual([12, 181, 25, 37, 132, 4, 142, 8, 3, 58]);
    // DEM: 1 4 95 83 120 101 198 (the digest's implied counts)
    expect(s.targets.filter((t) => t.factor === "dem").map((t) => t.target)).toEqual([1, 4, 95, 83, 120, 101, 198]);
    const soil = s.targets.filter((t) => t.factor === "soil");
    expect(soil.reduce((a, t) => a + t.target, 0)).toBe(602);
    expect(soil[soil.length - 1]).toMatchObject({ code: -1, target: 51 }); // 8.48 % of 602, the unassigned soil share
    for (const t of s.targets) expect(t.achieved).toBe(t.target);
    // the allocation table agrees with the targets
    for (const t of s.targets) {
      const row = s.allocation.find((r) => r.factor === t.factor && r.code === t.code)!;
      expect(row.points).toBe(t.achieved);
      expect(row.pointsPct).toBeCloseTo((100 * t.achieved) / 602, 12);
    }
    expect(s.notes.some((n) => /Marginals not matched/.test(n))).toBe(false);
  });

  test("seeded: same seed ⇒ same points; another seed ⇒ other points, same allocation", () => {
    const d = factorialDomain(10);
    const a = stratifiedSample(d, { seed: 5, totalPoints: 200 });
    const b = stratifiedSample(d, { seed: 5, totalPoints: 200 });
    const c = stratifiedSample(d, { seed: 6, totalPoints: 200 });
    expect(Array.from(b.cells)).toEqual(Array.from(a.cells));
    expect(Array.from(c.cells)).not.toEqual(Array.from(a.cells));
    expect(c.targets.map((t) => t.achieved)).toEqual(a.targets.map((t) => t.achieved));
  });

  test("a tight domain (3 cells per joint stratum) cannot meet every marginal: the shortfall is reported, not hidden", () => {
    const s = stratifiedSample(factorialDomain(3), { seed: 3, totalPoints: 602 });
    const missed = s.targets.filter((t) => t.achieved !== t.target);
    expect(missed.length).toBeGreaterThan(0);
    const note = s.notes.find((n) => n.startsWith("Marginals not matched"))!;
    for (const t of missed) expect(note).toContain(`${t.factor} ${t.name} ${t.achieved}/${t.target}`);
    for (const f of ["landcover", "dem", "soil"] as const) {
      expect(s.targets.filter((t) => t.factor === f).reduce((a, t) => a + t.achieved, 0)).toBe(602);
    }
    expect(new Set(s.cells).size).toBe(602);
  });

  test("default size scales with the domain: 2000 cells ⇒ round(602 × 2000 / 42194) = 29 points", () => {
    const d = factorialDomain(2); // 2380 cells
    const sub = { landcover: d.landcover.subarray(0, 2000), dem: d.dem.subarray(0, 2000), soil: d.soil.subarray(0, 2000) };
    const s = stratifiedSample(sub, {});
    expect(s.totalPoints).toBe(29);
    expect(s.scale).toBeCloseTo(29 / 602, 12);
    expect(s.notes[0]).toMatch(/points scaled from 602 to 29/);
    // Land cover targets for N = 29 by largest remainder (hand-checked):
    // raw 0.577 8.720 1.204 1.784 6.360 0.191 6.841 0.386 0.145 2.793 → floors 0 8 1 1 6 0 6 0 0 2 (=24),
    // +1 to the 5 largest fractions: 0.841 crop, 0.793 barren, 0.784 savanna, 0.720 forest, 0.577 water
    expect(s.targets.filter((t) => t.factor === "landcover").map((t) => t.target)).toEqual([1, 9, 1, 2, 6, 0, 7, 0, 0, 3]);
  });

  test("strata with too few cells are capped, the excess redistributed, and both reported", () => {
    // 30 × 40 grid over Korea; only forest (IGBP 4), cropland (12) and 3 barren cells (16); DEM 50–800 m; soils 5 and 13.
    const grid = new LatLonGrid({ west: 124, north: 43, cellSize: 0.25, width: 40, height: 30 });
    const n = grid.size;
    const landcover = new Float32Array(n), dem = new Float32Array(n), soil = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      landcover[i] = i < 3 ? 16 : i % 2 === 0 ? 4 : 12;
      dem[i] = 50 + (i % 16) * 50;
      soil[i] = i % 3 === 0 ? 5 : 13;
    }
    const s = stratifiedSample({ landcover, dem, soil }, { seed: 3, totalPoints: 100, grid });
    expect(s.cells.length).toBe(100);
    const lc = Object.fromEntries(s.targets.filter((t) => t.factor === "landcover").map((t) => [t.name, t]));
    // paper targets for 100 points: forest 30, grassland 22, cropland 24, barren 10, ...
    expect(lc.Barren).toMatchObject({ paperTarget: 10, available: 3, target: 3, achieved: 3 });
    expect(lc.Grassland).toMatchObject({ paperTarget: 22, available: 0, target: 0, achieved: 0 });
    // everything else goes to forest and cropland in proportion 30.07 : 23.59 → 97 points total
    expect(lc.Forest.target + lc.Cropland.target).toBe(97);
    // excess 100 − 30 − 24 − 3 = 43 split 30.07 : 23.59 → 24.10 : 18.90 → largest remainder 24 : 19
    expect(lc.Forest.target).toBe(54);
    expect(lc.Cropland.target).toBe(43);
    for (const t of s.targets) expect(t.achieved).toBeLessThanOrEqual(t.available);
    expect(s.notes.join("\n")).toMatch(/landcover: unfillable strata capped .*Barren \(target 10, 3 eligible cells\)/);
    for (const f of ["landcover", "dem", "soil"] as const) {
      expect(s.targets.filter((t) => t.factor === f).reduce((a, t) => a + t.target, 0)).toBe(100);
    }
    // area shares with cos-latitude weights: forest and cropland each ≈ 50 %
    const forest = s.allocation.find((r) => r.factor === "landcover" && r.name === "Forest")!;
    expect(forest.cells).toBe(598); // even indices 4…1198 (0 and 2 are barren)
    expect(forest.areaPct).toBeGreaterThan(49.8);
    expect(forest.areaPct).toBeLessThan(50);
  });

  test("errors", () => {
    const d = factorialDomain(1);
    expect(() => stratifiedSample(d, { totalPoints: 0 })).toThrow(/totalPoints must be a positive integer, got 0/);
    expect(() => stratifiedSample(d, { seed: NaN })).toThrow(/seed must be a finite number, got NaN/);
    expect(() => stratifiedSample({ landcover: [NaN], dem: [1] }, {})).toThrow(/no eligible cell/);
    const grid = new LatLonGrid({ west: 0, north: 0, cellSize: 1, width: 2, height: 2 });
    expect(() => stratifiedSample(d, { grid })).toThrow(/grid has 4 cells but landcover has 1190/);
  });
});

describe("allocationTable", () => {
  test("hand-checked shares", () => {
    // cells: crop 50 m, crop 60 m, barren 1500 m, water −5 m (no soil layer)
    const s = classifyStrata({ landcover: [12, 12, 16, 17], dem: [50, 60, 1500, -5] }, {});
    const rows = allocationTable([0, 2], s, {});
    const get = (f: string, name: string) => rows.find((r) => r.factor === f && r.name === name)!;
    expect(get("landcover", "Cropland")).toMatchObject({ cells: 2, areaPct: 50, points: 1, pointsPct: 50, paperPointsPct: 23.59, paperAreaPct: 17.23 });
    expect(get("landcover", "Barren")).toMatchObject({ cells: 1, areaPct: 25, points: 1, pointsPct: 50 });
    expect(get("dem", "−151 ≤ DEM < −1")).toMatchObject({ cells: 1, areaPct: 25, points: 0, pointsPct: 0 });
    expect(get("dem", "1110 ≤ DEM < 7601")).toMatchObject({ cells: 1, points: 1 });
    expect(get("soil", "Other / unclassified soil")).toMatchObject({ cells: 4, areaPct: 100, points: 2, pointsPct: 100, paperPointsPct: 8.48 });
    expect(rows.filter((r) => r.factor === "landcover")).toHaveLength(10);
    expect(() => allocationTable([7], s, {})).toThrow(/points\[0\] = 7 is not a cell index of a 4-cell grid/);
  });
});
