import type { CubistModel } from "./model";
import { ruleLimits } from "./model";

/**
 * A rule in evaluation form: conditions and linear terms referring to attribute positions, with
 * float32 cuts and the prediction limits [LoLim, HiLim] precomputed (§9.4, §12.1).
 */
export interface CompiledRule {
  member: number;
  /** Index of the rule within its member. */
  rule: number;
  /** Index in the flattened (member-major) rule list. */
  global: number;
  /** Continuous conditions: attribute position, float32 cut, 0 for `<=`, 1 for `>`, 2 for N/A (never true). */
  contAttr: Int32Array; contCut: Float32Array; contOp: Uint8Array;
  /** Discrete conditions: attribute position and the attribute-level value names allowed. */
  discAttr: Int32Array; discValues: string[][];
  /** Linear model. */
  intercept: number; termAttr: Int32Array; termCoef: Float64Array;
  loLim: number; hiLim: number;
}

/**
 * Turns the first `nMembers` committee members of a model into {@link CompiledRule}s.
 * @throws Error when a rule refers to an attribute the model does not declare.
 */
export function compileRules(model: CubistModel, nMembers: number): CompiledRule[][] {
  const pos = new Map<string, number>();
  model.attributes.forEach((a, i) => pos.set(a.name, i));
  const at = (name: string): number => {
    const p = pos.get(name);
    if (p === undefined) throw new Error(`model: a rule refers to attribute '${name}', which the model does not declare`);
    return p;
  };
  let global = 0;
  const out: CompiledRule[][] = [];
  for (let m = 0; m < nMembers; m++) {
    const rs: CompiledRule[] = [];
    model.committees[m].rules.forEach((r, ri) => {
      const contAttr: number[] = [], contCut: number[] = [], contOp: number[] = [];
      const discAttr: number[] = [], discValues: string[][] = [];
      for (const c of r.conditions) {
        if (c.type === "threshold") { contAttr.push(at(c.attribute)); contCut.push(c.cut); contOp.push(c.op === "<=" ? 0 : 1); }
        else if (c.type === "notApplicable") { contAttr.push(at(c.attribute)); contCut.push(0); contOp.push(2); }
        else if (c.type === "equals") { discAttr.push(at(c.attribute)); discValues.push([c.value]); }
        else { discAttr.push(at(c.attribute)); discValues.push(c.values); }
      }
      const [loLim, hiLim] = ruleLimits(r, model.options.extrapolation);
      rs.push({
        member: m, rule: ri, global: global++,
        contAttr: Int32Array.from(contAttr), contCut: Float32Array.from(contCut), contOp: Uint8Array.from(contOp),
        discAttr: Int32Array.from(discAttr), discValues,
        intercept: r.intercept,
        termAttr: Int32Array.from(r.terms.map((t) => at(t.attribute))),
        termCoef: Float64Array.from(r.terms.map((t) => t.coefficient)),
        loLim, hiLim,
      });
    });
    out.push(rs);
  }
  return out;
}
