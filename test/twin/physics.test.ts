import { soilWaterStep, climateAt, seasonalPrecipitation, trueNdvi, twinConfig, validateTwinConfig, swathCovers, surfaceTemperature, dayNumber, isoDate, dayOfYear } from "../../src/twin";

const f32 = (v: number) => Float32Array.of(v);

describe("twin physics building blocks (hand-computed references)", () => {
  test("soilWaterStep: one warm rainy day matches the step-by-step reference (Python, README)", () => {
    const p = { porosity: f32(0.45), fieldCapacity: f32(0.3), wiltingPoint: f32(0.12), drainage: f32(0.4), impervious: f32(0) };
    const s = { theta1: f32(0.25), theta2: f32(0.28), swe: f32(0) };
    soilWaterStep(1, p, s, { precip: f32(10), tair: f32(20), pet: f32(4), fveg: f32(0.5) });
    expect(s.theta1[0]).toBeCloseTo(0.3105797980, 6);
    expect(s.theta2[0]).toBeCloseTo(0.2813367353, 6);
  });
  test("soilWaterStep: snow accumulates below 0 °C and melts at 3 mm/K/day; saturation and the 0.02 floor hold", () => {
    const p = { porosity: f32(0.45), fieldCapacity: f32(0.3), wiltingPoint: f32(0.12), drainage: f32(0.4), impervious: f32(0) };
    const s = { theta1: f32(0.2), theta2: f32(0.2), swe: f32(0) };
    soilWaterStep(1, p, s, { precip: f32(8), tair: f32(-5), pet: f32(0), fveg: f32(0) });
    expect(s.swe[0]).toBe(8);
    soilWaterStep(1, p, s, { precip: f32(0), tair: f32(2), pet: f32(0), fveg: f32(0) });
    expect(s.swe[0]).toBe(2); // 8 − 3·2
    const wet = { theta1: f32(0.44), theta2: f32(0.44), swe: f32(0) };
    soilWaterStep(1, p, wet, { precip: f32(200), tair: f32(20), pet: f32(0), fveg: f32(0) });
    expect(wet.theta1[0]).toBeLessThanOrEqual(0.45);
    const dry = { theta1: f32(0.021), theta2: f32(0.021), swe: f32(0) };
    soilWaterStep(1, p, dry, { precip: f32(0), tair: f32(35), pet: f32(9), fveg: f32(0) });
    expect(dry.theta1[0]).toBeGreaterThanOrEqual(0.02);
  });
  test("climate normals: Seoul-like place (12.4 °C, ≈1,220 mm, rainy season peaking mid-July)", () => {
    const c = climateAt(127.0, 37.5, 50, 30);
    expect(c.tMean).toBeCloseTo(12.42, 1);
    expect(c.pAnnual).toBeCloseTo(1219, -1);
    let sum = 0, jja = 0;
    for (let doy = 1; doy <= 365; doy++) { const m = seasonalPrecipitation(c, doy); sum += m; if (doy >= 152 && doy <= 243) jja += m; }
    expect(sum).toBeCloseTo(c.pAnnual, -1); // the seasonal shape conserves the annual total
    expect(jja / sum).toBeGreaterThan(0.5);
    const gobi = climateAt(105, 43, 1300, 1200);
    expect(gobi.pAnnual).toBeLessThan(300);
  });
  test("NDVI phenology and the LST dryness term", () => {
    expect(trueNdvi(12, 22, 1, 0.5, 0)).toBeCloseTo(0.819, 3); // 0.15 + 0.67 · logistic(16 / 2.5)
    expect(trueNdvi(12, -5, 1, 0.5, 0)).toBeLessThan(0.2);
    expect(trueNdvi(5, 20, 1, 0.5, 50)).toBeLessThan(0.06); // snow
    // dry bare soil is hotter than wet vegetated soil under the same air and sun
    const st = { tair: 25, cosZenith: 0.9, swe: 0 };
    const dryBare = surfaceTemperature({ ...st, beta1: 0, beta2: 0, fveg: 0, canopyHeight: 0.05 });
    const wetVeg = surfaceTemperature({ ...st, beta1: 1, beta2: 1, fveg: 0.9, canopyHeight: 15 });
    expect(dryBare).toBeGreaterThan(wetVeg + 8);
    expect(wetVeg).toBeGreaterThan(25 + 273.15); // even a wet canopy is a little warmer than the air at midday
  });
  test("swaths: ASCAT sees less of the day's Earth than AMSR2 (nadir gap, narrower swaths)", () => {
    let a = 0, s = 0, n = 0;
    for (let day = dayNumber("2015-01-01"); day < dayNumber("2015-03-01"); day++) for (let lon = 100; lon < 146; lon += 0.5) {
      n++;
      if (swathCovers("amsr2", 0, lon, 36, day) || swathCovers("amsr2", 1, lon, 36, day)) a++;
      if (swathCovers("ascat", 0, lon, 36, day) || swathCovers("ascat", 1, lon, 36, day)) s++;
    }
    expect(a / n).toBeGreaterThan(0.8);
    expect(s / n).toBeLessThan(a / n - 0.2);
    expect(s / n).toBeGreaterThan(0.3);
  });
  test("configurations: examples and validation errors naming the field", () => {
    expect(twinConfig("tiny", { seed: 7 }).seed).toBe(7);
    expect(() => twinConfig("huge" as "tiny")).toThrow(/name must be 'default', 'domain' or 'tiny'/);
    expect(() => twinConfig("tiny", { seed: -1 })).toThrow(/seed/);
    const bad = twinConfig("tiny");
    expect(() => validateTwinConfig({ ...bad, window: { ...bad.window, fine: { ...bad.window.fine, west: 127.1 } } })).toThrow(/window.fine west edge 127.1/);
    expect(() => validateTwinConfig({ ...bad, window: { ...bad.window, start: "2013-01-01" } })).toThrow(/window.start/);
    expect(() => validateTwinConfig({ ...bad, period: { start: "2015-02-30", end: "2015-05-31" } })).toThrow(/2015-02-30/);
    expect(isoDate(dayNumber("2015-05-01"))).toBe("2015-05-01");
    expect(dayOfYear(dayNumber("2015-05-01"))).toBe(121);
  });
});
