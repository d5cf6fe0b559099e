/**
 * The inspection API as the pages read it (docs/api.md): the summary of a period by official,
 * county, agency or line, the sessions with their attendance, a day's abandoned calls, and for one
 * row its 15-minute intervals and its calls. Each answers as CSV too, with the same rows. The
 * shapes and addresses only: no fetching here (inspect-api.ts does that).
 */
import type { Period } from "../../../shared/periods.ts";
import type { Lang } from "../lib/format.ts";

export const GROUPINGS = ["official", "county", "agency", "line"] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** One row of the summary: the figures of one official, county, agency or line over the period. */
export interface SummaryRow {
  /** The official's, county's, agency's or line's id. */
  id: string;
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  timedOut: number;
  leftUnanswered: number;
  answerRate: number | null;
  /** The project's: answered within the threshold over the answer rate's denominator. */
  serviceLevel: number | null;
  /** Asterisk's ServicelevelPerf. */
  serviceLevelPerf: number | null;
  averageSpeedOfAnswerSec: number | null;
  averageTalkSec: number | null;
  longestWaitSec: number;
  scheduledMinutes: number;
  presentMinutes: number;
  sessionsKept: number;
  sessionsLate: number;
  sessionsMissed: number;
}

export interface Summary {
  from: string;
  to: string;
  by: Grouping;
  /** The metric-definition version the figures were computed with. */
  definitions: string;
  rows: SummaryRow[];
}

/** One scheduled session and what happened in it. */
export interface SessionRow {
  official: string;
  line: string;
  /** Tehran calendar day, YYYY-MM-DD. */
  date: string;
  /** Planned start and end, ISO instants. */
  start: string;
  end: string;
  /** The official was not present at all. */
  noShow: boolean;
  lateMinutes: number;
  leftEarlyMinutes: number;
  presentMinutes: number;
  pausedMinutes: number;
  offered: number;
  answered: number;
  /** Calls that waited on the line while the official was scheduled but absent. */
  waitedWhileAbsent: number;
}

export interface AbandonedCall {
  /** When the caller hung up, ISO. */
  at: string;
  line: string;
  waitSec: number;
  /** Masked: never the whole number. */
  caller: string;
}

export interface IntervalRow {
  /** Start of the 15-minute interval, ISO. */
  start: string;
  offered: number;
  answered: number;
  abandoned: number;
  timedOut: number;
}

export interface CallRow {
  line: string;
  official: string | null;
  joinedAt: string;
  answeredAt: string | null;
  endedAt: string;
  waitSec: number;
  talkSec: number | null;
  outcome: string;
  caller: string;
}

const BASE = "/api/v1/inspection";

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined) search.set(key, value);
  return search.toString();
}

/** The address of a table: JSON, or CSV in the page's language for the download buttons. */
export function inspectionUrl(
  table: "summary" | "sessions" | "abandoned" | "intervals" | "calls",
  params: { period?: Period; date?: string; by?: Grouping; id?: string },
  csv?: { lang: Lang },
): string {
  return `${BASE}/${table}?${query({
    from: params.period?.from,
    to: params.period?.to,
    date: params.date,
    by: params.by,
    id: params.id,
    format: csv ? "csv" : undefined,
    lang: csv?.lang === "fa" ? "fa" : undefined,
  })}`;
}
