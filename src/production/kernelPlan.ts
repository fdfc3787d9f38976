import { compileRules, type CompiledRule } from "../cubist/compiledRules";
import type { CubistModel, DiscreteAttribute } from "../cubist/model";
import { testedCuts } from "../cubist/testedCuts";

/** One tested continuous attribute's interval table (see {@link intervalTable}); `base`/`slots` null without cuts. */
export interface ContinuousKeys {
  att: number;
  /** Sorted distinct float32 cuts the rules test (empty: tested only by "is missing" conditions; key always 0). */
  cuts: number[];
  nb: number; k: number; lo: number; scale: number;
  base: Int32Array | null; slots: Float32Array | null;
}

/** The rules that each key of one tested attribute admits, for one member: bit r of word w at key·words + w. */
export interface MaskTable { att: number; table: Uint32Array }

/** One committee member: 32-bit words of rule bits, the rules that can cover anything, its tables and rules. */
export interface MemberPlan {
  words: number;
  possible: Uint32Array;
  masks: MaskTable[];
  rules: CompiledRule[];
}

/**
 * Everything an apply kernel needs, computed once from the model: the attributes (missing → float32 mean or
 * mode), the interval tables of the tested continuous attributes, the tested discrete attributes, the members'
 * rule-bit tables and rules. The JavaScript and the WebAssembly kernels are both generated from it.
 */
export interface KernelPlan {
  attributes: { name: string; kind: "continuous" | "discrete"; mean: number; values: string[]; mode: number }[];
  /** Per discrete attribute: its value list (the model's values, then the mode if absent). */
  valueLists: Record<string, string[]>;
  contKeys: ContinuousKeys[];
  discKeys: number[];
  /** Continuous attributes read (tested or in a linear model), in first-use order; `usedInTerms` ⊆ it. */
  contAtts: number[];
  usedInTerms: Set<number>;
  members: MemberPlan[];
  /** float32 global mean (no covering rule). */
  globalMean: number;
}

/**
 * The uniform-bin interval table of one attribute's sorted cuts: bin b(x) = clamp(floor((x − lo)·scale), 0, nb − 1)
 * (monotone in x), base[b] = the cuts whose own bin is below b (all < x), and the cuts in bin b itself (at most
 * `k`, padded with +Infinity) compared one by one. key(x) = base[b] + Σ (x > cut) = the number of cuts below x,
 * exactly what `ruleCommitteePredict`'s bisection computes, with one table lookup and k compares. Every kernel
 * must compute b(x) with these double operations in this order (the table is built with them).
 */
export function intervalTable(cuts: number[]): { nb: number; k: number; lo: number; scale: number; base: Int32Array; slots: Float32Array } {
  const m = cuts.length;
  const lo = cuts[0], hi = cuts[m - 1];
  let nb = 1, scale = 0;
  const binOf = (x: number, n: number, s: number): number => Math.min(n - 1, Math.max(0, (x - lo) * s)) | 0;
  let perBin: Int32Array = new Int32Array([m]);
  if (m > 1) {
    for (nb = 16; ; nb *= 2) {
      scale = nb / (hi - lo);
      perBin = new Int32Array(nb);
      for (const c of cuts) perBin[binOf(c, nb, scale)]++;
      let most = 0;
      for (let b = 0; b < nb; b++) most = Math.max(most, perBin[b]);
      if (most <= 1 || nb >= 8192 || nb >= 64 * m) break;
    }
  }
  let k = 0;
  for (let b = 0; b < nb; b++) k = Math.max(k, perBin[b]);
  const base = new Int32Array(nb);
  const slots = new Float32Array(nb * k).fill(Infinity);
  const fill = new Int32Array(nb);
  for (const c of cuts) {
    const b = m > 1 ? binOf(c, nb, scale) : 0;
    slots[b * k + fill[b]++] = c;
  }
  let below = 0;
  for (let b = 0; b < nb; b++) { base[b] = below; below += perBin[b]; }
  return { nb, k, lo, scale, base, slots };
}

/**
 * The {@link KernelPlan} of the first `members` committee members of a model.
 * @throws Error when a rule refers to an undeclared attribute
 */
export function kernelPlan(model: CubistModel, members: number): KernelPlan {
  const rules: CompiledRule[][] = compileRules(model, members);
  const attrs = model.attributes;
  const valueLists: Record<string, string[]> = {};
  const attributes = attrs.map((a) => {
    if (a.kind !== "discrete") return { name: a.name, kind: "continuous" as const, mean: Math.fround((a as { mean: number }).mean), values: [], mode: -1 };
    const d = a as DiscreteAttribute;
    const list = d.values.slice();
    if (!list.includes(d.mode)) list.push(d.mode);
    valueLists[a.name] = list;
    return { name: a.name, kind: "discrete" as const, mean: NaN, values: list, mode: list.indexOf(d.mode) };
  });

  // cuts per tested continuous attribute (as ruleCommitteePredict: distinct float32 cuts, sorted)
  const cutLists = testedCuts(rules);
  const discreteTested = new Set<number>();
  const usedInTerms = new Set<number>();
  for (const rs of rules) {
    for (const r of rs) {
      r.discAttr.forEach((a) => discreteTested.add(a));
      r.termAttr.forEach((a) => usedInTerms.add(a));
    }
  }
  const contKeys: ContinuousKeys[] = [];
  for (const [att, list] of [...cutLists].sort((p, q) => p[0] - q[0])) {
    const cuts = list.slice().sort((p, q) => p - q);
    if (cuts.length === 0) { contKeys.push({ att, cuts, nb: 0, k: 0, lo: 0, scale: 0, base: null, slots: null }); continue; }
    const t = intervalTable(cuts);
    contKeys.push({ att, cuts, nb: t.nb, k: t.k, lo: t.lo, scale: t.scale, base: t.base, slots: t.slots });
  }
  const discKeys = [...discreteTested].sort((p, q) => p - q);
  const contAtts = [...new Set<number>([...usedInTerms, ...contKeys.map((c) => c.att)])];

  const memberPlans = rules.map((rs): MemberPlan => {
    const words = Math.max(1, (rs.length + 31) >> 5);
    const possible = new Uint32Array(words);
    rs.forEach((r, ri) => { if (!Array.from(r.contOp).includes(2)) possible[ri >> 5] |= (1 << (ri & 31)) >>> 0; });
    const masks: MaskTable[] = [];
    for (const c of contKeys) {
      if (!rs.some((r) => r.contAttr.includes(c.att))) continue;
      const size = c.cuts.length + 2;
      const table = new Uint32Array(size * words);
      rs.forEach((r, ri) => {
        const bit = (1 << (ri & 31)) >>> 0, w = ri >> 5;
        for (let key = 0; key < size; key++) {
          let ok = true;
          r.contAttr.forEach((a, q) => {
            if (a !== c.att) return;
            const op = r.contOp[q];
            if (op === 2 || key > c.cuts.length) { ok = false; return; }
            const j = c.cuts.indexOf(r.contCut[q]);
            if (!(op === 0 ? key <= j : key > j)) ok = false;
          });
          if (ok) table[key * words + w] |= bit;
        }
      });
      masks.push({ att: c.att, table });
    }
    for (const a of discKeys) {
      if (!rs.some((r) => r.discAttr.includes(a))) continue;
      const list = valueLists[attrs[a].name];
      const size = list.length + 1;
      const table = new Uint32Array(size * words);
      rs.forEach((r, ri) => {
        const bit = (1 << (ri & 31)) >>> 0, w = ri >> 5;
        for (let key = 0; key < size; key++) {
          let ok = true;
          r.discAttr.forEach((att, q) => { if (att === a && (key === 0 || !r.discValues[q].includes(list[key - 1]))) ok = false; });
          if (ok) table[key * words + w] |= bit;
        }
      });
      masks.push({ att: a, table });
    }
    return { words, possible, masks, rules: rs };
  });
  return { attributes, valueLists, contKeys, discKeys, contAtts, usedInTerms, members: memberPlans, globalMean: Math.fround(model.globalMean) };
}
