/**
 * Sessions with their attendance, summed for a row of the summary; and the small list helpers the
 * service groups calls and presence with.
 */
import type { Attendance } from "../../../shared/attendance.ts";
import type { SessionTotals } from "../../../shared/inspection.ts";
import type { CallRecord } from "../../../shared/live-types.ts";
import type { ScheduledSession } from "../../../shared/schedule.ts";

export interface Attended {
  session: ScheduledSession;
  attendance: Attendance;
  calls: CallRecord[];
}

export const round = (n: number): number => Math.round(n * 100) / 100;

export function totals(attended: readonly Attended[]): SessionTotals {
  const out: SessionTotals = {
    sessions: attended.length,
    scheduledMinutes: 0,
    presentMinutes: 0,
    pausedMinutes: 0,
    sessionsKept: 0,
    sessionsLate: 0,
    sessionsMissed: 0,
    sessionsOpen: 0,
    callsWaitedWhileAbsent: 0,
  };
  for (const { attendance: a } of attended) {
    out.scheduledMinutes += a.plannedMinutes;
    out.presentMinutes += a.presentMinutes;
    out.pausedMinutes += a.pausedMinutes;
    out.callsWaitedWhileAbsent += a.callsWaitedWhileAbsent;
    if (a.status === "kept") out.sessionsKept += 1;
    else if (a.status === "late") out.sessionsLate += 1;
    else if (a.status === "missed") out.sessionsMissed += 1;
    else out.sessionsOpen += 1;
  }
  out.presentMinutes = round(out.presentMinutes);
  out.pausedMinutes = round(out.pausedMinutes);
  return out;
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Calls (sorted by joining time) that joined in [from, to). */
export function within<T extends { joinedAt: number }>(
  sorted: readonly T[],
  from: number,
  to: number,
): T[] {
  return sorted.slice(lowerBound(sorted, from), lowerBound(sorted, to));
}

function lowerBound(sorted: readonly { joinedAt: number }[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid]?.joinedAt ?? 0) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
