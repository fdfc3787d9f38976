/**
 * Parses CSV text (RFC 4180: comma separated, fields in double quotes may hold commas, quotes written twice and
 * line breaks; `\n` or `\r\n` line ends) into rows of strings — the inverse of {@link frameToCsv} for tables the
 * workbook wrote. A final line end does not make an empty row. Values stay text.
 *
 * @param text the CSV text
 * @param options `source` (a file name for error messages, default "CSV")
 * @returns the rows, header first
 * @throws SyntaxError naming the source and line for a quote that is never closed or text after a closing quote
 * @example parseCsv('a,b\n1,"x,y"\n') // [["a", "b"], ["1", "x,y"]]
 */
export function parseCsv(text: string, options: { source?: string } = {}): string[][] {
  const source = options.source ?? "CSV";
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let line = 1;
  let i = 0;
  let fieldStarted = false;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"' && field === "" && !fieldStarted) {
      const startLine = line;
      i++;
      for (;;) {
        if (i >= n) throw new SyntaxError(`${source}: line ${startLine}: a quoted field is never closed`);
        const d = text[i];
        if (d === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        if (d === "\n") line++;
        field += d;
        i++;
      }
      fieldStarted = true;
      if (i < n && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") throw new SyntaxError(`${source}: line ${line}: text after a closing quote`);
      continue;
    }
    if (c === ",") { row.push(field); field = ""; fieldStarted = false; i++; continue; }
    if (c === "\r" && text[i + 1] === "\n") { i++; continue; }
    if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      fieldStarted = false;
      line++;
      i++;
      continue;
    }
    field += c;
    fieldStarted = true;
    i++;
  }
  if (field !== "" || fieldStarted || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}
