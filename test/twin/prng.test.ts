import { fmix32, SplitMix32, hash4, hashUniform, hashGauss } from "../../src/twin/prng";
import { valueNoise } from "../../src/twin/valueNoise";

// Expected integers computed independently in Python (see test/fixtures/twin/README.md):
//   def fmix(h): h^=h>>16; h=(h*0x85ebca6b)&M; h^=h>>13; h=(h*0xc2b2ae35)&M; h^=h>>16
describe("twin PRNG", () => {
  test("fmix32 matches MurmurHash3's finaliser (independent Python values)", () => {
    expect([0, 1, 42, 0xdeadbeef, 0xffffffff].map(fmix32)).toEqual([0, 1364076727, 142593372, 233162409, 2180083513]);
  });
  test("SplitMix32 sequence for seed 42 matches the Python reference", () => {
    const r = new SplitMix32(42);
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([1609209615, 2263370262, 1741747710]);
    expect(() => new SplitMix32(NaN)).toThrow(/seed/);
  });
  test("counter-based hashes depend only on their key", () => {
    expect(hash4(1, 2, 3, 4)).toBe(hash4(1, 2, 3, 4));
    expect(hash4(1, 2, 3, 4)).not.toBe(hash4(1, 2, 3, 5));
    const u = hashUniform(7, 1, 2, 3);
    expect(u).toBeGreaterThan(0);
    expect(u).toBeLessThan(1);
  });
  test("hashGauss is standard normal (mean 0, sd 1, tails) over 200,000 keys", () => {
    let s = 0, s2 = 0, tail = 0;
    const n = 200000;
    for (let i = 0; i < n; i++) { const z = hashGauss(3, 9, i, 0); s += z; s2 += z * z; if (z > 1.96) tail++; }
    const mean = s / n, sd = Math.sqrt(s2 / n - mean * mean);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(sd - 1)).toBeLessThan(0.01);
    expect(Math.abs(tail / n - 0.025)).toBeLessThan(0.002); // 1 − Φ(1.96) = 0.0250
  });
  test("valueNoise is N(0,1) at arbitrary places and continuous", () => {
    let s = 0, s2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) { const z = valueNoise(100 + (i % 200) * 0.137, 20 + Math.floor(i / 200) * 0.113, 0.5, 5, 1); s += z; s2 += z * z; }
    expect(Math.abs(s / n)).toBeLessThan(0.1);
    expect(Math.abs(Math.sqrt(s2 / n) - 1)).toBeLessThan(0.1);
    expect(Math.abs(valueNoise(127.5, 36.2, 0.5, 5, 1) - valueNoise(127.5001, 36.2, 0.5, 5, 1))).toBeLessThan(0.01);
  });
});
