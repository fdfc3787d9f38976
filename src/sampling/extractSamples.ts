import { SampleTableBuilder } from "./SampleTableBuilder";
import type { SampleTable } from "./sampleTable";

/**
 * The values of one variable for all days: a static layer (`gridCells` values), a day-major cube
 * (`dates.length × gridCells` values, day d at offset d · gridCells), or one layer per day (`null` = no data).
 */
export type VariableStack = Float32Array | Float64Array | readonly (ArrayLike<number> | null)[];

/** Options of {@link extractSamples}. */
export interface ExtractSamplesOptions {
  /** Cells of the grid (length of one layer). */
  gridCells: number;
}

/**
 * Extracts the sample table at the points for every day: one row per (point, day), day-major, with one
 * Float32 column per variable (paper §2.3; docs/paper.md §6). For data too large to hold at once, feed the
 * days one by one to {@link SampleTableBuilder} instead.
 *
 * @param points grid-cell indices of the points
 * @param dates ISO dates of the days, in order
 * @param stacks per variable its {@link VariableStack}
 * @param options `gridCells`
 * @throws RangeError when a stack's shape matches neither a static layer, a cube nor `dates.length` days
 * @example
 * const t = extractSamples([0, 3], ["2013-01-01", "2013-01-02"], { gldas_sm: cube, dem: demLayer }, { gridCells: 4 });
 * t.n; // 4
 */
export function extractSamples(points: ArrayLike<number>, dates: readonly string[], stacks: Readonly<Record<string, VariableStack>>,
  options: ExtractSamplesOptions): SampleTable {
  const { gridCells } = options;
  if (!Number.isInteger(gridCells) || gridCells < 1) throw new RangeError(`extractSamples: gridCells must be a positive integer, got ${gridCells}`);
  const D = dates.length;
  const staticLayers: Record<string, ArrayLike<number>> = {};
  const daily: Record<string, (d: number) => ArrayLike<number> | null> = {};
  for (const [name, s] of Object.entries(stacks)) {
    if (s instanceof Float32Array || s instanceof Float64Array) {
      if (s.length === D * gridCells && D !== 1) daily[name] = (d) => s.subarray(d * gridCells, (d + 1) * gridCells);
      else if (s.length === gridCells) staticLayers[name] = s;
      else throw new RangeError(`extractSamples: ${name} has ${s.length} values: neither ${gridCells} (static) nor ${D} days × ${gridCells} (cube)`);
    } else if (Array.isArray(s)) {
      if (s.length !== D) throw new RangeError(`extractSamples: ${name} has ${s.length} daily layers but there are ${D} dates`);
      daily[name] = (d) => s[d];
    } else {
      throw new TypeError(`extractSamples: ${name} must be a Float32Array/Float64Array or an array of daily layers`);
    }
  }
  const variables = Object.keys(stacks);
  const b = new SampleTableBuilder(points, { gridCells, variables, staticLayers, expectedDays: Math.max(1, D) });
  for (let d = 0; d < D; d++) {
    const layers: Record<string, ArrayLike<number> | null> = {};
    for (const [name, get] of Object.entries(daily)) layers[name] = get(d);
    b.addDay(dates[d], layers);
  }
  return b.finish();
}
