/**
 * The live state of every line and official, reduced from switch events. Deterministic and free
 * of I/O and clocks: the same events, in the same order, give the same state, so the state can be
 * rebuilt from the event log at any time. `applyEvent` mutates the state it is given (the
 * aggregator owns exactly one): copying the whole province per event would buy nothing.
 */
import type { PhoneState, SwitchEvent } from "./events.ts";
import type { Line, Reference } from "./reference.ts";
import { nextTehranDayStart, tehranDayStart } from "./tehran-time.ts";
import { sumIntervals, type IntervalCounts } from "./intervals.ts";
import { applyLineEvent, emptyCounters } from "./live-calls.ts";

/** Counters since 00:00 Tehran time; reset at the day boundary. */
export interface LineCounters {
  offered: number;
  answered: number;
  abandoned: number;
  /** Abandons sooner than the line's short-abandon threshold (a subset of `abandoned`). */
  shortAbandoned: number;
  timedOut: number;
  /** Left unanswered because the line was empty, by key press or by transfer. */
  leftUnanswered: number;
  /** Answered within the line's service-level threshold. */
  answeredInServiceLevel: number;
  /** Abandoned or timed out within the service-level threshold (Asterisk's SL2 numerator). */
  lostInServiceLevel: number;
  /** Conversations that ended, and those whose wait was within the service level. */
  completed: number;
  completedInServiceLevel: number;
  /** Completions the switch counted too (Asterisk's Completed), and those within the threshold. */
  switchCompleted: number;
  switchCompletedInServiceLevel: number;
  waitAnsweredSec: number;
  talkSec: number;
  longestWaitSec: number;
}

export interface Membership {
  paused: boolean;
  reason: string;
  since: number;
}

export interface LineLive {
  id: string;
  county: string | null;
  agency: string | null;
  serviceLevelSec: number;
  shortAbandonSec: number;
  /** False for a queue the reference data does not know. */
  known: boolean;
  counters: LineCounters;
  /** Calls waiting now: call id → time it joined. */
  waiting: Map<string, number>;
  members: Map<string, Membership>;
}

export interface OfficialLive {
  id: string;
  name: string;
  known: boolean;
  phone: PhoneState;
  phoneSince: number;
  /** The line of the call being offered or talked to. */
  callLine: string | null;
  answered: number;
  talkSec: number;
}

export interface LiveState {
  dayStart: number;
  nextDayStart: number;
  lines: Map<string, LineLive>;
  /** Today's calls per 15-minute interval, by county id ("" for lines of no known county). */
  intervals: Map<string, IntervalCounts[]>;
  /** The province's intervals of the day that ended last, kept until the next day ends. */
  previousDay: { dayStart: number; intervals: IntervalCounts[] } | null;
  officials: Map<string, OfficialLive>;
  /** The switch's latest known time, from events and heartbeats. */
  switchTime: number;
  lastEventAt: number | null;
  switchConnected: boolean | null;
  switchDetail: string;
  /** Ids seen recently, to drop a duplicate delivered twice. */
  recentIds: Set<string>;
  recentIdOrder: string[];
  duplicates: number;
  /** Lines and officials the reference data does not know, created from events so far. */
  unknownLines: number;
  unknownOfficials: number;
  /** Events dropped because they would have created one unknown line or official too many. */
  overflowed: number;
  /** Calls dropped from the waiting list at a day's end, their outcome never heard. */
  expiredCalls: number;
}

const RECENT_IDS = 20_000;
/**
 * A switch can name any queue or member; the wall must not grow without bound if it names
 * thousands (a misconfigured PBX, garbage on the wire). Far above a province's real numbers.
 */
export const MAX_UNKNOWN_LINES = 300;
export const MAX_UNKNOWN_OFFICIALS = 1_000;
/** A call still "waiting" after this long lost its outcome somewhere; a day's end drops it. */
const MAX_WAIT_MS = 12 * 3_600_000;

function lineFrom(line: Line): LineLive {
  return {
    id: line.id,
    county: line.county,
    agency: line.agency,
    serviceLevelSec: line.serviceLevelSec,
    shortAbandonSec: line.shortAbandonSec,
    known: true,
    counters: emptyCounters(),
    waiting: new Map(),
    members: new Map(),
  };
}

export function createLiveState(reference: Reference, now: number): LiveState {
  const state: LiveState = {
    dayStart: tehranDayStart(now),
    nextDayStart: nextTehranDayStart(now),
    lines: new Map(reference.lines.map((line) => [line.id, lineFrom(line)])),
    intervals: new Map(),
    previousDay: null,
    officials: new Map(),
    switchTime: now,
    lastEventAt: null,
    switchConnected: null,
    switchDetail: "",
    recentIds: new Set(),
    recentIdOrder: [],
    duplicates: 0,
    unknownLines: 0,
    unknownOfficials: 0,
    overflowed: 0,
    expiredCalls: 0,
  };
  for (const official of reference.officials) {
    state.officials.set(official.id, {
      id: official.id,
      name: official.fa,
      known: true,
      phone: "offline",
      phoneSince: now,
      callLine: null,
      answered: 0,
      talkSec: 0,
    });
  }
  return state;
}

/**
 * Moves the switch clock forward and starts a new metrics day when it crosses 00:00 Tehran;
 * waiting calls and logins stay. Returns true when a new day began.
 */
export function advanceClock(state: LiveState, now: number): boolean {
  if (now > state.switchTime) state.switchTime = now;
  if (now < state.nextDayStart) return false;
  state.previousDay = {
    dayStart: state.dayStart,
    intervals: sumIntervals(state.intervals.values()),
  };
  state.intervals.clear();
  state.dayStart = tehranDayStart(now);
  state.nextDayStart = nextTehranDayStart(now);
  for (const line of state.lines.values()) {
    line.counters = emptyCounters();
    for (const [call, joinedAt] of line.waiting) {
      if (now - joinedAt > MAX_WAIT_MS) {
        line.waiting.delete(call);
        state.expiredCalls += 1;
      }
    }
  }
  for (const official of state.officials.values()) {
    official.answered = 0;
    official.talkSec = 0;
  }
  return true;
}

function rememberId(state: LiveState, id: string): boolean {
  if (state.recentIds.has(id)) {
    state.duplicates += 1;
    return false;
  }
  state.recentIds.add(id);
  state.recentIdOrder.push(id);
  if (state.recentIdOrder.length > RECENT_IDS) {
    const dropped = state.recentIdOrder.splice(0, RECENT_IDS / 4);
    for (const old of dropped) state.recentIds.delete(old);
  }
  return true;
}

/** Applies one validated event; false when it was a duplicate and changed nothing. */
export function applyEvent(state: LiveState, event: SwitchEvent): boolean {
  if (!rememberId(state, event.id)) return false;
  if (state.lastEventAt === null) adoptSwitchClock(state, event.at);
  if (!admits(state, event)) {
    state.overflowed += 1;
    return false;
  }
  advanceClock(state, event.at);
  state.lastEventAt = Math.max(state.lastEventAt ?? 0, event.at);
  switch (event.type) {
    case "switch.heartbeat":
      return true;
    case "switch.status":
      state.switchConnected = event.connected;
      state.switchDetail = event.detail;
      return true;
    case "switch.restarted":
      state.switchDetail = event.detail;
      return true;
    default:
      applyLineEvent(state, event);
      return true;
  }
}

/** Folds events into a fresh state: how the live state is rebuilt from the event log. */
export function reduceEvents(
  reference: Reference,
  events: Iterable<SwitchEvent>,
  start: number,
): LiveState {
  const state = createLiveState(reference, start);
  for (const event of events) applyEvent(state, event);
  return state;
}

/** False when the event would create one unknown line or official more than the state holds. */
function admits(state: LiveState, event: SwitchEvent): boolean {
  if ("line" in event && !state.lines.has(event.line) && state.unknownLines >= MAX_UNKNOWN_LINES) {
    return false;
  }
  if (
    "official" in event &&
    !state.officials.has(event.official) &&
    state.unknownOfficials >= MAX_UNKNOWN_OFFICIALS
  ) {
    return false;
  }
  return true;
}

/**
 * The state was created on the server's clock before the switch said what time it is (a
 * simulator running hours or days away, a replay): take the switch's day and time. Only on the
 * first event; later, an event before 00:00 is merely late.
 */
function adoptSwitchClock(state: LiveState, at: number): void {
  if (at < state.dayStart) {
    state.dayStart = tehranDayStart(at);
    state.nextDayStart = nextTehranDayStart(at);
    state.switchTime = at;
  }
  for (const official of state.officials.values()) official.phoneSince = at;
}
