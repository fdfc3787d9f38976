import { Worker } from "node:worker_threads";
import type { KernelSpec } from "./kernelSpec";

/** Options of {@link createKernelPool}. */
export interface KernelPoolOptions {
  /** The compiled model (from `compileKernelSpec`). Required. */
  spec: KernelSpec;
  /** Worker threads, 1..64. Default 1. */
  workers?: number;
}

/** One unit of work: `n` pixels whose columns and output live in SharedArrayBuffers (no copy to the worker). */
export interface KernelTask {
  columns: (Float32Array | Int32Array)[];
  out: Float32Array;
  n: number;
}

/** A pool of worker threads each holding the same instantiated kernel (see {@link createKernelPool}). */
export interface KernelPool {
  workers: number;
  /** Runs a task on the next free worker; resolves with the number of unseen-class pixels (set to NaN). */
  run(task: KernelTask): Promise<number>;
  /** Terminates the workers (pending tasks reject). */
  close(): Promise<void>;
}

// The worker: an ES module given as a data: URL (no file to locate, so src/ needs no __dirname); it builds the
// kernel from the spec exactly as applyKernel does and answers {id, unseen} or {id, error}.
const WORKER_SOURCE = `
import { parentPort, workerData } from "node:worker_threads";
const spec = workerData.spec;
const apply = new Function("T", spec.source)(spec.tables);
parentPort.on("message", (m) => {
  try { parentPort.postMessage({ id: m.id, unseen: apply(m.columns, m.out, m.n) }); }
  catch (e) { parentPort.postMessage({ id: m.id, error: String(e && e.message ? e.message : e) }); }
});
`;

function shared(a: ArrayLike<number> & { buffer: ArrayBufferLike }): boolean {
  return typeof SharedArrayBuffer !== "undefined" && a.buffer instanceof SharedArrayBuffer;
}

/**
 * A pool of `workers` threads sharing one compiled model: each worker instantiates the kernel once from the spec,
 * then applies it to tasks whose arrays are SharedArrayBuffer views (posting them shares memory, nothing is
 * copied). Tasks go to idle workers first-come; results do not depend on which worker runs a task (the kernel is
 * deterministic), so outputs are independent of the number of workers.
 *
 * @param options `spec` (required), `workers` (default 1)
 * @returns the pool; call `close()` when done
 * @throws RangeError naming the option for a worker count outside 1..64 or a missing spec
 * @example
 * const pool = createKernelPool({ spec: compileKernelSpec(model), workers: 2 });
 * await pool.run({ columns, out, n });
 * await pool.close();
 */
export function createKernelPool(options: KernelPoolOptions): KernelPool {
  const spec = options?.spec;
  const nw = options?.workers ?? 1;
  if (!spec || typeof spec.source !== "string") throw new RangeError("createKernelPool: options.spec must come from compileKernelSpec");
  if (!Number.isInteger(nw) || nw < 1 || nw > 64) throw new RangeError(`createKernelPool: options.workers must be an integer in 1..64, got ${nw}`);
  const url = new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`);
  const threads: Worker[] = [];
  const idle: Worker[] = [];
  const queue: { task: KernelTask; resolve: (u: number) => void; reject: (e: Error) => void }[] = [];
  const pending = new Map<number, { resolve: (u: number) => void; reject: (e: Error) => void; worker: Worker }>();
  let nextId = 0;
  let closed = false;
  const dispatch = (): void => {
    // A worker is listed once per free slot: two tasks in flight each, so it never waits for the next message.
    while (idle.length > 0 && queue.length > 0) {
      const w = idle.shift() as Worker;
      const { task, resolve, reject } = queue.shift() as (typeof queue)[number];
      const id = nextId++;
      pending.set(id, { resolve, reject, worker: w });
      w.postMessage({ id, columns: task.columns, out: task.out, n: task.n });
    }
  };
  for (let k = 0; k < nw; k++) {
    const w = new Worker(url, { workerData: { spec } });
    w.on("message", (m: { id: number; unseen?: number; error?: string }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      idle.push(w);
      if (m.error !== undefined) p.reject(new Error(`kernel worker: ${m.error}`));
      else p.resolve(m.unseen as number);
      dispatch();
    });
    w.on("error", (e) => {
      for (const [id, p] of pending) if (p.worker === w) { pending.delete(id); p.reject(e); }
    });
    threads.push(w);
    idle.push(w, w);
  }
  return {
    workers: nw,
    run(task) {
      if (closed) return Promise.reject(new Error("kernel pool: run() after close()"));
      if (!shared(task.out) || !task.columns.every(shared)) {
        return Promise.reject(new TypeError("kernel pool: task columns and out must be views of SharedArrayBuffers"));
      }
      if (task.columns.length !== spec.attributes.length) {
        return Promise.reject(new RangeError(`kernel pool: columns must be ${spec.attributes.length} arrays (${spec.attributes.join(", ")}), got ${task.columns.length}`));
      }
      return new Promise<number>((resolve, reject) => { queue.push({ task, resolve, reject }); dispatch(); });
    },
    async close() {
      closed = true;
      for (const q of queue.splice(0)) q.reject(new Error("kernel pool closed"));
      await Promise.all(threads.map((w) => w.terminate()));
    },
  };
}
