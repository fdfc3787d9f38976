import type { KernelSpec } from "./kernelSpec";

/** An instantiated apply kernel (see {@link applyKernel}). */
export interface ApplyKernel {
  /** The spec it was built from (post it to a worker to build the same kernel there). */
  spec: KernelSpec;
  /**
   * Predicts `n` pixels: `columns[a]` is the model attribute a's column (Float32Array for continuous attributes,
   * NaN = missing → the training mean; Int32Array of codes into `spec.valueLists[name]` for discrete ones, −2 =
   * missing → the mode, −1 = unseen → NaN), each at least n long; writes `out[0..n)`.
   * @returns the number of pixels set to NaN because of an unseen discrete value
   * @throws RangeError naming the column for a discrete code outside −2..(values − 1)
   * @throws TypeError naming the column (WebAssembly kernel) when a column is not a Float32Array / Int32Array
   */
  apply(columns: ArrayLike<number>[], out: Float32Array, n: number): number;
}

/**
 * Instantiates a {@link KernelSpec} (here or in a worker thread: the spec is plain data): the generated source is
 * compiled once with `new Function`, its scratch arrays are allocated once (one block long), so `apply` allocates
 * nothing. Not reentrant: one kernel per thread.
 *
 * @param spec from `compileKernelSpec(model)`
 * @returns the kernel
 * @throws TypeError when `spec` is not a kernel spec
 * @example
 * const k = applyKernel(compileKernelSpec(model));
 * const out = new Float32Array(n);
 * k.apply([lst, ndvi, dem, amsr2, ascat, landcoverCodes], out, n);
 */
export function applyKernel(spec: KernelSpec): ApplyKernel {
  if (!spec || typeof spec.source !== "string" || !Array.isArray(spec.tables)) throw new TypeError("applyKernel: spec must come from compileKernelSpec");
  const run = new Function("T", spec.source)(spec.tables) as (c: ArrayLike<number>[], o: Float32Array, n: number) => number;
  const na = spec.attributes.length;
  return {
    spec,
    apply(columns, out, n) {
      if (!Array.isArray(columns) || columns.length !== na) {
        throw new RangeError(`apply kernel: columns must be ${na} arrays (${spec.attributes.join(", ")}), got ${Array.isArray(columns) ? columns.length : typeof columns}`);
      }
      if (!Number.isInteger(n) || n < 0 || out.length < n) throw new RangeError(`apply kernel: n = ${n} must be an integer in 0..out.length (${out.length})`);
      columns.forEach((c, a) => {
        if (!c || c.length < n) throw new RangeError(`apply kernel: column '${spec.attributes[a]}' has ${c ? c.length : 0} values, expected at least n = ${n}`);
      });
      return run(columns, out, n);
    },
  };
}
