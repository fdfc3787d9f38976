import type { KernelPlan } from "./kernelPlan";
import { F64, I32, I64, V128, WasmCode, wasmModule } from "./wasmEmitter";

/** The WebAssembly kernel of a plan: a factory source (as for the JavaScript kernel) and its tables (T[0]: the module). */
export interface WasmKernelSource {
  /** Whether this runtime has WebAssembly and validates the module (else use the JavaScript kernel). */
  available: boolean;
  source: string;
  tables: Uint8Array[];
}

/** Attributes with at most this many cuts get their keys by comparing with every cut (no table gathers). */
const BRUTE = 16;

const align = (v: number, a: number): number => Math.ceil(v / a) * a;

/** 64-bit words of one 32-bit-word rule table (key-major, `words32` per key). */
function words64(table: Uint32Array, words32: number): BigUint64Array {
  const keys = table.length / words32, w64 = (words32 + 1) >> 1;
  const out = new BigUint64Array(keys * w64);
  for (let k = 0; k < keys; k++) {
    for (let w = 0; w < w64; w++) {
      const lo = BigInt(table[k * words32 + 2 * w]);
      const hi = 2 * w + 1 < words32 ? BigInt(table[k * words32 + 2 * w + 1]) : 0n;
      out[k * w64 + w] = lo | (hi << 32n);
    }
  }
  return out;
}

/**
 * Generates the WebAssembly apply kernel of a plan: one function `run(len)` that, for each pixel of a block whose
 * columns were copied into its memory, does in one pass what the JavaScript kernel does in several: missing →
 * the float32 mean, the interval key of every tested attribute (the same uniform-bin double arithmetic and
 * float32 compares as `intervalTable`), the AND of the members' 64-bit rule words, then for each covering rule
 * (lowest first, `i64.ctz`) its linear model from a rule record (intercept, limits, coefficients, and the address
 * of each term's value; rules are padded to the member's longest model with the term 0 · 0, which leaves the
 * double sum unchanged), rounded to float32, clamped, summed in double; members averaged as float32. WebAssembly
 * arithmetic is IEEE-754 without fused operations, so every operation rounds as in JavaScript: the results are
 * bit-identical to the JavaScript kernel and `predict()`. The driver copies blocks in and out (in cache).
 *
 * @param plan from `kernelPlan(model, members)`
 * @param block pixels per block (64..65536); default: the largest power of two (64..4,096) whose working set fits 32 KiB
 * @returns the factory source and tables; `available` false when the runtime lacks WebAssembly or refuses it
 * @example
 * const w = wasmKernelSource(kernelPlan(model, 1), 1024);
 * const apply = new Function("T", w.source)(w.tables);
 */
export function wasmKernelSource(plan: KernelPlan, block?: number): WasmKernelSource {
  const attrs = plan.attributes;
  const na = attrs.length;
  const hasDiscrete = attrs.some((a) => a.kind === "discrete");
  const read = new Set<number>([...plan.contAtts, ...attrs.flatMap((a, k) => (a.kind === "discrete" ? [k] : []))]);
  // default block: the largest power of two whose working set (columns read, keys, zero column, output; 4 B
  // each per pixel) fits 32 KiB, a level-1 data cache: measured 1.3–1.5× faster than 1,024 pixels here
  const perPixel = 4 * (read.size + plan.contKeys.length + plan.discKeys.length + 2);
  const BLOCK = block ?? Math.min(4096, Math.max(64, 2 ** Math.floor(Math.log2(32768 / perPixel))));
  // ---- memory layout: error slot; the block's columns (those read), a zero column, the output, the keys; tables
  let top = 64;
  const column = (): number => { const at = top; top += align(4 * BLOCK, 64); return at; };
  const IN: number[] = attrs.map((_, k) => (read.has(k) ? column() : -1));
  const ZEROCOL = column(), OUT = column();
  // per pixel: −1 when a value some linear model uses is ±Infinity (0 · ∞ = NaN: those pixels take the sparse form)
  const INF = column();
  // per tested attribute: the byte offset of each pixel's key row in the mask tables (key · 64-bit words · 8)
  const K = new Map<number, number>();
  for (const c of plan.contKeys) K.set(c.att, column());
  for (const a of plan.discKeys) K.set(a, column());
  const TABLES = top;
  const writes: ((dv: DataView) => void)[] = [];
  const place = (bytes: number, fill: (dv: DataView, at: number) => void): number => {
    top = align(top, 16);
    const at = top;
    top += bytes;
    writes.push((dv) => fill(dv, at - TABLES));
    return at;
  };
  const keyTables = new Map<number, { base: number; slots: number }>();
  const cutTables = new Map<number, number>();
  for (const c of plan.contKeys) {
    if (!c.base || !c.slots) continue;
    if (c.cuts.length <= BRUTE) {
      const cuts = c.cuts;
      cutTables.set(c.att, place(4 * cuts.length, (dv, at) => cuts.forEach((v, k) => dv.setFloat32(at + 4 * k, v, true))));
    }
    const base = c.base, slots = c.slots;
    keyTables.set(c.att, {
      base: place(4 * base.length, (dv, at) => base.forEach((v, k) => dv.setInt32(at + 4 * k, v, true))),
      slots: place(4 * slots.length, (dv, at) => slots.forEach((v, k) => dv.setFloat32(at + 4 * k, v, true))),
    });
  }
  // every member's tables have the same number of 64-bit words per key row (the most any member needs)
  const W64 = plan.members.reduce((m, mp) => Math.max(m, (mp.words + 1) >> 1), 1);
  const memberLayout = plan.members.map((mp) => {
    const w64 = (mp.words + 1) >> 1;
    const masks = mp.masks.map(({ att, table }) => {
      const t = words64(table, mp.words);
      const keys = t.length / w64;
      return { att, at: place(8 * keys * W64, (dv, at) => { for (let k = 0; k < keys; k++) for (let w = 0; w < w64; w++) dv.setBigUint64(at + 8 * (k * W64 + w), t[k * w64 + w], true); }) };
    });
    const possible = words64(mp.possible, mp.words);
    const maxT = mp.rules.reduce((m, r) => Math.max(m, r.termAttr.length), 0);
    // dense form (all terms of the member's rules in attribute order, 0 where a rule has none) when every rule's
    // terms are in increasing attribute order: then acc + 0·x = acc for finite x (a −0 acc becomes +0, which the
    // sum from +0 makes irrelevant), so the same sum with the values in registers
    const denseOk = mp.rules.every((r) => r.termAttr.every((a, q) => q === 0 || a > r.termAttr[q - 1]));
    const dense = denseOk ? [...new Set(mp.rules.flatMap((r) => Array.from(r.termAttr)))].sort((p, q) => p - q) : null;
    const denseAt = align(24 + 12 * maxT, 8);
    const stride = denseAt + 8 * (dense ? dense.length : 0);
    const rules = place(stride * Math.max(1, mp.rules.length), (dv, at) => {
      mp.rules.forEach((r, ri) => {
        const o = at + ri * stride;
        dv.setFloat64(o, r.intercept, true);
        dv.setFloat64(o + 8, r.loLim, true);
        dv.setFloat64(o + 16, r.hiLim, true);
        for (let q = 0; q < maxT; q++) {
          const has = q < r.termAttr.length;
          dv.setFloat64(o + 24 + 8 * q, has ? r.termCoef[q] : 0, true);
          dv.setInt32(o + 24 + 8 * maxT + 4 * q, has ? IN[r.termAttr[q]] : ZEROCOL, true);
        }
        if (dense) r.termAttr.forEach((a, q) => dv.setFloat64(o + denseAt + 8 * dense.indexOf(a), r.termCoef[q], true));
      });
    });
    return { w64, masks, possible, maxT, stride, rules, dense, denseAt };
  });
  const pages = Math.ceil(top / 65536);
  const data = new Uint8Array(top - TABLES);
  const dv = new DataView(data.buffer);
  for (const w of writes) w(dv);

  // ---- the function run(len) → unseen count, or −(a + 1) for a bad code of attribute a (pixel, code at 0, 4)
  const f = new WasmCode([I32], [I32]);
  const LEN = 0;
  const p4 = f.local(I32), flag = f.local(I32), unseen = f.local(I32), d = f.local(I32), b = f.local(I32), rec = f.local(I32), cnt = f.local(I32);
  const mask = f.local(I64);
  const sum = f.local(F64), csum = f.local(F64), v = f.local(F64), lo = f.local(F64), hi = f.local(F64);
  const ends = f.local(I32);
  f.get(LEN).i32(2).op("i32_shl").set(ends);
  /** for (p4 = 0; p4 < 4·len; p4 += 4) { body } */
  const pixels = (body: () => void): void => {
    f.i32(0).set(p4).block().loop();
    f.get(p4).get(ends).op("i32_ge_u").brIf(1);
    body();
    f.get(p4).i32(4).op("i32_add").set(p4).br(0).end().end();
  };
  // pass 1, one attribute at a time, 4 pixels per step (v128; the tail of a block computes lanes past len on
  // whatever the buffers hold, inside their allocation, and nothing reads them): missing → the float32 mean,
  // written back; the key among the cuts, as the byte offset of its row in the mask tables
  const xv = f.local(V128), kv = f.local(V128), bv = f.local(V128), sv = f.local(V128);
  const lane = [f.local(I32), f.local(I32), f.local(I32), f.local(I32)];
  const rowBytes = 8 * W64;
  const pixels4 = (body: () => void): void => {
    f.i32(0).set(p4).block().loop();
    f.get(p4).get(ends).op("i32_ge_u").brIf(1);
    body();
    f.get(p4).i32(16).op("i32_add").set(p4).br(0).end().end();
  };
  const LOW = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
  const HIGH = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
  /** i32x4 of the uniform bins of the 4 values in xv: min(nb − 1, max(0, (x − lo)·scale)) | 0 in double, per lane. */
  const bins = (c: (typeof plan.contKeys)[number]): void => {
    for (const half of [0, 1]) {
      f.get(xv);
      if (half === 1) f.get(xv).shuffle(HIGH);
      f.simd("f64x2_promote_low_f32x4").f64(c.lo).simd("f64x2_splat").simd("f64x2_sub").f64(c.scale).simd("f64x2_splat").simd("f64x2_mul")
        .simd("i32x4_trunc_sat_f64x2_s_zero");
    }
    f.shuffle(LOW).i32(0).simd("i32x4_splat").simd("i32x4_max_s").i32(c.nb - 1).simd("i32x4_splat").simd("i32x4_min_s").set(bv);
  };
  const anyDense = memberLayout.some((L) => L.dense !== null);
  const firstTermAtt = plan.contAtts.find((a) => plan.usedInTerms.has(a));
  for (const a of plan.contAtts) {
    const c = plan.contKeys.find((ck) => ck.att === a);
    const t = keyTables.get(a);
    pixels4(() => {
      f.get(p4).simdMem("v128_load", IN[a]).set(xv);
      f.f32(attrs[a].mean).simd("f32x4_splat").get(xv).get(xv).get(xv).simd("f32x4_ne").simd("v128_bitselect").set(xv);
      f.get(p4).get(xv).simdMem("v128_store", IN[a]);
      if (anyDense && plan.usedInTerms.has(a)) {
        f.get(p4).get(xv).simd("f32x4_abs").f32(Infinity).simd("f32x4_splat").simd("f32x4_eq");
        if (a !== firstTermAtt) f.get(p4).simdMem("v128_load", INF).simd("v128_or");
        f.simdMem("v128_store", INF);
      }
      if (!c) return;
      if (!t || c.cuts.length <= BRUTE) {
        // few cuts: key = Σ (x > cut), four lanes at a time (a true lane is −1: subtracted)
        f.i32(0).simd("i32x4_splat");
        const ct = cutTables.get(a);
        if (ct !== undefined) c.cuts.forEach((_, j) => { f.get(xv).i32(0).simdMem("v128_load32_splat", ct + 4 * j).simd("f32x4_gt").simd("i32x4_sub"); });
      } else {
        // key = base[b] + Σ_q (x > slot[b·k + q]), the table entries gathered lane by lane
        bins(c);
        for (let l = 0; l < 4; l++) f.get(bv).extractLane(l).set(lane[l]);
        f.i32(0).simd("i32x4_splat").set(kv);
        for (let l = 0; l < 4; l++) f.get(lane[l]).i32(2).op("i32_shl").get(kv).load32Lane(l, t.base).set(kv);
        for (let q = 0; q < c.k; q++) {
          f.i32(0).simd("i32x4_splat").set(sv);
          for (let l = 0; l < 4; l++) {
            f.get(lane[l]);
            if (c.k > 1) f.i32(c.k).op("i32_mul");
            f.i32(2).op("i32_shl").get(sv).load32Lane(l, t.slots + 4 * q).set(sv);
          }
          f.get(kv).get(xv).get(sv).simd("f32x4_gt").simd("i32x4_sub").set(kv);
        }
        f.get(kv);
      }
      f.i32(rowBytes).simd("i32x4_splat").simd("i32x4_mul").set(kv);
      f.get(p4).get(kv).simdMem("v128_store", K.get(a) as number);
    });
  }
  attrs.forEach((a, idx) => {
    if (a.kind !== "discrete") return;
    // codes outside 0..values−1: −2 → the mode, −1 → unseen (left in the column: NaN, counted), else an error
    pixels(() => {
      f.get(p4).mem("i32_load", IN[idx]).tee(d).i32(a.values.length).op("i32_ge_u").if();
      f.get(d).i32(-2).op("i32_eq").if().i32(a.mode).set(d).else();
      f.get(d).i32(-1).op("i32_ne").if();
      f.i32(0).get(p4).i32(2).op("i32_shr_u").mem("i32_store", 0).i32(0).get(d).mem("i32_store", 4).i32(-(idx + 1)).op("return");
      f.end().end().end();
      if (K.has(idx)) f.get(p4).get(d).i32(1).op("i32_add").i32(8 * W64).op("i32_mul").mem("i32_store", K.get(idx) as number);
    });
  });
  // pass 2, per pixel: the covering rules of each member, their linear models, the committee average
  const xd = new Map<number, number>();
  for (const a of plan.usedInTerms) xd.set(a, f.local(F64));
  /** The members' rule predictions averaged into csum; `dense`: the dense form where a member has it. */
  const members = (dense: boolean): void => {
    plan.members.forEach((_, m) => {
      const L = memberLayout[m];
      /** v = the clamped float32 prediction of the rule whose record is at rec. */
      const rule = (): void => {
        // acc = intercept + c0·x0 + c1·x1 + … (double, the rule's term order), then float32
        f.get(rec).mem("f64_load", L.rules);
        if (dense && L.dense) {
          L.dense.forEach((a, j) => { f.get(rec).mem("f64_load", L.rules + L.denseAt + 8 * j).get(xd.get(a) as number).op("f64_mul").op("f64_add"); });
        } else {
          for (let q = 0; q < L.maxT; q++) {
            f.get(rec).mem("f64_load", L.rules + 24 + 8 * q)
              .get(rec).mem("i32_load", L.rules + 24 + 8 * L.maxT + 4 * q).get(p4).op("i32_add").mem("f32_load", 0).op("f64_promote_f32")
              .op("f64_mul").op("f64_add");
          }
        }
        f.op("f32_demote_f64").op("f64_promote_f32").set(v);
        // v < lo ? lo : v > hi ? hi : v
        f.get(rec).mem("f64_load", L.rules + 8).tee(lo);
        f.get(rec).mem("f64_load", L.rules + 16).tee(hi).get(v).get(v).get(hi).op("f64_gt").op("select");
        f.get(v).get(lo).op("f64_lt").op("select").set(v);
      };
      /** rec = the record of the lowest rule in mask (word w), which is removed from mask. */
      const lowest = (w: number): void => {
        f.get(mask).op("i64_ctz").op("i32_wrap_i64");
        if (w > 0) f.i32(64 * w).op("i32_add");
        f.i32(L.stride).op("i32_mul").set(rec);
      };
      /** The words' covering rules, summed (sum, cnt), then v = cnt > 0 ? sum / cnt : global mean (word 0 in mask when maskReady). */
      const general = (maskReady: boolean): void => {
        f.f64(0).set(sum).i32(0).set(cnt);
        for (let w = 0; w < L.w64; w++) {
          if (!(maskReady && w === 0)) {
            f.i64(L.possible[w]);
            for (const t of L.masks) f.get(p4).mem("i32_load", K.get(t.att) as number).mem("i64_load", t.at + 8 * w).op("i64_and");
            f.set(mask);
          }
          f.block().loop();
          f.get(mask).op("i64_eqz").brIf(1);
          lowest(w);
          f.get(mask).get(mask).i64(1n).op("i64_sub").op("i64_and").set(mask);
          rule();
          f.get(v).get(sum).op("f64_add").set(sum);
          f.get(cnt).i32(1).op("i32_add").set(cnt);
          f.br(0).end().end();
        }
        // cnt > 0 ? f32(sum / cnt) : global mean (one rule: sum / 1 = sum, no division)
        f.get(cnt).i32(1).op("i32_eq").if().get(sum).set(v).else()
          .get(sum).get(cnt).op("f64_convert_i32_s").op("f64_div").f64(plan.globalMean).get(cnt).op("select").set(v).end();
      };
      if (L.w64 === 1) {
        // one word: exactly one covering rule (the usual case) takes a straight path, v = f32(0 + v)
        f.i64(L.possible[0]);
        for (const t of L.masks) f.get(p4).mem("i32_load", K.get(t.att) as number).mem("i64_load", t.at).op("i64_and");
        f.tee(mask).get(mask).i64(1n).op("i64_sub").op("i64_and").op("i64_eqz").get(mask).op("i64_eqz").op("i32_eqz").op("i32_and").if();
        lowest(0);
        rule();
        f.f64(0).get(v).op("f64_add").set(v);
        f.else();
        general(true);
        f.end();
      } else general(false);
      // csum += f32(v) (csum from +0 as the JavaScript kernel's sums)
      f.get(v).op("f32_demote_f64").op("f64_promote_f32");
      if (m === 0) f.f64(0); else f.get(csum);
      f.op("f64_add").set(csum);
    });
  };
  pixels(() => {
    if (anyDense) {
      f.get(p4).mem("i32_load", INF).op("i32_eqz").if();
      for (const [a, l] of xd) f.get(p4).mem("f32_load", IN[a]).op("f64_promote_f32").set(l);
      members(true);
      f.else();
      members(false);
      f.end();
    } else members(false);
    f.get(p4);
    if (hasDiscrete) f.f32(NaN);
    f.get(csum);
    if (plan.members.length > 1) f.f64(plan.members.length).op("f64_div");
    f.op("f32_demote_f64");
    if (hasDiscrete) {
      f.i32(0);
      attrs.forEach((a, idx) => { if (a.kind === "discrete") f.get(p4).mem("i32_load", IN[idx]).i32(-1).op("i32_eq").op("i32_or"); });
      f.tee(flag).op("select").get(unseen).get(flag).op("i32_add").set(unseen);
    }
    f.mem("f32_store", OUT);
  });
  f.get(unseen);

  const bytes = wasmModule({ run: f }, pages, data, TABLES);
  const wasm = (globalThis as { WebAssembly?: { validate?: (b: Uint8Array) => boolean } }).WebAssembly;
  const available = typeof wasm?.validate === "function" && wasm.validate(bytes);

  const names = JSON.stringify(attrs.map((a) => a.name));
  const kinds = JSON.stringify(attrs.map((a) => (a.kind === "discrete" ? "[object Int32Array]" : "[object Float32Array]")));
  const counts = JSON.stringify(attrs.map((a) => a.values.length));
  const views = attrs.map((a, k) => (IN[k] < 0 ? "null" : `new ${a.kind === "discrete" ? "Int32Array" : "Float32Array"}(buf, ${IN[k]}, BLOCK)`));
  const source = [
    `"use strict";`,
    `const inst = new WebAssembly.Instance(new WebAssembly.Module(T[0]), {});`,
    `const buf = inst.exports.memory.buffer, run = inst.exports.run, BLOCK = ${BLOCK};`,
    `const IN = [${views.join(", ")}];`,
    `const OUT = new Float32Array(buf, ${OUT}, BLOCK), ERR = new Int32Array(buf, 0, 2);`,
    `const NAMES = ${names}, KINDS = ${kinds}, COUNTS = ${counts}, tag = Object.prototype.toString;`,
    `return function apply(cols, out, n) {`,
    `  for (let a = 0; a < ${na}; a++) if (tag.call(cols[a]) !== KINDS[a]) throw new TypeError("apply kernel: column '" + NAMES[a] + "' must be a" + KINDS[a].slice(8, -1).replace(/^I/, "n I").replace(/^F/, " F") + ", got " + tag.call(cols[a]));`,
    `  if (tag.call(out) !== "[object Float32Array]") throw new TypeError("apply kernel: out must be a Float32Array");`,
    `  let unseen = 0;`,
    `  for (let s = 0; s < n; s += BLOCK) {`,
    `    const len = Math.min(BLOCK, n - s);`,
    ...attrs.flatMap((_, k) => (IN[k] < 0 ? [] : [`    IN[${k}].set(cols[${k}].subarray(s, s + len));`])),
    `    const u = run(len);`,
    `    if (u < 0) { const a = -u - 1; throw new RangeError("apply kernel: column '" + NAMES[a] + "' has code " + ERR[1] + " at pixel " + (s + ERR[0]) + "; valid codes are 0.." + (COUNTS[a] - 1) + ", -1 (unseen) and -2 (missing)"); }`,
    `    unseen += u;`,
    `    out.set(len === BLOCK ? OUT : OUT.subarray(0, len), s);`,
    `  }`,
    `  return unseen;`,
    `};`,
  ].join("\n");
  return { available, source, tables: [bytes] };
}
