/** Options of {@link subplotGrid}. */
export interface SubplotGridOptions {
  /** Horizontal gap between columns, fraction of the figure width. Default 0.06. */
  gapX?: number;
  /** Vertical gap between rows, fraction of the figure height. Default 0.08. */
  gapY?: number;
  /** Space kept free on the right (e.g. for colour bars), fraction. Default 0. */
  right?: number;
}

/** One cell of a subplot grid: axis ids and domains. Index k = row · cols + col (reading order). */
export interface SubplotCell {
  index: number;
  row: number;
  col: number;
  /** Axis ids as used in traces: "x", "x2", …; "y", "y2", … */
  xaxis: string;
  yaxis: string;
  /** Layout keys: "xaxis", "xaxis2", …; "yaxis", "yaxis2", … */
  xaxisKey: string;
  yaxisKey: string;
  /** Domains in paper coordinates. */
  x: [number, number];
  y: [number, number];
}

/**
 * Domains and axis ids of a rows × cols grid of subplots (row 0 at the top), for `count` panels.
 *
 * @param count number of panels (≤ rows × cols)
 * @param rows grid rows
 * @param cols grid columns
 * @param options `gapX` (0.06), `gapY` (0.08), `right` (0)
 * @throws RangeError when the grid cannot hold the panels or a gap is outside [0, 0.5)
 * @example
 * subplotGrid(2, 1, 2, {})[1].xaxis; // "x2"
 */
export function subplotGrid(count: number, rows: number, cols: number, options: SubplotGridOptions = {}): SubplotCell[] {
  const gapX = options.gapX ?? 0.06;
  const gapY = options.gapY ?? 0.08;
  const right = options.right ?? 0;
  for (const [name, v] of [["gapX", gapX], ["gapY", gapY], ["right", right]] as const) {
    if (!(v >= 0 && v < 0.5)) throw new RangeError(`subplotGrid: ${name} must be in [0, 0.5), got ${v}`);
  }
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1) throw new RangeError(`subplotGrid: rows and cols must be positive integers, got ${rows} × ${cols}`);
  if (!Number.isInteger(count) || count < 1 || count > rows * cols) throw new RangeError(`subplotGrid: count must be in 1…${rows * cols}, got ${count}`);
  const w = (1 - right - gapX * (cols - 1)) / cols;
  const h = (1 - gapY * (rows - 1)) / rows;
  const cells: SubplotCell[] = [];
  for (let k = 0; k < count; k++) {
    const row = Math.floor(k / cols);
    const col = k % cols;
    const suffix = k === 0 ? "" : String(k + 1);
    const x0 = col * (w + gapX);
    const y1 = 1 - row * (h + gapY);
    cells.push({
      index: k, row, col, xaxis: `x${suffix}`, yaxis: `y${suffix}`, xaxisKey: `xaxis${suffix}`, yaxisKey: `yaxis${suffix}`,
      x: [round(x0), round(x0 + w)], y: [round(y1 - h), round(y1)],
    });
  }
  return cells;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6 + 0; // + 0 turns −0 into 0
}
