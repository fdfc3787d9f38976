import * as fs from "node:fs";
import * as path from "node:path";
import { expandFileList } from "../manifests/expandFileList";
import { parseJaxaAmsr2Name, parseLprmName } from "../products/amsr2";
import type { ProductRoute } from "./productRoute";

/** The local files of one product for one day. */
export interface ProductFiles {
  /** Paths found, in the order of the manifest's expansion (hours, passes, satellites). */
  found: string[];
  /** Paths the manifest's `nameTemplate` expects and that are absent (with `*` where the name is not predictable). */
  missing: string[];
  /** Every expected path (found or not), for messages. */
  expected: string[];
}

/** Options of {@link findProductFiles}. */
export interface FindProductFilesOptions {
  /** Folder holding the product's files (what `sm-downscale fetch --out` wrote). */
  dir: string;
  /** UTC day `YYYY-MM-DD`. */
  date: string;
}

const listings = new Map<string, { mtimeMs: number; names: string[] }>();

/**
 * File names in `dir` (sorted), cached until the folder's modification time changes; [] when the folder does not exist.
 * @example listProductDir("data/real/srtm"); // ["N37E127.hgt.zip", …]
 */
export function listProductDir(dir: string): string[] {
  let st: fs.Stats;
  try { st = fs.statSync(dir); } catch { return []; }
  if (!st.isDirectory()) throw new Error(`product folder ${dir} is not a directory`);
  const hit = listings.get(dir);
  if (hit && hit.mtimeMs === st.mtimeMs) return hit.names;
  const names = fs.readdirSync(dir).filter((n) => !n.startsWith(".") && !/\.tmp-\d+$/.test(n) && !/\.part$/.test(n)).sort();
  listings.set(dir, { mtimeMs: st.mtimeMs, names });
  return names;
}

const globToRegExp = (name: string) => new RegExp(`^${name.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);

/** Other names under which a file of the expected (date, hour, pass) is accepted (other versions of the product). */
function alternatives(route: ProductRoute, names: string[], date: string, expectedName: string, hour: number | undefined): string[] {
  const ymd = date.replace(/-/g, "");
  switch (route.reader) {
    case "gldas": {
      const hh = String(hour ?? 0).padStart(2, "0");
      const re = new RegExp(`^GLDAS_NOAH025_3H\\.A${ymd}\\.${hh}00\\.\\d+\\.nc4$`);
      return names.filter((n) => re.test(n));
    }
    case "amsr2-jaxa": {
      const want = parseJaxaAmsr2Name(expectedName);
      return want ? names.filter((n) => { const p = parseJaxaAmsr2Name(n); return !!p && p.date === date && p.direction === want.direction && /\.h5$/i.test(n); }) : [];
    }
    case "amsr2-lprm": {
      const want = parseLprmName(expectedName.replace(/\*/g, ""));
      return want ? names.filter((n) => { const p = parseLprmName(n); return !!p && p.date === date && p.direction === want.direction && /\.nc4?$/i.test(n); }) : [];
    }
    default:
      return [];
  }
}

/**
 * The local files of a dated product (GLDAS granules, AMSR2 passes, ASCAT swaths) for one UTC day: the names the
 * manifest's `nameTemplate` gives for that day (the names `sm-downscale fetch` writes), with `*` parts resolved
 * against the folder listing. A file of another version or resolution with the same date, hour and pass is
 * accepted too (GLDAS `.020.nc4`, JAXA `…L3SGSMCLA2220220.h5`). ASCAT swaths: every file of each satellite
 * whose name starts on that day, plus those of the day before (an orbit crossing midnight).
 *
 * @throws RangeError naming `date` when it is not `YYYY-MM-DD` (from expandFileList).
 * @example
 * findProductFiles(route, { dir: "data/real/gldas-noah025-3h-v2.1", date: "2016-01-01" }).missing.length; // 0 when the 8 granules are there
 */
export function findProductFiles(route: ProductRoute, options: FindProductFilesOptions): ProductFiles {
  const { dir, date } = options;
  if (typeof dir !== "string" || dir === "") throw new TypeError(`findProductFiles: options.dir must be a folder path, got ${JSON.stringify(dir)}`);
  const names = listProductDir(dir);
  const expanded = expandFileList(route.manifest, { from: date, to: date });
  const out: ProductFiles = { found: [], missing: [], expected: [] };
  const take = (n: string) => { const p = path.join(dir, n); if (!out.found.includes(p)) out.found.push(p); };
  for (const e of expanded) {
    const expectedPath = path.join(dir, e.name);
    out.expected.push(expectedPath);
    const re = globToRegExp(e.name);
    let hits = names.filter((n) => re.test(n));
    if (!hits.length) hits = alternatives(route, names, date, e.name, e.hour);
    if (!hits.length) { out.missing.push(expectedPath); continue; }
    if (route.reader === "ascat-swath") hits.forEach(take);
    else take(hits[hits.length - 1]); // the newest version / production time sorts last
  }
  if (route.reader === "ascat-swath") {
    const prev = new Date(Date.parse(`${date}T00:00:00Z`) - 86400000).toISOString().slice(0, 10);
    for (const e of expandFileList(route.manifest, { from: prev, to: prev })) {
      const re = globToRegExp(e.name);
      names.filter((n) => re.test(n)).forEach(take);
    }
  }
  return out;
}
