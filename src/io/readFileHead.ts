import * as fs from "node:fs";

/**
 * The first `n` bytes of a file (fewer when it is shorter), to tell formats apart by their signature.
 * @throws Error naming the file when it cannot be opened or read.
 * @example isHdf4Signature(readFileHead(file, 4));
 */
export function readFileHead(file: string, n: number): Buffer {
  const head = Buffer.alloc(n);
  let got = 0;
  try {
    const fd = fs.openSync(file, "r");
    try { got = fs.readSync(fd, head, 0, n, 0); } finally { fs.closeSync(fd); }
  } catch (err) {
    throw new Error(`${file}: cannot read: ${(err as Error).message}`);
  }
  return head.subarray(0, got);
}
