// Internal consistency of the KD-tree search (its agreement with the reference is tested in
// neighbourSearch.test.ts and predict.test.ts): what it returns are real neighbours, correctly
// measured and ordered, and nothing a brute-force scan would not also admit.
import { NeighbourIndex, resolveCaseColumns, roundDistance, MAX_NEIGHBOURS_KEPT } from "../../src/cubist";
import { MAXD, dataset, referenceModel } from "./referenceData";

describe("NeighbourIndex (Cubist's KD-tree)", () => {
  for (const name of ["servo", "ozone"]) {
    test(`${name}: returned neighbours are within the radius, measured and ordered, a subset of the brute-force ones`, () => {
      const d = dataset(name);
      const model = referenceModel(name, "c1_n0");
      const cases = resolveCaseColumns(model, d.test, "error");
      const inst = resolveCaseColumns(model, d.train, "missing", "train", cases.valueLists);
      const index = new NeighbourIndex(model, inst);
      const order = Array.from(index.instanceOrder()).sort((a, b) => a - b);
      expect(order).toEqual(Array.from({ length: d.train.nRows }, (_, j) => j)); // a permutation
      const outD = new Float64Array(20), outJ = new Int32Array(20);
      let searches = 0;
      for (const K of [1, 5, 9]) {
        for (let i = 0; i < d.test.nRows; i++) {
          const n = index.search(cases, i, MAXD[name], outD, outJ, -1, K);
          expect(n).toBeLessThanOrEqual(MAX_NEIGHBOURS_KEPT);
          const within = new Set<number>();
          for (let j = 0; j < d.train.nRows; j++) if (roundDistance(index.distance(cases, i, j)) <= MAXD[name]) within.add(j);
          expect(new Set(Array.from(outJ.subarray(0, n))).size).toBe(n);
          for (let q = 0; q < n; q++) {
            expect(outD[q]).toBe(roundDistance(index.distance(cases, i, outJ[q])));
            expect(within.has(outJ[q])).toBe(true);
            if (q > 0) expect(outD[q]).toBeGreaterThanOrEqual(outD[q - 1]);
          }
          // the nearest instance is never missed when it is alone at the smallest distance
          const ds = [...within].map((j) => roundDistance(index.distance(cases, i, j))).sort((a, b) => a - b);
          if (ds.length > 1 && ds[0] < ds[1]) expect(outD[0]).toBe(ds[0]);
          searches++;
        }
      }
      // leave-one-out: the excluded instance is never returned
      for (let i = 0; i < Math.min(50, d.train.nRows); i++) {
        const n = index.search(inst, i, MAXD[name], outD, outJ, i, 1);
        expect(Array.from(outJ.subarray(0, n))).not.toContain(i);
      }
      expect(searches).toBe(3 * d.test.nRows);
    });
  }
});
