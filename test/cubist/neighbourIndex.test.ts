import { NeighbourIndex, resolveCaseColumns, MAX_NEIGHBOURS_KEPT } from "../../src/cubist";
import { MAXD, dataset, referenceModel } from "./referenceData";

/** Brute force: every instance's rounded distance, the 20 smallest by (distance, later instance first). */
function brute(index: NeighbourIndex, cases: ReturnType<typeof resolveCaseColumns>, i: number, n: number, maxd: number, exclude: number) {
  const all: [number, number][] = [];
  for (let j = 0; j < n; j++) {
    if (j === exclude) continue;
    const r16 = 16 * index.distance(cases, i, j);
    const fl = Math.floor(r16);
    const dd = (r16 - fl === 0.5 ? (fl % 2 === 0 ? fl : fl + 1) : Math.round(r16)) / 16;
    if (dd <= maxd) all.push([dd, j]);
  }
  all.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  return all.slice(0, MAX_NEIGHBOURS_KEPT);
}

describe("NeighbourIndex (KD-tree) returns exactly the brute-force neighbours", () => {
  for (const name of ["servo", "sacramento", "friedman1", "ozone"]) {
    test(`${name}: every test case, and training cases with themselves excluded`, () => {
      const d = dataset(name);
      const model = referenceModel(name, "c1_n0");
      const cases = resolveCaseColumns(model, d.test, "error");
      const inst = resolveCaseColumns(model, d.train, "missing", "train", cases.valueLists);
      const index = new NeighbourIndex(model, inst);
      const outD = new Float64Array(20), outJ = new Int32Array(20);
      let ties = 0;
      for (const maxd of [MAXD[name], 0.8]) {
        const step = name === "friedman1" ? 4 : 1; // keep the brute force affordable
        for (let i = 0; i < d.test.nRows; i += step) {
          const n = index.search(cases, i, maxd, outD, outJ);
          const b = brute(index, cases, i, d.train.nRows, maxd, -1);
          expect([i, Array.from(outD.subarray(0, n)), Array.from(outJ.subarray(0, n))])
            .toEqual([i, b.map((x) => x[0]), b.map((x) => x[1])]);
          if (n === 20 && b[19][0] === b[18][0]) ties++;
        }
      }
      for (let i = 0; i < Math.min(100, d.train.nRows); i++) {
        const n = index.search(inst, i, MAXD[name], outD, outJ, i);
        const b = brute(index, inst, i, d.train.nRows, MAXD[name], i);
        expect(Array.from(outJ.subarray(0, n))).toEqual(b.map((x) => x[1]));
      }
      if (name === "servo") expect(ties).toBeGreaterThan(0); // the tie rule is exercised
    });
  }
});
