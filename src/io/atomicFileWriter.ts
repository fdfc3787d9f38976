import * as fs from "node:fs";
import * as path from "node:path";
import { sweepStaleTemporaries } from "./sweepStaleTemporaries";

/**
 * A file written piece by piece and published atomically, like {@link writeFileAtomic} for
 * outputs too large to hold in memory: text goes to `<file>.tmp-<pid>` (buffered, flushed every
 * ~1 MiB), {@link AtomicFileWriter.commit} renames it over `file`, {@link AtomicFileWriter.abort}
 * removes it. Creates the folder if needed.
 *
 * @example
 * const w = new AtomicFileWriter("out/pred.csv");
 * try { w.write("a,b\n"); w.commit(); } catch (e) { w.abort(); throw e; }
 * @throws Error naming the file when it cannot be created, written or renamed.
 */
export class AtomicFileWriter {
  private readonly tmp: string;
  private fd: number;
  private pending: string[] = [];
  private pendingChars = 0;
  private bytes = 0;

  constructor(private readonly file: string) {
    if (typeof file !== "string" || file.length === 0) throw new TypeError(`AtomicFileWriter: file must be a non-empty path, got ${String(file)}`);
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    sweepStaleTemporaries(file); // leftovers of killed writers, as writeFileAtomic does
    this.tmp = `${file}.tmp-${process.pid}`;
    try {
      this.fd = fs.openSync(this.tmp, "w");
    } catch (e) {
      throw new Error(`AtomicFileWriter: cannot write ${file}: ${(e as Error).message}`);
    }
  }

  /** Appends text (UTF-8). */
  write(text: string): void {
    if (this.fd < 0) throw new Error(`AtomicFileWriter: ${this.file} is already closed`);
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const buf = Buffer.from(this.pending.join(""), "utf8");
    this.pending = [];
    this.pendingChars = 0;
    try {
      let off = 0;
      while (off < buf.length) off += fs.writeSync(this.fd, buf, off, buf.length - off);
    } catch (e) {
      this.abort();
      throw new Error(`AtomicFileWriter: cannot write ${this.file}: ${(e as Error).message}`);
    }
    this.bytes += buf.length;
  }

  /** Writes what is pending, closes and renames the file into place; returns the bytes written. */
  commit(): number {
    this.flush();
    try {
      fs.fsyncSync(this.fd); // on disk before the rename, as writeFileAtomic does
      fs.closeSync(this.fd);
      this.fd = -1;
      fs.renameSync(this.tmp, this.file);
    } catch (e) {
      this.abort();
      throw new Error(`AtomicFileWriter: cannot write ${this.file}: ${(e as Error).message}`);
    }
    return this.bytes;
  }

  /** Drops the temporary file (safe to call more than once). */
  abort(): void {
    if (this.fd >= 0) { try { fs.closeSync(this.fd); } catch { /* closed */ } this.fd = -1; }
    try { fs.unlinkSync(this.tmp); } catch { /* already gone */ }
  }
}
