import { addDecoder, BaseDecoder, getDecoder } from "geotiff";
import { blockDecoderParameters, expectedBlockBytes, type BlockDecoderParameters } from "./blockBytes";

/** The fields of a JPEG frame header (SOFn marker segment) that size its decoding. */
export interface JpegFrameHeader {
  /** The SOF marker's second byte (0xC0 baseline, 0xC1 extended, 0xC2 progressive, …). */
  marker: number;
  precision: number;
  /** Lines (Y); 0 would defer the height to a DNL marker. */
  height: number;
  /** Samples per line (X). */
  width: number;
  components: number;
}

/**
 * The frame headers of a JPEG stream, found by walking its marker segments (and skipping entropy-coded data
 * after each SOS), without decoding anything.
 * @throws Error when the stream does not start with SOI, a segment runs past the end, or a marker is expected
 *   where another byte stands.
 * @example jpegFrameHeaders(tileBytes); // [{ marker: 0xc0, precision: 8, height: 512, width: 512, components: 3 }]
 */
export function jpegFrameHeaders(bytes: Uint8Array): JpegFrameHeader[] {
  const n = bytes.length;
  if (n < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error("JPEG block does not start with an SOI marker");
  const frames: JpegFrameHeader[] = [];
  let p = 2;
  while (p < n) {
    if (bytes[p] !== 0xff) throw new Error(`JPEG block: a marker was expected at byte ${p}`);
    while (p < n && bytes[p] === 0xff) p++; // fill bytes
    if (p >= n) break;
    const marker = bytes[p++];
    if (marker === 0xd9) break; // EOI
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xd8) continue; // no length
    if (p + 2 > n) throw new Error("JPEG block is truncated inside a marker segment");
    const length = (bytes[p] << 8) | bytes[p + 1];
    if (length < 2 || p + length > n) throw new Error(`JPEG block: a segment of ${length} bytes runs past the end of the block`);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (length < 8) throw new Error("JPEG block: a frame header shorter than 8 bytes");
      frames.push({ marker, precision: bytes[p + 2], height: (bytes[p + 3] << 8) | bytes[p + 4], width: (bytes[p + 5] << 8) | bytes[p + 6], components: bytes[p + 7] });
    }
    p += length;
    if (marker === 0xda) {
      // entropy-coded data: up to the next marker that is not a stuffed 0xFF00 or a restart marker
      while (p < n) {
        if (bytes[p] === 0xff && p + 1 < n) {
          const m = bytes[p + 1];
          if (m !== 0x00 && !(m >= 0xd0 && m <= 0xd7) && m !== 0xff) break;
        }
        p++;
      }
    }
  }
  return frames;
}

type DecoderClass = new (parameters: unknown) => BaseDecoder;
let original: Promise<DecoderClass> | null = null;

/**
 * A geotiff.js decoder for TIFF JPEG (7) that checks each block's frame headers against the block's size
 * from the TIFF header before geotiff.js's own JPEG decoder runs: that decoder allocates whatever a frame
 * header declares (65535 × 65535 pixels from a 2-byte edit), so a frame wider or taller than the block, of
 * height 0 (DNL), with more than 4 components or 0, or a stream with no frame, is an error; so is output
 * larger than the block's expected size ({@link expectedBlockBytes}).
 * @throws Error "JPEG frame of W×H pixels is larger than the block …" and the like, naming the sizes.
 */
export class BoundedJpegDecoder extends BaseDecoder {
  private inner: Promise<BaseDecoder> | null = null;

  async decodeBlock(buffer: ArrayBufferLike): Promise<ArrayBufferLike> {
    const p = this.parameters as BlockDecoderParameters & { JPEGTables?: Uint8Array };
    const frames = jpegFrameHeaders(new Uint8Array(buffer as ArrayBuffer));
    if (frames.length === 0) throw new Error("JPEG block has no frame header (SOF)");
    const rows = p.imageHeight !== undefined && p.imageHeight > 0 ? Math.min(p.tileHeight, p.imageHeight) : p.tileHeight;
    for (const f of frames) {
      if (f.height === 0 || f.width === 0) throw new Error(`JPEG frame of ${f.width}x${f.height} pixels is empty or defers its height (DNL), not supported`);
      if (f.width > p.tileWidth || f.height > rows) throw new Error(`JPEG frame of ${f.width}x${f.height} pixels is larger than the ${p.tileWidth}x${rows} block (corrupted or hostile block)`);
      if (f.components < 1 || f.components > 4) throw new Error(`JPEG frame with ${f.components} components (1 to 4 expected)`);
    }
    if (!this.inner) this.inner = (original as Promise<DecoderClass>).then((C) => new C(this.parameters));
    const out = await (await this.inner).decodeBlock(buffer as ArrayBuffer);
    const limit = expectedBlockBytes(p);
    if (out.byteLength > limit) throw new Error(`JPEG block decodes to ${out.byteLength} bytes, more than the expected ${limit} bytes of a block`);
    return out;
  }
}

let registered = false;

/** Registers {@link BoundedJpegDecoder} for compression 7 in geotiff.js, in front of geotiff.js's decoder (idempotent). */
export function registerBoundedJpegDecoder(): void {
  if (registered) return;
  // geotiff.js's own JPEG decoder class, taken from the registry before it is replaced (getDecoder reads
  // the registry synchronously, before its first await)
  original = getDecoder(7, { tileWidth: 1, tileHeight: 1, planarConfiguration: 1, bitsPerSample: 8, predictor: 1 } as never)
    .then((d) => d.constructor as DecoderClass);
  addDecoder(7, () => Promise.resolve(BoundedJpegDecoder), (async (fd: Parameters<typeof blockDecoderParameters>[0]) => ({
    ...(await blockDecoderParameters(fd)),
    JPEGTables: await fd.loadValue("JPEGTables"),
  })) as never, false);
  registered = true;
}
