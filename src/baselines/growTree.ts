/** A binary regression tree in flat arrays; node 0 is the root, a leaf has feature −1. */
export interface TreeArrays {
  /** Split feature per node (index into the encoding's features), −1 for a leaf. */
  feature: Int32Array;
  /** Split threshold: a row goes left when feature value ≤ threshold (midpoint of two adjacent training values). */
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Mean target of the node's training rows (the prediction at a leaf). */
  value: Float64Array;
  /** Training rows in the node (bootstrap duplicates counted). */
  count: Int32Array;
  /** Depth of the deepest leaf (root = 0). */
  depth: number;
}

/** Settings of {@link growTree} (validated by the callers). */
export interface GrowTreeSettings {
  minLeaf: number;
  maxDepth: number;
  /** Features tried at each split (all when ≥ the feature count). */
  featuresPerSplit: number;
  /** Uniform [0, 1) generator for feature subsampling (needed when featuresPerSplit < features). */
  random?: () => number;
}

/**
 * Grows a CART regression tree greedily: at each node, over the (sampled) features in index order and the cuts
 * between adjacent distinct values in ascending order, the split maximising the variance reduction
 * SL²/nL + SR²/nR − S²/n (S = sum of targets) with at least `minLeaf` rows each side; the first best wins ties.
 * A node stays a leaf at `maxDepth`, with fewer than 2·minLeaf rows, or when no split reduces the squared error.
 * Node sums run in ascending row-position order (the python reference in test/fixtures/baselines does the same).
 *
 * @param x row-major features of the sample (nRows × nFeatures); rows are `sample` positions' rows
 * @param y targets, indexed like the rows of x
 * @param sample rows of x forming the training sample (duplicates allowed: a bootstrap)
 */
export function growTree(x: Float64Array, nFeatures: number, y: Float64Array, sample: Int32Array, settings: GrowTreeSettings): TreeArrays {
  const m = sample.length;
  const p = nFeatures;
  const yv = Float64Array.from(sample, (r) => y[r]);
  const xv: Float64Array[] = [];
  for (let f = 0; f < p; f++) xv.push(Float64Array.from(sample, (r) => x[r * p + f]));
  // Per feature, positions sorted by value (ties by position); plus positions in ascending order.
  const sorted: Int32Array[] = [];
  for (let f = 0; f < p; f++) {
    const v = xv[f];
    const idx = Array.from({ length: m }, (_, i) => i).sort((a, b) => v[a] - v[b] || a - b);
    sorted.push(Int32Array.from(idx));
  }
  const ascending = Int32Array.from({ length: m }, (_, i) => i);
  const feature: number[] = [], threshold: number[] = [], left: number[] = [], right: number[] = [], value: number[] = [], count: number[] = [];
  const goesLeft = new Uint8Array(m);
  const candidates = Int32Array.from({ length: p }, (_, i) => i);
  let deepest = 0;
  const { minLeaf, maxDepth } = settings;
  const k = Math.min(settings.featuresPerSplit, p);

  const grow = (order: Int32Array[], asc: Int32Array, depth: number): number => {
    const id = feature.length;
    const n = asc.length;
    let s = 0;
    for (let i = 0; i < n; i++) s += yv[asc[i]];
    feature.push(-1); threshold.push(NaN); left.push(-1); right.push(-1); value.push(s / n); count.push(n);
    deepest = Math.max(deepest, depth);
    if (depth >= maxDepth || n < 2 * minLeaf) return id;
    const parent = (s * s) / n;
    let best = parent, bestF = -1, bestT = NaN;
    let tried: Int32Array = candidates;
    if (k < p) {
      // Partial Fisher–Yates: the first k entries are a uniform sample; tried in ascending feature order.
      for (let i = 0; i < k; i++) {
        const j = i + Math.floor(settings.random!() * (p - i));
        const t = candidates[i]; candidates[i] = candidates[j]; candidates[j] = t;
      }
      tried = candidates.slice(0, k).sort();
    }
    for (const f of tried) {
      const ord = order[f];
      const v = xv[f];
      let sl = 0;
      for (let i = 0; i < n - minLeaf; i++) {
        sl += yv[ord[i]];
        const nl = i + 1;
        if (nl < minLeaf) continue;
        const a = v[ord[i]], b = v[ord[i + 1]];
        if (!(a < b)) continue;
        const sr = s - sl;
        const score = (sl * sl) / nl + (sr * sr) / (n - nl);
        if (score > best) { best = score; bestF = f; bestT = a + (b - a) / 2; }
      }
    }
    // A gain at rounding level is no split (constant targets give score ≈ parent).
    if (bestF < 0 || best - parent <= 1e-12 * Math.abs(parent)) return id;
    const vb = xv[bestF];
    let nl = 0;
    for (let i = 0; i < n; i++) { const q = asc[i]; goesLeft[q] = vb[q] <= bestT ? 1 : 0; nl += goesLeft[q]; }
    const split = (list: Int32Array): [Int32Array, Int32Array] => {
      const l = new Int32Array(nl), r = new Int32Array(n - nl);
      let a = 0, b = 0;
      for (let i = 0; i < n; i++) { const q = list[i]; if (goesLeft[q]) l[a++] = q; else r[b++] = q; }
      return [l, r];
    };
    const parts = order.map(split);
    const [al, ar] = split(asc);
    feature[id] = bestF; threshold[id] = bestT;
    const lo = parts.map((x2) => x2[0]), ro = parts.map((x2) => x2[1]);
    parts.length = 0;
    left[id] = grow(lo, al, depth + 1);
    right[id] = grow(ro, ar, depth + 1);
    return id;
  };
  grow(sorted, ascending, 0);
  return {
    feature: Int32Array.from(feature), threshold: Float64Array.from(threshold), left: Int32Array.from(left), right: Int32Array.from(right),
    value: Float64Array.from(value), count: Int32Array.from(count), depth: deepest,
  };
}

/** The leaf value a tree gives one row of row-major features (`x[offset + f]`). */
export function treeValue(tree: TreeArrays, x: Float64Array, offset: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) node = x[offset + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  return tree.value[node];
}
