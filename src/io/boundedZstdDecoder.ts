import { addDecoder, BaseDecoder } from "geotiff";
import { ZSTDDecoder } from "zstddec";
import { blockDecoderParameters, expectedBlockBytes, type BlockDecoderParameters } from "./blockBytes";

let zstd: ZSTDDecoder | null = null;
let ready: Promise<void> | null = null;

/**
 * A geotiff.js decoder for TIFF ZSTD (50000) that decodes each block in one call into a buffer of the block's
 * expected size ({@link expectedBlockBytes}). geotiff.js's own decoder streams blocks whose frame does not
 * state its size (libtiff writes such frames) and never checks the stream's error codes, so a corrupted block
 * header loops for ever; here a corrupted block, or one that decodes past the expected size (a decompression
 * bomb), is an error.
 * @throws Error "ZSTD block is corrupted or decodes past the expected N bytes of a block".
 */
export class BoundedZstdDecoder extends BaseDecoder {
  async decodeBlock(buffer: ArrayBufferLike): Promise<ArrayBufferLike> {
    if (!zstd) { zstd = new ZSTDDecoder(); ready = zstd.init(); }
    await ready;
    const limit = expectedBlockBytes(this.parameters as BlockDecoderParameters);
    const input = new Uint8Array(buffer as ArrayBuffer);
    // ZSTD_decompress into `limit` bytes: returns the decoded size, or an error code (negative here) that
    // leaves an empty result: corrupted data, or content larger than the destination.
    const out = (zstd as ZSTDDecoder).decode(input, limit);
    if (out.byteLength === 0) throw new Error(`ZSTD block is corrupted or decodes past the expected ${limit} bytes of a block`);
    return out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength);
  }
}

let registered = false;

/** Registers {@link BoundedZstdDecoder} for compression 50000 in geotiff.js (idempotent). */
export function registerBoundedZstdDecoder(): void {
  if (registered) return;
  addDecoder(50000, () => Promise.resolve(BoundedZstdDecoder), blockDecoderParameters as never, false);
  registered = true;
}
