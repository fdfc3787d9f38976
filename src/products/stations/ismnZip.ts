import * as fs from "fs";
import { unzipChecked } from "../../io/unzipChecked";
import { decodeText } from "../../io/decodeText";
import { parseIsmnStm, type ReadIsmnOptions } from "./ismnStm";
import { parseIsmnStatic, type IsmnStaticRow } from "./ismnStatic";
import type { StationSeries } from "./stationSeries";

/** Result of {@link readIsmnZip}. */
export interface IsmnArchive {
  /** Every series of every `.stm` file in the archive. */
  series: StationSeries[];
  /** Static variables by `<network>/<station>` folder. */
  statics: Record<string, IsmnStaticRow[]>;
  /** Other entries (Metadata.xml, readme, …). */
  otherFiles: string[];
}

/** Options of {@link readIsmnZip}. */
export interface ReadIsmnZipOptions extends ReadIsmnOptions {
  /** Only entries whose path contains this text (e.g. a station folder `COSMOS/ARM-1/`); default all. */
  filter?: string;
}

/**
 * Reads an ISMN download archive (zip organised as `<network>/<station>/` with `.stm` files and
 * `*_static_variables.csv`), decompressing with fflate.
 * Entries are checked against their CRC-32; text is read as UTF-8 when valid, else Latin-1.
 * @throws Error naming the archive when it is not a zip, is corrupted or truncated (an entry failing its CRC-32), or one of its files is malformed (named as `archive.zip:inner/path`).
 * @example
 * const a = await readIsmnZip("test/fixtures/ismn/Data_seperate_files_header_20170810_20180809.zip");
 * a.series.map((s) => s.station); // ["ARM-1", "Barrow-ARM"]
 */
export async function readIsmnZip(file: string, options: ReadIsmnZipOptions = {}): Promise<IsmnArchive> {
  const filter = options.filter ?? "";
  if (typeof filter !== "string") throw new TypeError(`readIsmnZip: options.filter must be a string, got ${JSON.stringify(filter)}`);
  let buf: Buffer;
  try { buf = await fs.promises.readFile(file); } catch (err) { throw new Error(`${file}: cannot read: ${(err as Error).message}`); }
  if (buf.length < 4 || buf.readUInt32LE(0) !== 0x04034b50) throw new Error(`${file}: not a zip archive`);
  const entries = unzipChecked(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), file, { filter: (n) => n.includes(filter) });
  const out: IsmnArchive = { series: [], statics: Object.create(null) as Record<string, IsmnStaticRow[]>, otherFiles: [] };
  for (const name of [...entries.keys()].sort()) {
    const text = decodeText(entries.get(name) as Uint8Array).text;
    const where = `${file}:${name}`;
    if (name.endsWith(".stm")) out.series.push(...parseIsmnStm(text, where, options));
    else if (name.endsWith("_static_variables.csv")) out.statics[name.split("/").slice(0, -1).join("/")] = parseIsmnStatic(text, where);
    else out.otherFiles.push(name);
  }
  return out;
}
