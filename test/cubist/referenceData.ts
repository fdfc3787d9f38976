// Helpers for tests against the Cubist reference outputs in test/fixtures/cubist (see its README).
import * as fs from "node:fs";
import * as path from "node:path";
import { readCsvFile, discreteValueLists, readModelFile, type ColumnTable, type CubistModel } from "../../src/cubist";

export const FIXTURES = path.join(process.cwd(), "test/fixtures/cubist");
export const DATASETS = ["boston", "concrete", "servo", "ozone", "sacramento", "friedman1"] as const;
/** Neighbour radius R's predict() used (reference README, column maxd). */
export const MAXD: Record<string, number> = { boston: 2.6, concrete: 1.7, servo: 1.3, ozone: 2.3, sacramento: 1.2, friedman1: 2.3 };
/** Neighbours per configuration (reference README). */
export function neighboursOf(config: string): number {
  return config.endsWith("_n5") ? 5 : config === "rules10_c5_n9" ? 9 : 0;
}

export interface ReferenceDataset {
  name: string;
  train: ColumnTable;
  test: ColumnTable;
  trainMissing: Record<string, number>;
  target: string;
  discreteValues: Record<string, string[]>;
  configs: string[];
  predConfigs: string[];
}

const cache = new Map<string, ReferenceDataset>();

export function dataset(name: string): ReferenceDataset {
  const hit = cache.get(name);
  if (hit) return hit;
  const dir = path.join(FIXTURES, name);
  const tr = readCsvFile(path.join(dir, "train.csv"));
  const test = readCsvFile(path.join(dir, "test.csv")).table;
  const names = Object.keys(tr.table.columns);
  const target = names[names.length - 1];
  const files = fs.readdirSync(dir);
  const d: ReferenceDataset = {
    name, train: tr.table, test, trainMissing: tr.missingCounts, target,
    discreteValues: discreteValueLists([tr.table, test], { exclude: [target] }),
    configs: files.filter((f) => f.endsWith(".model")).map((f) => f.replace(".model", "")).sort(),
    predConfigs: files.filter((f) => f.endsWith(".pred.csv")).map((f) => f.replace(".pred.csv", "")).sort(),
  };
  cache.set(name, d);
  return d;
}

export function modelPath(name: string, config: string): string {
  return path.join(FIXTURES, name, `${config}.model`);
}

export function referenceModel(name: string, config: string): CubistModel {
  const d = dataset(name);
  return readModelFile(modelPath(name, config), { discreteValues: d.discreteValues, targetName: d.target });
}

export function referencePredictions(name: string, config: string): Float64Array {
  return readCsvFile(path.join(FIXTURES, name, `${config}.pred.csv`)).table.columns.predicted as Float64Array;
}

export function referenceReport(name: string, config: string): string {
  return fs.readFileSync(path.join(FIXTURES, name, `${config}.report.txt`), "utf8");
}
