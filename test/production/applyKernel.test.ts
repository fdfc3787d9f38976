import { fit, predict, type ColumnTable, type CubistModel } from "../../src/cubist";
import { applyKernel } from "../../src/production/applyKernel";
import { compileKernelSpec, type KernelSpec } from "../../src/production/kernelSpec";
import { sleb, uleb } from "../../src/production/wasmEmitter";
import { DATASETS, dataset, referenceModel, referencePredictions } from "../cubist/referenceData";

/** The kernel's columns of a table: float32 continuous values, discrete codes (null → −2 missing, unknown → −1). */
function kernelColumns(spec: KernelSpec, table: ColumnTable): (Float32Array | Int32Array)[] {
  return spec.attributes.map((name, a) => {
    const col = table.columns[name];
    if (spec.kinds[a] === "continuous") return Float32Array.from(col as Float64Array);
    const list = spec.valueLists[name];
    return Int32Array.from(col as (string | null)[], (v) => (v === null || (typeof v === "number" && Number.isNaN(v)) ? -2 : list.indexOf(String(v))));
  });
}

/** Indices where two prediction arrays differ in bits (NaN = NaN). */
function differences(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const bad: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) bad.push(i);
  return bad;
}

type Engine = "wasm" | "js";

function runKernel(engine: Engine, model: CubistModel, table: ColumnTable, committees?: number, block?: number): { out: Float32Array; unseen: number } {
  const spec = compileKernelSpec(model, { committees, block, engine });
  expect(spec.engine).toBe(engine);
  const k = applyKernel(spec);
  const out = new Float32Array(table.nRows);
  const unseen = k.apply(kernelColumns(spec, table), out, table.nRows);
  return { out, unseen };
}

/** Seeded paper-like table: 5 continuous predictors and a 6-class land cover (with a smooth target). */
function paperLike(n: number, seed: number): ColumnTable {
  let s = seed >>> 0;
  const r = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
  const cols: Record<string, Float64Array> = {};
  for (const k of ["amsr2", "ascat", "lst", "ndvi", "dem", "sm"]) cols[k] = new Float64Array(n);
  const lc: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(6 * r()), wet = r(), v = r(), e = Math.floor(2500 * r() * r());
    const sm = 0.05 + 0.35 * wet * wet * (0.6 + 0.4 * v) + 0.05 * Math.sin(e / 200) + (v > 0.5 ? 0.1 * v * v : -0.05 * v) + (k === 5 ? 0.06 : k === 2 ? -0.04 : 0);
    lc[i] = `c${k}`;
    cols.lst[i] = Math.round((280 + 30 * r() - 0.004 * e + 8 * (1 - wet)) * 100) / 100;
    cols.ndvi[i] = Math.round(v * 1e4) / 1e4; cols.dem[i] = e;
    cols.amsr2[i] = Math.round((0.8 * sm + 0.05 + 0.03 * (r() - 0.5)) * 1e3) / 1e3;
    cols.ascat[i] = Math.round((0.6 * sm + 0.1 + 0.05 * (r() - 0.5)) * 1e3) / 1e3;
    const y = 0.5 * cols.amsr2[i] + (v > 0.5 ? 0.3 : -0.2) * cols.ascat[i] + (cols.lst[i] > 290 ? -0.004 * (cols.lst[i] - 290) : 0.001 * cols.lst[i] - 0.29) + 0.03 * Math.sin(e / 300) + (k === 5 ? 0.06 : k === 2 ? -0.04 : 0);
    cols.sm[i] = Math.round((y + 0.005 * (r() - 0.5)) * 1e3) / 1e3;
  }
  return { nRows: n, columns: { ...cols, landcover: lc } };
}

describe.each(["wasm", "js"] as const)("the production apply kernel (%s) is predict() bit for bit", (engine) => {
  for (const name of DATASETS) {
    test(`${name}: every neighbour-free RuleQuest configuration, identical to predict() and within 1e-6 of RuleQuest`, () => {
      const d = dataset(name);
      const configs = d.predConfigs.filter((c) => c.endsWith("_n0") || !/_n\d$/.test(c));
      expect(configs.length).toBeGreaterThanOrEqual(2);
      for (const config of configs) {
        const model = referenceModel(name, config);
        if (model.options.neighbors > 0) continue;
        const ref = referencePredictions(name, config);
        const mine = predict(model, d.test, { coverage: "none", unseenDiscrete: "nomatch" }).predictions;
        const { out } = runKernel(engine, model, d.test, undefined, engine === "js" ? 64 : undefined);
        expect([config, differences(out, mine)]).toEqual([config, []]);
        let bad = 0;
        for (let i = 0; i < ref.length; i++) if (!(Math.abs(out[i] - ref[i]) <= 1e-6 * Math.abs(ref[i]))) bad++;
        expect([config, bad]).toEqual([config, 0]);
      }
    });
  }

  const train = paperLike(6000, 11);
  const fitted = fit(train, { target: "sm", committees: 5, rules: 40 });
  // trees give disjoint rules here; a first rule without conditions and every other rule without its last
  // condition make them overlap
  const model: CubistModel = {
    ...fitted,
    committees: fitted.committees.map((c) => ({ rules: c.rules.map((r, i) => (i === 0 ? { ...r, conditions: [] } : i % 2 === 0 ? { ...r, conditions: r.conditions.slice(0, -1) } : r)) })),
  };
  const pixels = paperLike(20000, 12);
  test("a 5-member committee with overlapping rules, every member count, across block boundaries", () => {
    // the model really has overlapping rules: some pixels are covered by several rules of a member
    const cover = predict(model, pixels, { coverage: "first" }).ruleCount as Int32Array;
    expect(Math.max(...cover)).toBeGreaterThan(10);
    expect(model.committees[0].rules.length).toBeGreaterThan(8);
    expect(model.committees.length).toBe(5);
    for (const k of [1, 2, 5]) {
      const ref = predict(model, pixels, { committees: k, coverage: "none" }).predictions;
      for (const block of [64, 1000, 4096, undefined]) expect([k, block, differences(runKernel(engine, model, pixels, k, block).out, ref)]).toEqual([k, block, []]);
    }
  });

  test("more than 64 rules in a member (several rule words, many covering rules per pixel)", () => {
    const rules = model.committees[0].rules;
    const many: CubistModel = { ...model, committees: [{ rules: [0, 1, 2].flatMap((k) => rules.map((r) => ({ ...r, intercept: r.intercept + 0.001 * k }))) }, model.committees[1]] };
    expect(many.committees[0].rules.length).toBeGreaterThan(64);
    for (const k of [1, 2]) {
      const ref = predict(many, pixels, { committees: k, coverage: "none" }).predictions;
      expect([k, differences(runKernel(engine, many, pixels, k).out, ref)]).toEqual([k, []]);
    }
  });

  test("missing values take the mean / mode as in predict(); infinities are values; unseen classes give NaN and are counted", () => {
    const holes: ColumnTable = { nRows: pixels.nRows, columns: { ...pixels.columns } };
    let s = 99;
    const r = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
    for (const name of ["amsr2", "lst", "ndvi", "dem"]) {
      const c = Float64Array.from(pixels.columns[name] as Float64Array);
      for (let i = 0; i < c.length; i++) {
        const u = r();
        if (u < 0.1) c[i] = NaN;
        else if (u < 0.102) c[i] = u < 0.101 ? Infinity : -Infinity;
      }
      holes.columns[name] = c;
    }
    const lc = (pixels.columns.landcover as string[]).slice() as (string | null)[];
    let nUnseen = 0;
    for (let i = 0; i < lc.length; i++) {
      const u = r();
      if (u < 0.05) lc[i] = null;
      else if (u < 0.08) { lc[i] = "never-seen"; nUnseen++; }
    }
    holes.columns.landcover = lc;
    const ref = predict(model, holes, { coverage: "none", unseenDiscrete: "nan" });
    expect(ref.nanRows).toBe(nUnseen);
    const got = runKernel(engine, model, holes);
    expect(got.unseen).toBe(nUnseen);
    expect(differences(got.out, ref.predictions)).toEqual([]);
  });

  test("bad input is named", () => {
    const spec = compileKernelSpec(model, { engine });
    const k = applyKernel(spec);
    const cols = kernelColumns(spec, pixels);
    const lcAt = spec.attributes.indexOf("landcover");
    cols[lcAt] = Int32Array.from(cols[lcAt]);
    (cols[lcAt] as Int32Array)[7] = 99;
    expect(() => k.apply(cols, new Float32Array(pixels.nRows), pixels.nRows)).toThrow(/column 'landcover' has code 99 at pixel 7/);
    expect(() => k.apply(cols.slice(1), new Float32Array(10), 10)).toThrow(/columns must be 6 arrays/);
    expect(() => compileKernelSpec(model, { committees: 6 })).toThrow(/options.committees must be an integer in 1..5/);
    expect(() => compileKernelSpec(model, { engine: "gpu" as never })).toThrow(/options.engine must be "auto", "js" or "wasm", got gpu/);
    if (engine === "wasm") {
      // the WebAssembly kernel copies raw columns: other array types are refused, naming the column
      const wrong = cols.slice();
      wrong[0] = Float64Array.from(cols[0]) as never;
      expect(() => k.apply(wrong, new Float32Array(10), 10)).toThrow(new RegExp(`column '${spec.attributes[0]}' must be a Float32Array, got \\[object Float64Array\\]`));
    }
  });
});

test("the default engine is WebAssembly where the runtime has it (node does), and one pixel at a time works", () => {
  const d = dataset(DATASETS[0]);
  const model = referenceModel(DATASETS[0], dataset(DATASETS[0]).predConfigs[0]);
  const spec = compileKernelSpec(model);
  expect(spec.engine).toBe("wasm");
  const k = applyKernel(spec);
  const cols = kernelColumns(spec, d.test);
  const ref = predict(model, d.test, { coverage: "none", unseenDiscrete: "nomatch" }).predictions;
  const one = new Float32Array(1);
  for (const i of [0, 1, d.test.nRows - 1]) {
    k.apply(cols.map((c) => c.subarray(i, i + 1)), one, 1);
    expect(Object.is(one[0], Math.fround(ref[i]))).toBe(true);
  }
  expect(k.apply(cols, new Float32Array(0), 0)).toBe(0);
});

test("LEB128 encodings of the wasm emitter (the specification's examples)", () => {
  expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
  expect(uleb(0)).toEqual([0]);
  expect(sleb(-123456n)).toEqual([0xc0, 0xbb, 0x78]);
  expect(sleb(-1n)).toEqual([0x7f]);
  expect(sleb(64n)).toEqual([0xc0, 0x00]);
  expect(sleb(-(2n ** 63n))).toEqual([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f]);
});
