/**
 * The history the inspection office keeps, as the reducer sees it close: each 15-minute interval
 * per line and per official (counties and the province are sums of lines), and one record per
 * finished call. An interval is open while the switch clock is in it and closes when the clock
 * leaves it; an event that arrives after its interval closed counts in the open one, so a closed
 * interval never changes. Closed records wait in the state's outbox until the leader writes them.
 * Deterministic and free of I/O, like the rest of the reducer.
 */
import { emptyCounters } from "./call-counters.ts";
import { INTERVAL_MS } from "./intervals.ts";
import type {
  CallRecord,
  Membership,
  LineIntervalCounts,
  LiveState,
  OfficialIntervalCounts,
  OfficialLive,
} from "./live-types.ts";
import { tehranDayStart } from "./tehran-time.ts";

/** Records waiting to be written, at most; beyond it the oldest go, counted. */
const MAX_OUTBOX_INTERVAL_ROWS = 100_000;
const MAX_OUTBOX_CALLS = 100_000;
const MAX_OUTBOX_PRESENCE = 100_000;

export function emptyLineInterval(): LineIntervalCounts {
  return emptyCounters();
}

export function emptyOfficialInterval(): OfficialIntervalCounts {
  return {
    answered: 0,
    talkSec: 0,
    loggedInSec: 0,
    availableSec: 0,
    onCallSec: 0,
    pausedSec: 0,
  };
}

/** The start of the Tehran-day 15-minute interval that contains `at`. */
export function intervalStartOf(at: number): number {
  const dayStart = tehranDayStart(at);
  return dayStart + Math.floor((at - dayStart) / INTERVAL_MS) * INTERVAL_MS;
}

/** The open interval's counts of a line. */
export function lineInterval(state: LiveState, line: string): LineIntervalCounts {
  const open = state.openInterval;
  let counts = open.lines.get(line);
  if (!counts) {
    counts = emptyLineInterval();
    open.lines.set(line, counts);
  }
  return counts;
}

export function officialInterval(state: LiveState, official: string): OfficialIntervalCounts {
  const open = state.openInterval;
  let counts = open.officials.get(official);
  if (!counts) {
    counts = emptyOfficialInterval();
    open.officials.set(official, counts);
  }
  return counts;
}

/**
 * Adds the time since the official was last accounted to the open interval, by the state the
 * official was in; called before anything about the official changes.
 */
export function accountOfficial(state: LiveState, official: OfficialLive, at: number): void {
  const elapsedSec = (at - official.accountedAt) / 1000;
  if (elapsedSec <= 0) return;
  official.accountedAt = at;
  const lines = state.memberOf.get(official.id);
  let known = 0;
  let unpaused = 0;
  for (const id of lines ?? []) {
    const member = state.lines.get(id)?.members.get(official.id);
    if (!member?.known) continue;
    known += 1;
    if (!member.paused) unpaused += 1;
  }
  if (known === 0) return;
  const counts = officialInterval(state, official.id);
  counts.loggedInSec += elapsedSec;
  if (official.phone === "on-call") counts.onCallSec += elapsedSec;
  else if (unpaused === 0) counts.pausedSec += elapsedSec;
  else if (official.phone === "available") counts.availableSec += elapsedSec;
}

/**
 * Closes every interval the clock has left by `at`, accounting each official's time to its end;
 * an interval in which nothing happened and nobody was on a line leaves no record.
 */
export function closeIntervals(state: LiveState, at: number): void {
  for (;;) {
    const open = state.openInterval;
    const end = open.start + INTERVAL_MS;
    if (at < end) return;
    for (const official of state.officials.values()) {
      if (state.memberOf.get(official.id)?.size) accountOfficial(state, official, end);
      if (official.accountedAt < end) official.accountedAt = end;
    }
    closePresence(state, end);
    pushClosed(state);
    // With nobody on a line, the intervals up to `at` hold nothing: no event came in them.
    const next = anyoneOnALine(state) ? intervalStartOf(end) : intervalStartOf(at);
    state.openInterval = {
      start: next,
      lines: new Map(),
      officials: new Map(),
    };
  }
}

function anyoneOnALine(state: LiveState): boolean {
  for (const lines of state.memberOf.values()) if (lines.size > 0) return true;
  return false;
}

function pushClosed(state: LiveState): void {
  const open = state.openInterval;
  if (open.lines.size === 0 && open.officials.size === 0) return;
  const outbox = state.outbox.intervals;
  for (const [id, counts] of open.lines) {
    const line = state.lines.get(id);
    outbox.push({
      start: open.start,
      kind: "line",
      id,
      county: line?.county ?? null,
      agency: line?.agency ?? null,
      counts,
    });
  }
  for (const [id, counts] of open.officials) {
    outbox.push({ start: open.start, kind: "official", id, county: null, agency: null, counts });
  }
  const excess = outbox.length - MAX_OUTBOX_INTERVAL_ROWS;
  if (excess > 0) {
    outbox.splice(0, excess);
    state.outbox.dropped += excess;
  }
}

/**
 * Ends the presence span of a membership at `at` (recorded when it has length and the membership
 * is known) and starts the next one there; called before a membership changes or goes.
 */
export function endPresenceSpan(
  state: LiveState,
  official: string,
  line: string,
  member: Membership,
  at: number,
): void {
  if (member.known && at > member.spanFrom) {
    pushBounded(state, state.outbox.presence, MAX_OUTBOX_PRESENCE, {
      official,
      line,
      from: member.spanFrom,
      to: at,
      paused: member.paused,
    });
  }
  member.spanFrom = Math.max(member.spanFrom, at);
}

/** Every open presence span ends with the interval: the history holds presence up to it. */
function closePresence(state: LiveState, end: number): void {
  for (const [official, lines] of state.memberOf) {
    for (const id of lines) {
      const member = state.lines.get(id)?.members.get(official);
      if (member) endPresenceSpan(state, official, id, member, end);
    }
  }
}

function pushBounded<T>(state: LiveState, list: T[], max: number, item: T): void {
  list.push(item);
  if (list.length > max) {
    list.shift();
    state.outbox.dropped += 1;
  }
}

export function recordCall(state: LiveState, record: CallRecord): void {
  const calls = state.outbox.calls;
  calls.push(record);
  if (calls.length > MAX_OUTBOX_CALLS) {
    calls.shift();
    state.outbox.dropped += 1;
  }
}

export type HistoryRecords = Pick<LiveState["outbox"], "intervals" | "calls" | "presence">;

/** Takes what waits to be written; the caller writes it (idempotently) or gives it back. */
export function takeOutbox(state: LiveState): HistoryRecords {
  const { intervals, calls, presence } = state.outbox;
  state.outbox.intervals = [];
  state.outbox.calls = [];
  state.outbox.presence = [];
  return { intervals, calls, presence };
}

/** Puts back records whose writing failed, before any that closed since. */
export function giveBackOutbox(state: LiveState, records: HistoryRecords): void {
  state.outbox.intervals.unshift(...records.intervals);
  state.outbox.calls.unshift(...records.calls);
  state.outbox.presence.unshift(...records.presence);
}

/** Forgets records older than `before`: an instance that does not write keeps only recent ones. */
export function pruneOutbox(state: LiveState, before: number): void {
  state.outbox.intervals = state.outbox.intervals.filter((r) => r.start >= before);
  state.outbox.calls = state.outbox.calls.filter((r) => r.endedAt >= before);
  state.outbox.presence = state.outbox.presence.filter((r) => r.to >= before);
}
