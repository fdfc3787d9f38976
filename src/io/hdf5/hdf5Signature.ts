import * as fs from "fs";

/** What the first bytes of a file say about its format. */
export type ContainerKind = "hdf5" | "netcdf3" | "hdf4" | "tiff" | "zip" | "unknown";

/** Result of {@link checkHdf5Container}. */
export interface Hdf5ContainerInfo {
  /** Byte offset of the HDF5 superblock (0, 512, 1024, …). */
  superblockOffset: number;
  /** Superblock version (0–3). */
  superblockVersion: number;
  /** End-of-file address the superblock records, bytes (relative to the base address 0 in practice). */
  storedEof: number;
  /** Actual file size, bytes. */
  fileSize: number;
}

const HDF5_SIG = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Recognises a container from its first bytes (no parsing beyond the magic numbers). */
export function sniffContainer(head: Uint8Array): ContainerKind {
  if (head.length >= 8 && HDF5_SIG.every((b, i) => head[i] === b)) return "hdf5";
  if (head.length >= 4 && head[0] === 0x43 && head[1] === 0x44 && head[2] === 0x46 && head[3] <= 5) return "netcdf3";
  if (head.length >= 4 && head[0] === 0x0e && head[1] === 0x03 && head[2] === 0x13 && head[3] === 0x01) return "hdf4";
  if (head.length >= 4 && ((head[0] === 0x49 && head[1] === 0x49) || (head[0] === 0x4d && head[1] === 0x4d))) return "tiff";
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "zip";
  return "unknown";
}

function readUint(buf: Buffer, off: number, size: number): number {
  if (size === 8) {
    const v = buf.readBigUInt64LE(off);
    return v === 0xffffffffffffffffn ? Number.POSITIVE_INFINITY : Number(v);
  }
  if (size === 4) return buf.readUInt32LE(off);
  if (size === 2) return buf.readUInt16LE(off);
  throw new Error(`unsupported address size ${size}`);
}

/**
 * Checks that `file` is an HDF5 (NetCDF-4) container that is not truncated, before handing it to the
 * HDF5 library (whose open failures are silent in h5wasm). Reads the superblock (versions 0–3) and
 * compares its stored end-of-file address with the file size.
 *
 * @throws Error naming the file and the problem: missing, empty, another format (netCDF-3, HDF4, TIFF,
 *   zip), no HDF5 signature, or truncated (`stored end of file N bytes, file has M bytes`).
 * @example
 * checkHdf5Container("test/fixtures/gldas/GLDAS_NOAH025_3H.A20160101.0300.021.nc4").superblockVersion; // 0
 */
export function checkHdf5Container(file: string): Hdf5ContainerInfo {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (err) {
    throw new Error(`${file}: cannot open: ${(err as Error).message}`);
  }
  try {
    const fileSize = fs.fstatSync(fd).size;
    if (fileSize === 0) throw new Error(`${file}: empty file (0 bytes), not an HDF5/NetCDF-4 file`);
    const head = Buffer.alloc(Math.min(64, fileSize));
    fs.readSync(fd, head, 0, head.length, 0);
    const kind = sniffContainer(head);
    if (kind !== "hdf5" && kind !== "unknown") {
      const names: Record<string, string> = { netcdf3: "a netCDF-3 classic file", hdf4: "an HDF4 file", tiff: "a TIFF file", zip: "a zip archive" };
      throw new Error(`${file}: is ${names[kind]}, not an HDF5/NetCDF-4 file`);
    }
    let offset = -1;
    const buf = Buffer.alloc(64);
    for (let off = 0; off + 8 <= fileSize; off = off === 0 ? 512 : off * 2) {
      const n = fs.readSync(fd, buf, 0, 64, off);
      if (n >= 8 && HDF5_SIG.every((b, i) => buf[i] === b)) { offset = off; break; }
    }
    if (offset < 0) throw new Error(`${file}: no HDF5 signature found (not an HDF5/NetCDF-4 file, or its header is corrupted)`);
    const version = buf[8];
    let eofPos: number;
    let sizeOfOffsets: number;
    if (version === 0 || version === 1) {
      sizeOfOffsets = buf[13];
      eofPos = (version === 0 ? 24 : 28) + 2 * sizeOfOffsets;
    } else if (version === 2 || version === 3) {
      sizeOfOffsets = buf[9];
      eofPos = 12 + 2 * sizeOfOffsets;
    } else {
      throw new Error(`${file}: unknown HDF5 superblock version ${version} (corrupted header?)`);
    }
    if (![2, 4, 8].includes(sizeOfOffsets) || eofPos + sizeOfOffsets > 64) {
      throw new Error(`${file}: invalid HDF5 superblock (size of offsets ${sizeOfOffsets}; corrupted header?)`);
    }
    const storedEof = readUint(buf, eofPos, sizeOfOffsets) + offset;
    if (storedEof > fileSize) {
      throw new Error(`${file}: truncated HDF5 file: the superblock records ${storedEof} bytes, the file has ${fileSize}`);
    }
    return { superblockOffset: offset, superblockVersion: version, storedEof, fileSize };
  } finally {
    fs.closeSync(fd);
  }
}
