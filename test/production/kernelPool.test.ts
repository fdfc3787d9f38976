import { fit, predict, type ColumnTable } from "../../src/cubist";
import { compileKernelSpec } from "../../src/production/kernelSpec";
import { createKernelPool } from "../../src/production/kernelPool";

function table(n: number, seed: number): ColumnTable {
  let s = seed >>> 0;
  const r = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
  const a = new Float64Array(n), b = new Float64Array(n), y = new Float64Array(n);
  const c: string[] = [];
  for (let i = 0; i < n; i++) {
    a[i] = Math.round(r() * 1000) / 1000; b[i] = Math.round(r() * 1000) / 1000; c.push(r() < 0.5 ? "p" : "q");
    y[i] = (a[i] > 0.5 ? 2 * a[i] : -b[i]) + (c[i] === "p" ? 0.3 : 0) + 0.01 * r();
  }
  return { nRows: n, columns: { a, b, c, y } };
}

describe("kernel worker pool", () => {
  const model = fit(table(3000, 1), { target: "y", committees: 3 });
  const pix = table(50_000, 2);
  const spec = compileKernelSpec(model);
  const ref = predict(model, pix, { coverage: "none" }).predictions;
  const shared = (): (Float32Array | Int32Array)[] => spec.attributes.map((name, a) => {
    const col = pix.columns[name];
    if (spec.kinds[a] === "continuous") { const o = new Float32Array(new SharedArrayBuffer(4 * pix.nRows)); o.set(col as Float64Array); return o; }
    const o = new Int32Array(new SharedArrayBuffer(4 * pix.nRows));
    (col as string[]).forEach((v, i) => { o[i] = spec.valueLists[name].indexOf(v); });
    return o;
  });

  test.each([1, 2, 3])("%i worker(s): tiles of shared memory give predict()'s values exactly", async (workers) => {
    const cols = shared();
    const out = new Float32Array(new SharedArrayBuffer(4 * pix.nRows)).fill(-1);
    const pool = createKernelPool({ spec, workers });
    try {
      const tile = 7001;
      const jobs: Promise<number>[] = [];
      for (let s = 0; s < pix.nRows; s += tile) {
        const len = Math.min(tile, pix.nRows - s);
        jobs.push(pool.run({ columns: cols.map((c) => c.subarray(s, s + len)), out: out.subarray(s, s + len), n: len }));
      }
      expect((await Promise.all(jobs)).reduce((x, y) => x + y, 0)).toBe(0);
    } finally { await pool.close(); }
    let diff = 0;
    for (let i = 0; i < pix.nRows; i++) if (!Object.is(out[i], ref[i])) diff++;
    expect(diff).toBe(0);
  });

  test("bad tasks and options are named", async () => {
    expect(() => createKernelPool({ spec, workers: 0 })).toThrow(/options.workers must be an integer in 1..64, got 0/);
    const pool = createKernelPool({ spec, workers: 1 });
    try {
      await expect(pool.run({ columns: [new Float32Array(4)], out: new Float32Array(4), n: 4 })).rejects.toThrow(/SharedArrayBuffers/);
      const cols = shared();
      const c = spec.attributes.indexOf("c");
      (cols[c] as Int32Array)[3] = 17;
      await expect(pool.run({ columns: cols, out: new Float32Array(new SharedArrayBuffer(4 * pix.nRows)), n: 10 })).rejects.toThrow(/column 'c' has code 17 at pixel 3/);
    } finally { await pool.close(); }
  });
});
