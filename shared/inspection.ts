/**
 * The inspection API's rows (GET /api/v1/inspection/*, docs/api.md), shared by the server and
 * the inspection pages, and the pure arithmetic behind them: the figures of a counter set, and
 * the counters of a list of finished calls (for an official's sessions, whose calls are not a
 * line's intervals).
 */
import type { Attendance } from "./attendance.ts";
import { ATTENDANCE_GRACE_MINUTES } from "./attendance.ts";
import { emptyCounters } from "./call-counters.ts";
import type { CallOutcome, CallRecord, LineCounters } from "./live-types.ts";
import { callFigures, METRIC_DEFINITIONS_VERSION } from "./metrics.ts";

export type Grouping = "official" | "county" | "agency" | "line";

/** The figures of one row of the summary table. */
export interface Figures {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  timedOut: number;
  leftUnanswered: number;
  lost: number;
  answerRate: number | null;
  /** The project's: answered within the threshold over the answer rate's denominator. */
  serviceLevel: number | null;
  /** Asterisk's ServicelevelPerf and ServicelevelPerf2. */
  serviceLevelPerf: number | null;
  serviceLevelPerf2: number | null;
  asaSec: number | null;
  avgTalkSec: number | null;
  longestWaitSec: number;
}

/** Sessions of the row's officials or lines, against the schedule. */
export interface SessionTotals {
  sessions: number;
  scheduledMinutes: number;
  presentMinutes: number;
  pausedMinutes: number;
  sessionsKept: number;
  sessionsLate: number;
  sessionsMissed: number;
  /** Sessions not over yet: in none of kept, late, missed. */
  sessionsOpen: number;
  callsWaitedWhileAbsent: number;
}

/** An official's own time and calls, from the official's intervals (by=official only). */
export interface OfficialTime {
  answeredByOfficial: number;
  talkMinutes: number;
  loggedInMinutes: number;
  availableMinutes: number;
  onCallMinutes: number;
  pausedOnLinesMinutes: number;
}

export interface SummaryRow extends Figures, SessionTotals, Partial<OfficialTime> {
  id: string;
  nameFa: string;
  nameEn: string;
  county: string | null;
  agency: string | null;
}

export interface Definitions {
  version: string;
  graceMinutes: number;
  formulas: Record<string, string>;
}

export interface SummaryResponse {
  from: string;
  to: string;
  by: Grouping;
  definitions: Definitions;
  rows: SummaryRow[];
}

export interface SessionRow extends Omit<Attendance, "arrivedAt" | "leftAt"> {
  /** Tehran day, Gregorian ISO and Jalali. */
  date: string;
  jalaliDate: string;
  official: string;
  officialFa: string;
  officialEn: string;
  line: string;
  county: string | null;
  agency: string | null;
  /** Tehran wall-clock "HH:MM" and the instants (ISO). */
  from: string;
  to: string;
  start: string;
  end: string;
  arrivedAt: string | null;
  leftAt: string | null;
}

export interface CallRow {
  date: string;
  jalaliDate: string;
  /** Tehran "HH:MM:SS" the call joined. */
  time: string;
  joinedAt: string;
  answeredAt: string | null;
  endedAt: string;
  line: string;
  county: string | null;
  official: string | null;
  outcome: CallOutcome;
  /** An abandon shorter than the line's short-abandon threshold. */
  short: boolean;
  waitSec: number;
  talkSec: number;
  /** The caller's pseudonym, masked: enough to tell repeat callers apart, never the number. */
  caller: string | null;
}

export interface IntervalRow extends Figures {
  start: string;
  date: string;
  jalaliDate: string;
  time: string;
}

export interface OfficialIntervalRow extends OfficialTime {
  start: string;
  date: string;
  jalaliDate: string;
  time: string;
}

export function definitions(): Definitions {
  return {
    version: METRIC_DEFINITIONS_VERSION,
    graceMinutes: ATTENDANCE_GRACE_MINUTES,
    formulas: {
      answerRate: "answered / (answered + abandoned − shortAbandoned + timedOut + leftUnanswered)",
      serviceLevel: "answered within the line's threshold / the answer rate's denominator",
      serviceLevelPerf: "Asterisk ServicelevelPerf: completed within the threshold / completed",
      serviceLevelPerf2:
        "Asterisk ServicelevelPerf2: (completed + abandoned or timed out within the threshold) / (completed + abandoned + timed out)",
      asaSec: "sum of answered calls' waits / answered",
      avgTalkSec: "sum of talk times / conversations ended",
      sessionsKept: `present on the line (logged in, not paused) by start + ${ATTENDANCE_GRACE_MINUTES} min and until end − ${ATTENDANCE_GRACE_MINUTES} min`,
      sessionsLate: `present, but arrived or left more than ${ATTENDANCE_GRACE_MINUTES} min off the schedule`,
      sessionsMissed: "never present on the session's line during it",
    },
  };
}

export function figuresOf(c: LineCounters): Figures {
  const f = callFigures(c);
  return {
    offered: f.offered,
    answered: f.answered,
    abandoned: f.abandoned,
    shortAbandoned: f.shortAbandoned,
    timedOut: f.timedOut,
    leftUnanswered: f.leftUnanswered,
    lost: f.lost,
    answerRate: f.answerRate,
    serviceLevel: f.serviceLevel,
    serviceLevelPerf: f.serviceLevelPerf,
    serviceLevelPerf2: f.serviceLevelPerf2,
    asaSec: f.averageSpeedOfAnswerSec,
    avgTalkSec: f.averageTalkSec,
    longestWaitSec: f.longestWaitTodaySec,
  };
}

export interface LineThresholds {
  serviceLevelSec: number;
  shortAbandonSec: number;
}

/**
 * The counters of finished calls, as the reducer would have counted them. A call record does not
 * say whether Asterisk counted its completion, so every completion counts as the switch's too.
 */
export function countCalls(
  calls: Iterable<CallRecord>,
  thresholds: (line: string) => LineThresholds,
): LineCounters {
  const c = emptyCounters();
  for (const call of calls) {
    const { serviceLevelSec: sl, shortAbandonSec } = thresholds(call.line);
    c.offered += 1;
    const wait =
      call.answeredAt !== null && call.outcome !== "answered"
        ? (call.answeredAt - call.joinedAt) / 1000
        : call.waitSec;
    if (call.answeredAt !== null) {
      c.answered += 1;
      c.waitAnsweredSec += wait;
      if (wait <= sl) c.answeredInServiceLevel += 1;
    }
    if (call.outcome !== "gone") c.longestWaitSec = Math.max(c.longestWaitSec, wait);
    switch (call.outcome) {
      case "answered":
        c.completed += 1;
        c.switchCompleted += 1;
        c.talkSec += call.talkSec;
        if (wait <= sl) {
          c.completedInServiceLevel += 1;
          c.switchCompletedInServiceLevel += 1;
        }
        break;
      case "abandoned":
        c.abandoned += 1;
        if (wait < shortAbandonSec) c.shortAbandoned += 1;
        if (wait <= sl) c.lostInServiceLevel += 1;
        break;
      case "timeout":
        c.timedOut += 1;
        if (wait <= sl) c.lostInServiceLevel += 1;
        break;
      case "left":
        c.leftUnanswered += 1;
        break;
      case "lost":
        c.lost += 1;
        break;
      case "gone":
        break;
    }
  }
  return c;
}

/** A pseudonym's first four characters: repeat callers stand out, the pseudonym does not leak. */
export function maskCaller(caller: string | null): string | null {
  if (!caller) return null;
  return `${caller.slice(0, 4)}…`;
}
