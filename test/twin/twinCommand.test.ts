import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { fromFile } from "geotiff";
import { main } from "../../src/cli/main";
import type { CommandIO } from "../../src/cli/command";
import { openTwin, twinConfig } from "../../src/twin";

function collector(): CommandIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [], stderr: string[] = [];
  return { stdout, stderr, out: (t) => { stdout.push(t); }, err: (t) => { stderr.push(t); } };
}

describe("sm-downscale twin", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "twin-cli-"));
  const dataDir = path.join(work, "data");
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test("writes GeoTIFFs that read back (geotiff.js) as the source's layers, a station CSV and a summary", async () => {
    const out = path.join(work, "out");
    const io = collector();
    expect(await main(["twin", "--config", "tiny", "--out", out, "--data-dir", dataDir, "--date", "2015-05-03"], io)).toBe(0);
    const text = io.stdout.join("\n");
    expect(text).toMatch(/twin tiny seed 20170507: 2014-11-01…2015-05-31 \(212 days\)/);
    expect(text).toMatch(/gldas_sm\s+min\s+0\.\d+\s+mean/);
    expect(text).toMatch(/ascat_sm .*missing\s+\d+\.\d %/);
    const twin = openTwin(twinConfig("tiny"), { dataDir });
    for (const [file, variable, grid] of [
      ["025deg/gldas_sm_2015-05-03.tif", "gldas_sm", twin.coarseGrid], ["1km/truth_sm_2015-05-03.tif", "truth_sm", twin.fineGrid],
      ["1km/landcover.tif", "landcover", twin.fineGrid], ["025deg/lst_2015-05-03.tif", "lst", twin.coarseGrid],
    ] as const) {
      const tiff = await fromFile(path.join(out, file));
      const img = await tiff.getImage();
      expect([img.getWidth(), img.getHeight()]).toEqual([grid.width, grid.height]);
      expect(img.getOrigin().slice(0, 2)).toEqual([grid.west, grid.north]);
      expect(img.getResolution()[0]).toBeCloseTo(grid.cellSize, 12);
      const raster = (await img.readRasters({ interleave: true })) as unknown as ArrayLike<number>;
      const expected = twin.layer({ variable, grid, date: "2015-05-03" }).values;
      const nodata = variable === "landcover" ? 0 : -9999;
      for (let i = 0; i < expected.length; i += 7) {
        const got = raster[i] === nodata ? NaN : raster[i];
        if (Number.isNaN(expected[i])) expect(got).toBeNaN(); else expect(got).toBe(expected[i]);
      }
    }
    // the cloud mask at both resolutions, read back
    for (const [file, grid] of [["025deg/clear_sky_2015-05-03.tif", twin.coarseGrid], ["1km/clear_sky_2015-05-03.tif", twin.fineGrid]] as const) {
      const img = await (await fromFile(path.join(out, file))).getImage();
      const raster = (await img.readRasters({ interleave: true })) as unknown as ArrayLike<number>;
      const expected = twin.clearSky(grid, "2015-05-03").values;
      for (let i = 0; i < expected.length; i += 5) {
        if (Number.isNaN(expected[i])) expect(raster[i]).toBe(-9999); else expect(raster[i]).toBe(expected[i]);
      }
    }
    expect(fs.existsSync(path.join(out, "1km/precip_2015-05-03.tif"))).toBe(true);
    const csv = fs.readFileSync(path.join(out, "stations.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("station,name,lat,lon,alt_m,date,sm_10cm,precip_mm");
    // station series exist from the start of the 1 km run (61 days before the first kept day): 1 March–31 May
    const cheongju = csv.filter((l) => l.startsWith("b,Cheongju,36.588,127.505,57,"));
    expect(cheongju.length).toBe(92);
    expect(cheongju[0]).toMatch(/,2015-03-01,0\.\d{4},\d+\.\d$/);
  }, 300000); // generates the tiny twin into a fresh data dir first: ~30 s alone, past 60 s on a loaded 2-core machine

  test("--from/--to writes every day of the range at both resolutions", async () => {
    const out = path.join(work, "range");
    const io = collector();
    expect(await main(["twin", "--config", "tiny", "--out", out, "--data-dir", dataDir, "--from", "2015-05-13", "--to", "2015-05-15"], io)).toBe(0);
    const c = fs.readdirSync(path.join(out, "025deg")), f = fs.readdirSync(path.join(out, "1km"));
    for (const d of ["2015-05-13", "2015-05-14", "2015-05-15"]) expect(c).toContain(`gldas_sm_${d}.tif`);
    // 1 km layers exist for the kept days only (tiny keeps 2015-05-01 … 2015-05-14)
    expect(f).toContain("truth_sm_2015-05-14.tif");
    expect(f).toContain("clear_sky_2015-05-13.tif");
    expect(f).not.toContain("truth_sm_2015-05-15.tif");
  });

  test("usage errors exit 2 naming the option", async () => {
    for (const [argv, re] of [
      [["twin", "--config", "huge", "--out", work], /--config must be 'default', 'domain' or 'tiny'/],
      [["twin", "--config", "tiny"], /--out DIR is required/],
      [["twin", "--config", "tiny", "--out", work, "--seed", "1.5"], /--seed must be an integer/],
      [["twin", "--config", "tiny", "--out", work, "--date", "2015-13-01"], /--date must be YYYY-MM-DD/],
      [["twin", "--config", "tiny", "--out", work, "--from", "2015-05-01"], /--from and --to must be given together/],
      [["twin", "--config", "tiny", "--out", work, "--from", "2015-05-03", "--to", "2015-05-01"], /--to 2015-05-01 is before --from 2015-05-03/],
    ] as const) {
      const io = collector();
      expect(await main([...argv], io)).toBe(2);
      expect(io.stderr.join("\n")).toMatch(re);
    }
  });

  test("the real binary runs the command (cache hit) and prints the summary", () => {
    const r = spawnSync(process.execPath, ["bin/sm-downscale.js", "twin", "--config", "tiny", "--out", path.join(work, "bin-out"), "--data-dir", dataDir], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/0\.25° land cells over the whole period:/);
    expect(fs.existsSync(path.join(work, "bin-out", "1km", "dem.tif"))).toBe(true);
  });
});
