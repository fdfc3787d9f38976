import type { DownloadResult } from "./downloadFile";

/**
 * Receives the progress of a fetch run. Files may run concurrently (`--parallel`): every call names its file by
 * `index`, its 1-based position among the run's `count` files.
 */
export interface ProgressReporter {
  /** A file starts. */
  start(name: string, index: number, count: number): void;
  /** Bytes of file `index` so far, and its total when known. */
  progress(done: number, total: number | undefined, index: number): void;
  /** File `index`'s outcome. */
  finish(result: DownloadResult, index: number): void;
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
  let count = 0;
  return {
    start(_name, _index, n) { count = n; },
    progress() { /* quiet */ },
    finish(r, index) { write(`[${index}/${count}] ${statusLine(r)}`); },
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

/** `m:ss` or `h:mm:ss`. */
function clock(seconds: number): string {
  const t = Math.max(0, Math.round(seconds));
  const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), sec = t % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}` : `${m}:${String(sec).padStart(2, "0")}`;
}

/**
 * Progress-bar reporter for a terminal, across the whole run (concurrent files included): redraws one line with
 * `\r` at most every `intervalMs` — files finished of the total and how many are active, a 24-character bar of
 * the run's fraction (finished files plus the known fraction of active ones), bytes received, the rate since the
 * start and the ETA (elapsed × remaining fraction ÷ done fraction) — and leaves one status line per finished file
 * above it.
 *
 * @example
 * const rep = barReporter(process.stderr);
 */
export function barReporter(stream: BarStream, options: BarReporterOptions = {}): ProgressReporter {
  const { intervalMs = 100, now = Date.now } = options;
  if (!Number.isFinite(intervalMs) || intervalMs < 0) throw new RangeError(`barReporter: intervalMs must be >= 0, got ${intervalMs}`);
  let count = 0, finished = 0, startedAt = NaN, last = -Infinity, drawn = false, finishedBytes = 0, latest = "";
  const active = new Map<number, { done: number; total: number | undefined }>();
  const width = () => Math.max(40, Math.min(stream.columns || 80, 160));
  const clear = () => {
    if (drawn) stream.write("\r" + " ".repeat(width() - 1) + "\r");
    drawn = false;
  };
  const draw = () => {
    const cells = 24;
    let fraction = finished, bytes = finishedBytes;
    for (const a of active.values()) {
      bytes += a.done;
      if (a.total !== undefined && a.total > 0) fraction += Math.min(1, a.done / a.total);
    }
    fraction = count > 0 ? fraction / count : 0;
    const full = Math.round(fraction * cells);
    const elapsed = Math.max(1e-3, (now() - startedAt) / 1000);
    const eta = fraction > 0 ? clock((elapsed * (1 - fraction)) / fraction) : "?";
    let line = `${finished}/${count} files${active.size ? ` (${active.size} active)` : ""} [${"#".repeat(full)}${"-".repeat(cells - full)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${human(bytes)} ${human(bytes / elapsed)}/s ETA ${eta} ${latest}`;
    if (line.length > width() - 1) line = line.slice(0, width() - 2) + "…";
    stream.write("\r" + line.padEnd(width() - 1));
    drawn = true;
  };
  return {
    start(name, index, n) {
      if (Number.isNaN(startedAt)) startedAt = now();
      count = n;
      latest = name;
      active.set(index, { done: 0, total: undefined });
      last = now();
      draw();
    },
    progress(done, total, index) {
      const a = active.get(index);
      if (a) { a.done = done; a.total = total; }
      const t = now();
      if (t - last < intervalMs) return;
      last = t;
      draw();
    },
    finish(r, index) {
      active.delete(index);
      finished++;
      finishedBytes += r.bytes;
      clear();
      stream.write(statusLine(r) + "\n");
      if (finished < count) draw();
    },
  };
}
