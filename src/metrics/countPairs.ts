/**
 * Number of jointly valid pairs (both values finite).
 *
 * @param pred prediction series
 * @param ref reference series, same length
 * @param options `{}` (reserved)
 * @returns the pair count n
 * @throws RangeError when the lengths differ
 * @example
 * countPairs([1, NaN, 3], [1, 2, Infinity]); // 1
 */
export function countPairs(pred: ArrayLike<number>, ref: ArrayLike<number>, options: Record<string, never> = {}): number {
  void options;
  if (pred.length !== ref.length) throw new RangeError(`countPairs: pred and ref must have the same length, got ${pred.length} and ${ref.length}`);
  let n = 0;
  for (let i = 0; i < pred.length; i++) if (Number.isFinite(pred[i]) && Number.isFinite(ref[i])) n++;
  return n;
}
