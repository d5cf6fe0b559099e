/**
 * Attendance: one scheduled session against what happened. An official is present on the
 * session's line while logged in there and not paused (the history's presence spans). Pure: the
 * spans and calls are passed in, and so is the time the history reaches (`asOf`).
 *
 * Classification (docs/api.md): a session is
 * - `missed` when the official was never present on its line during it (a no-show);
 * - `late` when present, but arrived more than the grace after the start or left more than the
 *   grace before the end (ATTENDANCE_GRACE_MINUTES, 5 minutes: the wall's absent alert waits as
 *   long, thresholds.json `alerts.lateLoginMinutes`);
 * - `kept` otherwise;
 * - `open` while the history has not reached its end yet (counted in none of the above).
 */
import type { CallRecord, PresenceRecord } from "./live-types.ts";
import type { ScheduledSession } from "./schedule.ts";

export const ATTENDANCE_GRACE_MINUTES = 5;

export type AttendanceStatus = "kept" | "late" | "missed" | "open";

export interface Attendance {
  plannedMinutes: number;
  /** Logged in on the session's line and not paused, within the session. */
  presentMinutes: number;
  /** Logged in on the line but paused, within the session. */
  pausedMinutes: number;
  /** The first and last moment present within the session; null when never. */
  arrivedAt: number | null;
  leftAt: number | null;
  /** From the start to the first presence (the whole session for a no-show). */
  minutesLate: number;
  /** From the last presence to the end (0 for a no-show: it is all lateness). */
  minutesLeftEarly: number;
  noShow: boolean;
  /** Calls that joined the line during the session, and those of them answered (by anyone). */
  callsOffered: number;
  callsAnswered: number;
  /** …answered by the scheduled official. */
  callsAnsweredByOfficial: number;
  /** Calls of the session that waited at a moment the official was not present. */
  callsWaitedWhileAbsent: number;
  status: AttendanceStatus;
}

export interface AttendanceInput {
  session: ScheduledSession;
  /** The official's presence spans (other officials' and other lines' are ignored). */
  presence: readonly PresenceRecord[];
  /** The line's calls (other lines' and those that joined outside the session are ignored). */
  calls: readonly CallRecord[];
  /** How far the history reaches: a session ending after it is `open`. @default its end */
  asOf?: number;
  /** @default ATTENDANCE_GRACE_MINUTES */
  graceMinutes?: number;
}

const MINUTE = 60_000;
type Span = [from: number, to: number];

export function attendance(input: AttendanceInput): Attendance {
  const { session } = input;
  const grace = (input.graceMinutes ?? ATTENDANCE_GRACE_MINUTES) * MINUTE;
  const end = Math.min(session.end, input.asOf ?? session.end);
  const mine = input.presence.filter(
    (p) => p.official === session.official && p.line === session.line,
  );
  const present = merge(
    clip(
      mine.filter((p) => !p.paused),
      session.start,
      end,
    ),
  );
  const paused = merge(
    clip(
      mine.filter((p) => p.paused),
      session.start,
      end,
    ),
  );
  const arrivedAt = present[0]?.[0] ?? null;
  const leftAt = present.at(-1)?.[1] ?? null;
  const open = input.asOf !== undefined && input.asOf < session.end;
  const noShow = arrivedAt === null;
  const late = noShow ? end - session.start : arrivedAt - session.start;
  const leftEarly = leftAt === null || open ? 0 : session.end - leftAt;
  const calls = input.calls.filter(
    (c) => c.line === session.line && c.joinedAt >= session.start && c.joinedAt < session.end,
  );
  const answered = calls.filter((c) => c.answeredAt !== null);
  const status: AttendanceStatus = open
    ? "open"
    : noShow
      ? "missed"
      : late > grace || leftEarly > grace
        ? "late"
        : "kept";
  return {
    plannedMinutes: (session.end - session.start) / MINUTE,
    presentMinutes: length(present) / MINUTE,
    pausedMinutes: length(subtract(paused, present)) / MINUTE,
    arrivedAt,
    leftAt,
    minutesLate: Math.max(0, late) / MINUTE,
    minutesLeftEarly: Math.max(0, leftEarly) / MINUTE,
    noShow: noShow && !open,
    callsOffered: calls.length,
    callsAnswered: answered.length,
    callsAnsweredByOfficial: answered.filter((c) => c.official === session.official).length,
    callsWaitedWhileAbsent: calls.filter((c) => {
      const waitEnd = Math.min(c.answeredAt ?? c.endedAt, session.end);
      return waitEnd > c.joinedAt && !covers(present, c.joinedAt, waitEnd);
    }).length,
    status,
  };
}

function clip(spans: readonly PresenceRecord[], from: number, to: number): Span[] {
  return spans.flatMap((p): Span[] => {
    const a = Math.max(p.from, from);
    const b = Math.min(p.to, to);
    return b > a ? [[a, b]] : [];
  });
}

/** Sorted, overlapping or touching spans joined. */
function merge(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    const last = out.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function length(spans: readonly Span[]): number {
  return spans.reduce((sum, [a, b]) => sum + (b - a), 0);
}

/** The parts of `spans` outside `minus` (both merged). */
function subtract(spans: readonly Span[], minus: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const [a, b] of spans) {
    let from = a;
    for (const [c, d] of minus) {
      if (d <= from || c >= b) continue;
      if (c > from) out.push([from, c]);
      from = Math.max(from, d);
    }
    if (from < b) out.push([from, b]);
  }
  return out;
}

/** Whether merged `spans` cover all of [from, to). */
function covers(spans: readonly Span[], from: number, to: number): boolean {
  return spans.some(([a, b]) => a <= from && b >= to);
}
