/**
 * How events change a line's calls: each call's life as an explicit state machine (joined →
 * answered → ended, or joined → abandoned / left), today's counters and intervals. An event that
 * does not fit the call's life is refused with a reason, never reordered into wrong figures. Part
 * of the live-state reducer (live-state.ts); deterministic and free of I/O like the rest of it.
 */
import type { EventOf, LineEvent } from "./events.ts";
import { emptyIntervals, intervalIndex } from "./intervals.ts";
import { emptyCounters } from "./call-counters.ts";
import type { CallLive, CallOutcome, LineLive, LiveLimits, LiveState } from "./live-types.ts";
import { officialOf, setPhone } from "./live-officials.ts";
import { accountOfficial, lineInterval, officialInterval, recordCall } from "./live-intervals.ts";

export const DEFAULT_SERVICE_LEVEL_SEC = 20;
export const DEFAULT_SHORT_ABANDON_SEC = 5;
/** Finished calls remembered to refuse late news of them; far above a province's day. */
const FINISHED_CALLS = 50_000;

export type CallEvent = Extract<LineEvent, { call: string }>;

const TERMINAL = new Set<CallEvent["type"]>([
  "call.ended",
  "call.abandoned",
  "call.left",
  "call.gone",
]);

/** Calls are per line: a caller transferred to another line is a new call there. */
export const callKey = (line: string, call: string): string => `${line}\u0000${call}`;

export function lineOf(state: LiveState, id: string): LineLive {
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
    state.unknownLines += 1;
  }
  return line;
}

/** Why a call event does not fit the call's life so far; null when it does. */
export function callEventProblem(state: LiveState, event: CallEvent): string | null {
  const key = callKey(event.line, event.call);
  const call = state.calls.get(key);
  if (!call) {
    if (state.finishedCalls.has(key)) return "call-already-finished";
    if (event.type === "call.joined") return null;
    // News of a call's end before its start: remember the call as finished, so that a join
    // arriving after it cannot leave a phantom caller waiting.
    if (TERMINAL.has(event.type)) finish(state, key);
    return "call-never-joined";
  }
  switch (event.type) {
    case "call.joined":
      return "call-already-joined";
    case "call.ended":
      if (call.status === "answered") return null;
      // It ended, so it is not waiting any more; how, the switch's story does not tell.
      closeAsLost(state, key, call, event.at);
      return "call-not-answered";
    case "call.gone":
      return null;
    default:
      return call.status === "waiting" ? null : "call-already-answered";
  }
}

/** Applies a call event that `callEventProblem` found fitting. */
export function applyCallEvent(state: LiveState, event: CallEvent, limits: LiveLimits): void {
  const line = lineOf(state, event.line);
  const key = callKey(event.line, event.call);
  const call = state.calls.get(key);
  if (event.type === "call.joined") {
    state.calls.set(key, {
      line: line.id,
      joinedAt: event.at,
      status: "waiting",
      official: null,
      answeredAt: null,
      newsAt: event.at,
      caller: event.caller ?? null,
    });
    line.waiting.set(event.call, event.at);
    line.counters.offered += 1;
    bucketOf(state, line, event.at).offered += 1;
    lineInterval(state, line.id).offered += 1;
    return;
  }
  if (!call) return;
  call.newsAt = Math.max(call.newsAt, event.at);
  switch (event.type) {
    case "call.offered":
      setPhone(officialOf(state, event.official, event.at), "ringing", event.at, line.id);
      return;
    case "call.offer-missed": {
      const official = officialOf(state, event.official, event.at);
      if (official.phone === "ringing") setPhone(official, "available", event.at, null);
      return;
    }
    case "call.answered":
      return answer(state, line, call, event, limits);
    case "call.ended":
      return end(state, line, call, key, event, limits);
    case "call.abandoned":
    case "call.left":
      return loseWhileWaiting(state, line, key, call, event, limits);
    case "call.gone":
      line.waiting.delete(event.call);
      finish(state, key);
      record(state, call, event.call, "gone", event.at, 0, 0);
      return;
  }
}

function record(
  state: LiveState,
  call: CallLive,
  id: string,
  outcome: CallOutcome,
  endedAt: number,
  waitSec: number,
  talkSec: number,
): void {
  recordCall(state, {
    line: call.line,
    call: id,
    caller: call.caller,
    official: call.official,
    joinedAt: call.joinedAt,
    answeredAt: call.answeredAt,
    endedAt,
    waitSec,
    talkSec,
    outcome,
  });
}

function answer(
  state: LiveState,
  line: LineLive,
  call: CallLive,
  event: EventOf<"call.answered">,
  limits: LiveLimits,
): void {
  const waitSec = bounded(state, event.waitSec, call.joinedAt, event.at, limits);
  const c = line.counters;
  line.waiting.delete(event.call);
  call.status = "answered";
  call.official = event.official;
  call.answeredAt = event.at;
  c.answered += 1;
  c.waitAnsweredSec += waitSec;
  if (waitSec <= line.serviceLevelSec) c.answeredInServiceLevel += 1;
  noteWait(line, waitSec);
  bucketOf(state, line, event.at).answered += 1;
  const interval = lineInterval(state, line.id);
  interval.answered += 1;
  interval.waitAnsweredSec += waitSec;
  if (waitSec <= line.serviceLevelSec) interval.answeredInServiceLevel += 1;
  interval.longestWaitSec = Math.max(interval.longestWaitSec, waitSec);
  officialInterval(state, event.official).answered += 1;
  const official = officialOf(state, event.official, event.at);
  official.answered += 1;
  setPhone(official, "on-call", event.at, line.id);
}

function end(
  state: LiveState,
  line: LineLive,
  call: CallLive,
  key: string,
  event: EventOf<"call.ended">,
  limits: LiveLimits,
): void {
  const answeredAt = call.answeredAt ?? event.at;
  const waitSec = bounded(state, event.waitSec, call.joinedAt, answeredAt, limits);
  const talkSec = bounded(state, event.talkSec, answeredAt, event.at, limits);
  const c = line.counters;
  c.completed += 1;
  c.talkSec += talkSec;
  if (waitSec <= line.serviceLevelSec) c.completedInServiceLevel += 1;
  if (event.switchCounted !== false) {
    c.switchCompleted += 1;
    if (waitSec <= line.serviceLevelSec) c.switchCompletedInServiceLevel += 1;
  }
  finish(state, key);
  const interval = lineInterval(state, line.id);
  interval.completed += 1;
  interval.talkSec += talkSec;
  if (waitSec <= line.serviceLevelSec) interval.completedInServiceLevel += 1;
  if (event.switchCounted !== false) {
    interval.switchCompleted += 1;
    if (waitSec <= line.serviceLevelSec) interval.switchCompletedInServiceLevel += 1;
  }
  officialInterval(state, event.official).talkSec += talkSec;
  record(state, call, event.call, "answered", event.at, waitSec, talkSec);
  const official = officialOf(state, event.official, event.at);
  official.talkSec += talkSec;
  if (official.phone === "on-call") setPhone(official, "available", event.at, null);
}

function loseWhileWaiting(
  state: LiveState,
  line: LineLive,
  key: string,
  call: CallLive,
  event: EventOf<"call.abandoned"> | EventOf<"call.left">,
  limits: LiveLimits,
): void {
  const waitSec = bounded(state, event.waitSec, call.joinedAt, event.at, limits);
  const c = line.counters;
  const bucket = bucketOf(state, line, event.at);
  const interval = lineInterval(state, line.id);
  line.waiting.delete(event.call);
  finish(state, key);
  noteWait(line, waitSec);
  interval.longestWaitSec = Math.max(interval.longestWaitSec, waitSec);
  if (event.type === "call.abandoned") {
    record(state, call, event.call, "abandoned", event.at, waitSec, 0);
    c.abandoned += 1;
    bucket.abandoned += 1;
    interval.abandoned += 1;
    if (waitSec < line.shortAbandonSec) {
      c.shortAbandoned += 1;
      bucket.shortAbandoned += 1;
      interval.shortAbandoned += 1;
    }
    if (waitSec <= line.serviceLevelSec) {
      c.lostInServiceLevel += 1;
      interval.lostInServiceLevel += 1;
    }
    return;
  }
  record(
    state,
    call,
    event.call,
    event.reason === "timeout" ? "timeout" : "left",
    event.at,
    waitSec,
    0,
  );
  if (event.reason === "timeout") {
    c.timedOut += 1;
    bucket.timedOut += 1;
    interval.timedOut += 1;
    // SL2 counts abandons and timeouts only, as its denominator does.
    if (waitSec <= line.serviceLevelSec) {
      c.lostInServiceLevel += 1;
      interval.lostInServiceLevel += 1;
    }
  } else {
    c.leftUnanswered += 1;
    bucket.leftUnanswered += 1;
    interval.leftUnanswered += 1;
  }
}

/**
 * Closes the calls that have had no news for longer than a line could hold them: they count as
 * lost, never as waiting until midnight. Also used when the switch restarts (`all`).
 */
export function closeSilentCalls(state: LiveState, now: number, limits: LiveLimits, all = false) {
  for (const [key, call] of state.calls) {
    const limit = call.status === "waiting" ? limits.maxWaitMs : limits.maxTalkMs;
    if (all || now - call.newsAt > limit) closeAsLost(state, key, call, now);
  }
}

function closeAsLost(state: LiveState, key: string, call: CallLive, at: number): void {
  const line = lineOf(state, call.line);
  const id = key.slice(call.line.length + 1);
  line.waiting.delete(id);
  line.counters.lost += 1;
  lineInterval(state, line.id).lost += 1;
  state.lostCalls += 1;
  finish(state, key);
  record(state, call, id, "lost", at, 0, 0);
  const official = call.official === null ? undefined : state.officials.get(call.official);
  if (official && official.phone === "on-call" && official.callLine === call.line) {
    accountOfficial(state, official, at);
    setPhone(official, "available", at, null);
  }
}

function finish(state: LiveState, key: string): void {
  state.calls.delete(key);
  state.finishedCalls.add(key);
  state.finishedOrder.push(key);
  if (state.finishedOrder.length > FINISHED_CALLS) {
    for (const old of state.finishedOrder.splice(0, FINISHED_CALLS / 4)) {
      state.finishedCalls.delete(old);
    }
  }
}

/**
 * A wait or talk time as the switch reported it, unless it disagrees with the call's own times
 * by more than the tolerance: then the call's own times, and the correction is counted.
 */
function bounded(
  state: LiveState,
  reportedSec: number,
  from: number,
  to: number,
  limits: LiveLimits,
): number {
  const knownSec = Math.max(0, (to - from) / 1000);
  if (Math.abs(reportedSec - knownSec) <= limits.durationToleranceSec) return reportedSec;
  state.correctedDurations += 1;
  return Math.round(knownSec);
}

function noteWait(line: LineLive, waitSec: number): void {
  if (waitSec > line.counters.longestWaitSec) line.counters.longestWaitSec = waitSec;
}

/** The county's 15-minute interval an event falls in. */
function bucketOf(state: LiveState, line: LineLive, at: number) {
  const key = line.county ?? "";
  let intervals = state.intervals.get(key);
  if (!intervals) {
    intervals = emptyIntervals();
    state.intervals.set(key, intervals);
  }
  // An event late for an interval already closed counts in the open one: closed ones never change.
  const index = intervalIndex(state.dayStart, Math.max(at, state.openInterval.start));
  // intervalIndex clamps, and the clock refuses events outside the day: never undefined.
  return intervals[index] ?? intervals[0]!;
}
