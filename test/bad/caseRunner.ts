import * as path from "node:path";
import { Worker } from "node:worker_threads";

/** What one probe call gave: a value, an exception, or nothing within the time bound. */
export type ProbeResult =
  | { kind: "ok"; value: unknown; stderr: string; ms: number }
  | { kind: "threw"; name: string; message: string; stack: string; stderr: string; ms: number }
  | { kind: "timeout"; stderr: string; ms: number };

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");

require(workerData.register);
const probes = require(workerData.probes);
parentPort.postMessage({ ready: true });
parentPort.on("message", async ({ id, probe, args }) => {
  try {
    const fn = probes[probe];
    if (typeof fn !== "function") throw new Error("no probe " + probe);
    const value = await fn(...args);
    parentPort.postMessage({ id, kind: "ok", value });
  } catch (e) {
    parentPort.postMessage({ id, kind: "threw", name: (e && e.name) || typeof e, message: String(e && e.message !== undefined ? e.message : e), stack: String((e && e.stack) || "") });
  }
});
`;

/**
 * Runs probes (test/fixtures/bad/probes.ts) in a worker thread that loads the sources through
 * scripts/ts-register.js (the time bound starts once it has), so a case that loops for ever in synchronous code (a decoder) is bounded: past the
 * time limit the worker is terminated (that works on a busy thread) and a new one serves the next case.
 * The worker's stderr is collected per case, to catch diagnostics printed besides the error (HDF5's stack).
 */
export class CaseRunner {
  private worker: Worker | null = null;
  /** Resolves when the worker has loaded the probes (its start is not counted in a case's time bound). */
  private ready: Promise<void> = Promise.resolve();
  private stderr = "";
  private nextId = 1;

  private start(): Worker {
    const cwd = process.cwd();
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      stderr: true,
      stdout: true,
      workerData: { cwd, register: path.join(cwd, "scripts/ts-register.js"), probes: path.join(cwd, "test/fixtures/bad/probes.ts") },
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
    w.stderr.on("data", (d: Buffer) => { this.stderr += d.toString(); });
    w.stdout.on("data", (d: Buffer) => { this.stderr += d.toString(); });
    this.ready = new Promise((resolve) => {
      const onReady = (m: { ready?: boolean }) => { if (m && m.ready) { w.off("message", onReady); resolve(); } };
      w.on("message", onReady);
      w.once("exit", () => resolve()); // a worker that dies while loading: the case sees the exit
    });
    this.worker = w;
    return w;
  }

  /** Starts the worker (if none) and waits until it has loaded the sources and probes. */
  async warm(): Promise<void> {
    if (!this.worker) this.start();
    await this.ready;
  }

  /** Calls probe(...args) in the worker; resolves with its outcome, or "timeout" after `timeoutMs`. */
  async run(probe: string, args: unknown[], timeoutMs: number): Promise<ProbeResult> {
    const w = this.worker ?? this.start();
    await this.ready; // loading the sources (seconds on a busy machine) is not the case's time
    const id = this.nextId++;
    this.stderr = "";
    const t0 = Date.now();
    return new Promise((resolve) => {
      const done = (r: ProbeResult) => { clearTimeout(timer); w.off("message", onMessage); w.off("error", onError); w.off("exit", onExit); resolve(r); };
      const onMessage = (m: { id: number; kind: string; value?: unknown; name?: string; message?: string; stack?: string }) => {
        if (m.id !== id) return;
        // give stderr writes of the case a moment to arrive
        setTimeout(() => {
          const ms = Date.now() - t0;
          if (m.kind === "ok") done({ kind: "ok", value: m.value, stderr: this.stderr, ms });
          else done({ kind: "threw", name: m.name ?? "", message: m.message ?? "", stack: m.stack ?? "", stderr: this.stderr, ms });
        }, 20);
      };
      const onError = (e: Error) => { this.worker = null; done({ kind: "threw", name: "WorkerError", message: `worker died: ${e.message}`, stack: e.stack ?? "", stderr: this.stderr, ms: Date.now() - t0 }); };
      const onExit = (code: number) => { this.worker = null; done({ kind: "threw", name: "WorkerExit", message: `worker exited with ${code}`, stack: "", stderr: this.stderr, ms: Date.now() - t0 }); };
      const timer = setTimeout(() => {
        this.worker = null;
        w.off("exit", onExit);
        void w.terminate();
        done({ kind: "timeout", stderr: this.stderr, ms: Date.now() - t0 });
      }, timeoutMs);
      w.on("message", onMessage);
      w.on("error", onError);
      w.on("exit", onExit);
      w.postMessage({ id, probe, args });
    });
  }

  /** Ends the worker. */
  async close(): Promise<void> {
    if (this.worker) { const w = this.worker; this.worker = null; await w.terminate(); }
  }
}

/** Text that must never reach a user: internal JavaScript errors, stack frames, HDF5's diagnostic dump. */
export const INTERNAL_TEXT = /TypeError|ReferenceError|SyntaxError: Unexpected|RangeError: (Invalid|Maximum|Offset|Array buffer)|Cannot read propert|is not a function|is not iterable|undefined is not|\bat [\w.<>]+ \(|HDF5-DIAG|#\d{3}: |Unexpected end of JSON/;
