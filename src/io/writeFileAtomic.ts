import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Writes a file atomically: the data go to `<file>.tmp-<pid>` in the same folder, which is then renamed
 * over `file` (a reader never sees a half-written figure). Creates the folder if needed.
 *
 * @param file destination path
 * @param data bytes or text (UTF-8)
 * @param options `{}` (reserved)
 * @returns the number of bytes written
 * @throws Error from the file system (with the path), after removing the temporary file
 * @example
 * writeFileAtomic("outputs/figures/fig4_scatter.svg", svgText, {});
 */
export function writeFileAtomic(file: string, data: Uint8Array | string, options: Record<string, never> = {}): number {
  void options;
  if (typeof file !== "string" || file.length === 0) throw new TypeError(`writeFileAtomic: file must be a non-empty path, got ${String(file)}`);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } catch (e) {
    try { fs.unlinkSync(tmp); } catch { /* already gone */ }
    throw new Error(`writeFileAtomic: cannot write ${file}: ${(e as Error).message}`);
  }
  return bytes.length;
}
