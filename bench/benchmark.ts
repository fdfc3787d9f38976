/**
 * One benchmark of `npm run bench`. Files named `bench/*.bench.ts` export `benchmarks: Benchmark[]`.
 * Each benchmark runs in its own Node process, so the peak memory printed is that benchmark's own.
 */
export interface Benchmark {
  /** Short unique name, e.g. `cubist.fit.paper`. */
  name: string;
  /** What is measured, in words a reader understands: `20,787 × 6 training rows`. */
  size: string;
  /** Work not to be timed (data generation); its result is passed to `run`. */
  setup?: () => unknown | Promise<unknown>;
  /** The timed work. May return a line of extra facts to print (e.g. `rules=59`). */
  run: (input: unknown) => unknown | Promise<unknown>;
  /** A reference time to print a ratio against (seconds), e.g. the C implementation's. */
  baseline?: { label: string; seconds: number };
}
