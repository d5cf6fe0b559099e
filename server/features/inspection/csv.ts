/**
 * The inspection tables as CSV for a spreadsheet: UTF-8 with a byte-order mark (so Excel reads
 * Persian), CRLF rows, a header of the JSON field names or their Persian labels, ASCII digits,
 * and the period and metric-definition version in a column of every row (and in the file name).
 */
import { FA_LABELS } from "./labels.ts";

export const BOM = "\uFEFF";

export interface CsvTable {
  columns: readonly string[];
  rows: readonly Record<string, unknown>[];
  lang: "en" | "fa";
  /** Added to every row as the columns `period` and `definitions`. */
  period: string;
  definitions: string;
}

export function toCsv(table: CsvTable): string {
  const columns = [...table.columns, "period", "definitions"];
  const header = columns.map((c) => (table.lang === "fa" ? (FA_LABELS[c] ?? c) : c));
  const lines = [header.map(cell).join(",")];
  for (const row of table.rows) {
    const values = { ...row, period: table.period, definitions: table.definitions };
    lines.push(columns.map((c) => cell(values[c as keyof typeof values])).join(","));
  }
  return `${BOM}${lines.join("\r\n")}\r\n`;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "";
    // Four decimals are enough for a ratio; toString never gives Persian digits.
    return String(Number.isInteger(value) ? value : Math.round(value * 10_000) / 10_000);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  let text = String(value);
  // A cell that starts like a formula is text, not something a spreadsheet runs.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** An ASCII file name: what, the period and the definitions' version. */
export function csvFileName(parts: readonly (string | undefined)[], version: string): string {
  const name = parts
    .filter((p): p is string => Boolean(p))
    .join("-")
    .replace(/[^A-Za-z0-9_.-]/g, "_");
  return `samad-inspection-${name}-v${version}.csv`;
}
