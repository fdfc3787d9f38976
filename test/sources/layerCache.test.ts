import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { loadProductManifest } from "../../src/manifests/loadProductManifest";
import { ProductSource } from "../../src/sources/ProductSource";
import { LayerCache, LAYER_CACHE_VERSION } from "../../src/sources/layerCache";
import type { Layer } from "../../src/sources/layerSource";

const root = process.cwd();
const fx = (...p: string[]) => path.join(root, "test/fixtures", ...p);
const JAXA = "amsr2-jaxa-l3-smc";
const manifest = loadProductManifest(path.join(root, "data-manifests", `${JAXA}.json`));
const grid = new LatLonGrid({ west: 126, north: 38, cellSize: 0.25, width: 8, height: 8 });
const bytes = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

let tmp = "", dataDir = "", cacheDir = "", productDir = "";
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sm-layercache-"));
  dataDir = path.join(tmp, "data");
  productDir = path.join(dataDir, "real", JAXA);
  cacheDir = path.join(tmp, "cache");
  fs.mkdirSync(productDir, { recursive: true });
  // Copies (not symlinks): the tests change the files.
  for (const f of fs.readdirSync(fx("amsr2")).filter((n) => n.startsWith("GW1AM2_20150401"))) fs.copyFileSync(fx("amsr2", f), path.join(productDir, f));
});
afterEach(() => { fs.rmSync(tmp, { recursive: true, force: true }); });

const open = (codeVersion?: string) => {
  const layerCache = new LayerCache({ dir: cacheDir, codeVersion });
  return { cache: layerCache, src: new ProductSource({ routes: { amsr2_sm: manifest }, dataDir, cacheSize: 0, layerCache }) };
};
const read = (src: ProductSource) => src.getLayer({ variable: "amsr2_sm", grid, date: "2015-04-01" });

describe("LayerCache in ProductSource (decoded layers under SM_DATA_DIR, checksummed)", () => {
  test("a hit returns the decoded layer's bytes, counts and provenance without decoding", async () => {
    const a = open();
    const first = await read(a.src);
    expect(a.src.decodes).toBe(1);
    expect(a.cache.counts).toEqual({ hits: 0, misses: 1, invalidated: 0, corrupt: 0, writes: 1 });
    const b = open();
    const again = await read(b.src);
    expect(b.src.decodes).toBe(0);
    expect(b.cache.counts.hits).toBe(1);
    expect(bytes(again.values).equals(bytes(first.values))).toBe(true);
    expect(again.counts).toEqual(first.counts);
    expect(again.provenance).toBe(first.provenance);
    expect(again.grid.equals(grid)).toBe(true);
    expect(first.counts.valid).toBeGreaterThan(0);
  });

  test("touching or changing a source file, adding a file to the folder, or a new code version invalidates", async () => {
    const ref = await read(open().src);
    const file = path.join(productDir, fs.readdirSync(productDir)[0]);
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(file, later, later);
    let o = open();
    expect(bytes((await read(o.src)).values).equals(bytes(ref.values))).toBe(true);
    expect(o.src.decodes).toBe(1);
    expect(o.cache.counts.invalidated).toBe(1);
    o = open();
    await read(o.src);
    expect(o.src.decodes).toBe(0); // the re-decoded entry is valid again
    fs.writeFileSync(path.join(productDir, "README.txt"), "another file in the folder");
    const dirLater = new Date(Date.now() + 120_000);
    fs.utimesSync(productDir, dirLater, dirLater); // coarse file-system clocks: make the listing change visible
    o = open();
    await read(o.src);
    expect(o.cache.counts.invalidated).toBe(1);
    o = open(`${LAYER_CACHE_VERSION}-next`);
    await read(o.src);
    expect(o.src.decodes).toBe(1);
    expect(o.cache.counts.invalidated).toBe(1);
  });

  test("a corrupt entry (payload byte flipped, truncated, garbage) is detected, counted, re-decoded and never returned", async () => {
    const ref = await read(open().src);
    const entry = fs.readdirSync(cacheDir).filter((n) => n.endsWith(".layer"));
    expect(entry.length).toBe(1);
    const file = path.join(cacheDir, entry[0]);
    const good = fs.readFileSync(file);
    const damage: Array<(b: Buffer) => Buffer> = [
      (b) => { const c = Buffer.from(b); c[c.length - 3] ^= 0x40; return c; },
      (b) => b.subarray(0, b.length - 8),
      () => Buffer.from("not a layer"),
    ];
    for (const d of damage) {
      fs.writeFileSync(file, d(good));
      const o = open();
      const l = await read(o.src);
      expect(o.cache.counts.corrupt).toBe(1);
      expect(o.src.decodes).toBe(1);
      expect(bytes(l.values).equals(bytes(ref.values))).toBe(true);
    }
    expect(fs.readFileSync(file).equals(good)).toBe(true); // rewritten with the same bytes (deterministic entry)
  });

  test("put/get by key; another key's file is refused as corrupt; bad options name the option", () => {
    const cache = new LayerCache({ dir: cacheDir });
    const values = Float32Array.from([1.5, NaN, -2, 3e-8]);
    const layer: Layer = { variable: "lst", date: "2026-01-01", grid: new LatLonGrid({ west: 0, north: 1, cellSize: 0.5, width: 2, height: 2 }), values, units: "K", counts: { valid: 3 }, provenance: "p" };
    cache.put("a", layer, [], []);
    expect(bytes(cache.get("a")!.values).equals(bytes(values))).toBe(true);
    fs.copyFileSync(cache.fileOf("a"), cache.fileOf("b"));
    expect(cache.get("b")).toBeNull();
    expect(cache.counts).toEqual({ hits: 1, misses: 1, invalidated: 0, corrupt: 1, writes: 1 });
    expect(fs.readdirSync(cacheDir).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    expect(() => new LayerCache({ dir: "" })).toThrow("LayerCache: options.dir must be a folder path");
    expect(() => new LayerCache({ dir: cacheDir, codeVersion: "" })).toThrow("options.codeVersion must be a non-empty string");
  });
});
