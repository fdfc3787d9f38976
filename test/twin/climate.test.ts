import { generateTwin, twinConfig, type TwinConfig, type TwinData, dayNumber, CLEAR_SCALE } from "../../src/twin";

// The whole default domain at 1° (46 × 36 cells) for March–August 2015: cheap, and enough to check the
// large-scale phenomena the paper describes (monsoon seasonality, cloudiness, wet south and dry north).
const config: TwinConfig = {
  ...twinConfig("default"),
  name: "climate-test",
  coarse: { west: 100, north: 54, cellSize: 1, width: 46, height: 36 },
  period: { start: "2015-03-01", end: "2015-08-31" },
  window: { fine: { west: 127, north: 37, cellSize: 0.01, width: 100, height: 100 }, start: "2015-08-30", end: "2015-08-31" },
};
let d: TwinData;
beforeAll(() => { d = generateTwin(config); });

function regionMean(a: Float32Array | Uint8Array, box: [number, number, number, number], from: string, to: string, scale = 1): number {
  const [s, n, w, e] = box;
  const L = d.coarseLandCells.length;
  const t0 = dayNumber(from) - d.day0, t1 = dayNumber(to) - d.day0;
  let sum = 0, cnt = 0;
  for (let k = 0; k < L; k++) {
    const ci = d.coarseLandCells[k];
    const lat = d.coarse.latOf(Math.floor(ci / d.coarse.width)), lon = d.coarse.lonOf(ci % d.coarse.width);
    if (lat < s || lat > n || lon < w || lon > e) continue;
    for (let t = t0; t <= t1; t++) { const v = a[t * L + k]; if (!Number.isNaN(v)) { sum += v / scale; cnt++; } }
  }
  if (cnt === 0) throw new Error(`no land cells in ${box}`);
  return sum / cnt;
}

const SOUTH_KOREA: [number, number, number, number] = [34, 38, 126, 130];
const SOUTH_CHINA: [number, number, number, number] = [21, 27, 105, 120];
const NORTH_CHINA_GOBI: [number, number, number, number] = [38, 48, 100, 115];
const NORTH_EAST: [number, number, number, number] = [42, 50, 122, 132];

describe("twin climate (1° whole-domain run, March–August 2015)", () => {
  test("monsoon: southern Korea is wetter in summer (JJA) than in spring (MAM)", () => {
    const pMAM = regionMean(d.precip, SOUTH_KOREA, "2015-03-01", "2015-05-31");
    const pJJA = regionMean(d.precip, SOUTH_KOREA, "2015-06-01", "2015-08-31");
    expect(pJJA).toBeGreaterThan(2 * pMAM);
    const smMAM = regionMean(d.gldas, SOUTH_KOREA, "2015-03-01", "2015-05-31");
    const smJJA = regionMean(d.gldas, SOUTH_KOREA, "2015-06-01", "2015-08-31");
    expect(smJJA).toBeGreaterThan(smMAM + 0.01);
  });
  test("cloud fraction in spring and summer is highest over southern China (MODIS: ≈ 0.75–0.85)", () => {
    const cloud = (box: [number, number, number, number], a: string, b: string) => 1 - regionMean(d.clear, box, a, b, CLEAR_SCALE);
    const south = cloud(SOUTH_CHINA, "2015-06-01", "2015-08-31"), southSpring = cloud(SOUTH_CHINA, "2015-03-01", "2015-04-30");
    for (const box of [SOUTH_KOREA, NORTH_CHINA_GOBI, NORTH_EAST]) {
      expect(south).toBeGreaterThan(cloud(box, "2015-06-01", "2015-08-31"));
      expect(southSpring).toBeGreaterThan(cloud(box, "2015-03-01", "2015-04-30"));
    }
    expect(south).toBeGreaterThan(0.7);
    expect(southSpring).toBeGreaterThan(0.7);
    expect(cloud(NORTH_CHINA_GOBI, "2015-03-01", "2015-04-30")).toBeLessThan(0.45);
  });
  test("dry north-west, wet south: GLDAS-like and NDVI gradients", () => {
    const gobi = regionMean(d.gldas, NORTH_CHINA_GOBI, "2015-06-01", "2015-08-31");
    const south = regionMean(d.gldas, SOUTH_CHINA, "2015-06-01", "2015-08-31");
    expect(south - gobi).toBeGreaterThan(0.08);
    expect(regionMean(d.truth, NORTH_CHINA_GOBI, "2015-06-01", "2015-08-31")).toBeLessThan(0.2);
  });
});
