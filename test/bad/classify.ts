import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Case } from "../fixtures/bad/readerCases";
import { CaseRunner, INTERNAL_TEXT, type ProbeResult } from "./caseRunner";

/** How a case ended, for the per-group counts. */
export type Outcome = "refused" | "accepted-same" | "accepted-counted";

function oneLine(r: ProbeResult & { kind: "threw" }, c: Case, args: unknown[]): string {
  return `${c.id}: ${r.name}: ${r.message}`;
}

/** Checks an error message: one line, names the input, matches, no internal text; and nothing else printed. */
function checkRefusal(message: string, stderr: string, names: string, pattern: RegExp, what: string, linePerIssue = false): void {
  if (linePerIssue) {
    const bad = message.split("\n").find((l) => !l.includes(names));
    if (bad !== undefined) throw new Error(`${what}: a line of the error does not name ${names}: ${bad}`);
  } else if (message.includes("\n")) throw new Error(`${what}: the error has ${message.split("\n").length} lines:\n${message}`);
  if (!message.includes(names)) throw new Error(`${what}: the error does not name ${names}: ${message}`);
  if (!pattern.test(message)) throw new Error(`${what}: the error does not match ${pattern}: ${message}`);
  if (INTERNAL_TEXT.test(message)) throw new Error(`${what}: internal error text in: ${message}`);
  if (/HDF5-DIAG|#\d{3}:/.test(stderr)) throw new Error(`${what}: HDF5 diagnostics printed:\n${stderr.slice(0, 500)}`);
}

/**
 * Runs one corpus case and checks its outcome class; returns the class. The CLI probe's result is
 * {code, stderr[]}: a refusal there is exit 1 (2 with `usage: true`) and exactly one stderr line.
 */
export async function runCase(runner: CaseRunner, c: Case, dir: string, intactCache: Map<string, unknown>): Promise<Outcome> {
  const args = c.make(dir);
  const outcome = await classify(runner, c, args, intactCache);
  if (c.after) c.after(args);
  return outcome;
}

async function classify(runner: CaseRunner, c: Case, args: unknown[], intactCache: Map<string, unknown>): Promise<Outcome> {
  const names = c.names ? c.names(args) : path.basename(String(args[0]));
  const timeout = c.timeoutMs ?? 30000;
  const r = await runner.run(c.probe, args, timeout);
  if (r.kind === "timeout") throw new Error(`${c.id}: no outcome within ${timeout} ms (hang?)`);
  const e = c.expect;
  const intact = async (spec: { probe: string; args: unknown[] }) => {
    const key = JSON.stringify(spec);
    if (!intactCache.has(key)) {
      const o = await runner.run(spec.probe, spec.args, 60000);
      if (o.kind !== "ok") throw new Error(`${c.id}: the intact input fails: ${JSON.stringify(o)}`);
      intactCache.set(key, o.value);
    }
    return intactCache.get(key);
  };
  if (c.probe === "cli" || c.probe === "workbookRunner") {
    if (r.kind !== "ok") throw new Error(`${c.id}: the command threw instead of exiting: ${r.kind === "threw" ? r.message : ""}`);
    const v = r.value as { code: number; stdout: string; stderr: string[] };
    if ("refuse" in e && !("refuseOrSameAs" in e)) {
      const want = (e as { usage?: boolean }).usage ? 2 : 1;
      if (v.code !== want) throw new Error(`${c.id}: exit ${v.code}, expected ${want}; stderr: ${v.stderr.join(" | ")}; stdout: ${v.stdout.slice(0, 200)}`);
      if (v.stderr.length !== 1) throw new Error(`${c.id}: ${v.stderr.length} stderr lines, expected one: ${v.stderr.join(" | ")}`);
      checkRefusal(v.stderr[0], r.stderr, names, e.refuse, c.id);
      return "refused";
    }
    if ("accept" in e) { if (v.code !== 0) throw new Error(`${c.id}: exit ${v.code}: ${v.stderr.join(" | ")}`); e.accept(v); return "accepted-counted"; }
    throw new Error(`${c.id}: unsupported expectation for the CLI`);
  }
  if ("accept" in e) {
    if (r.kind !== "ok") throw new Error(`${c.id}: expected a counted acceptance (${e.why}), got ${oneLine(r as ProbeResult & { kind: "threw" }, c, args)}`);
    e.accept(r.value);
    return "accepted-counted";
  }
  if ("sameAs" in e) {
    if (r.kind !== "ok") throw new Error(`${c.id}: expected the intact file's values, got ${oneLine(r as ProbeResult & { kind: "threw" }, c, args)}`);
    expect(r.value).toEqual(await intact(e.sameAs));
    return "accepted-same";
  }
  if ("refuseOrSameAs" in e) {
    if (r.kind === "ok") {
      expect(r.value).toEqual(await intact(e.refuseOrSameAs));
      return "accepted-same";
    }
    checkRefusal(r.message, r.stderr, names, e.refuse, c.id);
    return "refused";
  }
  if (r.kind === "ok") throw new Error(`${c.id}: accepted, expected a refusal matching ${e.refuse}; value: ${JSON.stringify(r.value).slice(0, 300)}`);
  checkRefusal(r.message, r.stderr, names, e.refuse, c.id, e.linePerIssue);
  return "refused";
}

/** A jest suite running `cases` with the outcome counts per group printed at the end. */
export function corpusSuite(title: string, cases: Case[]): void {
  const runner = new CaseRunner();
  const intact = new Map<string, unknown>();
  const tally = new Map<string, Record<Outcome, number>>();
  let root = "";
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "bad-corpus-"));
    await runner.warm();
  }, 300000);
  afterAll(async () => {
    await runner.close();
    fs.rmSync(root, { recursive: true, force: true });
    const lines = [...tally].map(([g, t]) => `${g.padEnd(14)} refused ${t.refused}, accepted (same values) ${t["accepted-same"]}, accepted (counted) ${t["accepted-counted"]}`);
    console.log(`bad-input corpus, ${title} (${cases.length} cases):\n${lines.join("\n")}`);
  });
  describe(`bad-input corpus: ${title}`, () => {
    cases.forEach((c, i) => (c.failing ? test.failing : test)(`${c.group}: ${c.id}${c.failing ? ` [expected to fail until ${c.failing}]` : ""}`, async () => {
      const dir = path.join(root, String(i));
      fs.mkdirSync(dir, { recursive: true });
      const outcome = await runCase(runner, c, dir, intact);
      const t = tally.get(c.group) ?? { refused: 0, "accepted-same": 0, "accepted-counted": 0 };
      t[outcome]++;
      tally.set(c.group, t);
      fs.rmSync(dir, { recursive: true, force: true });
    }, 180000));
  });
}
