/** A value, or a promise of it: the bulk methods of a source are synchronous on the twin and asynchronous on product files. */
export type MaybePromise<T> = T | Promise<T>;

/** A day run of a source's bulk method (`getCube`: [day][cell], `getSeries`: [day][point]). */
export interface DayRun { dates: string[]; values: Float32Array }

/**
 * `f(x)` now when `x` is a value, `x.then(f)` when it is a promise — so a wrapper stays synchronous over the twin.
 * @example thenMaybe(twin.getCube(r), (run) => run.dates.length); // a number, not a promise
 */
export function thenMaybe<T, U>(x: MaybePromise<T>, f: (value: T) => U): MaybePromise<U> {
  return x instanceof Promise ? x.then(f) : f(x);
}
