import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LatLonGrid } from "../../src/grid/latLonGrid";
import { writeGeoTiff } from "../../src/io/writeGeoTiff";

// GDAL's COG validator, shipped by Debian's python3-gdal (CI installs it); tests needing it are skipped without it
const VALIDATOR = ["/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_cloud_optimized_geotiff.py", "/usr/share/doc/python3-gdal/examples/validate_cloud_optimized_geotiff.py"].find((p) => fs.existsSync(p));
const PYTHON = "/usr/bin/python3";
const withGdal = VALIDATOR && fs.existsSync(PYTHON) ? test : test.skip;

describe("COGs with internal overviews", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cog-ovr-"));
  const grid = new LatLonGrid({ west: 100, north: 54, cellSize: 0.01, width: 1000, height: 700 });
  let s = 5;
  const r = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
  const values = new Float32Array(grid.size).map(() => (r() < 0.2 ? NaN : Math.round(500 + 3000 * r())));

  test("auto levels halve until one tile; the overview is the 2 × 2 mean of the valid values", () => {
    const f = path.join(dir, "a.tif");
    const res = writeGeoTiff(f, values, { grid, dataType: "int16", nodata: -32768, scale: 1e-4, offset: 0, tileSize: 256, overviews: "auto" });
    expect(res.overviews).toBe(2); // 1000×700 → 500×350 → 250×175 (one tile)
    expect(res.tiles).toBe(4 * 3);
    expect(() => writeGeoTiff(f, values, { grid, overviews: 17 })).toThrow(/overviews must be an integer in 0..16 or "auto", got 17/);
  });

  withGdal("GDAL's validator accepts the files and reads the overviews as numpy's nanmean of 2 × 2 blocks", () => {
    for (const [name, opts] of [
      ["int16.tif", { dataType: "int16", nodata: -32768, scale: 1e-4, offset: 0, tileSize: 256, overviews: "auto" }],
      ["float32.tif", { dataType: "float32", nodata: -9999, tileSize: 512, overviews: 3 }],
    ] as const) {
      const f = path.join(dir, name);
      writeGeoTiff(f, values, { grid, ...opts });
      const v = spawnSync(PYTHON, [VALIDATOR as string, f], { encoding: "utf8" });
      expect([name, v.status, v.stdout.trim().split("\n")[0]]).toEqual([name, 0, `${f} is a valid cloud optimized GeoTIFF`]);
      const py = `
import sys, numpy as np, warnings
from osgeo import gdal
warnings.simplefilter("ignore")
ds = gdal.Open(sys.argv[1]); b = ds.GetRasterBand(1); nd = b.GetNoDataValue()
a = b.ReadAsArray().astype(float); a[a == nd] = np.nan
worst = 0.0
for k in range(b.GetOverviewCount()):
    o = b.GetOverview(k).ReadAsArray().astype(float); o[o == nd] = np.nan
    h, w = a.shape
    p = np.full(((h + 1) // 2 * 2, (w + 1) // 2 * 2), np.nan); p[:h, :w] = a
    m = np.nanmean(p.reshape(p.shape[0] // 2, 2, p.shape[1] // 2, 2), axis=(1, 3))
    if nd == -32768: m = np.round(m)
    assert o.shape == m.shape, (o.shape, m.shape)
    assert (np.isnan(o) == np.isnan(m)).all()
    worst = max(worst, float(np.nanmax(np.abs(o - m))))
    a = m
print(b.GetOverviewCount(), worst)
`;
      const out = spawnSync(PYTHON, ["-c", py, f], { encoding: "utf8" });
      expect(out.stderr).toBe("");
      const [levels, worst] = out.stdout.trim().split(" ").map(Number);
      expect([name, levels]).toEqual([name, name === "int16.tif" ? 2 : 3]);
      // each level is averaged from the previous (as written) level: equal up to float32 / integer rounding of the mean
      expect(worst).toBeLessThanOrEqual(name === "int16.tif" ? 1 : 1e-3);
    }
  });
});
