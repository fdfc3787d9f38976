/** Decoder parameters as geotiff.js passes them to a decoder, plus the image height (to bound strips). */
export interface BlockDecoderParameters {
  tileWidth: number;
  tileHeight: number;
  planarConfiguration: number;
  bitsPerSample: number | ArrayLike<number>;
  predictor: number;
  samplesPerPixel?: number;
  /** Image height (ImageLength), given for strip images only: a strip never holds more rows than this (tiles always hold TileLength rows). */
  imageHeight?: number;
}

/** Tag access of a geotiff.js image file directory, as much as {@link blockDecoderParameters} needs. */
interface FileDirectoryLike {
  hasTag(name: string): boolean;
  loadValue(name: string): Promise<unknown>;
}

/**
 * geotiff.js decoder parameters of an image (tile or strip size, planar configuration, bits, predictor) and
 * the image height, so a decoder can bound its output by the block's expected size.
 * @example addDecoder(8, () => Promise.resolve(NodeDeflateDecoder), blockDecoderParameters, false);
 */
export async function blockDecoderParameters(fd: FileDirectoryLike): Promise<BlockDecoderParameters> {
  const tiled = !fd.hasTag("StripOffsets");
  const imageHeight = Number(await fd.loadValue("ImageLength"));
  return {
    tileWidth: Number(await fd.loadValue(tiled ? "TileWidth" : "ImageWidth")),
    tileHeight: Number(tiled ? await fd.loadValue("TileLength") : ((await fd.loadValue("RowsPerStrip")) || imageHeight)),
    planarConfiguration: Number(await fd.loadValue("PlanarConfiguration")) || 1,
    bitsPerSample: (await fd.loadValue("BitsPerSample")) as number | ArrayLike<number>,
    predictor: Number(await fd.loadValue("Predictor")) || 1,
    imageHeight: tiled ? undefined : imageHeight,
  };
}

/**
 * The most bytes one decoded block (tile or strip) may hold: block width × rows (a strip's rows capped at the
 * image height when `imageHeight` is given) × bytes per pixel (all samples when chunky, one when planar), rounded up per row for bit-packed
 * data. Decoders refuse output past it (decompression bombs, corrupted streams) instead of allocating it.
 * @throws Error when the parameters do not give a positive finite size (corrupted tags).
 * @example expectedBlockBytes({ tileWidth: 256, tileHeight: 256, planarConfiguration: 1, bitsPerSample: [16], predictor: 1 }); // 131072
 */
export function expectedBlockBytes(p: BlockDecoderParameters): number {
  const bits = typeof p.bitsPerSample === "number" ? [p.bitsPerSample] : Array.from(p.bitsPerSample);
  const pixelBits = p.planarConfiguration === 2 ? bits[0] : bits.reduce((a, b) => a + b, 0);
  let rows = p.tileHeight;
  if (p.imageHeight !== undefined && Number.isFinite(p.imageHeight) && p.imageHeight > 0 && rows > p.imageHeight) rows = p.imageHeight;
  const bytes = Math.ceil((p.tileWidth * pixelBits) / 8) * rows;
  if (!Number.isFinite(bytes) || bytes <= 0) {
    throw new Error(`impossible block size (block ${p.tileWidth}x${p.tileHeight}, ${pixelBits} bits per pixel)`);
  }
  return bytes;
}
