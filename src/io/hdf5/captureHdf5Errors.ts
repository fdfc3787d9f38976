import fs from "fs";

/**
 * Runs `fn` while capturing what the HDF5 library (h5wasm, which writes its error stack straight to
 * file descriptor 2) prints, so that failures h5wasm does not report (a corrupted deflate chunk returns
 * garbage, a failed open returns a dead handle) become exceptions, and the console stays clean.
 *
 * @returns `fn`'s result.
 * @throws Error `<what>: <last HDF5 error message>` when HDF5 printed an error stack during `fn`.
 * @example
 * const raw = captureHdf5Errors(`${file}: variable "sm"`, () => dataset.value);
 */
export function captureHdf5Errors<T>(what: string, fn: () => T): T {
  const original = fs.writeSync;
  let captured = "";
  const patched = function (this: unknown, fd: number, buffer: unknown, ...rest: unknown[]): number {
    if (fd === 2) {
      if (typeof buffer === "string") { captured += buffer; return Buffer.byteLength(buffer); }
      const view = buffer as Uint8Array;
      const offset = typeof rest[0] === "number" ? rest[0] : 0;
      const length = typeof rest[1] === "number" ? rest[1] : view.byteLength - offset;
      captured += Buffer.from(view.buffer, view.byteOffset + offset, length).toString("utf8");
      return length;
    }
    return (original as (...a: unknown[]) => number).call(fs, fd, buffer, ...rest);
  };
  (fs as { writeSync: unknown }).writeSync = patched;
  let result: T;
  try {
    result = fn();
  } finally {
    (fs as { writeSync: unknown }).writeSync = original;
  }
  if (/HDF5-DIAG|Error detected in HDF5/.test(captured)) {
    const lines = captured.split("\n").filter((l) => /#\d{3}:/.test(l));
    const msgs = lines.map((l) => (/\(\):\s*(.*)$/.exec(l)?.[1] ?? l).trim());
    const summary = msgs.length ? `${msgs[msgs.length - 1]} (${msgs[0]})` : captured.trim().split("\n")[0];
    throw new Error(`${what}: HDF5 error: ${summary}`);
  }
  return result;
}
