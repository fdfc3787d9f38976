/** The D8 drainage network of a fine grid confined to its coarse cells, and the topographic wetness index. */
export interface CellFlowNetwork {
  /** Per pixel of the fine grid: the grid index of the pixel it drains to, −1 for outlets, pits and water. */
  downstream: Int32Array;
  /** Land pixels (grid indices) from highest to lowest: every pixel comes before the one it drains to. */
  order: Int32Array;
  /** Upslope contributing area in pixels, the pixel itself included (0 over water). */
  accumulation: Float32Array;
  /** Local slope tan β of the steepest descent (≥ 0.001; 0 over water). */
  tanBeta: Float32Array;
  /** Topographic wetness index ln(a / tan β), a = specific catchment area in m (NaN over water). */
  twi: Float32Array;
}

/** Options of {@link cellFlowNetwork}. */
export interface CellFlowNetworkOptions {
  width: number; height: number;
  /** Fine pixels per coarse cell side (flow never leaves a block of ratio × ratio pixels). */
  ratio: number;
  /** Elevation per pixel, m. */
  dem: Float32Array;
  /** 1 on land pixels. */
  land: Uint8Array;
  /** Pixel height, m, and pixel width per row, m (the grid is in degrees). */
  pixelHeightM: number;
  pixelWidthM: Float64Array;
}

const MIN_SLOPE = 0.001;

/**
 * Single-flow-direction (D8) routing within each coarse cell: each land pixel drains to the neighbour of
 * its block with the steepest downhill slope (none: an outlet or pit), so water moved downslope stays in
 * its 0.25° cell and the cell's water balance is the sum of its pixels'. Flow accumulation follows in
 * elevation order; TWI = ln(a / tan β) with a = accumulated pixels × pixel area / pixel width
 * (Beven & Kirkby 1979), tan β the steepest descent slope (floor 0.001; pits take their gentlest rise).
 *
 * @example
 * const net = cellFlowNetwork({ width: 2, height: 1, ratio: 2, dem: Float32Array.of(10, 0), land: Uint8Array.of(1, 1), pixelHeightM: 1000, pixelWidthM: Float64Array.of(1000) });
 * net.downstream[0]; // 1
 * @throws RangeError naming the option whose size does not match width × height.
 */
export function cellFlowNetwork(o: CellFlowNetworkOptions): CellFlowNetwork {
  const { width: W, height: H, ratio, dem, land } = o;
  const n = W * H;
  if (dem.length !== n) throw new RangeError(`cellFlowNetwork: dem has ${dem.length} values, expected width × height = ${n}`);
  if (land.length !== n) throw new RangeError(`cellFlowNetwork: land has ${land.length} values, expected ${n}`);
  if (o.pixelWidthM.length !== H) throw new RangeError(`cellFlowNetwork: pixelWidthM has ${o.pixelWidthM.length} values, expected height = ${H}`);
  if (!(Number.isInteger(ratio) && ratio >= 1)) throw new RangeError(`cellFlowNetwork: ratio must be a positive integer, got ${ratio}`);
  const downstream = new Int32Array(n).fill(-1);
  const tanBeta = new Float32Array(n);
  const dy = o.pixelHeightM;
  for (let r = 0; r < H; r++) {
    const dx = o.pixelWidthM[r], dd = Math.hypot(dx, dy);
    const br = Math.floor(r / ratio);
    for (let c = 0; c < W; c++) {
      const i = r * W + c;
      if (!land[i]) continue;
      const bc = Math.floor(c / ratio);
      let best = 0, to = -1, gentlest = Infinity;
      for (let a = -1; a <= 1; a++) {
        for (let b = -1; b <= 1; b++) {
          if (a === 0 && b === 0) continue;
          const rr = r + a, cc = c + b;
          if (rr < 0 || cc < 0 || rr >= H || cc >= W) continue;
          if (Math.floor(rr / ratio) !== br || Math.floor(cc / ratio) !== bc) continue;
          const j = rr * W + cc;
          if (!land[j]) continue;
          const s = (dem[i] - dem[j]) / (a !== 0 && b !== 0 ? dd : a !== 0 ? dy : dx);
          if (s > best || (s === best && s > 0 && j < to)) { best = s; to = j; }
          if (-s < gentlest) gentlest = -s;
        }
      }
      downstream[i] = to;
      tanBeta[i] = Math.max(MIN_SLOPE, to >= 0 ? best : Number.isFinite(gentlest) ? gentlest : MIN_SLOPE);
    }
  }
  let m = 0;
  for (let i = 0; i < n; i++) if (land[i]) m++;
  const order = new Int32Array(m);
  for (let i = 0, k = 0; i < n; i++) if (land[i]) order[k++] = i;
  // highest first; ties by index so the order is deterministic (a pixel only drains to a strictly lower one)
  order.sort((a, b) => (dem[b] - dem[a]) || (a - b));
  const accumulation = new Float32Array(n);
  for (let k = 0; k < m; k++) accumulation[order[k]] = 1;
  for (let k = 0; k < m; k++) {
    const i = order[k], j = downstream[i];
    if (j >= 0) accumulation[j] += accumulation[i];
  }
  const twi = new Float32Array(n).fill(NaN);
  for (let i = 0; i < n; i++) {
    if (!land[i]) continue;
    const dx = o.pixelWidthM[Math.floor(i / W)];
    twi[i] = Math.log((accumulation[i] * dx * dy / dx) / tanBeta[i]);
  }
  return { downstream, order, accumulation, tanBeta, twi };
}
