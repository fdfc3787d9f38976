/**
 * A byte-level CSV record scanner (RFC 4180 quoting, LF or CRLF line ends, a one-byte separator):
 * it finds the fields of each record as byte ranges of the input, without making a string per
 * cell. Values are read from those ranges: {@link CsvScanner.number} parses a decimal number
 * straight from the bytes (the same double as `Number(text)`), {@link CsvScanner.text} decodes
 * a field (trimmed, quotes unescaped) only when a string is wanted. Blank lines are skipped.
 * Leading and trailing spaces and tabs around a field are ignored.
 *
 * Input may come in chunks: {@link CsvScanner.scan} consumes the complete records of
 * `buf[from, to)` and returns where the first incomplete one starts (the caller carries those
 * bytes over to the next chunk); with `final` the last record may end without a newline.
 *
 * @example
 * const s = new CsvScanner(",", "x.csv");
 * const buf = Buffer.from("a,b\n1.5,x\n");
 * s.scan(buf, 0, buf.length, true, (b, n) => { console.log(n, s.text(b, 0)); }); // 2 a, then 2 1.5
 */
/** Most fields one CSV record may have (the columns of a table); more is refused naming the line. */
export const CSV_MAX_COLUMNS = 16384;
/** Most bytes one CSV field may hold; a longer field is refused naming the line (a hostile or broken file). */
export const CSV_MAX_FIELD_BYTES = 65536;

export class CsvScanner {
  /** Byte range [start, end) of each field of the current record (trimmed; inside the quotes for quoted fields). */
  fieldStart = new Int32Array(64);
  fieldEnd = new Int32Array(64);
  /** 1 when the field was quoted and holds an escaped quote ("") to unescape, 2 when quoted without one. */
  fieldQuoted = new Uint8Array(64);
  /** Line number (1-based) where the current record starts. */
  line = 1;
  private readonly sep: number;
  private readonly source: string;
  private started = false;

  /**
   * @param separator one character, not a quote or line end.
   * @param source name used in error messages (e.g. the file path).
   * @throws RangeError for a bad separator.
   */
  constructor(separator: string, source: string) {
    if (typeof separator !== "string" || separator.length !== 1 || separator === '"' || separator === "\n" || separator === "\r" || separator.charCodeAt(0) > 127) {
      throw new RangeError(`readCsvTable: separator must be one ASCII character other than quote or newline, got '${String(separator)}'`);
    }
    this.sep = separator.charCodeAt(0);
    this.source = source;
  }

  private grow(): void {
    const n = this.fieldStart.length * 2;
    const s = new Int32Array(n); s.set(this.fieldStart); this.fieldStart = s;
    const e = new Int32Array(n); e.set(this.fieldEnd); this.fieldEnd = e;
    const q = new Uint8Array(n); q.set(this.fieldQuoted); this.fieldQuoted = q;
  }

  /**
   * Scans the complete records in buf[from, to), calling `onRecord(buf, nFields)` for each (the
   * field ranges are in {@link fieldStart}/{@link fieldEnd}, valid during the call). Returns the
   * offset of the first byte not consumed (to, or the start of an incomplete last record).
   * @throws Error naming the source and line for an unterminated quoted field (when `final`) or
   *   text after a closing quote.
   */
  scan(buf: Uint8Array, from: number, to: number, final: boolean, onRecord: (buf: Uint8Array, nFields: number) => void): number {
    const sep = this.sep;
    let pos = from;
    if (!this.started && to - pos >= 3 && buf[pos] === 0xef && buf[pos + 1] === 0xbb && buf[pos + 2] === 0xbf) pos += 3; // BOM
    if (to > pos) this.started = true;
    const maxField = CSV_MAX_FIELD_BYTES;
    while (pos < to) {
      const recStart = pos;
      let nf = 0;
      let line = this.line;
      let complete = false;
      let blank = false;
      for (;;) {
        let s = pos;
        while (s < to && (buf[s] === 32 || buf[s] === 9)) s++;
        if (nf === this.fieldStart.length) {
          if (nf >= CSV_MAX_COLUMNS) throw new Error(`${this.source}: line ${this.line}: more than ${CSV_MAX_COLUMNS} fields in one record (the limit of a table's columns)`);
          this.grow();
        }
        if (s < to && buf[s] === 34) {
          // quoted field: up to the closing quote ("" is an escaped quote)
          let q = s + 1;
          let escaped = false;
          for (;;) {
            if (q >= to) break;
            const c = buf[q];
            if (c === 34) {
              if (q + 1 < to && buf[q + 1] === 34) { escaped = true; q += 2; continue; }
              if (q + 1 >= to && !final) { q = to; break; } // cannot tell "" from " yet
              break;
            }
            if (c === 10) line++;
            q++;
          }
          if (q - s > maxField) throw new Error(`${this.source}: line ${this.line}: field ${nf + 1} is longer than ${maxField} bytes (the limit of one CSV field)`);
          if (q >= to) {
            if (final) throw new Error(`${this.source}: unterminated quoted field starting on line ${this.line}`);
            return recStart;
          }
          let fs0 = s + 1, fe0 = q;
          while (fs0 < fe0 && (buf[fs0] === 32 || buf[fs0] === 9)) fs0++;
          while (fe0 > fs0 && (buf[fe0 - 1] === 32 || buf[fe0 - 1] === 9)) fe0--;
          this.fieldStart[nf] = fs0;
          this.fieldEnd[nf] = fe0;
          this.fieldQuoted[nf] = escaped ? 1 : 2;
          nf++;
          let e = q + 1;
          while (e < to && (buf[e] === 32 || buf[e] === 9)) e++;
          if (e >= to) {
            if (!final) return recStart;
            complete = true; pos = e; break;
          }
          const c = buf[e];
          if (c === sep) { pos = e + 1; continue; }
          if (c === 10 || c === 13) {
            pos = c === 13 && e + 1 < to && buf[e + 1] === 10 ? e + 2 : e + 1;
            if (c === 13 && e + 1 >= to && !final) return recStart;
            complete = true; line++; break;
          }
          throw new Error(`${this.source}: line ${line}: text after the closing quote of a quoted field`);
        }
        let e = s;
        while (e < to) {
          const c = buf[e];
          if (c === sep || c === 10 || c === 13) break;
          e++;
        }
        if (e - s > maxField) throw new Error(`${this.source}: line ${this.line}: field ${nf + 1} is longer than ${maxField} bytes (the limit of one CSV field)`);
        if (e >= to && !final) return recStart;
        let t = e;
        while (t > s && (buf[t - 1] === 32 || buf[t - 1] === 9)) t--;
        this.fieldStart[nf] = s;
        this.fieldEnd[nf] = t;
        this.fieldQuoted[nf] = 0;
        nf++;
        if (e >= to) { complete = true; pos = e; blank = nf === 1 && t === s; break; }
        const c = buf[e];
        if (c === sep) { pos = e + 1; continue; }
        if (c === 13 && e + 1 >= to && !final) return recStart;
        pos = c === 13 && e + 1 < to && buf[e + 1] === 10 ? e + 2 : e + 1;
        complete = true;
        blank = nf === 1 && t === s;
        line++;
        break;
      }
      if (!complete) return recStart;
      if (!blank) onRecord(buf, nf);
      this.line = line;
    }
    return pos;
  }

  /** The text of field k (UTF-8, quotes unescaped). */
  text(buf: Uint8Array, k: number): string {
    const s = this.fieldStart[k], e = this.fieldEnd[k];
    let out = "";
    if (e - s < 24) {
      let ascii = true;
      for (let p = s; p < e; p++) if (buf[p] > 127) { ascii = false; break; }
      if (ascii) { for (let p = s; p < e; p++) out += String.fromCharCode(buf[p]); }
      else out = Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString("utf8");
    } else out = Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString("utf8");
    return this.fieldQuoted[k] === 1 ? out.replace(/""/g, '"') : out;
  }

  /**
   * Field k as text, as {@link CsvScanner.text}, but an unquoted ASCII field shorter than 64 bytes
   * that `pool` already holds (keyed by a hash of its bytes, verified byte for byte) is returned
   * without making a string: a discrete column of millions of cells makes one string per distinct
   * value. New values are added while the pool has fewer than `limit` entries.
   */
  pooledText(buf: Uint8Array, k: number, pool: Map<number, string>, limit = 100000): string {
    const s = this.fieldStart[k], e = this.fieldEnd[k];
    if (e - s >= 64 || this.fieldQuoted[k] === 1) return this.text(buf, k);
    let h = 0x811c9dc5;
    for (let p = s; p < e; p++) {
      const c = buf[p];
      if (c > 127) return this.text(buf, k);
      h = Math.imul(h ^ c, 0x01000193);
    }
    const hit = pool.get(h);
    if (hit !== undefined && hit.length === e - s) {
      let same = true;
      for (let p = s; p < e; p++) if (hit.charCodeAt(p - s) !== buf[p]) { same = false; break; }
      if (same) return hit;
    }
    const t = this.text(buf, k);
    if (hit === undefined && pool.size < limit) pool.set(h, t);
    return t;
  }

  /** True when field k is empty or one of the default missing markers `NA` and `?`. */
  isDefaultMissing(buf: Uint8Array, k: number): boolean {
    const s = this.fieldStart[k], n = this.fieldEnd[k] - s;
    return n === 0 || (n === 1 && buf[s] === 63) || (n === 2 && buf[s] === 78 && buf[s + 1] === 65);
  }

  /**
   * Field k as one of the non-finite spellings R's `read.csv` reads as numbers: 1 for `NaN` (any case, signed
   * or not), 2 for `Inf`/`Infinity` (any case, `+` or `-`), 0 for anything else. Only called on fields that
   * {@link CsvScanner.number} did not read.
   */
  nonFinite(buf: Uint8Array, k: number): 0 | 1 | 2 {
    let s = this.fieldStart[k];
    const e = this.fieldEnd[k];
    if (s < e && (buf[s] === 43 || buf[s] === 45)) s++;
    const n = e - s;
    if (n !== 3 && n !== 8) return 0;
    let w = "";
    for (let p = s; p < e; p++) w += String.fromCharCode(buf[p] | 0x20);
    if (w === "nan") return 1;
    return w === "inf" || w === "infinity" ? 2 : 0;
  }

  /**
   * Field k as a decimal number (`[+-]digits[.digits][e[+-]digits]`, or `.digits`): the double
   * `Number(text)` gives (exact arithmetic when the digits fit in 2^53 and the power of ten in
   * 10^22, otherwise `Number` itself). NaN when the field is not such a number.
   */
  number(buf: Uint8Array, k: number): number {
    const s = this.fieldStart[k], e = this.fieldEnd[k];
    let p = s;
    let neg = false;
    if (p < e && (buf[p] === 43 || buf[p] === 45)) { neg = buf[p] === 45; p++; }
    let m = 0, digits = 0, intDigits = 0, fracDigits = 0, sig = 0;
    while (p < e && buf[p] >= 48 && buf[p] <= 57) { const d = buf[p] - 48; if (sig > 0 || d > 0) sig++; m = m * 10 + d; intDigits++; p++; }
    if (p < e && buf[p] === 46) {
      p++;
      while (p < e && buf[p] >= 48 && buf[p] <= 57) { const d = buf[p] - 48; if (sig > 0 || d > 0) sig++; m = m * 10 + d; fracDigits++; p++; }
    }
    digits = intDigits + fracDigits;
    if (digits === 0) return NaN;
    let exp = 0;
    if (p < e && (buf[p] === 101 || buf[p] === 69)) {
      p++;
      let eneg = false;
      if (p < e && (buf[p] === 43 || buf[p] === 45)) { eneg = buf[p] === 45; p++; }
      const e0 = p;
      while (p < e && buf[p] >= 48 && buf[p] <= 57) { if (exp < 100000) exp = exp * 10 + (buf[p] - 48); p++; }
      if (p === e0) return NaN;
      if (eneg) exp = -exp;
    }
    if (p !== e) return NaN;
    const pow = exp - fracDigits;
    if (sig <= 15 && pow >= -22 && pow <= 22) {
      const v = pow >= 0 ? m * POW10[pow] : m / POW10[-pow];
      return neg ? -v : v;
    }
    let str = "";
    for (let q = s; q < e; q++) str += String.fromCharCode(buf[q]);
    return Number(str);
  }
}

const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
