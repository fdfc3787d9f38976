import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readGeoTiff, parseNoData, compressionName } from "../../src/io/readGeoTiff";
import { geoKeysToCrs } from "../../src/io/geoKeysToCrs";
import { parseGdalMetadata } from "../../src/io/parseGdalMetadata";
import { NodeDeflateDecoder } from "../../src/io/nodeDeflateDecoder";
import { decodeLzw } from "../../src/io/fastLzwDecoder";
import { deflateSync } from "node:zlib";

// Expected values come from GDAL 3.6.2: test/fixtures/geotiff/make-expected.py (gdalinfo -json -stats,
// gdalsrsinfo -o proj4, gdallocationinfo -valonly, numpy statistics of gdal_translate -of ENVI output).
const dir = path.join(process.cwd(), "test/fixtures/geotiff");
interface Band { band: number; type: string; noDataValue: number | string | null; scale: number; offset: number; npCount: number; npMin: number | null; npMax: number | null; npMean: number | null }
interface Entry { size: [number, number]; geoTransform: number[] | null; epsg: number | null; proj4: string | null; bands: Band[]; samples: { band: number; col: number; row: number; raw: string }[] }
const expected = JSON.parse(fs.readFileSync(path.join(dir, "gdal-expected.json"), "utf8")) as Record<string, Entry>;
const names = Object.keys(expected).filter((k) => !k.startsWith("_"));

const gdalType: Record<string, string> = { Byte: "uint8", UInt16: "uint16", Int16: "int16", Float32: "float32", Float64: "float64" };

function closeRel(a: number, b: number, rel = 1e-9): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

describe("readGeoTiff against GDAL on every fixture variant", () => {
  test.each(names)("%s", async (name) => {
    const e = expected[name];
    for (const b of e.bands) {
      const r = await readGeoTiff(path.join(dir, name), { band: b.band, applyScale: false });
      expect([r.width, r.height]).toEqual(e.size);
      expect(r.bandCount).toBe(e.bands.length);
      if (name === "random-fp16-pred2.tiff") expect(r.dataType).toBe("float16"); // GDAL exposes it as Float32
      else expect(r.dataType).toBe(gdalType[b.type]);
      // georeferencing
      if (e.geoTransform === null) expect(r.geoTransform).toBeNull();
      else r.geoTransform!.forEach((v, i) => expect(closeRel(v, e.geoTransform![i], 1e-12)).toBe(true));
      if (e.epsg !== null) expect(r.crs).toBe(`EPSG:${e.epsg}`);
      else if (e.proj4 !== null && r.crs && r.crs.startsWith("+proj")) expect(r.crs).toBe(e.proj4);
      // nodata, scale, offset
      if (b.noDataValue === null) expect(r.nodata).toBeNull();
      else if (b.noDataValue === "NaN") expect(r.nodata).toBeNaN();
      else expect(closeRel(r.nodata!, Number(b.noDataValue), 1e-7)).toBe(true);
      expect(closeRel(r.declaredScale, b.scale)).toBe(true);
      expect(closeRel(r.declaredOffset, b.offset)).toBe(true);
      // statistics of the raw, NaN-masked values
      expect(r.counts.valid).toBe(b.npCount);
      expect(r.counts.total).toBe(e.size[0] * e.size[1]);
      let min = Infinity, max = -Infinity, sum = 0;
      for (const v of r.values) if (v === v) { if (v < min) min = v; if (v > max) max = v; sum += v; }
      if (b.npCount > 0) {
        expect(min).toBe(b.npMin);
        expect(max).toBe(b.npMax);
        expect(closeRel(sum / r.counts.valid, b.npMean!, 1e-9)).toBe(true);
      }
      // pixels
      for (const s of e.samples.filter((x) => x.band === b.band)) {
        const v = r.values[s.row * r.width + s.col];
        const raw = Number(s.raw);
        if (Number.isNaN(raw) || (r.nodata !== null && closeRel(raw, r.nodata, 1e-7))) expect(v).toBeNaN();
        else expect(closeRel(v, raw, 1e-12)).toBe(true);
      }
    }
  });

  test("BigTIFF in both byte orders is read (MM sample and AppEEARS II COG)", async () => {
    const mm = fs.readFileSync(path.join(dir, "BigTIFFMotorola.tif"));
    expect(mm.subarray(0, 4)).toEqual(Buffer.from([0x4d, 0x4d, 0x00, 0x2b]));
    const ii = fs.readFileSync(path.join(dir, "MOD11A2.061_LST_Day_1km_doy2026001000000_aid0001.tif"));
    expect(ii.subarray(0, 4)).toEqual(Buffer.from([0x49, 0x49, 0x2b, 0x00]));
  });

  test("scale/offset from GDAL_METADATA are applied: AppEEARS LST x 0.02 K, cog_scale per band", async () => {
    const lst = await readGeoTiff(path.join(dir, "MOD11A2.061_LST_Day_1km_doy2026001000000_aid0001.tif"));
    expect(lst.scale).toBeCloseTo(0.02, 12);
    expect(lst.scaleSource).toBe("band");
    expect(lst.units).toBe("Kelvin");
    expect(lst.values[401 * lst.width + 478]).toBeCloseTo(15063 * 0.02, 3); // gdallocationinfo raw 15063
    expect(lst.counts.nodata).toBe(lst.width * lst.height - 380585);
    const b2 = await readGeoTiff(path.join(dir, "cog_scale.tif"), { band: 2 });
    expect(b2.scale).toBeCloseTo(0.001, 12);
    expect(b2.offset).toBe(2000);
    expect(b2.values[100 * 256 + 100]).toBeCloseTo(4686 * 0.001 + 2000, 2);
  });

  test("nodata -3.4e+38 (float32-rounded) and NaN nodata are masked and counted", async () => {
    const nt = await readGeoTiff(path.join(dir, "nt_20201024_f18_nrt_s.tif"));
    expect(nt.nodata).toBe(-3.4e38);
    expect(nt.counts.nodata).toBe(316 * 332 - 82863);
    expect(nt.values[100 * 316 + 200]).toBeNaN();
    const fn = await readGeoTiff(path.join(dir, "float_nan.tif"));
    expect(fn.counts).toEqual({ total: 6, valid: 5, nodata: 1, nonFinite: 0, outOfRange: 0 });
  });

  test("a window returns the sub-array and a shifted geotransform", async () => {
    const full = await readGeoTiff(path.join(dir, "world.byte.tif"));
    const w = await readGeoTiff(path.join(dir, "world.byte.tif"), { window: [1400, 580, 1450, 620] });
    expect([w.width, w.height]).toEqual([50, 40]);
    expect(w.values[(600 - 580) * 50 + (1440 - 1400)]).toBe(full.values[600 * 2880 + 1440]);
    expect(w.geoTransform).toEqual([-180 + 1400 * 0.125, 0.125, 0, 75 - 580 * 0.125, 0, -0.125]);
    expect(w.bbox).toEqual([-5, -2.5, 1.25, 2.5]);
  });

  test("validRange masks and counts out-of-range scaled values", async () => {
    const r = await readGeoTiff(path.join(dir, "MOD13A1_NDVI_2016_001.tif"), { validRange: [-1999, 10000] });
    const all = await readGeoTiff(path.join(dir, "MOD13A1_NDVI_2016_001.tif"));
    let minus2000 = 0;
    for (const v of all.values) if (v === -2000) minus2000++;
    expect(minus2000).toBeGreaterThan(0);
    expect(r.counts.outOfRange).toBe(minus2000);
    expect(r.counts.valid).toBe(7736 - minus2000);
  });

  test("PixelIsPoint files get GDAL's half-pixel shift", async () => {
    const r = await readGeoTiff(path.join(dir, "cog_int16.tif"), { window: [0, 0, 4, 4] });
    expect(r.geoTransform![0]).toBeCloseTo(373185, 6);
    expect(r.geoTransform![3]).toBeCloseTo(8286015, 6);
  });

  test("JPEG + YCbCr imagery is converted to RGB like GDAL (within ±2 from chroma upsampling)", async () => {
    // gdallocationinfo -valonly -b B cogeo.tif COL ROW (GDAL 3.6.2); band means: numpy over gdal_translate -of ENVI
    const gdal = [[500, 500, 226, 225, 223], [10, 20, 194, 190, 187], [1000, 900, 66, 67, 71], [300, 700, 143, 149, 145], [0, 0, 228, 226, 231], [1023, 1023, 88, 97, 104]];
    const means = [109.97268104553223, 120.66806888580322, 126.95426750183105];
    for (const band of [1, 2, 3]) {
      const r = await readGeoTiff(path.join(dir, "cogeo.tif"), { band });
      expect(r.compression).toBe("JPEG (7)");
      expect(r.crs).toBe("EPSG:3857");
      for (const [c, row, ...rgb] of gdal) expect(Math.abs(r.values[row * 1024 + c] - rgb[band - 1])).toBeLessThanOrEqual(2);
      let sum = 0;
      for (const v of r.values) sum += v;
      expect(Math.abs(sum / r.values.length - means[band - 1])).toBeLessThan(0.5);
    }
  });

  test("MODIS sinusoidal user-defined CRS becomes the AppEEARS proj string", async () => {
    const r = await readGeoTiff(path.join(dir, "MOD13A1_NDVI_2016_001.tif"), { window: [0, 0, 1, 1] });
    expect(r.crs).toBe("+proj=sinu +lon_0=0 +x_0=0 +y_0=0 +R=6371007.181 +units=m +no_defs");
  });
});

describe("readGeoTiff errors name the file and the problem", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "readgeotiff-"));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test("WEBP compression is reported by name", async () => {
    await expect(readGeoTiff(path.join(dir, "usda_naip_256_webp_z3.tif"))).rejects.toThrow(/usda_naip_256_webp_z3\.tif: compression WEBP \(50001\) is not supported/);
  });
  test("complex samples are reported", async () => {
    await expect(readGeoTiff(path.join(dir, "cint16.tif"))).rejects.toThrow(/cint16\.tif: sample type cint16 \(complex\)/);
  });
  test("a truncated copy fails naming the file", async () => {
    const src = fs.readFileSync(path.join(dir, "world.byte.tif"));
    const cut = path.join(tmp, "world-truncated.tif");
    fs.writeFileSync(cut, src.subarray(0, Math.floor(src.length * 0.6)));
    await expect(readGeoTiff(cut)).rejects.toThrow(/world-truncated\.tif: .*truncated/);
    const head = path.join(tmp, "header-only.tif");
    fs.writeFileSync(head, src.subarray(0, 6));
    await expect(readGeoTiff(head)).rejects.toThrow(/header-only\.tif: file is truncated or not a TIFF/);
  });
  test("a corrupted Deflate stream fails naming the file and compression", async () => {
    const src = Buffer.from(fs.readFileSync(path.join(dir, "RGBA.uint16.tif")));
    // overwrite the middle of the file (inside compressed strips) with garbage
    for (let i = 8000; i < 14000; i++) src[i] = (i * 7919) & 0xff;
    const bad = path.join(tmp, "rgba-corrupted.tif");
    fs.writeFileSync(bad, src);
    await expect(readGeoTiff(bad)).rejects.toThrow(/rgba-corrupted\.tif: cannot decode DEFLATE \(8\) uint16 data/);
  });
  test("a non-TIFF file and a missing file", async () => {
    const txt = path.join(tmp, "notes.tif");
    fs.writeFileSync(txt, "this is not a tiff at all");
    await expect(readGeoTiff(txt)).rejects.toThrow(/notes\.tif: not a readable TIFF/);
    await expect(readGeoTiff(path.join(tmp, "missing.tif"))).rejects.toThrow(/missing\.tif: cannot open/);
  });
  test("bad options are rejected before any work, naming the option", async () => {
    await expect(readGeoTiff("nowhere.tif", { band: 0 })).rejects.toThrow(/band must be an integer >= 1, got 0/);
    await expect(readGeoTiff("nowhere.tif", { window: [5, 0, 2, 3] })).rejects.toThrow(/window must be/);
    await expect(readGeoTiff(path.join(dir, "float.tif"), { band: 2 })).rejects.toThrow(/band must be <= 1 for .*float\.tif, got 2/);
  });
});

describe("helpers", () => {
  test("parseNoData", () => {
    expect(parseNoData("nan")).toBeNaN();
    expect(Math.fround(parseNoData("-3.39999995214436425e+38")!)).toBe(Math.fround(-3.4e38));
    expect(parseNoData(" 255\0")).toBe(255);
    expect(parseNoData(undefined)).toBeNull();
    expect(compressionName(50001)).toBe("WEBP (50001)");
  });
  test("geoKeysToCrs examples", () => {
    expect(geoKeysToCrs({ GTModelTypeGeoKey: 2, GeographicTypeGeoKey: 4326 })).toBe("EPSG:4326");
    expect(geoKeysToCrs({ GTModelTypeGeoKey: 1, ProjectedCSTypeGeoKey: 32767, ProjCoordTransGeoKey: 24,
      GeogSemiMajorAxisGeoKey: 6371007.181, GeogSemiMinorAxisGeoKey: 6371007.181, ProjCenterLongGeoKey: 0 }))
      .toBe("+proj=sinu +lon_0=0 +x_0=0 +y_0=0 +R=6371007.181 +units=m +no_defs");
    expect(geoKeysToCrs(null)).toBeNull();
  });
  test("NodeDeflateDecoder inflates zlib streams, also without the Adler-32 trailer", () => {
    const data = Buffer.alloc(10000).map((_, i) => (i * 31) & 0xff);
    const z = deflateSync(data);
    const dec = new NodeDeflateDecoder({ tileWidth: 100, tileHeight: 100, predictor: 1, bitsPerSample: 8, planarConfiguration: 1 });
    expect(Buffer.from(dec.decodeBlock(z.buffer.slice(z.byteOffset, z.byteOffset + z.length)) as ArrayBuffer)).toEqual(data);
    const cut = z.subarray(0, z.length - 4);
    expect(Buffer.from(dec.decodeBlock(cut.buffer.slice(cut.byteOffset, cut.byteOffset + cut.length)) as ArrayBuffer)).toEqual(data);
    expect(() => dec.decodeBlock(new Uint8Array([1, 2, 3, 4]).buffer)).toThrow();
  });
  test("decodeLzw: a hand-made TIFF LZW stream, the KwKwK case, and corrupted codes", () => {
    const pack = (codes: number[], width = 9) => {
      let bits = "";
      for (const c of codes) bits += c.toString(2).padStart(width, "0");
      while (bits.length % 8) bits += "0";
      return Uint8Array.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
    };
    // Clear, 'A', 'B', 258 (= "AB"), EOI → "ABAB"
    expect(Buffer.from(decodeLzw(pack([256, 65, 66, 258, 257]))).toString("latin1")).toBe("ABAB");
    // 'A', 258 before it is defined (= "A" + "A") → "AAA"
    expect(Buffer.from(decodeLzw(pack([256, 65, 258, 257]))).toString("latin1")).toBe("AAA");
    expect(() => decodeLzw(pack([256, 65, 300, 257]))).toThrow(/corrupted LZW stream: code 300 is not defined/);
    expect(() => decodeLzw(pack([256, 300, 257]))).toThrow(/corrupted LZW stream: code 300 after a clear code/);
  });
  test("parseGdalMetadata example", () => {
    expect(parseGdalMetadata('<GDALMetadata><Item name="SCALE" sample="0" role="scale">0.5</Item></GDALMetadata>').bands[0].SCALE).toBe("0.5");
  });
});
