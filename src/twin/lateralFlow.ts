import { TOP_MM, DEEP_MM, type BucketParams, type BucketState } from "./soilWaterStep";

/** Static routing of {@link routeLateral} over n pixels (compact slots 0 … n−1). */
export interface LateralRouting {
  /** Slots from highest to lowest (each before the slot it drains to). */
  order: Int32Array;
  /** Slot each pixel drains to, −1 when the water leaves the cell (outlet or pit). */
  downstream: Int32Array;
  /** Local slope tan β. */
  tanBeta: Float32Array;
}

/** What {@link routeLateral} moved in one call, mm summed over pixels. */
export interface LateralFluxes { surfaceRunOn: number; interflow: number; leftCells: number }

/** Interflow coefficient: share of the root-zone water above field capacity that moves downslope per day on a steep (tan β ≫ 0.05) slope, relative to the drainage coefficient. */
export const INTERFLOW_RATE = 0.08;

/**
 * Moves water downslope within each 0.25° cell, one day, in place. In the order of the drainage network,
 * each pixel receives its upslope neighbours' outflow: surface water first tops up the root zone's room
 * from interflow, then infiltrates the top layer (up to half of it, within the layer's room to porosity); what
 * is not absorbed flows on. Its own outflow is its surface runoff of the day (infiltration and saturation
 * excess from the bucket) plus interflow = {@link INTERFLOW_RATE} · k_d · tan β / (tan β + 0.05) ·
 * (θ₂ − fc)₊ · 900 mm. Water reaching an outlet or pit leaves the cell (the cell's runoff).
 *
 * @param runoff surface runoff generated today per slot, mm (from {@link soilWaterStep})
 * @returns the day's totals (mm summed over pixels)
 * @example routeLateral(n, routing, params, state, runoff);
 */
export function routeLateral(n: number, routing: LateralRouting, p: BucketParams, s: BucketState, runoff: Float32Array, scratch?: { surf: Float64Array; sub: Float64Array }): LateralFluxes {
  const surf = scratch?.surf ?? new Float64Array(n), sub = scratch?.sub ?? new Float64Array(n);
  surf.fill(0); sub.fill(0);
  const { order, downstream, tanBeta } = routing;
  const { theta1, theta2 } = s;
  let runOn = 0, inter = 0, left = 0;
  for (let q = 0; q < n; q++) {
    const i = order[q];
    const phi = p.porosity[i], fc = p.fieldCapacity[i];
    let w1 = theta1[i] * TOP_MM, w2 = theta2[i] * DEEP_MM;
    // incoming interflow into the root zone, the rest surfaces
    let inSub = sub[i], inSurf = surf[i];
    const room2 = Math.max(0, phi * DEEP_MM - w2);
    const toRoot = Math.min(inSub, room2);
    w2 += toRoot; inSurf += inSub - toRoot;
    // run-on infiltration into the top layer
    const room1 = Math.max(0, phi * TOP_MM - w1);
    const infil = Math.min(0.5 * inSurf, room1);
    w1 += infil; inSurf -= infil;
    runOn += infil + toRoot;
    // own interflow
    const tb = tanBeta[i];
    const qi = INTERFLOW_RATE * p.drainage[i] * (tb / (tb + 0.05)) * Math.max(0, w2 / DEEP_MM - fc) * DEEP_MM;
    w2 -= qi;
    inter += qi;
    theta1[i] = w1 / TOP_MM; theta2[i] = w2 / DEEP_MM;
    const outSurf = inSurf + runoff[i];
    const j = downstream[i];
    if (j >= 0) { surf[j] += outSurf; sub[j] += qi; } else left += outSurf + qi;
  }
  return { surfaceRunOn: runOn, interflow: inter, leftCells: left };
}
