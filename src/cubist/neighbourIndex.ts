import type { CaseColumns } from "./caseColumns";
import type { CubistModel } from "./model";

/**
 * Reorders order[lo..hi] (inclusive) so that order[k] holds the instance whose value would be at
 * position k in a sort by `col`, smaller values before it and larger after (quickselect, middle
 * pivot, deterministic).
 */
function selectByValue(order: Int32Array, col: Float32Array | Int32Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const pivot = col[order[(lo + hi) >> 1]];
    let i = lo, j = hi;
    while (i <= j) {
      while (col[order[i]] < pivot) i++;
      while (col[order[j]] > pivot) j--;
      if (i <= j) { const t = order[i]; order[i] = order[j]; order[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Maximum number of neighbours kept per case (Cubist's MAXN). */
export const MAX_NEIGHBOURS_KEPT = 20;

const LEAF_SIZE = 16;

/**
 * A KD-tree over the training instances for Cubist's neighbour distance (algorithm description
 * §13.1): continuous attributes contribute `min(1, |x1 − x2| / (5·sd))`, unordered discrete ones
 * `2/k` when different, ordered discrete ones nothing. Each node splits, at the median, the
 * attribute with the largest expected distance contribution among its instances and keeps their
 * box (continuous) and value set (discrete); subtrees whose lower bound exceeds the current radius
 * are skipped, nearest box first. The search
 * returns exactly what a brute-force scan in instance order returns (see {@link NeighbourIndex.search}).
 */
export class NeighbourIndex {
  private readonly nAtt: number;
  private readonly kind: Uint8Array; // 0 continuous, 1 unordered discrete, 2 ignored
  private readonly scale: Float64Array; // 5·sd, or 2/k
  private readonly inst: (Float32Array | Int32Array)[];
  private readonly instF: Float32Array[]; // per attribute (continuous; empty otherwise)
  private readonly instI: Int32Array[]; // per attribute (discrete; empty otherwise)
  private readonly order: Int32Array; // instance indices, grouped by leaf
  // nodes: [start, end) into order; children; box per continuous attribute
  private nodeStart: number[] = [];
  private nodeEnd: number[] = [];
  private nodeLeft: number[] = [];
  private nodeRight: number[] = [];
  private nodeLo: Float32Array[] = [];
  private nodeHi: Float32Array[] = [];
  private readonly contIdx: Int32Array;
  private readonly discIdx: Int32Array; // unordered discrete attributes
  private readonly discSize: Int32Array; // number of codes seen per discrete attribute (+1 spare)
  private nodePresent: Uint8Array[][] = []; // per node, per discrete attribute: codes present
  // scratch for searches
  private candD: Float64Array = new Float64Array(64);
  private candJ: Int32Array = new Int32Array(64);
  private nCand = 0;
  private readonly best = new Float64Array(MAX_NEIGHBOURS_KEPT);
  private nBest = 0;
  private lastCases: CaseColumns | null = null;
  private cf: Float32Array[] = [];
  private ci: Int32Array[] = [];
  private readonly qx: Float64Array;
  private readonly qcodes: Int32Array;
  private readonly qv: Float64Array;
  private stackNode = new Int32Array(64);
  private stackBound = new Float64Array(64);

  /** Builds the index over resolved instance columns (same value coding as the cases searched). */
  constructor(model: CubistModel, instances: CaseColumns) {
    const f = Math.fround;
    this.nAtt = model.attributes.length;
    this.kind = new Uint8Array(this.nAtt);
    this.scale = new Float64Array(this.nAtt);
    const cont: number[] = [];
    const disc: number[] = [];
    model.attributes.forEach((att, a) => {
      if (att.kind === "continuous") { this.kind[a] = 0; this.scale[a] = 5 * f(att.sd); cont.push(a); }
      else if (att.ordered) this.kind[a] = 2;
      else { this.kind[a] = 1; this.scale[a] = 2 / att.values.length; disc.push(a); }
    });
    this.contIdx = Int32Array.from(cont);
    this.discIdx = Int32Array.from(disc);
    this.discSize = Int32Array.from(disc.map((a) => {
      const col = instances.columns[a] as Int32Array;
      let m = 0;
      for (let j = 0; j < col.length; j++) if (col[j] > m) m = col[j];
      return m + 2;
    }));
    this.inst = instances.columns;
    this.instF = instances.columns.map((c) => (c instanceof Float32Array ? c : new Float32Array(0)));
    this.instI = instances.columns.map((c) => (c instanceof Int32Array ? c : new Int32Array(0)));
    this.order = new Int32Array(instances.nRows);
    for (let j = 0; j < instances.nRows; j++) this.order[j] = j;
    this.qx = new Float64Array(this.contIdx.length);
    this.qcodes = new Int32Array(this.discIdx.length);
    this.qv = new Float64Array(this.nAtt);
    if (instances.nRows > 0) this.build(0, instances.nRows);
    this.flatten();
    // depth-first stack: at most two entries per level pending
    this.stackNode = new Int32Array(2 * this.nodeStart.length + 2);
    this.stackBound = new Float64Array(2 * this.nodeStart.length + 2);
  }

  private build(start: number, end: number): number {
    const id = this.nodeStart.length;
    this.nodeStart.push(start); this.nodeEnd.push(end); this.nodeLeft.push(-1); this.nodeRight.push(-1);
    const nc = this.contIdx.length, nd = this.discIdx.length;
    const lo = new Float32Array(nc).fill(Infinity), hi = new Float32Array(nc).fill(-Infinity);
    const present = Array.from(this.discIdx, (_, k) => new Uint8Array(this.discSize[k]));
    const counts = Array.from(this.discIdx, (_, k) => new Int32Array(this.discSize[k]));
    for (let q = start; q < end; q++) {
      const j = this.order[q];
      for (let c = 0; c < nc; c++) {
        const v = this.instF[this.contIdx[c]][j];
        if (v < lo[c]) lo[c] = v;
        if (v > hi[c]) hi[c] = v;
      }
      for (let k = 0; k < nd; k++) { const v = this.instI[this.discIdx[k]][j]; present[k][v] = 1; counts[k][v]++; }
    }
    this.nodeLo.push(lo); this.nodeHi.push(hi); this.nodePresent.push(present);
    const n = end - start;
    if (n <= LEAF_SIZE) return id;
    // split the attribute with the largest expected contribution to the distance between two of
    // the node's instances: continuous ≈ extent/(3·5sd) (uniform), discrete = 2/k · P(values differ)
    let bestA = -1, bestW = 0;
    for (let c = 0; c < nc; c++) {
      const w = Math.min(1, (hi[c] - lo[c]) / this.scale[this.contIdx[c]]) / 3;
      if (w > bestW) { bestW = w; bestA = this.contIdx[c]; }
    }
    for (let k = 0; k < nd; k++) {
      let same = 0;
      for (const cnt of counts[k]) same += (cnt / n) * (cnt / n);
      const w = this.scale[this.discIdx[k]] * (1 - same);
      if (w > bestW) { bestW = w; bestA = this.discIdx[k]; }
    }
    if (bestA < 0) return id;
    // split at the median: order[start, mid) holds values ≤ those of order[mid, end) (any such
    // partition gives the same search results; quickselect instead of a sort)
    const col = this.kind[bestA] === 0 ? this.instF[bestA] : this.instI[bestA];
    const mid = start + (n >> 1);
    selectByValue(this.order, col, start, end - 1, mid);
    this.nodeLeft[id] = this.build(start, mid);
    this.nodeRight[id] = this.build(mid, end);
    return id;
  }

  /** Cubist's distance between case i of `cases` and instance j (double sum in attribute order, as float32). */
  distance(cases: CaseColumns, i: number, j: number): number {
    let d = 0;
    for (let a = 0; a < this.nAtt; a++) {
      const k = this.kind[a];
      if (k === 0) {
        const diff = Math.fround(Math.abs((cases.columns[a] as Float32Array)[i] - (this.inst[a] as Float32Array)[j]));
        const t = diff / this.scale[a];
        d += t < 1 ? t : 1;
      } else if (k === 1) {
        if ((cases.columns[a] as Int32Array)[i] !== (this.inst[a] as Int32Array)[j]) d += this.scale[a];
      }
    }
    return Math.fround(d);
  }

  private fastDistance(cf: Float32Array[], ci: Int32Array[], i: number, j: number): number {
    let d = 0;
    const kind = this.kind, scale = this.scale, instF = this.instF, instI = this.instI;
    for (let a = 0; a < this.nAtt; a++) {
      const k = kind[a];
      if (k === 0) {
        const diff = Math.fround(Math.abs(cf[a][i] - instF[a][j]));
        const t = diff / scale[a];
        d += t < 1 ? t : 1;
      } else if (k === 1) {
        if (ci[a][i] !== instI[a][j]) d += scale[a];
      }
    }
    return Math.fround(d);
  }

  /** Lower bound of the distance from the query to any instance of `node` (flat per-node boxes and value sets). */
  private boundOf(node: number, x: Float64Array, codes: Int32Array): number {
    let bound = 0;
    const nd = codes.length;
    if (nd > 0) {
      const pres = this.flatPresent, off = this.presentOffset, dscale = this.discScale;
      const base = node * this.presentStride;
      for (let k = 0; k < nd; k++) {
        const v = codes[k];
        if (v < 0 || v >= this.discSize[k] || pres[base + off[k] + v] === 0) bound += dscale[k];
      }
    }
    const nc = x.length;
    const lo = this.flatLo, hi = this.flatHi, cscale = this.contScale;
    const b0 = node * nc;
    for (let c = 0; c < nc; c++) {
      const xc = x[c], l = lo[b0 + c], h = hi[b0 + c];
      const gap = xc < l ? l - xc : xc > h ? xc - h : 0;
      if (gap > 0) { const t = gap / cscale[c]; bound += t < 1 ? t : 1; }
    }
    return bound;
  }

  /** The boxes and value sets of every node as flat typed arrays (after building). */
  private flatten(): void {
    const nNodes = this.nodeStart.length, nc = this.contIdx.length, nd = this.discIdx.length;
    this.flatLo = new Float32Array(nNodes * nc);
    this.flatHi = new Float32Array(nNodes * nc);
    for (let n = 0; n < nNodes; n++) { this.flatLo.set(this.nodeLo[n], n * nc); this.flatHi.set(this.nodeHi[n], n * nc); }
    this.presentOffset = new Int32Array(nd);
    let stride = 0;
    for (let k = 0; k < nd; k++) { this.presentOffset[k] = stride; stride += this.discSize[k]; }
    this.presentStride = stride;
    this.flatPresent = new Uint8Array(nNodes * stride);
    for (let n = 0; n < nNodes; n++) for (let k = 0; k < nd; k++) this.flatPresent.set(this.nodePresent[n][k], n * stride + this.presentOffset[k]);
    this.contScale = Float64Array.from(this.contIdx, (a) => this.scale[a]);
    this.discScale = Float64Array.from(this.discIdx, (a) => this.scale[a]);
    this.nodeLo = []; this.nodeHi = []; this.nodePresent = [];
  }

  private flatLo = new Float32Array(0);
  private flatHi = new Float32Array(0);
  private flatPresent = new Uint8Array(0);
  private presentOffset = new Int32Array(0);
  private presentStride = 0;
  private contScale = new Float64Array(0);
  private discScale = new Float64Array(0);

  private keep = MAX_NEIGHBOURS_KEPT;

  private cutoff(maxd: number): number {
    return this.nBest < this.keep ? maxd : this.best[this.keep - 1];
  }

  private consider(dd: number, j: number): void {
    if (this.nCand === this.candD.length) {
      const d2 = new Float64Array(this.nCand * 2); d2.set(this.candD); this.candD = d2;
      const j2 = new Int32Array(this.nCand * 2); j2.set(this.candJ); this.candJ = j2;
    }
    this.candD[this.nCand] = dd; this.candJ[this.nCand++] = j;
    // keep the `keep` smallest distances (values only) to tighten the radius
    const keep = this.keep;
    let p = this.nBest < keep ? this.nBest : keep - 1;
    if (this.nBest === keep && dd >= this.best[p]) return;
    while (p > 0 && this.best[p - 1] > dd) { this.best[p] = this.best[p - 1]; p--; }
    this.best[p] = dd;
    if (this.nBest < keep) this.nBest++;
  }

  /**
   * The neighbours of case i: instances whose distance, rounded to a multiple of 1/16, is ≤ maxd;
   * the 20 nearest, ties at the 20th place resolved in favour of the later instance (what a
   * brute-force scan in instance order that inserts each new instance ahead of equal ones keeps).
   * Instance `exclude` (if ≥ 0) is skipped. Writes distances and instance indices, nearest first,
   * into `outD`/`outJ`; returns the count.
   *
   * `neighbors` (K, 1..20; default 20) is how many neighbours the caller combines: the radius
   * shrinks to the K-th smallest distance found so far (for K = 1, the best distance), so only
   * the groups of equal distance up to and including the K-th neighbour's are returned. Those
   * groups, and whether at least ⌈K/2⌉ neighbours exist, are exactly what the full search gives
   * (the combination of §13.4 never reads beyond them); only the tail after them is left out.
   */
  search(cases: CaseColumns, i: number, maxd: number, outD: Float64Array, outJ: Int32Array, exclude = -1, neighbors = MAX_NEIGHBOURS_KEPT): number {
    if (!(Number.isInteger(neighbors) && neighbors >= 1 && neighbors <= MAX_NEIGHBOURS_KEPT)) {
      throw new RangeError(`NeighbourIndex.search: neighbors must be an integer in 1..${MAX_NEIGHBOURS_KEPT}, got ${neighbors}`);
    }
    this.keep = neighbors;
    this.nCand = 0;
    this.nBest = 0;
    if (this.nodeStart.length === 0) return 0;
    if (cases !== this.lastCases) {
      this.lastCases = cases;
      this.cf = cases.columns.map((c) => (c instanceof Float32Array ? c : new Float32Array(0)));
      this.ci = cases.columns.map((c) => (c instanceof Int32Array ? c : new Int32Array(0)));
    }
    const nc = this.contIdx.length;
    const x = this.qx, codes = this.qcodes;
    for (let c = 0; c < nc; c++) x[c] = this.cf[this.contIdx[c]][i];
    for (let k = 0; k < this.discIdx.length; k++) codes[k] = this.ci[this.discIdx[k]][i];
    // query values in attribute order, for the distance loop
    const qv = this.qv, kinds = this.kind, nAtt = this.nAtt;
    for (let a = 0; a < nAtt; a++) qv[a] = kinds[a] === 0 ? this.cf[a][i] : kinds[a] === 1 ? this.ci[a][i] : 0;
    // nearest-box-first depth-first search; a node is skipped when its lower bound exceeds the radius
    const stack = this.stackNode, stackBound = this.stackBound;
    let sp = 0;
    stack[sp] = 0; stackBound[sp++] = this.boundOf(0, x, codes);
    const margin = 1 / 32 + 1e-5; // rounding to 1/16 may lower a distance by up to 1/32; float32 terms by ~1e-7 each
    while (sp > 0) {
      sp--;
      const node = stack[sp];
      const bound = stackBound[sp];
      if (bound - margin > this.cutoff(maxd)) continue;
      const left = this.nodeLeft[node];
      if (left >= 0) {
        const right = this.nodeRight[node];
        const bl = this.boundOf(left, x, codes), br = this.boundOf(right, x, codes);
        if (bl <= br) { stack[sp] = right; stackBound[sp++] = br; stack[sp] = left; stackBound[sp++] = bl; }
        else { stack[sp] = left; stackBound[sp++] = bl; stack[sp] = right; stackBound[sp++] = br; }
        continue;
      }
      this.scanLeaf(node, qv, exclude, maxd, margin);
    }
    const lim = this.cutoff(maxd);
    // the candidates within the final radius, nearest first, ties by the later instance first
    let m = 0;
    const cd = this.candD, cj = this.candJ;
    for (let q = 0; q < this.nCand; q++) if (cd[q] <= lim) { cd[m] = cd[q]; cj[m] = cj[q]; m++; }
    for (let q = 1; q < m; q++) {
      const d = cd[q], j = cj[q];
      let r = q;
      while (r > 0 && (cd[r - 1] > d || (cd[r - 1] === d && cj[r - 1] < j))) { cd[r] = cd[r - 1]; cj[r] = cj[r - 1]; r--; }
      cd[r] = d; cj[r] = j;
    }
    const n = Math.min(MAX_NEIGHBOURS_KEPT, m);
    for (let q = 0; q < n; q++) { outD[q] = cd[q]; outJ[q] = cj[q]; }
    return n;
  }

  /** Distances from the query (values in `qv`) to a leaf's instances; candidates within the radius kept. */
  private scanLeaf(node: number, qv: Float64Array, exclude: number, maxd: number, margin: number): void {
    const kind = this.kind, scale = this.scale, instF = this.instF, instI = this.instI, nAtt = this.nAtt;
    for (let q = this.nodeStart[node], end = this.nodeEnd[node]; q < end; q++) {
      const j = this.order[q];
      if (j === exclude) continue;
      // partial sums only grow: stop once the distance cannot round into the radius
      const stop = this.cutoff(maxd) + margin;
      let d = 0;
      let a = 0;
      for (; a < nAtt; a++) {
        const k = kind[a];
        if (k === 0) {
          const diff = Math.fround(Math.abs(qv[a] - instF[a][j]));
          const t = diff / scale[a];
          d += t < 1 ? t : 1;
        } else if (k === 1) {
          if (qv[a] !== instI[a][j]) d += scale[a];
        } else continue;
        if (d > stop) break;
      }
      if (a < nAtt) continue;
      const r16 = 16 * Math.fround(d);
      const fl = Math.floor(r16);
      const dd = (r16 - fl === 0.5 ? (fl % 2 === 0 ? fl : fl + 1) : Math.round(r16)) / 16; // rint
      if (dd > this.cutoff(maxd)) continue;
      this.consider(dd, j);
    }
  }
}
