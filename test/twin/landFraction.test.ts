import { LatLonGrid } from "../../src/grid/latLonGrid";
import { landFraction } from "../../src/twin/landFraction";
import { compositePeriods } from "../../src/twin/compositePeriods";
import { dayNumber } from "../../src/twin/twinConfig";

describe("landFraction (Natural Earth land-50m)", () => {
  test("known places are land or sea", () => {
    // 0.1° cells centred on: Seoul, Daejeon, the Yellow Sea, the East Sea, Tokyo, Beijing, Ulaanbaatar, the Pacific
    const places = [[126.98, 37.55, 1], [127.38, 36.35, 1], [124.0, 36.0, 0], [131.0, 38.0, 0], [139.7, 35.7, 1], [116.4, 39.9, 1], [106.9, 47.9, 1], [150.0, 30.0, 0]];
    for (const [lon, lat, land] of places) {
      const g = new LatLonGrid({ west: lon - 0.05, north: lat + 0.05, cellSize: 0.1, width: 1, height: 1 });
      expect([lon, lat, landFraction(g)[0]]).toEqual([lon, lat, land]);
    }
  });
  test("South Korea's area is about right (≈ 100,000 km² south of 38°N)", () => {
    const g = new LatLonGrid({ west: 125.5, north: 38, cellSize: 0.02, width: 200, height: 175 });
    const f = landFraction(g);
    let km2 = 0;
    for (let i = 0; i < g.size; i++) km2 += f[i] * (0.02 * 111.2) ** 2 * Math.cos((g.latOf(Math.floor(i / g.width)) * Math.PI) / 180);
    // 125.5–129.5E × 34.5–38N holds South Korea (≈ 100,000 km²) and no other land but a sliver of North Korea
    expect(km2).toBeGreaterThan(85000);
    expect(km2).toBeLessThan(115000);
  });
  test("rejects a bad subsample count", () => {
    const g = new LatLonGrid({ west: 126, north: 38, cellSize: 0.5, width: 2, height: 2 });
    expect(() => landFraction(g, { subsamples: 0 })).toThrow(/subsamples/);
  });
});

describe("compositePeriods", () => {
  test("MODIS 8-day and 16-day periods start on DOY 1 + k·L and end at the year's end", () => {
    const p8 = compositePeriods(dayNumber("2015-05-01"), dayNumber("2015-05-31"), 8);
    expect(p8.map((p) => p.label)).toEqual(["2015-121", "2015-129", "2015-137", "2015-145"]);
    const last = compositePeriods(dayNumber("2015-12-30"), dayNumber("2016-01-02"), 16);
    expect(last.map((p) => p.label)).toEqual(["2015-353", "2016-001"]);
    expect(last[0].end).toBe(dayNumber("2015-12-31"));
    expect(() => compositePeriods(0, 10, 7 as 8)).toThrow(/length/);
  });
});
