import { dayOfYear } from "./twinConfig";

/** A MODIS compositing period: first and last day (days since 1970, inclusive) and its label. */
export interface CompositePeriod { start: number; end: number; label: string }

/**
 * The MODIS compositing periods overlapping days `first` … `last`: 8-day (MOD11A2) or 16-day (MOD13A2)
 * periods starting on day-of-year 1, 1 + L, 1 + 2L, … of each year; the last period of a year is cut at
 * 31 December (as in the MODIS products). Labels are `YYYY-DDD` of the period start (the file name's AYYYYDDD).
 *
 * @example
 * compositePeriods(dayNumber("2015-05-01"), dayNumber("2015-05-31"), 8)[0].label; // "2015-113"
 */
export function compositePeriods(first: number, last: number, length: 8 | 16): CompositePeriod[] {
  if (length !== 8 && length !== 16) throw new RangeError(`compositePeriods: length must be 8 or 16, got ${length}`);
  if (!(last >= first)) throw new RangeError(`compositePeriods: last (${last}) must be ≥ first (${first})`);
  const out: CompositePeriod[] = [];
  let d = first - (dayOfYear(first) - 1) % length;
  while (d <= last) {
    const year = new Date(d * 86400000).getUTCFullYear();
    const yearEnd = Math.round(Date.UTC(year, 11, 31) / 86400000);
    const end = Math.min(d + length - 1, yearEnd);
    out.push({ start: d, end, label: `${year}-${String(dayOfYear(d)).padStart(3, "0")}` });
    d = end + 1;
  }
  return out;
}
