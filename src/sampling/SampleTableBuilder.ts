import type { SampleTable } from "./sampleTable";

/** Options of {@link SampleTableBuilder}. */
export interface SampleTableBuilderOptions {
  /** Number of cells of the grid the points index (the layers' length). */
  gridCells: number;
  /** Variables (column names) every day must provide (or a static layer provides). */
  variables: readonly string[];
  /** Layers that do not change with the day (e.g. `dem`, a year's `landcover`), one value per grid cell. */
  staticLayers?: Readonly<Record<string, ArrayLike<number>>>;
  /** Expected number of days, to size the buffers once (optional; they grow as needed). */
  expectedDays?: number;
}

/**
 * Builds a {@link SampleTable} day by day, so the daily layers never need to be held all at once
 * (the paper's 3 years × 7 variables on the 0.25° domain would be ~1.3 GB as a cube).
 *
 * For every day added, one row per point is appended with each variable's value at the point's cell
 * (static layers repeated). A variable missing from a day's layers is an error; a `null` layer means
 * "no data that day" and gives NaN for all points (counted in `missingLayers`).
 *
 * @example
 * const b = new SampleTableBuilder([5, 17], { gridCells: 64, variables: ["gldas_sm", "lst", "dem"], staticLayers: { dem } });
 * b.addDay("2013-01-01", { gldas_sm: g1, lst: l1 });
 * b.addDay("2013-01-02", { gldas_sm: g2, lst: null });
 * const table = b.finish(); // 4 rows
 */
export class SampleTableBuilder {
  private readonly points: Int32Array;
  private readonly gridCells: number;
  private readonly variables: readonly string[];
  private readonly staticLayers: Readonly<Record<string, ArrayLike<number>>>;
  private capacity: number;
  private n = 0;
  private pointId: Int32Array;
  private cell: Int32Array;
  private dayIndex: Int32Array;
  private readonly dates: string[] = [];
  private readonly dateSet = new Set<string>();
  private columns: Record<string, Float32Array> = {};
  /** Per variable: number of days for which the layer was `null` (no data). */
  readonly missingLayers: Record<string, number> = {};
  private finished = false;

  /**
   * @param points grid-cell indices of the sample points
   * @param options `gridCells`, `variables`, `staticLayers`, `expectedDays`
   * @throws RangeError when a point is outside the grid, a static layer has the wrong length, or an option is invalid
   */
  constructor(points: ArrayLike<number>, options: SampleTableBuilderOptions) {
    const { gridCells, variables } = options;
    if (!Number.isInteger(gridCells) || gridCells < 1) throw new RangeError(`SampleTableBuilder: gridCells must be a positive integer, got ${gridCells}`);
    if (!Array.isArray(variables) || variables.length === 0) throw new RangeError(`SampleTableBuilder: variables must be a non-empty array of names`);
    const expectedDays = options.expectedDays ?? 16;
    if (!Number.isInteger(expectedDays) || expectedDays < 1) throw new RangeError(`SampleTableBuilder: expectedDays must be a positive integer, got ${expectedDays}`);
    const staticLayers = options.staticLayers ?? {};
    for (const [name, layer] of Object.entries(staticLayers)) {
      if (layer.length !== gridCells) throw new RangeError(`SampleTableBuilder: static layer ${name} has ${layer.length} cells, expected gridCells=${gridCells}`);
    }
    this.points = Int32Array.from(points as ArrayLike<number>);
    for (let i = 0; i < this.points.length; i++) {
      const p = (points as ArrayLike<number>)[i];
      if (!Number.isInteger(p) || p < 0 || p >= gridCells) throw new RangeError(`SampleTableBuilder: points[${i}] = ${p} is not a cell index of a ${gridCells}-cell grid`);
    }
    this.gridCells = gridCells;
    this.variables = variables.slice();
    this.staticLayers = staticLayers;
    this.capacity = Math.max(1, this.points.length * expectedDays);
    this.pointId = new Int32Array(this.capacity);
    this.cell = new Int32Array(this.capacity);
    this.dayIndex = new Int32Array(this.capacity);
    for (const v of this.variables) {
      this.columns[v] = new Float32Array(this.capacity);
      this.missingLayers[v] = 0;
    }
  }

  private grow(min: number): void {
    let cap = this.capacity;
    while (cap < min) cap *= 2;
    const g32 = (a: Int32Array) => { const b = new Int32Array(cap); b.set(a.subarray(0, this.n)); return b; };
    this.pointId = g32(this.pointId);
    this.cell = g32(this.cell);
    this.dayIndex = g32(this.dayIndex);
    for (const v of this.variables) {
      const b = new Float32Array(cap);
      b.set(this.columns[v].subarray(0, this.n));
      this.columns[v] = b;
    }
    this.capacity = cap;
  }

  /**
   * Appends one row per point for `date`.
   * @param date ISO date `YYYY-MM-DD` (each date at most once)
   * @param layers per variable a layer of `gridCells` values, or `null` for "no data that day"
   * @throws RangeError on a bad or repeated date, a missing variable or a layer of the wrong length
   * @throws Error after {@link finish}
   */
  addDay(date: string, layers: Readonly<Record<string, ArrayLike<number> | null | undefined>>): void {
    if (this.finished) throw new Error("SampleTableBuilder: addDay after finish()");
    if (typeof date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`SampleTableBuilder: date must be YYYY-MM-DD, got ${String(date)}`);
    if (this.dateSet.has(date)) throw new RangeError(`SampleTableBuilder: date ${date} added twice`);
    const sources: (ArrayLike<number> | null)[] = [];
    for (const v of this.variables) {
      const layer = v in layers ? layers[v] : this.staticLayers[v];
      if (layer === undefined) throw new RangeError(`SampleTableBuilder: variable ${v} missing for ${date} (neither a daily nor a static layer)`);
      if (layer !== null && layer.length !== this.gridCells) {
        throw new RangeError(`SampleTableBuilder: layer ${v} for ${date} has ${layer.length} cells, expected ${this.gridCells}`);
      }
      if (layer === null) this.missingLayers[v]++;
      sources.push(layer);
    }
    const P = this.points.length;
    if (this.n + P > this.capacity) this.grow(this.n + P);
    const d = this.dates.length;
    this.dates.push(date);
    this.dateSet.add(date);
    const base = this.n;
    for (let k = 0; k < P; k++) {
      this.pointId[base + k] = k;
      this.cell[base + k] = this.points[k];
      this.dayIndex[base + k] = d;
    }
    this.variables.forEach((v, j) => {
      const col = this.columns[v];
      const src = sources[j];
      if (src === null) col.fill(NaN, base, base + P);
      else for (let k = 0; k < P; k++) col[base + k] = src[this.points[k]];
    });
    this.n += P;
  }

  /**
   * The finished table (buffers trimmed to n rows). The builder cannot be used afterwards.
   */
  finish(): SampleTable {
    this.finished = true;
    const n = this.n;
    const columns: Record<string, Float32Array> = {};
    for (const v of this.variables) columns[v] = this.columns[v].slice(0, n);
    return { n, pointId: this.pointId.slice(0, n), cell: this.cell.slice(0, n), dayIndex: this.dayIndex.slice(0, n), dates: this.dates.slice(), columns };
  }
}
