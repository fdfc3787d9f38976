import type { DownloadResult } from "./downloadFile";

/** Receives the progress of a fetch run (one file at a time). */
export interface ProgressReporter {
  /** A file starts: its position (1-based) among `count` files. */
  start(name: string, index: number, count: number): void;
  /** Bytes of the current file so far, and its total when known. */
  progress(done: number, total: number | undefined): void;
  /** The file's outcome. */
  finish(result: DownloadResult): void;
}

function human(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

/** One status line for a finished file: `fetched  name  (message)`. */
export function statusLine(r: DownloadResult): string {
  return `${r.status.padEnd(7)} ${r.name}: ${r.message}`;
}

/**
 * Plain-line reporter (for logs and non-TTY stderr): one line per finished file, nothing while bytes flow.
 *
 * @example
 * const rep = lineReporter((line) => io.err(line));
 */
export function lineReporter(write: (line: string) => void): ProgressReporter {
  let position = "";
  return {
    start(_name, index, count) { position = `[${index}/${count}] `; },
    progress() { /* quiet */ },
    finish(r) { write(position + statusLine(r)); },
  };
}

/** A stream the bar writes to (process.stderr when it is a TTY). */
export interface BarStream {
  write(text: string): unknown;
  columns?: number;
}

/** Options of {@link barReporter}. */
export interface BarReporterOptions {
  /** Minimum ms between redraws (default 100). */
  intervalMs?: number;
  /** Clock, for tests (default Date.now). */
  now?: () => number;
}

/**
 * Progress-bar reporter for a terminal: redraws one line with `\r` (file k/n, a 24-character bar,
 * percent, bytes, name) at most every `intervalMs`, and leaves one status line per finished file.
 *
 * @example
 * const rep = barReporter(process.stderr);
 */
export function barReporter(stream: BarStream, options: BarReporterOptions = {}): ProgressReporter {
  const { intervalMs = 100, now = Date.now } = options;
  if (!Number.isFinite(intervalMs) || intervalMs < 0) throw new RangeError(`barReporter: intervalMs must be >= 0, got ${intervalMs}`);
  let name = "";
  let position = "";
  let last = -Infinity;
  let drawn = false;
  const width = () => Math.max(40, Math.min(stream.columns || 80, 160));
  const clear = () => {
    if (drawn) stream.write("\r" + " ".repeat(width() - 1) + "\r");
    drawn = false;
  };
  const draw = (done: number, total: number | undefined) => {
    const cells = 24;
    let bar: string;
    let pct: string;
    if (total !== undefined && total > 0) {
      const f = Math.min(1, done / total);
      const full = Math.round(f * cells);
      bar = "#".repeat(full) + "-".repeat(cells - full);
      pct = `${(f * 100).toFixed(0).padStart(3)}%`;
    } else {
      bar = "?".repeat(cells);
      pct = "  ?%";
    }
    const amount = total !== undefined ? `${human(done)}/${human(total)}` : human(done);
    let line = `${position}[${bar}] ${pct} ${amount} ${name}`;
    if (line.length > width() - 1) line = line.slice(0, width() - 2) + "…";
    stream.write("\r" + line.padEnd(width() - 1));
    drawn = true;
  };
  return {
    start(n, index, count) {
      name = n;
      position = `${index}/${count} `;
      last = -Infinity;
      draw(0, undefined);
    },
    progress(done, total) {
      const t = now();
      if (t - last < intervalMs) return;
      last = t;
      draw(done, total);
    },
    finish(r) {
      clear();
      stream.write(statusLine(r) + "\n");
    },
  };
}
