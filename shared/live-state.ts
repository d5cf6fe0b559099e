/**
 * The live state of every line and official, reduced from switch events. Deterministic and free
 * of I/O and clocks: the same events, in the same order, give the same state, so the state can be
 * rebuilt from the event log at any time. `applyEvent` mutates the state it is given (the
 * aggregator owns exactly one): copying the whole province per event would buy nothing.
 */
import type { LineEvent, PhoneState, SwitchEvent } from "./events.ts";
import type { Line, Reference } from "./reference.ts";
import { nextTehranDayStart, tehranDayStart } from "./tehran-time.ts";
import { emptyIntervals, intervalIndex, sumIntervals, type IntervalCounts } from "./intervals.ts";

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
}

const RECENT_IDS = 20_000;
export const DEFAULT_SERVICE_LEVEL_SEC = 20;
export const DEFAULT_SHORT_ABANDON_SEC = 5;

export function emptyCounters(): LineCounters {
  return {
    offered: 0,
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    timedOut: 0,
    leftUnanswered: 0,
    answeredInServiceLevel: 0,
    lostInServiceLevel: 0,
    completed: 0,
    completedInServiceLevel: 0,
    switchCompleted: 0,
    switchCompletedInServiceLevel: 0,
    waitAnsweredSec: 0,
    talkSec: 0,
    longestWaitSec: 0,
  };
}

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
  for (const line of state.lines.values()) line.counters = emptyCounters();
  for (const official of state.officials.values()) {
    official.answered = 0;
    official.talkSec = 0;
  }
  return true;
}

function lineOf(state: LiveState, id: string): LineLive {
  let line = state.lines.get(id);
  if (!line) {
    line = {
      id,
      county: null,
      agency: null,
      serviceLevelSec: DEFAULT_SERVICE_LEVEL_SEC,
      shortAbandonSec: DEFAULT_SHORT_ABANDON_SEC,
      known: false,
      counters: emptyCounters(),
      waiting: new Map(),
      members: new Map(),
    };
    state.lines.set(id, line);
  }
  return line;
}

function officialOf(state: LiveState, id: string, at: number, name?: string): OfficialLive {
  let official = state.officials.get(id);
  if (!official) {
    official = {
      id,
      name: name ?? id,
      known: false,
      phone: "available",
      phoneSince: at,
      callLine: null,
      answered: 0,
      talkSec: 0,
    };
    state.officials.set(id, official);
  }
  return official;
}

function setPhone(
  official: OfficialLive,
  phone: PhoneState,
  at: number,
  line: string | null,
): void {
  if (official.phone !== phone) official.phoneSince = at;
  official.phone = phone;
  official.callLine = phone === "ringing" || phone === "on-call" ? line : null;
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

function noteWait(line: LineLive, waitSec: number): void {
  if (waitSec > line.counters.longestWaitSec) line.counters.longestWaitSec = waitSec;
}

/** Applies one validated event; false when it was a duplicate and changed nothing. */
export function applyEvent(state: LiveState, event: SwitchEvent): boolean {
  if (!rememberId(state, event.id)) return false;
  if (state.lastEventAt === null && event.at < state.dayStart) {
    // The state was created before the switch said what day it is (a simulator running in the
    // past, a replay): take the switch's day. Later, an event before 00:00 is merely late.
    state.dayStart = tehranDayStart(event.at);
    state.nextDayStart = nextTehranDayStart(event.at);
    state.switchTime = event.at;
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
    default:
      applyLineEvent(state, event);
      return true;
  }
}

/** Counts a call's offer or outcome in the interval it happened in. */
function countInterval(state: LiveState, line: LineLive, event: LineEvent): void {
  const key = line.county ?? "";
  let intervals = state.intervals.get(key);
  if (!intervals) {
    intervals = emptyIntervals();
    state.intervals.set(key, intervals);
  }
  const bucket = intervals[intervalIndex(state.dayStart, event.at)];
  if (!bucket) return;
  switch (event.type) {
    case "call.joined":
      if (!line.waiting.has(event.call)) bucket.offered += 1;
      return;
    case "call.answered":
      bucket.answered += 1;
      return;
    case "call.abandoned":
      bucket.abandoned += 1;
      if (event.waitSec < line.shortAbandonSec) bucket.shortAbandoned += 1;
      return;
    case "call.left":
      if (event.reason === "timeout") bucket.timedOut += 1;
      else bucket.leftUnanswered += 1;
      return;
    default:
      return;
  }
}

function applyLineEvent(state: LiveState, event: LineEvent): void {
  const line = lineOf(state, event.line);
  const c = line.counters;
  countInterval(state, line, event);
  switch (event.type) {
    case "call.joined":
      if (!line.waiting.has(event.call)) {
        line.waiting.set(event.call, event.at);
        c.offered += 1;
      }
      return;
    case "call.offered":
      setPhone(officialOf(state, event.official, event.at), "ringing", event.at, line.id);
      return;
    case "call.offer-missed": {
      const official = officialOf(state, event.official, event.at);
      if (official.phone === "ringing") setPhone(official, "available", event.at, null);
      return;
    }
    case "call.answered": {
      line.waiting.delete(event.call);
      c.answered += 1;
      c.waitAnsweredSec += event.waitSec;
      if (event.waitSec <= line.serviceLevelSec) c.answeredInServiceLevel += 1;
      noteWait(line, event.waitSec);
      const official = officialOf(state, event.official, event.at);
      official.answered += 1;
      setPhone(official, "on-call", event.at, line.id);
      return;
    }
    case "call.ended": {
      line.waiting.delete(event.call);
      c.completed += 1;
      c.talkSec += event.talkSec;
      if (event.waitSec <= line.serviceLevelSec) c.completedInServiceLevel += 1;
      if (event.switchCounted !== false) {
        c.switchCompleted += 1;
        if (event.waitSec <= line.serviceLevelSec) c.switchCompletedInServiceLevel += 1;
      }
      const official = officialOf(state, event.official, event.at);
      official.talkSec += event.talkSec;
      if (official.phone === "on-call") setPhone(official, "available", event.at, null);
      return;
    }
    case "call.abandoned":
      line.waiting.delete(event.call);
      c.abandoned += 1;
      if (event.waitSec < line.shortAbandonSec) c.shortAbandoned += 1;
      if (event.waitSec <= line.serviceLevelSec) c.lostInServiceLevel += 1;
      noteWait(line, event.waitSec);
      return;
    case "call.gone":
      line.waiting.delete(event.call);
      return;
    case "call.left":
      line.waiting.delete(event.call);
      if (event.reason === "timeout") c.timedOut += 1;
      else c.leftUnanswered += 1;
      // SL2 counts abandons and timeouts only, as its denominator does.
      if (event.reason === "timeout" && event.waitSec <= line.serviceLevelSec) {
        c.lostInServiceLevel += 1;
      }
      noteWait(line, event.waitSec);
      return;
    default:
      applyMemberEvent(state, line, event);
  }
}

type MemberEvent = Extract<
  LineEvent,
  {
    type: "official.logged-in" | "official.logged-out" | "official.paused" | "official.resumed";
  }
>;

function applyMemberEvent(
  state: LiveState,
  line: LineLive,
  event: MemberEvent | Extract<LineEvent, { type: "official.state" }>,
): void {
  const official = officialOf(
    state,
    event.official,
    event.at,
    event.type === "official.logged-in" ? event.name : undefined,
  );
  switch (event.type) {
    case "official.logged-in":
      line.members.set(event.official, {
        paused: event.paused,
        reason: event.reason ?? "",
        since: event.at,
      });
      if (official.phone === "offline") setPhone(official, "available", event.at, null);
      return;
    case "official.logged-out":
      line.members.delete(event.official);
      if (membershipsOf(state, event.official).length === 0) {
        setPhone(official, "offline", event.at, null);
      }
      return;
    case "official.paused":
    case "official.resumed": {
      const member = line.members.get(event.official) ?? { paused: false, reason: "", since: 0 };
      member.paused = event.type === "official.paused";
      member.reason = event.type === "official.paused" ? event.reason : "";
      member.since = event.at;
      line.members.set(event.official, member);
      return;
    }
    case "official.state":
      setPhone(official, event.state, event.at, official.callLine ?? line.id);
      return;
  }
}

/** The lines an official is a member of now, with the membership on each. */
export function membershipsOf(
  state: LiveState,
  officialId: string,
): { line: LineLive; member: Membership }[] {
  const found: { line: LineLive; member: Membership }[] = [];
  for (const line of state.lines.values()) {
    const member = line.members.get(officialId);
    if (member) found.push({ line, member });
  }
  return found;
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
