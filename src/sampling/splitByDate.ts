import { SampleTable, takeRows } from "./sampleTable";

/** An inclusive ISO date range. */
export interface DateRange {
  from: string;
  to: string;
}

/** Options of {@link splitByDate}. */
export interface SplitByDateOptions {
  /** Training (calibration) period. Default 2013-01-01 … 2014-12-31 (paper: n = 20,787). */
  train?: DateRange;
  /** Validation (hindcast) period. Default 2015-01-01 … 2015-12-31 (paper: n = 15,625). */
  validation?: DateRange;
}

/** Result of {@link splitByDate}. */
export interface DateSplit {
  train: SampleTable;
  validation: SampleTable;
  /** Rows in neither period. */
  outside: number;
  trainRange: DateRange;
  validationRange: DateRange;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Splits the sample table by date into the training period (2013–2014) and the validation period
 * (2015), the paper's hindcast scheme (paper §2.3; docs/paper.md §6). ISO dates compare as strings.
 *
 * @param table the (clear-sky filtered) sample table
 * @param options `train`, `validation` ranges (inclusive)
 * @throws RangeError when a range is not two ISO dates in order, or the ranges overlap
 * @example
 * const { train, validation } = splitByDate(clear.table, {});
 */
export function splitByDate(table: SampleTable, options: SplitByDateOptions = {}): DateSplit {
  const train = options.train ?? { from: "2013-01-01", to: "2014-12-31" };
  const validation = options.validation ?? { from: "2015-01-01", to: "2015-12-31" };
  for (const [name, r] of [["train", train], ["validation", validation]] as const) {
    if (!ISO.test(r.from) || !ISO.test(r.to) || r.from > r.to) {
      throw new RangeError(`splitByDate: ${name} must be {from, to} ISO dates with from <= to, got ${JSON.stringify(r)}`);
    }
  }
  if (train.from <= validation.to && validation.from <= train.to) {
    throw new RangeError(`splitByDate: train ${JSON.stringify(train)} and validation ${JSON.stringify(validation)} overlap`);
  }
  const inTrain = table.dates.map((d) => d >= train.from && d <= train.to);
  const inVal = table.dates.map((d) => d >= validation.from && d <= validation.to);
  const tr: number[] = [];
  const va: number[] = [];
  let outside = 0;
  for (let i = 0; i < table.n; i++) {
    const d = table.dayIndex[i];
    if (inTrain[d]) tr.push(i); else if (inVal[d]) va.push(i); else outside++;
  }
  return { train: takeRows(table, tr), validation: takeRows(table, va), outside, trainRange: train, validationRange: validation };
}
