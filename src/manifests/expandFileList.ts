import { isCalendarDate } from "./common";
import type { KnownFile, ProductManifest } from "./productManifest";

/** One file of a product for a date range. */
export interface ExpandedFile {
  /** Where to get it (may contain `*` when {@link needsListing}). */
  url: string;
  /** Local file name (may contain `*` when {@link needsListing}). */
  name: string;
  /** The file's nominal date `YYYY-MM-DD` (start of a composite), or null for static products. */
  date: string | null;
  /** Hour of day (UTC) for hourly products. */
  hour?: number;
  /** Expected size in bytes, when known and the known copy is as distributed. */
  size?: number;
  /** Expected SHA-256 (lowercase hex), when known and the known copy is as distributed. */
  sha256?: string;
  /** True when the name has an unpredictable part (`{*}`) that the fetcher resolves by listing the directory. */
  needsListing: boolean;
}

/** Options of {@link expandFileList}. */
export interface ExpandFileListOptions {
  /** First day `YYYY-MM-DD` (inclusive); required unless the cadence is static. */
  from?: string;
  /** Last day `YYYY-MM-DD` (inclusive); required unless the cadence is static. */
  to?: string;
  /** Refuse to list more files than this (default 100,000), so a typo in a year cannot run away. */
  maxFiles?: number;
}

const DAY_MS = 86_400_000;

function utc(date: string): number {
  return Date.parse(date + "T00:00:00Z");
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** The date tokens of a day (and hour). */
function dateTokens(ms: number, hour: number | undefined): Record<string, string> {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const mm = pad(d.getUTCMonth() + 1, 2);
  const dd = pad(d.getUTCDate(), 2);
  const doy = Math.round((ms - Date.UTC(y, 0, 1)) / DAY_MS) + 1;
  const t: Record<string, string> = {
    yyyy: String(y), mm, dd, doy: pad(doy, 3), yyyymmdd: `${y}${mm}${dd}`, "yyyy.mm.dd": `${y}.${mm}.${dd}`,
  };
  if (hour !== undefined) t.hh = pad(hour, 2);
  return t;
}

/** Nominal (date, hour) slots of the cadence overlapping [from, to]. */
function slots(manifest: ProductManifest, from: number, to: number, maxFiles: number, perSlot: number): Array<{ ms: number | null; hour?: number }> {
  const { unit, step = 1 } = manifest.files.cadence;
  const out: Array<{ ms: number | null; hour?: number }> = [];
  const push = (slot: { ms: number | null; hour?: number }) => {
    out.push(slot);
    if (out.length * perSlot > maxFiles) {
      throw new RangeError(`expandFileList: ${manifest.id} from ${iso(from)} to ${iso(to)} lists more than maxFiles = ${maxFiles} files; narrow the date range or raise maxFiles`);
    }
  };
  if (unit === "static") {
    push({ ms: null });
    return out;
  }
  const y0 = new Date(from).getUTCFullYear();
  const y1 = new Date(to).getUTCFullYear();
  switch (unit) {
    case "hour":
      for (let ms = from; ms <= to; ms += DAY_MS) for (let h = 0; h < 24; h += step) push({ ms, hour: h });
      break;
    case "day":
      for (let ms = from; ms <= to; ms += DAY_MS) push({ ms });
      break;
    case "composite":
      for (let y = y0; y <= y1; y++) {
        const yearEnd = Date.UTC(y, 11, 31);
        for (let start = Date.UTC(y, 0, 1); start <= yearEnd; start += step * DAY_MS) {
          const end = Math.min(start + (step - 1) * DAY_MS, yearEnd);
          if (start <= to && end >= from) push({ ms: start });
        }
      }
      break;
    case "month": {
      const f = new Date(from);
      for (let y = y0, m = f.getUTCMonth(); Date.UTC(y, m, 1) <= to; m === 11 ? (y++, m = 0) : m++) push({ ms: Date.UTC(y, m, 1) });
      break;
    }
    case "year":
      for (let y = y0; y <= y1; y++) push({ ms: Date.UTC(y, 0, 1) });
      break;
  }
  return out;
}

/** Every combination of the `expand` lists, in manifest order. */
function combinations(expand: Record<string, string[]>): Array<Record<string, string>> {
  let out: Array<Record<string, string>> = [{}];
  for (const [key, values] of Object.entries(expand)) {
    const next: Array<Record<string, string>> = [];
    for (const partial of out) for (const v of values) next.push({ ...partial, [key]: v });
    out = next;
  }
  return out;
}

function fill(template: string, tokens: Record<string, string>): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, key: string) => (key === "*" ? "*" : tokens[key] ?? whole));
}

/**
 * Expands a product manifest into the files covering a date range: one entry per cadence slot
 * (hour, day, composite, month, year; or once for static products) and per combination of the
 * `files.expand` lists (tiles, passes), with the URL and the name from the templates. Sizes and
 * SHA-256 sums are attached from `knownFiles` entries whose bytes are as distributed.
 * Composites are those whose period overlaps the range (MODIS 8-day: DOY 1, 9, …, 361 each year).
 *
 * @example
 * expandFileList(gldas, { from: "2015-01-01", to: "2015-01-01" }).map((f) => f.name)[1];
 * // "GLDAS_NOAH025_3H.A20150101.0300.021.nc4" (8 files for the day, 00–21 UTC)
 * @throws RangeError naming the option when from/to are missing, not calendar dates, reversed,
 *   or when the range lists more than maxFiles files.
 */
export function expandFileList(manifest: ProductManifest, options: ExpandFileListOptions = {}): ExpandedFile[] {
  const { from, to, maxFiles = 100_000 } = options;
  if (!Number.isInteger(maxFiles) || maxFiles < 1) throw new RangeError(`expandFileList: maxFiles must be a positive integer, got ${maxFiles}`);
  const isStatic = manifest.files.cadence.unit === "static";
  for (const [name, value] of [["from", from], ["to", to]] as const) {
    if (value === undefined && isStatic) continue;
    if (typeof value !== "string" || !isCalendarDate(value)) {
      throw new RangeError(`expandFileList: ${name} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
    }
  }
  const fromMs = from !== undefined ? utc(from) : 0;
  const toMs = to !== undefined ? utc(to) : 0;
  if (from !== undefined && to !== undefined && fromMs > toMs) {
    throw new RangeError(`expandFileList: to (${to}) must be on or after from (${from})`);
  }
  const combos = combinations(manifest.files.expand ?? {});
  const known = new Map<string, KnownFile>(manifest.knownFiles.filter((k) => k.asDistributed).map((k) => [k.name, k]));
  const needsListing = /\{\*\}/.test(manifest.files.urlTemplate);
  const out: ExpandedFile[] = [];
  for (const slot of slots(manifest, fromMs, toMs, maxFiles, combos.length)) {
    const dated = slot.ms === null ? {} : dateTokens(slot.ms, slot.hour);
    for (const combo of combos) {
      const tokens = { ...dated, ...combo };
      const name = fill(manifest.files.nameTemplate, tokens);
      const entry: ExpandedFile = {
        url: fill(manifest.files.urlTemplate, tokens),
        name,
        date: slot.ms === null ? null : iso(slot.ms),
        needsListing,
      };
      if (slot.hour !== undefined) entry.hour = slot.hour;
      const k = known.get(name);
      if (k) {
        entry.size = k.size;
        entry.sha256 = k.sha256;
      }
      out.push(entry);
    }
  }
  return out;
}
