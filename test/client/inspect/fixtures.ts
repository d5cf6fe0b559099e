import type { SessionRow, SummaryRow } from "../../../client/src/inspect/inspect-types.ts";

export function summaryRow(id: string, figures: Partial<SummaryRow> = {}): SummaryRow {
  return {
    id,
    nameFa: id,
    nameEn: id,
    county: null,
    agency: null,
    offered: 0,
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    timedOut: 0,
    leftUnanswered: 0,
    lost: 0,
    answerRate: null,
    serviceLevel: null,
    serviceLevelPerf: null,
    serviceLevelPerf2: null,
    asaSec: null,
    avgTalkSec: null,
    longestWaitSec: 0,
    sessions: 0,
    scheduledMinutes: 0,
    presentMinutes: 0,
    pausedMinutes: 0,
    sessionsKept: 0,
    sessionsLate: 0,
    sessionsMissed: 0,
    sessionsOpen: 0,
    callsWaitedWhileAbsent: 0,
    ...figures,
  };
}

/** A session of one hour on 1405/09/01 from `hour`, kept unless the figures say otherwise. */
export function sessionRow(
  official: string,
  hour: number,
  figures: Partial<SessionRow> = {},
): SessionRow {
  const clock = (h: number) => `${String(h).padStart(2, "0")}:00`;
  const at = (h: number) => `2026-11-22T${clock(h)}:00+03:30`;
  return {
    date: "2026-11-22",
    jalaliDate: "1405/09/01",
    official,
    officialFa: official,
    officialEn: official,
    line: `line-${official}`,
    county: null,
    agency: null,
    from: clock(hour),
    to: clock(hour + 1),
    start: at(hour),
    end: at(hour + 1),
    arrivedAt: at(hour),
    leftAt: at(hour + 1),
    plannedMinutes: 60,
    presentMinutes: 60,
    pausedMinutes: 0,
    minutesLate: 0,
    minutesLeftEarly: 0,
    noShow: false,
    callsOffered: 0,
    callsAnswered: 0,
    callsAnsweredByOfficial: 0,
    callsWaitedWhileAbsent: 0,
    status: "kept",
    ...figures,
  };
}
