import type { TableTolerance } from "./compareRuns";

/** Preliminary: filled from the first measured replica run. */
export const REPLICA_TOLERANCES: Record<string, TableTolerance> = {};
