import type { CubistModel } from "../cubist/model";
import { kernelPlan, type KernelPlan } from "./kernelPlan";
import { wasmKernelSource } from "./wasmKernel";

/** Which generated kernel: WebAssembly (fastest), JavaScript (the fallback), or "auto" (WebAssembly when the runtime has it). */
export type KernelEngine = "auto" | "wasm" | "js";

/** Options of {@link compileKernelSpec}. */
export interface KernelSpecOptions {
  /** Use only the first K committee members, 1..model.committees.length. Default: all. */
  committees?: number;
  /** Pixels per internal block (scratch arrays are this long), 64..65536. Default 1024 (JavaScript), or for WebAssembly the largest power of two whose working set fits 32 KiB (512 for the paper's model). */
  block?: number;
  /** "auto" (default): the WebAssembly kernel when `WebAssembly` validates its module, else JavaScript; "wasm" or "js" force one. */
  engine?: KernelEngine;
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
  /** The kernel generated: "wasm" (a WebAssembly module in `tables[0]`, driven by the factory) or "js". */
  engine: "wasm" | "js";
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
 * Two kernels are generated from the same plan (`kernelPlan`): the WebAssembly one (`wasmKernel.ts`, one pass per
 * pixel, the default where the runtime has WebAssembly) and this JavaScript one (the fallback), identical in
 * results; `spec.engine` says which.
 *
 * @param model a Cubist model (neighbours are not applied: the paper's model uses none)
 * @param options `committees` (default all), `block` (default 1024 for JavaScript, cache-sized for WebAssembly), `engine` (default "auto")
 * @returns the spec (plain data; instantiate with `applyKernel`)
 * @throws RangeError naming the option for committees outside 1..members, a bad block size or engine
 * @throws Error when `engine` is "wasm" and the runtime cannot compile the module
 * @throws Error when a rule refers to an undeclared attribute
 * @example
 * const kernel = applyKernel(compileKernelSpec(model));
 * const unseen = kernel.apply(columns, out, n);
 */
export function compileKernelSpec(model: CubistModel, options: KernelSpecOptions = {}): KernelSpec {
  const nAll = model.committees.length;
  const members = options.committees ?? nAll;
  const BLOCK = options.block ?? 1024;
  const explicitBlock = options.block;
  if (nAll < 1) throw new RangeError("compileKernelSpec: the model has no committee members");
  if (!Number.isInteger(members) || members < 1 || members > nAll) {
    throw new RangeError(`compileKernelSpec: options.committees must be an integer in 1..${nAll} (the model's members), got ${members}`);
  }
  if (!Number.isInteger(BLOCK) || BLOCK < 64 || BLOCK > 65536) throw new RangeError(`compileKernelSpec: options.block must be an integer in 64..65536, got ${BLOCK}`);
  const plan = kernelPlan(model, members);
  const engine = options.engine ?? "auto";
  if (engine !== "auto" && engine !== "js" && engine !== "wasm") throw new RangeError(`compileKernelSpec: options.engine must be "auto", "js" or "wasm", got ${String(engine)}`);
  const base = {
    attributes: plan.attributes.map((a) => a.name),
    kinds: plan.attributes.map((a) => a.kind),
    valueLists: plan.valueLists, members, rules: plan.members.reduce((s, m) => s + m.rules.length, 0),
  };
  if (engine !== "js") {
    const w = wasmKernelSource(plan, explicitBlock);
    if (w.available) return { ...base, engine: "wasm", source: w.source, tables: w.tables };
    if (engine === "wasm") throw new Error("compileKernelSpec: options.engine is \"wasm\" but this runtime has no WebAssembly (or refuses the module)");
  }
  return { ...base, engine: "js", ...jsKernelSource(plan, BLOCK) };
}

/** The JavaScript kernel of a plan: the factory source and its tables. */
function jsKernelSource(plan: KernelPlan, BLOCK: number): { source: string; tables: KernelSpec["tables"] } {
  const members = plan.members.length;
  const { contKeys, discKeys, contAtts, usedInTerms } = plan;
  const attrs = plan.attributes;
  const tables: KernelSpec["tables"] = [];
  const addTable = (t: KernelSpec["tables"][number]): number => { tables.push(t); return tables.length - 1; };
  const L: string[] = [];
  L.push(`"use strict";`, `const f = Math.fround;`, `const BLOCK = ${BLOCK};`);
  for (const a of contAtts) L.push(`const X${a} = new Float32Array(BLOCK);`);
  for (const c of contKeys) if (c.base && c.slots) L.push(`const B${c.att} = T[${addTable(c.base)}], S${c.att} = T[${addTable(c.slots)}];`);
  const hasDiscrete = attrs.some((a) => a.kind === "discrete");
  L.push(`const SUM = new Float64Array(BLOCK), CNT = new Int32Array(BLOCK), CS = new Float64Array(BLOCK);`);
  if (hasDiscrete) L.push(`const UNSEEN = new Uint8Array(BLOCK);`);

  // per member: per tested attribute, the rules each key admits (bit r of word w at key·words + w)
  const memberCode: string[][] = [];
  const scatterCode: string[][] = [];
  plan.members.forEach((mp, m) => {
    const { words, possible, rules: rs } = mp;
    const terms: string[] = []; // the AND of the tables of one word
    for (const { att, table } of mp.masks) {
      const id = addTable(table);
      L.push(`const M${m}A${att} = T[${id}];`);
      terms.push(`M${m}A${att}[k${att}${words > 1 ? ` * ${words} + W` : ""}]`);
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
    const gm = lit(plan.globalMean);
    code.push(`for (let i = 0; i < len; i++) { const c = CNT[i]; CS[i] += c > 0 ? f(SUM[i] / c) : ${gm}; }`);
    memberCode.push(code);
  });

  L.push(`return function apply(cols, out, n) {`);
  L.push(`  let unseen = 0;`);
  L.push(`  for (let s = 0; s < n; s += BLOCK) {`);
  L.push(`    const len = Math.min(BLOCK, n - s);`);
  for (let a = 0; a < attrs.length; a++) L.push(`    const c${a} = cols[${a}];`);
  if (hasDiscrete) L.push(`    UNSEEN.fill(0, 0, len);`);
  plan.members.forEach((_, m) => L.push(`    LEN${m}.fill(0);`));
  // one pass per pixel: missing → mean, keys among the cuts, the covering rules listed per rule
  L.push(`    for (let i = 0; i < len; i++) {`, `      const p = s + i;`);
  for (const a of contAtts) {
    const mean = lit(attrs[a].mean);
    L.push(`      let x${a} = c${a}[p]; if (x${a} !== x${a}) x${a} = ${mean};${usedInTerms.has(a) ? ` X${a}[i] = x${a};` : ""}`);
  }
  for (const c of contKeys) {
    const a = c.att;
    if (!c.base) { L.push(`      const k${a} = 0;`); continue; }
    const cmp: string[] = [];
    for (let q = 0; q < c.k; q++) cmp.push(`+(x${a} > S${a}[b${a}${c.k > 1 ? ` * ${c.k} + ${q}` : ""}])`);
    const bin = c.nb > 1 ? `Math.min(${c.nb - 1}, Math.max(0, (x${a} - ${lit(c.lo)}) * ${lit(c.scale)})) | 0` : "0";
    L.push(`      const b${a} = ${bin}; const k${a} = B${a}[b${a}] + ${cmp.join(" + ")};`);
  }
  attrs.forEach((a, idx) => {
    if (a.kind !== "discrete") return;
    const list = a.values;
    const mode = a.mode;
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

  return { source: L.join("\n"), tables };
}
