/**
 * How events change a line's calls: who is waiting, and today's counters and intervals. Part of
 * the live-state reducer (live-state.ts); deterministic and free of I/O like the rest of it.
 */
import type { LineEvent } from "./events.ts";
import { emptyIntervals, intervalIndex } from "./intervals.ts";
import type { LineCounters, LineLive, LiveState } from "./live-state.ts";
import { applyMemberEvent, officialOf, setPhone } from "./live-officials.ts";

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
    state.unknownLines += 1;
  }
  return line;
}

function noteWait(line: LineLive, waitSec: number): void {
  if (waitSec > line.counters.longestWaitSec) line.counters.longestWaitSec = waitSec;
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

export function applyLineEvent(state: LiveState, event: LineEvent): void {
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
