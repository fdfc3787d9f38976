// The neighbour search replicates RuleQuest Cubist's KD-tree (algorithm description §13.3 says
// only that the C code "finds them with a KD-tree"): which instances it examines, its pruning
// (which can miss instances a brute-force scan finds) and which of a group of equal distances
// survive past the 20th place. Checked against the C program's predictions on probe datasets
// (test/fixtures/cubist-neighbours, see its README), made so that each prediction tells which
// neighbours were used: a model with one rule predicting 0 everywhere, so that a prediction is
// the weighted mean of the neighbours' own targets (random integers).
import * as fs from "node:fs";
import * as path from "node:path";
import { NeighbourIndex, parseModelFile, predict, resolveCaseColumns, type ColumnTable } from "../../src/cubist";

interface Probe {
  attributes: ({ name: string; sd: number } | { name: string; values: string[] })[];
  instances: { x: (number | string)[][]; y: number[] };
  queries: (number | string)[][];
  configs: { neighbors: number; maxd: number; predictions: number[] }[];
}

const FIXTURE = path.join(process.cwd(), "test/fixtures/cubist-neighbours/probes.json");
const probes = (JSON.parse(fs.readFileSync(FIXTURE, "utf8")) as { probes: Probe[] }).probes;

/** The probe model: one rule without conditions predicting 0; no clamping within ±1e9. */
function modelText(p: Probe): string {
  const lines = [
    'id="probe"',
    `prec="0" globalmean="0" extrap="1" insts="0" ceiling="1000000000" floor="-1000000000"`,
    'att="outcome" mean="0" sd="1" min="-100000000" max="100000000"',
  ];
  for (const a of p.attributes) {
    lines.push("sd" in a ? `att="${a.name}" mean="0" sd="${a.sd}" min="-1000" max="1000"` : `att="${a.name}" mode="${a.values[0]}"`);
  }
  lines.push('entries="1"', 'rules="1"', `conds="0" cover="${p.instances.y.length}" mean="0" loval="-1000000000" hival="1000000000" esterr="0"`, 'coeff="0"');
  return lines.join("\n") + "\n";
}

function table(p: Probe, rows: (number | string)[][]): ColumnTable {
  const columns: ColumnTable["columns"] = {};
  p.attributes.forEach((a, k) => {
    columns[a.name] = "sd" in a ? Float64Array.from(rows, (r) => r[k] as number) : rows.map((r) => r[k] as string);
  });
  return { nRows: rows.length, columns };
}

describe("the neighbour search is RuleQuest Cubist's (differential probes)", () => {
  test("every prediction of 10 probe datasets × 12 (K, MAXD) × 30 queries equals the C program's", () => {
    let checked = 0, ruleOnly = 0;
    probes.forEach((p, pi) => {
      const discreteValues = Object.fromEntries(p.attributes.filter((a) => "values" in a).map((a) => [a.name, (a as { values: string[] }).values]));
      const model = parseModelFile(modelText(p), { discreteValues });
      const inst = { table: table(p, p.instances.x), target: Float64Array.from(p.instances.y) };
      const cases = table(p, p.queries);
      for (const c of p.configs) {
        const got = predict(model, cases, { neighbors: c.neighbors, maxd: c.maxd, instances: inst }).predictions;
        const bad: number[] = [];
        c.predictions.forEach((v, i) => { if (got[i] !== v) bad.push(i); });
        expect([pi, c.neighbors, c.maxd, bad]).toEqual([pi, c.neighbors, c.maxd, []]);
        checked += c.predictions.length;
        ruleOnly += c.predictions.filter((v) => v === 0).length;
      }
    });
    expect(checked).toBe(3600);
    expect(ruleOnly).toBeGreaterThan(100); // cases where fewer than ⌈K/2⌉ neighbours were found
  });

  test("the pruning is the reference's: it misses instances a brute-force scan finds", () => {
    // probe 0: one attribute with sd 0.001, so every distance is capped at 1 while the bound is not
    const p = probes[0];
    const model = parseModelFile(modelText(p), {});
    const inst = resolveCaseColumns(model, table(p, p.instances.x), "error");
    const cases = resolveCaseColumns(model, table(p, p.queries), "error");
    const index = new NeighbourIndex(model, inst);
    const outD = new Float64Array(20), outJ = new Int32Array(20);
    const n = index.search(cases, 0, 50, outD, outJ, -1, 5);
    expect(n).toBeLessThan(p.instances.y.length < 20 ? p.instances.y.length : 20);
    for (let j = 0; j < p.instances.y.length; j++) expect(index.distance(cases, 0, j)).toBe(1);
  });
});
