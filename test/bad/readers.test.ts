// The readers' bad-input corpus (test/fixtures/bad/readerCases.ts): every case must end, within its time bound,
// in a one-line error naming the input and the problem, or in a documented acceptance whose values are checked.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readerCases } from "../fixtures/bad/readerCases";
import { CaseRunner } from "./caseRunner";
import { runCase, type Outcome } from "./classify";

const cases = readerCases();
const runner = new CaseRunner();
const intact = new Map<string, unknown>();
const tally = new Map<string, Record<Outcome, number>>();
let root: string;

beforeAll(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), "bad-readers-")); });
afterAll(async () => {
  await runner.close();
  fs.rmSync(root, { recursive: true, force: true });
  const lines = [...tally].map(([g, t]) => `${g.padEnd(14)} refused ${t.refused}, accepted (same values) ${t["accepted-same"]}, accepted (counted) ${t["accepted-counted"]}`);
  console.log(`bad-input corpus, readers (${cases.length} cases):\n${lines.join("\n")}`);
});

describe("bad-input corpus: readers", () => {
  test.each(cases.map((c, i) => [`${c.group}: ${c.id}`, i] as const))("%s", async (_name, i) => {
    const c = cases[i];
    const dir = path.join(root, String(i));
    fs.mkdirSync(dir, { recursive: true });
    const outcome = await runCase(runner, c, dir, intact);
    const t = tally.get(c.group) ?? { refused: 0, "accepted-same": 0, "accepted-counted": 0 };
    t[outcome]++;
    tally.set(c.group, t);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 90000);
});
