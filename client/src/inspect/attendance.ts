/**
 * The "missed and late sessions" list worst first, and the sessions of one row of the summary.
 * The status itself is the server's (shared/attendance.ts). Pure.
 */
import type { AttendanceStatus } from "../../../shared/attendance.ts";
import type { Grouping, SessionRow } from "./inspect-types.ts";

const RANK: Record<AttendanceStatus, number> = { missed: 0, late: 1, open: 2, kept: 3 };

/** Minutes of the session the official owed and did not give (a no-show's is the whole session). */
export function minutesShort(row: SessionRow): number {
  return row.minutesLate + row.minutesLeftEarly;
}

/**
 * Missed sessions first, then late ones, each by the minutes owed and then by the callers who
 * waited while nobody was there; ties by time, earliest first.
 */
export function missedAndLate(rows: readonly SessionRow[]): SessionRow[] {
  return rows
    .filter((row) => row.status === "missed" || row.status === "late")
    .sort(
      (a, b) =>
        RANK[a.status] - RANK[b.status] ||
        minutesShort(b) - minutesShort(a) ||
        b.callsWaitedWhileAbsent - a.callsWaitedWhileAbsent ||
        a.start.localeCompare(b.start),
    );
}

/** The sessions that belong to one row of the summary, in time order. */
export function sessionsOf(rows: readonly SessionRow[], by: Grouping, id: string): SessionRow[] {
  const belongs: Record<Grouping, (row: SessionRow) => boolean> = {
    official: (row) => row.official === id,
    line: (row) => row.line === id,
    county: (row) => row.county === id,
    agency: (row) => row.agency === id,
  };
  return rows.filter(belongs[by]).sort((a, b) => a.start.localeCompare(b.start));
}
