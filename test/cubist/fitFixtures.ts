// Shared helpers of the fit*.test.ts files: load a reference dataset from test/fixtures/cubist,
// fit it with given options, and compare our .model text with the reference's line by line.
import * as fs from "node:fs";
import * as path from "node:path";
import { readCsvFile } from "../../src/cubist/readCsvTable";
import { discreteValueLists } from "../../src/cubist/discreteValueLists";
import { fit, type FitOptions } from "../../src/cubist/fit";
import { formatModelFile } from "../../src/cubist/modelFile";
import type { CubistModel } from "../../src/cubist/model";
import type { ColumnTable } from "../../src/cubist/table";

export const FIXTURES = path.join(process.cwd(), "test/fixtures/cubist");

export interface Dataset {
  train: ColumnTable;
  test: ColumnTable;
  target: string;
  discreteValues: Record<string, string[]>;
}

const cache = new Map<string, Dataset>();

/** Reads train.csv/test.csv of a reference dataset (target = last column, value lists = sorted union). */
export function loadDataset(name: string): Dataset {
  const hit = cache.get(name);
  if (hit) return hit;
  const train = readCsvFile(path.join(FIXTURES, name, "train.csv")).table;
  const test = readCsvFile(path.join(FIXTURES, name, "test.csv")).table;
  const cols = Object.keys(train.columns);
  const target = cols[cols.length - 1];
  const ds = { train, test, target, discreteValues: discreteValueLists([train, test], { exclude: [target] }) };
  cache.set(name, ds);
  return ds;
}

/** Fits a reference dataset with the given options. */
export function fitDataset(name: string, options: Partial<FitOptions> = {}): CubistModel {
  const ds = loadDataset(name);
  return fit(ds.train, { target: ds.target, discreteValues: ds.discreteValues, ...options });
}

/** Lines of our .model text and the reference's, without the id= line. */
export function modelLines(model: CubistModel, dataset: string, config: string): { mine: string[]; ref: string[] } {
  const mine = formatModelFile(model).split("\n").slice(1);
  const ref = fs.readFileSync(path.join(FIXTURES, dataset, `${config}.model`), "utf8").split("\n").slice(1);
  return { mine, ref };
}

/** Indices (0-based, without the id line) of lines that differ. */
export function differingLines(mine: string[], ref: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.max(mine.length, ref.length); i++) if (mine[i] !== ref[i]) out.push(i);
  return out;
}

/** Rules per member as written in a .model text. */
export function rulesPerMember(lines: string[]): number[] {
  return lines.filter((l) => l.startsWith("rules=")).map((l) => Number(/rules="(\d+)"/.exec(l)![1]));
}

/** RMSE of predictions against the target column of a table. */
export function rmse(pred: Float64Array, table: ColumnTable, target: string): number {
  const y = table.columns[target] as Float64Array;
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i] - pred[i]) ** 2;
  return Math.sqrt(s / y.length);
}
