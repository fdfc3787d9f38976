import * as fs from "fs";
import { decodeText } from "../../io/decodeText";

/** One row of an ISMN `<network>_<network>_<station>_static_variables.csv`. */
export interface IsmnStaticRow {
  quantity: string;
  unit: string;
  /** Depth range in m; NaN when not given (land cover, climate) or unknown (−99.90). */
  depthFrom: number;
  depthTo: number;
  /** Number when numeric, else the text (`Cfa`). */
  value: number | string;
  description: string;
  sourceName: string;
  /** All columns by header name. */
  fields: Record<string, string>;
}

/**
 * Parses an ISMN static-variables CSV: `;`-separated with a header row; fields are NOT quoted (a `"` may
 * appear inside a field, e.g. the HWSD resolution `30"`), so lines are split on `;` only.
 * @throws Error naming the source when the header lacks `quantity_name` and `value` or a row has too few fields.
 * @example
 * parseIsmnStatic(text, "COSMOS_COSMOS_ARM-1_static_variables.csv").find((r) => r.quantity === "saturation")?.value; // 0.46
 */
export function parseIsmnStatic(text: string, source: string): IsmnStaticRow[] {
  const lines = text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new Error(`${source}: empty static-variables file`);
  const header = lines[0].split(";").map((h) => h.trim());
  const iq = header.indexOf("quantity_name"), iv = header.indexOf("value");
  if (iq < 0 || iv < 0) throw new Error(`${source}: not an ISMN static-variables CSV (header "${lines[0].slice(0, 80)}" lacks quantity_name and value)`);
  const num = (s: string | undefined) => {
    if (s === undefined || s.trim() === "") return NaN;
    const x = Number(s);
    return Number.isFinite(x) && !(x <= -99.8 && x >= -100) ? x : NaN;
  };
  return lines.slice(1).map((line, k) => {
    const f = line.split(";");
    if (f.length < Math.max(iq, iv) + 1) throw new Error(`${source}: line ${k + 2} has ${f.length} fields, expected ${header.length}`);
    const fields: Record<string, string> = Object.create(null);
    header.forEach((h, i) => { if (h) fields[h] = (f[i] ?? "").trim(); });
    const rawValue = (f[iv] ?? "").trim();
    const numeric = rawValue !== "" && Number.isFinite(Number(rawValue));
    return {
      quantity: fields.quantity_name ?? "",
      unit: fields.unit ?? "",
      depthFrom: num(fields["depth_from[m]"]),
      depthTo: num(fields["depth_to[m]"]),
      value: numeric ? Number(rawValue) : rawValue,
      description: fields.description ?? "",
      sourceName: fields.quantity_source_name ?? "",
      fields,
    };
  });
}

/** Reads an ISMN static-variables CSV file ({@link parseIsmnStatic}). @throws Error naming the file. */
export async function readIsmnStatic(file: string): Promise<IsmnStaticRow[]> {
  let bytes: Buffer;
  try { bytes = await fs.promises.readFile(file); } catch (err) { throw new Error(`${file}: cannot read: ${(err as Error).message}`); }
  return parseIsmnStatic(decodeText(bytes).text, file);
}
