import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { readGeoTiff } from "../../src/io/readGeoTiff";
import { writeMapSeries } from "../../src/workbook/writeMapSeries";

// Read back with geotiff.js (readGeoTiff), an implementation independent of the writer's TIFF encoder.
const grid = new LatLonGrid({ west: 127, north: 37, cellSize: 0.01, width: 3, height: 2 });

describe("writeMapSeries", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wms-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("one EPSG:4326 float32 GeoTIFF per day of a cube, NaN written as −9999 and read back as NaN", async () => {
    const cube = Float32Array.from([0.1, 0.2, NaN, 0.4, 0.5, 0.6, NaN, NaN, 0.33, 0.25, 0.125, 0.05]);
    const out = writeMapSeries(cube, { grid, labels: ["2015-05-01", "2015-05-02"], dir: path.join(dir, "daily") });
    expect(out.files.map((f) => path.basename(f))).toEqual(["sm1km_20150501.tif", "sm1km_20150502.tif"]);
    expect(out.nodataPixels).toBe(3);
    expect(out.bytes).toBe(out.files.reduce((s, f) => s + fs.statSync(f).size, 0));
    const r = await readGeoTiff(out.files[1]);
    expect(r.crs).toBe("EPSG:4326");
    expect(r.dataType).toBe("float32");
    expect(r.nodata).toBe(-9999);
    expect([r.width, r.height]).toEqual([3, 2]);
    expect(r.geoTransform).toEqual([127, 0.01, 0, 37, 0, -0.01]);
    const v = Array.from(r.values);
    expect(Number.isNaN(v[0]) && Number.isNaN(v[1])).toBe(true);
    expect(v.slice(2)).toEqual([0.33, 0.25, 0.125, 0.05].map(Math.fround));
    expect(fs.readdirSync(path.join(dir, "daily")).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  test("a list of maps (monthly means) with a suffix", async () => {
    const out = writeMapSeries([new Float32Array(6).fill(0.3)], { grid, labels: ["2015-07"], dir, suffix: "_mean" });
    expect(path.basename(out.files[0])).toBe("sm1km_201507_mean.tif");
    expect(Array.from((await readGeoTiff(out.files[0])).values)).toEqual(new Array(6).fill(Math.fround(0.3)));
  });

  test("bad options are refused by name", () => {
    expect(() => writeMapSeries(new Float32Array(5), { grid, labels: ["a"], dir })).toThrow("writeMapSeries: the cube has 5 values, expected labels.length · grid.size = 6");
    expect(() => writeMapSeries(new Float32Array(6), { grid, labels: [], dir })).toThrow("options.labels must not be empty");
    expect(() => writeMapSeries(new Float32Array(6), { grid, labels: ["../x"], dir })).toThrow("'../x' is not file-name safe");
    expect(() => writeMapSeries([new Float32Array(5)], { grid, labels: ["a"], dir })).toThrow("map 0 has 5 values for a grid of 6");
  });
});
