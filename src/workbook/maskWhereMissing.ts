/** Options of {@link maskWhereMissing}. */
export interface MaskWhereMissingOptions {
  /** The array whose non-finite entries (NaN: cloud gaps) are copied onto `values`; same length. */
  like: ArrayLike<number>;
}

/**
 * A float32 copy of `values` with NaN wherever `options.like` is not finite — e.g. GLDAS-at-1 km restricted to
 * the pixel-days where the downscaled product has a value, so both are compared on the same (clear) days.
 * One typed-array pass (no per-element callbacks), suitable for [day][pixel] cubes of 10⁷–10⁸ values.
 *
 * @param values the values to mask (not modified)
 * @param options `like` (required)
 * @returns a new Float32Array and the number of values it masked that were finite before
 * @throws RangeError when `like` is missing or its length differs from `values`
 * @example
 * const r = maskWhereMissing([1, 2, 3], { like: [0.1, NaN, 0.3] });
 * Array.from(r.values); // [1, NaN, 3]; r.masked; // 1
 */
export function maskWhereMissing(values: ArrayLike<number>, options: MaskWhereMissingOptions): { values: Float32Array; masked: number } {
  const like = options?.like;
  if (!like || like.length !== values.length) throw new RangeError(`maskWhereMissing: options.like must have ${values.length} values (as values), got ${like ? like.length : "none"}`);
  const out = new Float32Array(values.length);
  let masked = 0;
  for (let i = 0; i < out.length; i++) {
    const w = like[i];
    if (w - w === 0) out[i] = values[i];
    else {
      out[i] = NaN;
      if (values[i] - values[i] === 0) masked++;
    }
  }
  return { values: out, masked };
}
