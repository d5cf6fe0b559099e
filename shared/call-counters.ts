/** The one set of call counters a line keeps for the day; every sum starts from it. */
import type { LineCounters } from "./live-types.ts";

export function emptyCounters(): LineCounters {
  return {
    offered: 0,
    answered: 0,
    abandoned: 0,
    shortAbandoned: 0,
    timedOut: 0,
    leftUnanswered: 0,
    lost: 0,
    answeredInServiceLevel: 0,
    lostInServiceLevel: 0,
    completed: 0,
    completedInServiceLevel: 0,
    switchCompleted: 0,
    switchCompletedInServiceLevel: 0,
    waitAnsweredSec: 0,
    talkSec: 0,
    longestWaitSec: 0,
    reconstructed: 0,
  };
}
