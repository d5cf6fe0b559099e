/**
 * The live state of every line and official, reduced from the event log. Deterministic and free
 * of I/O and clocks: the same entries, in the same order, give the same state, so the state can
 * be rebuilt from the log (or from a checkpoint and the log after it) at any time. Each event is
 * either applied or refused with a counted reason. `applyEvent` mutates the state it is given:
 * copying the whole province per event would buy nothing.
 */
import type { SwitchEvent } from "./events.ts";
import type { Reference, Line } from "./reference.ts";
import { nextTehranDayStart, tehranDayStart } from "./tehran-time.ts";
import { sumIntervals } from "./intervals.ts";
import { emptyCounters } from "./call-counters.ts";
import { emptyClock, judgeTime, moveClock } from "./live-clock.ts";
import {
  applyCallEvent,
  callEventProblem,
  closeSilentCalls,
  lineOf,
  type CallEvent,
} from "./live-calls.ts";
import { applyMemberEvent, forgetMemberships } from "./live-officials.ts";
import { applyReconciled } from "./live-reconcile.ts";
import { accountOfficial, closeIntervals, intervalStartOf } from "./live-intervals.ts";
import {
  DEFAULT_LIVE_LIMITS,
  type LineLive,
  type LiveLimits,
  type LiveState,
  type OfficialLive,
} from "./live-types.ts";

export type { LineCounters, LineLive, LiveState, Membership, OfficialLive } from "./live-types.ts";
export { DEFAULT_LIVE_LIMITS } from "./live-types.ts";

export type ApplyResult = { ok: true } | { ok: false; reason: string };

const RECENT_IDS = 20_000;
/**
 * A switch can name any queue or member; the wall must not grow without bound if it names
 * thousands (a misconfigured PBX, garbage on the wire). Far above a province's real numbers.
 */
export const MAX_UNKNOWN_LINES = 300;
export const MAX_UNKNOWN_OFFICIALS = 1_000;
/** How often, in switch time, calls with no news are looked for. */
const SWEEP_EVERY_MS = 10_000;

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

/** A state with nothing heard yet; `now` only places the day until the log says what time it is. */
export function createLiveState(reference: Reference, now: number): LiveState {
  const state: LiveState = {
    dayStart: tehranDayStart(now),
    nextDayStart: nextTehranDayStart(now),
    lines: new Map(reference.lines.map((line) => [line.id, lineFrom(line)])),
    intervals: new Map(),
    previousDay: null,
    officials: new Map(),
    calls: new Map(),
    finishedCalls: new Set(),
    finishedOrder: [],
    clock: emptyClock(),
    switchTime: now,
    nextSweepAt: 0,
    lastEventAt: null,
    switchConnected: null,
    switchDetail: "",
    recentIds: new Set(),
    recentIdOrder: [],
    unknownLines: 0,
    unknownOfficials: 0,
    rejected: {},
    correctedDurations: 0,
    lostCalls: 0,
    memberOf: new Map(),
    openInterval: { start: intervalStartOf(now), lines: new Map(), officials: new Map() },
    outbox: { intervals: [], calls: [], presence: [], dropped: 0 },
  };
  for (const official of reference.officials) {
    state.officials.set(official.id, newOfficial(official.id, official.fa, now));
  }
  return state;
}

function newOfficial(id: string, name: string, now: number): OfficialLive {
  return {
    id,
    name,
    known: true,
    phone: "offline",
    phoneSince: now,
    callLine: null,
    answered: 0,
    talkSec: 0,
    accountedAt: now,
  };
}

/**
 * Applies one validated event the log appended at `appendedAt` (the log's own clock), or refuses
 * it with a reason that is also counted in `state.rejected`.
 */
export function applyEvent(
  state: LiveState,
  event: SwitchEvent,
  appendedAt: number = event.at,
  limits: LiveLimits = DEFAULT_LIVE_LIMITS,
): ApplyResult {
  if (state.recentIds.has(event.id)) return refuse(state, "duplicate");
  const time = judgeTime(state, event, appendedAt, limits);
  if (!time.ok) return refuse(state, time.reason);
  const problem =
    overflow(state, event) ?? ("call" in event ? callEventProblem(state, event) : null);
  if (problem) return refuse(state, problem);
  remember(state, event.id);
  const firstTime = state.clock.at === null;
  moveClock(state.clock, event, appendedAt, time.rebase);
  if (event.type !== "switch.status") advanceTo(state, event.at, limits, firstTime);
  if ("official" in event) {
    const official = state.officials.get(event.official);
    if (official) accountOfficial(state, official, event.at);
  }
  if (event.type !== "switch.status") {
    state.lastEventAt = Math.max(state.lastEventAt ?? event.at, event.at);
  }
  switch (event.type) {
    case "switch.heartbeat":
      break;
    case "switch.status":
      state.switchConnected = event.connected;
      state.switchDetail = event.detail;
      break;
    case "switch.restarted":
      state.switchDetail = event.detail;
      closeSilentCalls(state, event.at, limits, true);
      forgetMemberships(state, event.at);
      break;
    case "line.reconciled":
      applyReconciled(state, lineOf(state, event.line), event);
      break;
    case "line.switch-tally":
      lineOf(state, event.line).switchTally = {
        queue: event.queue,
        completed: event.completed,
        abandoned: event.abandoned,
        completedInServiceLevel: event.completedInServiceLevel,
        abandonedInServiceLevel: event.abandonedInServiceLevel,
        serviceLevelSec: event.serviceLevelSec,
      };
      break;
    default:
      if ("call" in event) applyCallEvent(state, event as CallEvent, limits);
      else applyMemberEvent(state, lineOf(state, event.line), event);
  }
  return { ok: true };
}

/** Folds events into a fresh state, each appended when it happened: a replay of a recording. */
export function reduceEvents(
  reference: Reference,
  events: Iterable<SwitchEvent>,
  start: number,
  limits: LiveLimits = DEFAULT_LIVE_LIMITS,
): LiveState {
  const state = createLiveState(reference, start);
  for (const event of events) applyEvent(state, event, event.at, limits);
  return state;
}

/**
 * Moves the switch time forward: a new metrics day when it crosses 00:00 Tehran (waiting calls
 * and logins stay), and calls with no news for too long closed as lost. The first time the clock
 * is known, the day is the clock's, whichever way that is.
 */
function advanceTo(state: LiveState, at: number, limits: LiveLimits, firstTime: boolean): void {
  if (firstTime) {
    state.dayStart = tehranDayStart(at);
    state.nextDayStart = nextTehranDayStart(at);
    state.switchTime = at;
    state.openInterval.start = intervalStartOf(at);
    for (const official of state.officials.values()) {
      official.phoneSince = at;
      official.accountedAt = at;
    }
  }
  if (at <= state.switchTime) return;
  state.switchTime = at;
  closeIntervals(state, at);
  if (at >= state.nextDayStart) startDay(state, at);
  if (at >= state.nextSweepAt) {
    closeSilentCalls(state, at, limits);
    state.nextSweepAt = at + SWEEP_EVERY_MS;
  }
}

/**
 * A state restored from a checkpoint, fitted to the reference data of this start: lines and
 * officials added since appear, and known lines take their current county and thresholds.
 */
export function fitReference(state: LiveState, reference: Reference, now: number): void {
  for (const line of reference.lines) {
    const live = state.lines.get(line.id);
    if (!live) {
      state.lines.set(line.id, lineFrom(line));
      continue;
    }
    if (!live.known) state.unknownLines = Math.max(0, state.unknownLines - 1);
    Object.assign(live, {
      county: line.county,
      agency: line.agency,
      serviceLevelSec: line.serviceLevelSec,
      shortAbandonSec: line.shortAbandonSec,
      known: true,
    });
  }
  for (const official of reference.officials) {
    const live = state.officials.get(official.id);
    if (live) {
      if (!live.known) state.unknownOfficials = Math.max(0, state.unknownOfficials - 1);
      live.known = true;
      live.name = official.fa;
    } else {
      state.officials.set(official.id, newOfficial(official.id, official.fa, now));
    }
  }
}

function startDay(state: LiveState, at: number): void {
  state.previousDay = {
    dayStart: state.dayStart,
    intervals: sumIntervals(state.intervals.values()),
  };
  state.intervals.clear();
  state.dayStart = tehranDayStart(at);
  state.nextDayStart = nextTehranDayStart(at);
  for (const line of state.lines.values()) line.counters = emptyCounters();
  for (const official of state.officials.values()) {
    official.answered = 0;
    official.talkSec = 0;
  }
}

function remember(state: LiveState, id: string): void {
  state.recentIds.add(id);
  state.recentIdOrder.push(id);
  if (state.recentIdOrder.length > RECENT_IDS) {
    for (const old of state.recentIdOrder.splice(0, RECENT_IDS / 4)) state.recentIds.delete(old);
  }
}

/** A reason when the event would create one unknown line or official more than the state holds. */
function overflow(state: LiveState, event: SwitchEvent): string | null {
  if ("line" in event && !state.lines.has(event.line) && state.unknownLines >= MAX_UNKNOWN_LINES) {
    return "too-many-unknown-lines";
  }
  if (
    "official" in event &&
    !state.officials.has(event.official) &&
    state.unknownOfficials >= MAX_UNKNOWN_OFFICIALS
  ) {
    return "too-many-unknown-officials";
  }
  return null;
}

function refuse(state: LiveState, reason: string): ApplyResult {
  state.rejected[reason] = (state.rejected[reason] ?? 0) + 1;
  return { ok: false, reason };
}
