import * as fs from "node:fs";
import * as path from "node:path";
import { sweepStaleTemporaries } from "./sweepStaleTemporaries";

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** Called with the leftovers of killed writers of this file that were removed first (see {@link sweepStaleTemporaries}). */
  onStaleRemoved?: (paths: string[]) => void;
}

/**
 * Writes a file atomically: the data go to `<file>.tmp-<pid>` in the same folder, are flushed to disk
 * (fsync), and the temporary is renamed over `file`, so a reader, a killed run or a full disk never leaves a
 * partial file under the final name, and an existing file stays as it was until the new one is complete.
 * Leftover temporaries of writers that were killed (their pid is dead) are removed first. Creates the folder.
 *
 * @param file destination path
 * @param data bytes or text (UTF-8)
 * @param options see {@link WriteFileAtomicOptions}; default `{}`
 * @returns the number of bytes written
 * @throws Error `writeFileAtomic: cannot write <file>: <reason>` (e.g. ENOSPC on a full disk), after removing
 *   the temporary file; the previous `file`, if any, is untouched
 * @example
 * writeFileAtomic("outputs/figures/fig4_scatter.svg", svgText, {});
 */
export function writeFileAtomic(file: string, data: Uint8Array | string, options: WriteFileAtomicOptions = {}): number {
  if (typeof file !== "string" || file.length === 0) throw new TypeError(`writeFileAtomic: file must be a non-empty path, got ${String(file)}`);
  if (options.onStaleRemoved !== undefined && typeof options.onStaleRemoved !== "function") throw new TypeError("writeFileAtomic: options.onStaleRemoved must be a function");
  const tmp = `${file}.tmp-${process.pid}`;
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  let fd: number | null = null;
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const removed = sweepStaleTemporaries(file);
    if (removed.length && options.onStaleRemoved) options.onStaleRemoved(removed);
    fd = fs.openSync(tmp, "w");
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, file);
  } catch (e) {
    if (fd !== null) { try { fs.closeSync(fd); } catch { /* already closed */ } }
    try { fs.unlinkSync(tmp); } catch { /* already gone */ }
    throw new Error(`writeFileAtomic: cannot write ${file}: ${(e as Error).message}`);
  }
  return bytes.length;
}
