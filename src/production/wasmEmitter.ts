/**
 * A small typed emitter of WebAssembly binary modules (the MVP encoding plus the non-trapping float-to-int
 * and SIMD opcodes the apply kernel uses), enough to generate a kernel at run time without a toolchain:
 * one function body is built as a byte list through {@link WasmCode}'s instruction methods, and
 * {@link wasmModule} wraps bodies into a module with one memory (exported as "memory") and exported functions.
 * Encodings follow the WebAssembly core specification 2.0 (§5 binary format).
 */

/** Value types (§5.3.1). */
export const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b;
export type ValType = typeof I32 | typeof I64 | typeof F32 | typeof F64 | typeof V128;
/** The empty block type. */
const VOID = 0x40;

/** Unsigned LEB128 of a non-negative integer (≤ 2⁵³). */
export function uleb(v: number): number[] {
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`wasm emitter: uleb of ${v}`);
  const out: number[] = [];
  do {
    let byte = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
  return out;
}

/** Signed LEB128 of a bigint (for i32/i64 constants). */
export function sleb(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** Little-endian bytes of a double / a float32 (exactly the value's bits). */
function f64Bytes(v: number): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return Array.from(b);
}
function f32Bytes(v: number): number[] {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, v, true);
  return Array.from(b);
}

/** A UTF-8 name as a vector (§5.2.4). */
function name(s: string): number[] {
  const b = Array.from(new TextEncoder().encode(s));
  return [...uleb(b.length), ...b];
}

/** Loads and stores: opcode, natural alignment (log2). */
const MEM = {
  i32_load: [0x28, 2], i64_load: [0x29, 3], f32_load: [0x2a, 2], f64_load: [0x2b, 3],
  i32_store: [0x36, 2], i64_store: [0x37, 3], f32_store: [0x38, 2], f64_store: [0x39, 3],
} as const;

/** Plain (immediate-free) opcodes by name (§5.4.7). */
const OP = {
  unreachable: 0x00, return: 0x0f, drop: 0x1a, select: 0x1b,
  i32_eqz: 0x45, i32_eq: 0x46, i32_ne: 0x47, i32_lt_s: 0x48, i32_lt_u: 0x49, i32_gt_s: 0x4a, i32_ge_s: 0x4e, i32_ge_u: 0x4f,
  i64_eqz: 0x50, i64_ne: 0x52,
  f32_eq: 0x5b, f32_ne: 0x5c, f32_lt: 0x5d, f32_gt: 0x5e,
  f64_eq: 0x61, f64_ne: 0x62, f64_lt: 0x63, f64_gt: 0x64, f64_le: 0x65, f64_ge: 0x66,
  i32_add: 0x6a, i32_sub: 0x6b, i32_mul: 0x6c, i32_and: 0x71, i32_or: 0x72, i32_shl: 0x74, i32_shr_u: 0x76,
  i64_ctz: 0x7a, i64_add: 0x7c, i64_sub: 0x7d, i64_and: 0x83,
  f64_add: 0xa0, f64_sub: 0xa1, f64_mul: 0xa2, f64_div: 0xa3, f64_min: 0xa4, f64_max: 0xa5,
  i32_wrap_i64: 0xa7, f64_convert_i32_s: 0xb7, f32_demote_f64: 0xb6, f64_promote_f32: 0xbb,
} as const;
export type PlainOp = keyof typeof OP;

/** SIMD opcodes (prefix 0xFD, §5.4.8) by name: with a memory argument, a lane index, 16 shuffle lanes, or none. */
const SIMD_MEM = { v128_load: [0x00, 4], v128_load32_splat: [0x09, 2], v128_store: [0x0b, 4] } as const;
const SIMD_LANE = { i32x4_extract_lane: 0x1b } as const;
const SIMD_PLAIN = {
  i32x4_splat: 0x11, f32x4_splat: 0x13, f64x2_splat: 0x14,
  f32x4_eq: 0x41, f32x4_ne: 0x42, f32x4_gt: 0x44, v128_or: 0x50, v128_bitselect: 0x52, f32x4_abs: 0xe0, f64x2_promote_low_f32x4: 0x5f,
  i32x4_shl: 0xab, i32x4_add: 0xae, i32x4_sub: 0xb1, i32x4_mul: 0xb5, i32x4_min_s: 0xb6, i32x4_max_s: 0xb8,
  f64x2_sub: 0xf1, f64x2_mul: 0xf2, i32x4_trunc_sat_f64x2_s_zero: 0xfc,
} as const;
export type SimdOp = keyof typeof SIMD_PLAIN;

/** One function body under construction: locals and instruction bytes. */
export class WasmCode {
  readonly bytes: number[] = [];
  private readonly locals: ValType[] = [];
  /** Number of parameters (their locals come first). */
  constructor(readonly params: ValType[], readonly results: ValType[]) {}
  /** A new local of type t; returns its index. */
  local(t: ValType): number { this.locals.push(t); return this.params.length + this.locals.length - 1; }
  op(name: PlainOp): this { this.bytes.push(OP[name]); return this; }
  get(i: number): this { this.bytes.push(0x20, ...uleb(i)); return this; }
  set(i: number): this { this.bytes.push(0x21, ...uleb(i)); return this; }
  tee(i: number): this { this.bytes.push(0x22, ...uleb(i)); return this; }
  i32(v: number): this { this.bytes.push(0x41, ...sleb(BigInt(v | 0))); return this; }
  i64(v: bigint): this { this.bytes.push(0x42, ...sleb(BigInt.asIntN(64, v))); return this; }
  f32(v: number): this { this.bytes.push(0x43, ...f32Bytes(v)); return this; }
  f64(v: number): this { this.bytes.push(0x44, ...f64Bytes(v)); return this; }
  /** A load or store with a constant byte offset (the address is on the stack). */
  mem(name: keyof typeof MEM, offset = 0): this {
    const [code, align] = MEM[name];
    this.bytes.push(code, ...uleb(align), ...uleb(offset));
    return this;
  }
  /** i32.trunc_sat_f64_s (non-trapping conversion, 0xFC 2). */
  truncSatF64ToI32(): this { this.bytes.push(0xfc, ...uleb(2)); return this; }
  /** A SIMD instruction without immediates. */
  simd(name: SimdOp): this { this.bytes.push(0xfd, ...uleb(SIMD_PLAIN[name])); return this; }
  /** A SIMD load or store (address on the stack, constant byte offset). */
  simdMem(name: keyof typeof SIMD_MEM, offset = 0): this {
    const [code, align] = SIMD_MEM[name];
    this.bytes.push(0xfd, ...uleb(code), ...uleb(align), ...uleb(offset));
    return this;
  }
  /** i32x4.extract_lane of lane 0..3. */
  extractLane(lane: number): this { this.bytes.push(0xfd, ...uleb(SIMD_LANE.i32x4_extract_lane), lane); return this; }
  /** v128.load32_lane: [address, vector] → the vector with lane `lane` loaded from address + offset. */
  load32Lane(lane: number, offset = 0): this { this.bytes.push(0xfd, ...uleb(0x56), ...uleb(2), ...uleb(offset), lane); return this; }
  /** i8x16.shuffle of two vectors by 16 byte indices (0..31). */
  shuffle(lanes: number[]): this {
    if (lanes.length !== 16) throw new RangeError("wasm emitter: a shuffle takes 16 lane indices");
    this.bytes.push(0xfd, ...uleb(0x0d), ...lanes);
    return this;
  }
  block(): this { this.bytes.push(0x02, VOID); return this; }
  loop(): this { this.bytes.push(0x03, VOID); return this; }
  if(): this { this.bytes.push(0x04, VOID); return this; }
  else(): this { this.bytes.push(0x05); return this; }
  end(): this { this.bytes.push(0x0b); return this; }
  br(depth: number): this { this.bytes.push(0x0c, ...uleb(depth)); return this; }
  brIf(depth: number): this { this.bytes.push(0x0d, ...uleb(depth)); return this; }
  /** The encoded body (§5.5.13): locals run-length encoded, instructions, end. */
  encode(): number[] {
    const runs: [number, ValType][] = [];
    for (const t of this.locals) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    const body = [...uleb(runs.length), ...runs.flatMap(([n, t]) => [...uleb(n), t]), ...this.bytes, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}
function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/**
 * A module of the given functions (each exported under its name) and one linear memory of `pages` 64 KiB pages
 * (fixed size: minimum = maximum), exported as "memory", initialised with `data` at `dataOffset` (default 0).
 *
 * @param functions name → body
 * @param pages memory size in 64 KiB pages (1..65536)
 * @param data initial bytes (tables), within the memory
 * @param dataOffset their address
 * @returns the module's bytes (check with `WebAssembly.validate`)
 * @throws RangeError when the data do not fit
 * @example
 * const f = new WasmCode([I32], [I32]); f.get(0).i32(1).op("i32_add");
 * const bytes = wasmModule({ inc: f }, 1, new Uint8Array(0));
 */
export function wasmModule(functions: Record<string, WasmCode>, pages: number, data: Uint8Array, dataOffset = 0): Uint8Array {
  if (!Number.isInteger(pages) || pages < 1 || pages > 65536) throw new RangeError(`wasm emitter: pages must be in 1..65536, got ${pages}`);
  if (dataOffset + data.length > pages * 65536) throw new RangeError(`wasm emitter: ${data.length} bytes of data do not fit ${pages} pages`);
  const fns = Object.entries(functions);
  const types = fns.map(([, f]) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const out = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x01, ...uleb(pages), ...uleb(pages)]])),
    ...section(7, vec([...fns.map(([n], i) => [...name(n), 0x00, ...uleb(i)]), [...name("memory"), 0x02, 0x00]])),
    ...section(10, vec(fns.map(([, f]) => f.encode()))),
  ];
  const head = Uint8Array.from(out);
  if (data.length === 0) return head;
  // data section: one active segment at dataOffset of memory 0
  const segHead = [0x00, 0x41, ...sleb(BigInt(dataOffset)), 0x0b, ...uleb(data.length)];
  const secHead = [11, ...uleb(1 + segHead.length + data.length), 0x01, ...segHead];
  const bytes = new Uint8Array(head.length + secHead.length + data.length);
  bytes.set(head, 0);
  bytes.set(secHead, head.length);
  bytes.set(data, head.length + secHead.length);
  return bytes;
}
