/**
 * RFC 4180 CSV read as the office's spreadsheets write it: comma-separated (or semicolon, as
 * some locales' Excel saves it), fields quoted with "…" where they hold a separator, a quote or a
 * line break, CRLF or LF line ends, an optional UTF-8 byte-order mark. Pure.
 */

export interface CsvRow {
  /** The file's line number where the record starts (1 = the first line), for error messages. */
  line: number;
  cells: string[];
}

export type CsvResult = { ok: true; rows: CsvRow[] } | { ok: false; line: number; reason: string };

/** Commas unless the first line has semicolons and no commas outside quotes. */
function separatorOf(text: string): "," | ";" {
  const first = text.split(/\r?\n/, 1)[0] ?? "";
  const unquoted = first.replace(/"[^"]*"/g, "");
  return unquoted.includes(";") && !unquoted.includes(",") ? ";" : ",";
}

export function parseCsv(input: string): CsvResult {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const separator = separatorOf(text);
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endRow = () => {
    cells.push(cell);
    // A line with nothing in it is not a record (a trailing newline, a blank spacer line).
    if (cells.length > 1 || cells[0]?.trim() !== "") rows.push({ line: rowLine, cells });
    cells = [];
    cell = "";
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        cell += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (ch === '"') {
      return { ok: false, line, reason: "a quote inside an unquoted field" };
    } else if (ch === separator) {
      cells.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += ch;
    i++;
  }
  if (quoted) return { ok: false, line: rowLine, reason: "a quoted field is never closed" };
  if (cell !== "" || cells.length > 0) endRow();
  return { ok: true, rows };
}
