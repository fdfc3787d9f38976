const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (PNG/zlib polynomial) of bytes. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/**
 * Sets the physical resolution of a PNG (its `pHYs` chunk, pixels per metre) so that viewers and
 * word processors size a 300-dpi export correctly. An existing `pHYs` chunk is replaced; the new one
 * goes right after `IHDR`. Pixel data are untouched.
 *
 * @param png the PNG bytes
 * @param options `dpi` (default 300)
 * @returns new PNG bytes
 * @throws RangeError when the bytes are not a PNG or dpi is not > 0
 * @example
 * const out = setPngDpi(pngBytes, { dpi: 300 }); // pHYs = 11811 px/m
 */
export function setPngDpi(png: Uint8Array, options: { dpi?: number } = {}): Uint8Array {
  const dpi = options.dpi ?? 300;
  if (!(dpi > 0)) throw new RangeError(`setPngDpi: dpi must be > 0, got ${dpi}`);
  for (let i = 0; i < 8; i++) if (png[i] !== SIGNATURE[i]) throw new RangeError("setPngDpi: not a PNG (bad signature)");
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: Uint8Array[] = [png.subarray(0, 8)];
  const ppm = Math.round(dpi / 0.0254);
  const phys = new Uint8Array(21);
  const pv = new DataView(phys.buffer);
  pv.setUint32(0, 9);
  phys.set([0x70, 0x48, 0x59, 0x73], 4); // "pHYs"
  pv.setUint32(8, ppm);
  pv.setUint32(12, ppm);
  phys[16] = 1; // unit: metre
  pv.setUint32(17, crc32(phys.subarray(4, 17)));
  let off = 8;
  let inserted = false;
  while (off + 8 <= png.length) {
    const len = view.getUint32(off);
    const type = String.fromCharCode(png[off + 4], png[off + 5], png[off + 6], png[off + 7]);
    const end = off + 12 + len;
    if (end > png.length) throw new RangeError(`setPngDpi: truncated ${type} chunk at byte ${off}`);
    if (type !== "pHYs") chunks.push(png.subarray(off, end));
    if (type === "IHDR" && !inserted) { chunks.push(phys); inserted = true; }
    off = end;
    if (type === "IEND") break;
  }
  if (!inserted) throw new RangeError("setPngDpi: no IHDR chunk");
  const total = chunks.reduce((a, c) => a + c.length, 0);
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) { out.set(c, p); p += c.length; }
  return out;
}

/**
 * Reads the resolution of a PNG from its `pHYs` chunk, in dots per inch (NaN when absent or not in metres).
 * @example
 * pngDpi(setPngDpi(png, { dpi: 300 })); // 299.9994 (11811 px/m)
 */
export function pngDpi(png: Uint8Array, options: Record<string, never> = {}): number {
  void options;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let off = 8;
  while (off + 8 <= png.length) {
    const len = view.getUint32(off);
    const type = String.fromCharCode(png[off + 4], png[off + 5], png[off + 6], png[off + 7]);
    if (type === "pHYs") return png[off + 16] === 1 ? view.getUint32(off + 8) * 0.0254 : NaN;
    if (type === "IEND") break;
    off += 12 + len;
  }
  return NaN;
}
