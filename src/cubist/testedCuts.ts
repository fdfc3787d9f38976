import type { CompiledRule } from "./compiledRules";

/**
 * The distinct cuts that the rules' continuous conditions test, per attribute (attribute index →
 * cuts in first-seen order; an attribute tested only by "is missing" conditions maps to an empty
 * list). Shared by prediction's interval keys and the production kernel, which must agree on them.
 *
 * @example testedCuts([[rule]]) // Map { 3 => [108, 115] }
 */
export function testedCuts(rules: readonly (readonly CompiledRule[])[]): Map<number, number[]> {
  const cutLists = new Map<number, number[]>();
  for (const rs of rules) {
    for (const r of rs) {
      r.contAttr.forEach((a, c) => {
        const list = cutLists.get(a) ?? [];
        if (r.contOp[c] !== 2 && !list.includes(r.contCut[c])) list.push(r.contCut[c]);
        cutLists.set(a, list);
      });
    }
  }
  return cutLists;
}
