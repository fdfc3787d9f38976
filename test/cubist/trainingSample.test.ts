import * as fs from "node:fs";
import * as path from "node:path";
import { evaluationSample, formatReport, trainingEvaluation } from "../../src/cubist";
import { fit } from "../../src/cubist/fit";
import { paperLikeTable } from "../../bench/cubistTables";

const FIX = path.join(process.cwd(), "test/fixtures/cubist-sampled");

/** The reference report from `Model:` on, without the run-time line and trailing blank lines. */
function body(text: string): string {
  return text.slice(text.indexOf("\nModel:")).replace(/\nTime: .*\n?$/, "").replace(/\s+$/, "");
}

const fitted = new Map<number, { table: ReturnType<typeof paperLikeTable>; model: ReturnType<typeof fit> }>();
function fitted20(n: number) {
  let f = fitted.get(n);
  if (!f) {
    const table = paperLikeTable(n, 16, { targetDecimals: 6 });
    f = { table, model: fit(table, { target: "sm" }) };
    fitted.set(n, f);
  }
  return f;
}

describe("training evaluation sampled as Cubist samples it (fixtures made with the C program)", () => {
  // 20,000 (below the sample, every case evaluated) is in the fixture folder too; the unsampled
  // path is covered by the reference datasets, and each case here costs ~15 s under jest
  for (const n of [20001, 20002, 30000]) {
    test(`paper-like table of ${n} rows: the report equals the reference, evaluation included`, () => {
      const { table, model } = fitted20(n);
      const ref = fs.readFileSync(path.join(FIX, `paper${n}.report.txt`), "utf8");
      expect(model.maxd).toBe(1.3); // the reference model file: maxd="1.3"
      const evaluation = trainingEvaluation(model, table, { neighbors: 1, maxd: model.maxd as number });
      expect(evaluation.cases).toBe(n);
      expect(evaluation.sampled).toBe(n >= 20002);
      const ours = formatReport(model, { trainingCases: n, evaluation });
      expect(body(ours)).toBe(body(ref));
      expect(ref).toContain(`Evaluation on training data (${n} cases${n >= 20002 ? ", sampled" : ""}):`);
    }, 180_000);
  }

  test("the sample: none below 20,001 cases, then 10,000 positions trunc(n·t/10000)", () => {
    expect(evaluationSample(20000)).toBeNull();
    const s = evaluationSample(20001)!;
    expect(s.length).toBe(10000);
    expect([s[0], s[1], s[2], s[9999]]).toEqual([0, 2, 4, 19998]);
    const t = evaluationSample(30000)!;
    expect([t[0], t[1], t[2], t[3], t[9999]]).toEqual([0, 3, 6, 9, 29997]);
  });

  test("rules-only evaluation (neighbors 0) uses every case", () => {
    const { table, model } = fitted20(20002);
    const e = trainingEvaluation(model, table, { neighbors: 0 });
    expect(e.sampled).toBe(false);
    expect(e.cases).toBe(20002);
  });
});
