import * as path from "node:path";
import { formatCell, frameRows, type FrameLike } from "./display";
import { writeFileAtomic } from "../io/writeFileAtomic";

/** Quotes a CSV field when it holds a comma, quote or newline (RFC 4180). */
function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Renders a frame as CSV text (RFC 4180, header row, `\n` line ends). Numbers are written in full
 * precision (not the 6 digits shown on screen); NaN, null and undefined become empty fields.
 * @example frameToCsv({ columns: ["a", "b"], values: [[1, "x,y"]] }) // "a,b\n1,\"x,y\"\n"
 */
export function frameToCsv(frame: FrameLike): string {
  const lines = [frame.columns.map((c) => csvField(String(c))).join(",")];
  for (const row of frameRows(frame)) {
    lines.push(row.map((v) => (typeof v === "number" ? (Number.isNaN(v) ? "" : String(v)) : csvField(v === null || v === undefined ? "" : formatCell(v)))).join(","));
  }
  return lines.join("\n") + "\n";
}

/**
 * Writes a frame as CSV to `<dir>/<name>.csv`, atomically (temp file + rename). Returns the path.
 * @throws RangeError when `name` is not a plain file name.
 */
export function saveTable(frame: FrameLike, options: { dir: string; name: string }): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(options.name)) throw new RangeError(`saveTable: name must be a plain file name, got '${options.name}'`);
  const target = path.join(options.dir, options.name.endsWith(".csv") ? options.name : `${options.name}.csv`);
  writeFileAtomic(target, frameToCsv(frame));
  return target;
}
