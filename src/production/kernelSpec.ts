import { compileRules, type CompiledRule } from "../cubist/compiledRules";
import type { CubistModel, DiscreteAttribute } from "../cubist/model";
import { testedCuts } from "../cubist/testedCuts";

/** Options of {@link compileKernelSpec}. */
export interface KernelSpecOptions {
  /** Use only the first K committee members, 1..model.committees.length. Default: all. */
  committees?: number;
  /** Pixels per internal block (scratch arrays are this long), 64..65536. Default 1024. */
  block?: number;
}

/**
 * A Cubist model compiled for the production apply kernel, as plain data (strings, numbers, typed arrays) so it
 * can be posted to worker threads and instantiated there with `new Function` (no module loading needed):
 * `source` is the body of a factory `(T) => apply`, `tables` its lookup tables (see {@link applyKernel}).
 */
export interface KernelSpec {
  /** Model attribute names, in the model's order: the kernel's column order. */
  attributes: string[];
  /** Per attribute: "continuous" (Float32Array column) or "discrete" (Int32Array of codes into `valueLists`). */
  kinds: ("continuous" | "discrete")[];
  /** Per discrete attribute: the value list its codes index (the model's values, then the mode if absent). */
  valueLists: Record<string, string[]>;
  /** Committee members and rules compiled. */
  members: number;
  rules: number;
  /** Factory source: `new Function("T", source)(tables)` returns `apply(columns, out, n) → unseen count`. */
  source: string;
  /** Lookup tables referenced by the source as `T[k]`. */
  tables: (Float32Array | Int32Array | Uint32Array | Uint8Array)[];
}

/** A JS literal that reads back as exactly `v` (String() of a double round-trips; signs of 0 and infinities kept). */
function lit(v: number): string {
  if (Object.is(v, -0)) return "-0";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  if (v !== v) return "NaN";
  return `(${String(v)})`;
}

interface ContinuousKeys { att: number; cuts: number[]; tableBase: number; tableCut: number; nb: number; k: number; lo: number; scale: number }

/**
 * The uniform-bin interval table of one attribute's sorted cuts: bin b(x) = clamp(floor((x − lo)·scale), 0, nb − 1)
 * (monotone in x), base[b] = the cuts whose own bin is below b (all < x), and the cuts in bin b itself (at most
 * `k`, padded with +Infinity) compared one by one. key(x) = base[b] + Σ (x > cut) = the number of cuts below x,
 * exactly what `ruleCommitteePredict`'s bisection computes, with one table lookup and k compares.
 */
function intervalTable(cuts: number[]): { nb: number; k: number; lo: number; scale: number; base: Int32Array; slots: Float32Array } {
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
 * Compiles a Cubist model into a {@link KernelSpec}: the arithmetic of `predict()` without neighbours (§12.1,
 * §12.2) specialised to this model. Covering rules come from per-attribute interval tables (a uniform-bin lookup
 * plus at most a few compares: no data-dependent bisection) ANDed as rule bitmasks; the covered pixels of each
 * rule are listed per block and each rule's linear model runs as its own tight loop with its coefficients and
 * limits as constants; predictions are summed in rule order (double), averaged (float32), clamped per rule,
 * members averaged — the same operations in the same order as `ruleCommitteePredict`, so the results are
 * identical bit for bit. Missing continuous values (NaN) take the training mean (float32), as in predict().
 *
 * @param model a Cubist model (neighbours are not applied: the paper's model uses none)
 * @param options `committees` (default all), `block` (default 1024)
 * @returns the spec (plain data; instantiate with `applyKernel`)
 * @throws RangeError naming the option for committees outside 1..members or a bad block size
 * @throws Error when a rule refers to an undeclared attribute
 * @example
 * const kernel = applyKernel(compileKernelSpec(model));
 * const unseen = kernel.apply(columns, out, n);
 */
export function compileKernelSpec(model: CubistModel, options: KernelSpecOptions = {}): KernelSpec {
  const nAll = model.committees.length;
  const members = options.committees ?? nAll;
  const BLOCK = options.block ?? 1024;
  if (nAll < 1) throw new RangeError("compileKernelSpec: the model has no committee members");
  if (!Number.isInteger(members) || members < 1 || members > nAll) {
    throw new RangeError(`compileKernelSpec: options.committees must be an integer in 1..${nAll} (the model's members), got ${members}`);
  }
  if (!Number.isInteger(BLOCK) || BLOCK < 64 || BLOCK > 65536) throw new RangeError(`compileKernelSpec: options.block must be an integer in 64..65536, got ${BLOCK}`);
  const rules: CompiledRule[][] = compileRules(model, members);
  const attrs = model.attributes;
  const tables: KernelSpec["tables"] = [];
  const addTable = (t: KernelSpec["tables"][number]): number => { tables.push(t); return tables.length - 1; };
  const valueLists: Record<string, string[]> = {};
  attrs.forEach((a) => {
    if (a.kind !== "discrete") return;
    const d = a as DiscreteAttribute;
    const list = d.values.slice();
    if (!list.includes(d.mode)) list.push(d.mode);
    valueLists[a.name] = list;
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
    if (cuts.length === 0) { contKeys.push({ att, cuts, tableBase: -1, tableCut: -1, nb: 0, k: 0, lo: 0, scale: 0 }); continue; }
    const t = intervalTable(cuts);
    contKeys.push({ att, cuts, tableBase: addTable(t.base), tableCut: addTable(t.slots), nb: t.nb, k: t.k, lo: t.lo, scale: t.scale });
  }
  const discKeys = [...discreteTested].sort((p, q) => p - q);
  const contAtts = new Set<number>([...usedInTerms, ...contKeys.map((c) => c.att)]);

  const L: string[] = [];
  L.push(`"use strict";`, `const f = Math.fround;`, `const BLOCK = ${BLOCK};`);
  for (const a of contAtts) L.push(`const X${a} = new Float32Array(BLOCK);`);
  for (const c of contKeys) if (c.tableBase >= 0) L.push(`const B${c.att} = T[${c.tableBase}], S${c.att} = T[${c.tableCut}];`);
  const hasDiscrete = attrs.some((a) => a.kind === "discrete");
  L.push(`const SUM = new Float64Array(BLOCK), CNT = new Int32Array(BLOCK), CS = new Float64Array(BLOCK);`);
  if (hasDiscrete) L.push(`const UNSEEN = new Uint8Array(BLOCK);`);

  // per member: per tested attribute, the rules each key admits (bit r of word w at key·words + w)
  const memberCode: string[][] = [];
  const scatterCode: string[][] = [];
  rules.forEach((rs, m) => {
    const words = Math.max(1, (rs.length + 31) >> 5);
    const possible = new Uint32Array(words);
    rs.forEach((r, ri) => { if (!Array.from(r.contOp).includes(2)) possible[ri >> 5] |= (1 << (ri & 31)) >>> 0; });
    const terms: string[] = []; // the AND of the tables of one word
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
      const id = addTable(table);
      L.push(`const M${m}A${c.att} = T[${id}];`);
      terms.push(`M${m}A${c.att}[k${c.att}${words > 1 ? ` * ${words} + W` : ""}]`);
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
      const id = addTable(table);
      L.push(`const M${m}A${a} = T[${id}];`);
      terms.push(`M${m}A${a}[k${a}${words > 1 ? ` * ${words} + W` : ""}]`);
    }
    const code: string[] = [];
    const scatter: string[] = [];
    L.push(`const LIST${m} = new Int32Array(${Math.max(1, rs.length)} * BLOCK), LEN${m} = new Int32Array(${Math.max(1, rs.length)});`);
    for (let w = 0; w < words; w++) {
      const expr = [`${possible[w] >>> 0}`, ...terms.map((t) => t.replace(/\bW\b/g, String(w)))].join(" & ");
      scatter.push(`{ let bits = (${expr}) | 0;`
        + ` while (bits !== 0) { const low = bits & -bits; bits ^= low; const r = ${w << 5} + 31 - Math.clz32(low); LIST${m}[r * BLOCK + LEN${m}[r]++] = i; } }`);
    }
    scatterCode.push(scatter);
    code.push(`SUM.fill(0, 0, len); CNT.fill(0, 0, len);`);
    rs.forEach((r, ri) => {
      if (!(possible[ri >> 5] & ((1 << (ri & 31)) >>> 0))) return;
      let acc = lit(r.intercept);
      r.termAttr.forEach((a, q) => { acc = `${acc} + ${lit(r.termCoef[q])} * X${a}[i]`; });
      const lo = lit(r.loLim), hi = lit(r.hiLim);
      code.push(`for (let j = ${ri * BLOCK}, e = ${ri * BLOCK} + LEN${m}[${ri}]; j < e; j++) { const i = LIST${m}[j]; let v = f(${acc}); if (v < ${lo}) v = ${lo}; else if (v > ${hi}) v = ${hi}; SUM[i] += v; CNT[i]++; }`);
    });
    const gm = lit(Math.fround(model.globalMean));
    code.push(`for (let i = 0; i < len; i++) { const c = CNT[i]; CS[i] += c > 0 ? f(SUM[i] / c) : ${gm}; }`);
    memberCode.push(code);
  });

  L.push(`return function apply(cols, out, n) {`);
  L.push(`  let unseen = 0;`);
  L.push(`  for (let s = 0; s < n; s += BLOCK) {`);
  L.push(`    const len = Math.min(BLOCK, n - s);`);
  for (let a = 0; a < attrs.length; a++) L.push(`    const c${a} = cols[${a}];`);
  if (hasDiscrete) L.push(`    UNSEEN.fill(0, 0, len);`);
  rules.forEach((_, m) => L.push(`    LEN${m}.fill(0);`));
  // one pass per pixel: missing → mean, keys among the cuts, the covering rules listed per rule
  L.push(`    for (let i = 0; i < len; i++) {`, `      const p = s + i;`);
  for (const a of contAtts) {
    const mean = lit(Math.fround((attrs[a] as { mean: number }).mean));
    L.push(`      let x${a} = c${a}[p]; if (x${a} !== x${a}) x${a} = ${mean};${usedInTerms.has(a) ? ` X${a}[i] = x${a};` : ""}`);
  }
  for (const c of contKeys) {
    if (c.tableBase < 0) continue;
    const a = c.att;
    const cmp: string[] = [];
    for (let q = 0; q < c.k; q++) cmp.push(`+(x${a} > S${a}[b${a}${c.k > 1 ? ` * ${c.k} + ${q}` : ""}])`);
    const bin = c.nb > 1 ? `Math.min(${c.nb - 1}, Math.max(0, (x${a} - ${lit(c.lo)}) * ${lit(c.scale)})) | 0` : "0";
    L.push(`      const b${a} = ${bin}; const k${a} = B${a}[b${a}] + ${cmp.join(" + ")};`);
  }
  attrs.forEach((a, idx) => {
    if (a.kind !== "discrete") return;
    const list = valueLists[a.name];
    const mode = list.indexOf((a as DiscreteAttribute).mode);
    L.push(`      let d${idx} = c${idx}[p];`
      + ` if (d${idx} < 0 || d${idx} >= ${list.length}) { if (d${idx} === -2) d${idx} = ${mode}; else if (d${idx} === -1) UNSEEN[i] = 1; else throw new RangeError("apply kernel: column '${a.name.replace(/["\\]/g, "")}' has code " + d${idx} + " at pixel " + p + "; valid codes are 0..${list.length - 1}, -1 (unseen) and -2 (missing)"); }`
      + ` const k${idx} = d${idx} + 1;`);
  });
  for (const sc of scatterCode) for (const line of sc) L.push(`      ${line}`);
  L.push(`    }`);
  L.push(`    CS.fill(0, 0, len);`);
  for (const code of memberCode) for (const line of code) L.push(`    ${line}`);
  const final = `const v = f(CS[i] / ${members});`;
  if (hasDiscrete) L.push(`    for (let i = 0; i < len; i++) { if (UNSEEN[i]) { out[s + i] = NaN; unseen++; } else { ${final} out[s + i] = v; } }`);
  else L.push(`    for (let i = 0; i < len; i++) { ${final} out[s + i] = v; }`);
  L.push(`  }`, `  return unseen;`, `};`);

  return {
    attributes: attrs.map((a) => a.name),
    kinds: attrs.map((a) => a.kind),
    valueLists, members, rules: rules.reduce((s, rs) => s + rs.length, 0),
    source: L.join("\n"), tables,
  };
}
