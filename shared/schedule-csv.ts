/**
 * The province's published timetable as a CSV file (docs/schedule.md): a header row naming the
 * columns in Persian or English, then one session a row. A file with any fault is refused whole,
 * and every fault is reported with its row (the file's line number) and field. Pure.
 */
import { parseCsv } from "./csv.ts";
import type { Reference } from "./reference.ts";
import type { ScheduledSession } from "./schedule.ts";
import {
  normalizeName,
  overlaps,
  readSession,
  SESSION_FIELDS,
  type SessionErrorCode,
  type SessionField,
  type SessionText,
} from "./schedule-input.ts";
import { nextTehranDayStart, tehranDayStart } from "./tehran-time.ts";

/** A file larger than a year of the province's sessions is not a timetable. */
export const MAX_IMPORT_ROWS = 20_000;

/** The names each column may go by; compared after normalizeName. */
export const COLUMN_NAMES: Record<SessionField, readonly string[]> = {
  official: ["official", "مقام", "مقام پاسخ‌گو", "مسئول", "مقام مسئول", "نام مقام"],
  line: ["line", "خط", "خط تلفن"],
  date: ["date", "تاریخ"],
  start: ["start", "from", "شروع", "از", "ساعت شروع", "از ساعت"],
  end: ["end", "to", "پایان", "تا", "ساعت پایان", "تا ساعت"],
};

export type ImportErrorCode =
  SessionErrorCode | "bad-csv" | "empty" | "missing-column" | "duplicate-column" | "too-many-rows";

export interface ImportError {
  /** The file's line number (1 is the header row). */
  row: number;
  /** The column at fault; null for the file as a whole. */
  field: SessionField | null;
  code: ImportErrorCode;
  value?: string;
  /** For an overlap: the row of the other session. */
  otherRow?: number;
  /** In English; the pages show their own text for the code. */
  message: string;
}

export interface ImportedTimetable {
  sessions: ScheduledSession[];
  /** The Tehran days the file covers, first to last: the import replaces what they held. */
  from: number;
  to: number;
}

export type ImportResult =
  { ok: true; timetable: ImportedTimetable } | { ok: false; errors: ImportError[] };

const MESSAGES: Record<ImportErrorCode, string> = {
  missing: "is empty",
  "unknown-official": "names no official of the reference data (by id or name)",
  "unknown-line": "names no line of the reference data (by id or name)",
  "bad-date": "is not a Jalali date such as 1405/09/10",
  "bad-time": "is not a Tehran time such as 08:30",
  "end-not-after-start": "is not after the start",
  overlap: "overlaps another session of the same official",
  "bad-csv": "is not readable CSV",
  empty: "has no sessions",
  "missing-column": "column is missing from the header row",
  "duplicate-column": "column appears twice in the header row",
  "too-many-rows": `has more than ${MAX_IMPORT_ROWS} rows`,
};

function error(
  row: number,
  field: SessionField | null,
  code: ImportErrorCode,
  extra: { value?: string; otherRow?: number } = {},
): ImportError {
  const what = field ? `row ${row}, ${field}` : row === 1 ? "the header row" : `row ${row}`;
  const value = extra.value !== undefined ? ` ("${extra.value}")` : "";
  const other = extra.otherRow !== undefined ? ` (row ${extra.otherRow})` : "";
  return { row, field, code, ...extra, message: `${what}${value} ${MESSAGES[code]}${other}` };
}

/** Which cell holds each field, from the header row. */
function columnsOf(header: readonly string[]): Map<SessionField, number> | ImportError[] {
  const columns = new Map<SessionField, number>();
  const errors: ImportError[] = [];
  header.forEach((name, index) => {
    const normal = normalizeName(name);
    const field = SESSION_FIELDS.find((f) =>
      COLUMN_NAMES[f].some((n) => normalizeName(n) === normal),
    );
    if (!field) return; // another column (notes, a row number) is the office's own
    if (columns.has(field)) errors.push(error(1, field, "duplicate-column", { value: name }));
    else columns.set(field, index);
  });
  for (const field of SESSION_FIELDS) {
    if (!columns.has(field)) errors.push(error(1, field, "missing-column"));
  }
  return errors.length > 0 ? errors : columns;
}

export function parseScheduleCsv(
  text: string,
  reference: Pick<Reference, "officials" | "lines">,
): ImportResult {
  const csv = parseCsv(text);
  if (!csv.ok)
    return { ok: false, errors: [error(csv.line, null, "bad-csv", { value: csv.reason })] };
  const [header, ...rows] = csv.rows;
  if (!header) return { ok: false, errors: [error(1, null, "empty")] };
  if (rows.length > MAX_IMPORT_ROWS)
    return { ok: false, errors: [error(1, null, "too-many-rows")] };
  const columns = columnsOf(header.cells);
  if (Array.isArray(columns)) return { ok: false, errors: columns };
  if (rows.length === 0) return { ok: false, errors: [error(1, null, "empty")] };

  const errors: ImportError[] = [];
  const read: { row: number; session: ScheduledSession }[] = [];
  for (const { line, cells } of rows) {
    const fields = Object.fromEntries(
      SESSION_FIELDS.map((f) => [f, cells[columns.get(f) ?? -1] ?? ""]),
    ) as SessionText;
    const result = readSession(fields, reference);
    if (result.ok) read.push({ row: line, session: result.session });
    else
      for (const e of result.errors) errors.push(error(line, e.field, e.code, { value: e.value }));
  }
  errors.push(...overlapErrors(read));
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.row - b.row) };
  const sessions = read.map((r) => r.session).sort((a, b) => a.start - b.start);
  const first = sessions[0] as ScheduledSession;
  const last = sessions.reduce((a, b) => (b.start > a.start ? b : a), first);
  return {
    ok: true,
    timetable: { sessions, from: tehranDayStart(first.start), to: nextTehranDayStart(last.start) },
  };
}

/** Each session that overlaps an earlier row of the same official, naming that row. */
function overlapErrors(read: readonly { row: number; session: ScheduledSession }[]): ImportError[] {
  const byOfficial = new Map<string, { row: number; session: ScheduledSession }[]>();
  for (const r of read) {
    const list = byOfficial.get(r.session.official) ?? [];
    list.push(r);
    byOfficial.set(r.session.official, list);
  }
  const errors: ImportError[] = [];
  for (const list of byOfficial.values()) {
    list.sort((a, b) => a.session.start - b.session.start || a.row - b.row);
    // Sorted by start: a session overlaps an earlier one iff it starts before the latest end so far.
    let latest = list[0];
    for (const current of list.slice(1)) {
      if (latest && overlaps(latest.session, current.session)) {
        const [earlier, later] = latest.row < current.row ? [latest, current] : [current, latest];
        errors.push(error(later.row, "start", "overlap", { otherRow: earlier.row }));
      }
      if (!latest || current.session.end > latest.session.end) latest = current;
    }
  }
  return errors;
}
