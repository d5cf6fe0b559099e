/** The columns of each inspection export, in the order the page shows them. */
const FIGURES = [
  "offered",
  "answered",
  "abandoned",
  "shortAbandoned",
  "timedOut",
  "leftUnanswered",
  "lost",
  "answerRate",
  "serviceLevel",
  "serviceLevelPerf",
  "serviceLevelPerf2",
  "asaSec",
  "avgTalkSec",
  "longestWaitSec",
] as const;

const SESSION_TOTALS = [
  "sessions",
  "scheduledMinutes",
  "presentMinutes",
  "pausedMinutes",
  "sessionsKept",
  "sessionsLate",
  "sessionsMissed",
  "sessionsOpen",
  "callsWaitedWhileAbsent",
] as const;

const OFFICIAL_TIME = [
  "answeredByOfficial",
  "talkMinutes",
  "loggedInMinutes",
  "availableMinutes",
  "onCallMinutes",
  "pausedOnLinesMinutes",
] as const;

export function summaryColumns(official: boolean): string[] {
  return [
    "id",
    "nameFa",
    "nameEn",
    "county",
    "agency",
    ...FIGURES,
    ...SESSION_TOTALS,
    ...(official ? OFFICIAL_TIME : []),
  ];
}

export const SESSION_COLUMNS = [
  "jalaliDate",
  "date",
  "from",
  "to",
  "official",
  "officialFa",
  "officialEn",
  "line",
  "county",
  "agency",
  "status",
  "plannedMinutes",
  "presentMinutes",
  "pausedMinutes",
  "minutesLate",
  "minutesLeftEarly",
  "noShow",
  "callsOffered",
  "callsAnswered",
  "callsAnsweredByOfficial",
  "callsWaitedWhileAbsent",
  "arrivedAt",
  "leftAt",
  "start",
  "end",
];

export const CALL_COLUMNS = [
  "jalaliDate",
  "date",
  "time",
  "line",
  "county",
  "official",
  "outcome",
  "short",
  "waitSec",
  "talkSec",
  "caller",
  "joinedAt",
  "answeredAt",
  "endedAt",
];

export function intervalColumns(official: boolean): string[] {
  return ["jalaliDate", "date", "time", ...(official ? OFFICIAL_TIME : FIGURES), "start"];
}
