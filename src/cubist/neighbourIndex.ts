import type { CaseColumns } from "./caseColumns";
import type { CubistModel } from "./model";

/** Maximum number of neighbours kept per case (Cubist's MAXN). */
export const MAX_NEIGHBOURS_KEPT = 20;

/**
 * How each attribute enters the neighbour distance (algorithm description §13.1): `kind` 0 =
 * continuous (`min(1, |x1 − x2| / scale)`, scale = 5·sd as float32), 1 = unordered discrete
 * (`scale` = 2/k when the values differ), 2 = ignored (ordered discrete, skipped attributes).
 */
export interface NeighbourSpace {
  kind: Uint8Array;
  scale: Float64Array;
}

/** The distance space of a model's attributes (in model attribute order). */
export function neighbourSpace(model: CubistModel): NeighbourSpace {
  const n = model.attributes.length;
  const kind = new Uint8Array(n), scale = new Float64Array(n);
  model.attributes.forEach((att, a) => {
    if (att.kind === "continuous") { kind[a] = 0; scale[a] = 5 * Math.fround(att.sd); }
    else if (att.ordered) kind[a] = 2;
    else { kind[a] = 1; scale[a] = 2 / att.values.length; }
  });
  return { kind, scale };
}

/** rint(16·float32(d))/16: Cubist's rounding of neighbour distances (round half to even). */
export function roundDistance(d: number): number {
  const r16 = 16 * Math.fround(d);
  const fl = Math.floor(r16);
  const diff = r16 - fl;
  return (diff === 0.5 ? (fl % 2 === 0 ? fl : fl + 1) : diff < 0.5 ? fl : fl + 1) / 16;
}

const LEAF = -1;
// search stack frame kinds
const VISIT = 0, FAR = 1, NEXT_VALUE = 2, RESTORE = 3;

/** Σ col[order[q]] for q in start..end−1 (in that order). */
function runSum(col: Float32Array, order: Int32Array, start: number, end: number): number {
  let s = 0;
  for (let q = start; q < end; q++) s += col[order[q]];
  return s;
}

/** Σ |col[order[q]] − mean| for q in start..end−1 (in that order). */
function absDeviationSum(col: Float32Array, order: Int32Array, start: number, end: number, mean: number): number {
  let dev = 0;
  for (let q = start; q < end; q++) dev += Math.abs(col[order[q]] - mean);
  return dev;
}

/** Swaps the instances with a value ≤ cut to the front of start..end−1 (one forward pass); returns the first position past them. */
function partitionAtCut(col: Float32Array, order: Int32Array, start: number, end: number, cut: number): number {
  let k = start;
  for (let q = start; q < end; q++) {
    const j = order[q];
    if (col[j] <= cut) { order[q] = order[k]; order[k] = j; k++; }
  }
  return k;
}

/** Swaps the instances with value v to the front of from..end−1 (one forward pass); returns the first position past them. */
function gatherValue(col: Int32Array, order: Int32Array, from: number, end: number, v: number): number {
  let k = from;
  for (let q = from; q < end; q++) {
    const j = order[q];
    if (col[j] === v) { order[q] = order[k]; order[k] = j; k++; }
  }
  return k;
}

/**
 * Counts of a discrete attribute's codes over a run of instances: a dense table over the
 * column's code range (a Map when the range is wide), with the codes listed in order of first
 * appearance so that sums over the counts keep one order.
 */
class ValueCounter {
  private readonly lo: Int32Array;
  private readonly dense: (Int32Array | null)[];
  private readonly seen: Int32Array;
  private readonly map = new Map<number, number>();

  constructor(private readonly cols: Int32Array[], kind: Uint8Array, n: number) {
    const columns = cols;
    this.lo = new Int32Array(columns.length);
    this.dense = columns.map((col, a) => {
      if (kind[a] !== 1 || n === 0) return null;
      let lo = col[0], hi = col[0];
      for (let j = 1; j < n; j++) { const v = col[j]; if (v < lo) lo = v; else if (v > hi) hi = v; }
      this.lo[a] = lo;
      return hi - lo < 1 << 20 ? new Int32Array(hi - lo + 1) : null;
    });
    this.seen = new Int32Array(n);
  }

  /** Gathers the distinct codes of attribute a over order[start..end−1] into `seen` (first-appearance order) with their counts; returns how many. */
  private gather(a: number, col: Int32Array, order: Int32Array, start: number, end: number): number {
    const dense = this.dense[a], seen = this.seen;
    let m = 0;
    if (dense) {
      const lo = this.lo[a];
      for (let q = start; q < end; q++) {
        const v = col[order[q]] - lo;
        if (dense[v]++ === 0) seen[m++] = v + lo;
      }
    } else {
      const map = this.map;
      map.clear();
      for (let q = start; q < end; q++) {
        const v = col[order[q]];
        const c = map.get(v);
        if (c === undefined) { map.set(v, 1); seen[m++] = v; } else map.set(v, c + 1);
      }
    }
    return m;
  }

  private count(a: number, v: number): number {
    const dense = this.dense[a];
    return dense ? dense[v - this.lo[a]] : (this.map.get(v) as number);
  }

  private reset(a: number, m: number): void {
    const dense = this.dense[a];
    if (dense) for (let r = 0; r < m; r++) dense[this.seen[r] - this.lo[a]] = 0;
  }

  /** Σ (count/size)² over the codes present, summed in order of first appearance. */
  sumSquaredShares(a: number, order: Int32Array, start: number, end: number): number {
    const col = this.colOf(a);
    const m = this.gather(a, col, order, start, end);
    const size = end - start;
    let same = 0;
    for (let r = 0; r < m; r++) { const c = this.count(a, this.seen[r]); same += (c / size) * (c / size); }
    this.reset(a, m);
    return same;
  }

  /** The distinct codes present, ascending. */
  sortedValues(a: number, order: Int32Array, start: number, end: number): Int32Array {
    const m = this.gather(a, this.colOf(a), order, start, end);
    this.reset(a, m);
    return this.seen.slice(0, m).sort();
  }

  private colOf(a: number): Int32Array { return this.cols[a]; }
}

/**
 * RuleQuest Cubist's KD-tree over the training instances and its neighbour search, replicated
 * so that the neighbours found are the reference's — including which instances of a group of
 * equal distances survive past the 20th place, and the instances its approximate pruning never
 * examines (reconstructed by differential runs of the C program; DESIGN.md "Neighbours").
 *
 * Building (instances in the order given, reordered in place): a node with one instance, or
 * whose instances are all equal, is a leaf. Otherwise it splits on the attribute with the
 * largest expected distance — continuous: the mean absolute deviation from the node's mean over
 * the scale; discrete: (1 − Σ p²)·2/k over the node's value frequencies; the first attribute
 * wins ties — continuous at the mean (values ≤ mean swapped to the front, in one forward pass),
 * discrete into one branch per value present (in value order, each gathered to the front by a
 * forward pass).
 *
 * Searching: depth first, the branch holding the query first. A far branch is entered when its
 * bound — the sum over attributes of the largest uncapped gap `|q − cut| / scale` met on the way
 * (discrete: the scale), rounded to a multiple of 1/16 — is ≤ the radius: MAXD while fewer than
 * K neighbours are held, else the K-th smallest distance held. Each instance examined whose
 * rounded distance is ≤ the radius is inserted ahead of any equal distances; at most 20 are kept.
 * The bound is not capped at 1 per attribute as the distance is, so instances whose capped
 * distance is small enough can be missed: that is the reference's behaviour, kept on purpose.
 */
export class NeighbourIndex {
  private readonly nAtt: number;
  private readonly kind: Uint8Array;
  private readonly scale: Float64Array;
  private readonly instF: Float32Array[];
  private readonly instI: Int32Array[];
  /** Instances in the tree's order (leaves are contiguous runs). */
  private readonly order: Int32Array;
  // nodes (flat): split attribute (LEAF for leaves), continuous cut, children, leaf run
  private nodeAtt: Int32Array = new Int32Array(0);
  private nodeCut: Float64Array = new Float64Array(0);
  private nodeA: Int32Array = new Int32Array(0); // leaf: start; continuous: left child; discrete: first entry in kids
  private nodeB: Int32Array = new Int32Array(0); // leaf: end; continuous: right child; discrete: entry count
  private kidValue: Int32Array = new Int32Array(0);
  private kidNode: Int32Array = new Int32Array(0);
  // search state
  private readonly bestD = new Float64Array(MAX_NEIGHBOURS_KEPT);
  private readonly bestJ = new Int32Array(MAX_NEIGHBOURS_KEPT);
  private nBest = 0;
  private K = MAX_NEIGHBOURS_KEPT;
  private maxd = 0;
  private exclude = -1;
  private readonly qv: Float64Array;
  private readonly gaps: Float64Array;
  private stackKind = new Int32Array(0);
  private stackNode = new Int32Array(0);
  private stackAux = new Float64Array(0);
  private lastCases: CaseColumns | null = null;
  private cf: Float32Array[] = [];
  private ci: Int32Array[] = [];

  /** Builds the index over resolved instance columns (same value coding as the cases searched). */
  constructor(model: CubistModel, instances: CaseColumns);
  /** Builds the index over columns in a given distance space (one column per attribute of the space). */
  constructor(space: NeighbourSpace, columns: (Float32Array | Int32Array | null)[], nRows: number);
  constructor(a: CubistModel | NeighbourSpace, b: CaseColumns | (Float32Array | Int32Array | null)[], c?: number) {
    let space: NeighbourSpace, columns: (Float32Array | Int32Array | null)[], n: number;
    if ("attributes" in a) { space = neighbourSpace(a); columns = (b as CaseColumns).columns; n = (b as CaseColumns).nRows; }
    else { space = a; columns = b as (Float32Array | Int32Array | null)[]; n = c as number; }
    this.nAtt = space.kind.length;
    this.kind = space.kind;
    this.scale = space.scale;
    this.instF = columns.map((col, k) => (this.kind[k] === 0 && col instanceof Float32Array ? col : new Float32Array(0)));
    this.instI = columns.map((col, k) => (this.kind[k] === 1 && col instanceof Int32Array ? col : new Int32Array(0)));
    this.order = new Int32Array(n);
    for (let j = 0; j < n; j++) this.order[j] = j;
    this.qv = new Float64Array(this.nAtt);
    this.gaps = new Float64Array(this.nAtt);
    if (n > 0) this.build(n);
  }

  /** The instances in the tree's order (Cubist's instance array after building; MAXD samples it). */
  instanceOrder(): Int32Array {
    return this.order;
  }

  private build(n: number): void {
    // every split has ≥ 2 non-empty children, so a tree over n instances has < 2n nodes and < 2n child entries
    const cap = 2 * n;
    const att = new Int32Array(cap).fill(LEAF), cut = new Float64Array(cap), na = new Int32Array(cap), nb = new Int32Array(cap);
    const kv = new Int32Array(cap), kn = new Int32Array(cap);
    let nNodes = 0, nKids = 0, maxDepth = 0;
    const depth = new Int32Array(cap);
    const order = this.order, kind = this.kind, scale = this.scale, nAtt = this.nAtt;
    const counter = new ValueCounter(this.instI, kind, n);
    // explicit work stack of (node id, start, end); children are filled when the node is processed
    const work = new Int32Array(3 * cap);
    let wp = 0;
    work[wp++] = nNodes++; work[wp++] = 0; work[wp++] = n;
    while (wp > 0) {
      const end = work[--wp], start = work[--wp], id = work[--wp];
      const size = end - start;
      if (depth[id] > maxDepth) maxDepth = depth[id];
      let bestA = -1, bestE = 0, bestCut = 0;
      if (size > 1) {
        for (let a = 0; a < nAtt; a++) {
          const k = kind[a];
          let e = 0, mean = 0;
          if (k === 0) {
            const col = this.instF[a];
            mean = runSum(col, order, start, end) / size;
            e = absDeviationSum(col, order, start, end, mean) / size / scale[a];
          } else if (k === 1) {
            e = (1 - counter.sumSquaredShares(a, order, start, end)) * scale[a];
          } else continue;
          if (e > bestE) { bestE = e; bestA = a; bestCut = mean; }
        }
      }
      if (bestA < 0) { na[id] = start; nb[id] = end; continue; }
      if (kind[bestA] === 0) {
        const k = partitionAtCut(this.instF[bestA], order, start, end, bestCut);
        if (k === start || k === end) { na[id] = start; nb[id] = end; continue; } // rounding of the mean: no real split
        att[id] = bestA; cut[id] = bestCut;
        const left = nNodes++, right = nNodes++;
        na[id] = left; nb[id] = right;
        depth[left] = depth[right] = depth[id] + 1;
        work[wp++] = right; work[wp++] = k; work[wp++] = end;
        work[wp++] = left; work[wp++] = start; work[wp++] = k;
      } else {
        const col = this.instI[bestA];
        const values = counter.sortedValues(bestA, order, start, end);
        att[id] = bestA;
        na[id] = nKids; nb[id] = values.length;
        let k = start;
        for (let r = 0; r < values.length; r++) {
          const s0 = k;
          k = gatherValue(col, order, k, end, values[r]);
          const child = nNodes++;
          depth[child] = depth[id] + 1;
          kv[nKids] = values[r]; kn[nKids] = child; nKids++;
          // runs are pushed in value order (the last value's child is processed first, as before)
          work[wp++] = child; work[wp++] = s0; work[wp++] = k;
        }
      }
    }
    const frames = 2 * maxDepth + 4;
    this.stackKind = new Int32Array(frames);
    this.stackNode = new Int32Array(frames);
    this.stackAux = new Float64Array(frames);
    this.nodeAtt = att.slice(0, nNodes);
    this.nodeCut = cut.slice(0, nNodes);
    this.nodeA = na.slice(0, nNodes);
    this.nodeB = nb.slice(0, nNodes);
    this.kidValue = kv.slice(0, nKids);
    this.kidNode = kn.slice(0, nKids);
  }

  /** Cubist's distance between case i of `cases` and instance j (double sum in attribute order, as float32). */
  distance(cases: CaseColumns, i: number, j: number): number {
    let d = 0;
    for (let a = 0; a < this.nAtt; a++) {
      const k = this.kind[a];
      if (k === 0) {
        const diff = Math.fround(Math.abs((cases.columns[a] as Float32Array)[i] - this.instF[a][j]));
        const t = diff / this.scale[a];
        d += t < 1 ? t : 1;
      } else if (k === 1) {
        if ((cases.columns[a] as Int32Array)[i] !== this.instI[a][j]) d += this.scale[a];
      }
    }
    return Math.fround(d);
  }

  /** Distance between instances j1 and j2 of the index (as {@link distance}). */
  instanceDistance(j1: number, j2: number): number {
    let d = 0;
    for (let a = 0; a < this.nAtt; a++) {
      const k = this.kind[a];
      if (k === 0) {
        const x = this.instF[a];
        const diff = Math.fround(Math.abs(x[j1] - x[j2]));
        const t = diff / this.scale[a];
        d += t < 1 ? t : 1;
      } else if (k === 1) {
        if (this.instI[a][j1] !== this.instI[a][j2]) d += this.scale[a];
      }
    }
    return Math.fround(d);
  }

  private radius(): number {
    return this.nBest < this.K ? this.maxd : this.bestD[this.K - 1];
  }

  /**
   * The neighbours of case i as RuleQuest Cubist finds them (see the class comment): at most 20,
   * nearest first, equal distances with the later-examined instance first. Instance `exclude`
   * (if ≥ 0) is skipped. `neighbors` (K, 1..20; default 20) is how many the caller combines: it
   * sets the search radius. Writes rounded distances and instance indices into `outD`/`outJ`;
   * returns the count.
   */
  search(cases: CaseColumns, i: number, maxd: number, outD: Float64Array, outJ: Int32Array, exclude = -1, neighbors = MAX_NEIGHBOURS_KEPT): number {
    if (!(Number.isInteger(neighbors) && neighbors >= 1 && neighbors <= MAX_NEIGHBOURS_KEPT)) {
      throw new RangeError(`NeighbourIndex.search: neighbors must be an integer in 1..${MAX_NEIGHBOURS_KEPT}, got ${neighbors}`);
    }
    this.K = neighbors;
    this.maxd = maxd;
    const K = neighbors;
    this.exclude = exclude;
    this.nBest = 0;
    if (this.nodeAtt.length === 0) return 0;
    if (cases !== this.lastCases) {
      this.lastCases = cases;
      this.cf = cases.columns.map((c) => (c instanceof Float32Array ? c : new Float32Array(0)));
      this.ci = cases.columns.map((c) => (c instanceof Int32Array ? c : new Int32Array(0)));
    }
    const qv = this.qv, kinds = this.kind, nAtt = this.nAtt;
    for (let a = 0; a < nAtt; a++) qv[a] = kinds[a] === 0 ? this.cf[a][i] : kinds[a] === 1 ? this.ci[a][i] : 0;
    this.gaps.fill(0);
    const nodeAtt = this.nodeAtt, nodeA = this.nodeA, nodeB = this.nodeB, nodeCut = this.nodeCut;
    const kidValue = this.kidValue, kidNode = this.kidNode, scale = this.scale, gaps = this.gaps;
    const sKind = this.stackKind, sNode = this.stackNode, sAux = this.stackAux, bestD = this.bestD;
    // A frame is pushed per level on the way down (FAR or NEXT_VALUE) and replaced by at most two
    // (RESTORE, or NEXT_VALUE + RESTORE) when a far branch is entered: the stack never exceeds
    // 2·depth + 2 frames (sized at build). Visiting a node walks straight down its near branches.
    let sp = 0, node = 0, descend = true;
    for (;;) {
      if (descend) {
        for (;;) {
          const a = nodeAtt[node];
          if (a === LEAF) { this.scanLeaf(nodeA[node], nodeB[node]); break; }
          if (kinds[a] === 0) {
            sKind[sp] = FAR; sNode[sp] = node; sp++;
            node = qv[a] <= nodeCut[node] ? nodeA[node] : nodeB[node];
          } else {
            sKind[sp] = NEXT_VALUE; sNode[sp] = node; sAux[sp] = 0; sp++;
            const first = nodeA[node], last = first + nodeB[node], v = qv[a];
            let next = -1;
            for (let e = first; e < last; e++) if (kidValue[e] === v) { next = kidNode[e]; break; }
            if (next < 0) break;
            node = next;
          }
        }
        descend = false;
      }
      if (sp === 0) break;
      sp--;
      const fk = sKind[sp], at = sNode[sp];
      if (fk === RESTORE) { gaps[at] = sAux[sp]; continue; }
      const a = nodeAtt[at];
      if (fk === FAR) {
        const gap = Math.abs(qv[a] - nodeCut[at]) / scale[a];
        const old = gaps[a];
        if (gap > old) gaps[a] = gap;
        let sum = 0;
        for (let g = 0; g < nAtt; g++) sum += gaps[g];
        if (roundDistance(sum) <= (this.nBest < K ? maxd : bestD[K - 1])) {
          sKind[sp] = RESTORE; sNode[sp] = a; sAux[sp] = old; sp++;
          node = qv[a] <= nodeCut[at] ? nodeB[at] : nodeA[at];
          descend = true;
        } else gaps[a] = old;
      } else {
        // NEXT_VALUE: the next branch (from entry aux on) of another value whose bound admits it
        const first = nodeA[at], count = nodeB[at], v = qv[a];
        const aux = sAux[sp];
        const old = gaps[a];
        gaps[a] = scale[a];
        let sum = 0;
        for (let g = 0; g < nAtt; g++) sum += gaps[g];
        const bnd = roundDistance(sum);
        for (let e = first + aux; e < first + count; e++) {
          if (kidValue[e] === v) continue;
          if (bnd <= (this.nBest < K ? maxd : bestD[K - 1])) {
            sKind[sp] = NEXT_VALUE; sNode[sp] = at; sAux[sp] = e - first + 1; sp++;
            sKind[sp] = RESTORE; sNode[sp] = a; sAux[sp] = old; sp++;
            node = kidNode[e];
            descend = true;
            break;
          }
        }
        if (!descend) gaps[a] = old;
      }
    }
    const n = this.nBest;
    for (let q = 0; q < n; q++) { outD[q] = this.bestD[q]; outJ[q] = this.bestJ[q]; }
    return n;
  }

  /** Examines the instances of a leaf run, in tree order. */
  private scanLeaf(start: number, end: number): void {
    const kind = this.kind, scale = this.scale, instF = this.instF, instI = this.instI, nAtt = this.nAtt, qv = this.qv;
    const bestD = this.bestD, bestJ = this.bestJ;
    for (let q = start; q < end; q++) {
      const j = this.order[q];
      if (j === this.exclude) continue;
      const r = this.radius();
      // partial sums only grow: stop once the distance cannot round into the radius
      const stop = r + 1 / 32 + 1e-6;
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
      const dd = roundDistance(d);
      if (dd > r) continue;
      // insert ahead of equal distances; the 21st falls off
      let p = this.nBest < MAX_NEIGHBOURS_KEPT ? this.nBest : MAX_NEIGHBOURS_KEPT - 1;
      if (this.nBest === MAX_NEIGHBOURS_KEPT && dd > bestD[p]) continue;
      while (p > 0 && bestD[p - 1] >= dd) { bestD[p] = bestD[p - 1]; bestJ[p] = bestJ[p - 1]; p--; }
      bestD[p] = dd; bestJ[p] = j;
      if (this.nBest < MAX_NEIGHBOURS_KEPT) this.nBest++;
    }
  }
}
