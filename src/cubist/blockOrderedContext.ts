/**
 * After growing, every tree node's cases are a contiguous block `order[fp..lp]` of the case
 * order. The later stages (node models §6, smoothing and pruning §7) make many passes over node
 * blocks in that order; reading `x[order[p]]` from the case-order columns jumps around memory
 * and, with millions of cases, most reads miss the cache. This copies the target, weights and
 * attribute columns once into block order, so that position p of the copy is case order[p] and
 * every block is a contiguous slice read front to back.
 *
 * The passes see the same values in the same order, so every sum is bit-identical to the
 * case-order formulation.
 */
import type { ModelContext } from "./linearModel";
import type { TrainingData } from "./trainingData";

/** A model context whose arrays are in block order, and the identity order over it. */
export interface BlockOrdered<C extends ModelContext> {
  /** `ctx` with data columns, target and weights permuted to block order. */
  ctx: C;
  /** 0..n−1: position p of the permuted arrays is position p of the block order. */
  order: Int32Array;
}

function permuteFloat(src: Float32Array, order: Int32Array): Float32Array {
  const out = new Float32Array(order.length);
  for (let p = 0; p < order.length; p++) out[p] = src[order[p]];
  return out;
}

function permuteInt(src: Int32Array, order: Int32Array): Int32Array {
  const out = new Int32Array(order.length);
  for (let p = 0; p < order.length; p++) out[p] = src[order[p]];
  return out;
}

/**
 * Copies `ctx`'s target, weights and data columns into the block order `order` (a permutation
 * of 0..n−1). Attribute statistics and value lists are shared, not copied.
 */
export function blockOrderedContext<C extends ModelContext>(ctx: C, order: Int32Array): BlockOrdered<C> {
  const data = ctx.data;
  const permuted: TrainingData = {
    ...data,
    cont: data.cont.map((c) => (c ? permuteFloat(c, order) : null)),
    disc: data.disc.map((d) => (d ? permuteInt(d, order) : null)),
    weight: data.weight ? permuteFloat(data.weight, order) : null,
  };
  const identity = new Int32Array(order.length);
  for (let p = 0; p < identity.length; p++) identity[p] = p;
  return {
    ctx: { ...ctx, data: permuted, y: permuteFloat(ctx.y, order), w: ctx.w ? permuteFloat(ctx.w, order) : null },
    order: identity,
  };
}
