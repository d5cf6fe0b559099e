/**
 * How a session reads on the inspection page: missed, late (or left early) or kept, and the
 * "missed and late sessions" list worst first. Pure.
 */
import type { PublicReference } from "../../../shared/reference.ts";
import type { Grouping, SessionRow } from "./inspect-types.ts";

export type SessionState = "missed" | "late" | "kept";

export function sessionState(row: SessionRow): SessionState {
  if (row.noShow) return "missed";
  return row.lateMinutes > 0 || row.leftEarlyMinutes > 0 ? "late" : "kept";
}

/** Minutes of the session the official owed and did not give. */
export function minutesShort(row: SessionRow): number {
  const planned = (Date.parse(row.end) - Date.parse(row.start)) / 60_000;
  return row.noShow ? planned : row.lateMinutes + row.leftEarlyMinutes;
}

/**
 * Missed sessions first, then late ones, each by the minutes owed and then by the callers who
 * waited while nobody was there; ties by time, earliest first.
 */
export function missedAndLate(rows: readonly SessionRow[]): SessionRow[] {
  const rank: Record<SessionState, number> = { missed: 0, late: 1, kept: 2 };
  return rows
    .filter((row) => sessionState(row) !== "kept")
    .sort(
      (a, b) =>
        rank[sessionState(a)] - rank[sessionState(b)] ||
        minutesShort(b) - minutesShort(a) ||
        b.waitedWhileAbsent - a.waitedWhileAbsent ||
        a.start.localeCompare(b.start),
    );
}

/** The sessions that belong to one row of the summary. */
export function sessionsOf(
  rows: readonly SessionRow[],
  by: Grouping,
  id: string,
  reference: Pick<PublicReference, "lines"> | null,
): SessionRow[] {
  if (by === "official") return rows.filter((row) => row.official === id);
  if (by === "line") return rows.filter((row) => row.line === id);
  const lines = new Map(reference?.lines.map((line) => [line.id, line]));
  return rows.filter((row) => {
    const line = lines.get(row.line);
    return by === "county" ? line?.county === id : line?.agency === id;
  });
}
