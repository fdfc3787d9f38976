/**
 * Order statistic by selection: the value that `values.slice().sort()[k]` would hold, in O(n)
 * expected time instead of a sort's O(n log n) (Hoare's selection with a median-of-three pivot).
 * `values` is reordered in place. Signed zeros come out as the sort orders them (−0 before +0),
 * so the result is bit-identical to the sorted array's.
 *
 * @param values finite numbers (NaN is not ordered by the comparisons; callers must not pass it)
 * @param k 0-based rank, 0 ≤ k < values.length
 * @throws RangeError when k is out of range
 * @example
 * kthSmallest(Float64Array.of(3, -1, 2, 0.5), 1); // 0.5
 */
export function kthSmallest(values: Float64Array, k: number): number {
  const n = values.length;
  if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`kthSmallest: k must be an integer in 0..${n - 1}, got ${k}`);
  let lo = 0, hi = n - 1;
  while (hi > lo) {
    // median of three as pivot, which also guards both inner scans
    const mid = (lo + hi) >> 1;
    if (values[mid] < values[lo]) swap(values, mid, lo);
    if (values[hi] < values[lo]) swap(values, hi, lo);
    if (values[hi] < values[mid]) swap(values, hi, mid);
    const pivot = values[mid];
    let i = lo, j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) { swap(values, i, j); i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break; // values[j+1..i-1] all equal the pivot
  }
  const v = values[k];
  if (v !== 0) return v;
  // a zero: −0 when the sort would place a −0 at rank k (negatives, then −0s, then +0s)
  let below = 0;
  for (let q = 0; q < n; q++) {
    const x = values[q];
    if (x < 0 || (x === 0 && Object.is(x, -0))) below++;
  }
  return k < below ? -0 : 0;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
