/**
 * The history's tables as rows, and the conversions between them and the reducer's records
 * (shared/live-types.ts). Column names are snake_case; seconds are fractional.
 */
import { emptyCounters } from "../../shared/call-counters.ts";
import type {
  CallOutcome,
  CallRecord,
  ClosedIntervalRecord,
  LineCounters,
  OfficialIntervalCounts,
  PresenceRecord,
} from "../../shared/live-types.ts";

export type LineIntervalRow = {
  line: string;
  start: number;
  county: string | null;
  agency: string | null;
  definitions: string;
  offered: number;
  answered: number;
  abandoned: number;
  short_abandoned: number;
  timed_out: number;
  left_unanswered: number;
  lost: number;
  answered_in_sl: number;
  lost_in_sl: number;
  completed: number;
  completed_in_sl: number;
  switch_completed: number;
  switch_completed_in_sl: number;
  /** Calls of the interval rebuilt from the switch's counters after an outage (issue 9). */
  reconstructed: number;
  wait_answered_sec: number;
  talk_sec: number;
  longest_wait_sec: number;
};

export type OfficialIntervalRow = {
  official: string;
  start: number;
  definitions: string;
  answered: number;
  talk_sec: number;
  logged_in_sec: number;
  available_sec: number;
  on_call_sec: number;
  paused_sec: number;
};

export type CallRow = {
  line: string;
  call: string;
  joined_at: number;
  county: string | null;
  agency: string | null;
  caller: string | null;
  official: string | null;
  answered_at: number | null;
  ended_at: number;
  wait_sec: number;
  talk_sec: number;
  outcome: string;
  definitions: string;
};

export type PresenceRow = {
  official: string;
  line: string;
  from_at: number;
  to_at: number;
  paused: number;
  definitions: string;
};

export type HistoryTables = {
  history_line_intervals: LineIntervalRow;
  history_official_intervals: OfficialIntervalRow;
  history_calls: CallRow;
  history_presence: PresenceRow;
};

/** Each counter of a line and its column: the one mapping every query and write uses. */
export const LINE_COLUMNS = {
  offered: "offered",
  answered: "answered",
  abandoned: "abandoned",
  shortAbandoned: "short_abandoned",
  timedOut: "timed_out",
  leftUnanswered: "left_unanswered",
  lost: "lost",
  answeredInServiceLevel: "answered_in_sl",
  lostInServiceLevel: "lost_in_sl",
  completed: "completed",
  completedInServiceLevel: "completed_in_sl",
  switchCompleted: "switch_completed",
  switchCompletedInServiceLevel: "switch_completed_in_sl",
  reconstructed: "reconstructed",
  waitAnsweredSec: "wait_answered_sec",
  talkSec: "talk_sec",
  longestWaitSec: "longest_wait_sec",
} as const satisfies Record<keyof LineCounters, keyof LineIntervalRow>;

export const OFFICIAL_COLUMNS = {
  answered: "answered",
  talkSec: "talk_sec",
  loggedInSec: "logged_in_sec",
  availableSec: "available_sec",
  onCallSec: "on_call_sec",
  pausedSec: "paused_sec",
} as const satisfies Record<keyof OfficialIntervalCounts, keyof OfficialIntervalRow>;

type LineRecord = Extract<ClosedIntervalRecord, { kind: "line" }>;
type OfficialRecord = Extract<ClosedIntervalRecord, { kind: "official" }>;

export function lineRow(record: LineRecord, definitions: string): LineIntervalRow {
  const row = {
    line: record.id,
    start: record.start,
    county: record.county,
    agency: record.agency,
    definitions,
  } as LineIntervalRow;
  for (const [key, column] of Object.entries(LINE_COLUMNS)) {
    row[column] = record.counts[key as keyof LineCounters];
  }
  return row;
}

export function officialRow(record: OfficialRecord, definitions: string): OfficialIntervalRow {
  const row = { official: record.id, start: record.start, definitions } as OfficialIntervalRow;
  for (const [key, column] of Object.entries(OFFICIAL_COLUMNS)) {
    row[column] = record.counts[key as keyof OfficialIntervalCounts];
  }
  return row;
}

export function callRow(
  record: CallRecord,
  place: { county: string | null; agency: string | null },
  definitions: string,
): CallRow {
  return {
    line: record.line,
    call: record.call,
    joined_at: record.joinedAt,
    county: place.county,
    agency: place.agency,
    caller: record.caller,
    official: record.official,
    answered_at: record.answeredAt,
    ended_at: record.endedAt,
    wait_sec: record.waitSec,
    talk_sec: record.talkSec,
    outcome: record.outcome,
    definitions,
  };
}

export function callFromRow(row: CallRow): CallRecord & { county: string | null } {
  return {
    line: row.line,
    call: row.call,
    caller: row.caller,
    official: row.official,
    county: row.county,
    joinedAt: Number(row.joined_at),
    answeredAt: row.answered_at === null ? null : Number(row.answered_at),
    endedAt: Number(row.ended_at),
    waitSec: Number(row.wait_sec),
    talkSec: Number(row.talk_sec),
    outcome: row.outcome as CallOutcome,
  };
}

export function presenceRow(record: PresenceRecord, definitions: string): PresenceRow {
  return {
    official: record.official,
    line: record.line,
    from_at: record.from,
    to_at: record.to,
    paused: record.paused ? 1 : 0,
    definitions,
  };
}

export function presenceFromRow(row: PresenceRow): PresenceRecord {
  return {
    official: row.official,
    line: row.line,
    from: Number(row.from_at),
    to: Number(row.to_at),
    paused: Number(row.paused) === 1,
  };
}

/** A row of sums (named by the counters) as a counter set; null sums (no rows) are zeros. */
export function countersFrom(row: Record<string, unknown>): LineCounters {
  const counters = emptyCounters();
  for (const key of Object.keys(LINE_COLUMNS) as (keyof LineCounters)[]) {
    counters[key] = Number(row[key] ?? 0);
  }
  return counters;
}

export function officialCountsFrom(row: Record<string, unknown>): OfficialIntervalCounts {
  const out = {} as OfficialIntervalCounts;
  for (const key of Object.keys(OFFICIAL_COLUMNS) as (keyof OfficialIntervalCounts)[]) {
    out[key] = Number(row[key] ?? 0);
  }
  return out;
}
