import * as zlib from "node:zlib";
import { zipSync } from "fflate";
import { crc32 } from "../../src/io/crc32";
import { unzipChecked } from "../../src/io/unzipChecked";
import { decodeText } from "../../src/io/decodeText";
import { expectedBlockBytes } from "../../src/io/blockBytes";
import { decodeLzw } from "../../src/io/fastLzwDecoder";
import { NodeDeflateDecoder } from "../../src/io/nodeDeflateDecoder";

describe("bounded decoding helpers", () => {
  test("crc32 gives the CRC-32/ISO-HDLC check value and gzip's trailer", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926); // the catalogued check value of CRC-32
    const data = Buffer.from("sm-downscale bounded decoding ".repeat(100));
    const gz = zlib.gzipSync(data);
    expect(crc32(data)).toBe(gz.readUInt32LE(gz.length - 8)); // zlib's own CRC in the gzip trailer
  });

  test("unzipChecked returns entries, refuses a CRC mismatch and oversized declarations", () => {
    const enc = new TextEncoder();
    const zip = Buffer.from(zipSync({ "a/x.txt": enc.encode("hello"), "__proto_x": enc.encode("p") }));
    const m = unzipChecked(zip, "t.zip");
    expect(Buffer.from(m.get("a/x.txt") as Uint8Array).toString()).toBe("hello");
    // an entry named __proto__ (names patched in both headers): fflate cannot return it, so it is refused, not dropped
    const proto = Buffer.from(zip.toString("latin1").split("__proto_x").join("__proto__"), "latin1");
    expect(() => unzipChecked(proto, "t.zip")).toThrow(/t\.zip: zip entry __proto__ is listed in the directory but could not be read/);
    const cd = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const bad = Buffer.from(zip);
    bad.writeUInt32LE((bad.readUInt32LE(cd + 16) ^ 1) >>> 0, cd + 16);
    expect(() => unzipChecked(bad, "t.zip")).toThrow(/^t\.zip: zip entry a\/x\.txt is damaged: CRC-32 /);
    expect(() => unzipChecked(zip, "t.zip", { maxEntryBytes: 3 })).toThrow(/t\.zip: zip entry a\/x\.txt declares 5 bytes uncompressed, more than the 3 allowed/);
    expect(() => unzipChecked(Buffer.from("not a zip"), "t.zip")).toThrow(/t\.zip: not a zip archive/);
  });

  test("decodeText: UTF-8 when valid, else Latin-1; BOM removed", () => {
    expect(decodeText(Buffer.from("\uFEFFZürich", "utf8"))).toEqual({ text: "Zürich", encoding: "utf-8" });
    expect(decodeText(Buffer.from("Zürich", "latin1"))).toEqual({ text: "Zürich", encoding: "latin1" });
  });

  test("expected block sizes: tiles, strips capped at the image height, planar, bits", () => {
    expect(expectedBlockBytes({ tileWidth: 256, tileHeight: 256, planarConfiguration: 1, bitsPerSample: [16], predictor: 1 })).toBe(131072);
    expect(expectedBlockBytes({ tileWidth: 10, tileHeight: 2 ** 32 - 1, planarConfiguration: 1, bitsPerSample: [8, 8, 8], predictor: 1, imageHeight: 7 })).toBe(210);
    expect(expectedBlockBytes({ tileWidth: 10, tileHeight: 4, planarConfiguration: 2, bitsPerSample: [32, 32], predictor: 1 })).toBe(160);
    expect(expectedBlockBytes({ tileWidth: 9, tileHeight: 2, planarConfiguration: 1, bitsPerSample: 1, predictor: 1 })).toBe(4);
    expect(() => expectedBlockBytes({ tileWidth: 0, tileHeight: 2, planarConfiguration: 1, bitsPerSample: 8, predictor: 1 })).toThrow(/impossible block size/);
  });

  test("Deflate and LZW refuse output past the expected size instead of allocating it", () => {
    const params = { tileWidth: 16, tileHeight: 16, planarConfiguration: 1, bitsPerSample: [8], predictor: 1 };
    const d = new NodeDeflateDecoder(params as never);
    const ok = zlib.deflateSync(Buffer.alloc(256, 7));
    expect(Buffer.from(d.decodeBlock(ok.buffer.slice(ok.byteOffset, ok.byteOffset + ok.length)) as ArrayBuffer)).toEqual(Buffer.alloc(256, 7));
    const bomb = zlib.deflateSync(Buffer.alloc(1 << 24));
    expect(() => d.decodeBlock(bomb.buffer.slice(bomb.byteOffset, bomb.byteOffset + bomb.length))).toThrow(/inflates past the expected 256 bytes/);
    // LZW (9-bit codes): Clear, 'a', then the codes 258, 259, 260 as each is being defined ("aa", "aaa",
    // "aaaa"), End: 1 + 2 + 3 + 4 = 10 bytes of 'a'
    const codes = [256, 97, 258, 259, 260, 257];
    const bits = codes.map((c) => c.toString(2).padStart(9, "0")).join("");
    const bytes = new Uint8Array(Math.ceil(bits.length / 8));
    for (let i = 0; i < bits.length; i++) if (bits[i] === "1") bytes[i >> 3] |= 0x80 >> (i & 7);
    const full = decodeLzw(bytes);
    expect(Buffer.from(full).toString()).toBe("a".repeat(10));
    expect(() => decodeLzw(bytes, 4, 4)).toThrow(/LZW block decodes past the expected 4 bytes/);
  });
});
