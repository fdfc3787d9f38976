import { saxtonRawls, soilTextureAt, provinceMaterial, cellFlowNetwork, routeLateral, surfaceTemperature, canopyHeight, cloudClimatology, drainageFromKsat, soilThermalInertia, soilWaterStep, heatResistance, equalPotentialTheta, slopeInsolation, cellGradients } from "../../src/twin";
import { subCellAnomalies, shareAtCeiling } from "../../src/twin/twinRealism";
import { LatLonGrid } from "../../src/grid/latLonGrid";

describe("pedotransfer (Saxton & Rawls 2006)", () => {
  test("reproduces the published Table 3 textures (OM 2.5 %)", () => {
    // Saxton & Rawls (2006) Table 3, rounded to 0.01 m³ m⁻³ and 0.1 mm/h in the paper:
    // sand (S 88, C 5): 0.05 / 0.10 / 0.46, Ks 108.1; loam (S 40, C 20): 0.14 / 0.28 / 0.46, Ks 15.5 (±1 in the last digit)
    const sand = saxtonRawls({ sand: 0.88, clay: 0.05, organicMatter: 2.5 });
    expect(sand.wiltingPoint).toBeCloseTo(0.05, 2);
    expect(sand.fieldCapacity).toBeCloseTo(0.10, 2);
    expect(sand.porosity).toBeCloseTo(0.46, 2);
    expect(sand.ksat).toBeCloseTo(108.1, 0);
    const loam = saxtonRawls({ sand: 0.4, clay: 0.2, organicMatter: 2.5 });
    expect(loam.wiltingPoint).toBeCloseTo(0.14, 2);
    expect(loam.fieldCapacity).toBeCloseTo(0.28, 2);
    expect(loam.porosity).toBeCloseTo(0.46, 2);
    expect(Math.abs(loam.ksat - 15.5)).toBeLessThan(1);
    const clay = saxtonRawls({ sand: 0.25, clay: 0.5, organicMatter: 2.5 });
    expect(clay.wiltingPoint).toBeGreaterThan(loam.wiltingPoint);
    expect(clay.ksat).toBeLessThan(loam.ksat);
    expect(() => saxtonRawls({ sand: 0.7, clay: 0.5, organicMatter: 2 })).toThrow(/sand \+ clay/);
    expect(() => saxtonRawls({ sand: 0.3, clay: 0.2, organicMatter: 12 })).toThrow(/organicMatter/);
    expect(drainageFromKsat(108)).toBeGreaterThan(drainageFromKsat(3));
  });
  test("air-dry content: the moisture–tension curve through θ₁₅₀₀ extended to 100 MPa (Python reference)", () => {
    // Python (test/fixtures/twin/README.md): loam θ₁₅₀₀ 0.1370236, B 5.351208 → θ(100 MPa) = θ₁₅₀₀ (1500/1e5)^(1/B) = 0.0625108
    const loam = saxtonRawls({ sand: 0.4, clay: 0.2, organicMatter: 2.5 });
    expect(loam.poreIndex).toBeCloseTo(5.351208, 5);
    expect(loam.airDry).toBeCloseTo(0.0625108, 6);
    const clay = saxtonRawls({ sand: 0.25, clay: 0.5, organicMatter: 2.5 });
    expect(clay.airDry).toBeLessThan(clay.wiltingPoint);
    expect(clay.airDry).toBeGreaterThan(loam.airDry);
  });
  test("soilWaterStep with airDry: bare soil evaporates below the wilting point (Python reference)", () => {
    const f32 = (v: number) => Float32Array.of(v);
    const p = { porosity: f32(0.45), fieldCapacity: f32(0.3), wiltingPoint: f32(0.12), drainage: f32(0.4), impervious: f32(0), airDry: f32(0.06) };
    const s = { theta1: f32(0.25), theta2: f32(0.28), swe: f32(0) };
    soilWaterStep(1, p, s, { precip: f32(10), tair: f32(20), pet: f32(4), fveg: f32(0.5) });
    expect(s.theta1[0]).toBeCloseTo(0.3094342, 6);
    expect(s.theta2[0]).toBeCloseTo(0.2813367, 6);
    // at the wilting point with no rain: the old stress stops evaporation, the air-dry one keeps drying
    const dryDay = { precip: f32(0), tair: f32(25), pet: f32(5), fveg: f32(0) };
    const noFloor = { theta1: f32(0.12), theta2: f32(0.12), swe: f32(0) }, withFloor = { theta1: f32(0.12), theta2: f32(0.12), swe: f32(0) };
    soilWaterStep(1, { ...p, airDry: undefined }, noFloor, dryDay);
    soilWaterStep(1, p, withFloor, dryDay);
    expect(withFloor.theta1[0]).toBeLessThan(noFloor.theta1[0] - 0.005);
    expect(withFloor.theta1[0]).toBeGreaterThan(0.06);
  });
  test("texture: ridges sandier than hollows; provinces change with place; ranges respected", () => {
    const ridge = soilTextureAt(127.3, 36.4, 300, 12, 1300, 0, 7), hollow = soilTextureAt(127.3, 36.4, -300, 12, 1300, 0, 7);
    expect(ridge.sand).toBeGreaterThan(hollow.sand);
    expect(ridge.clay).toBeLessThan(hollow.clay);
    const kinds = new Set<string>();
    for (let lon = 100; lon < 140; lon += 1.7) for (let lat = 20; lat < 50; lat += 1.9) kinds.add(JSON.stringify(provinceMaterial(lon, lat, 7)));
    expect(kinds.size).toBeGreaterThan(20);
    for (let lon = 100; lon < 146; lon += 0.37) {
      const t = soilTextureAt(lon, 35, 0, 12, 900, 1, 3);
      expect(t.sand + t.clay).toBeLessThanOrEqual(0.95 + 1e-9);
      expect(t.clay).toBeGreaterThanOrEqual(0.04);
      expect(() => saxtonRawls(t)).not.toThrow();
    }
  });
});

describe("drainage network within cells and lateral flow", () => {
  // 4 × 2 pixels, two cells (ratio 2): a slope down to the east inside each cell
  const dem = Float32Array.of(30, 20, 30, 20, 25, 10, 25, 10);
  const land = new Uint8Array(8).fill(1);
  const net = cellFlowNetwork({ width: 4, height: 2, ratio: 2, dem, land, pixelHeightM: 1000, pixelWidthM: Float64Array.of(1000, 1000) });
  test("D8 stays inside the cell, accumulation and TWI by hand", () => {
    // pixel 0 (30) → its steepest lower neighbour in the block: 5 (10 m, diagonal 1414 m: 0.01414) vs 1 (20: 0.01) vs 4 (25: 0.005)
    expect(net.downstream[0]).toBe(5);
    expect(net.downstream[1]).toBe(5);
    expect(net.downstream[4]).toBe(5);
    expect(net.downstream[5]).toBe(-1); // the cell's outlet (the lower pixel 6 is in the other cell)
    expect(net.downstream[2]).toBe(7);
    expect(net.accumulation[5]).toBe(4);
    expect(net.tanBeta[0]).toBeCloseTo(20 / Math.hypot(1000, 1000), 6);
    expect(net.twi[0]).toBeCloseTo(Math.log(1000 / (20 / Math.hypot(1000, 1000))), 4);
    // the order is topological
    const pos = new Map<number, number>(); net.order.forEach((i, k) => pos.set(i, k));
    for (let i = 0; i < 8; i++) if (net.downstream[i] >= 0) expect(pos.get(i)!).toBeLessThan(pos.get(net.downstream[i])!);
    expect(() => cellFlowNetwork({ width: 4, height: 2, ratio: 2, dem: new Float32Array(3), land, pixelHeightM: 1, pixelWidthM: Float64Array.of(1, 1) })).toThrow(/dem has 3 values/);
  });
  test("run-on wets the pixels downslope; water is conserved up to what leaves at outlets", () => {
    const n = 8;
    const p = { porosity: new Float32Array(n).fill(0.45), fieldCapacity: new Float32Array(n).fill(0.3), wiltingPoint: new Float32Array(n).fill(0.1), drainage: new Float32Array(n).fill(0.5), impervious: new Float32Array(n) };
    const s = { theta1: new Float32Array(n).fill(0.2), theta2: new Float32Array(n).fill(0.35), swe: new Float32Array(n) };
    const before = s.theta1.reduce((a, b) => a + b * 100, 0) + s.theta2.reduce((a, b) => a + b * 900, 0);
    const runoff = new Float32Array(n).fill(10);
    const routing = { order: net.order, downstream: net.downstream, tanBeta: net.tanBeta };
    const f = routeLateral(n, routing, p, s, runoff);
    const after = s.theta1.reduce((a, b) => a + b * 100, 0) + s.theta2.reduce((a, b) => a + b * 900, 0);
    expect(after - before).toBeCloseTo(80 - f.leftCells, 3);
    expect(s.theta1[5]).toBeGreaterThan(s.theta1[0]); // the outlet received run-on from three pixels
    expect(f.interflow).toBeGreaterThan(0);
  });
});

describe("surface energy balance, clouds, realism measures", () => {
  test("LST: drier → warmer, the contrast damped under tall vegetation", () => {
    const base = { tair: 22, cosZenith: 0.85, swe: 0 };
    const dT = (fveg: number, h: number) => surfaceTemperature({ ...base, beta1: 0.1, beta2: 0.1, fveg, canopyHeight: h }) - surfaceTemperature({ ...base, beta1: 0.9, beta2: 0.9, fveg, canopyHeight: h });
    expect(dT(0.1, 0.05)).toBeGreaterThan(5);
    expect(dT(0.9, 15)).toBeLessThan(dT(0.1, 0.05) / 2.5); // a stressed forest still warms (its own patch), far less than bare soil
    expect(surfaceTemperature({ ...base, beta1: 0, beta2: 0, fveg: 0, canopyHeight: 0.05, swe: 20 })).toBeCloseTo(22 + 273.15 - 1.5, 6);
    expect(canopyHeight(1)).toBe(15);
  });
  test("thermal inertia (Johansen conductivity) and the ground heat flux it drives (Python reference)", () => {
    // Python from soilThermalInertia's documented formulas: P(0.30, 0.45) = 1685.454, P(0.05, 0.40) = 721.198
    expect(soilThermalInertia(0.3, 0.45)).toBeCloseTo(1685.454, 2);
    expect(soilThermalInertia(0.05, 0.4)).toBeCloseTo(721.198, 2);
    expect(soilThermalInertia(0, 0.4)).toBeLessThan(soilThermalInertia(0.05, 0.4));
    expect(() => soilThermalInertia(0.1, 1.2)).toThrow(/porosity/);
    // bare soil, same evaporative stress: the wetter (higher θ) soil stores more heat and is cooler. Python
    // solves each patch's balance exactly (the quadratic in ΔT): 312.82498 K at θ 0.08 and 310.91641 K at θ 0.20
    const b = { tair: 25, cosZenith: 0.9, beta1: 0.1, beta2: 0.1, fveg: 0.1, canopyHeight: 0.1, swe: 0 };
    expect(surfaceTemperature({ ...b, theta1: 0.08, porosity: 0.42 })).toBeCloseTo(312.82498, 2);
    expect(surfaceTemperature({ ...b, theta1: 0.2, porosity: 0.42 })).toBeCloseTo(310.91641, 2);
    // under a dense canopy (5 % soil patch) the soil's heat storage matters about 20 times less
    const dense = { ...b, fveg: 0.95, canopyHeight: 15 };
    const dDense = surfaceTemperature({ ...dense, theta1: 0.08, porosity: 0.42 }) - surfaceTemperature({ ...dense, theta1: 0.2, porosity: 0.42 });
    const dSparse = surfaceTemperature({ ...b, theta1: 0.08, porosity: 0.42 }) - surfaceTemperature({ ...b, theta1: 0.2, porosity: 0.42 });
    expect(dDense).toBeGreaterThanOrEqual(0);
    expect(dDense).toBeLessThan(0.1 * dSparse);
  });
  test("two-source balance: aerodynamic resistances and a half-covered pixel (Python reference)", () => {
    // Python from heatResistance's formula: bare 118.2106, grass 54.4098, forest 13.9857 s m⁻¹
    expect(heatResistance(0.05)).toBeCloseTo(118.2106, 3);
    expect(heatResistance(0.5)).toBeCloseTo(54.4098, 3);
    expect(heatResistance(15)).toBeCloseTo(13.9857, 3);
    expect(() => heatResistance(0)).toThrow(/canopy height/);
    // soil and canopy patches solved exactly in Python, radiometric mean of T⁴: 302.69757 K
    expect(surfaceTemperature({ tair: 22, cosZenith: 0.85, beta1: 0.3, beta2: 0.6, fveg: 0.5, canopyHeight: 12, swe: 0 })).toBeCloseTo(302.69757, 2);
    // the triangle: at the same soil wetness, a taller canopy cools the pixel only through its own patch, so a
    // sparse cover changes LST far less than the soil's wetness does
    const sparse = { tair: 25, cosZenith: 0.9, fveg: 0.2, swe: 0 };
    const roughness = surfaceTemperature({ ...sparse, beta1: 0.3, beta2: 0.8, canopyHeight: 0.5 }) - surfaceTemperature({ ...sparse, beta1: 0.3, beta2: 0.8, canopyHeight: 15 });
    const wetness = surfaceTemperature({ ...sparse, beta1: 0.1, beta2: 0.8, canopyHeight: 0.5 }) - surfaceTemperature({ ...sparse, beta1: 0.6, beta2: 0.8, canopyHeight: 0.5 });
    expect(roughness).toBeGreaterThan(0);
    expect(wetness).toBeGreaterThan(3 * roughness);
  });
  test("equal matric potential shares water between soils (Python reference)", () => {
    const loam = { ...saxtonRawls({ sand: 0.4, clay: 0.2, organicMatter: 2.5 }) }, sand = { ...saxtonRawls({ sand: 0.88, clay: 0.05, organicMatter: 2.5 }) };
    // Python: the loam's potential at θ 0.20 (≈ 250 kPa) holds 0.0734339 in the sand; 0.40 (above fc) → 0.3430442
    expect(equalPotentialTheta(0.2, loam, sand)).toBeCloseTo(0.0734339, 5);
    expect(equalPotentialTheta(0.4, loam, sand)).toBeCloseTo(0.3430442, 5);
    // the identity, and the curve's fixed points (wp ↔ wp, fc ↔ fc)
    expect(equalPotentialTheta(0.2, loam, loam)).toBeCloseTo(0.2, 6);
    expect(equalPotentialTheta(loam.wiltingPoint, loam, sand)).toBeCloseTo(sand.wiltingPoint, 6);
    expect(equalPotentialTheta(loam.fieldCapacity, loam, sand)).toBeCloseTo(sand.fieldCapacity, 6);
    expect(() => equalPotentialTheta(NaN, loam, sand)).toThrow(/theta/);
  });
  test("slope insolation and in-cell gradients (Python reference)", () => {
    // Python from the documented sun geometry: a 5.7° south-facing slope at 40°N, doy 180 and doy 15
    const summer = slopeInsolation(40, 180, 0, 0.1), winter = slopeInsolation(40, 15, 0, 0.1);
    expect(summer.overpass).toBeCloseTo(1.0185638, 5);
    expect(summer.daily).toBeCloseTo(0.9971336, 5);
    expect(winter.overpass).toBeCloseTo(1.1605654, 5);
    expect(winter.daily).toBeCloseTo(1.2022610, 5);
    expect(slopeInsolation(40, 15, 0, -0.1).daily).toBeLessThan(1); // north-facing
    expect(slopeInsolation(40, 15, -0.1, 0).overpass).toBeCloseTo(1.0664927, 5); // east-facing, morning sun
    expect(slopeInsolation(36, 100, 0, 0)).toEqual({ overpass: 1, daily: 1 });
    // gradients: centred inside a cell, one-sided at its edge, never across into the next cell (ratio 2)
    const dem = Float32Array.of(0, 10, 40, 70, 100, 110, 140, 170);
    const g = cellGradients({ width: 4, height: 2, ratio: 2, dem, land: new Uint8Array(8).fill(1), pixelHeightM: 1000, pixelWidthM: Float64Array.of(1000, 1000) });
    expect(g.dzdx[0]).toBeCloseTo(0.01, 6);
    expect(g.dzdx[1]).toBeCloseTo(0.01, 6); // not (40 − 0)/2000: pixel 2 is in the next cell
    expect(g.dzdy[0]).toBeCloseTo(-0.1, 6); // north row lower than the south row
  });
  test("cloud climatology: Sichuan in winter cloudier than the Gobi; all in [0.12, 0.92]", () => {
    expect(cloudClimatology(106, 29, 15, 0.3, 800)).toBeGreaterThan(cloudClimatology(105, 43, 15, 0.05, 1200) + 0.3);
    for (let doy = 1; doy <= 365; doy += 30) for (const p of [0, 0.3, 1]) {
      const c = cloudClimatology(127, 36, doy, p, 50);
      expect(c).toBeGreaterThanOrEqual(0.12); expect(c).toBeLessThanOrEqual(0.92);
    }
  });
  test("sub-cell anomalies: a known linear field gives r = −1 and R² = 1; ceiling share", () => {
    const coarse = new LatLonGrid({ west: 0, north: 1, cellSize: 0.5, width: 2, height: 2 });
    const fine = new LatLonGrid({ west: 0, north: 1, cellSize: 0.1, width: 10, height: 10 });
    const truth = new Float32Array(100), lst = new Float32Array(100), ndvi = new Float32Array(100), dem = new Float32Array(100);
    for (let i = 0; i < 100; i++) {
      const c = i % 10, r = Math.floor(i / 10);
      dem[i] = 100 * Math.sin(i * 1.7) + 1000 * Math.floor(c / 5);
      ndvi[i] = 0.5 + 0.1 * Math.cos(i * 0.9);
      lst[i] = 300 + 3 * Math.sin(i * 2.3) + 10 * Math.floor(r / 5); // cell offsets must not matter
      truth[i] = 0.3 - 0.01 * (lst[i] - 300 - 10 * Math.floor(r / 5)) + 0.05 * Math.floor(c / 5);
    }
    const a = subCellAnomalies({ fine, coarse, truth, lst, ndvi, dem, minPixels: 5 });
    expect(a.cells).toBe(4);
    expect(a.pixels).toBe(100);
    expect(a.rLst).toBeCloseTo(-1, 4);
    expect(a.r2LstNdviDem).toBeCloseTo(1, 4);
    // includeCell keeps only the chosen cells (here the western column: coarse indices 0 and 2)
    const west = subCellAnomalies({ fine, coarse, truth, lst, ndvi, dem, minPixels: 5, includeCell: (ci) => ci % 2 === 0 });
    expect(west.cells).toBe(2);
    expect(west.pixels).toBe(50);
    expect(west.rLst).toBeCloseTo(-1, 4);
    expect(() => subCellAnomalies({ fine, coarse, truth: new Float32Array(3), lst, ndvi, dem })).toThrow(/truth has 3 values/);
    expect(shareAtCeiling(Float32Array.of(0.2, 0.46, 0.46, NaN), 0.46)).toBeCloseTo(2 / 3, 10);
  });
});
