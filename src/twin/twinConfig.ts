import { LatLonGrid, type LatLonGridSpec } from "../grid/latLonGrid";

/**
 * Everything that defines one synthetic twin: the 0.25° domain grid, the simulated period, the 1 km
 * application window (grid and the days whose 1 km layers are kept) and the seed. Two twins with equal
 * configurations (as JSON) are byte-identical.
 */
export interface TwinConfig {
  /** Short name, used in cache keys and provenance (`default`, `tiny`, or your own). */
  name: string;
  /** Seed of all randomness (integer 0 … 2³²−1). */
  seed: number;
  /** The coarse grid (GLDAS-like 0.25°) covering the whole domain. */
  coarse: LatLonGridSpec;
  /** Simulated days, inclusive ISO dates. Every 0.25° daily layer exists for every day of it. */
  period: { start: string; end: string };
  /**
   * The 1 km application window. Its edges must lie on coarse cell edges and its cell size must divide
   * the coarse one. The 1 km model starts 61 days before `start` (from the 0.25° model's state) and runs
   * to the end of the period; from then on the window's 0.25° values are the 0.25° means of the 1 km ones
   * (before, they come from the 0.25° model like everywhere else). 1 km daily layers are KEPT only for
   * `start` … `end`. The 1 km model runs in square tiles of `tile` pixels (a multiple of the pixels per
   * 0.25° cell; default 10 cells), each independent of the others. `spinupDays` (default 61) sets how many
   * days before `start` the 1 km model starts.
   */
  window: { fine: LatLonGridSpec; start: string; end: string; tile?: number; spinupDays?: number };
}

/** The names of the built-in configurations. */
export type TwinConfigName = "default" | "tiny" | "domain";

/**
 * The built-in configurations.
 *
 * `default` — the paper's period (2013-01-01 … 2015-12-31) on 18–54°N, 100–146°E at 0.25°
 * (184 × 144 cells). The paper's stated box (10.17–46.72°N, 106.05–178.25°E) is mostly Pacific Ocean and
 * contradicts its own text (south-east Russia, the Gobi, MODIS tiles v03 at 50–60°N, h23 west of 105°E;
 * docs/paper.md §12.1), so the twin covers the land the paper describes: eastern China from the Tibetan plateau
 * edge, Mongolia's Gobi, north-east China and south-east Russia to 54°N, Korea, Japan and Taiwan.
 * The 1 km window is 33–39°N, 124.5–130°E at 0.01° (550 × 600 pixels, ≈0.9 × 1.1 km at 36°N, 625
 * pixels per 0.25° cell), holding the 14 Korean stations of Table 2; its 1 km layers are kept for
 * May–September 2015 (153 days, the paper's application period).
 *
 * `domain` — the `default` 0.25° twin with the 1 km model over the WHOLE domain (4,600 × 3,600 pixels at
 * 0.01°, tiles of 250 pixels = 10 cells, stored as tile files) for 2015-07-01 … 2015-07-31 after a 20-day
 * spin-up: the whole-domain 1 km maps within the workbook's time budget (a longer period costs about
 * 1.3 µs per land pixel and day on one core).
 *
 * `tiny` — 8 × 6 cells (126.5–128.5°E, 35.5–37°N) for 2014-11-01 … 2015-05-31 (so that a 2014 / 2015
 * split has rows on both sides) with a 1 km window of 127–128°E × 36–37°N (100 × 100 pixels) kept for
 * 2015-05-01 … 2015-05-14: seconds to generate, for tests.
 *
 * @example
 * const cfg = twinConfig("tiny", { seed: 7 }); // cfg.seed === 7
 * @throws RangeError naming `name` or `seed` when they are not valid.
 */
export function twinConfig(name: TwinConfigName, options: { seed?: number } = {}): TwinConfig {
  const seed = options.seed ?? 20170507;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`twinConfig: seed must be an integer in [0, 4294967295], got ${seed}`);
  if (name === "default") {
    return validateTwinConfig({
      name, seed,
      coarse: { west: 100, north: 54, cellSize: 0.25, width: 184, height: 144 },
      period: { start: "2013-01-01", end: "2015-12-31" },
      window: { fine: { west: 124.5, north: 39, cellSize: 0.01, width: 550, height: 600 }, start: "2015-05-01", end: "2015-09-30" },
    });
  }
  if (name === "domain") {
    return validateTwinConfig({
      name, seed,
      coarse: { west: 100, north: 54, cellSize: 0.25, width: 184, height: 144 },
      period: { start: "2013-01-01", end: "2015-12-31" },
      window: { fine: { west: 100, north: 54, cellSize: 0.01, width: 4600, height: 3600 }, start: "2015-07-01", end: "2015-07-31", tile: 250, spinupDays: 20 },
    });
  }
  if (name === "tiny") {
    return validateTwinConfig({
      name, seed,
      coarse: { west: 126.5, north: 37, cellSize: 0.25, width: 8, height: 6 },
      period: { start: "2014-11-01", end: "2015-05-31" },
      window: { fine: { west: 127, north: 37, cellSize: 0.01, width: 100, height: 100 }, start: "2015-05-01", end: "2015-05-14" },
    });
  }
  throw new RangeError(`twinConfig: name must be 'default', 'domain' or 'tiny', got '${String(name)}'`);
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Days since 1970-01-01 of an ISO date. @throws RangeError naming the date when it is not `YYYY-MM-DD`. */
export function dayNumber(iso: string): number {
  if (typeof iso !== "string" || !ISO.test(iso)) throw new RangeError(`date must be 'YYYY-MM-DD', got '${String(iso)}'`);
  const ms = Date.parse(iso + "T00:00:00Z");
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== iso) throw new RangeError(`date '${iso}' is not a calendar date`);
  return Math.round(ms / 86400000);
}

/** ISO date of a day number (days since 1970-01-01). */
export function isoDate(day: number): string {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}

/** Day of year (1 … 366) of a day number. */
export function dayOfYear(day: number): number {
  const d = new Date(day * 86400000);
  return Math.round((day * 86400000 - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1;
}

/**
 * Checks a configuration and returns it unchanged.
 * @throws RangeError naming the field (`coarse.cellSize`, `window.fine.west`, `period.start`, …) and its value.
 */
export function validateTwinConfig(config: TwinConfig): TwinConfig {
  if (typeof config.name !== "string" || !/^[A-Za-z0-9_-]{1,40}$/.test(config.name)) throw new RangeError(`twin config: name must match [A-Za-z0-9_-]{1,40}, got '${String(config.name)}'`);
  if (!Number.isInteger(config.seed) || config.seed < 0 || config.seed > 0xffffffff) throw new RangeError(`twin config: seed must be an integer in [0, 4294967295], got ${config.seed}`);
  const coarse = new LatLonGrid(config.coarse);
  const fine = new LatLonGrid(config.window.fine);
  const p0 = dayNumber(config.period.start), p1 = dayNumber(config.period.end);
  if (p1 < p0) throw new RangeError(`twin config: period.end ${config.period.end} is before period.start ${config.period.start}`);
  const w0 = dayNumber(config.window.start), w1 = dayNumber(config.window.end);
  if (w0 < p0 || w1 > p1 || w1 < w0) throw new RangeError(`twin config: window.start…window.end (${config.window.start}…${config.window.end}) must lie within the period ${config.period.start}…${config.period.end}`);
  const ratio = coarse.cellSize / fine.cellSize;
  if (Math.abs(ratio - Math.round(ratio)) > 1e-6 || ratio < 1) throw new RangeError(`twin config: window.fine.cellSize ${fine.cellSize} must divide coarse.cellSize ${coarse.cellSize}`);
  if (config.window.tile !== undefined && (!Number.isInteger(config.window.tile) || config.window.tile < ratio || config.window.tile % Math.round(ratio) !== 0)) {
    throw new RangeError(`twin config: window.tile must be a positive multiple of ${Math.round(ratio)} (1 km pixels per 0.25° cell), got ${config.window.tile}`);
  }
  if (config.window.spinupDays !== undefined && (!Number.isInteger(config.window.spinupDays) || config.window.spinupDays < 0 || config.window.spinupDays > 366)) {
    throw new RangeError(`twin config: window.spinupDays must be an integer in 0…366, got ${config.window.spinupDays}`);
  }
  const onEdge = (v: number, origin: number) => Math.abs((v - origin) / coarse.cellSize - Math.round((v - origin) / coarse.cellSize)) < 1e-6;
  for (const [key, v, o] of [["west", fine.west, coarse.west], ["east", fine.east, coarse.west], ["north", fine.north, coarse.north], ["south", fine.south, coarse.north]] as const) {
    if (!onEdge(v, o)) throw new RangeError(`twin config: window.fine ${key} edge ${v} must lie on a coarse cell edge`);
  }
  if (fine.west < coarse.west - 1e-9 || fine.east > coarse.east + 1e-9 || fine.north > coarse.north + 1e-9 || fine.south < coarse.south - 1e-9) {
    throw new RangeError(`twin config: window.fine (${fine.west}…${fine.east}E, ${fine.south}…${fine.north}N) must lie inside the coarse domain`);
  }
  return config;
}
