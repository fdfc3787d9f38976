const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Text of a file whose encoding is not declared (ISMN station files, static-variable CSVs): UTF-8 when the
 * bytes are valid UTF-8 (names such as `Zürich` in current downloads), else Latin-1 (older files); a UTF-8
 * byte-order mark is removed.
 * @returns the text and the encoding used
 * @example decodeText(Buffer.from("Zürich", "utf8")).text; // "Zürich"
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: "utf-8" | "latin1" } {
  try {
    const text = utf8.decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: "utf-8" };
  } catch {
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1"), encoding: "latin1" };
  }
}
