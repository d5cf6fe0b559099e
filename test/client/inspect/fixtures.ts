import type { SessionRow, SummaryRow } from "../../../client/src/inspect/inspect-types.ts";

export function summaryRow(id: string, figures: Partial<SummaryRow> = {}): SummaryRow {
  return {
    id,
    offered: 0,
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    timedOut: 0,
    leftUnanswered: 0,
    answerRate: null,
    serviceLevel: null,
    serviceLevelPerf: null,
    averageSpeedOfAnswerSec: null,
    averageTalkSec: null,
    longestWaitSec: 0,
    scheduledMinutes: 0,
    presentMinutes: 0,
    sessionsKept: 0,
    sessionsLate: 0,
    sessionsMissed: 0,
    ...figures,
  };
}

/** A session of one hour on 1405/09/01 from `hour`, kept unless the figures say otherwise. */
export function sessionRow(
  official: string,
  hour: number,
  figures: Partial<SessionRow> = {},
): SessionRow {
  const at = (h: number) => `2026-11-22T${String(h).padStart(2, "0")}:00:00+03:30`;
  return {
    official,
    line: `line-${official}`,
    date: "2026-11-22",
    start: at(hour),
    end: at(hour + 1),
    noShow: false,
    lateMinutes: 0,
    leftEarlyMinutes: 0,
    presentMinutes: 60,
    pausedMinutes: 0,
    offered: 0,
    answered: 0,
    waitedWhileAbsent: 0,
    ...figures,
  };
}
